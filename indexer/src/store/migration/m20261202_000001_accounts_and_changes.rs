//! Adds accounts, sessions and the field-level change log.

use super::index;
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
        m.create_table(
            Table::create()
                .table(Account::Table)
                .if_not_exists()
                .col(big_pk_auto(Account::Id))
                .col(string_uniq(Account::Email))
                .col(string(Account::PasswordHash))
                .col(string(Account::Role))
                .col(text(Account::Scope))
                .col(big_integer(Account::CreatedAtMs))
                .col(boolean(Account::Disabled))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Session::Table)
                .if_not_exists()
                .col(string(Session::TokenHash).primary_key())
                .col(big_integer(Session::AccountId))
                .col(string(Session::Csrf))
                .col(big_integer(Session::CreatedAtMs))
                .col(big_integer(Session::ExpiresAtMs))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Change::Table)
                .if_not_exists()
                .col(big_pk_auto(Change::Id))
                .col(big_integer(Change::Seq))
                .col(string(Change::FacilityId))
                .col(string(Change::Field))
                .col(text_null(Change::Old))
                .col(text_null(Change::New))
                .col(string(Change::Actor))
                .col(string(Change::Kind))
                .col(text_null(Change::Note))
                .col(big_integer(Change::AtMs))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_change_facility",
            Change::Table,
            [Change::FacilityId, Change::Id],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Change::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Session::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Account::Table).to_owned())
            .await
    }
}
