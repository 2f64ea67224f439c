//! Adds what real data needs: the geocoder's address points (one row per municipality), the
//! data sources with their credit lines, the record of each import, and the review queue that
//! imports fill (positions, area gaps, possible duplicates, listings gone from a registry).

use super::index;
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
        m.create_table(
            Table::create()
                .table(AddressMunicipality::Table)
                .if_not_exists()
                .col(id(AddressMunicipality::Id))
                .col(string(AddressMunicipality::Prefecture))
                .col(string(AddressMunicipality::Name))
                .col(text(AddressMunicipality::Doc))
                .to_owned(),
        )
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
        m.create_table(
            Table::create()
                .table(DataSource::Table)
                .if_not_exists()
                .col(string(DataSource::Id).primary_key())
                .col(text(DataSource::Doc))
                .col(big_integer(DataSource::UpdatedAtMs))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ImportRun::Table)
                .if_not_exists()
                .col(id(ImportRun::Id))
                .col(string(ImportRun::Source))
                .col(big_integer(ImportRun::FinishedAtMs))
                .col(text(ImportRun::Doc))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReviewItem::Table)
                .if_not_exists()
                .col(id(ReviewItem::Id))
                .col(string(ReviewItem::FacilityId))
                .col(string(ReviewItem::FacilityName))
                .col(string(ReviewItem::Kind))
                .col(text(ReviewItem::Doc))
                .col(big_integer(ReviewItem::CreatedAtMs))
                .col(big_integer_null(ReviewItem::ResolvedAtMs))
                .col(string_null(ReviewItem::ResolvedBy))
                .col(string_null(ReviewItem::Resolution))
                .to_owned(),
        )
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
        for t in [
            ReviewItem::Table.into_iden(),
            ImportRun::Table.into_iden(),
            DataSource::Table.into_iden(),
            AddressMunicipality::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
