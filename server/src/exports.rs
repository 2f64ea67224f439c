//! Exports of the whole directory (`/api/v1/exports/…`): CSV in the MHLW open-data layout plus
//! caremap's columns, GeoJSON, and HSDS-style JSON, built by [`indexer::export`]. Anonymous
//! clients get public fields only; signed-in accounts also get the professional ones.

use crate::api::AppState;
use crate::auth::MaybeSession;
use crate::error::ApiError;
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use model::account::clearance_of;
use model::facility::{Facility, Visibility};

fn attachment(
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

/// The attribution the MHLW open data's licence asks for, when the export holds its records.
fn attribution(all: &[Facility]) -> Option<&'static str> {
    all.iter()
        .any(|f| f.provenance.source == indexer::import::mhlw::SOURCE)
        .then_some(frontend::site::MHLW_ATTRIBUTION)
}

async fn directory(state: &AppState) -> Result<Vec<Facility>, ApiError> {
    Ok(state.engine.directory().await?)
}

/// Every listing (not closed) as CSV: the 24 columns of the MHLW open data, then caremap's.
#[utoipa::path(
    tag = "exports",
    responses((status = 200, description = "UTF-8 CSV with BOM, CRLF; professional columns for signed-in accounts", content_type = "text/csv")),
)]
#[get("/exports/facilities.csv")]
pub async fn csv(state: web::Data<AppState>, s: MaybeSession) -> Result<HttpResponse, ApiError> {
    let clearance = clearance_of(s.viewer());
    let all = directory(&state).await?;
    let body = web::block(move || {
        let mut out = "\u{feff}".as_bytes().to_vec();
        indexer::export::write_csv(&mut out, &all, clearance).map(|_| out)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(attachment(
        clearance,
        "caremap-facilities.csv",
        "text/csv; charset=utf-8",
        body,
    ))
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
    let clearance = clearance_of(s.viewer());
    let all = directory(&state).await?;
    let mut v = indexer::export::geojson(&all, clearance);
    if let Some(a) = attribution(&all) {
        v["attribution"] = a.into();
    }
    Ok(attachment(
        clearance,
        "caremap-facilities.geojson",
        "application/geo+json",
        v.to_string().into_bytes(),
    ))
}

/// The directory as HSDS-style JSON (`services` with organization, location, phones,
/// schedules and, for signed-in accounts, contacts).
#[utoipa::path(
    tag = "exports",
    responses((status = 200, description = "HSDS 3-style JSON", content_type = "application/json")),
)]
#[get("/exports/hsds.json")]
pub async fn hsds(state: web::Data<AppState>, s: MaybeSession) -> Result<HttpResponse, ApiError> {
    let clearance = clearance_of(s.viewer());
    let all = directory(&state).await?;
    let mut v = indexer::export::hsds(&all, clearance);
    if let Some(a) = attribution(&all) {
        v["attribution"] = a.into();
    }
    Ok(attachment(
        clearance,
        "caremap-hsds.json",
        "application/json",
        v.to_string().into_bytes(),
    ))
}
