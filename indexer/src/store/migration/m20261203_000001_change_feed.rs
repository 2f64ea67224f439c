//! Adds the change feed that lets several servers share one PostgreSQL: `feed_head` holds the
//! last change sequence handed out (one row; taking the next number locks it until the
//! transaction ends, so sequence order is commit order), `feed_event` records what a facility
//! row cannot say itself (a removed listing, new areas, sources or address points). With the
//! index on `facility.seq` a server reads what changed after the sequence it has applied.

use super::index;
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
        m.create_table(
            Table::create()
                .table(FeedHead::Table)
                .if_not_exists()
                .col(integer(FeedHead::Id).primary_key())
                .col(big_integer(FeedHead::Seq))
                .to_owned(),
        )
        .await?;
        // The head starts where the listings' sequences are.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO feed_head (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM facility \
                 WHERE true ON CONFLICT (id) DO NOTHING",
            )
            .await?;
        m.create_table(
            Table::create()
                .table(FeedEvent::Table)
                .if_not_exists()
                .col(big_pk_auto(FeedEvent::Id))
                .col(big_integer(FeedEvent::Seq))
                .col(string(FeedEvent::Kind))
                .col(big_integer_null(FeedEvent::Ord))
                .col(big_integer(FeedEvent::AtMs))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_feed_event_seq",
            FeedEvent::Table,
            [FeedEvent::Seq],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(FeedEvent::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(FeedHead::Table).to_owned())
            .await
    }
}
