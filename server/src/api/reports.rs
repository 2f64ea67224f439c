//! `/api/v1/reports/staleness`: listings due for re-confirmation under each municipality's
//! policy.

use super::responses::StaffQueryErrors;
use crate::auth::Staff;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;

/// Query of the staleness report.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct StalenessQuery {
    /// Only this municipality (code).
    #[serde(default)]
    pub municipality: Option<String>,
    /// Confirmation due after this many months, 1..=120 (default: each municipality's
    /// policy, else 12).
    #[serde(default)]
    #[param(minimum = 1, maximum = 120)]
    pub verify_within_months: Option<u32>,
    /// Acceptance status unknown after this many days, 1..=365 (default 14).
    #[serde(default)]
    #[param(minimum = 1, maximum = 365)]
    pub availability_days: Option<u32>,
}

/// The staleness report: listings the account may edit that are due for re-confirmation, or
/// whose acceptance status is too old (shown publicly as 「不明」).
#[utoipa::path(
    tag = "editing",
    params(StalenessQuery),
    responses(
        (status = 200, description = "Stale listings by id", body = Vec<model::freshness::StaleListing>),
        StaffQueryErrors,
    )
)]
#[get("/reports/staleness")]
pub async fn staleness(
    state: web::Data<AppState>,
    s: Staff,
    q: web::Query<StalenessQuery>,
) -> Result<HttpResponse, ApiError> {
    let v = &s.0.viewer;
    for (name, value, max) in [
        ("verify_within_months", q.verify_within_months, 120),
        ("availability_days", q.availability_days, 365),
    ] {
        if value.is_some_and(|n| !(1..=max).contains(&n)) {
            return Err(ApiError::new(
                ErrorCode::InvalidParameter,
                format!("{name} is 1 to {max}"),
            ));
        }
    }
    let defaults = model::freshness::FreshnessPolicy::default();
    // The query's figures override the municipalities' own policies.
    let policy = (q.verify_within_months.is_some() || q.availability_days.is_some()).then(|| {
        model::freshness::FreshnessPolicy {
            verify_within_months: q
                .verify_within_months
                .unwrap_or(defaults.verify_within_months),
            availability_days: q.availability_days.unwrap_or(defaults.availability_days),
        }
    });
    let today = model::clock::today();
    let report = state
        .editorial()
        .staleness_report(v, policy.as_ref(), today, q.municipality.as_deref())
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(report))
}
