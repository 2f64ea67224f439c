//! Following the store's change feed ([`crate::store::feed`]): several servers on one
//! PostgreSQL each hold the whole directory in memory, and each applies what the others
//! committed, in sequence order.
//!
//! An engine knows the feed position it has applied. [`Engine::catch_up`] reads the head, the
//! listings written and the events recorded after the position, and applies them under the
//! engine's writer lock (so a write of this server and a catch-up never interleave). The
//! engine's own writes come back through the feed too; they are recognised by ordinal and
//! sequence and skipped. [`follow`] runs catch-ups for the server's lifetime: woken by the
//! feed's notification and, as a safety net, by a timer. SQLite serves one server and is not
//! followed.

use super::Engine;
use super::state::State;
use crate::areas::AreaSet;
use crate::error::Result;
use crate::store::feed::{CHANNEL, Reload};
use crate::store::{StoredFacility, StoredRef};
use crate::text::TextDoc;
use std::sync::Arc;
use std::time::Duration;

/// What one catch-up applied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaughtUp {
    /// The feed position after it.
    pub position: i64,
    /// Listings written by other servers.
    pub written: usize,
    /// Listings removed.
    pub removed: usize,
    /// Parts reloaded whole (areas, sources, address points).
    pub reloaded: usize,
}

impl Engine {
    /// Whether this engine shares its store with other servers and follows the feed.
    pub fn follows_feed(&self) -> bool {
        self.feed.lock().follows
    }

    /// The last feed sequence this engine has applied.
    pub fn feed_position(&self) -> i64 {
        self.feed.lock().applied
    }

    /// Notes this engine's own writes, so that the feed does not apply them again.
    pub(super) fn note_own_writes(&self, written: &[StoredRef<'_>]) {
        let mut feed = self.feed.lock();
        if feed.follows {
            feed.own.extend(written.iter().map(|w| (w.ord, w.seq)));
        }
    }

    /// Applies what was committed after this engine's position, up to the feed's head.
    pub async fn catch_up(&self) -> Result<CaughtUp> {
        let _w = self.writer.lock().await;
        self.catch_up_locked().await
    }

    /// [`Engine::catch_up`] for a caller that holds the writer lock.
    pub(super) async fn catch_up_locked(&self) -> Result<CaughtUp> {
        let after = self.feed.lock().applied;
        let head = self.store.feed_head().await?;
        if head <= after {
            return Ok(CaughtUp {
                position: after,
                ..CaughtUp::default()
            });
        }
        let changes = self.store.feed_changes(after, head).await?;
        let written: Vec<StoredFacility> = {
            let feed = self.feed.lock();
            changes
                .written
                .into_iter()
                .filter(|w| !feed.own.contains(&(w.ord, w.seq)))
                .collect()
        };
        // Areas and address points first: the listings written with them are placed in them.
        for r in &changes.reload {
            match r {
                Reload::Areas => self.reload_areas().await?,
                Reload::Places => self.reload_geocoder().await?,
                Reload::Sources => {}
            }
        }
        let rows: Vec<StoredRef<'_>> = written.iter().map(StoredFacility::borrowed).collect();
        self.apply_rows(&rows)?;
        let removed = self.remove_rows(&changes.removed)?;
        if changes.reload.contains(&Reload::Sources) {
            self.reload_sources().await?;
        }
        {
            let mut feed = self.feed.lock();
            feed.applied = head;
            feed.own.retain(|&(_, seq)| seq > head);
        }
        Ok(CaughtUp {
            position: head,
            written: written.len(),
            removed,
            reloaded: changes.reload.len(),
        })
    }

    /// Reads the areas again (another server imported some).
    async fn reload_areas(&self) -> Result<()> {
        let area_set = AreaSet::new(self.store.all_areas().await?);
        self.install_areas(area_set);
        Ok(())
    }

    /// Makes `area_set` the engine's areas.
    pub(super) fn install_areas(&self, area_set: AreaSet) {
        self.state.write().set_areas(area_set);
        self.bump();
    }

    /// Removes listings by ordinal from the text index and the table; ordinals not held are
    /// passed over (this server removed them itself). Returns how many were removed.
    pub(super) fn remove_rows(&self, ords: &[u32]) -> Result<usize> {
        let held: Vec<u32> = {
            let st = self.state.read();
            ords.iter()
                .copied()
                .filter(|&o| st.docs.get(o as usize).is_some_and(Option::is_some))
                .collect()
        };
        if held.is_empty() {
            return Ok(0);
        }
        self.text.apply(&[], &held)?;
        let mut st = self.state.write();
        for o in &held {
            st.remove(*o);
        }
        st.refresh_ranks();
        self.follow_words(&st, &held);
        self.bump();
        Ok(held.len())
    }

    /// Brings the word cache up to a write of `ords` that the next [`Engine::bump`] makes
    /// visible (called under the table's write lock, just before it).
    pub(super) fn follow_words(&self, st: &State, ords: &[u32]) {
        let now = self.generation();
        self.word_cache.lock().follow(st, ords, now, now + 1);
    }

    /// Writes rows the store holds into the text index and the table.
    pub(super) fn apply_rows(&self, written: &[StoredRef<'_>]) -> Result<()> {
        if written.is_empty() {
            return Ok(());
        }
        let known: Vec<u32> = {
            let st = self.state.read();
            written
                .iter()
                .filter(|w| st.docs.get(w.ord as usize).is_some_and(Option::is_some))
                .map(|w| w.ord)
                .collect()
        };
        if written.len() >= super::bulk::BULK_ROWS {
            return self.apply_bulk(written, &known);
        }
        let docs: Vec<TextDoc> = written
            .iter()
            .map(|w| TextDoc::from_facility(w.ord, w.seq, w.facility))
            .collect();
        self.text.apply(&docs, &known)?;
        // The generation changes before the lock is released, so no search can see the new
        // state under the old generation (the word cache relies on it).
        let mut st = self.state.write();
        st.insert_many(written);
        let ords: Vec<u32> = written.iter().map(|w| w.ord).collect();
        self.follow_words(&st, &ords);
        self.bump();
        Ok(())
    }
}

/// Follows the feed for as long as the engine lives elsewhere: a catch-up after every
/// notification on [`CHANNEL`] and at least every `poll`. Errors (the database restarting, say)
/// are logged and the next round tries again; nothing is lost, as the position only moves
/// after a catch-up was applied whole.
pub async fn follow(engine: std::sync::Weak<Engine>, poll: Duration) {
    let mut listener: Option<sea_orm::sqlx::postgres::PgListener> = None;
    let mut failing = false;
    loop {
        let Some(e) = engine.upgrade() else { return };
        if !e.follows_feed() {
            return;
        }
        if listener.is_none() {
            listener = listen(&e).await;
        }
        drop(e);
        match listener.as_mut() {
            Some(l) => {
                tokio::select! {
                    r = l.recv() => if let Err(err) = r {
                        tracing::warn!(error = %err, "change feed: notifications lost; polling until they return");
                        listener = None;
                    },
                    _ = tokio::time::sleep(poll) => {}
                }
            }
            None => tokio::time::sleep(poll).await,
        }
        let Some(e) = engine.upgrade() else { return };
        match e.catch_up().await {
            Ok(c) => {
                if failing {
                    tracing::info!(position = c.position, "change feed: following again");
                    failing = false;
                }
                if c.written + c.removed + c.reloaded > 0 {
                    tracing::debug!(
                        position = c.position,
                        written = c.written,
                        removed = c.removed,
                        reloaded = c.reloaded,
                        "change feed: applied"
                    );
                }
            }
            Err(err) => {
                if !failing {
                    tracing::warn!(error = %err, "change feed: catch-up failed; retrying");
                }
                failing = true;
            }
        }
    }
}

async fn listen(engine: &Arc<Engine>) -> Option<sea_orm::sqlx::postgres::PgListener> {
    let pool = engine
        .store
        .connection()
        .get_postgres_connection_pool()
        .clone();
    let mut l = match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
        Ok(l) => l,
        Err(err) => {
            tracing::warn!(error = %err, "change feed: cannot listen; polling");
            return None;
        }
    };
    match l.listen(CHANNEL).await {
        Ok(()) => Some(l),
        Err(err) => {
            tracing::warn!(error = %err, "change feed: cannot listen; polling");
            None
        }
    }
}
