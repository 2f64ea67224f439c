//! `/api/v1` and `/health`: the JSON API, one module per resource of the URL tree, each handler
//! documented for `/api/v1/openapi.json`.
//!
//! | URL under `/api/v1` | module |
//! |---|---|
//! | `/search` | [`search`] |
//! | `/facilities`, `/facilities/{id}` (read, create, replace, patch, retire, verify, history, update link) | [`facilities`] |
//! | `/changes/{id}/revert` | [`changes`] |
//! | `/reports/staleness` | [`reports`] |
//! | `/availability-round` | [`availability_round`] |
//! | `/update/{token}` | [`update`] |
//! | `/change-requests…` | [`change_requests`] |
//! | `/areas`, `/areas/{id}` | [`areas`] |
//! | `/taxonomy` | [`taxonomy`] |
//! | `/campaigns…` | [`campaigns`] |
//! | `/freshness-policies…` | [`freshness_policies`] |
//! | `/exports/…` | [`exports`] |
//! | `/geocode`, `/geocode/suggest` | [`geocode`] |
//! | `/sources` | [`sources`] |
//! | `/reviews…` | [`reviews`] |
//! | `/imports` | [`imports`] |
//! | `/auth/…` | [`auth`] |
//! | `/openapi.json`, `/health`, anything else (404) | here |

pub mod areas;
pub mod auth;
pub mod availability_round;
mod body;
pub(crate) mod cached;
pub mod campaigns;
pub mod change_requests;
pub mod changes;
pub mod coverage;
pub mod exports;
pub mod facilities;
pub mod freshness_policies;
pub mod geocode;
pub mod imports;
mod params;
pub mod reports;
mod responses;
pub mod reviews;
pub mod search;
pub mod sources;
pub mod taxonomy;
pub mod update;

use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::http::header::HeaderValue;
use actix_web::{HttpRequest, HttpResponse, get, web};
use model::facility::Visibility;
use serde::Serialize;

/// The generated OpenAPI document, served by [`openapi_json`], with its routes' methods
/// prepared for [`not_found`] (which answers every unknown path: it should cost little).
pub struct OpenApiDoc {
    doc: utoipa::openapi::OpenApi,
    routes: Vec<RouteMethods>,
}

/// One path of the document: its segments (None for a parameter) and its methods.
struct RouteMethods {
    segments: Vec<Option<String>>,
    methods: Vec<&'static str>,
}

impl OpenApiDoc {
    /// The document, and its paths' methods in the document's order.
    pub fn new(doc: utoipa::openapi::OpenApi) -> OpenApiDoc {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(template, item)| RouteMethods {
                segments: template
                    .split('/')
                    .map(|t| (!(t.starts_with('{') && t.ends_with('}'))).then(|| t.to_string()))
                    .collect(),
                methods: [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("PATCH", item.patch.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, has)| has.then_some(m))
                .collect(),
            })
            .collect();
        OpenApiDoc { doc, routes }
    }

    /// The methods the document gives a concrete path (`/api/v1/facilities/x` matches
    /// `/api/v1/facilities/{id}`), in the document's order.
    fn methods_of(&self, path: &str) -> Vec<&'static str> {
        let mut out = Vec::new();
        for r in &self.routes {
            let mut parts = path.split('/');
            let same = r.segments.iter().all(|t| match (t, parts.next()) {
                (_, None) => false,
                (None, Some(s)) => !s.is_empty(),
                (Some(t), Some(s)) => t == s,
            }) && parts.next().is_none();
            if same {
                out.extend(&r.methods);
            }
        }
        out
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
pub(crate) fn private_if_signed_in(
    res: &mut actix_web::HttpResponseBuilder,
    clearance: Visibility,
) {
    if clearance != Visibility::Public {
        res.insert_header((header::CACHE_CONTROL, "private, no-store"));
    }
}

/// This document.
#[utoipa::path(tag = "meta", responses((status = 200, description = "OpenAPI 3.1 document of every route", content((serde_json::Value = "application/json")))))]
#[get("/openapi.json")]
pub async fn openapi_json(doc: web::Data<OpenApiDoc>) -> HttpResponse {
    HttpResponse::Ok().json(&doc.doc)
}

/// Any other path: a JSON 404 — or 405 with `Allow` when the path is a route of the API
/// document under another method.
pub async fn not_found(req: HttpRequest, doc: Option<web::Data<OpenApiDoc>>) -> HttpResponse {
    let allowed = doc.map(|d| d.methods_of(req.path())).unwrap_or_default();
    let code = if allowed.is_empty() {
        ErrorCode::NotFound
    } else {
        ErrorCode::MethodNotAllowed
    };
    let mut res = HttpResponse::build(code.status());
    res.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    if !allowed.is_empty()
        && let Ok(v) = HeaderValue::from_str(&allowed.join(", "))
    {
        res.insert_header((header::ALLOW, v));
    }
    res.json(ErrorBody {
        code: code.code().into(),
        message: format!("no route {} {}", req.method(), req.path()),
    })
}
