//! `/api/v1/freshness-policies…`: each municipality's re-confirmation interval.

use super::body::Body;
use super::params::Csrf;
use super::responses::{SettingErrors, SignedInErrors};
use crate::auth::{MaybeSession, Writer};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpResponse, get, put, web};
use model::freshness::PolicyTable;
use serde::Deserialize;

/// Body of `PUT /freshness-policies/{municipality}`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct PolicyRequest {
    /// Listings must be confirmed again within this many months (1–60).
    pub verify_within_months: u32,
}

/// The policies in force.
#[utoipa::path(
    tag = "editing",
    responses(
        (status = 200, description = "The default and municipalities' own intervals", body = PolicyTable),
        SignedInErrors,
    )
)]
#[get("/freshness-policies")]
pub async fn policies(
    state: web::Data<AppState>,
    s: MaybeSession,
) -> Result<HttpResponse, ApiError> {
    s.require()?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(state.editorial().policy_table().await?))
}

/// Sets a municipality's confirmation interval (administrators, or editors of that
/// municipality); the staleness report and the campaign follow it.
#[utoipa::path(
    tag = "editing",
    request_body = PolicyRequest,
    params(("municipality" = String, Path, description = "Municipality code"), Csrf),
    responses((status = 204, description = "Set"), SettingErrors)
)]
#[put("/freshness-policies/{municipality}")]
pub async fn set_policy(
    state: web::Data<AppState>,
    w: Writer,
    municipality: web::Path<String>,
    Body(p): Body<PolicyRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .editorial()
        .set_policy(&w.0.viewer, &municipality, p.verify_within_months)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
