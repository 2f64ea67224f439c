//! Creates the facility and area tables.

use super::helpers::{drop_tables, index, table};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Facility {
    Table,
    Ord,
    Id,
    Name,
    Category,
    Service,
    MunicipalityCode,
    Status,
    Lat,
    Lng,
    Seq,
    UpdatedAtMs,
    Doc,
}

#[derive(DeriveIden)]
enum Area {
    Table,
    Id,
    Kind,
    Name,
    MunicipalityCode,
    Doc,
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(table(
            Facility::Table,
            [
                big_pk_auto(Facility::Ord),
                string_uniq(Facility::Id),
                string(Facility::Name),
                string(Facility::Category),
                string(Facility::Service),
                string_null(Facility::MunicipalityCode),
                string(Facility::Status),
                double_null(Facility::Lat),
                double_null(Facility::Lng),
                big_integer(Facility::Seq),
                big_integer(Facility::UpdatedAtMs),
                text(Facility::Doc),
            ],
        ))
        .await?;
        m.create_index(index(
            "idx_facility_municipality",
            Facility::Table,
            [Facility::MunicipalityCode],
        ))
        .await?;
        m.create_index(index("idx_facility_seq", Facility::Table, [Facility::Seq]))
            .await?;
        m.create_table(table(
            Area::Table,
            [
                string(Area::Id).primary_key().take(),
                string(Area::Kind),
                string(Area::Name),
                string_null(Area::MunicipalityCode),
                text(Area::Doc),
            ],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(m, [Area::Table.into_iden(), Facility::Table.into_iden()]).await
    }
}
