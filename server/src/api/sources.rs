//! `/api/v1/sources`: the credit line of every loaded data source.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use model::sources::DataSource;

/// The sources of the loaded data, each with the credit line that pages and exports carry.
#[utoipa::path(
    tag = "meta",
    responses((status = 200, description = "Data sources by id", body = Vec<DataSource>))
)]
#[get("/sources")]
pub async fn sources(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.engine.data_sources().await?))
}
