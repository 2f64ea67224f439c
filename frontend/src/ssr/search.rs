//! The search page and the ケアマネタイム board: a query string read as the API reads it, the
//! answer, the map points, and the conditions in words.

use super::{MAP_GRID, MAP_POINTS_LIMIT, Site, explain, today};
use crate::format::{Piece, data, words};
use crate::i18n::{Lang, lang, tr};
use crate::wire::{Condition, SearchView};
use crate::{format, url};
use model::facility::Visibility;
use model::geo::LatLng;
use model::params::SearchParams;
use model::search::{MapPoints, SearchQuery};
use std::borrow::Cow;

/// Where a near search measures from: the point, and the typed place's name (None: a map click
/// or 現在地).
pub(super) type Origin = (LatLng, Option<String>);

impl Site {
    /// Reads a page's query string into a search, resolving a typed place into a point.
    pub(super) fn query(&self, query: &str) -> Result<(SearchQuery, Option<Origin>), String> {
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
                            return Err(match lang() {
                                Lang::Ja => format!(
                                    "「{name}」という住所・町名が見つかりませんでした。市区町村名から入力するか、候補から選んでください（例：枚方市伊加賀北町）。"
                                ),
                                Lang::En => format!(
                                    "No address or town called \"{name}\" was found. Type it in Japanese starting with the municipality, or pick a suggestion (e.g. 枚方市伊加賀北町)."
                                ),
                            });
                        }
                        None => {
                            return Err(match lang() {
                                Lang::Ja => format!(
                                    "「{name}」という町名は一覧にありません。候補から選んでください。"
                                ),
                                Lang::En => format!(
                                    "\"{name}\" is not among the towns listed. Please pick a suggestion."
                                ),
                            });
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
            (Some((point, name)), _) => Some((point, Some(name))),
            (None, Some(n)) => Some((n.point, None)),
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
            kinds: Vec::new(),
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
                    kinds: named_kinds(&q),
                },
                Err(e) => failed(match lang() {
                    Lang::Ja => format!("検索できませんでした（{e}）"),
                    Lang::En => format!("The search failed ({e})"),
                }),
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

    /// The conditions of a query in words, each with the parameter it comes from.
    pub(super) fn conditions(&self, q: &SearchQuery, origin: Option<&Origin>) -> Vec<Condition> {
        let cond = |label: Vec<Piece>, key: &str, value: Option<&str>| Condition {
            label,
            key: key.to_string(),
            value: value.map(str::to_string),
        };
        let mut out = Vec::new();
        if let Some(t) = q.text() {
            out.push(cond(
                vec![words(tr("「", "\"")), data(t), words(tr("」", "\""))],
                "q",
                None,
            ));
        }
        let areas = self.area_summaries();
        for a in &q.areas {
            let name = areas
                .iter()
                .find(|x| &x.id == a)
                .map_or(a.clone(), |x| x.name.clone());
            out.push(cond(vec![data(name)], "area", Some(a)));
        }
        for c in &q.categories {
            out.push(cond(vec![words(format::category(c))], "category", Some(c)));
        }
        for c in &q.services {
            out.push(cond(vec![words(format::service(c))], "service", Some(c)));
        }
        for c in &q.capabilities {
            out.push(cond(
                vec![words(format::capability(c))],
                "capability",
                Some(c),
            ));
        }
        for c in &q.scenes {
            let label = model::taxonomy::scene(c).map_or(c.as_str(), |s| s.label_in(lang()));
            out.push(cond(
                vec![words(format!("{}{label}", tr("場面：", "Scene: ")))],
                "scene",
                Some(c),
            ));
        }
        if let Some((_, place)) = origin {
            let from = format::origin(place.as_deref());
            let label = match (lang(), q.near.and_then(|n| n.radius_m)) {
                (Lang::Ja, Some(r)) => [
                    from,
                    vec![words(format!("から{}以内", format::distance(r)))],
                ]
                .concat(),
                (Lang::Ja, None) => [from, vec![words("から近い順")]].concat(),
                (Lang::En, Some(r)) => [
                    vec![words(format!("Within {} of ", format::distance(r)))],
                    from,
                ]
                .concat(),
                (Lang::En, None) => [vec![words("Nearest to ")], from].concat(),
            };
            out.push(cond(label, "near", None));
        }
        if q.bbox.is_some() {
            out.push(cond(
                vec![words(tr("地図の表示範囲", "The map's visible area"))],
                "bbox",
                None,
            ));
        }
        if let Some(t) = q.open_at {
            let now = model::clock::now();
            let label = if (t.timestamp() - now.timestamp()).abs() < 120 {
                tr("今開いている", "Open now").to_string()
            } else {
                match lang() {
                    Lang::Ja => format!("{}に開いている", t.format("%-m月%-d日 %H:%M")),
                    Lang::En => format!("Open at {}", t.format("%-d %b %H:%M")),
                }
            };
            out.push(cond(vec![words(label)], "open_at", None));
        }
        match q.accepting {
            Some(true) => out.push(cond(
                vec![words(tr("受け入れ可", "Accepting"))],
                "accepting",
                None,
            )),
            Some(false) => out.push(cond(
                vec![words(tr("受け入れ停止中", "Not accepting"))],
                "accepting",
                None,
            )),
            None => {}
        }
        out
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

/// On the English site, the kinds an English keyword names, not already chosen (at most six).
fn named_kinds(q: &SearchQuery) -> Vec<(String, String, String)> {
    let Some(text) = q.text.as_deref().filter(|_| lang().is_en()) else {
        return Vec::new();
    };
    let chosen = |param: &str, code: &str| match param {
        "category" => q.categories.iter().any(|c| c == code),
        "service" => q.services.iter().any(|c| c == code),
        "capability" => q.capabilities.iter().any(|c| c == code),
        _ => q.scenes.iter().any(|c| c == code),
    };
    model::taxonomy::kinds_named(text, 12)
        .into_iter()
        .filter(|k| !chosen(k.param, k.code))
        .take(6)
        .map(|k| (k.param.into(), k.code.into(), k.label.into()))
        .collect()
}
