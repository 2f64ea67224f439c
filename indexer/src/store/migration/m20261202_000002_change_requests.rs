//! Adds facilities' update links and their change requests.

use super::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

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
                .col(string(UpdateLink::FacilityId).primary_key())
                .col(string_uniq(UpdateLink::TokenHash))
                .col(string(UpdateLink::CreatedBy))
                .col(big_integer(UpdateLink::CreatedAtMs))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ChangeRequest::Table)
                .if_not_exists()
                .col(big_pk_auto(ChangeRequest::Id))
                .col(string(ChangeRequest::FacilityId))
                .col(text(ChangeRequest::Changes))
                .col(string(ChangeRequest::Submitter))
                .col(string(ChangeRequest::Contact))
                .col(text_null(ChangeRequest::Note))
                .col(string(ChangeRequest::Status))
                .col(big_integer(ChangeRequest::SubmittedAtMs))
                .col(string_null(ChangeRequest::ReviewedBy))
                .col(big_integer_null(ChangeRequest::ReviewedAtMs))
                .col(text_null(ChangeRequest::ReviewNote))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_change_request_status",
            ChangeRequest::Table,
            [ChangeRequest::Status, ChangeRequest::Id],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ChangeRequest::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(UpdateLink::Table).to_owned())
            .await
    }
}
