//! `/api/v1/reviews…`: the review queue imports fill — positions that disagreed with their
//! address, listings put in the nearest 日常生活圏域, possible duplicates, listings gone from a
//! registry.

use super::body::Body;
use super::params::Csrf;
use crate::auth::Editor;
use crate::auth::MaybeSession;
use crate::auth::may_write;
use crate::error::{ApiError, ErrorBody, ErrorCode};
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
    responses(
        (status = 200, description = "Review items", body = Vec<ReviewItem>),
        (status = 400, description = ErrorCode::doc(&[ErrorCode::InvalidParameter], ""), body = ErrorBody),
        (status = 401, description = ErrorCode::doc(&[ErrorCode::NotSignedIn], ""), body = ErrorBody),
        (status = 403, description = ErrorCode::doc(&[ErrorCode::Forbidden], ""), body = ErrorBody),
    )
)]
#[get("/reviews")]
pub async fn list(
    state: web::Data<AppState>,
    s: MaybeSession,
    q: web::Query<ReviewQuery>,
) -> Result<HttpResponse, ApiError> {
    let v = s.require()?;
    may_write(v)?;
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
    responses(
        (status = 200, description = "The item, resolved", body = ReviewItem),
        (status = 400, description = ErrorCode::doc(&[ErrorCode::InvalidParameter, ErrorCode::InvalidJson], ""), body = ErrorBody),
        (status = 401, description = ErrorCode::doc(&[ErrorCode::NotSignedIn], ""), body = ErrorBody),
        (status = 403, description = ErrorCode::doc(&[ErrorCode::CsrfRejected, ErrorCode::Forbidden], ""), body = ErrorBody),
        (status = 404, description = ErrorCode::doc(&[ErrorCode::ReviewNotFound], ""), body = ErrorBody),
        (status = 409, description = ErrorCode::doc(&[ErrorCode::Conflict], "Here: already resolved, or not an answer for this kind of item"), body = ErrorBody),
    )
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
