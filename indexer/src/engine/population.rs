//! Population imports: a municipal age table, or the census' small areas joined to address
//! points and through them to the loaded areas (日常生活圏域 and others), stored with their
//! source and date for coverage against the elderly population.

use super::Engine;
use crate::error::Result;
use crate::geocode::normalize::fold;
use crate::import::municipalities::area_id;
use crate::store::populations::PopulationWrite;
use chrono::NaiveDate;
use model::geocode::{GeoLevel, prefecture_of_code};
use model::population::{AreaPopulation, MunicipalPopulation, Population, SmallAreaPopulation};
use model::sources::DataSource;
use std::collections::BTreeMap;

/// A parsed population file.
pub enum PopulationFile {
    /// The 住民基本台帳 age table per municipality, current at `as_of`.
    Municipal {
        /// Its rows.
        rows: Vec<MunicipalPopulation>,
        /// The date of the table.
        as_of: NaiveDate,
    },
    /// The census' small areas of the census held in `year`.
    SmallAreas {
        /// Its finest areas.
        rows: Vec<SmallAreaPopulation>,
        /// The census year (its date is 1 October).
        year: i32,
    },
}

/// What a population import did.
#[derive(Debug, Clone)]
pub struct PopulationReport {
    /// The file's source, recorded with its credit line.
    pub source: DataSource,
    /// Areas whose population was written (municipalities, and areas the small areas fell in).
    pub areas: Vec<AreaPopulation>,
    /// Of those, how many are areas caremap has loaded (the others wait for their boundaries).
    pub areas_loaded: usize,
    /// Small areas in the file.
    pub small_areas: usize,
    /// People in the file's small areas, and in those joined to an address point.
    pub people: Population,
    /// See `people`.
    pub people_joined: Population,
    /// Of those joined, the people in a gap between the 日常生活圏域 polygons of their
    /// municipality, counted in the nearest 圏域 (as listings there are).
    pub people_nearest: Population,
    /// Small areas with people that no address point matched, largest first.
    pub unjoined: Vec<SmallAreaPopulation>,
}

/// Whether the geocoder's town is the small area's own: the same place, the 大字・町 its 丁目
/// belong to, or a 丁目 of the 町 the census counts whole (the folded names, one the start of
/// the other).
fn same_place(town: &str, census_name: &str) -> bool {
    let (t, n) = (fold(town), fold(census_name));
    !t.is_empty() && !n.is_empty() && (n.starts_with(&t) || t.starts_with(&n))
}

impl Engine {
    /// Imports one population file in one transaction (see [`PopulationFile`]).
    pub async fn import_population(&self, file: PopulationFile) -> Result<PopulationReport> {
        let _w = self.writer.lock().await;
        let (report, rows) = match file {
            PopulationFile::Municipal { rows, as_of } => {
                let source = model::sources::juki_population(as_of);
                // Municipalities and wards (a prefecture's own row has no name).
                let areas: Vec<AreaPopulation> = rows
                    .iter()
                    .filter(|r| !r.name.is_empty())
                    .map(|r| AreaPopulation {
                        area_id: area_id(&r.code),
                        source: source.id.clone(),
                        as_of,
                        population: r.population,
                    })
                    .collect();
                let people = rows.iter().filter(|r| !r.name.is_empty()).fold(
                    Population::default(),
                    |mut p, r| {
                        p += r.population;
                        p
                    },
                );
                let report = PopulationReport {
                    areas_loaded: self.loaded(&areas),
                    source,
                    areas,
                    small_areas: 0,
                    people,
                    people_joined: Population::default(),
                    people_nearest: Population::default(),
                    unjoined: Vec::new(),
                };
                (report, Vec::new())
            }
            PopulationFile::SmallAreas { mut rows, year } => {
                let source = model::sources::census_small_areas(year);
                let as_of = source.as_of.unwrap_or_default();
                let mut people = Population::default();
                let mut people_joined = Population::default();
                let mut people_nearest = Population::default();
                let mut unjoined = Vec::new();
                let mut sums: BTreeMap<String, Population> = BTreeMap::new();
                {
                    let geocoder = self.geocoder.read().clone();
                    let st = self.state.read();
                    for a in &mut rows {
                        let code = a.municipality_code_with_check_digit();
                        people += a.population;
                        *sums.entry(area_id(&code)).or_default() += a.population;
                        let address = format!(
                            "{}{}{}",
                            prefecture_of_code(&code).unwrap_or_default(),
                            a.municipality,
                            a.name
                        );
                        // A small area that comes with its own point keeps it.
                        a.location = a.location.or_else(|| {
                            geocoder
                                .geocode(&address)
                                .filter(|g| {
                                    g.level != GeoLevel::Municipality
                                        && g.municipality_code.as_deref().is_none_or(|c| c == code)
                                        && g.town.as_deref().is_some_and(|t| same_place(t, &a.name))
                                })
                                .map(|g| g.point())
                        });
                        let Some(p) = a.location else {
                            if a.population.total > 0 {
                                unjoined.push(a.clone());
                            }
                            continue;
                        };
                        people_joined += a.population;
                        // The same rule as listings': a point in a gap between the published
                        // 日常生活圏域 polygons of its municipality counts in the nearest one.
                        let assigned = st.area_set.assign(p, Some(&code));
                        if assigned.nearest.is_some() {
                            people_nearest += a.population;
                        }
                        for id in assigned.areas {
                            *sums.entry(id).or_default() += a.population;
                        }
                    }
                }
                unjoined.sort_by_key(|a| std::cmp::Reverse(a.population.total));
                let areas: Vec<AreaPopulation> = sums
                    .into_iter()
                    .map(|(area_id, population)| AreaPopulation {
                        area_id,
                        source: source.id.clone(),
                        as_of,
                        population,
                    })
                    .collect();
                let report = PopulationReport {
                    areas_loaded: self.loaded(&areas),
                    source,
                    areas,
                    small_areas: rows.len(),
                    people,
                    people_joined,
                    people_nearest,
                    unjoined,
                };
                (report, rows)
            }
        };
        self.store
            .write_population(PopulationWrite {
                source: &report.source,
                areas: &report.areas,
                small_areas: &rows,
            })
            .await?;
        self.reload_sources().await?;
        Ok(report)
    }

    /// How many of `areas` are loaded.
    fn loaded(&self, areas: &[AreaPopulation]) -> usize {
        let st = self.state.read();
        areas
            .iter()
            .filter(|a| st.area_set.get(&a.area_id).is_some())
            .count()
    }
}

impl Engine {
    /// Every stored area population (see [`AreaPopulation`]), by area then source.
    pub async fn area_populations(&self) -> Result<Vec<AreaPopulation>> {
        self.store.area_populations().await
    }

    /// The stored small areas of a municipality (6-digit code) with the point each was joined to.
    pub async fn small_areas(&self, municipality_code: &str) -> Result<Vec<SmallAreaPopulation>> {
        self.store.small_areas(municipality_code).await
    }
}
