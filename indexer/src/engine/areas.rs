//! Loading areas: 日常生活圏域 and other areas, and the municipal boundaries.

use super::Engine;
use crate::areas::AreaSet;
use crate::error::Result;
use crate::store::imports::NewReview;
use model::review::ImportReport;
use model::sources::DataSource;
use model::{Area, AreaKind};

impl Engine {
    /// Stores areas and places every located listing again: its municipality from the
    /// boundaries when it has none, and its areas — a listing in a gap between the polygons of
    /// its municipality's 日常生活圏域 goes to the nearest one and is queued for review. One
    /// transaction writes the areas, the listings, the queue and the source's credit.
    pub async fn upsert_areas(&self, areas: Vec<Area>) -> Result<ImportReport> {
        self.import_areas(areas, None).await
    }

    /// [`Engine::upsert_areas`] recording the areas' source and its credit line.
    pub async fn import_areas(
        &self,
        areas: Vec<Area>,
        source: Option<DataSource>,
    ) -> Result<ImportReport> {
        for a in &areas {
            if a.id.trim().is_empty() {
                return Err(model::ValidationError::MissingField("area id").into());
            }
        }
        let mut report = ImportReport {
            source: source.as_ref().map(|s| s.id.clone()).unwrap_or_default(),
            records: areas.len(),
            ..ImportReport::default()
        };
        let _w = self.writer.lock().await;
        // The new set: what is stored, with these areas replacing their ids.
        let mut all = self.store.all_areas().await?;
        all.retain(|a| !areas.iter().any(|n| n.id == a.id));
        all.extend(areas.iter().cloned());
        let area_set = AreaSet::new(all);
        let mut changed = Vec::new();
        let mut reviews = Vec::new();
        self.store
            .for_each_facility(|s| {
                let Some(l) = s.facility.location else {
                    return;
                };
                let f = s.facility;
                let municipality = f
                    .municipality_code
                    .clone()
                    .or_else(|| area_set.municipality_of(l.point()));
                let a = area_set.assign(l.point(), municipality.as_deref());
                if let Some(gap) = a.nearest {
                    report.area_gaps += 1;
                    reviews.push(NewReview::area_gap(&f, gap));
                }
                if a.areas != f.areas || municipality != f.municipality_code {
                    let mut f = f;
                    f.areas = a.areas;
                    f.municipality_code = municipality;
                    changed.push(f);
                }
            })
            .await?;
        report.updated = changed.len();
        let written = self
            .store
            .write_areas(&areas, changed, &reviews, source.as_ref(), &report)
            .await?;
        self.install_areas(area_set);
        if areas.iter().any(|a| a.kind == AreaKind::Municipality) {
            self.reload_geocoder().await?;
        }
        self.apply_written(&written.written.rows())?;
        self.reload_sources().await?;
        Ok(report)
    }
}
