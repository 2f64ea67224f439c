//! Exports of the whole directory (`/api/v1/exports/…`): CSV in the MHLW open-data layout plus
//! caremap's columns, GeoJSON, and HSDS-style JSON, built by [`indexer::export`]. Anonymous
//! clients get public fields only; signed-in accounts also get the professional ones.

use crate::auth::MaybeSession;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use indexer::export::{ExportWriter, Format};
use model::account::clearance_of;
use model::facility::Visibility;

pub(crate) fn attachment(
    clearance: Visibility,
    name: &str,
    content_type: &str,
    body: Vec<u8>,
) -> HttpResponse {
    let cache = match clearance {
        Visibility::Public => "public, max-age=300",
        Visibility::Professional => "private, no-store",
    };
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

/// Writes the export of every listing that is not closed, one listing at a time.
pub(crate) async fn export(
    state: &AppState,
    s: &MaybeSession,
    format: Format,
    name: &str,
    content_type: &str,
) -> Result<HttpResponse, ApiError> {
    let clearance = clearance_of(s.viewer());
    let mut credits = state.engine.sources().as_ref().clone();
    for b in model::sources::builtin() {
        if !credits.iter().any(|s| s.id == b.id) {
            credits.push(b);
        }
    }
    let mut w = ExportWriter::new(format, clearance, credits);
    state.engine.for_each_listing(|f| w.push(f)).await?;
    tracing::info!(listings = w.count(), name, "export");
    let body = w.finish();
    Ok(attachment(clearance, name, content_type, body))
}

/// Every listing (not closed) as CSV: the 24 columns of the MHLW open data, then caremap's.
#[utoipa::path(
    tag = "exports",
    responses((status = 200, description = "UTF-8 CSV with BOM, CRLF; professional columns for signed-in accounts", content_type = "text/csv")),
)]
#[get("/exports/facilities.csv")]
pub async fn csv(state: web::Data<AppState>, s: MaybeSession) -> Result<HttpResponse, ApiError> {
    export(
        &state,
        &s,
        Format::Csv,
        "caremap-facilities.csv",
        "text/csv; charset=utf-8",
    )
    .await
}

/// Every listing (not closed) as a GeoJSON FeatureCollection.
#[utoipa::path(
    tag = "exports",
    responses((status = 200, description = "GeoJSON FeatureCollection; properties as the facility endpoint answers them", content_type = "application/geo+json")),
)]
#[get("/exports/facilities.geojson")]
pub async fn geojson(
    state: web::Data<AppState>,
    s: MaybeSession,
) -> Result<HttpResponse, ApiError> {
    export(
        &state,
        &s,
        Format::GeoJson,
        "caremap-facilities.geojson",
        "application/geo+json",
    )
    .await
}

/// The directory as HSDS-style JSON (`services` with organization, location, phones,
/// schedules and, for signed-in accounts, contacts).
#[utoipa::path(
    tag = "exports",
    responses((status = 200, description = "HSDS 3-style JSON", content_type = "application/json")),
)]
#[get("/exports/hsds.json")]
pub async fn hsds(state: web::Data<AppState>, s: MaybeSession) -> Result<HttpResponse, ApiError> {
    export(
        &state,
        &s,
        Format::Hsds,
        "caremap-hsds.json",
        "application/json",
    )
    .await
}
