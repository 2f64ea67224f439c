//! Change requests from facilities: each listing's private update link (a capability URL,
//! no account needed) lets the facility read its own record and propose changes, including
//! this week's acceptance status; editors review the queue with a diff and approve (live at
//! once) or reject with a note.

use crate::auth::{MaybeSession, Writer, new_token, token_hash};
use crate::edit::{SaveAnswer, answer};
use crate::error::{ApiError, ErrorBody, json_body, json_body_or_default};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use indexer::store::requests::NewRequest;
use model::change::{ChangeRequest, RequestStatus};
use model::facility::{FacilityView, Visibility};
use serde::{Deserialize, Serialize};

/// A newly issued update link.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IssuedLink {
    /// The link's secret token (shown once; the store keeps only its hash).
    pub token: String,
    /// The page the facility opens.
    pub url: String,
}

/// What the facility sees through its link.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LinkedListing {
    /// Its listing as stored, professional fields included (it is the facility's own record).
    pub facility: FacilityView,
    /// Its requests still waiting for review.
    pub pending: Vec<ChangeRequest>,
}

/// A facility's proposal.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Proposal {
    /// Top-level fields to set (`null` empties one), e.g.
    /// `{"availability": {"accepting": "no", "as_of": "2026-12-01"}}`.
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// Who is sending (name).
    pub submitter: String,
    /// How to reach them (phone or e-mail).
    pub contact: String,
    /// Note to the reviewer.
    #[serde(default)]
    pub note: Option<String>,
}

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

async fn linked_facility(state: &AppState, token: &str) -> Result<model::Facility, ApiError> {
    let id = state
        .engine
        .store()
        .facility_of_link(&token_hash(token))
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(
                "link_not_found",
                "this update link is unknown or has been revoked".into(),
            )
        })?;
    Ok(state.engine.get(&id).await?)
}

/// Issues the listing's private update link (revoking any earlier one).
#[utoipa::path(
    tag = "change requests",
    params(("id" = String, Path, description = "Facility id"), ("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 201, description = "The new link (shown once)", body = IssuedLink),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected or forbidden", body = ErrorBody),
        (status = 404, description = "facility_not_found", body = ErrorBody),
    )
)]
#[post("/facilities/{id}/update-link")]
pub async fn issue_link(
    state: web::Data<AppState>,
    w: Writer,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = new_token();
    state
        .engine
        .issue_update_link(&w.0.viewer, &id, &token_hash(&token))
        .await?;
    let info = req.connection_info();
    let url = format!("{}://{}/update/{token}", info.scheme(), info.host());
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(IssuedLink { token, url }))
}

/// Revokes the listing's update link.
#[utoipa::path(
    tag = "change requests",
    params(("id" = String, Path, description = "Facility id"), ("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected or forbidden", body = ErrorBody),
        (status = 404, description = "facility_not_found or link_not_found", body = ErrorBody),
    )
)]
#[delete("/facilities/{id}/update-link")]
pub async fn revoke_link(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if !state.engine.revoke_update_link(&w.0.viewer, &id).await? {
        return Err(ApiError::NotFound(
            "link_not_found",
            format!("facility {} has no update link", id.as_str()),
        ));
    }
    Ok(HttpResponse::NoContent().finish())
}

/// The facility's own listing, read through its update link.
#[utoipa::path(
    tag = "change requests",
    params(("token" = String, Path, description = "The link's token")),
    responses(
        (status = 200, description = "The listing and its pending requests", body = LinkedListing),
        (status = 404, description = "link_not_found", body = ErrorBody),
    )
)]
#[get("/update/{token}")]
pub async fn read_linked(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let f = linked_facility(&state, &token).await?;
    let pending = state
        .engine
        .store()
        .change_requests(Some(RequestStatus::Pending), Some(f.id.as_str()))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(LinkedListing {
            facility: f.view_for(Visibility::Professional),
            pending,
        }))
}

/// Proposes changes through the update link; they wait for review.
#[utoipa::path(
    tag = "change requests",
    request_body = Proposal,
    params(("token" = String, Path, description = "The link's token")),
    responses(
        (status = 201, description = "Queued for review, with the diff", body = ChangeRequest),
        (status = 400, description = "invalid_json, invalid_field (unknown, not proposable, or nothing changed) or a validation code", body = ErrorBody),
        (status = 404, description = "link_not_found", body = ErrorBody),
    )
)]
#[post("/update/{token}")]
pub async fn propose(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let p: Proposal = json_body(&body)?;
    for (name, value) in [("submitter", &p.submitter), ("contact", &p.contact)] {
        if value.trim().is_empty() {
            return Err(model::ValidationError::InvalidField {
                field: name.into(),
                reason: "required, so the reviewer can call back".into(),
            }
            .into());
        }
    }
    let f = linked_facility(&state, &token).await?;
    let changes = model::change::proposal(&f, &p.fields)?;
    let request = state
        .engine
        .propose(NewRequest {
            facility_id: f.id.0.clone(),
            changes,
            submitter: p.submitter.trim().to_string(),
            contact: p.contact.trim().to_string(),
            note: p.note.filter(|n| !n.trim().is_empty()),
        })
        .await?;
    tracing::info!(facility = %f.id.as_str(), request = request.id, "change request received");
    Ok(HttpResponse::Created().json(request))
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
    responses(
        (status = 200, description = "Requests with their diffs", body = Vec<ChangeRequest>),
        (status = 400, description = "invalid_parameter", body = ErrorBody),
        (status = 401, description = "not_signed_in", body = ErrorBody),
    )
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
        .json(state.engine.change_requests_for(v, status).await?))
}

/// Approves a request: its changes go live at once.
#[utoipa::path(
    tag = "change requests",
    request_body = Review,
    params(("id" = i64, Path, description = "Request id"), ("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 200, description = "Approved and live", body = Approval),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected or forbidden", body = ErrorBody),
        (status = 404, description = "request_not_found", body = ErrorBody),
        (status = 409, description = "conflict: already reviewed", body = ErrorBody),
    )
)]
#[post("/change-requests/{id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let r: Review = json_body_or_default(&body)?;
    let (saved, request) = state
        .engine
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
    params(("id" = i64, Path, description = "Request id"), ("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 200, description = "Rejected", body = ChangeRequest),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected or forbidden", body = ErrorBody),
        (status = 404, description = "request_not_found", body = ErrorBody),
        (status = 409, description = "conflict: already reviewed", body = ErrorBody),
    )
)]
#[post("/change-requests/{id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let r: Review = json_body_or_default(&body)?;
    Ok(HttpResponse::Ok().json(
        state
            .engine
            .reject_request(&w.0.viewer, *id, r.note)
            .await?,
    ))
}
