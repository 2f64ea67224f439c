//! Adds accounts, sessions and the field-level change log.

use super::helpers::{drop_tables, index, table};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    Email,
    PasswordHash,
    Role,
    Scope,
    CreatedAtMs,
    Disabled,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    TokenHash,
    AccountId,
    Csrf,
    CreatedAtMs,
    ExpiresAtMs,
}

#[derive(DeriveIden)]
enum Change {
    Table,
    Id,
    Seq,
    FacilityId,
    Field,
    Old,
    New,
    Actor,
    Kind,
    Note,
    AtMs,
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(table(
            Account::Table,
            [
                big_pk_auto(Account::Id),
                string_uniq(Account::Email),
                string(Account::PasswordHash),
                string(Account::Role),
                text(Account::Scope),
                big_integer(Account::CreatedAtMs),
                boolean(Account::Disabled),
            ],
        ))
        .await?;
        m.create_table(table(
            Session::Table,
            [
                string(Session::TokenHash).primary_key().take(),
                big_integer(Session::AccountId),
                string(Session::Csrf),
                big_integer(Session::CreatedAtMs),
                big_integer(Session::ExpiresAtMs),
            ],
        ))
        .await?;
        m.create_table(table(
            Change::Table,
            [
                big_pk_auto(Change::Id),
                big_integer(Change::Seq),
                string(Change::FacilityId),
                string(Change::Field),
                text_null(Change::Old),
                text_null(Change::New),
                string(Change::Actor),
                string(Change::Kind),
                text_null(Change::Note),
                big_integer(Change::AtMs),
            ],
        ))
        .await?;
        m.create_index(index(
            "idx_change_facility",
            Change::Table,
            [Change::FacilityId, Change::Id],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            [
                Change::Table.into_iden(),
                Session::Table.into_iden(),
                Account::Table.into_iden(),
            ],
        )
        .await
    }
}
