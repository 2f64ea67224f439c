//! `/api/v1/change-requests…`: the queue of what facilities proposed, with a diff; approved
//! (live at once) or rejected with a note.

use super::body::BodyOrDefault;
use super::facilities::{SaveAnswer, answer};
use super::params::Csrf;
use super::responses::{RequestDecisionErrors, SignedInQueryErrors};
use crate::auth::{MaybeSession, Writer};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use model::change::{ChangeRequest, RequestStatus};
use serde::{Deserialize, Serialize};

/// A reviewer's decision.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct Review {
    /// Note (the reason, when rejecting).
    #[serde(default)]
    pub note: Option<String>,
}

/// An approval: the save and the closed request.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Approval {
    /// The save that made the request live.
    pub saved: SaveAnswer,
    /// The request, now approved.
    pub request: ChangeRequest,
}

/// Query of the review queue.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct QueueQuery {
    /// pending (default), approved, rejected or all.
    #[serde(default)]
    pub status: Option<String>,
}

/// The review queue: change requests on listings the account may edit, newest first.
#[utoipa::path(
    tag = "change requests",
    params(QueueQuery),
    responses((status = 200, description = "Requests with their diffs", body = Vec<ChangeRequest>), SignedInQueryErrors)
)]
#[get("/change-requests")]
pub async fn queue(
    state: web::Data<AppState>,
    s: MaybeSession,
    q: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    let v = s.require()?;
    let status = match q.status.as_deref().unwrap_or("pending") {
        "all" => None,
        code => Some(RequestStatus::from_code(code).ok_or_else(|| {
            model::ValidationError::InvalidParameter {
                param: "status",
                message: format!("{code:?}: use pending, approved, rejected or all"),
            }
        })?),
    };
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(state.editorial().change_requests_for(v, status).await?))
}

/// Approves a request: its changes go live at once.
#[utoipa::path(
    tag = "change requests",
    request_body = Review,
    params(("id" = i64, Path, description = "Request id"), Csrf),
    responses((status = 200, description = "Approved and live", body = Approval), RequestDecisionErrors)
)]
#[post("/change-requests/{id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<i64>,
    BodyOrDefault(r): BodyOrDefault<Review>,
) -> Result<HttpResponse, ApiError> {
    let (saved, request) = state
        .editorial()
        .approve_request(&w.0.viewer, *id, r.note)
        .await?;
    Ok(HttpResponse::Ok().json(Approval {
        saved: answer(saved),
        request,
    }))
}

/// Rejects a request with a note.
#[utoipa::path(
    tag = "change requests",
    request_body = Review,
    params(("id" = i64, Path, description = "Request id"), Csrf),
    responses((status = 200, description = "Rejected", body = ChangeRequest), RequestDecisionErrors)
)]
#[post("/change-requests/{id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<i64>,
    BodyOrDefault(r): BodyOrDefault<Review>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(
        state
            .editorial()
            .reject_request(&w.0.viewer, *id, r.note)
            .await?,
    ))
}
