//! The search engine: the one query path behind the CLI, the API and the UI.
//!
//! # Read path
//! [`Engine::search`] answers a [`SearchQuery`] from three structures kept side by side:
//! - an in-memory table of every facility's filterable attributes and its result summary
//!   (indexed by the store's ordinal), with bitsets per category, service type and capability
//!   and sorted posting lists per municipality and area;
//! - the tantivy text index ([`crate::text`]) for Japanese full text;
//! - the R-trees ([`crate::spatial`]) for radius and viewport.
//!
//! Each filter that has an index offers a candidate list; the smallest one is scanned and every
//! candidate is checked against all the other filters. Facet counts are disjunctive: for each
//! filtered facet dimension a second scan ignores that dimension's filter.
//!
//! # Write path
//! [`Engine::upsert`] and [`Engine::delete`] write the store in one transaction, then the text
//! index (commit + reader reload), then the in-memory table and R-trees, under one writer lock:
//! the next search sees the change. Every stored row carries a change sequence that the text index
//! records; [`Engine::open`] compares both and re-indexes whatever differs, so a crash between the
//! store commit and the index commit heals at the next start.
//!
//! # Opening
//! [`Engine::open`] reads the in-memory table from the data folder's snapshot ([`snapshot`])
//! when it has a usable one and brings it up to the store from the change feed; otherwise it
//! reads and derives every listing from the store, and the snapshot is written anew.

// How the engine is configured.
mod settings;

// The in-memory table and its indexes.
mod bitset; // growable bitsets over ordinals
mod codes; // taxonomy codes as bit positions and facet order
mod state; // every listing's row, the bitsets, posting lists and sort orders
mod table; // one listing's packed row (`Hot`) and full row (`Doc`)

// The read path: words, plan, collect, write out.
mod cost; // the planner's relative costs
mod facets; // facet counting and its JSON
mod json; // a search hit written as JSON without serde
mod labels; // the taxonomy labels a query word occurs in
mod levels; // a word's level in each listing, and its matches split by level
mod map; // map points and clusters
pub mod memory; // what each in-memory structure costs
mod plan; // one query compiled against a state snapshot
mod rank; // relevance: levels per word, the first page without scoring every match
mod search; // `Engine::search*`: text matches, planning, paging
mod word_cache; // matching sets of frequent query words
mod words; // query words checked in memory (labels, substrings)

// Opening, and the write path.
mod bulk; // many rows at once: derived on every core beside the text index
mod feed_state; // the engine's place in the change feed
pub mod follow; // other servers' writes, from the store's change feed
mod open; // from the store, or from the snapshot checked against the store
mod rebuild; // rebuilding the text index from the store
pub mod snapshot; // the in-memory table in a file, for a fast open
mod write; // upsert and delete through store, text index and table

// Imports, areas, places and sources on top of the write path (the editorial workflows are
// `crate::editorial`).
mod areas;
pub mod coverage;
mod ingest;
mod places;
pub mod population;
mod sources;

pub use rebuild::rebuild_index;
pub use settings::{DEFAULT_WORD_CACHE, DEFAULT_WORD_CACHE_MIN_MATCHES, EngineSettings, Planner};

use state::State;
use word_cache::WordCache;

use crate::error::{Error, Result};
use crate::store::Store;
use crate::text::TextIndex;
use model::facility::LifecycleStatus;
use model::search::SearchHit;
use model::{Area, Facility};
use parking_lot::RwLock;
use std::collections::BTreeMap;
use tokio::sync::Mutex;

/// Summary counts of the directory.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Stats {
    /// Facilities in the store.
    pub facilities: u64,
    /// Facilities in the text index.
    pub indexed: u64,
    /// Facilities with a position.
    pub with_location: usize,
    /// Per lifecycle status.
    pub by_status: BTreeMap<String, u64>,
    /// Per category.
    pub by_category: BTreeMap<String, u64>,
    /// Per service type.
    pub by_service: BTreeMap<String, u64>,
    /// Number of distinct municipalities.
    pub municipalities: usize,
    /// Number of areas.
    pub areas: usize,
}

/// The search engine with its store.
pub struct Engine {
    store: Store,
    text: std::sync::Arc<TextIndex>,
    state: RwLock<State>,
    writer: Mutex<()>,
    /// Bumped after every change that searches can see (for caches and ETags).
    generation: std::sync::atomic::AtomicU64,
    word_cache: parking_lot::Mutex<WordCache>,
    /// [`Planner`] as a number (0 cost, 1 sets, 2 scan).
    planner: std::sync::atomic::AtomicU8,
    /// The offline geocoder (empty until address data is imported).
    geocoder: RwLock<std::sync::Arc<crate::geocode::Geocoder>>,
    /// The recorded data sources with their credit lines (pages show them on every answer).
    sources: RwLock<std::sync::Arc<Vec<model::sources::DataSource>>>,
    /// Where this engine is in the store's change feed ([`follow`]).
    feed: parking_lot::Mutex<feed_state::FeedState>,
    /// The data folder, where the snapshot goes (None: in memory, no snapshot).
    data_dir: Option<std::path::PathBuf>,
    /// Opened from the snapshot: how many listings were read again from the store (None: the
    /// table was built from the store).
    reread_at_open: Option<usize>,
    /// Bumped with `generation` when the table itself changes (listings, areas), not when
    /// only the data sources do: what the snapshot holds.
    table_generation: std::sync::atomic::AtomicU64,
    /// The table generation the data folder's snapshot shows (0: none, or far behind).
    snapshot_generation: std::sync::atomic::AtomicU64,
}

impl Engine {
    /// Whether the engine was opened from its snapshot, and then how many listings it read
    /// again from the store (written after the snapshot); None when it was built from the store.
    pub fn reread_at_open(&self) -> Option<usize> {
        self.reread_at_open
    }

    /// Forces the planner's choices (see [`Planner`]); answers do not change, only how they
    /// are computed.
    pub fn set_planner(&self, planner: Planner) {
        self.planner
            .store(planner as u8, std::sync::atomic::Ordering::Relaxed);
    }

    fn planner(&self) -> Planner {
        match self.planner.load(std::sync::atomic::Ordering::Relaxed) {
            1 => Planner::Sets,
            2 => Planner::Scan,
            _ => Planner::Cost,
        }
    }

    /// A number that changes whenever a change becomes visible to searches (facilities or
    /// areas); answers derived from the directory can be cached under it.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    /// After a change of the table (listings or areas).
    fn bump(&self) {
        self.table_generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        self.bump_visible();
    }

    /// After a change searches see that the table and so the snapshot do not hold (the data
    /// sources' credit lines).
    fn bump_visible(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// The store (for the editorial service; nothing outside the crate writes it).
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// Takes the write lock: one write at a time goes through store, text index and table
    /// (the editorial service holds it around a read-check-write).
    pub(crate) async fn lock_writes(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.writer.lock().await
    }

    /// Releases the index writer lock so another process can write.
    pub fn release_writer(&self) -> Result<()> {
        self.text.release_writer()
    }

    /// Waits for what the last writes left running in the background ([`Store::settle`]).
    pub async fn settle(&self) {
        self.store.settle().await;
    }

    /// Ends a process's use of the engine before it exits: releases the text index's writer
    /// and closes the store (after its background work, [`Store::close`]). The in-memory table is left
    /// to the exit: freeing half a million listings piece by piece takes a tenth of a second
    /// and more, for memory the process is about to give back whole.
    pub async fn close_for_exit(self) -> Result<()> {
        self.release_writer()?;
        let Engine { store, state, .. } = self;
        std::mem::forget(state);
        store.close().await
    }

    /// Loaded areas.
    pub fn areas(&self) -> Vec<Area> {
        self.state.read().area_set.areas().cloned().collect()
    }

    /// One loaded area.
    pub fn area(&self, id: &str) -> Option<Area> {
        self.state.read().area_set.get(id).cloned()
    }

    /// The operating satellites (サテライト) and branches whose main office is `id`, in kana order.
    pub fn satellites(&self, id: &str) -> Vec<SearchHit> {
        let st = self.state.read();
        let mut ords: Vec<u32> = st
            .children
            .get(id)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|o| {
                        st.docs[*o as usize]
                            .as_ref()
                            .is_some_and(|d| d.status == LifecycleStatus::Active)
                    })
                    .collect()
            })
            .unwrap_or_default();
        ords.sort_unstable_by_key(|o| st.name_rank.get(*o as usize).copied());
        ords.iter()
            .filter_map(|o| st.docs[*o as usize].as_ref()?.hit())
            .collect()
    }

    /// Calls `f` with every listing that is not closed (廃止), in store order, one at a time
    /// (what the exports write).
    pub async fn for_each_listing(&self, mut f: impl FnMut(&Facility)) -> Result<()> {
        self.store
            .for_each_facility(|s| {
                if s.facility.status != model::facility::LifecycleStatus::Closed {
                    f(&s.facility);
                }
            })
            .await
    }

    /// Reads one facility (the full record) from the store.
    pub async fn get(&self, id: &str) -> Result<Facility> {
        self.store
            .get_facility(id)
            .await?
            .map(|s| s.facility)
            .ok_or_else(|| Error::NotFound(id.to_string()))
    }

    /// Reads several facilities (full records) from the store in a few queries, in the order
    /// of `ids`; unknown ids are left out.
    pub async fn get_many(&self, ids: &[&str]) -> Result<Vec<Facility>> {
        let mut by_id: std::collections::HashMap<String, Facility> = self
            .store
            .get_facilities(ids)
            .await?
            .into_iter()
            .map(|s| (s.facility.id.0.clone(), s.facility))
            .collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(*id)).collect())
    }

    /// Whether the store has received anything but the sample (an import run or a recorded
    /// source): then the demo loader leaves it alone.
    pub async fn has_real_data(&self) -> Result<bool> {
        self.store.has_real_data().await
    }

    /// Counts for `caremap-indexer stats`.
    pub async fn stats(&self) -> Result<Stats> {
        let facilities = self.store.count_facilities().await?;
        let st = self.state.read();
        let mut by_status = BTreeMap::new();
        let mut by_category = BTreeMap::new();
        let mut by_service = BTreeMap::new();
        for d in st.docs.iter().flatten() {
            *by_status.entry(d.status.code().to_string()).or_insert(0) += 1;
            *by_category
                .entry(d.category_code().to_string())
                .or_insert(0) += 1;
            for (i, s) in model::taxonomy::SERVICE_TYPES.iter().enumerate() {
                if d.services & (1 << i) != 0 {
                    *by_service.entry(s.code.to_string()).or_insert(0) += 1;
                }
            }
        }
        Ok(Stats {
            facilities,
            indexed: self.text.num_docs(),
            with_location: st.spatial.len(),
            by_status,
            by_category,
            by_service,
            municipalities: st.municipalities.values().filter(|v| !v.is_empty()).count(),
            areas: st.area_set.len(),
        })
    }
}
