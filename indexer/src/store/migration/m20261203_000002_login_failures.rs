//! Adds failed sign-ins to the store, so that the sign-in limit counts across every server of
//! a cluster and survives a restart.

use super::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LoginFailure {
    Table,
    Id,
    Key,
    AtMs,
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LoginFailure::Table)
                .if_not_exists()
                .col(big_pk_auto(LoginFailure::Id))
                .col(string(LoginFailure::Key))
                .col(big_integer(LoginFailure::AtMs))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_login_failure_key",
            LoginFailure::Table,
            [LoginFailure::Key, LoginFailure::AtMs],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LoginFailure::Table).to_owned())
            .await
    }
}
