//! `/api/v1/availability-round`: the weekly round of acceptance statuses (受け入れ状況) —
//! the listings to call, and recording what they said in one post.

use super::body::Body;
use super::params::Csrf;
use super::responses::{ListingAnswerErrors, StaffReadErrors};
use crate::auth::Editor;
use crate::auth::Staff;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use model::freshness::{RoundEntry, RoundLine};
use serde::Serialize;

/// What the round saved.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RoundResult {
    /// Listings whose status was recorded (dated today).
    pub saved: Vec<String>,
}

/// The weekly availability round: the visiting-nurse stations and short stays the account may
/// edit, with their status on record, those due first.
#[utoipa::path(
    tag = "editing",
    responses((status = 200, description = "The round's listings", body = Vec<RoundLine>), StaffReadErrors)
)]
#[get("/availability-round")]
pub async fn round(state: web::Data<AppState>, s: Staff) -> Result<HttpResponse, ApiError> {
    let v = &s.0.viewer;
    let lines = state
        .editorial()
        .availability_round(
            v,
            &model::freshness::FreshnessPolicy::default(),
            model::clock::today(),
        )
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(lines))
}

/// Records this week's statuses (dated today), each listing a save with its change log. The
/// entries are checked first: an unknown id or a listing outside the account's scope rejects
/// the whole round before anything is saved.
#[utoipa::path(
    tag = "editing",
    request_body = Vec<RoundEntry>,
    params(Csrf),
    responses((status = 200, description = "Saved", body = RoundResult), ListingAnswerErrors)
)]
#[post("/availability-round")]
pub async fn record_round(
    state: web::Data<AppState>,
    w: Editor,
    Body(entries): Body<Vec<RoundEntry>>,
) -> Result<HttpResponse, ApiError> {
    let saved = state
        .editorial()
        .record_round(&w.0.viewer, entries, model::clock::today())
        .await?;
    Ok(HttpResponse::Ok().json(RoundResult { saved }))
}
