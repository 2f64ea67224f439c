//! The scene pages' answers: each kind of listing a scene offers counted by the same search as
//! every page, and the scene's listings per 日常生活圏域.

use super::Site;
use crate::url;
use crate::wire::SceneView;
use model::search::SearchQuery;
use model::taxonomy;

/// The pairs of a search for one kind of listing of a scene.
fn rule_pairs(r: &taxonomy::SceneRule) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, codes) in [
        ("category", r.categories),
        ("service", r.services),
        ("capability", r.capabilities),
    ] {
        out.extend(codes.iter().map(|c| (key.to_string(), (*c).to_string())));
    }
    out
}

/// A rule as a search query.
fn rule_query(r: &taxonomy::SceneRule) -> SearchQuery {
    let owned = |codes: &[&str]| codes.iter().map(|c| (*c).to_string()).collect();
    SearchQuery {
        categories: owned(r.categories),
        services: owned(r.services),
        capabilities: owned(r.capabilities),
        per_page: Some(1),
        ..SearchQuery::default()
    }
}

impl Site {
    /// The page of the scene at `slug` (None: no such scene). Counts are public ones.
    pub fn scene(&self, slug: &str) -> Option<SceneView> {
        let def = taxonomy::scene_by_slug(slug)?;
        let count = |q: &SearchQuery| self.engine.search(q).map(|r| r.total).unwrap_or(0);
        let all = self
            .engine
            .search(&SearchQuery {
                scenes: vec![def.code.to_string()],
                per_page: Some(1),
                ..SearchQuery::default()
            })
            .ok();
        let lang = crate::i18n::lang();
        let rules = def
            .rules_in(lang)
            .iter()
            .map(|r| {
                let mut pairs = rule_pairs(r);
                pairs.push(("sort".into(), "name".into()));
                (
                    r.label.to_string(),
                    url::href("/", &pairs),
                    count(&rule_query(r)),
                )
            })
            .collect();
        let areas = self
            .area_summaries()
            .iter()
            .filter(|a| a.daily_life)
            .map(|a| {
                let n = all
                    .as_ref()
                    .and_then(|r| r.facets.area.get(&a.id).copied())
                    .unwrap_or(0);
                (a.id.clone(), a.name.clone(), n)
            })
            .collect();
        Some(SceneView {
            code: def.code.to_string(),
            label: def.label_in(lang).to_string(),
            explanation: def.explanation_in(lang).to_string(),
            total: all.map_or(0, |r| r.total),
            rules,
            areas,
            credits: self.engine.sources().as_ref().clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rules_search_asks_for_its_kind_only() {
        let r = &taxonomy::scene("end_of_life").unwrap().rules[4];
        assert_eq!(
            rule_pairs(r),
            [
                ("service".to_string(), "pharmacy".to_string()),
                ("capability".to_string(), "narcotics".to_string())
            ]
        );
        let q = rule_query(r);
        assert_eq!(q.services, ["pharmacy"]);
        assert_eq!(q.capabilities, ["narcotics"]);
        assert!(q.categories.is_empty() && q.scenes.is_empty());
    }
}
