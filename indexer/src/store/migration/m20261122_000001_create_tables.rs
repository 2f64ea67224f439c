//! Creates the facility and area tables.

use super::index;
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
        m.create_table(
            Table::create()
                .table(Facility::Table)
                .if_not_exists()
                .col(big_pk_auto(Facility::Ord))
                .col(string_uniq(Facility::Id))
                .col(string(Facility::Name))
                .col(string(Facility::Category))
                .col(string(Facility::Service))
                .col(string_null(Facility::MunicipalityCode))
                .col(string(Facility::Status))
                .col(double_null(Facility::Lat))
                .col(double_null(Facility::Lng))
                .col(big_integer(Facility::Seq))
                .col(big_integer(Facility::UpdatedAtMs))
                .col(text(Facility::Doc))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_facility_municipality",
            Facility::Table,
            [Facility::MunicipalityCode],
        ))
        .await?;
        m.create_index(index("idx_facility_seq", Facility::Table, [Facility::Seq]))
            .await?;
        m.create_table(
            Table::create()
                .table(Area::Table)
                .if_not_exists()
                .col(string(Area::Id).primary_key())
                .col(string(Area::Kind))
                .col(string(Area::Name))
                .col(string_null(Area::MunicipalityCode))
                .col(text(Area::Doc))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Area::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Facility::Table).to_owned())
            .await
    }
}
