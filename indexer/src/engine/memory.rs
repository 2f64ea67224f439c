//! What the engine's in-memory structures cost, part by part (`caremap-indexer stats
//! --memory`): the heap bytes each structure owns, counted from the lengths and capacities of
//! what it holds. Not counted: the allocator's own overhead (each allocation rounds up and
//! carries a header: add 10–20 % for the rows, which are many small strings), the text index's
//! files (the operating system maps them; they show in the resident size as page cache), and
//! the geocoder. The R-trees are estimated from their point count.

use super::Engine;
use super::table::{Coverage, Doc};
use std::mem::size_of;

/// One part of the engine's memory.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MemoryPart {
    /// What it is.
    pub part: &'static str,
    /// Heap bytes it owns.
    pub bytes: u64,
}

fn strings<S: AsRef<str>>(v: &[S]) -> usize {
    v.len() * size_of::<String>() + v.iter().map(|s| s.as_ref().len()).sum::<usize>()
}

fn opt(s: &Option<String>) -> usize {
    s.as_ref().map_or(0, String::capacity)
}

/// The length of a value's JSON.
fn json_len<T: serde::Serialize>(v: &T) -> usize {
    serde_json::to_vec(v).map_or(0, |v| v.len())
}

/// Schedules, service areas and professional fields, as the length of their JSON (a close
/// stand-in for what their many small parts hold) or of their coordinates.
fn extras(d: &Doc) -> usize {
    let coverage = match d.coverage.as_ref() {
        Some(Coverage::Polygon(p)) => {
            p.0.iter()
                .map(|poly| {
                    let rings = poly.interiors().iter().map(|r| r.0.len()).sum::<usize>();
                    (poly.exterior().0.len() + rings) * 16
                })
                .sum()
        }
        Some(Coverage::Municipalities(m)) => strings(m),
        _ => 0,
    };
    coverage
        + d.opening_hours().map_or(0, json_len)
        + d.windows().iter().map(json_len).sum::<usize>()
        + d.professional().map_or(0, json_len)
        + d.extras_bytes()
}

impl Engine {
    /// How many query words the word cache holds for the directory as it is now (their matches,
    /// and their levels once ranked, are not searched again).
    pub fn cached_words(&self) -> usize {
        self.word_cache.lock().len_at(self.generation())
    }

    /// The heap bytes of each in-memory structure (see the module documentation for what is
    /// and is not counted).
    pub fn memory(&self) -> Vec<MemoryPart> {
        let st = self.state.read();
        let docs = st.docs.iter().flatten();
        let mut json = 0usize;
        let mut hits = 0usize;
        let mut keys = 0usize;
        let mut more = 0usize;
        for d in docs {
            json += d.json.heap_bytes();
            hits += d.id.len() + d.name.len();
            keys += d.name_key.capacity()
                + opt(&d.municipality)
                + d.areas.capacity() * 4
                + d.parent().map_or(0, str::len);
            more += extras(d);
        }
        let (lists, arena) = st.grams.heap_bytes();
        let bitsets: usize = st
            .categories
            .iter()
            .chain(&st.services)
            .chain(&st.capabilities)
            .chain(&st.scenes)
            .chain(&st.statuses)
            .map(|b| b.heap_bytes())
            .sum();
        let postings = st
            .municipalities
            .iter()
            .map(|(k, v)| k.capacity() + v.capacity() * 4 + 48)
            .sum::<usize>()
            + st.area_postings
                .iter()
                .map(|v| v.capacity() * 4)
                .sum::<usize>()
            + st.shaped_coverage.capacity() * 4
            + st.children
                .iter()
                .map(|(k, v)| k.capacity() + v.capacity() * 4 + 48)
                .sum::<usize>();
        let orders = (st.id_order.capacity()
            + st.name_order.capacity()
            + st.id_rank.capacity()
            + st.name_rank.capacity())
            * 4;
        // Each point sits in a leaf of both trees; inner nodes add about a tenth (wide nodes).
        let rtrees =
            st.spatial.len() * (size_of::<[f64; 3]>() + size_of::<[f64; 2]>() + 8) * 11 / 10;
        let cache = self.word_cache.lock().heap_bytes();
        let parts = [
            (
                "rows: fixed part of every row",
                st.docs.capacity() * size_of::<Option<Doc>>(),
            ),
            ("rows: each hit's JSON", json),
            ("rows: id and name", hits),
            ("rows: sort key, municipality, areas, parent", keys),
            (
                "rows: opening hours, ケアマネタイム, service areas, professional fields",
                more,
            ),
            (
                "packed columns (filters, positions, sequences)",
                st.hot.capacity() * size_of::<super::table::Hot>()
                    + st.xyz.capacity() * 24
                    + st.seqs.capacity() * 8,
            ),
            ("bigram lists", lists),
            ("text arena (in-memory searchable text)", arena),
            ("bitsets (category, service, capability, status)", bitsets),
            (
                "posting lists (municipality, area, service area, satellites)",
                postings,
            ),
            ("id and kana orders and ranks", orders),
            ("R-trees (estimated)", rtrees),
            ("word cache", cache),
        ];
        parts
            .into_iter()
            .map(|(part, bytes)| MemoryPart {
                part,
                bytes: bytes as u64,
            })
            .collect()
    }
}
