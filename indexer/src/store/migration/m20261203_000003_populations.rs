//! Adds populations: each area's people (in all, 65+, 75+) by source and date, and the census'
//! small areas with the address point each was joined to, for coverage against the elderly.

use super::helpers::{drop_tables, index, table};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveIden)]
enum AreaPopulation {
    Table,
    Id,
    AreaId,
    Source,
    AsOf,
    Total,
    Aged65,
    Aged75,
}

#[derive(DeriveIden)]
enum SmallArea {
    Table,
    Key,
    Source,
    MunicipalityCode,
    Municipality,
    Name,
    Lat,
    Lng,
    Total,
    Aged65,
    Aged75,
    CountedIn,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(table(
            AreaPopulation::Table,
            [
                big_pk_auto(AreaPopulation::Id),
                string(AreaPopulation::AreaId),
                string(AreaPopulation::Source),
                string(AreaPopulation::AsOf),
                big_integer(AreaPopulation::Total),
                big_integer(AreaPopulation::Aged65),
                big_integer(AreaPopulation::Aged75),
            ],
        ))
        .await?;
        m.create_index(
            index(
                "idx_area_population_area_source",
                AreaPopulation::Table,
                [AreaPopulation::AreaId, AreaPopulation::Source],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_table(table(
            SmallArea::Table,
            [
                string(SmallArea::Key).primary_key().take(),
                string(SmallArea::Source),
                string(SmallArea::MunicipalityCode),
                string(SmallArea::Municipality),
                string(SmallArea::Name),
                double_null(SmallArea::Lat),
                double_null(SmallArea::Lng),
                big_integer(SmallArea::Total),
                big_integer(SmallArea::Aged65),
                big_integer(SmallArea::Aged75),
                string_null(SmallArea::CountedIn),
            ],
        ))
        .await?;
        m.create_index(index(
            "idx_small_area_municipality",
            SmallArea::Table,
            [SmallArea::MunicipalityCode],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            [
                SmallArea::Table.into_iden(),
                AreaPopulation::Table.into_iden(),
            ],
        )
        .await
    }
}
