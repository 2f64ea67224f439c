//! Imports of real data through the engine: placement, matching, merging and closing (see
//! [`crate::ingest`]) over the stored directory, written in one transaction.

use super::Engine;
use super::bulk::BULK_ROWS;
use crate::error::Result;
use crate::ingest::matching::{Decision, Directory, Keys, Wanted};
use crate::ingest::placement::{Placed, place};
use crate::ingest::{Batch, EDITOR, default_priority, key_of, merge::merge};
use crate::store::imports::{ImportWrite, NewReview};
use model::Facility;
use model::facility::LifecycleStatus;
use model::review::{ImportReport, ReviewDetail};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, HashMap};

/// Which source wins a field: the recorded priorities, else each kind's default.
pub(crate) struct Priorities(HashMap<String, u8>);

impl Priorities {
    /// The priority of a source.
    pub(crate) fn of(&self, source: &str) -> u8 {
        self.0
            .get(source)
            .copied()
            .unwrap_or_else(|| default_priority(source))
    }
}

/// Records whose likely merges are made ahead together (see the matching loop).
const MERGE_BLOCK: usize = 4096;

/// How a listing came into this import.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Updated,
    Merged,
    New,
    Ambiguous,
    Closed,
}

impl Engine {
    /// Priorities of the recorded sources (see [`crate::ingest::default_priority`]).
    pub(crate) async fn source_priorities(&self) -> Result<Priorities> {
        let mut m: HashMap<String, u8> = self
            .store
            .data_sources()
            .await?
            .into_iter()
            .filter_map(|s| s.priority.map(|p| (s.id, p)))
            .collect();
        m.insert(EDITOR.to_string(), u8::MAX);
        Ok(Priorities(m))
    }

    /// Imports a batch of one source (see [`crate::ingest`]): every record is placed, matched
    /// and merged, the listings a complete list no longer has are closed, and the whole result
    /// is written in one transaction (or nothing is). `progress` counts written listings.
    pub async fn import(
        &self,
        batch: Batch,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<ImportReport> {
        let started = std::time::Instant::now();
        let mut phases: Vec<(&str, u64)> = Vec::new();
        let mark = |name: &'static str, phases: &mut Vec<(&str, u64)>| {
            phases.push((name, started.elapsed().as_millis() as u64));
        };
        // Every record is checked on every core; the first invalid one in file order is reported.
        if let Some(Err(e)) = batch
            .records
            .par_iter()
            .map(Facility::validate)
            .find_first(|r| r.is_err())
        {
            return Err(e.into());
        }
        let source = batch.source.id.clone();
        let mut report = ImportReport {
            source: source.clone(),
            files: batch.files.clone(),
            records: batch.records.len(),
            ..ImportReport::default()
        };
        let mut records = last_of_each_key(batch.records);
        // 1. Placement.
        let geocoder = self.geocoder.read().clone();
        let mut relocated: HashMap<String, ReviewDetail> = HashMap::new();
        {
            let st = self.state.read();
            let placed: Vec<Placed> = records
                .par_iter_mut()
                .map(|f| place(f, &geocoder, &st.area_set))
                .collect();
            for (f, p) in records.iter().zip(placed) {
                match p {
                    Placed::Kept => {}
                    Placed::Geocoded(_) => report.geocoded += 1,
                    Placed::Relocated(d) => {
                        report.relocated += 1;
                        relocated.insert(f.id.0.clone(), d);
                    }
                    Placed::Unplaced => report.unplaced += 1,
                }
            }
        }
        mark("placed", &mut phases);
        let _w = self.writer.lock().await;
        // 2. The stored listings the batch may touch.
        let keys: Vec<Keys> = records.par_iter().map(Keys::of).collect();
        let mut dir = Directory::default();
        // A first import has nothing stored to match.
        let in_store = self.store.count_facilities().await?;
        if in_store > 0 {
            // Room for every stored listing and the held records behind them, made once: a
            // national re-import otherwise grew (and copied) half a million listings several
            // times over.
            dir.reserve_listings(in_store as usize + records.len());
            dir.reserve(in_store as usize + records.len(), &source);
            let wanted = Wanted::of(&source, &records, &keys);
            // What each stored listing is keyed by is worked out on every core; only filing
            // it in the directory is in order on one.
            self.store
                .for_each_facility_page(|page| {
                    let keyed: Vec<(Facility, Keys)> = page
                        .into_par_iter()
                        .map(|s| {
                            let keys = Keys::of(&s.facility);
                            (s.facility, keys)
                        })
                        .filter(|(f, keys)| wanted.wants(f, keys))
                        .collect();
                    for (f, keys) in keyed {
                        dir.add_keyed(f, keys);
                    }
                })
                .await?;
        }
        let stored = dir.len();
        dir.seal();
        dir.reserve(records.len(), &source);
        mark("read", &mut phases);
        let priorities = self.source_priorities().await?;
        let prio = |s: &str| priorities.of(s);
        // 3. Matching and merging.
        // Per listing index (the stored listings, then the batch's own): its role in this
        // import, and whether a record of the batch went into it. Each record makes at most
        // one listing, so both fit in vectors of that size: a first import of half a million
        // records fills them without a tree node or a hash per record.
        let capacity = stored + records.len();
        let mut roles: Vec<Option<Role>> = vec![None; capacity];
        let mut taken = vec![false; capacity];
        let mut reviews: Vec<NewReview> = Vec::new();
        // The keys a complete list still has (only a complete list closes what is missing).
        let present_keys: FxHashSet<String> = match &batch.complete {
            Some(_) => records
                .iter()
                .filter_map(|r| key_of(r).map(str::to_string))
                .collect(),
            None => FxHashSet::default(),
        };
        // The records wait behind the listings in their own vector (see `Directory::hold`).
        dir.hold(records);
        let mut keys = keys;
        // Merging goes through every field of both sides (most of a re-import's matching), so
        // a block's merges are made ahead on every core from the directory as it stands; the
        // loop, deciding in order as before, takes one only for the listing it decided on and
        // only if no earlier record of the block changed that listing since.
        let mut ahead: Vec<Option<(usize, Facility)>> = Vec::new();
        let mut touched: FxHashSet<usize> = FxHashSet::default();
        for k in 0..keys.len() {
            if k % MERGE_BLOCK == 0 && stored > 0 {
                let end = (k + MERGE_BLOCK).min(keys.len());
                ahead = (k..end)
                    .into_par_iter()
                    .map(|k| {
                        let r = dir.held(k);
                        match dir.decide(r, &keys[k], &source, |i| taken[i]) {
                            Decision::Same(i) | Decision::Merge(i, _) => {
                                Some((i, merge(&dir.listings()[i], r, &source, &prio)))
                            }
                            _ => None,
                        }
                    })
                    .collect();
                touched.clear();
            }
            let keys = std::mem::take(&mut keys[k]);
            let mut merged = |dir: &Directory, i: usize| {
                let made = ahead.get_mut(k % MERGE_BLOCK).and_then(Option::take);
                match made {
                    Some((j, m)) if j == i && !touched.contains(&i) => m,
                    _ => merge(&dir.listings()[i], dir.held(k), &source, &prio),
                }
            };
            let r = dir.held(k);
            let relocation = relocated.remove(r.id.as_str());
            let location = r.location;
            let i = match dir.decide(r, &keys, &source, |i| taken[i]) {
                Decision::Same(i) | Decision::Merge(i, _) if taken[i] && i >= stored => {
                    // A second record of this batch for a listing it created: one listing.
                    let m = merged(&dir, i);
                    dir.replace(i, m);
                    touched.insert(i);
                    i
                }
                Decision::Same(i) => {
                    let m = merged(&dir, i);
                    dir.replace(i, m);
                    touched.insert(i);
                    roles[i].get_or_insert(Role::Updated);
                    i
                }
                Decision::Merge(i, _) => {
                    let m = merged(&dir, i);
                    dir.replace(i, m);
                    touched.insert(i);
                    roles[i].get_or_insert(Role::Merged);
                    i
                }
                Decision::New => {
                    let i = dir.add_held(k, keys);
                    roles[i] = Some(Role::New);
                    i
                }
                Decision::Ambiguous(candidates) => {
                    let i = dir.add_held(k, keys);
                    roles[i] = Some(Role::Ambiguous);
                    let f = &dir.listings()[i];
                    for (j, reason) in candidates {
                        let other = &dir.listings()[j];
                        reviews.push(NewReview::about(
                            f,
                            ReviewDetail::Duplicate {
                                other_id: other.id.0.clone(),
                                other_name: other.name.clone(),
                                reason,
                            },
                        ));
                    }
                    i
                }
            };
            taken[i] = true;
            // The replaced position is queued only where it became the listing's.
            if let Some(d) = relocation
                && dir.listings()[i].location == location
            {
                let f = &dir.listings()[i];
                reviews.push(NewReview::about(f, d));
            }
        }
        mark("matched", &mut phases);
        // 4. A complete list closes what it no longer has.
        if let Some(scope) = &batch.complete {
            for i in 0..stored {
                let f = &dir.listings()[i];
                let gone = f.status != LifecycleStatus::Closed
                    && !taken[i]
                    && f.provenance.records.iter().any(|r| {
                        r.source == source && scope.covers(&r.key) && !present_keys.contains(&r.key)
                    });
                if gone {
                    let mut f = f.clone();
                    f.status = LifecycleStatus::Closed;
                    f.provenance
                        .field_sources
                        .insert("status".into(), source.clone());
                    reviews.push(NewReview::about(
                        &f,
                        ReviewDetail::Disappeared {
                            source: source.clone(),
                            as_of: batch.source.as_of,
                        },
                    ));
                    dir.replace(i, f);
                    roles[i] = Some(Role::Closed);
                }
            }
        }
        // 5. Municipality and areas of every listing the import touched (in place: neither
        // changes what the directory is indexed by). A stored listing that changes only here
        // is remembered as it was first.
        let (mut listings, mut originals) = dir.into_parts();
        {
            let st = self.state.read();
            for (i, f) in listings.iter_mut().enumerate() {
                if roles[i].is_none() {
                    continue;
                }
                let Some(l) = f.location else { continue };
                let municipality = match &f.municipality_code {
                    Some(_) => None,
                    None => st.area_set.municipality_of(l.point()),
                };
                let assigned = st.area_set.has_areas().then(|| {
                    st.area_set.assign(
                        l.point(),
                        municipality.as_deref().or(f.municipality_code.as_deref()),
                    )
                });
                let moves =
                    municipality.is_some() || assigned.as_ref().is_some_and(|a| a.areas != f.areas);
                if moves && i < stored {
                    originals.entry(i).or_insert_with(|| Box::new(f.clone()));
                }
                if municipality.is_some() {
                    f.municipality_code = municipality;
                }
                if let Some(a) = assigned {
                    if let Some(gap) = a.nearest {
                        report.area_gaps += 1;
                        reviews.push(NewReview::area_gap(f, gap));
                    }
                    f.areas = a.areas;
                }
            }
        }
        // 6. What changed, and the change log of stored listings. The listings to write keep
        // the directory's allocation (half a gigabyte for half a million listings).
        let mut changes = BTreeMap::new();
        let write: Vec<Facility> = listings
            .into_iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let role = roles[i]?;
                if i < stored {
                    let Some(original) = originals.remove(&i).filter(|o| **o != f) else {
                        report.unchanged += 1;
                        return None;
                    };
                    let diff: Vec<_> = model::change::diff(Some(&original), &f)
                        .into_iter()
                        .filter(|c| c.field != "provenance")
                        .collect();
                    changes.insert(f.id.0.clone(), diff);
                }
                match role {
                    Role::Updated => report.updated += 1,
                    Role::Merged => report.merged += 1,
                    Role::New => report.new += 1,
                    Role::Ambiguous => report.ambiguous += 1,
                    Role::Closed => report.closed += 1,
                }
                Some(f)
            })
            .collect();
        mark("prepared", &mut phases);
        // A large import is indexed while the store writes it (see `super::bulk`).
        let bulk = (write.len() >= BULK_ROWS).then(|| self.begin_bulk());
        let mut derived = None;
        let written = self
            .store
            .write_import(
                ImportWrite {
                    records: write,
                    changes: &changes,
                    reviews: &reviews,
                    source: Some(&batch.source),
                    report: &report,
                },
                progress,
                &mut |rows| {
                    if let Some(b) = &bulk {
                        self.bulk_chunk(b, rows);
                    }
                },
                // While the store commits, the text index finishes its segments and the
                // table's rows are derived.
                &mut |rows| {
                    if let Some(b) = &bulk {
                        b.prepare();
                        derived = Some(self.derive_rows(rows));
                    }
                },
            )
            .await?;
        mark("stored", &mut phases);
        match bulk {
            Some(b) => {
                let rows = written.written.rows();
                self.note_own_writes(&rows);
                let docs = derived.unwrap_or_else(|| self.derive_rows(&rows));
                self.complete_derived(&rows, b, docs)?;
            }
            None => self.apply_written(&written.written.rows())?,
        }
        self.reload_sources().await?;
        mark("indexed", &mut phases);
        tracing::info!(source = %report.source, records = report.records, phases = ?phases, "imported (ms since start)");
        Ok(report)
    }
}

/// The batch with one record per key (its source's record key, else its id): the last record of
/// a key takes the place of the first, as a re-import would. A batch without repeated keys (the
/// usual case) is returned as it is, without moving half a gigabyte of records.
fn last_of_each_key(records: Vec<Facility>) -> Vec<Facility> {
    // For each record, the position of the first record of its key.
    let first_of: Vec<usize> = {
        let mut first: FxHashMap<&str, usize> = FxHashMap::default();
        first.reserve(records.len());
        records
            .iter()
            .enumerate()
            .map(|(i, f)| *first.entry(key_of(f).unwrap_or(f.id.as_str())).or_insert(i))
            .collect()
    };
    if first_of.iter().enumerate().all(|(i, &p)| i == p) {
        return records;
    }
    let mut slots: Vec<Option<Facility>> = (0..records.len()).map(|_| None).collect();
    for (f, p) in records.into_iter().zip(first_of) {
        slots[p] = Some(f);
    }
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::facility::FacilityId;
    use model::sources::SourceRecord;

    fn record(id: &str, key: Option<&str>, name: &str) -> Facility {
        let mut f = Facility::new(FacilityId(id.into()), name, "clinic");
        if let Some(k) = key {
            f.provenance.records.push(SourceRecord {
                source: "s".into(),
                key: k.into(),
            });
        }
        f
    }

    #[test]
    fn the_last_record_of_a_key_takes_the_place_of_the_first() {
        let batch = vec![
            record("a", Some("k1"), "first k1"),
            record("b", Some("k2"), "k2"),
            record("c", None, "no key"),
            record("d", Some("k1"), "last k1"),
            record("c", None, "no key again"),
        ];
        let names: Vec<String> = last_of_each_key(batch)
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names, ["last k1", "k2", "no key again"]);
    }

    #[test]
    fn a_batch_without_repeated_keys_is_kept_as_it_is() {
        let batch = vec![record("a", Some("k1"), "a"), record("b", None, "b")];
        let before = batch.as_ptr();
        let kept = last_of_each_key(batch);
        assert_eq!(kept.as_ptr(), before);
        assert_eq!(kept.len(), 2);
    }
}
