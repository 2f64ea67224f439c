//! Adds facilities' update links and their change requests.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UpdateLink {
    Table,
    FacilityId,
    TokenHash,
    CreatedBy,
    CreatedAtMs,
}

#[derive(DeriveIden)]
enum ChangeRequest {
    Table,
    Id,
    FacilityId,
    Changes,
    Submitter,
    Contact,
    Note,
    Status,
    SubmittedAtMs,
    ReviewedBy,
    ReviewedAtMs,
    ReviewNote,
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(UpdateLink::Table)
                .if_not_exists()
                .col(
                    ColumnDef::new(UpdateLink::FacilityId)
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(UpdateLink::TokenHash)
                        .string()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(UpdateLink::CreatedBy).string().not_null())
                .col(
                    ColumnDef::new(UpdateLink::CreatedAtMs)
                        .big_integer()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ChangeRequest::Table)
                .if_not_exists()
                .col(
                    ColumnDef::new(ChangeRequest::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ChangeRequest::FacilityId)
                        .string()
                        .not_null(),
                )
                .col(ColumnDef::new(ChangeRequest::Changes).text().not_null())
                .col(ColumnDef::new(ChangeRequest::Submitter).string().not_null())
                .col(ColumnDef::new(ChangeRequest::Contact).string().not_null())
                .col(ColumnDef::new(ChangeRequest::Note).text().null())
                .col(ColumnDef::new(ChangeRequest::Status).string().not_null())
                .col(
                    ColumnDef::new(ChangeRequest::SubmittedAtMs)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(ChangeRequest::ReviewedBy).string().null())
                .col(
                    ColumnDef::new(ChangeRequest::ReviewedAtMs)
                        .big_integer()
                        .null(),
                )
                .col(ColumnDef::new(ChangeRequest::ReviewNote).text().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("idx_change_request_status")
                .table(ChangeRequest::Table)
                .col(ChangeRequest::Status)
                .col(ChangeRequest::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ChangeRequest::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(UpdateLink::Table).to_owned())
            .await
    }
}
