//! `/api/v1/areas` and `/api/v1/areas/{id}`: 日常生活圏域 and municipalities as GeoJSON with
//! their listing counts.

use super::cached::Cached;
use super::responses::{AreaErrors, ParameterErrors};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use indexer::engine::Engine;
use indexer::import::geojson::area_feature;
use model::{Area, SearchQuery};
use std::sync::Arc;

/// Counts of active listings in one area (of a municipality's boundary: in the municipality):
/// the total and per category.
pub(crate) fn area_counts(
    engine: &Engine,
    a: &Area,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    let q = match (a.kind, &a.municipality_code) {
        (model::AreaKind::Municipality, Some(code)) => SearchQuery {
            municipality: Some(code.clone()),
            per_page: Some(1),
            ..SearchQuery::default()
        },
        _ => SearchQuery {
            areas: vec![a.id.clone()],
            per_page: Some(1),
            ..SearchQuery::default()
        },
    };
    let r = engine.search(&q)?;
    let mut m = serde_json::Map::new();
    m.insert("count".into(), r.total.into());
    m.insert(
        "counts".into(),
        serde_json::to_value(&r.facets.category).unwrap_or_default(),
    );
    Ok(m)
}

/// Which areas `/api/v1/areas` lists.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct AreasQuery {
    /// `municipality` for the municipal boundaries; by default every other kind (日常生活圏域 …).
    #[param(pattern = "^(municipality)?$")]
    pub kind: Option<String>,
    /// Only the areas of this municipality (6-digit code).
    pub municipality: Option<String>,
}

/// Areas as a GeoJSON FeatureCollection of MultiPolygons; properties carry `count` (active
/// listings) and `counts` per category. By default the 日常生活圏域 and other areas; the
/// municipal boundaries with `kind=municipality` (best with `municipality=`).
#[utoipa::path(
    tag = "areas",
    params(AreasQuery),
    responses((status = 200, description = "FeatureCollection with an ETag; revalidate with If-None-Match", content((serde_json::Value = "application/geo+json"))),
              (status = 304, description = "Unchanged since the ETag given in If-None-Match"),
              ParameterErrors)
)]
#[get("/areas")]
pub async fn areas(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<AreasQuery>,
) -> Result<HttpResponse, ApiError> {
    let generation = state.engine.generation();
    let boundaries = match q.kind.as_deref() {
        None | Some("") => false,
        Some("municipality") => true,
        Some(other) => {
            return Err(ApiError::new(
                ErrorCode::InvalidParameter,
                format!("kind {other:?}: only municipality selects another set"),
            ));
        }
    };
    if boundaries || q.municipality.is_some() {
        let list = if boundaries {
            state.engine.municipal_boundaries(q.municipality.as_deref())
        } else {
            state.engine.areas()
        };
        let features = list
            .iter()
            .filter(|a| {
                q.municipality.is_none()
                    || a.municipality_code.as_deref() == q.municipality.as_deref()
            })
            .map(|a| Ok(area_feature(a, area_counts(&state.engine, a)?)))
            .collect::<Result<Vec<_>, ApiError>>()?;
        let fc = serde_json::json!({ "type": "FeatureCollection", "features": features });
        return Ok(Cached::json(&fc, "application/geo+json")?.respond(&req, "public, max-age=60"));
    }
    let hit = state
        .areas
        .lock()
        .as_ref()
        .filter(|(g, _)| *g == generation)
        .map(|(_, c)| c.clone());
    let cached = match hit {
        Some(c) => c,
        None => {
            let features = state
                .engine
                .areas()
                .iter()
                .map(|a| Ok(area_feature(a, area_counts(&state.engine, a)?)))
                .collect::<Result<Vec<_>, ApiError>>()?;
            let fc = serde_json::json!({ "type": "FeatureCollection", "features": features });
            let c = Arc::new(Cached::json(&fc, "application/geo+json")?);
            *state.areas.lock() = Some((generation, c.clone()));
            c
        }
    };
    Ok(cached.respond(&req, "public, max-age=60"))
}

/// One area as a GeoJSON Feature with its counts.
#[utoipa::path(
    tag = "areas",
    params(("id" = String, Path, description = "Area id, e.g. sample-area-3")),
    responses(
        (status = 200, description = "The area", content((serde_json::Value = "application/geo+json"))),
        AreaErrors,
    )
)]
#[get("/areas/{id}")]
pub async fn area(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let a = state.engine.area(&id).ok_or_else(|| {
        ApiError::new(ErrorCode::AreaNotFound, format!("area {:?} not found", *id))
    })?;
    let feature = area_feature(&a, area_counts(&state.engine, &a)?);
    Ok(HttpResponse::Ok()
        .content_type("application/geo+json")
        .body(feature.to_string()))
}
