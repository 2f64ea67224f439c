//! `/api/v1/reviews…`: the review queue imports fill — positions that disagreed with their
//! address, listings put in the nearest 日常生活圏域, possible duplicates, listings gone from a
//! registry.

use super::body::Body;
use super::params::Csrf;
use super::responses::{ReviewResolveErrors, StaffQueryErrors};
use crate::auth::Editor;
use crate::auth::Staff;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use indexer::editorial::Resolution;
use model::review::ReviewItem;
use serde::Deserialize;

/// Query of the review queue.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct ReviewQuery {
    /// Only this kind: position, area_gap, duplicate, disappeared.
    pub kind: Option<String>,
    /// `open` (default) or `all`.
    pub status: Option<String>,
    /// Page, from 1 (100 items a page).
    pub page: Option<usize>,
}

/// Items of the queue about listings the account may edit, oldest first.
#[utoipa::path(
    tag = "editing",
    params(ReviewQuery),
    responses((status = 200, description = "Review items", body = Vec<ReviewItem>), StaffQueryErrors)
)]
#[get("/reviews")]
pub async fn list(
    state: web::Data<AppState>,
    s: Staff,
    q: web::Query<ReviewQuery>,
) -> Result<HttpResponse, ApiError> {
    let v = &s.0.viewer;
    if let Some(k) = &q.kind
        && !model::review::KINDS.contains(&k.as_str())
    {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!(
                "kind {k:?} is not one of {}",
                model::review::KINDS.join(", ")
            ),
        ));
    }
    let open = match q.status.as_deref() {
        None | Some("open") => true,
        Some("all") => false,
        Some(other) => {
            return Err(ApiError::new(
                ErrorCode::InvalidParameter,
                format!("status {other:?} is open or all"),
            ));
        }
    };
    let page = q.page.unwrap_or(1).max(1);
    let items = state
        .editorial()
        .review_items(v, open, q.kind.as_deref(), (page - 1) * 100, 100)
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "private, no-store"))
        .json(items))
}

/// Body of an answer to a review item.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ResolveRequest {
    /// `confirm` (the listing is right; for a possible duplicate: two different facilities),
    /// `merge` (a possible duplicate: merge this listing into the other and remove it),
    /// `reopen` (a listing gone from a registry still operates).
    pub resolution: String,
}

/// Answers one review item.
#[utoipa::path(
    tag = "editing",
    request_body = ResolveRequest,
    params(("id" = i64, Path, description = "Review item id"), Csrf),
    responses((status = 200, description = "The item, resolved", body = ReviewItem), ReviewResolveErrors)
)]
#[post("/reviews/{id}/resolve")]
pub async fn resolve(
    state: web::Data<AppState>,
    w: Editor,
    id: web::Path<i64>,
    Body(r): Body<ResolveRequest>,
) -> Result<HttpResponse, ApiError> {
    let resolution = Resolution::from_code(&r.resolution).ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidParameter,
            format!("resolution {:?} is confirm, merge or reopen", r.resolution),
        )
    })?;
    let item = state
        .editorial()
        .resolve_review(&w.0.viewer, *id, resolution)
        .await?;
    Ok(HttpResponse::Ok().json(item))
}
