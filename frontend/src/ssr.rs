//! The server side of the pages: the site's state and the answers of the server functions in
//! [`crate::site`], all from the same [`Engine`] and parameter parser as the REST API.

use crate::format;
use crate::url;
use crate::wire::{
    AreaSummary, AreaView, Condition, FacilityView, PRINT_LIMIT, Place, PrintProfessional,
    PrintRow, PrintView, SearchView, SiteInfo, Tiles,
};
use indexer::engine::Engine;
use model::account::{SESSION_COOKIE, Viewer, clearance_of};
use model::area::{Area, AreaKind};
use model::facility::Visibility;
use model::geo::LatLng;
use model::params::SearchParams;
use model::search::{MapPoints, Near, SearchQuery, Sort};
use model::sources::DataSource;
use std::borrow::Cow;
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

/// A sort key that orders the numbers inside a text by value (「area-2」 before 「area-10」).
fn natural_key(s: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                out.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(c);
        }
    }
    out.push((text, digits.parse().unwrap_or(0)));
    out
}

fn summary(a: &Area) -> AreaSummary {
    AreaSummary {
        id: a.id.clone(),
        name: a.name.clone(),
        kind: a.kind.label().to_string(),
        daily_life: a.kind == AreaKind::DailyLifeArea,
    }
}

/// Today's date in Japan.
fn today() -> chrono::NaiveDate {
    model::clock::today()
}

/// A visitor-facing message for parameters that could not be read.
fn explain(e: &model::ValidationError) -> String {
    format!("検索条件を読み取れませんでした。条件を変えてお試しください。（{e}）")
}

impl Site {
    /// The site over an engine. The sample municipality's 町丁目 become the "near a place" list
    /// when its areas are loaded.
    pub fn new(engine: Arc<Engine>, tiles: Tiles) -> Site {
        let places = if engine.area("sample-city").is_some() {
            fixtures::sample::sample_city()
                .towns
                .iter()
                .map(|t| Place {
                    name: t.name.to_string(),
                    kana: t.kana.to_string(),
                    point: t.center,
                })
                .collect()
        } else {
            Vec::new()
        };
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
        areas.sort_by_cached_key(|a| (!a.daily_life, natural_key(&a.id)));
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

    /// Reads a page's query string into a search, resolving a typed place into a point.
    fn query(&self, query: &str) -> Result<(SearchQuery, Option<(LatLng, String)>), String> {
        let mut pairs = url::pairs(query);
        let now = model::clock::now();
        // A typed place replaces a point from an earlier map click or "near me"; its radius
        // is read by the same parser, from the place's coordinates. The sample's towns are
        // looked up by name; everything else goes to the geocoder.
        let place: Option<(LatLng, String)> = match url::get(&pairs, "place").map(str::trim) {
            Some(name) => Some(
                match self
                    .places
                    .iter()
                    .find(|p| p.name == name || p.kana == name)
                {
                    Some(p) => (p.point, p.name.clone()),
                    None => match self.engine.geocode(name) {
                        Some(g) => (g.point(), g.matched),
                        None if self.engine.has_addresses() => {
                            return Err(format!(
                                "「{name}」という住所・町名が見つかりませんでした。市区町村名から入力するか、候補から選んでください（例：枚方市伊加賀北町）。"
                            ));
                        }
                        None => {
                            return Err(format!(
                                "「{name}」という町名は一覧にありません。候補から選んでください。"
                            ));
                        }
                    },
                },
            ),
            None => None,
        };
        if let Some((point, _)) = &place {
            pairs.retain(|(k, _)| k != "lat" && k != "lng");
            pairs.push(("lat".into(), point.lat.to_string()));
            pairs.push(("lng".into(), point.lng.to_string()));
        }
        let q = SearchParams::from_pairs(url::search_pairs(&pairs), now)
            .map_err(|e| explain(&e))?
            .query;
        let origin = match (place, q.near) {
            (Some((point, name)), _) => Some((point, format!("{name}付近"))),
            (None, Some(n)) => Some((n.point, "指定した地点".to_string())),
            (None, None) => None,
        };
        q.validate().map_err(|e| explain(&e))?;
        Ok((q, origin))
    }

    /// A search page's results, as a viewer with `clearance` may see them.
    pub fn search(&self, query: &str, clearance: Visibility) -> SearchView {
        let today = today();
        let failed = |error: String| SearchView {
            response: None,
            error: Some(error),
            origin: None,
            conditions: Vec::new(),
            today,
            credits: Vec::new(),
        };
        match self.query(query) {
            Ok((q, origin)) => match self.engine.search_as(&q, clearance) {
                Ok(r) => SearchView {
                    credits: self.hit_credits(&r.hits),
                    response: Some(r),
                    error: None,
                    conditions: self.conditions(&q, origin.as_ref()),
                    origin,
                    today,
                },
                Err(e) => failed(format!("検索できませんでした（{e}）")),
            },
            Err(e) => failed(e),
        }
    }

    /// Map markers of a page's query (none when the query is invalid), within `view` (the
    /// map's visible rectangle, `minLng,minLat,maxLng,maxLat`) when given.
    pub fn points(
        &self,
        query: &str,
        view: Option<&str>,
        clearance: Visibility,
    ) -> Result<MapPoints, String> {
        let Ok((mut q, _)) = self.query(query) else {
            return Ok(MapPoints::default());
        };
        if let Some(v) = view {
            let now = model::clock::now();
            let view = SearchParams::from_pairs([(Cow::Borrowed("bbox"), Cow::Borrowed(v))], now)
                .map_err(|e| e.to_string())?
                .query
                .bbox;
            q.bbox = match (q.bbox, view) {
                (Some(a), Some(b)) => match a.intersection(&b) {
                    Some(x) => Some(x),
                    None => return Ok(MapPoints::default()),
                },
                (a, b) => b.or(a),
            };
        }
        self.engine
            .map_points_as(&q, clearance, MAP_POINTS_LIMIT, MAP_GRID)
            .map_err(|e| e.to_string())
    }

    /// A facility page: the fields the viewer may see, areas, parent and nearby listings of the
    /// same category.
    pub async fn facility(&self, id: &str) -> Result<Option<FacilityView>, String> {
        let clearance = self.clearance().await;
        let model::facility::FacilityView {
            facility: f,
            professional,
        } = match self.engine.get(id).await {
            Ok(f) => f.view_for(clearance),
            Err(indexer::Error::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let areas = f
            .areas
            .iter()
            .filter_map(|a| self.engine.area(a))
            .map(|a| summary(&a))
            .collect();
        let parent = match &f.parent_id {
            Some(p) => self
                .engine
                .get(p.as_str())
                .await
                .ok()
                .map(|p| (p.id.0, p.name)),
            None => None,
        };
        let nearby = match f.location {
            Some(l) => self
                .engine
                .search_as(
                    &SearchQuery {
                        categories: vec![f.category.clone()],
                        near: Some(Near {
                            point: l.point(),
                            radius_m: None,
                        }),
                        sort: Sort::Distance,
                        per_page: Some(7),
                        ..SearchQuery::default()
                    },
                    clearance,
                )
                .map(|r| {
                    r.hits
                        .into_iter()
                        .filter(|h| h.id != f.id)
                        .take(6)
                        .collect()
                })
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let mut credits = self.credits(f.provenance.source_ids().iter().map(String::as_str));
        if f.location.is_some_and(|l| l.level.is_some()) {
            credits.extend(self.credits([model::sources::ADDRESSES]));
        }
        for c in self.hit_credits(&nearby) {
            if !credits.iter().any(|x| x.id == c.id) {
                credits.push(c);
            }
        }
        Ok(Some(FacilityView {
            satellites: self.engine.satellites(f.id.as_str()),
            credits,
            facility: f,
            professional,
            areas,
            parent,
            nearby,
            today: today(),
        }))
    }

    /// An area page.
    pub fn area(&self, id: &str) -> Option<AreaView> {
        let a = self.engine.area(id)?;
        Some(AreaView {
            area: summary(&a),
            description: a.description.clone(),
            geojson: indexer::import::geojson::area_feature(&a, serde_json::Map::new()).to_string(),
        })
    }

    /// The conditions of a query in words, each with the parameter it comes from.
    fn conditions(&self, q: &SearchQuery, origin: Option<&(LatLng, String)>) -> Vec<Condition> {
        let cond = |label: String, key: &str, value: Option<&str>| Condition {
            label,
            key: key.to_string(),
            value: value.map(str::to_string),
        };
        let mut out = Vec::new();
        if let Some(t) = q.text() {
            out.push(cond(format!("「{t}」"), "q", None));
        }
        let areas = self.area_summaries();
        for a in &q.areas {
            let name = areas
                .iter()
                .find(|x| &x.id == a)
                .map_or(a.clone(), |x| x.name.clone());
            out.push(cond(name, "area", Some(a)));
        }
        for c in &q.categories {
            out.push(cond(format::category(c).to_string(), "category", Some(c)));
        }
        for c in &q.services {
            out.push(cond(format::service(c).to_string(), "service", Some(c)));
        }
        for c in &q.capabilities {
            out.push(cond(
                format::capability(c).to_string(),
                "capability",
                Some(c),
            ));
        }
        if let Some((_, label)) = origin {
            let label = match q.near.and_then(|n| n.radius_m) {
                Some(r) => format!("{label}から{}以内", format::distance(r)),
                None => format!("{label}から近い順"),
            };
            out.push(cond(label, "near", None));
        }
        if q.bbox.is_some() {
            out.push(cond("地図の表示範囲".into(), "bbox", None));
        }
        if let Some(t) = q.open_at {
            let now = model::clock::now();
            let label = if (t.timestamp() - now.timestamp()).abs() < 120 {
                "今開いている".to_string()
            } else {
                format!("{}に開いている", t.format("%-m月%-d日 %H:%M"))
            };
            out.push(cond(label, "open_at", None));
        }
        match q.accepting {
            Some(true) => out.push(cond("受け入れ可".into(), "accepting", None)),
            Some(false) => out.push(cond("受け入れ停止中".into(), "accepting", None)),
            None => {}
        }
        out
    }

    /// A printable list: every match (up to [`PRINT_LIMIT`]) grouped by category, with hours.
    pub async fn print(&self, query: &str) -> PrintView {
        let today = today();
        let clearance = self.clearance().await;
        let mut view = PrintView {
            conditions: Vec::new(),
            groups: Vec::new(),
            total: 0,
            printed: 0,
            credits: Vec::new(),
            today,
            error: None,
        };
        let (mut q, origin) = match self.query(query) {
            Ok(x) => x,
            Err(e) => {
                view.error = Some(e);
                return view;
            }
        };
        view.conditions = self.conditions(&q, origin.as_ref());
        q.per_page = Some(model::search::MAX_PER_PAGE);
        let mut hits = Vec::new();
        for page in 1.. {
            q.page = Some(page);
            let Ok(r) = self.engine.search_as(&q, clearance) else {
                break;
            };
            view.total = r.total;
            let done = r.hits.is_empty();
            hits.extend(r.hits);
            if done || hits.len() >= PRINT_LIMIT || hits.len() as u64 >= r.total {
                break;
            }
        }
        hits.truncate(PRINT_LIMIT);
        view.printed = hits.len();
        // The full records in one read (fax, hours, professional fields are not in the hits).
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        let mut full: std::collections::HashMap<String, model::facility::FacilityView> = self
            .engine
            .get_many(&ids)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|f| (f.id.0.clone(), f.view_for(clearance)))
            .collect();
        for c in model::taxonomy::CATEGORIES {
            let mut rows = Vec::new();
            for h in hits.iter().filter(|h| h.category == c.code) {
                let f = full.remove(h.id.as_str());
                let pro = f.as_ref().and_then(|f| f.professional.as_ref());
                let f = f.as_ref().map(|f| &f.facility);
                rows.push(PrintRow {
                    id: h.id.0.clone(),
                    name: h.name.clone(),
                    services: h
                        .services
                        .iter()
                        .map(|s| format::service(s))
                        .collect::<Vec<_>>()
                        .join("・"),
                    address: h.address.clone(),
                    phone: h.phone.clone(),
                    fax: f.and_then(|f| f.fax.clone()),
                    hours: f
                        .and_then(|f| f.opening_hours.as_ref())
                        .map(format::week_summary),
                    professional: pro.map(|p| PrintProfessional {
                        phone: p.phone.clone(),
                        fax: p.fax.clone(),
                        contact_times: p
                            .contact_windows
                            .iter()
                            .map(format::contact_window)
                            .collect::<Vec<_>>()
                            .join("／"),
                        note: p.internal_note.clone(),
                    }),
                    acceptance: h
                        .accepting
                        .map(|_| format::acceptance(h.accepting, h.accepting_as_of, today).0),
                });
            }
            if !rows.is_empty() {
                view.groups.push((c.label.to_string(), rows));
            }
        }
        view.credits = self.hit_credits(&hits);
        view
    }

    /// The ケアマネタイム board's search: the next `day` at `time` in Japan time (now when
    /// neither is given), medical listings, optional areas.
    pub fn contact_board(&self, query: &str, clearance: Visibility) -> SearchView {
        use chrono::{Datelike, Duration, Timelike};
        let pairs = url::pairs(query);
        let now = model::clock::now();
        let day = url::get(&pairs, "day").and_then(|d| {
            model::schedule::Day::ALL
                .into_iter()
                .position(|x| url::day_code(x) == d)
        });
        let time = url::get(&pairs, "time").and_then(model::schedule::TimeOfDay::parse);
        let at = match (day, time) {
            (None, None) => "now".to_string(),
            (day, time) => {
                let today = now.weekday().num_days_from_monday() as i64;
                let ahead = day.map_or(0, |d| (d as i64 - today).rem_euclid(7));
                let date = now.date_naive() + Duration::days(ahead);
                let minutes = time.map_or((now.hour() * 60 + now.minute()) as u16, |t| t.minutes());
                format!("{}T{:02}:{:02}", date, minutes / 60, minutes % 60)
            }
        };
        let mut q: Vec<(String, String)> = pairs
            .into_iter()
            .filter(|(k, _)| k == "area" || k == "page")
            .collect();
        q.push(("category".into(), "medical".into()));
        q.push(("contact_window_at".into(), at));
        q.push(("sort".into(), "name".into()));
        q.push(("per_page".into(), "50".into()));
        self.search(&url::encode(&q), clearance)
    }
}
