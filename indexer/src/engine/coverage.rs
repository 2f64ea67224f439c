//! Coverage per area (see [`model::coverage`]): the search's own counts per area under the
//! visitor's filters, divided by the stored populations, and the share of the 75+ living near
//! a matching listing, from the census' small areas joined to address points.

use super::Engine;
use crate::error::Result;
use model::coverage::{Coverage, CoverageLevel, CoverageRow, NearShare, per_10k};
use model::population::AreaPopulation;
use model::search::{Near, SearchQuery};
use model::sources::{CENSUS_SMALL_AREAS, JUKI_POPULATION};
use model::taxonomy::{self, CapabilityKind};
use model::{Area, AreaKind};
use std::collections::{BTreeMap, BTreeSet};

/// The population a row divides by: for a municipality the 住民基本台帳's (newer, and what the
/// municipality itself publishes) when loaded, else the census'.
fn population_of(
    area: &Area,
    by_area: &BTreeMap<&str, Vec<&AreaPopulation>>,
) -> Option<AreaPopulation> {
    let rows = by_area.get(area.id.as_str())?;
    let pick = |source: &str| rows.iter().find(|p| p.source == source).copied();
    let chosen = if area.kind == AreaKind::Municipality {
        pick(JUKI_POPULATION).or_else(|| pick(CENSUS_SMALL_AREAS))
    } else {
        pick(CENSUS_SMALL_AREAS).or_else(|| rows.first().copied())
    };
    chosen.cloned()
}

impl Engine {
    /// Coverage of the listings matching `q` (its text, categories, services, capabilities,
    /// acceptance and statuses; its own areas and places are replaced by each row's area) per
    /// area of `level` — of `q.municipality` only when it names one, of `prefecture` (2-digit
    /// code) only when given — with the near share of the 75+ within `within_m` metres when
    /// asked for.
    pub async fn coverage(
        &self,
        q: &SearchQuery,
        level: CoverageLevel,
        prefecture: Option<&str>,
        within_m: Option<u32>,
    ) -> Result<Coverage> {
        q.validate()?;
        let populations = self.area_populations().await?;
        let mut by_area: BTreeMap<&str, Vec<&AreaPopulation>> = BTreeMap::new();
        for p in &populations {
            by_area.entry(p.area_id.as_str()).or_default().push(p);
        }
        let areas: Vec<Area> = match level {
            CoverageLevel::Area => self
                .areas()
                .into_iter()
                .filter(|a| a.kind != AreaKind::Municipality)
                .filter(|a| {
                    q.municipality
                        .as_deref()
                        .is_none_or(|m| a.municipality_code.as_deref() == Some(m))
                })
                .collect(),
            CoverageLevel::Municipality => self.municipal_boundaries(q.municipality.as_deref()),
        }
        .into_iter()
        .filter(|a| {
            prefecture.is_none_or(|p| {
                a.municipality_code
                    .as_deref()
                    .is_some_and(|c| c.starts_with(p))
            })
        })
        .collect();
        // The filters every count shares: the visitor's, without places.
        let base = SearchQuery {
            areas: Vec::new(),
            municipality: None,
            near: None,
            bbox: None,
            serves: None,
            page: None,
            per_page: Some(1),
            ..q.clone()
        };
        let near = match within_m {
            Some(d) => Some(self.near_shares(&base, &areas, level, d).await?),
            None => None,
        };
        let mut rows = Vec::with_capacity(areas.len());
        for area in &areas {
            let mut aq = base.clone();
            match level {
                CoverageLevel::Area => aq.areas = vec![area.id.clone()],
                CoverageLevel::Municipality => aq.municipality = area.municipality_code.clone(),
            }
            let r = self.search(&aq)?;
            let population = population_of(area, &by_area);
            let (p65, p75) = population
                .as_ref()
                .map_or((0, 0), |p| (p.population.aged_65, p.population.aged_75));
            let (mut designations, mut activities) = (BTreeMap::new(), BTreeMap::new());
            for (code, n) in r.facets.capability {
                match taxonomy::capability(&code).map(|c| c.kind) {
                    Some(CapabilityKind::Designation) => designations.insert(code, n),
                    _ => activities.insert(code, n),
                };
            }
            rows.push(CoverageRow {
                area_id: area.id.clone(),
                name: area.name.clone(),
                kind: area.kind,
                municipality_code: area.municipality_code.clone(),
                listings: r.total,
                per_10k_65: per_10k(r.total, p65),
                per_10k_75: per_10k(r.total, p75),
                near: near.as_ref().map(|n| {
                    let (aged_75, covered) = n.get(area.id.as_str()).copied().unwrap_or((0, 0));
                    NearShare {
                        aged_75,
                        covered,
                        share: (aged_75 > 0).then(|| covered as f64 / aged_75 as f64),
                    }
                }),
                population,
                categories: r.facets.category,
                services: r.facets.service,
                designations,
                activities,
            });
        }
        rows.sort_by_cached_key(|r| (r.listings > 0, model::area::natural_key(&r.area_id)));
        let used: BTreeSet<&str> = rows
            .iter()
            .filter_map(|r| r.population.as_ref().map(|p| p.source.as_str()))
            .collect();
        let sources = self
            .sources()
            .iter()
            .filter(|s| used.contains(s.id.as_str()))
            .cloned()
            .collect();
        Ok(Coverage {
            level,
            within_m,
            rows,
            sources,
        })
    }

    /// Per area of `areas`: the people aged 75+ of its small areas that have a point, and those
    /// of them within `within_m` of a listing matching `base` (anywhere: across a border too).
    /// A small area belongs to the areas its point is assigned to, by the same rule as the
    /// import's ([`crate::areas::AreaSet::assign`]), or to its municipality.
    async fn near_shares(
        &self,
        base: &SearchQuery,
        areas: &[Area],
        level: CoverageLevel,
        within_m: u32,
    ) -> Result<BTreeMap<String, (u64, u64)>> {
        let wanted: BTreeSet<&str> = areas.iter().map(|a| a.id.as_str()).collect();
        let codes: BTreeSet<&str> = areas
            .iter()
            .filter_map(|a| a.municipality_code.as_deref())
            .collect();
        let mut out: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for code in codes {
            for s in self.small_areas(code).await? {
                let (Some(p), n) = (s.location, s.population.aged_75) else {
                    continue;
                };
                if n == 0 {
                    continue;
                }
                let ids = match level {
                    CoverageLevel::Municipality => {
                        vec![crate::import::municipalities::area_id(code)]
                    }
                    CoverageLevel::Area => self.state.read().area_set.assign(p, Some(code)).areas,
                };
                let ids: Vec<String> = ids
                    .into_iter()
                    .filter(|id| wanted.contains(id.as_str()))
                    .collect();
                if ids.is_empty() {
                    continue;
                }
                let q = SearchQuery {
                    near: Some(Near {
                        point: p,
                        radius_m: Some(f64::from(within_m)),
                    }),
                    ..base.clone()
                };
                let covered = self.search(&q)?.total > 0;
                for id in ids {
                    let e = out.entry(id).or_default();
                    e.0 += n;
                    if covered {
                        e.1 += n;
                    }
                }
            }
        }
        Ok(out)
    }
}
