//! An engine's place in the store's change feed: what [`super::follow`] has applied, and the
//! engine's own writes it will meet there again.

use crate::error::Result;
use crate::store::Store;
use sea_orm::DbBackend;
use std::collections::HashSet;

/// An engine's place in the feed.
#[derive(Debug)]
pub(super) struct FeedState {
    /// The last sequence applied.
    pub(super) applied: i64,
    /// Whether the store is shared (PostgreSQL), so that the feed is followed.
    pub(super) follows: bool,
    /// This engine's own writes not yet passed by a catch-up: (ordinal, sequence).
    pub(super) own: HashSet<(u32, i64)>,
}

impl FeedState {
    /// The store's current position.
    pub(super) async fn at(store: &Store) -> Result<FeedState> {
        Ok(FeedState {
            applied: store.feed_head().await?,
            follows: store.connection().get_database_backend() == DbBackend::Postgres,
            own: HashSet::new(),
        })
    }
}

impl FeedState {
    /// The last sequence applied.
    pub(super) fn position(&self) -> i64 {
        self.applied
    }
}
