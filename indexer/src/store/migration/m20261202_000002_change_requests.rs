//! Adds facilities' update links and their change requests.

use super::helpers::{drop_tables, index, table};
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
        m.create_table(table(
            UpdateLink::Table,
            [
                string(UpdateLink::FacilityId).primary_key().take(),
                string_uniq(UpdateLink::TokenHash),
                string(UpdateLink::CreatedBy),
                big_integer(UpdateLink::CreatedAtMs),
            ],
        ))
        .await?;
        m.create_table(table(
            ChangeRequest::Table,
            [
                big_pk_auto(ChangeRequest::Id),
                string(ChangeRequest::FacilityId),
                text(ChangeRequest::Changes),
                string(ChangeRequest::Submitter),
                string(ChangeRequest::Contact),
                text_null(ChangeRequest::Note),
                string(ChangeRequest::Status),
                big_integer(ChangeRequest::SubmittedAtMs),
                string_null(ChangeRequest::ReviewedBy),
                big_integer_null(ChangeRequest::ReviewedAtMs),
                text_null(ChangeRequest::ReviewNote),
            ],
        ))
        .await?;
        m.create_index(index(
            "idx_change_request_status",
            ChangeRequest::Table,
            [ChangeRequest::Status, ChangeRequest::Id],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            [
                ChangeRequest::Table.into_iden(),
                UpdateLink::Table.into_iden(),
            ],
        )
        .await
    }
}
