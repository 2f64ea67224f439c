//! `/api/v1/imports`: what each import did.

use super::responses::StaffReadErrors;
use crate::auth::Staff;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use model::review::ImportRun;

/// The latest imports (newest first): records read, new, updated, merged, ambiguous, closed,
/// positions placed or replaced.
#[utoipa::path(
    tag = "editing",
    responses((status = 200, description = "Import runs", body = Vec<ImportRun>), StaffReadErrors)
)]
#[get("/imports")]
pub async fn imports(state: web::Data<AppState>, _: Staff) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "private, no-store"))
        .json(state.editorial().import_runs(100).await?))
}
