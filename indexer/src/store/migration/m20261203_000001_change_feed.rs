//! Adds the change feed that lets several servers share one PostgreSQL: `feed_head` holds the
//! last change sequence handed out (one row; taking the next number locks it until the
//! transaction ends, so sequence order is commit order), `feed_event` records what a facility
//! row cannot say itself (a removed listing, new areas, sources or address points). With the
//! index on `facility.seq` a server reads what changed after the sequence it has applied.

use super::helpers::{drop_tables, index, table};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FeedHead {
    Table,
    Id,
    Seq,
}

#[derive(DeriveIden)]
enum FeedEvent {
    Table,
    Id,
    Seq,
    Kind,
    Ord,
    AtMs,
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(table(
            FeedHead::Table,
            [
                integer(FeedHead::Id).primary_key().take(),
                big_integer(FeedHead::Seq),
            ],
        ))
        .await?;
        // The head starts where the listings' sequences are.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO feed_head (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM facility \
                 WHERE true ON CONFLICT (id) DO NOTHING",
            )
            .await?;
        m.create_table(table(
            FeedEvent::Table,
            [
                big_pk_auto(FeedEvent::Id),
                big_integer(FeedEvent::Seq),
                string(FeedEvent::Kind),
                big_integer_null(FeedEvent::Ord),
                big_integer(FeedEvent::AtMs),
            ],
        ))
        .await?;
        m.create_index(index(
            "idx_feed_event_seq",
            FeedEvent::Table,
            [FeedEvent::Seq],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            [FeedEvent::Table.into_iden(), FeedHead::Table.into_iden()],
        )
        .await
    }
}
