//! Adds what real data needs: the geocoder's address points (one row per municipality), the
//! data sources with their credit lines, the record of each import, and the review queue that
//! imports fill (positions, area gaps, possible duplicates, listings gone from a registry).

use super::helpers::{drop_tables, index, table};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AddressMunicipality {
    Table,
    Id,
    Prefecture,
    Name,
    Doc,
}

#[derive(DeriveIden)]
enum DataSource {
    Table,
    Id,
    Doc,
    UpdatedAtMs,
}

#[derive(DeriveIden)]
enum ImportRun {
    Table,
    Id,
    Source,
    FinishedAtMs,
    Doc,
}

#[derive(DeriveIden)]
enum ReviewItem {
    Table,
    Id,
    FacilityId,
    FacilityName,
    Kind,
    Doc,
    CreatedAtMs,
    ResolvedAtMs,
    ResolvedBy,
    Resolution,
}

fn id(col: impl IntoIden) -> ColumnDef {
    big_pk_auto(col).to_owned()
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(table(
            AddressMunicipality::Table,
            [
                id(AddressMunicipality::Id),
                string(AddressMunicipality::Prefecture),
                string(AddressMunicipality::Name),
                text(AddressMunicipality::Doc),
            ],
        ))
        .await?;
        m.create_index(
            Index::create()
                .name("address_municipality_name")
                .table(AddressMunicipality::Table)
                .col(AddressMunicipality::Prefecture)
                .col(AddressMunicipality::Name)
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_table(table(
            DataSource::Table,
            [
                string(DataSource::Id).primary_key().take(),
                text(DataSource::Doc),
                big_integer(DataSource::UpdatedAtMs),
            ],
        ))
        .await?;
        m.create_table(table(
            ImportRun::Table,
            [
                id(ImportRun::Id),
                string(ImportRun::Source),
                big_integer(ImportRun::FinishedAtMs),
                text(ImportRun::Doc),
            ],
        ))
        .await?;
        m.create_table(table(
            ReviewItem::Table,
            [
                id(ReviewItem::Id),
                string(ReviewItem::FacilityId),
                string(ReviewItem::FacilityName),
                string(ReviewItem::Kind),
                text(ReviewItem::Doc),
                big_integer(ReviewItem::CreatedAtMs),
                big_integer_null(ReviewItem::ResolvedAtMs),
                string_null(ReviewItem::ResolvedBy),
                string_null(ReviewItem::Resolution),
            ],
        ))
        .await?;
        m.create_index(index(
            "review_item_facility",
            ReviewItem::Table,
            [ReviewItem::FacilityId],
        ))
        .await?;
        m.create_index(index(
            "review_item_open",
            ReviewItem::Table,
            [ReviewItem::ResolvedAtMs, ReviewItem::Kind],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            [
                ReviewItem::Table.into_iden(),
                ImportRun::Table.into_iden(),
                DataSource::Table.into_iden(),
                AddressMunicipality::Table.into_iden(),
            ],
        )
        .await
    }
}
