//! Adds what real data needs: the geocoder's address points (one row per municipality), the
//! data sources with their credit lines, the record of each import, and the review queue that
//! imports fill (positions, area gaps, possible duplicates, listings gone from a registry).

use sea_orm_migration::prelude::*;

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
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AddressMunicipality::Table)
                .if_not_exists()
                .col(id(AddressMunicipality::Id))
                .col(
                    ColumnDef::new(AddressMunicipality::Prefecture)
                        .string()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AddressMunicipality::Name)
                        .string()
                        .not_null(),
                )
                .col(ColumnDef::new(AddressMunicipality::Doc).text().not_null())
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
                .col(
                    ColumnDef::new(DataSource::Id)
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(DataSource::Doc).text().not_null())
                .col(
                    ColumnDef::new(DataSource::UpdatedAtMs)
                        .big_integer()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ImportRun::Table)
                .if_not_exists()
                .col(id(ImportRun::Id))
                .col(ColumnDef::new(ImportRun::Source).string().not_null())
                .col(
                    ColumnDef::new(ImportRun::FinishedAtMs)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(ImportRun::Doc).text().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReviewItem::Table)
                .if_not_exists()
                .col(id(ReviewItem::Id))
                .col(ColumnDef::new(ReviewItem::FacilityId).string().not_null())
                .col(ColumnDef::new(ReviewItem::FacilityName).string().not_null())
                .col(ColumnDef::new(ReviewItem::Kind).string().not_null())
                .col(ColumnDef::new(ReviewItem::Doc).text().not_null())
                .col(
                    ColumnDef::new(ReviewItem::CreatedAtMs)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReviewItem::ResolvedAtMs)
                        .big_integer()
                        .null(),
                )
                .col(ColumnDef::new(ReviewItem::ResolvedBy).string().null())
                .col(ColumnDef::new(ReviewItem::Resolution).string().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("review_item_facility")
                .table(ReviewItem::Table)
                .col(ReviewItem::FacilityId)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("review_item_open")
                .table(ReviewItem::Table)
                .col(ReviewItem::ResolvedAtMs)
                .col(ReviewItem::Kind)
                .if_not_exists()
                .to_owned(),
        )
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
