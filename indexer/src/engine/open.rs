//! Opening an engine: from the snapshot when there is a usable one (checked against the store,
//! see [`super::snapshot`]), else by reading and deriving every listing from the store; either
//! way the text index is reconciled with the store's change sequences, so a crash between a
//! store commit and an index commit heals here.

use super::state::State;
use super::word_cache::WordCache;
use super::{Engine, EngineSettings, Planner, feed_state, places, snapshot};
use crate::areas::AreaSet;
use crate::error::{Error, Result};
use crate::spatial::SpatialIndex;
use crate::store::{RowSummary, Store, StoredFacility, StoredRef};
use crate::text::{TextDoc, TextIndex};
use parking_lot::RwLock;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Mutex;

/// Re-index in batches of this many listings (bounds the memory of a large reconciliation).
const BATCH: usize = 50_000;

impl Engine {
    /// Connects the store (running migrations), opens or creates the text index, loads the
    /// in-memory table (from the snapshot when one is usable, else from the store) and the
    /// R-trees, and re-indexes whatever the text index lacks. A table built from the store, or
    /// from a snapshot far behind it, marks the snapshot stale
    /// ([`Engine::snapshot_is_stale`]): the server writes it anew in the background.
    pub async fn open(settings: &EngineSettings) -> Result<Engine> {
        let started = Instant::now();
        if let Some(dir) = &settings.data_dir {
            std::fs::create_dir_all(dir)
                .map_err(Error::io(format!("creating {}", dir.display())))?;
        }
        let store = Store::connect(&settings.database_url).await?;
        // The feed's position before anything is read: what commits meanwhile is applied again
        // by the follower (harmless), never missed.
        let feed = feed_state::FeedState::at(&store).await?;
        let text = match &settings.data_dir {
            Some(dir) => TextIndex::open_or_create(&dir.join("index"))?,
            None => TextIndex::in_memory()?,
        };
        let area_set = AreaSet::new(store.all_areas().await?);
        let geocoder = places::load_geocoder(&store, &area_set).await?;
        let sources = store.data_sources().await?;
        let loaded = match &settings.data_dir {
            Some(dir) => snapshot::load(dir),
            None => None,
        };
        let from_snapshot = match loaded {
            Some(l) => reconcile(&store, &text, l, feed.position()).await?,
            None => None,
        };
        // How many listings were read again when opened from the snapshot; None: built.
        let (mut state, reread) = match from_snapshot {
            Some((st, reread)) => (st, Some(reread)),
            None => (build(&store, &text).await?, None),
        };
        state.set_areas(area_set);
        let live = state.live;
        let engine = Engine {
            store,
            text: Arc::new(text),
            state: RwLock::new(state),
            writer: Mutex::new(()),
            generation: std::sync::atomic::AtomicU64::new(1),
            table_generation: std::sync::atomic::AtomicU64::new(1),
            word_cache: parking_lot::Mutex::new(WordCache::new(
                settings.word_cache,
                settings.word_cache_min_matches,
            )),
            planner: std::sync::atomic::AtomicU8::new(Planner::Cost as u8),
            geocoder: RwLock::new(Arc::new(geocoder)),
            sources: RwLock::new(Arc::new(sources)),
            feed: parking_lot::Mutex::new(feed),
            data_dir: settings.data_dir.clone(),
            reread_at_open: reread,
            // The generation the file shows: the first (1) when it was opened from and little
            // was read again; 0 (none) when it must be written anew.
            snapshot_generation: std::sync::atomic::AtomicU64::new(match reread {
                Some(n) if n <= 1_000 || n * 20 <= live => 1,
                _ => 0,
            }),
        };
        tracing::info!(
            facilities = live,
            from_snapshot = reread.is_some(),
            reread,
            total_ms = started.elapsed().as_millis() as u64,
            "engine opened"
        );
        Ok(engine)
    }
}

/// Reads every listing from the store into a new table, re-indexing every row whose change
/// sequence the text index does not hold (new, changed, or lost with the index folder).
/// The table has the area ids its rows name and no area set yet.
async fn build(store: &Store, text: &TextIndex) -> Result<State> {
    let indexed = text.indexed_seqs()?;
    let mut state = State::new(AreaSet::default());
    let mut points = Vec::new();
    let mut present = HashSet::with_capacity(indexed.len());
    let mut pending: Vec<TextDoc> = Vec::new();
    let mut replaced: Vec<u32> = Vec::new();
    let mut failure: Option<Error> = None;
    store
        .for_each_facility(|r| {
            if let Some(l) = r.facility.location {
                points.push((r.ord, l.point()));
            }
            state.insert_row(r.ord, r.seq, &r.facility, false);
            present.insert(r.ord);
            match indexed.get(&r.ord) {
                Some(&s) if s == r.seq => {}
                other => {
                    if other.is_some() {
                        replaced.push(r.ord);
                    }
                    pending.push(TextDoc::from_facility(r.ord, r.seq, &r.facility));
                }
            }
            if pending.len() >= BATCH && failure.is_none() {
                if let Err(e) = text.apply(&pending, &replaced) {
                    failure = Some(e);
                }
                pending.clear();
                replaced.clear();
            }
        })
        .await?;
    if let Some(e) = failure {
        return Err(e);
    }
    replaced.extend(indexed.keys().filter(|o| !present.contains(o)));
    if !pending.is_empty() || !replaced.is_empty() {
        text.apply(&pending, &replaced)?;
    }
    state.spatial = SpatialIndex::bulk_load(&points);
    state.rebuild_orders();
    Ok(state)
}

/// Brings a table read from the snapshot up to the store's feed `head`: applies what was
/// written after the snapshot's watermark, then checks that the table, the store and the text
/// index hold the same rows (by [`RowSummary`]; if not, every row's sequence is compared and
/// what differs read again) and that a sample derives as read. None when the snapshot cannot
/// be trusted or is so far behind that building from the store is as quick; else the table
/// and how many listings were read again.
async fn reconcile(
    store: &Store,
    text: &TextIndex,
    loaded: snapshot::Loaded,
    head: i64,
) -> Result<Option<(State, usize)>> {
    let started = Instant::now();
    let snapshot::Loaded {
        state: mut st,
        watermark,
    } = loaded;
    if watermark > head {
        tracing::warn!(
            watermark,
            head,
            "snapshot ahead of the store's feed (another or a restored database); building from the store"
        );
        return Ok(None);
    }
    let behind = store.count_written_between(watermark, head).await? as usize;
    if behind > 1_000 && behind * 2 > st.live {
        tracing::info!(
            behind,
            "snapshot far behind the store; building from the store"
        );
        return Ok(None);
    }
    let changes = store.feed_changes(watermark, head).await?;
    let mut reread = changes.written.len();
    apply(text, &mut st, &changes.written, &changes.removed)?;
    let in_store = store.facility_summary(head).await?;
    if summary(&st) != in_store || text.summary()? != in_store {
        tracing::warn!("snapshot or text index differs from the store; comparing every row");
        reread += compare_every_row(store, text, &mut st).await?;
    }
    let check = store.facilities_by_ord(&snapshot::sample(&st)).await?;
    let check: Vec<StoredRef<'_>> = check.iter().map(StoredFacility::borrowed).collect();
    if !snapshot::derives_the_same(&mut st, &check) {
        tracing::warn!(
            "snapshot rows differ from the store's as derived now; building from the store"
        );
        return Ok(None);
    }
    tracing::info!(
        reread,
        removed = changes.removed.len(),
        ms = started.elapsed().as_millis() as u64,
        "snapshot brought up to the store"
    );
    Ok(Some((st, reread)))
}

/// The [`RowSummary`] of a table.
fn summary(st: &State) -> RowSummary {
    let mut s = RowSummary::default();
    for (ord, d) in st.docs.iter().enumerate() {
        if d.is_some() {
            s.add(ord as u32, st.seqs[ord]);
        }
    }
    s
}

/// Writes rows the store holds and removes ordinals it no longer has, in the text index and
/// the table.
fn apply(
    text: &TextIndex,
    st: &mut State,
    written: &[StoredFacility],
    removed: &[u32],
) -> Result<()> {
    if written.is_empty() && removed.is_empty() {
        return Ok(());
    }
    let docs: Vec<TextDoc> = written
        .iter()
        .map(|r| TextDoc::from_facility(r.ord, r.seq, &r.facility))
        .collect();
    text.apply(&docs, removed)?;
    for o in removed {
        st.remove(*o);
    }
    let rows: Vec<StoredRef<'_>> = written.iter().map(StoredFacility::borrowed).collect();
    st.insert_many(&rows);
    st.refresh_ranks();
    Ok(())
}

/// Compares every row's sequence in the store with the table's and the text index's, and
/// reads again what differs (a store changed outside the feed, a text index behind after a
/// crash, lost, or of an older schema). A row the table holds as stored goes to the text index
/// alone: filing half a million rows into the table again (each taken out of its bigram lists
/// first) took minutes. Returns how many rows were read again.
async fn compare_every_row(store: &Store, text: &TextIndex, st: &mut State) -> Result<usize> {
    let seqs = store.facility_seqs().await?;
    let indexed: HashMap<u32, i64> = text.indexed_seqs()?;
    let in_store: HashSet<u32> = seqs.iter().map(|(o, _)| *o).collect();
    let (mut stale, mut unindexed) = (Vec::new(), Vec::new());
    for &(ord, seq) in &seqs {
        let held = st.docs.get(ord as usize).is_some_and(Option::is_some)
            && st.seqs.get(ord as usize) == Some(&seq);
        if !held {
            stale.push(ord);
        } else if indexed.get(&ord) != Some(&seq) {
            unindexed.push(ord);
        }
    }
    let gone: Vec<u32> = (0..st.docs.len() as u32)
        .filter(|o| st.docs[*o as usize].is_some())
        .chain(indexed.keys().copied())
        .filter(|o| !in_store.contains(o))
        .collect::<std::collections::BTreeSet<u32>>()
        .into_iter()
        .collect();
    apply(text, st, &[], &gone)?;
    for batch in stale.chunks(BATCH) {
        let rows = store.facilities_by_ord(batch).await?;
        apply(text, st, &rows, &[])?;
    }
    for batch in unindexed.chunks(BATCH) {
        let docs: Vec<TextDoc> = store
            .facilities_by_ord(batch)
            .await?
            .iter()
            .map(|r| TextDoc::from_facility(r.ord, r.seq, &r.facility))
            .collect();
        text.apply(&docs, &[])?;
    }
    Ok(stale.len() + unindexed.len())
}
