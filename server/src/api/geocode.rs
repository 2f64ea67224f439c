//! `/api/v1/geocode` (a typed address to a point, offline) and `/api/v1/geocode/suggest`
//! (places while typing).

use super::responses::{GeocodeErrors, SuggestErrors};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use model::geocode::{Geocoded, Suggestion};
use serde::Deserialize;

/// Query of the geocoder.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct GeocodeQuery {
    /// The address as typed: with or without prefecture, Arabic, full-width or kanji numerals,
    /// 丁目/番/号 or hyphens, a postcode or a building name around it.
    #[param(required = true, min_length = 1, max_length = 200)]
    pub q: Option<String>,
}

pub(crate) fn typed(q: Option<&str>) -> Result<&str, ApiError> {
    let q = q.map(str::trim).unwrap_or("");
    if q.is_empty() {
        return Err(ApiError::new(
            ErrorCode::MissingAddress,
            "give the address in q".into(),
        ));
    }
    if q.chars().count() > 200 {
        return Err(ApiError::new(
            ErrorCode::InvalidAddress,
            "an address has at most 200 characters".into(),
        ));
    }
    Ok(q)
}

/// Resolves a typed Japanese address to the point of its 町丁目 (or 大字, or municipality) with
/// the level reached, the municipality code and the matched name. Offline: from the 町丁目
/// points loaded with `caremap-indexer import addresses`.
#[utoipa::path(
    tag = "places",
    params(GeocodeQuery),
    responses((status = 200, description = "The place", body = Geocoded), GeocodeErrors)
)]
#[get("/geocode")]
pub async fn geocode(
    state: web::Data<AppState>,
    q: web::Query<GeocodeQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = typed(q.q.as_deref())?;
    match state.engine.geocode(q) {
        Some(g) => Ok(HttpResponse::Ok()
            .insert_header(("cache-control", "public, max-age=3600"))
            .json(g)),
        None => Err(ApiError::new(
            ErrorCode::AddressNotFound,
            format!("no municipality or town matches {q:?}"),
        )),
    }
}

/// Query of the suggestions.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct SuggestQuery {
    /// What has been typed so far (「枚方市伊加」, 「香里」).
    #[param(required = true, min_length = 1, max_length = 200)]
    pub q: Option<String>,
    /// Most suggestions (1..20, default 8).
    #[param(minimum = 1, maximum = 20)]
    pub limit: Option<usize>,
}

/// Places whose full name continues what was typed: the towns of a typed municipality, or
/// municipalities and towns anywhere (shortest first).
#[utoipa::path(
    tag = "places",
    params(SuggestQuery),
    responses(
        (status = 200, description = "Suggestions (possibly none)", body = Vec<Suggestion>),
        SuggestErrors,
    )
)]
#[get("/geocode/suggest")]
pub async fn suggest(
    state: web::Data<AppState>,
    q: web::Query<SuggestQuery>,
) -> Result<HttpResponse, ApiError> {
    let typed = typed(q.q.as_deref())?;
    let limit = q.limit.unwrap_or(8);
    if !(1..=20).contains(&limit) {
        return Err(ApiError::new(
            ErrorCode::InvalidLimit,
            "limit is 1 to 20".into(),
        ));
    }
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "public, max-age=3600"))
        .json(state.engine.suggest_places(typed, limit)))
}
