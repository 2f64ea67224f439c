//! `/api/v1/coverage`: the directory's listings per 日常生活圏域 or municipality against the
//! people who live there (aggregates only; see [`model::coverage`]). Filters are the search's,
//! read by the same reader ([`model::params::CoverageParams`] hands them to
//! [`model::params::SearchParams`]); the rows come from [`indexer::engine::Engine::coverage`].

use crate::error::{ApiError, ErrorBody, ErrorCode, SEARCH_PARAMETERS};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use model::coverage::Coverage;
use model::params::{CoverageFormat, CoverageParams};

/// Coverage per area: listings matching the filters, by category, service type, official
/// designation and self-reported activity, per 10,000 people aged 65+ and 75+, and (with
/// `within_m`) the share of the 75+ living within that distance of at least one of them. Areas
/// without any matching listing come first.
#[utoipa::path(
    tag = "planning",
    params(
        ("level" = Option<String>, Query, pattern = "^(area|municipality)?$", description = "Rows per 日常生活圏域 (area, default) or per municipality."),
        ("municipality" = Option<String>, Query, description = "Only the areas of this municipality (6-digit code)."),
        ("prefecture" = Option<String>, Query, pattern = "^(0[1-9]|[1-3][0-9]|4[0-7])?$", description = "Only the areas of this prefecture (2-digit code, 01..47)."),
        ("within_m" = Option<u32>, Query, minimum = 1, maximum = 50000, description = "Distance in metres for the share of people aged 75+ living within it of a matching listing (from the census' small areas)."),
        ("q" = Option<String>, Query, description = "Japanese full text, as in /api/v1/search."),
        ("category" = Option<Vec<String>>, Query, description = "Category codes; any of."),
        ("service" = Option<Vec<String>>, Query, description = "Service type codes; any of."),
        ("capability" = Option<Vec<String>>, Query, description = "Capability codes; all of."),
        ("scene" = Option<Vec<String>>, Query, description = "Scene codes (daily_care, admission_discharge, emergency, end_of_life); any of."),
        ("accepting" = Option<bool>, Query, description = "true: accepting new users; false: not accepting."),
        ("status" = Option<Vec<String>>, Query, description = "Lifecycle statuses; default active."),
        ("format" = Option<String>, Query, pattern = "^(json|csv)?$", description = "json (default) or csv (one row per area, UTF-8 with BOM, with the population's credit line)."),
        ("lang" = Option<String>, Query, pattern = "^(ja|en)?$", description = "ja or en, as on the /planning page; the answer is the same in both (area names are data, in Japanese)."),
    ),
    responses(
        (status = 200, description = "One row per area", content(
            (Coverage = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = ErrorCode::doc(SEARCH_PARAMETERS, ""), body = ErrorBody),
    )
)]
#[get("/coverage")]
pub async fn coverage(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let p = CoverageParams::parse(req.query_string(), model::clock::now())?;
    let c = state
        .engine
        .coverage(&p.query, p.level, p.prefecture.as_deref(), p.within_m)
        .await?;
    Ok(match p.format {
        CoverageFormat::Json => HttpResponse::Ok().json(c),
        CoverageFormat::Csv => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                actix_web::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"caremap-coverage.csv\"",
            ))
            .body(indexer::export::coverage_csv(&c)),
    })
}
