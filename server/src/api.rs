//! `/api/v1` and `/health`: the handlers, each documented for `/api/v1/openapi.json`.
//!
//! Every search goes through [`indexer::engine::Engine::search`]; query strings are read by
//! [`model::params::SearchParams`], the same reader the site uses.

use crate::auth::MaybeSession;
use crate::error::{ApiError, ErrorBody};
use crate::geojson::hits_feature_collection;
use crate::state::AppState;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use indexer::engine::Engine;
use indexer::import::geojson::area_feature;
use model::account::clearance_of;
use model::facility::Visibility;
use model::params::{Format, SearchParams};
use model::taxonomy::{self, CapabilityDef, CategoryDef, ServiceTypeDef};
use model::{Area, SearchQuery, SearchResponse};
use serde::Serialize;
use std::sync::{Arc, OnceLock};

/// The generated OpenAPI document, served by [`openapi_json`].
pub struct OpenApiDoc(pub utoipa::openapi::OpenApi);

/// A precomputed JSON body with its entity tag.
pub(crate) struct Cached {
    body: web::Bytes,
    etag: String,
    content_type: &'static str,
}

impl Cached {
    fn json(value: &impl Serialize, content_type: &'static str) -> Result<Cached, ApiError> {
        let body = serde_json::to_vec(value).map_err(|e| {
            ApiError::Engine(indexer::Error::Io {
                context: "encoding an answer".into(),
                source: std::io::Error::other(e),
            })
        })?;
        // FNV-1a over the body: the tag changes exactly when the content does.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in &body {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Ok(Cached {
            body: web::Bytes::from(body),
            etag: format!("\"{h:016x}\""),
            content_type,
        })
    }

    /// 200 with the body, or 304 when the client's `If-None-Match` already names this tag.
    fn respond(&self, req: &HttpRequest, cache_control: &'static str) -> HttpResponse {
        let fresh = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(',')
                    .map(|t| t.trim().trim_start_matches("W/"))
                    .any(|t| t == "*" || t == self.etag)
            });
        let mut res = if fresh {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        res.insert_header((header::ETAG, self.etag.as_str()))
            .insert_header((header::CACHE_CONTROL, cache_control));
        if fresh {
            res.finish()
        } else {
            res.content_type(self.content_type).body(self.body.clone())
        }
    }
}

/// Answer of `/health`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: &'static str,
    /// Facilities in the store.
    pub facilities: u64,
}

/// Liveness and size of the directory.
#[utoipa::path(tag = "meta", responses((status = 200, description = "The server is up", body = Health)))]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let stats = state.engine.stats().await?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok",
        facilities: stats.facilities,
    }))
}

/// Answers for signed-in accounts are theirs alone: never stored by shared caches.
fn private_if_signed_in(res: &mut actix_web::HttpResponseBuilder, clearance: Visibility) {
    if clearance != Visibility::Public {
        res.insert_header((header::CACHE_CONTROL, "private, no-store"));
    }
}

/// Runs a search for a viewer with `clearance` and writes it in `format`.
fn search_answer(
    engine: &Engine,
    query: &SearchQuery,
    format: Format,
    clearance: Visibility,
) -> Result<HttpResponse, ApiError> {
    let mut res = HttpResponse::Ok();
    private_if_signed_in(&mut res, clearance);
    Ok(match format {
        // The engine writes the JSON itself (hits encoded once at load time).
        Format::Json => res
            .content_type("application/json")
            .body(engine.search_json_as(query, clearance)?),
        Format::Geojson => res
            .content_type("application/geo+json")
            .body(hits_feature_collection(&engine.search_as(query, clearance)?).to_string()),
    })
}

/// Searches the directory. All filters combine with AND; repeatable parameters (and
/// comma-separated values) combine with OR, except `capability` (all of them). Facet counts are
/// disjunctive: a dimension's counts ignore its own filter.
#[utoipa::path(
    tag = "search",
    params(
        ("q" = Option<String>, Query, description = "Japanese full text: names, kana, aliases, service types, description, address. NFKC, case and katakana/hiragana insensitive; substring match."),
        ("category" = Option<Vec<String>>, Query, description = "Category codes (see /api/v1/taxonomy); repeatable or comma-separated, any of."),
        ("service" = Option<Vec<String>>, Query, description = "Service type codes; repeatable or comma-separated, any of."),
        ("capability" = Option<Vec<String>>, Query, description = "Capability codes (e.g. home_visit_medical, end_of_life_care); repeatable, all of."),
        ("area" = Option<Vec<String>>, Query, description = "Area ids (日常生活圏域, see /api/v1/areas); repeatable, any of."),
        ("municipality" = Option<String>, Query, description = "Municipality code (6 digits, 全国地方公共団体コード)."),
        ("lat" = Option<f64>, Query, description = "Latitude of a point (WGS84, -90..90); with lng."),
        ("lng" = Option<f64>, Query, description = "Longitude of a point (WGS84, -180..180); with lat."),
        ("radius_m" = Option<f64>, Query, description = "Great-circle radius around lat/lng in metres (0 < r <= 200000); without it the point only orders and measures distance."),
        ("bbox" = Option<String>, Query, description = "Viewport minLng,minLat,maxLng,maxLat."),
        ("serves" = Option<String>, Query, description = "lat,lng: facilities whose service area (home visits) covers this point."),
        ("open_at" = Option<String>, Query, description = "Open at this instant per opening hours (RFC 3339, Japan-time YYYY-MM-DDTHH:MM, or now); hits carry open_now."),
        ("contact_window_at" = Option<String>, Query, description = "A ケアマネタイム (care-manager contact window) is open at this instant (same formats as open_at)."),
        ("accepting" = Option<bool>, Query, description = "true: accepting new users (yes or limited); false: not accepting. A status reported more than 14 days ago is unknown (「不明」) and matches neither."),
        ("status" = Option<Vec<String>>, Query, description = "Lifecycle statuses planned, active, suspended, closed; default active."),
        ("sort" = Option<String>, Query, description = "relevance (default: text score, else distance, else name), distance (needs lat/lng), name (kana order), id."),
        ("page" = Option<u32>, Query, description = "Page, from 1; page x per_page may not pass 10,000 + per_page."),
        ("per_page" = Option<u32>, Query, description = "Page size, 1..200, default 20."),
        ("format" = Option<String>, Query, description = "json (default) or geojson (a FeatureCollection of the hits, application/geo+json)."),
    ),
    responses(
        (status = 200, description = "Matching facilities, facet counts and the total", content(
            (SearchResponse = "application/json"),
            (serde_json::Value = "application/geo+json"),
        )),
        (status = 400, description = "Bad parameter: invalid_latitude, invalid_longitude, invalid_radius, invalid_bbox, invalid_page, invalid_date, unknown_category, unknown_service, unknown_capability, invalid_parameter, unknown_parameter, invalid_query", body = ErrorBody),
    )
)]
#[get("/search")]
pub async fn search(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: MaybeSession,
) -> Result<HttpResponse, ApiError> {
    let params = SearchParams::parse(req.query_string(), model::clock::now())?;
    let clearance = clearance_of(session.viewer());
    search_answer(&state.engine, &params.query, params.format, clearance)
}

/// The same search with a JSON body (the engine's query type), for clients that build queries
/// as objects.
#[utoipa::path(
    tag = "search",
    request_body = SearchQuery,
    responses(
        (status = 200, description = "Matching facilities, facet counts and the total", body = SearchResponse),
        (status = 400, description = "Malformed JSON (invalid_json) or a bad value (same codes as GET)", body = ErrorBody),
    )
)]
#[post("/search")]
pub async fn search_json(
    state: web::Data<AppState>,
    body: web::Bytes,
    session: MaybeSession,
) -> Result<HttpResponse, ApiError> {
    let query: SearchQuery = crate::error::json_body(&body)?;
    let clearance = clearance_of(session.viewer());
    search_answer(&state.engine, &query, Format::Json, clearance)
}

/// One facility with all its public fields; signed-in accounts also get its professional
/// fields in `professional`.
#[utoipa::path(
    tag = "facilities",
    params(("id" = String, Path, description = "Facility id, e.g. mhlw-0170102313-430")),
    responses(
        (status = 200, description = "The facility: public fields, and `professional` for signed-in accounts only", body = model::FacilityView),
        (status = 404, description = "facility_not_found", body = ErrorBody),
    )
)]
#[get("/facilities/{id}")]
pub async fn facility(
    state: web::Data<AppState>,
    id: web::Path<String>,
    session: MaybeSession,
) -> Result<HttpResponse, ApiError> {
    let f = state.engine.get(&id).await?;
    let clearance = clearance_of(session.viewer());
    let mut res = HttpResponse::Ok();
    private_if_signed_in(&mut res, clearance);
    Ok(res.json(f.view_for(clearance)))
}

/// Counts of active listings in one area (of a municipality's boundary: in the municipality):
/// the total and per category.
fn area_counts(
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
              (status = 400, description = "invalid_parameter", body = ErrorBody))
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
            return Err(ApiError::BadRequest(
                "invalid_parameter",
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
        (status = 404, description = "area_not_found", body = ErrorBody),
    )
)]
#[get("/areas/{id}")]
pub async fn area(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let a = state
        .engine
        .area(&id)
        .ok_or_else(|| ApiError::NotFound("area_not_found", format!("area {:?} not found", *id)))?;
    let feature = area_feature(&a, area_counts(&state.engine, &a)?);
    Ok(HttpResponse::Ok()
        .content_type("application/geo+json")
        .body(feature.to_string()))
}

/// A lifecycle status with its label.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StatusDef {
    /// Code used in `status=`.
    pub code: &'static str,
    /// Japanese label.
    pub label: &'static str,
}

/// The taxonomy: what the codes in queries and answers mean, in Japanese.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Taxonomy {
    /// Categories (医療, 介護, …).
    pub categories: Vec<CategoryDef>,
    /// Service types, each in one category, with MHLW codes, aliases and a plain explanation.
    pub service_types: Vec<ServiceTypeDef>,
    /// Capabilities (訪問診療, 看取り, 24時間対応, …).
    pub capabilities: Vec<CapabilityDef>,
    /// Lifecycle statuses.
    pub statuses: Vec<StatusDef>,
}

/// Categories, service types and capabilities with their Japanese labels.
#[utoipa::path(
    tag = "meta",
    responses((status = 200, description = "The taxonomy, with an ETag", body = Taxonomy),
              (status = 304, description = "Unchanged since the ETag given in If-None-Match"))
)]
#[get("/taxonomy")]
pub async fn taxonomy_json(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    static BODY: OnceLock<Cached> = OnceLock::new();
    let cached = match BODY.get() {
        Some(c) => c,
        None => {
            let t = Taxonomy {
                categories: taxonomy::CATEGORIES.to_vec(),
                service_types: taxonomy::SERVICE_TYPES.to_vec(),
                capabilities: taxonomy::CAPABILITIES.to_vec(),
                statuses: model::facility::LifecycleStatus::ALL
                    .iter()
                    .map(|s| StatusDef {
                        code: s.code(),
                        label: s.label(),
                    })
                    .collect(),
            };
            let c = Cached::json(&t, "application/json")?;
            BODY.get_or_init(|| c)
        }
    };
    Ok(cached.respond(&req, "public, max-age=3600"))
}

/// This document.
#[utoipa::path(tag = "meta", responses((status = 200, description = "OpenAPI 3.1 document of every route", content((serde_json::Value = "application/json")))))]
#[get("/openapi.json")]
pub async fn openapi_json(doc: web::Data<OpenApiDoc>) -> HttpResponse {
    HttpResponse::Ok().json(&doc.0)
}

/// Any other path: a JSON 404.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    let mut res = HttpResponse::NotFound();
    if let Ok(v) = HeaderValue::from_str("no-store") {
        res.insert_header((header::CACHE_CONTROL, v));
    }
    res.json(ErrorBody {
        code: "not_found".into(),
        message: format!("no route {} {}", req.method(), req.path()),
    })
}
