//! `/api/v1/taxonomy`: categories, service types, capabilities and statuses with their
//! Japanese labels.

use super::Cached;
use crate::error::ApiError;
use actix_web::{HttpRequest, HttpResponse, get};
use model::taxonomy;
use model::taxonomy::{CapabilityDef, CategoryDef, SceneDef, ServiceTypeDef};
use serde::Serialize;
use std::sync::OnceLock;

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
    /// The four scenes (4つの場面) and the kinds of listing each offers (`scene=` in searches).
    pub scenes: Vec<SceneDef>,
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
                scenes: taxonomy::SCENES.to_vec(),
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
