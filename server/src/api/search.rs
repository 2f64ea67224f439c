//! `/api/v1/search` (GET with query parameters, POST with a JSON body): every search goes
//! through [`indexer::engine::Engine::search_json_as`]; query strings are read by
//! [`model::params::SearchParams`], the same reader the site uses.

use super::body::Body;
use super::private_if_signed_in;
use super::responses::SearchBodyErrors;
use crate::auth::MaybeSession;
use crate::error::{ApiError, ErrorBody, ErrorCode, SEARCH_PARAMETERS};
use crate::geojson::hits_feature_collection;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use indexer::engine::Engine;
use model::account::clearance_of;
use model::facility::Visibility;
use model::params::{Format, SearchParams};
use model::{SearchQuery, SearchResponse};

/// Runs a search for a viewer with `clearance` and writes it in `format`.
pub(crate) fn search_answer(
    engine: &Engine,
    query: &SearchQuery,
    format: Format,
    clearance: Visibility,
) -> Result<HttpResponse, ApiError> {
    let mut res = HttpResponse::Ok();
    private_if_signed_in(&mut res, clearance);
    Ok(match format {
        // The engine writes the JSON itself (hits encoded once at load time).
        Format::Json => res
            .content_type("application/json")
            .body(engine.search_json_as(query, clearance)?),
        Format::Geojson => res
            .content_type("application/geo+json")
            .body(hits_feature_collection(&engine.search_as(query, clearance)?).to_string()),
    })
}

/// Searches the directory. All filters combine with AND; repeatable parameters (and
/// comma-separated values) combine with OR, except `capability` (all of them). Facet counts are
/// disjunctive: a dimension's counts ignore its own filter.
#[utoipa::path(
    tag = "search",
    params(
        ("q" = Option<String>, Query, description = "Japanese full text: names, kana, aliases, service types, description, address. NFKC, case and katakana/hiragana insensitive; substring match."),
        ("category" = Option<Vec<String>>, Query, description = "Category codes (see /api/v1/taxonomy); repeatable or comma-separated, any of."),
        ("service" = Option<Vec<String>>, Query, description = "Service type codes; repeatable or comma-separated, any of."),
        ("capability" = Option<Vec<String>>, Query, description = "Capability codes (e.g. home_visit_medical, end_of_life_care); repeatable, all of."),
        ("scene" = Option<Vec<String>>, Query, description = "The four scenes (4つの場面): daily_care, admission_discharge, emergency, end_of_life; repeatable or comma-separated, any of. A listing serves a scene when it is of one of the kinds the scene lists (/api/v1/taxonomy)."),
        ("area" = Option<Vec<String>>, Query, description = "Area ids (日常生活圏域, see /api/v1/areas); repeatable, any of."),
        ("municipality" = Option<String>, Query, description = "Municipality code (6 digits, 全国地方公共団体コード)."),
        ("lat" = Option<f64>, Query, minimum = -90, maximum = 90, description = "Latitude of a point (WGS84, -90..90); with lng."),
        ("lng" = Option<f64>, Query, minimum = -180, maximum = 180, description = "Longitude of a point (WGS84, -180..180); with lat."),
        ("radius_m" = Option<f64>, Query, exclusive_minimum = 0, maximum = 200000, description = "Great-circle radius around lat/lng in metres (0 < r <= 200000); without it the point only orders and measures distance."),
        ("bbox" = Option<String>, Query, description = "Viewport minLng,minLat,maxLng,maxLat."),
        ("serves" = Option<String>, Query, description = "lat,lng: facilities whose service area (home visits) covers this point."),
        ("open_at" = Option<String>, Query, description = "Open at this instant per opening hours (RFC 3339, Japan-time YYYY-MM-DDTHH:MM, or now); hits carry open_now."),
        ("contact_window_at" = Option<String>, Query, description = "A ケアマネタイム (care-manager contact window) is open at this instant (same formats as open_at)."),
        ("accepting" = Option<bool>, Query, description = "true: accepting new users (yes or limited); false: not accepting. A status reported more than 14 days ago is unknown (「不明」) and matches neither."),
        ("status" = Option<Vec<String>>, Query, description = "Lifecycle statuses planned, active, suspended, closed; default active."),
        ("sort" = Option<String>, Query, pattern = "^(relevance|distance|name|id)?$", description = "relevance (default: text score, else distance, else name), distance (needs lat/lng), name (kana order), id."),
        ("page" = Option<u32>, Query, minimum = 1, description = "Page, from 1; page x per_page may not pass 10,000 + per_page."),
        ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200, description = "Page size, 1..200, default 20."),
        ("format" = Option<String>, Query, pattern = "^(json|geojson)?$", description = "json (default) or geojson (a FeatureCollection of the hits, application/geo+json)."),
        ("lang" = Option<String>, Query, pattern = "^(ja|en)?$", description = "ja or en: the language of the site page with the same query; the answer carries codes, not labels, so it is the same in both (labels by language: /api/v1/taxonomy?lang=en)."),
    ),
    responses(
        (status = 200, description = "Matching facilities, facet counts and the total", content(
            (SearchResponse = "application/json"),
            (serde_json::Value = "application/geo+json"),
        )),
        (status = 400, description = ErrorCode::doc(SEARCH_PARAMETERS, ""), body = ErrorBody),
    )
)]
#[get("/search")]
pub async fn search(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: MaybeSession,
) -> Result<HttpResponse, ApiError> {
    let params = SearchParams::parse(req.query_string(), model::clock::now())?;
    let clearance = clearance_of(session.viewer());
    search_answer(&state.engine, &params.query, params.format, clearance)
}

/// The same search with a JSON body (the engine's query type), for clients that build queries
/// as objects.
#[utoipa::path(
    tag = "search",
    request_body = SearchQuery,
    responses(
        (status = 200, description = "Matching facilities, facet counts and the total", body = SearchResponse),
        SearchBodyErrors,
    )
)]
#[post("/search")]
pub async fn search_json(
    state: web::Data<AppState>,
    Body(query): Body<SearchQuery>,
    session: MaybeSession,
) -> Result<HttpResponse, ApiError> {
    let clearance = clearance_of(session.viewer());
    search_answer(&state.engine, &query, Format::Json, clearance)
}
