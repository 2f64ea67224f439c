//! Creates the facility and area tables.

use sea_orm_migration::prelude::*;

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
                .col(
                    ColumnDef::new(Facility::Ord)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Facility::Id)
                        .string()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Facility::Name).string().not_null())
                .col(ColumnDef::new(Facility::Category).string().not_null())
                .col(ColumnDef::new(Facility::Service).string().not_null())
                .col(ColumnDef::new(Facility::MunicipalityCode).string().null())
                .col(ColumnDef::new(Facility::Status).string().not_null())
                .col(ColumnDef::new(Facility::Lat).double().null())
                .col(ColumnDef::new(Facility::Lng).double().null())
                .col(ColumnDef::new(Facility::Seq).big_integer().not_null())
                .col(
                    ColumnDef::new(Facility::UpdatedAtMs)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Facility::Doc).text().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("idx_facility_municipality")
                .table(Facility::Table)
                .col(Facility::MunicipalityCode)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("idx_facility_seq")
                .table(Facility::Table)
                .col(Facility::Seq)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Area::Table)
                .if_not_exists()
                .col(ColumnDef::new(Area::Id).string().not_null().primary_key())
                .col(ColumnDef::new(Area::Kind).string().not_null())
                .col(ColumnDef::new(Area::Name).string().not_null())
                .col(ColumnDef::new(Area::MunicipalityCode).string().null())
                .col(ColumnDef::new(Area::Doc).text().not_null())
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
