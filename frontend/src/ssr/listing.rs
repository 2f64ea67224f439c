//! A listing's page and an area's page.

use super::{Site, summary, today};
use crate::wire::{AreaView, FacilityView};
use model::search::{Near, SearchQuery, Sort};

impl Site {
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
}
