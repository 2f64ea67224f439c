//! `/api/v1/taxonomy`: categories, service types, capabilities and statuses with their labels,
//! in Japanese or (`lang=en`) English.

use super::cached::Cached;
use crate::error::ApiError;
use actix_web::{HttpRequest, HttpResponse, get};
use model::i18n::{LANG_PARAM, Lang};
use model::taxonomy;
use model::taxonomy::{CapabilityDef, CategoryDef, SceneDef, ServiceTypeDef};
use serde::Serialize;
use std::sync::OnceLock;

/// A lifecycle status with its label.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StatusDef {
    /// Code used in `status=`.
    pub code: &'static str,
    /// Label in the language asked for.
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

/// Categories, service types and capabilities with their labels and explanations, in Japanese
/// (the default) or English (`lang=en`). Codes are the same in both.
#[utoipa::path(
    tag = "meta",
    params(
        ("lang" = Option<String>, Query, pattern = "^(ja|en)?$", description = "ja (default) or en: the language of labels, explanations and capability groups."),
    ),
    responses((status = 200, description = "The taxonomy, with an ETag", body = Taxonomy),
              (status = 304, description = "Unchanged since the ETag given in If-None-Match"),
              (status = 400, description = "invalid_parameter: lang is neither ja nor en", body = crate::error::ErrorBody))
)]
#[get("/taxonomy")]
pub async fn taxonomy_json(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    static BODY: [OnceLock<Cached>; 2] = [OnceLock::new(), OnceLock::new()];
    let lang = language(req.query_string())?;
    let slot = &BODY[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)];
    let cached = match slot.get() {
        Some(c) => c,
        None => {
            let t = Taxonomy {
                categories: taxonomy::CATEGORIES
                    .iter()
                    .map(|c| c.localized(lang))
                    .collect(),
                service_types: taxonomy::SERVICE_TYPES
                    .iter()
                    .map(|s| s.localized(lang))
                    .collect(),
                capabilities: taxonomy::CAPABILITIES
                    .iter()
                    .map(|c| c.localized(lang))
                    .collect(),
                scenes: taxonomy::SCENES.iter().map(|s| s.localized(lang)).collect(),
                statuses: model::facility::LifecycleStatus::ALL
                    .iter()
                    .map(|s| StatusDef {
                        code: s.code(),
                        label: s.label_in(lang),
                    })
                    .collect(),
            };
            let c = Cached::json(&t, "application/json")?;
            slot.get_or_init(|| c)
        }
    };
    Ok(cached.respond(&req, "public, max-age=3600"))
}

/// The language of `lang=` (Japanese without it); a value other than `ja` or `en` is a 400.
fn language(query: &str) -> Result<Lang, ApiError> {
    let mut lang = Lang::Ja;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if k != LANG_PARAM || v.is_empty() {
            continue;
        }
        lang = Lang::from_code(&v).ok_or_else(|| model::ValidationError::InvalidParameter {
            param: LANG_PARAM,
            message: format!("{v:?} is not ja or en"),
        })?;
    }
    Ok(lang)
}
