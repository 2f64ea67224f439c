//! Adds accounts, sessions and the field-level change log.

use sea_orm_migration::prelude::*;

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
                .col(
                    ColumnDef::new(Account::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Account::Email)
                        .string()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Account::PasswordHash).string().not_null())
                .col(ColumnDef::new(Account::Role).string().not_null())
                .col(ColumnDef::new(Account::Scope).text().not_null())
                .col(
                    ColumnDef::new(Account::CreatedAtMs)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Account::Disabled).boolean().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Session::Table)
                .if_not_exists()
                .col(
                    ColumnDef::new(Session::TokenHash)
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Session::AccountId).big_integer().not_null())
                .col(ColumnDef::new(Session::Csrf).string().not_null())
                .col(
                    ColumnDef::new(Session::CreatedAtMs)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Session::ExpiresAtMs)
                        .big_integer()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Change::Table)
                .if_not_exists()
                .col(
                    ColumnDef::new(Change::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Change::Seq).big_integer().not_null())
                .col(ColumnDef::new(Change::FacilityId).string().not_null())
                .col(ColumnDef::new(Change::Field).string().not_null())
                .col(ColumnDef::new(Change::Old).text().null())
                .col(ColumnDef::new(Change::New).text().null())
                .col(ColumnDef::new(Change::Actor).string().not_null())
                .col(ColumnDef::new(Change::Kind).string().not_null())
                .col(ColumnDef::new(Change::Note).text().null())
                .col(ColumnDef::new(Change::AtMs).big_integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("idx_change_facility")
                .table(Change::Table)
                .col(Change::FacilityId)
                .col(Change::Id)
                .to_owned(),
        )
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
