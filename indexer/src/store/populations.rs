//! Populations in the store: each area's people by source, and the census' small areas with the
//! address point each was joined to. An import replaces what its file covers, in one transaction
//! with its data source (whose credit line pages then show).

use super::Store;
use super::entity::{area_population, small_area};
use crate::error::Result;
use model::geo::LatLng;
use model::population::{AreaPopulation, Population, SmallAreaPopulation};
use model::sources::DataSource;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

/// Rows per INSERT (well under SQLite's and PostgreSQL's limits on bound values).
const CHUNK: usize = 1_000;

/// What one population import writes.
pub struct PopulationWrite<'a> {
    /// The file's source (recorded with its credit line).
    pub source: &'a DataSource,
    /// Areas' populations from this source; each replaces the area's row of the same source.
    pub areas: &'a [AreaPopulation],
    /// Small areas; they replace every small area of their municipalities.
    pub small_areas: &'a [SmallAreaPopulation],
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn people(total: i64, aged65: i64, aged75: i64) -> Population {
    Population {
        total: total.max(0) as u64,
        aged_65: aged65.max(0) as u64,
        aged_75: aged75.max(0) as u64,
    }
}

impl Store {
    /// Writes one population import whole (see [`PopulationWrite`]).
    pub(crate) async fn write_population(&self, w: PopulationWrite<'_>) -> Result<()> {
        let txn = self.connection().begin().await?;
        super::imports::put_source(&txn, w.source).await?;
        for chunk in w.areas.chunks(CHUNK) {
            area_population::Entity::delete_many()
                .filter(area_population::Column::Source.eq(w.source.id.as_str()))
                .filter(
                    area_population::Column::AreaId.is_in(chunk.iter().map(|a| a.area_id.as_str())),
                )
                .exec(&txn)
                .await?;
            area_population::Entity::insert_many(chunk.iter().map(|a| {
                area_population::ActiveModel {
                    id: NotSet,
                    area_id: Set(a.area_id.clone()),
                    source: Set(a.source.clone()),
                    as_of: Set(a.as_of.to_string()),
                    total: Set(count(a.population.total)),
                    aged65: Set(count(a.population.aged_65)),
                    aged75: Set(count(a.population.aged_75)),
                }
            }))
            .exec(&txn)
            .await?;
        }
        let mut municipalities: Vec<String> = w
            .small_areas
            .iter()
            .map(SmallAreaPopulation::municipality_code_with_check_digit)
            .collect();
        municipalities.sort();
        municipalities.dedup();
        for chunk in municipalities.chunks(CHUNK) {
            small_area::Entity::delete_many()
                .filter(
                    small_area::Column::MunicipalityCode.is_in(chunk.iter().map(String::as_str)),
                )
                .exec(&txn)
                .await?;
        }
        for chunk in w.small_areas.chunks(CHUNK) {
            let rows = chunk.iter().map(|a| small_area::ActiveModel {
                key: Set(a.key.clone()),
                source: Set(w.source.id.clone()),
                municipality_code: Set(a.municipality_code_with_check_digit()),
                municipality: Set(a.municipality.clone()),
                name: Set(a.name.clone()),
                lat: Set(a.location.map(|l| l.lat)),
                lng: Set(a.location.map(|l| l.lng)),
                total: Set(count(a.population.total)),
                aged65: Set(count(a.population.aged_65)),
                aged75: Set(count(a.population.aged_75)),
                counted_in: Set(a.counted_in.clone()),
            });
            small_area::Entity::insert_many(rows).exec(&txn).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Every stored area population, by area then source.
    pub async fn area_populations(&self) -> Result<Vec<AreaPopulation>> {
        area_population::Entity::find()
            .order_by_asc(area_population::Column::AreaId)
            .order_by_asc(area_population::Column::Source)
            .all(self.connection())
            .await?
            .into_iter()
            .map(|r| {
                let as_of = serde_json::from_value(serde_json::Value::String(r.as_of.clone()))
                    .map_err(super::corrupt(&r.area_id))?;
                Ok(AreaPopulation {
                    population: people(r.total, r.aged65, r.aged75),
                    area_id: r.area_id,
                    source: r.source,
                    as_of,
                })
            })
            .collect()
    }

    /// The stored small areas of a municipality (6-digit code), by key.
    pub async fn small_areas(&self, municipality_code: &str) -> Result<Vec<SmallAreaPopulation>> {
        Ok(small_area::Entity::find()
            .filter(small_area::Column::MunicipalityCode.eq(municipality_code))
            .order_by_asc(small_area::Column::Key)
            .all(self.connection())
            .await?
            .into_iter()
            .map(|r| SmallAreaPopulation {
                population: people(r.total, r.aged65, r.aged75),
                location: match (r.lat, r.lng) {
                    (Some(lat), Some(lng)) => LatLng::new(lat, lng).ok(),
                    _ => None,
                },
                key: r.key,
                municipality: r.municipality,
                name: r.name,
                counted_in: r.counted_in,
            })
            .collect())
    }
}
