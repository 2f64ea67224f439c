//! `/api/v1/update/{token}`: a facility's private update link (a capability URL, no account
//! needed) reads its own record and proposes changes, including this week's acceptance status.

use super::body::Body;
use super::responses::LinkErrors;
use crate::error::{ApiError, ErrorBody, ErrorCode, LISTING_BODY};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use indexer::editorial::NewRequest;
use indexer::editorial::requests::check_contact;
use model::change::ChangeRequest;
use model::facility::{FacilityView, Visibility};
use serde::{Deserialize, Serialize};

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
    #[schema(pattern = "\\S")]
    pub submitter: String,
    /// How to reach them (phone or e-mail).
    #[schema(pattern = "\\S")]
    pub contact: String,
    /// Note to the reviewer.
    #[serde(default)]
    pub note: Option<String>,
}

/// The listing an update link opens, or the answer that the link does not work.
pub(crate) async fn linked(
    state: &AppState,
    token: &str,
) -> Result<indexer::editorial::LinkedListing, ApiError> {
    state.editorial().linked(token).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::LinkNotFound,
            "this update link is unknown or has been revoked".into(),
        )
    })
}

/// The facility's own listing, read through its update link.
#[utoipa::path(
    tag = "change requests",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, description = "The listing and its pending requests", body = LinkedListing), LinkErrors)
)]
#[get("/update/{token}")]
pub async fn read_linked(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let l = linked(&state, &token).await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(LinkedListing {
            facility: l.facility.view_for(Visibility::Professional),
            pending: l.pending,
        }))
}

/// Proposes changes through the update link; they wait for review.
#[utoipa::path(
    tag = "change requests",
    request_body = Proposal,
    params(("token" = String, Path, description = "The link's token")),
    responses(
        (status = 201, description = "Queued for review, with the diff", body = ChangeRequest),
        (status = 400, description = ErrorCode::doc(LISTING_BODY, "invalid_field also for a field that is unknown or not proposable, or when nothing changed"), body = ErrorBody),
        LinkErrors,
    )
)]
#[post("/update/{token}")]
pub async fn propose(
    state: web::Data<AppState>,
    token: web::Path<String>,
    Body(p): Body<Proposal>,
) -> Result<HttpResponse, ApiError> {
    check_contact(&p.submitter, &p.contact)?;
    let f = linked(&state, &token).await?.facility;
    let changes = model::change::proposal(&f, &p.fields)?;
    let request = state
        .editorial()
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
