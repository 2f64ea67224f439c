//! The engine's snapshot: the in-memory table written to `<data dir>/engine.snapshot`, so that a
//! server opens in seconds instead of reading and deriving every listing from the store.
//!
//! # What is written
//! The rows ([`Doc`](super::table::Doc)) with the store's change sequence each was derived from,
//! the area ids the rows' area numbers refer to, the bigram lists with their text arena, the id
//! and kana orders, and the feed sequence up to which every change is in it (the watermark).
//! Whatever is cheaper to derive than to read (bitsets, posting lists per municipality and area,
//! the R-trees, ranks, the id map) is rebuilt from the rows. The rows are written in chunks that
//! two threads read and decode at once while a third files them.
//!
//! # Never trusted
//! The file's header carries the [`FORMAT`] number and a fingerprint of the taxonomy (rows hold
//! taxonomy codes as bit positions), and every part its own CRC-32: any mismatch and the engine
//! is built from the store instead (and a new snapshot written). A snapshot that reads well is
//! brought up to the store from the change feed (what was written after its watermark), and
//! then checked: the table, the store and the text index must give the same
//! [`RowSummary`](crate::store::RowSummary), else every row's sequence is compared; and a
//! sample of rows is derived again from the store and must come out byte for byte as read,
//! which catches a build whose derivation changed without a new [`FORMAT`]
//! (`super::open` does the checking).

mod file;
mod row;

use super::Engine;
use super::state::State;
use super::table::Doc;
use crate::areas::AreaSet;
use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::spatial::SpatialIndex;
use crate::text::grams::GramIndex;
use file::{Sections, Stamp};
use model::geo::LatLng;
use model::taxonomy;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Weak;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The snapshot's file name in the data folder.
pub const FILE: &str = "engine.snapshot";

/// The encoding's version: bump it whenever the encoding, [`State::make_doc`] or
/// [`crate::text::memory_text`] changes what a row holds, or the bigram lists' keys change
/// (3: a word of one character got a key of its own).
pub const FORMAT: u32 = 3;

/// Ordinals per chunk of rows (about 8 MB at the national scale).
const CHUNK: usize = 8_192;

/// Room taken up front for a chunk's rows (a listing's row is about 660 bytes at the national
/// scale), so a chunk's buffer is not copied as it grows.
const ROW_BYTES: usize = 768;

/// Unchanged rows derived again from the store on every load, spread over the ordinals.
const SAMPLE: usize = 64;

/// The taxonomy the rows' bit positions refer to, as one number (FNV-1a over every code).
fn fingerprint() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    let codes = taxonomy::CATEGORIES
        .iter()
        .map(|c| c.code)
        .chain([""])
        .chain(taxonomy::SERVICE_TYPES.iter().map(|c| c.code))
        .chain([""])
        .chain(taxonomy::CAPABILITIES.iter().map(|c| c.code));
    for code in codes {
        code.bytes().chain([0]).for_each(&mut eat);
    }
    h
}

/// How many sections [`encode`] gives for a state.
fn section_count(st: &State) -> usize {
    1 + st.docs.len().div_ceil(CHUNK) + 2
}

/// The sections of a state — the area ids, the chunks of rows, the bigram lists, the orders —
/// each handed to `put` with its number as soon as it is encoded, in no particular order.
fn encode(st: &State, put: &(dyn Fn(usize, Vec<u8>) + Sync)) {
    let mut meta = Writer::default();
    meta.u32(st.docs.len() as u32);
    meta.strs(&st.area_ids);
    put(0, meta.buf);
    // The row sections are independent: written on every core, beside the bigram lists and
    // the orders.
    let firsts: Vec<usize> = (0..st.docs.len()).step_by(CHUNK).collect();
    let after_rows = 1 + firsts.len();
    rayon::join(
        || {
            firsts.into_par_iter().enumerate().for_each(|(i, first)| {
                let last = (first + CHUNK).min(st.docs.len());
                let mut w = Writer::default();
                w.buf.reserve((last - first) * ROW_BYTES);
                w.len(first);
                w.len(last - first);
                for ord in first..last {
                    match &st.docs[ord] {
                        Some(d) => {
                            w.u8(1);
                            w.i64(st.seqs[ord]);
                            row::write(&mut w, d);
                        }
                        None => w.u8(0),
                    }
                }
                put(1 + i, w.buf);
            })
        },
        || {
            let mut grams = Writer::default();
            st.grams.write_to(&mut grams);
            put(after_rows, grams.buf);
            let mut orders = Writer::default();
            orders.u32s(&st.id_order);
            orders.u32s(&st.name_order);
            put(after_rows + 1, orders.buf);
        },
    );
}

/// Encodes a state into `out` (sections written in order by a thread of their own while the
/// later ones are still being encoded); returns the bytes written.
fn write_sections(st: &State, out: &mut file::SectionWriter) -> Result<usize> {
    let (to, from) = std::sync::mpsc::channel::<(usize, Vec<u8>)>();
    std::thread::scope(|s| {
        let writer = s.spawn(move || -> Result<usize> {
            let mut waiting = std::collections::BTreeMap::new();
            let (mut next, mut bytes) = (0, 0);
            for (i, section) in from {
                waiting.insert(i, section);
                while let Some(section) = waiting.remove(&next) {
                    out.push(&section)?;
                    bytes += section.len();
                    next += 1;
                }
            }
            Ok(bytes)
        });
        // A writer that failed stops receiving; what is still encoded is dropped.
        encode(st, &|i, section| {
            let _ = to.send((i, section));
        });
        drop(to);
        writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn damaged(what: &str) -> Error {
    Error::Snapshot(format!("is damaged: {what}"))
}

/// One chunk of rows as decoded: (ordinal, sequence, row).
type Rows = Vec<(u32, i64, Doc)>;

/// Decodes a chunk of rows, checking that every code and area number is one the state knows.
fn decode_rows(buf: &[u8], areas: usize) -> Result<Rows> {
    let mut r = Reader::new(buf);
    let first = r.u32()?;
    let count = r.u32()?;
    let mut out = Vec::with_capacity(count as usize);
    let fits = |bits: u64, n: usize| n >= 64 || bits >> n == 0;
    for ord in first..first.saturating_add(count) {
        if !r.bool()? {
            continue;
        }
        let seq = r.i64()?;
        let d = row::read(&mut r)?;
        if usize::from(d.category) >= taxonomy::CATEGORIES.len()
            || !fits(d.services, taxonomy::SERVICE_TYPES.len())
            || !fits(d.capabilities, taxonomy::CAPABILITIES.len())
            || d.areas.iter().any(|&a| a as usize >= areas)
        {
            return Err(damaged("a row's codes"));
        }
        out.push((ord, seq, d));
    }
    if !r.is_done() {
        return Err(damaged("a chunk of rows"));
    }
    Ok(out)
}

/// What a worker thread decoded.
enum Part {
    Rows(usize, Rows),
    Grams(GramIndex),
}

/// Reads the state out of an open file: two threads read and decode the chunks of rows and the
/// bigram lists while this one files the rows in ordinal order. The table has the area ids its
/// rows name and no area set yet.
fn decode(file: &Sections) -> Result<State> {
    if file.stamp.format != FORMAT {
        return Err(Error::Snapshot(format!(
            "has format {}, this build reads {FORMAT}",
            file.stamp.format
        )));
    }
    if file.stamp.fingerprint != fingerprint() {
        return Err(Error::Snapshot("was written for another taxonomy".into()));
    }
    let n = file.len();
    if n < 3 {
        return Err(damaged("too few sections"));
    }
    let mut buf = Vec::new();
    file.read(0, &mut buf)?;
    let mut r = Reader::new(&buf);
    let ords = r.u32()? as usize;
    let mut st = State::new(AreaSet::default());
    for id in r.strings()? {
        st.area_idx_or_insert(&id);
    }
    let areas = st.area_ids.len();
    // Jobs 0.. are the chunks of rows (sections 1..n-2), then the bigram lists (section n-2).
    let chunks = n - 3;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::channel::<Result<Part>>();
    let mut grams = None;
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..2 {
            let tx = tx.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || {
                let mut buf = Vec::new();
                loop {
                    let job = next.fetch_add(1, Ordering::Relaxed);
                    if job > chunks || stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let part = file.read(job + 1, &mut buf).and_then(|()| {
                        if job < chunks {
                            decode_rows(&buf, areas).map(|rows| Part::Rows(job, rows))
                        } else {
                            GramIndex::read_from(&mut Reader::new(&buf)).map(Part::Grams)
                        }
                    });
                    if tx.send(part).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // File the chunks in order as they arrive (a chunk that comes early waits).
        let mut waiting = std::collections::BTreeMap::new();
        let mut filed = 0;
        for part in rx {
            match part {
                Ok(Part::Rows(i, rows)) => {
                    waiting.insert(i, rows);
                }
                Ok(Part::Grams(g)) => grams = Some(g),
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
            while let Some(rows) = waiting.remove(&filed) {
                for (ord, seq, d) in rows {
                    if ord as usize >= ords {
                        stop.store(true, Ordering::Relaxed);
                        return Err(damaged("an ordinal out of range"));
                    }
                    st.place(ord, seq, d, false);
                }
                filed += 1;
            }
        }
        if filed != chunks {
            return Err(damaged("missing chunks of rows"));
        }
        Ok(())
    })?;
    st.grams = grams.ok_or_else(|| damaged("no bigram lists"))?;
    file.read(n - 1, &mut buf)?;
    let mut r = Reader::new(&buf);
    st.id_order = r.u32s()?;
    st.name_order = r.u32s()?;
    let held = |o: &u32| st.docs.get(*o as usize).is_some_and(Option::is_some);
    if !r.is_done()
        || st.id_order.len() != st.live
        || st.name_order.len() != st.live
        || !st.id_order.iter().all(held)
        || !st.name_order.iter().all(held)
    {
        return Err(damaged("the orders"));
    }
    let points: Vec<(u32, LatLng)> = st
        .hot
        .iter()
        .enumerate()
        .filter_map(|(o, h)| h.location().map(|l| (o as u32, l)))
        .collect();
    st.spatial = SpatialIndex::bulk_load(&points);
    st.refresh_ranks();
    Ok(st)
}

/// A table read from the snapshot, and the feed sequence up to which it holds every change.
pub(super) struct Loaded {
    pub(super) state: State,
    pub(super) watermark: i64,
}

/// Reads the snapshot in `dir`; None (with the reason logged) when there is none or it cannot
/// be used. The caller gives the table its areas.
pub(super) fn load(dir: &Path) -> Option<Loaded> {
    let path = dir.join(FILE);
    if !path.exists() {
        return None;
    }
    let started = Instant::now();
    let read = Sections::open(&path).and_then(|f| {
        let watermark = f.stamp.watermark;
        decode(&f).map(|state| Loaded { state, watermark })
    });
    match read {
        Ok(l) => {
            tracing::info!(
                path = %path.display(),
                rows = l.state.live,
                watermark = l.watermark,
                ms = started.elapsed().as_millis() as u64,
                "snapshot read"
            );
            Some(l)
        }
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "snapshot not used; building from the store");
            None
        }
    }
}

/// What a snapshot save wrote.
#[derive(Debug, Clone, Copy)]
pub struct Saved {
    /// Rows written.
    pub rows: usize,
    /// The feed sequence up to which every change is in it.
    pub watermark: i64,
    /// The engine's table generation the snapshot shows (see [`Engine::snapshot_is_stale`]).
    pub generation: u64,
}

impl Engine {
    /// Whether the data folder's snapshot is missing or behind what the engine holds (built
    /// from the store at open, or listings or areas changed since the last save; the data
    /// sources are read from the store at every open, so a change of them alone is not).
    pub fn snapshot_is_stale(&self) -> bool {
        self.snapshot_generation.load(Ordering::Relaxed) != self.table_generation()
    }

    fn table_generation(&self) -> u64 {
        self.table_generation.load(Ordering::Acquire)
    }

    /// [`Engine::save_snapshot`] when the snapshot is stale; None when it is not (or there is
    /// no data folder).
    pub async fn save_snapshot_if_stale(&self) -> Result<Option<Saved>> {
        if !self.snapshot_is_stale() {
            return Ok(None);
        }
        self.save_snapshot().await
    }

    /// Writes the snapshot of the in-memory table to the data folder (None for an engine
    /// without one). Writes wait meanwhile; searches go on. An engine that follows the feed
    /// first applies what other servers committed, so that the snapshot holds every change up
    /// to the feed's head.
    pub async fn save_snapshot(&self) -> Result<Option<Saved>> {
        let Some(dir) = &self.data_dir else {
            return Ok(None);
        };
        let _w = self.writer.lock().await;
        let started = Instant::now();
        // With the writer lock held every write of this engine is applied; one that follows
        // the feed catches up with the others' to the head it reads.
        let watermark = if self.follows_feed() {
            self.catch_up_locked().await?.position
        } else {
            self.store.feed_head().await?
        };
        let generation = self.table_generation();
        let stamp = Stamp {
            format: FORMAT,
            fingerprint: fingerprint(),
            watermark,
        };
        let path = dir.join(FILE);
        let (bytes, rows) = {
            let st = self.state.read();
            let mut out = file::SectionWriter::create(&path, stamp, section_count(&st))?;
            let bytes = write_sections(&st, &mut out)?;
            out.finish()?;
            (bytes, st.live)
        };
        self.snapshot_generation
            .store(generation, Ordering::Relaxed);
        tracing::info!(
            path = %path.display(),
            rows,
            watermark,
            bytes,
            ms = started.elapsed().as_millis() as u64,
            "snapshot written"
        );
        Ok(Some(Saved {
            rows,
            watermark,
            generation,
        }))
    }
}

/// Saves the engine's snapshot when it is stale ([`Engine::snapshot_is_stale`]): at once, then
/// every `every` (when given), for as long as the engine lives elsewhere (the server's
/// background task). Each save runs on a blocking thread: encoding half a million rows takes
/// seconds of CPU, and writes wait meanwhile.
pub async fn keep_saving(engine: Weak<Engine>, every: Option<Duration>) {
    loop {
        let Some(e) = engine.upgrade() else { return };
        if e.data_dir.is_none() {
            return;
        }
        let handle = tokio::runtime::Handle::current();
        match tokio::task::spawn_blocking(move || handle.block_on(e.save_snapshot_if_stale())).await
        {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => tracing::warn!(error = %err, "snapshot not written"),
            Err(err) => tracing::warn!(error = %err, "snapshot task failed"),
        }
        match every {
            Some(every) => tokio::time::sleep(every).await,
            None => return,
        }
    }
}

/// Whether rows read from the snapshot come out the same when derived again from the store's
/// records (a record written again since, with another sequence, is the feed's to apply and
/// is passed over here).
pub(super) fn derives_the_same(st: &mut State, rows: &[crate::store::StoredRef<'_>]) -> bool {
    rows.iter().all(|r| {
        let held = match st.docs.get(r.ord as usize) {
            Some(Some(d)) if st.seqs[r.ord as usize] == r.seq => {
                let mut w = Writer::default();
                row::write(&mut w, d);
                w.buf
            }
            Some(Some(_)) => return true,
            _ => return false,
        };
        let fresh = st.make_doc(r.facility);
        let mut w = Writer::default();
        row::write(&mut w, &fresh);
        held == w.buf && st.grams.text(r.ord) == crate::text::memory_text(r.facility)
    })
}

/// Up to [`SAMPLE`] of the table's ordinals, evenly spread, to derive again as a check.
pub(super) fn sample(st: &State) -> Vec<u32> {
    let held: Vec<u32> = (0..st.docs.len() as u32)
        .filter(|o| st.docs[*o as usize].is_some())
        .collect();
    let step = (held.len() / SAMPLE).max(1);
    held.iter().step_by(step).take(SAMPLE).copied().collect()
}
