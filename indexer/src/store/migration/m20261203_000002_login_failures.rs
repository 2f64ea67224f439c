//! Adds failed sign-ins to the store, so that the sign-in limit counts across every server of
//! a cluster and survives a restart.

use super::helpers::{drop_tables, index, table};
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
        m.create_table(table(
            LoginFailure::Table,
            [
                big_pk_auto(LoginFailure::Id),
                string(LoginFailure::Key),
                big_integer(LoginFailure::AtMs),
            ],
        ))
        .await?;
        m.create_index(index(
            "idx_login_failure_key",
            LoginFailure::Table,
            [LoginFailure::Key, LoginFailure::AtMs],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(m, [LoginFailure::Table.into_iden()]).await
    }
}
