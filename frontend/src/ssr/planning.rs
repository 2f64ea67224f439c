//! The planning page's answer: the coverage per 日常生活圏域 or municipality — the same
//! [`indexer::engine::Engine::coverage`] and parameter reader as `/api/v1/coverage` — sorted as
//! the visitor asked, with its choropleth.

use super::choropleth::choropleth;
use super::{Site, explain, today};
use crate::i18n::{Lang, lang};
use crate::url;
use crate::wire::{PLANNING_COLUMNS, PlanningView};
use model::AreaKind;
use model::coverage::{CoverageLevel, CoverageRow, Indicator};
use model::params::CoverageParams;
use std::cmp::Ordering;

/// The `prefecture` value that asks for every municipality of Japan.
pub const ALL_JAPAN: &str = "all";

/// A row's number in a sort column (None sorts last either way).
fn sort_value(row: &CoverageRow, column: &str) -> Option<f64> {
    let people = row.population.as_ref().map(|p| &p.population);
    match column {
        "listings" => Some(row.listings as f64),
        "aged_65" => people.map(|p| p.aged_65 as f64),
        "aged_75" => people.map(|p| p.aged_75 as f64),
        "per_10k_65" => row.per_10k_65,
        "per_10k_75" => row.per_10k_75,
        "near_share" => row.near.as_ref().and_then(|n| n.share),
        _ => None,
    }
}

/// Sorts `rows` by `column` (a [`PLANNING_COLUMNS`] code), rows without a value last, ties by
/// the engine's order (gaps first, then id).
pub fn sort_rows(rows: &mut [CoverageRow], column: &str, descending: bool) {
    let order = |o: Ordering| if descending { o.reverse() } else { o };
    rows.sort_by(|a, b| {
        if column == "name" {
            return order(a.name.cmp(&b.name));
        }
        match (sort_value(a, column), sort_value(b, column)) {
            (Some(x), Some(y)) => order(x.total_cmp(&y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    });
}

/// Removes every `key` from `pairs`, answering its last non-empty value.
fn take(pairs: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let value = pairs
        .iter()
        .rev()
        .find(|(k, v)| k == key && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string());
    pairs.retain(|(k, _)| k != key);
    value
}

impl Site {
    /// The planning page for a query string: the coverage API's parameters plus `indicator`
    /// (what colours the map), `sort` and `order` (the table). Without a level it shows the
    /// 日常生活圏域 when any are loaded, else the municipalities; the municipalities of the
    /// 圏域's prefecture unless a prefecture, a municipality or all of Japan
    /// (`prefecture=all`) is asked for.
    pub async fn planning(&self, query: &str) -> PlanningView {
        // The 日常生活圏域 loaded, and the prefecture of their municipality (the default of
        // the municipal level).
        let areas = self.engine.areas();
        let daily: Vec<&model::Area> = areas
            .iter()
            .filter(|a| a.kind != AreaKind::Municipality)
            .collect();
        let has_areas = !daily.is_empty();
        let home = daily
            .iter()
            .find_map(|a| a.municipality_code.as_deref()?.get(..2).map(str::to_string));
        let prefectures: Vec<(String, String)> = self
            .engine
            .boundary_prefectures()
            .into_iter()
            .filter_map(|c| {
                let name = model::geocode::prefecture_of_code(&c)?;
                Some((c, name.to_string()))
            })
            .collect();
        let mut view = PlanningView {
            error: None,
            level: CoverageLevel::Area,
            indicator: Indicator::default(),
            within_m: None,
            prefecture: None,
            prefectures,
            has_areas,
            conditions: Vec::new(),
            rows: Vec::new(),
            sort: None,
            map: None,
            credits: Vec::new(),
            today: today(),
        };
        let mut pairs = url::pairs(query);
        let indicator = take(&mut pairs, "indicator");
        let sort = take(&mut pairs, "sort");
        let order = take(&mut pairs, "order");
        pairs.retain(|(k, _)| k != "format");
        // 「全国」: no prefecture, and no default one either.
        let all_japan = pairs
            .iter()
            .any(|(k, v)| k == "prefecture" && v == ALL_JAPAN);
        pairs.retain(|(k, v)| !(k == "prefecture" && v == ALL_JAPAN));
        view.indicator = match indicator.as_deref().map(Indicator::from_code) {
            None => Indicator::default(),
            Some(Some(i)) => i,
            Some(None) => {
                let code = indicator.unwrap_or_default();
                view.error = Some(match lang() {
                    Lang::Ja => format!("色分けの指標「{code}」は選べません。"),
                    Lang::En => format!("The map cannot be coloured by \"{code}\"."),
                });
                return view;
            }
        };
        view.sort = match sort {
            None => None,
            Some(c) if PLANNING_COLUMNS.iter().any(|(code, _)| *code == c) => {
                Some((c, order.as_deref() == Some("desc")))
            }
            Some(c) => {
                view.error = Some(match lang() {
                    Lang::Ja => format!("並べ替えの列「{c}」はありません。"),
                    Lang::En => format!("There is no column \"{c}\" to sort by."),
                });
                return view;
            }
        };
        if url::get(&pairs, "level").is_none() && !has_areas {
            pairs.push(("level".into(), "municipality".into()));
        }
        // A share needs a distance: 5 km unless another is asked for.
        if view.indicator == Indicator::NearShare && url::get(&pairs, "within_m").is_none() {
            pairs.push(("within_m".into(), "5000".into()));
        }
        let mut p = match CoverageParams::parse(&url::encode(&pairs), model::clock::now()) {
            Ok(p) => p,
            Err(e) => {
                view.error = Some(explain(&e));
                return view;
            }
        };
        // The municipalities of the 圏域's prefecture by default (all of Japan is one click
        // away in the form); the form shows that prefecture at the area level too.
        let shown_prefecture = match (&p.prefecture, all_japan) {
            (Some(code), _) => Some(code.clone()),
            (None, true) => None,
            (None, false) => home,
        };
        match p.level {
            CoverageLevel::Municipality if p.query.municipality.is_none() => {
                p.prefecture.clone_from(&shown_prefecture);
            }
            CoverageLevel::Municipality => {}
            // The form's prefecture is for the municipal level only.
            CoverageLevel::Area => p.prefecture = None,
        }
        view.level = p.level;
        view.within_m = p.within_m;
        view.prefecture = shown_prefecture;
        view.conditions = self.conditions(&p.query, None);
        let coverage = match self
            .engine
            .coverage(&p.query, p.level, p.prefecture.as_deref(), p.within_m)
            .await
        {
            Ok(c) => c,
            Err(e) => {
                view.error = Some(match lang() {
                    Lang::Ja => format!("集計できませんでした。（{e}）"),
                    Lang::En => format!("Could not count. ({e})"),
                });
                return view;
            }
        };
        let mut rows = coverage.rows;
        if let Some((column, descending)) = &view.sort {
            sort_rows(&mut rows, column, *descending);
        }
        view.map = choropleth(view.indicator, &rows, |id| self.engine.area(id));
        view.rows = rows;
        let mut credits = coverage.sources;
        for s in self.engine.sources().iter() {
            if !credits.iter().any(|c| c.id == s.id) {
                credits.push(s.clone());
            }
        }
        view.credits = credits;
        view
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::coverage::NearShare;

    fn row(id: &str, listings: u64, share: Option<f64>) -> CoverageRow {
        CoverageRow {
            near: share.map(|s| NearShare {
                aged_75: 10,
                covered: (s * 10.0) as u64,
                share: Some(s),
            }),
            ..crate::ssr::test_row(id, listings)
        }
    }

    fn ids(rows: &[CoverageRow]) -> Vec<&str> {
        rows.iter().map(|r| r.area_id.as_str()).collect()
    }

    #[test]
    fn sorting_puts_rows_without_a_value_last_both_ways() {
        let mut rows = vec![
            row("a", 3, Some(0.5)),
            row("b", 1, None),
            row("c", 2, Some(0.9)),
        ];
        sort_rows(&mut rows, "near_share", false);
        assert_eq!(ids(&rows), ["a", "c", "b"]);
        sort_rows(&mut rows, "near_share", true);
        assert_eq!(ids(&rows), ["c", "a", "b"]);
        sort_rows(&mut rows, "listings", true);
        assert_eq!(ids(&rows), ["a", "c", "b"]);
        sort_rows(&mut rows, "name", false);
        assert_eq!(ids(&rows), ["a", "b", "c"]);
    }

    #[test]
    fn take_removes_every_copy_and_answers_the_last_value() {
        let mut pairs = url::pairs("sort=name&level=area&sort=listings&sort=");
        assert_eq!(take(&mut pairs, "sort").as_deref(), Some("listings"));
        assert_eq!(pairs, [("level".to_string(), "area".to_string())]);
        assert_eq!(take(&mut pairs, "sort"), None);
    }
}
