//! `/api/v1/changes/{id}/revert`: undoing one recorded change.

use super::facilities::{SaveAnswer, answer};
use super::params::Csrf;
use super::responses::RevertErrors;
use crate::auth::Editor;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};

/// Sets one changed field back to its value before the change.
#[utoipa::path(
    tag = "editing",
    params(("id" = i64, Path, description = "Change id (from the history)"), Csrf),
    responses((status = 200, description = "Reverted", body = SaveAnswer), RevertErrors)
)]
#[post("/changes/{id}/revert")]
pub async fn revert(
    state: web::Data<AppState>,
    w: Editor,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let saved = state.editorial().revert_as(&w.0.viewer, *id).await?;
    Ok(HttpResponse::Ok().json(answer(saved)))
}
