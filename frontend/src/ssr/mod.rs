//! The server side of the pages: the site's state and the answers of the server functions in
//! [`crate::site`], all from the same [`Engine`] and parameter parser as the REST API.

mod choropleth;
mod listing;
mod planning;
mod print;
mod scenes;
mod search;

use crate::wire::{AreaSummary, Place, SiteInfo, Tiles};
use indexer::engine::Engine;
use model::account::{SESSION_COOKIE, Viewer, clearance_of};
use model::area::{Area, AreaKind};
use model::facility::Visibility;
use model::sources::DataSource;
use std::sync::{Arc, Mutex};

/// Most markers a map shows one by one; more become clusters.
pub const MAP_POINTS_LIMIT: usize = 2_000;
/// Clusters are cells of a grid of this many columns and rows over the map's view.
pub const MAP_GRID: u32 = 10;

/// The site's state, provided to every page render and server function.
#[derive(Clone)]
pub struct Site {
    engine: Arc<Engine>,
    tiles: Tiles,
    places: Arc<Vec<Place>>,
    /// Area summaries of one engine generation (every page shows them; the engine's areas
    /// carry their polygons).
    areas: Arc<Mutex<Option<AreasOf>>>,
}

/// Area summaries and the engine generation they were computed for.
type AreasOf = (u64, Arc<Vec<AreaSummary>>);

fn summary(a: &Area) -> AreaSummary {
    AreaSummary {
        id: a.id.clone(),
        name: a.name.clone(),
        kind: a.kind,
        daily_life: a.kind == AreaKind::DailyLifeArea,
    }
}

/// Today's date in Japan.
fn today() -> chrono::NaiveDate {
    model::clock::today()
}

/// A visitor-facing message for parameters that could not be read.
fn explain(e: &model::ValidationError) -> String {
    match crate::i18n::lang() {
        crate::i18n::Lang::Ja => {
            format!("検索条件を読み取れませんでした。条件を変えてお試しください。（{e}）")
        }
        crate::i18n::Lang::En => format!(
            "The search conditions could not be read. Please change them and try again. ({e})"
        ),
    }
}

impl Site {
    /// The site over an engine; `places` are the "near a place" list (the demo's 町丁目, or none
    /// when the geocoder answers typed addresses).
    pub fn new(engine: Arc<Engine>, tiles: Tiles, places: Vec<Place>) -> Site {
        Site {
            engine,
            tiles,
            places: Arc::new(places),
            areas: Arc::default(),
        }
    }

    /// The sources named by `ids`, with their credit lines (a built-in one when the store has
    /// not recorded it), each once.
    pub fn credits<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<DataSource> {
        let known = self.engine.sources();
        let builtin = model::sources::builtin();
        let mut out: Vec<DataSource> = Vec::new();
        for id in ids {
            if id.is_empty() || out.iter().any(|s| s.id == id) {
                continue;
            }
            if let Some(s) = known.iter().chain(builtin.iter()).find(|s| s.id == id) {
                out.push(s.clone());
            }
        }
        out
    }

    /// The credits of a list of hits.
    fn hit_credits(&self, hits: &[model::SearchHit]) -> Vec<DataSource> {
        self.credits(hits.iter().flat_map(|h| {
            std::iter::once(h.source.as_str()).chain(h.sources.iter().map(String::as_str))
        }))
    }

    /// Full names of places continuing `typed`: the sample's towns, then real ones.
    pub fn suggest_places(&self, typed: &str) -> Vec<String> {
        let t = typed.trim();
        if t.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<String> = self
            .places
            .iter()
            .filter(|p| p.name.starts_with(t) || p.kana.starts_with(t))
            .map(|p| p.name.clone())
            .collect();
        out.extend(
            self.engine
                .suggest_places(t, 10)
                .into_iter()
                .map(|s| s.label),
        );
        out.truncate(10);
        out
    }

    /// The signed-in account of the request being answered (pages and server functions), from
    /// the same session cookie and store lookup as the REST API. A signed-in answer is marked
    /// `Cache-Control: private, no-store`: it may hold professional fields.
    pub async fn viewer(&self) -> Option<Viewer> {
        // Both contexts are read before the first await.
        let req = leptos::prelude::use_context::<leptos_actix::Request>()?;
        let response = leptos::prelude::use_context::<leptos_actix::ResponseOptions>();
        let token = req.cookie(SESSION_COOKIE)?.value().to_string();
        let viewer = match indexer::editorial::Editorial::new(&self.engine)
            .session_for_token(&token)
            .await
        {
            Ok(s) => s.map(|(v, _)| v),
            Err(e) => {
                tracing::warn!(error = %e, "session lookup failed; answering as anonymous");
                None
            }
        }?;
        if let Some(r) = response {
            r.insert_header(
                actix_web::http::header::CACHE_CONTROL,
                actix_web::http::header::HeaderValue::from_static("private, no-store"),
            );
        }
        Some(viewer)
    }

    /// What the request's viewer may see.
    pub async fn clearance(&self) -> Visibility {
        clearance_of(self.viewer().await.as_ref())
    }

    /// Areas (日常生活圏域 first, then by id), computed once per engine generation.
    fn area_summaries(&self) -> Arc<Vec<AreaSummary>> {
        let generation = self.engine.generation();
        let mut cache = self.areas.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, a)) = cache.as_ref()
            && *g == generation
        {
            return a.clone();
        }
        let mut areas: Vec<AreaSummary> = self.engine.areas().iter().map(summary).collect();
        // 日常生活圏域 first, then by id with its numbers in order (area-2 before area-10).
        areas.sort_by_cached_key(|a| (!a.daily_life, model::area::natural_key(&a.id)));
        let areas = Arc::new(areas);
        *cache = Some((generation, areas.clone()));
        areas
    }

    /// Areas (日常生活圏域 first, then by name), places and tiles.
    pub fn info(&self) -> SiteInfo {
        SiteInfo {
            areas: self.area_summaries().as_ref().clone(),
            places: self.places.as_ref().clone(),
            addresses: self.engine.has_addresses(),
            sources: self.engine.sources().as_ref().clone(),
            tiles: self.tiles.clone(),
        }
    }
}

/// A coverage row of a 日常生活圏域 with `listings` and nothing else, for the tests of the
/// planning page's parts.
#[cfg(test)]
pub(crate) fn test_row(id: &str, listings: u64) -> model::coverage::CoverageRow {
    model::coverage::CoverageRow {
        area_id: id.into(),
        name: id.into(),
        kind: AreaKind::DailyLifeArea,
        municipality_code: None,
        listings,
        population: None,
        per_10k_65: None,
        per_10k_75: None,
        near: None,
        categories: Default::default(),
        services: Default::default(),
        designations: Default::default(),
        activities: Default::default(),
    }
}
