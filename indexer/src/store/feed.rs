//! The change feed: how several servers on one PostgreSQL see each other's writes.
//!
//! Every transaction that changes what the engines hold in memory takes a change sequence from
//! the one-row `feed_head` table ([`next_seq`]). Taking it locks the row until the transaction
//! ends, so a second writer waits for the first to commit and sequences are committed in
//! order: a server that has seen sequence n has seen every smaller one. Listings carry their
//! sequence in `facility.seq`; what a facility row cannot say (a listing removed; areas, data
//! sources or address points written) is a `feed_event` row of the same sequence. A commit
//! that advanced the head notifies [`CHANNEL`] (PostgreSQL), which wakes the followers; they
//! also poll, as the notification is lost while a follower reconnects.

use super::{Store, StoredFacility, now_ms, to_stored};
use crate::error::Result;
use crate::store::entity::{facility, feed_event};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement,
};

/// The PostgreSQL channel a commit that advanced the feed notifies.
pub const CHANNEL: &str = "caremap_feed";

/// What a server reloads whole from the store when the feed says it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reload {
    /// Areas (日常生活圏域, municipal boundaries).
    Areas,
    /// Data sources and their credit lines.
    Sources,
    /// The geocoder's address points.
    Places,
}

impl Reload {
    fn code(self) -> &'static str {
        match self {
            Reload::Areas => "areas",
            Reload::Sources => "sources",
            Reload::Places => "places",
        }
    }

    fn from_code(code: &str) -> Option<Reload> {
        [Reload::Areas, Reload::Sources, Reload::Places]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// What changed between two positions of the feed.
#[derive(Debug, Default)]
pub struct FeedChanges {
    /// Listings written (their current rows).
    pub written: Vec<StoredFacility>,
    /// Ordinals of listings removed.
    pub removed: Vec<u32>,
    /// Parts to reload whole.
    pub reload: Vec<Reload>,
}

/// Takes the next change sequence inside a transaction (see the module's documentation: the
/// head row stays locked until the transaction ends, so sequence order is commit order).
pub(crate) async fn next_seq(txn: &impl ConnectionTrait) -> Result<i64> {
    let backend = txn.get_database_backend();
    let row = txn
        .query_one_raw(Statement::from_string(
            backend,
            "UPDATE feed_head SET seq = seq + 1 WHERE id = 1 RETURNING seq",
        ))
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("the feed's head row".into()))?;
    let seq: i64 = row.try_get("", "seq")?;
    if backend == DbBackend::Postgres {
        // Delivered at commit, and only then.
        txn.execute_unprepared(&format!("SELECT pg_notify('{CHANNEL}', '{seq}')"))
            .await?;
    }
    Ok(seq)
}

/// Records that listings were removed, under the transaction's sequence.
pub(crate) async fn record_removed(
    txn: &impl ConnectionTrait,
    seq: i64,
    ords: &[u32],
) -> Result<()> {
    let at = now_ms();
    for chunk in ords.chunks(500) {
        feed_event::Entity::insert_many(chunk.iter().map(|&o| event(seq, "removed", Some(o), at)))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Records that a part the engines hold whole changed; takes a sequence of its own.
pub(crate) async fn record_reload(txn: &impl ConnectionTrait, what: Reload) -> Result<()> {
    let seq = next_seq(txn).await?;
    feed_event::Entity::insert(event(seq, what.code(), None, now_ms()))
        .exec(txn)
        .await?;
    Ok(())
}

fn event(seq: i64, kind: &str, ord: Option<u32>, at: i64) -> feed_event::ActiveModel {
    feed_event::ActiveModel {
        id: NotSet,
        seq: Set(seq),
        kind: Set(kind.to_string()),
        ord: Set(ord.map(i64::from)),
        at_ms: Set(at),
    }
}

impl Store {
    /// The last change sequence committed.
    pub async fn feed_head(&self) -> Result<i64> {
        let backend = self.connection().get_database_backend();
        let row = self
            .connection()
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT seq FROM feed_head WHERE id = 1",
            ))
            .await?;
        Ok(match row {
            Some(r) => r.try_get("", "seq")?,
            None => 0,
        })
    }

    /// What changed after sequence `after` up to and including `head` (a head read before,
    /// so every transaction up to it has committed). A listing written again after `head`
    /// carries the newer sequence and comes with the next call.
    pub async fn feed_changes(&self, after: i64, head: i64) -> Result<FeedChanges> {
        let mut out = FeedChanges::default();
        let mut last_ord = -1i64;
        loop {
            let rows = facility::Entity::find()
                .filter(facility::Column::Seq.gt(after))
                .filter(facility::Column::Seq.lte(head))
                .filter(facility::Column::Ord.gt(last_ord))
                .order_by_asc(facility::Column::Ord)
                .limit(5_000)
                .all(self.connection())
                .await?;
            let Some(tail) = rows.last() else { break };
            last_ord = tail.ord;
            for r in rows {
                out.written.push(to_stored(r)?);
            }
        }
        let events = feed_event::Entity::find()
            .filter(feed_event::Column::Seq.gt(after))
            .filter(feed_event::Column::Seq.lte(head))
            .order_by_asc(feed_event::Column::Seq)
            .all(self.connection())
            .await?;
        for e in events {
            match (e.kind.as_str(), e.ord) {
                ("removed", Some(ord)) => out.removed.push(ord as u32),
                (kind, _) => {
                    if let Some(r) = Reload::from_code(kind)
                        && !out.reload.contains(&r)
                    {
                        out.reload.push(r);
                    }
                }
            }
        }
        out.reload.sort();
        Ok(out)
    }
}
