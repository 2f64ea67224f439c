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

mod areas;
mod campaign;
mod edit;
mod ingest;
mod places;
mod review;

pub use edit::{SaveKind, Saved};
pub use review::Resolution;

use crate::areas::{AreaSet, covers, to_geo};
use crate::error::{Error, Result};
use crate::grams::{GramIndex, Lookup};
use crate::spatial::{RadiusTest, SpatialIndex};
use crate::store::{Store, StoredFacility, UpsertReport};
use crate::text::{TextDoc, TextIndex};
use chrono::{DateTime, Datelike, FixedOffset};
use model::facility::{Accepting, LifecycleStatus, ProfessionalFields, ServiceArea, Visibility};
use model::geo::{BoundingBox, LatLng, haversine_m};
use model::schedule::Schedule;
use model::search::{
    Facets, MapCluster, MapPoint, MapPoints, SearchHit, SearchQuery, SearchResponse, Sort,
};
use model::{Area, Facility, taxonomy};
use parking_lot::RwLock;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tokio::sync::Mutex;

/// Where the engine keeps its data.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    /// Folder of the text index (`<data_dir>/index`); `None` keeps the index in memory (tests).
    pub data_dir: Option<PathBuf>,
    /// Database URL (`sqlite://…` or `postgres://…`).
    pub database_url: String,
    /// How many frequent query words keep their matching set in memory (0: none); see
    /// `WordCache`.
    pub word_cache: usize,
    /// Fewest possible matches (the search's candidates) for a word to be kept in the word
    /// cache (cheaper words are not).
    pub word_cache_min_matches: usize,
}

/// How the query planner chooses between its strategies, which give the same answers: by
/// estimated cost (always, in service), or forced one way, so tests and diagnosis can compare
/// them on the same data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Planner {
    /// The cheaper strategy by estimate.
    #[default]
    Cost,
    /// Set algebra wherever the filters allow it, and text found through its matches.
    Sets,
    /// Every candidate checked one by one, text included.
    Scan,
}

/// Default size of the word cache.
pub const DEFAULT_WORD_CACHE: usize = 256;
/// Default fewest matches of a cached word.
pub const DEFAULT_WORD_CACHE_MIN_MATCHES: usize = 2_000;

impl EngineSettings {
    /// Settings for a data dir with the default SQLite file inside it.
    pub fn for_data_dir(data_dir: &Path) -> EngineSettings {
        EngineSettings {
            data_dir: Some(data_dir.to_path_buf()),
            database_url: crate::store::default_database_url(data_dir),
            word_cache: DEFAULT_WORD_CACHE,
            word_cache_min_matches: DEFAULT_WORD_CACHE_MIN_MATCHES,
        }
    }

    /// Settings for an in-memory SQLite database and index (tests).
    pub fn in_memory() -> EngineSettings {
        EngineSettings {
            data_dir: None,
            database_url: "sqlite::memory:".into(),
            word_cache: DEFAULT_WORD_CACHE,
            word_cache_min_matches: DEFAULT_WORD_CACHE_MIN_MATCHES,
        }
    }
}

/// The matching sets of frequent, expensive query words (訪問看護, ケア, ステーション …), so a word
/// that matches 10⁵ listings is found once rather than on every query. Only words with at least
/// `min_matches` possible matches (the candidates their search reads: rarest bigram list or
/// index frequency, plus label matches) are kept, since fewer are cheap to find again; the least
/// recently used goes when full; every write to the directory empties it (its generation
/// changes).
struct WordCache {
    capacity: usize,
    min_matches: usize,
    generation: u64,
    tick: u64,
    words: HashMap<String, (std::sync::Arc<Bitset>, u64)>,
}

impl WordCache {
    fn new(capacity: usize, min_matches: usize) -> WordCache {
        WordCache {
            capacity,
            min_matches,
            generation: 0,
            tick: 0,
            words: HashMap::new(),
        }
    }

    fn get(&mut self, word: &str, generation: u64) -> Option<std::sync::Arc<Bitset>> {
        if self.generation != generation {
            self.words.clear();
            self.generation = generation;
        }
        self.tick += 1;
        let tick = self.tick;
        self.words.get_mut(word).map(|(b, used)| {
            *used = tick;
            b.clone()
        })
    }

    /// Whether a word whose search may give `estimate` matches (an upper bound) is worth
    /// keeping: finding it costs about as much as it has candidates.
    fn worth(&self, estimate: usize) -> bool {
        self.capacity > 0 && estimate >= self.min_matches
    }

    fn put(&mut self, word: &str, bits: std::sync::Arc<Bitset>, generation: u64) {
        if self.capacity == 0 || self.generation != generation {
            return;
        }
        if self.words.len() >= self.capacity
            && let Some(oldest) = self
                .words
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(w, _)| w.clone())
        {
            self.words.remove(&oldest);
        }
        self.tick += 1;
        self.words.insert(word.to_string(), (bits, self.tick));
    }
}

/// A growable bitset over ordinals.
#[derive(Default, Clone)]
struct Bitset {
    words: Vec<u64>,
    count: usize,
}

impl Bitset {
    /// An empty set with room for ordinals below `n`.
    fn with_len(n: usize) -> Bitset {
        Bitset {
            words: vec![0; n.div_ceil(64)],
            count: 0,
        }
    }

    fn set(&mut self, i: u32) {
        let (w, b) = ((i / 64) as usize, i % 64);
        if w >= self.words.len() {
            self.words.resize(w + 1, 0);
        }
        if self.words[w] & (1 << b) == 0 {
            self.words[w] |= 1 << b;
            self.count += 1;
        }
    }

    fn clear(&mut self, i: u32) {
        let (w, b) = ((i / 64) as usize, i % 64);
        if let Some(word) = self.words.get_mut(w)
            && *word & (1 << b) != 0
        {
            *word &= !(1 << b);
            self.count -= 1;
        }
    }

    fn get(&self, i: u32) -> bool {
        self.words
            .get((i / 64) as usize)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn union_with(&mut self, other: &Bitset) {
        if other.words.len() > self.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= *b;
        }
    }

    fn intersect_with(&mut self, other: &Bitset) {
        self.words.truncate(other.words.len());
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= *b;
        }
    }

    /// The union of the sets whose index bit is set in `mask`.
    fn union_of(sets: &[Bitset], mask: u64) -> Bitset {
        let mut b = Bitset::default();
        for (i, s) in sets.iter().enumerate() {
            if mask & (1 << i) != 0 {
                b.union_with(s);
            }
        }
        b
    }

    /// Number of members of `self ∩ other`.
    fn and_count(&self, other: &Bitset) -> u64 {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| u64::from((a & b).count_ones()))
            .sum()
    }

    fn from_sorted(ords: &[u32]) -> Bitset {
        let mut b = Bitset::default();
        for &o in ords {
            b.set(o);
        }
        b
    }

    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros();
                w &= w - 1;
                Some(wi as u32 * 64 + b)
            })
        })
    }
}

/// A facility's service area, prepared for coverage tests.
enum Coverage {
    Radius(f64),
    Polygon(Box<geo::MultiPolygon<f64>>),
    Municipalities(Vec<String>),
}

/// The fields of one listing that filters, facets and distances read, packed together (48
/// bytes), so a scan over thousands of candidates reads a dense array instead of a [`Doc`] each.
#[derive(Clone, Copy)]
struct Hot {
    /// Position in degrees (NaN without one; [`LOCATED`] tells).
    lat: f64,
    lng: f64,
    services: u64,
    capabilities: u64,
    /// Index into `State::municipality_codes` ([`NONE`] without a code).
    municipality: u32,
    /// The first two area indices ([`NONE`] when fewer); [`MORE_AREAS`] says `Doc::areas` has more.
    areas: [u32; 2],
    category: u8,
    /// `LifecycleStatus as u8`, or [`FREE`] for an unused ordinal.
    status: u8,
    /// 0 unknown, else `Accepting` + 1.
    accepting: u8,
    flags: u8,
    /// Day (from the common era) the acceptance status was reported; `i32::MIN` without one.
    accepting_day: i32,
}

/// The first day whose acceptance statuses are still current today (Japan time).
fn fresh_from_day() -> i32 {
    let today = chrono::Utc::now()
        .with_timezone(&model::schedule::JST)
        .date_naive();
    (today - chrono::Days::new(u64::from(model::freshness::DEFAULT_AVAILABILITY_DAYS)))
        .num_days_from_ce()
}

/// No index (municipality, area).
const NONE: u32 = u32::MAX;
/// `Hot::status` of an ordinal without a listing: no status mask holds this bit.
const FREE: u8 = 7;
/// `Hot::flags`: the listing has a position.
const LOCATED: u8 = 1;
/// `Hot::flags`: the listing is in more than two areas.
const MORE_AREAS: u8 = 2;

impl Hot {
    const FREE: Hot = Hot {
        lat: f64::NAN,
        lng: f64::NAN,
        services: 0,
        capabilities: 0,
        municipality: NONE,
        areas: [NONE; 2],
        category: 0,
        status: FREE,
        accepting: 0,
        flags: 0,
        accepting_day: i32::MIN,
    };

    fn location(&self) -> Option<LatLng> {
        (self.flags & LOCATED != 0).then_some(LatLng {
            lat: self.lat,
            lng: self.lng,
        })
    }

    fn accepting(&self) -> Option<Accepting> {
        match self.accepting {
            1 => Some(Accepting::Yes),
            2 => Some(Accepting::Limited),
            3 => Some(Accepting::No),
            _ => None,
        }
    }
}

/// The in-memory row of one facility.
struct Doc {
    /// The hit as JSON, split where the per-query fields go.
    json: HitJson,
    hit: SearchHit,
    name_key: String,
    /// First 16 bytes of `name_key`, big-endian: compares like the string in most cases.
    name_prefix: u128,
    /// First 16 bytes of the id, big-endian.
    id_prefix: u128,
    category: u8,
    services: u64,
    capabilities: u64,
    status: LifecycleStatus,
    location: Option<LatLng>,
    municipality: Option<String>,
    areas: Vec<u32>,
    /// Public opening hours (hidden hours neither filter nor show `open_now`).
    opening_hours: Option<Box<Schedule>>,
    /// ケアマネタイム schedules, and whether anonymous visitors may see them.
    windows: Vec<Schedule>,
    windows_public: bool,
    accepting: Option<Accepting>,
    coverage: Option<Coverage>,
    /// The main office's id, for a satellite (サテライト) or branch.
    parent: Option<String>,
    /// The professional fields of the hit (None when the listing has none).
    professional: Option<Box<ProfessionalFields>>,
}

/// A [`SearchHit`] encoded once, with `distance_m`, `open_now` and `score` left out: `head` runs
/// up to where `distance_m` goes (before `"address"`), `mid` up to where `open_now` goes (after
/// `"status"`), `tail` up to where `score` goes (before the closing brace). The field order is
/// `SearchHit`'s declaration order, which serde follows.
struct HitJson {
    head: Box<str>,
    mid: Box<str>,
    tail: Box<str>,
}

/// What a professional viewer gets when a listing has no professional field.
static NO_PROFESSIONAL_FIELDS: ProfessionalFields = ProfessionalFields {
    phone: None,
    url: None,
    email: None,
    fax: None,
    opening_hours: None,
    contact_windows: Vec::new(),
    contact_points: Vec::new(),
    availability: None,
    service_area: None,
    description: None,
    internal_note: None,
};

impl Doc {
    /// The hit's professional fields as a viewer with `clearance` gets them: always present
    /// (maybe empty) for professionals, absent for everyone else.
    fn professional_for(&self, clearance: Visibility) -> Option<&ProfessionalFields> {
        (clearance == Visibility::Professional).then(|| {
            self.professional
                .as_deref()
                .unwrap_or(&NO_PROFESSIONAL_FIELDS)
        })
    }
}

impl HitJson {
    fn new(hit: &SearchHit) -> HitJson {
        let mut plain = hit.clone();
        plain.distance_m = None;
        plain.open_now = None;
        plain.score = None;
        let json = serde_json::to_string(&plain).unwrap_or_default();
        // Keys are unescaped quotes; inside string values quotes are escaped, so these
        // patterns only match the keys themselves.
        let a = json.find(",\"address\":").unwrap_or(json.len());
        let status = json[a..]
            .find(",\"status\":\"")
            .map(|i| a + i + ",\"status\":\"".len())
            .unwrap_or(json.len());
        let b = json[status..]
            .find('"')
            .map(|i| status + i + 1)
            .unwrap_or(json.len());
        let end = json.len().saturating_sub(1).max(b);
        HitJson {
            head: json[..a].into(),
            mid: json[a..b].into(),
            tail: json[b..end].into(),
        }
    }

    fn write(&self, out: &mut Vec<u8>, r: &Row, professional: Option<&ProfessionalFields>) {
        out.extend_from_slice(self.head.as_bytes());
        if let Some(d) = r.distance_m {
            out.extend_from_slice(b",\"distance_m\":");
            let _ = serde_json::to_writer(&mut *out, &d);
        }
        out.extend_from_slice(self.mid.as_bytes());
        if let Some(o) = r.open_now {
            out.extend_from_slice(if o {
                b",\"open_now\":true"
            } else {
                b",\"open_now\":false"
            });
        }
        out.extend_from_slice(self.tail.as_bytes());
        if let Some(s) = r.score {
            out.extend_from_slice(b",\"score\":");
            let _ = serde_json::to_writer(&mut *out, &s);
        }
        if let Some(p) = professional {
            out.extend_from_slice(b",\"professional\":");
            let _ = serde_json::to_writer(&mut *out, p);
        }
        out.push(b'}');
    }
}

fn index_of<T>(table: &[T], pred: impl Fn(&T) -> bool) -> Option<usize> {
    table.iter().position(pred)
}

fn category_index(code: &str) -> Option<usize> {
    index_of(taxonomy::CATEGORIES, |c| c.code == code)
}
fn service_index(code: &str) -> Option<usize> {
    index_of(taxonomy::SERVICE_TYPES, |s| s.code == code)
}
fn capability_index(code: &str) -> Option<usize> {
    index_of(taxonomy::CAPABILITIES, |c| c.code == code)
}

/// Indices of the taxonomy tables in the byte order of their codes (the order of the answer's
/// facet maps).
struct CodeOrder {
    categories: Vec<u32>,
    services: Vec<u32>,
    capabilities: Vec<u32>,
}

fn code_order() -> &'static CodeOrder {
    static ORDER: std::sync::OnceLock<CodeOrder> = std::sync::OnceLock::new();
    ORDER.get_or_init(|| {
        let by_code = |codes: Vec<&'static str>| {
            let mut v: Vec<u32> = (0..codes.len() as u32).collect();
            v.sort_by_key(|i| codes[*i as usize]);
            v
        };
        CodeOrder {
            categories: by_code(taxonomy::CATEGORIES.iter().map(|c| c.code).collect()),
            services: by_code(taxonomy::SERVICE_TYPES.iter().map(|c| c.code).collect()),
            capabilities: by_code(taxonomy::CAPABILITIES.iter().map(|c| c.code).collect()),
        }
    })
}

fn bits(indices: impl Iterator<Item = usize>) -> u64 {
    indices.fold(0u64, |acc, i| acc | (1u64 << i))
}

fn sort_key(f: &Facility) -> String {
    // The published reading, width-normalised (NFKC) but otherwise as written, so the order is
    // the one a printed directory and the shared benchmark (`ORDER BY name_kana, fid`) use.
    // Without a reading the key is empty: such listings come first, by id, rather than guessing
    // a reading from kanji.
    use unicode_normalization::UnicodeNormalization;
    f.name_kana.as_deref().unwrap_or("").trim().nfkc().collect()
}

/// The first 16 bytes of a string as a big-endian number (zero-padded): ordering these equals
/// ordering the strings whenever the prefixes differ.
fn prefix_key(s: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = s.len().min(16);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

/// Order by id (byte order).
fn cmp_id(x: &Doc, y: &Doc) -> Ordering {
    x.id_prefix
        .cmp(&y.id_prefix)
        .then_with(|| x.hit.id.cmp(&y.hit.id))
}

/// Order by kana reading, then name key, then id (the order of a printed directory).
fn cmp_name(x: &Doc, y: &Doc) -> Ordering {
    x.name_prefix
        .cmp(&y.name_prefix)
        .then_with(|| x.name_key.cmp(&y.name_key))
        .then_with(|| x.hit.id.cmp(&y.hit.id))
}

/// Whether a normalised query word occurs in the facility's text or taxonomy labels.
/// The categories, service types and capabilities whose Japanese label contains a query word
/// (a label match counts as a text match), as masks over the taxonomy tables.
#[derive(Clone, Copy)]
struct LabelMasks {
    categories: u64,
    services: u64,
    capabilities: u64,
}

impl LabelMasks {
    fn for_word(w: &str) -> LabelMasks {
        let labels = crate::text::label_texts();
        let mask = |table: &[String]| {
            bits(
                table
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.contains(w))
                    .map(|(i, _)| i),
            )
        };
        LabelMasks {
            categories: mask(&labels.categories),
            services: mask(&labels.services),
            capabilities: mask(&labels.capabilities),
        }
    }

    /// At most how many listings these labels match (the sum of their sets' sizes).
    fn upper_bound(&self, st: &State) -> usize {
        let sum = |sets: &[Bitset], mask: u64| -> usize {
            sets.iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, s)| s.count)
                .sum()
        };
        sum(&st.categories, self.categories)
            + sum(&st.services, self.services)
            + sum(&st.capabilities, self.capabilities)
    }

    /// The listings matched through these labels.
    fn listings(&self, st: &State) -> Bitset {
        let mut b = Bitset::union_of(&st.categories, self.categories);
        b.union_with(&Bitset::union_of(&st.services, self.services));
        b.union_with(&Bitset::union_of(&st.capabilities, self.capabilities));
        b
    }

    fn match_doc(&self, d: &Doc) -> bool {
        self.categories & (1 << d.category) != 0
            || self.services & d.services != 0
            || self.capabilities & d.capabilities != 0
    }
}

/// One query word checked in memory: a substring finder built once per query, and its label
/// matches.
struct WordCheck {
    finder: memchr::memmem::Finder<'static>,
    labels: LabelMasks,
}

impl WordCheck {
    fn new(w: &str) -> WordCheck {
        WordCheck {
            finder: memchr::memmem::Finder::new(w.as_bytes()).into_owned(),
            labels: LabelMasks::for_word(w),
        }
    }

    fn matches(&self, d: &Doc, text: &[u8]) -> bool {
        self.labels.match_doc(d) || self.finder.find(text).is_some()
    }
}

/// Text matches: a bitset for membership, and per-ordinal scores when the results are ranked.
struct TextMatches {
    bits: Bitset,
    scores: Vec<f32>,
}

/// All indexes over the live facilities.
#[derive(Default)]
struct State {
    docs: Vec<Option<Doc>>,
    /// The filterable fields of every ordinal, beside `docs` ([`Hot::FREE`] where it is None).
    hot: Vec<Hot>,
    /// Positions on the unit sphere (NaN without one), for chord tests and distance order.
    xyz: Vec<[f64; 3]>,
    /// Bigram postings of every listing's `Doc::text`.
    grams: GramIndex,
    by_id: HashMap<String, u32>,
    live: usize,
    spatial: SpatialIndex,
    categories: Vec<Bitset>,
    services: Vec<Bitset>,
    capabilities: Vec<Bitset>,
    statuses: [Bitset; 4],
    municipalities: HashMap<String, Vec<u32>>,
    /// Municipality codes by index (`Hot::municipality`), and the index of each code.
    municipality_codes: Vec<String>,
    municipality_index: HashMap<String, u32>,
    area_ids: Vec<String>,
    /// Area indices in the byte order of their ids (the order of the answer's area facet).
    area_order: Vec<u32>,
    area_index: HashMap<String, u32>,
    area_postings: Vec<Vec<u32>>,
    area_set: AreaSet,
    max_radius_m: f64,
    shaped_coverage: Vec<u32>,
    /// Live ordinals by id, and by kana reading: the first page of a large sorted result is a
    /// walk along these instead of a selection over every match.
    id_order: Vec<u32>,
    name_order: Vec<u32>,
    /// Position of each ordinal in `id_order` / `name_order` (`u32::MAX` when not live): sorting
    /// a result compares two integers instead of two strings.
    id_rank: Vec<u32>,
    name_rank: Vec<u32>,
    /// Satellites by their main office's id (the parent may arrive after its satellites).
    children: HashMap<String, Vec<u32>>,
}

fn insert_sorted(v: &mut Vec<u32>, x: u32) {
    if let Err(i) = v.binary_search(&x) {
        v.insert(i, x);
    }
}

fn remove_sorted(v: &mut Vec<u32>, x: u32) {
    if let Ok(i) = v.binary_search(&x) {
        v.remove(i);
    }
}

impl State {
    fn new(area_set: AreaSet) -> State {
        let mut s = State {
            categories: vec![Bitset::default(); taxonomy::CATEGORIES.len()],
            services: vec![Bitset::default(); taxonomy::SERVICE_TYPES.len()],
            capabilities: vec![Bitset::default(); taxonomy::CAPABILITIES.len()],
            ..State::default()
        };
        for a in area_set.areas() {
            s.area_idx_or_insert(&a.id);
        }
        s.area_set = area_set;
        s
    }

    fn municipality_idx_or_insert(&mut self, code: &str) -> u32 {
        if let Some(&i) = self.municipality_index.get(code) {
            return i;
        }
        let i = self.municipality_codes.len() as u32;
        self.municipality_codes.push(code.to_string());
        self.municipality_index.insert(code.to_string(), i);
        i
    }

    fn hot_of(&mut self, d: &Doc) -> Hot {
        let (lat, lng) = d.location.map_or((f64::NAN, f64::NAN), |l| (l.lat, l.lng));
        Hot {
            lat,
            lng,
            services: d.services,
            capabilities: d.capabilities,
            municipality: d
                .municipality
                .as_deref()
                .map_or(NONE, |m| self.municipality_idx_or_insert(m)),
            areas: [
                d.areas.first().copied().unwrap_or(NONE),
                d.areas.get(1).copied().unwrap_or(NONE),
            ],
            category: d.category,
            status: d.status as u8,
            accepting: d.accepting.map_or(0, |a| a as u8 + 1),
            flags: if d.location.is_some() { LOCATED } else { 0 }
                | if d.areas.len() > 2 { MORE_AREAS } else { 0 },
            accepting_day: d
                .hit
                .accepting_as_of
                .map_or(i32::MIN, |day| day.num_days_from_ce()),
        }
    }

    fn area_idx_or_insert(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.area_index.get(id) {
            return i;
        }
        let i = self.area_ids.len() as u32;
        self.area_ids.push(id.to_string());
        self.area_index.insert(id.to_string(), i);
        let ids = &self.area_ids;
        let at = self
            .area_order
            .partition_point(|&j| ids[j as usize].as_str() < id);
        self.area_order.insert(at, i);
        self.area_postings.push(Vec::new());
        i
    }

    fn make_doc(&mut self, f: &Facility) -> Doc {
        let category = category_index(&f.category).unwrap_or(0) as u8;
        let services = bits(f.services.iter().filter_map(|s| service_index(s)));
        let capabilities = bits(f.capability_codes().filter_map(capability_index));
        let areas = f.areas.iter().map(|a| self.area_idx_or_insert(a)).collect();
        let (public, professional) = f.split_professional();
        let name_key = sort_key(f);
        let accepting = public.availability.as_ref().map(|a| a.accepting);
        let coverage = f.effective_service_area().map(|a| match a {
            ServiceArea::RadiusM(r) => Coverage::Radius(r),
            ServiceArea::Polygon(p) => Coverage::Polygon(Box::new(to_geo(&p))),
            ServiceArea::Municipalities(m) => Coverage::Municipalities(m),
        });
        let hit = SearchHit {
            id: f.id.clone(),
            name: f.name.clone(),
            kana: f.name_kana.clone(),
            category: f.category.clone(),
            services: f.services.clone(),
            capabilities: f.capability_codes().map(str::to_string).collect(),
            location: f.location.map(|l| l.point()),
            location_approximate: f.location.is_some_and(|l| l.approximate),
            distance_m: None,
            address: f.address.one_line(),
            phone: public.phone.clone(),
            municipality_code: f.municipality_code.clone(),
            areas: f.areas.clone(),
            status: f.status,
            open_now: None,
            accepting,
            accepting_as_of: public.availability.as_ref().map(|a| a.as_of),
            verified_at: f.provenance.verified_at,
            source: f.provenance.source.clone(),
            sources: Some(f.provenance.source_ids())
                .filter(|v| v.len() > 1)
                .unwrap_or_default(),
            score: None,
            professional: None,
        };
        Doc {
            json: HitJson::new(&hit),
            hit,
            name_prefix: prefix_key(&name_key),
            name_key,
            id_prefix: prefix_key(f.id.as_str()),
            category,
            services,
            capabilities,
            status: f.status,
            location: f.location.map(|l| l.point()),
            municipality: f.municipality_code.clone(),
            areas,
            opening_hours: public.opening_hours.clone().map(Box::new),
            windows_public: f.visibility_of(model::facility::FieldGroup::ContactWindows)
                == Visibility::Public,
            windows: f
                .contact_windows
                .iter()
                .map(|w| w.schedule.clone())
                .collect(),
            accepting,
            coverage,
            parent: f.parent_id.as_ref().map(|p| p.0.clone()),
            professional: (!professional.is_empty()).then(|| Box::new(professional)),
        }
    }

    /// Adds a row; `spatial` false leaves the R-trees, the id/name orders and the bigram lists'
    /// order to a later bulk build.
    fn insert_row(&mut self, ord: u32, f: &Facility, spatial: bool) {
        self.remove_row(ord, spatial);
        let doc = self.make_doc(f);
        let i = ord as usize;
        if i >= self.docs.len() {
            self.docs.resize_with(i + 1, || None);
            self.hot.resize(i + 1, Hot::FREE);
            self.xyz.resize(i + 1, [f64::NAN; 3]);
        }
        self.hot[i] = self.hot_of(&doc);
        let text = crate::text::memory_text(f);
        self.xyz[i] = doc.location.map_or([f64::NAN; 3], LatLng::to_unit_xyz);
        if spatial {
            self.grams.insert(ord, &text);
        } else {
            self.grams.push(ord, &text);
        }
        self.categories[doc.category as usize].set(ord);
        for s in (0..64).filter(|b| doc.services & (1 << b) != 0) {
            self.services[s].set(ord);
        }
        for c in (0..64).filter(|b| doc.capabilities & (1 << b) != 0) {
            self.capabilities[c].set(ord);
        }
        self.statuses[doc.status as usize].set(ord);
        if let Some(m) = &doc.municipality {
            insert_sorted(self.municipalities.entry(m.clone()).or_default(), ord);
        }
        for &a in &doc.areas {
            insert_sorted(&mut self.area_postings[a as usize], ord);
        }
        if let (Some(p), true) = (doc.location, spatial) {
            self.spatial.insert(ord, p);
        }
        match &doc.coverage {
            Some(Coverage::Radius(r)) => self.max_radius_m = self.max_radius_m.max(*r),
            Some(_) => insert_sorted(&mut self.shaped_coverage, ord),
            None => {}
        }
        self.by_id.insert(f.id.0.clone(), ord);
        if let Some(p) = &doc.parent {
            insert_sorted(self.children.entry(p.clone()).or_default(), ord);
        }
        if spatial {
            let docs = &self.docs;
            let new = &doc;
            let before = |cmp: fn(&Doc, &Doc) -> Ordering| {
                move |o: &u32| {
                    docs[*o as usize]
                        .as_ref()
                        .is_some_and(|x| cmp(x, new) == Ordering::Less)
                }
            };
            let pid = self.id_order.partition_point(before(cmp_id));
            let pname = self.name_order.partition_point(before(cmp_name));
            self.id_order.insert(pid, ord);
            self.name_order.insert(pname, ord);
        }
        self.docs[i] = Some(doc);
        self.live += 1;
    }

    /// Sorts the id and name orders from scratch (after loading without maintaining them).
    fn rebuild_orders(&mut self) {
        let live: Vec<u32> = (0..self.docs.len() as u32)
            .filter(|o| self.docs[*o as usize].is_some())
            .collect();
        let docs = &self.docs;
        let by = |cmp: fn(&Doc, &Doc) -> Ordering| {
            let mut v = live.clone();
            v.sort_unstable_by(|a, b| match (&docs[*a as usize], &docs[*b as usize]) {
                (Some(x), Some(y)) => cmp(x, y),
                _ => a.cmp(b),
            });
            v
        };
        self.id_order = by(cmp_id);
        self.name_order = by(cmp_name);
        self.refresh_ranks();
        self.grams.finish();
    }

    /// Recomputes the ranks from the orders (after every write: O(live), about a millisecond at
    /// 500k listings, so edits stay cheap and reads never touch a string to sort).
    fn refresh_ranks(&mut self) {
        for (order, rank) in [
            (&self.id_order, &mut self.id_rank),
            (&self.name_order, &mut self.name_rank),
        ] {
            rank.clear();
            rank.resize(self.docs.len(), u32::MAX);
            for (i, &o) in order.iter().enumerate() {
                rank[o as usize] = i as u32;
            }
        }
    }

    /// Inserts many rows; large batches rebuild the orders once instead of inserting into them.
    fn insert_many(&mut self, rows: &[StoredFacility]) {
        let bulk = rows.len() > 1_000;
        for r in rows {
            self.insert_row(r.ord, &r.facility, !bulk);
        }
        if bulk {
            // Bulk-loading the trees anew beats thousands of single inserts (and removals).
            let points: Vec<(u32, LatLng)> = self
                .hot
                .iter()
                .enumerate()
                .filter(|(_, h)| h.status != FREE)
                .filter_map(|(o, h)| h.location().map(|l| (o as u32, l)))
                .collect();
            self.spatial = SpatialIndex::bulk_load(&points);
            self.rebuild_orders();
        } else {
            self.refresh_ranks();
        }
    }

    fn remove(&mut self, ord: u32) {
        self.remove_row(ord, true);
    }

    /// Removes a row; `incremental` false leaves the R-trees and the id/name orders alone (a
    /// bulk build replaces them).
    fn remove_row(&mut self, ord: u32, incremental: bool) {
        if incremental && let Some(Some(d)) = self.docs.get(ord as usize) {
            let docs = &self.docs;
            for (order, cmp) in [
                (&mut self.id_order, cmp_id as fn(&Doc, &Doc) -> Ordering),
                (&mut self.name_order, cmp_name),
            ] {
                let p = order.partition_point(|o| {
                    docs[*o as usize]
                        .as_ref()
                        .is_some_and(|x| cmp(x, d) == Ordering::Less)
                });
                if order.get(p) == Some(&ord) {
                    order.remove(p);
                } else if let Some(p) = order.iter().position(|o| *o == ord) {
                    order.remove(p);
                }
            }
        }
        let Some(doc) = self.docs.get_mut(ord as usize).and_then(Option::take) else {
            return;
        };
        self.hot[ord as usize] = Hot::FREE;
        self.xyz[ord as usize] = [f64::NAN; 3];
        self.grams.remove(ord);
        self.categories[doc.category as usize].clear(ord);
        for s in (0..64).filter(|b| doc.services & (1 << b) != 0) {
            self.services[s].clear(ord);
        }
        for c in (0..64).filter(|b| doc.capabilities & (1 << b) != 0) {
            self.capabilities[c].clear(ord);
        }
        self.statuses[doc.status as usize].clear(ord);
        if let Some(m) = &doc.municipality
            && let Some(v) = self.municipalities.get_mut(m)
        {
            remove_sorted(v, ord);
        }
        for &a in &doc.areas {
            remove_sorted(&mut self.area_postings[a as usize], ord);
        }
        if incremental && let Some(p) = doc.location {
            self.spatial.remove(ord, p);
        }
        remove_sorted(&mut self.shaped_coverage, ord);
        if let Some(p) = &doc.parent
            && let Some(v) = self.children.get_mut(p)
        {
            remove_sorted(v, ord);
            if v.is_empty() {
                self.children.remove(p);
            }
        }
        self.by_id.remove(doc.hit.id.as_str());
        self.live -= 1;
    }
}

/// Facet dimensions (the filters whose counts are reported).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dim {
    Category,
    Service,
    Capability,
    Area,
}

/// The candidate list a scan walks; the filter it comes from need not be checked again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Driver {
    Near,
    Bbox,
    Other,
}

/// A compiled query against one state snapshot.
struct Plan<'a> {
    st: &'a State,
    text: Option<TextMatches>,
    words: Option<Vec<WordCheck>>,
    /// The query's point (for distances and distance order).
    point: Option<LatLng>,
    /// The radius around it, when it filters.
    radius: Option<RadiusTest>,
    /// Listings within the radius.
    near_candidates: Option<Vec<u32>>,
    bbox: Option<(model::BoundingBox, Vec<u32>)>,
    serves: Option<(LatLng, Option<String>, Vec<u32>)>,
    municipality: Option<&'a [u32]>,
    /// Index of the municipality code ([`NONE`] for a code no listing has).
    municipality_idx: Option<u32>,
    status_mask: u8,
    open_at: Option<DateTime<FixedOffset>>,
    contact_at: Option<DateTime<FixedOffset>>,
    clearance: Visibility,
    accepting: Option<bool>,
    /// Acceptance statuses reported before this day (from the common era) are unknown.
    fresh_from_day: i32,
    category_mask: Option<u64>,
    service_mask: Option<u64>,
    capability_mask: Option<u64>,
    area_filter: Option<Vec<u32>>,
}

const EMPTY: &[u32] = &[];

/// Where a scan takes its candidates from.
enum Src<'s> {
    Slice(&'s [u32], Driver),
    Text,
    Bits(Bitset),
    All,
}

/// Relative costs of the planner's choices, in tenths of a nanosecond on this kind of machine,
/// measured on the benchmark workload by forcing each strategy ([`Planner`]); only their ratios
/// matter.
mod cost {
    /// One 64-bit word of a bitset operation or popcount (vectorised: about 0.1 ns).
    pub const WORD: usize = 1;
    /// Checking one candidate of a posting list or the R-tree against the cheap filters and
    /// counting it into the facets (such lists are clustered in memory).
    pub const CHECK: usize = 300;
    /// The same for a member of a bitset spread over the whole directory (a cache miss each).
    pub const CHECK_SPREAD: usize = 2_500;
    /// A substring search in one candidate's text.
    pub const SUBSTRING: usize = 1_000;
    /// Setting one bit from a posting list.
    pub const POSTING: usize = 20;
    /// One posting of a longer word's rarest pair: intersected with the other pairs' lists,
    /// and checked by substring search when it survives.
    pub const PAIR_CANDIDATE: usize = 600;
    /// Reading one match of a one-character word from the text index.
    pub const INDEX_MATCH: usize = 500;
}

impl<'a> Plan<'a> {
    fn new(st: &'a State, q: &'a SearchQuery, clearance: Visibility) -> Plan<'a> {
        let point = q.near.map(|n| n.point);
        let radius = q
            .near
            .and_then(|n| n.radius_m.map(|r| RadiusTest::new(n.point, r)));
        let near_candidates = radius.map(|t| {
            st.spatial
                .within(&t, |o| st.hot.get(o as usize)?.location())
                .into_iter()
                .map(|(o, _)| o)
                .collect()
        });
        let bbox = q.bbox.map(|b| (b, st.spatial.within_bbox(&b)));
        let serves = q.serves.map(|p| {
            let muni = st.area_set.municipality_of(p);
            let mut cands: Vec<u32> = if st.max_radius_m > 0.0 {
                let t = RadiusTest::new(p, st.max_radius_m);
                st.spatial
                    .within(&t, |o| st.hot.get(o as usize)?.location())
                    .into_iter()
                    .map(|(o, _)| o)
                    .collect()
            } else {
                Vec::new()
            };
            cands.extend(&st.shaped_coverage);
            cands.sort_unstable();
            cands.dedup();
            (p, muni, cands)
        });
        let municipality = q
            .municipality
            .as_deref()
            .map(|m| st.municipalities.get(m).map(Vec::as_slice).unwrap_or(EMPTY));
        let municipality_idx = q
            .municipality
            .as_deref()
            .map(|m| st.municipality_index.get(m).copied().unwrap_or(NONE));
        let status_mask = q.statuses().iter().fold(0u8, |m, s| m | (1 << (*s as u8)));
        let mask = |codes: &[String], f: fn(&str) -> Option<usize>| {
            (!codes.is_empty()).then(|| bits(codes.iter().filter_map(|c| f(c))))
        };
        let area_filter = (!q.areas.is_empty()).then(|| {
            let mut v: Vec<u32> = q
                .areas
                .iter()
                .filter_map(|a| st.area_index.get(a).copied())
                .collect();
            v.sort_unstable();
            v
        });
        Plan {
            st,
            text: None,
            words: None,
            point,
            radius,
            near_candidates,
            bbox,
            serves,
            municipality,
            municipality_idx,
            status_mask,
            open_at: q.open_at,
            contact_at: q.contact_window_at,
            clearance,
            accepting: q.accepting,
            fresh_from_day: if q.accepting.is_some() {
                fresh_from_day()
            } else {
                i32::MIN
            },
            category_mask: mask(&q.categories, category_index),
            service_mask: mask(&q.services, service_index),
            capability_mask: mask(&q.capabilities, capability_index),
            area_filter,
        }
    }

    /// True when every filter has a bitset or posting list, so the matching set can be computed
    /// by bitset algebra without checking documents one by one.
    fn bitset_only(&self) -> bool {
        self.radius.is_none()
            && self.bbox.is_none()
            && self.serves.is_none()
            && self.open_at.is_none()
            && self.contact_at.is_none()
            && self.accepting.is_none()
            && self.words.is_none()
    }

    /// Whether bitset algebra is cheaper than scanning the smallest candidate list: bitsets
    /// cost the same for every query (a word per 64 ordinals, for each set combined and each
    /// facet counted); a scan costs per candidate, once plus once per filtered facet dimension.
    fn prefer_bitsets(&self, planner: Planner) -> bool {
        if !self.bitset_only() || planner == Planner::Scan {
            return false;
        }
        if planner == Planner::Sets {
            return true;
        }
        let st = self.st;
        let words = st.docs.len() / 64 + 1;
        let sets = 8 + st.categories.len() + st.services.len() + st.capabilities.len();
        let area_postings: usize = st.area_postings.iter().map(Vec::len).sum();
        let bitsets = words * sets * cost::WORD + area_postings;
        let filtered = [Dim::Category, Dim::Service, Dim::Capability, Dim::Area]
            .into_iter()
            .filter(|d| self.is_filtered(*d))
            .count();
        let (n, src) = self.source(None);
        let per = match src {
            Src::Slice(..) => cost::CHECK,
            Src::Text | Src::Bits(_) | Src::All => cost::CHECK_SPREAD,
        };
        bitsets <= n * (1 + filtered) * per
    }

    /// The matching set as a bitset, ignoring the facet dimension `skip` (bitset-only plans).
    fn bits(&self, skip: Option<Dim>) -> Bitset {
        let st = self.st;
        let mut acc = Bitset::union_of(&st.statuses, u64::from(self.status_mask));
        if let Some(t) = &self.text {
            acc.intersect_with(&t.bits);
        }
        if let Some(m) = self.municipality {
            acc.intersect_with(&Bitset::from_sorted(m));
        }
        let any_of = Bitset::union_of;
        if skip != Some(Dim::Category)
            && let Some(m) = self.category_mask
        {
            acc.intersect_with(&any_of(&st.categories, m));
        }
        if skip != Some(Dim::Service)
            && let Some(m) = self.service_mask
        {
            acc.intersect_with(&any_of(&st.services, m));
        }
        if skip != Some(Dim::Capability)
            && let Some(m) = self.capability_mask
        {
            for (i, s) in st.capabilities.iter().enumerate() {
                if m & (1 << i) != 0 {
                    acc.intersect_with(s);
                }
            }
        }
        if skip != Some(Dim::Area)
            && let Some(areas) = &self.area_filter
        {
            let mut b = Bitset::default();
            for a in areas {
                for &o in &st.area_postings[*a as usize] {
                    b.set(o);
                }
            }
            acc.intersect_with(&b);
        }
        acc
    }

    /// Facet counts of one dimension over a matching set.
    fn count_dim(&self, set: &Bitset, dim: Dim, counts: &mut Counts) {
        let st = self.st;
        match dim {
            Dim::Category => {
                for (c, b) in counts.category.iter_mut().zip(&st.categories) {
                    *c = set.and_count(b);
                }
            }
            Dim::Service => {
                for (c, b) in counts.service.iter_mut().zip(&st.services) {
                    *c = set.and_count(b);
                }
            }
            Dim::Capability => {
                for (c, b) in counts.capability.iter_mut().zip(&st.capabilities) {
                    *c = set.and_count(b);
                }
            }
            Dim::Area => {
                for (c, post) in counts.area.iter_mut().zip(&st.area_postings) {
                    *c = post.iter().filter(|o| set.get(**o)).count() as u64;
                }
            }
        }
    }

    /// Size of the smallest candidate list from a spatial or municipality filter.
    fn smallest_list(&self) -> usize {
        [
            self.near_candidates.as_ref().map(Vec::len),
            self.bbox.as_ref().map(|(_, c)| c.len()),
            self.serves.as_ref().map(|(_, _, c)| c.len()),
            self.municipality.map(<[u32]>::len),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(usize::MAX)
    }

    fn is_filtered(&self, d: Dim) -> bool {
        match d {
            Dim::Category => self.category_mask.is_some(),
            Dim::Service => self.service_mask.is_some(),
            Dim::Capability => self.capability_mask.is_some(),
            Dim::Area => self.area_filter.is_some(),
        }
    }

    /// Checks every filter except the facet dimension `skip` and the one `driver` guarantees.
    fn matches(&self, ord: u32, h: &Hot, skip: Option<Dim>, driver: Driver) -> bool {
        // Cheapest tests first: the packed fields, then text, geometry and schedules.
        if self.status_mask & (1 << h.status) == 0 {
            return false;
        }
        if let Some(t) = &self.text
            && !t.bits.get(ord)
        {
            return false;
        }
        if skip != Some(Dim::Category)
            && let Some(m) = self.category_mask
            && m & (1 << h.category) == 0
        {
            return false;
        }
        if skip != Some(Dim::Service)
            && let Some(m) = self.service_mask
            && m & h.services == 0
        {
            return false;
        }
        if skip != Some(Dim::Capability)
            && let Some(m) = self.capability_mask
            && m & h.capabilities != m
        {
            return false;
        }
        if let Some(m) = self.municipality_idx
            && (m == NONE || h.municipality != m)
        {
            return false;
        }
        if let Some(want) = self.accepting {
            // A status older than the freshness policy is unknown (shown as 「不明」).
            let current = if h.accepting_day >= self.fresh_from_day {
                h.accepting()
            } else {
                None
            };
            let ok = match current {
                Some(Accepting::Yes | Accepting::Limited) => want,
                Some(Accepting::No) => !want,
                None => false,
            };
            if !ok {
                return false;
            }
        }
        if let Some((b, _)) = &self.bbox
            && driver != Driver::Bbox
            && !h.location().is_some_and(|l| b.contains(l))
        {
            return false;
        }
        if let Some(t) = &self.radius
            && driver != Driver::Near
            && !t.contains(t.chord2(&self.st.xyz[ord as usize]), || h.location())
        {
            return false;
        }
        let doc = || self.st.docs[ord as usize].as_ref();
        if skip != Some(Dim::Area)
            && let Some(a) = &self.area_filter
        {
            let inline = h.areas.iter().any(|x| a.binary_search(x).is_ok());
            let more = || {
                h.flags & MORE_AREAS != 0
                    && doc().is_some_and(|d| d.areas.iter().any(|x| a.binary_search(x).is_ok()))
            };
            if !inline && !more() {
                return false;
            }
        }
        let cold = self.words.is_some()
            || self.serves.is_some()
            || self.open_at.is_some()
            || self.contact_at.is_some();
        if !cold {
            return true;
        }
        let Some(d) = doc() else {
            return false;
        };
        if let Some(ws) = &self.words
            && !ws.iter().all(|w| w.matches(d, self.st.grams.bytes_of(ord)))
        {
            return false;
        }
        if let Some((p, muni, _)) = &self.serves
            && !covers_point(d, *p, muni.as_deref())
        {
            return false;
        }
        if let Some(t) = self.open_at
            && !d.opening_hours.as_ref().is_some_and(|s| s.is_open_at(t))
        {
            return false;
        }
        if let Some(t) = self.contact_at
            && !((d.windows_public || self.clearance == Visibility::Professional)
                && d.windows.iter().any(|s| s.is_open_at(t)))
        {
            return false;
        }
        true
    }

    /// The smallest candidate source allowed when `skip` is ignored, with its size.
    fn source(&self, skip: Option<Dim>) -> (usize, Src<'_>) {
        let st = self.st;
        let mut best: (usize, Src) = (st.docs.len(), Src::All);
        if let Some(t) = &self.text
            && t.bits.count < best.0
        {
            best = (t.bits.count, Src::Text);
        }
        let lists = [
            self.near_candidates.as_deref().map(|l| (l, Driver::Near)),
            self.bbox
                .as_ref()
                .map(|(_, c)| (c.as_slice(), Driver::Bbox)),
            self.serves
                .as_ref()
                .map(|(_, _, c)| (c.as_slice(), Driver::Other)),
            self.municipality.map(|l| (l, Driver::Other)),
        ];
        for (list, driver) in lists.into_iter().flatten() {
            if list.len() < best.0 {
                best = (list.len(), Src::Slice(list, driver));
            }
        }
        let status_count: usize = (0..4)
            .filter(|i| self.status_mask & (1 << i) != 0)
            .map(|i| st.statuses[i].count)
            .sum();
        if status_count < best.0 {
            best = (
                status_count,
                Src::Bits(Bitset::union_of(&st.statuses, u64::from(self.status_mask))),
            );
        }
        let union = Bitset::union_of;
        let estimate = |sets: &[Bitset], mask: u64| {
            sets.iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, s)| s.count)
                .sum::<usize>()
        };
        if skip != Some(Dim::Category)
            && let Some(m) = self.category_mask
        {
            let n = estimate(&st.categories, m);
            if n < best.0 {
                best = (n, Src::Bits(union(&st.categories, m)));
            }
        }
        if skip != Some(Dim::Service)
            && let Some(m) = self.service_mask
        {
            let n = estimate(&st.services, m);
            if n < best.0 {
                best = (n, Src::Bits(union(&st.services, m)));
            }
        }
        if skip != Some(Dim::Capability)
            && let Some(m) = self.capability_mask
        {
            let smallest = st
                .capabilities
                .iter()
                .enumerate()
                .filter(|(i, _)| m & (1 << i) != 0)
                .map(|(_, s)| s.count)
                .min()
                .unwrap_or(0);
            if smallest < best.0 {
                let mut b: Option<Bitset> = None;
                for (i, s) in st.capabilities.iter().enumerate() {
                    if m & (1 << i) != 0 {
                        match &mut b {
                            None => b = Some(s.clone()),
                            Some(b) => b.intersect_with(s),
                        }
                    }
                }
                best = (smallest, Src::Bits(b.unwrap_or_default()));
            }
        }
        if skip != Some(Dim::Area)
            && let Some(areas) = &self.area_filter
        {
            let n: usize = areas
                .iter()
                .map(|a| st.area_postings[*a as usize].len())
                .sum();
            if n < best.0 {
                let mut b = Bitset::default();
                for a in areas {
                    for &o in &st.area_postings[*a as usize] {
                        b.set(o);
                    }
                }
                best = (n, Src::Bits(b));
            }
        }
        best
    }

    /// Scans the smallest candidate source allowed when `skip` is ignored, calling `f` on
    /// matches.
    fn scan(&self, skip: Option<Dim>, mut f: impl FnMut(u32, &Hot)) {
        let st = self.st;
        let (_, src) = self.source(skip);
        let mut visit = |o: u32, driver: Driver| {
            if let Some(h) = st.hot.get(o as usize)
                && self.matches(o, h, skip, driver)
            {
                f(o, h);
            }
        };
        match src {
            Src::Slice(s, driver) => s.iter().for_each(|&o| visit(o, driver)),
            Src::Text => {
                if let Some(t) = &self.text {
                    t.bits.iter().for_each(|o| visit(o, Driver::Other));
                }
            }
            Src::Bits(b) => b.iter().for_each(|o| visit(o, Driver::Other)),
            Src::All => (0..st.docs.len() as u32).for_each(|o| visit(o, Driver::Other)),
        }
    }

    fn score(&self, ord: u32) -> Option<f32> {
        self.text.as_ref()?.scores.get(ord as usize).copied()
    }
}

fn covers_point(d: &Doc, p: LatLng, muni: Option<&str>) -> bool {
    match (&d.coverage, d.location) {
        (Some(Coverage::Radius(r)), Some(l)) => haversine_m(p, l) <= *r,
        (Some(Coverage::Polygon(g)), _) => covers(g, p),
        (Some(Coverage::Municipalities(m)), _) => muni.is_some_and(|x| m.iter().any(|c| c == x)),
        _ => false,
    }
}

/// Facet counters indexed like the taxonomy tables (which have at most 64 entries each: their
/// codes are bit masks).
struct Counts {
    category: [u64; 64],
    service: [u64; 64],
    capability: [u64; 64],
    area: Vec<u64>,
}

impl Counts {
    fn new(areas: usize) -> Counts {
        Counts {
            category: [0; 64],
            service: [0; 64],
            capability: [0; 64],
            area: vec![0; areas],
        }
    }

    fn add(&mut self, st: &State, ord: u32, h: &Hot, dim: Dim) {
        match dim {
            Dim::Category => self.category[h.category as usize] += 1,
            Dim::Service => add_bits(&mut self.service, h.services),
            Dim::Capability => add_bits(&mut self.capability, h.capabilities),
            Dim::Area => {
                if h.flags & MORE_AREAS != 0 {
                    if let Some(d) = st.docs[ord as usize].as_ref() {
                        d.areas.iter().for_each(|a| self.area[*a as usize] += 1);
                    }
                } else {
                    for a in h.areas.iter().filter(|a| **a != NONE) {
                        self.area[*a as usize] += 1;
                    }
                }
            }
        }
    }

    /// The counts as the answer's facets (codes with a count above zero).
    fn facets(&self, st: &State) -> Facets {
        Facets {
            category: to_map(&self.category, |i| taxonomy::CATEGORIES[i].code.to_string()),
            service: to_map(&self.service, |i| {
                taxonomy::SERVICE_TYPES[i].code.to_string()
            }),
            capability: to_map(&self.capability, |i| {
                taxonomy::CAPABILITIES[i].code.to_string()
            }),
            area: to_map(&self.area, |i| st.area_ids[i].clone()),
        }
    }

    /// Writes the facets as JSON, byte for byte what serde writes for [`Counts::facets`]
    /// (codes in byte order), without building the maps.
    fn write_json(&self, st: &State, out: &mut Vec<u8>) {
        let dims: [(&str, &[u64], &[u32]); 4] = [
            ("category", &self.category, &code_order().categories),
            ("service", &self.service, &code_order().services),
            ("capability", &self.capability, &code_order().capabilities),
            ("area", &self.area, &st.area_order),
        ];
        out.push(b'{');
        for (n, (name, counts, order)) in dims.into_iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":{");
            let mut first = true;
            for &i in order {
                let c = counts.get(i as usize).copied().unwrap_or(0);
                if c == 0 {
                    continue;
                }
                if !first {
                    out.push(b',');
                }
                first = false;
                let code: &str = match name {
                    "category" => taxonomy::CATEGORIES[i as usize].code,
                    "service" => taxonomy::SERVICE_TYPES[i as usize].code,
                    "capability" => taxonomy::CAPABILITIES[i as usize].code,
                    _ => &st.area_ids[i as usize],
                };
                // Writing a string into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut *out, code);
                out.push(b':');
                out.extend_from_slice(itoa_u64(c, &mut [0u8; 20]));
            }
            out.push(b'}');
        }
        out.push(b'}');
    }
}

/// The decimal digits of `n`, written into `buf`.
fn itoa_u64(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

fn add_bits(counts: &mut [u64], mut b: u64) {
    while b != 0 {
        counts[b.trailing_zeros() as usize] += 1;
        b &= b - 1;
    }
}

fn to_map(counts: &[u64], code: impl Fn(usize) -> String) -> BTreeMap<String, u64> {
    counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, n)| (code(i), *n))
        .collect()
}

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
    text: TextIndex,
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
}

impl Engine {
    /// Connects the store (running migrations), opens or creates the text index, loads the
    /// in-memory table and R-trees, and re-indexes whatever the text index lacks.
    pub async fn open(settings: &EngineSettings) -> Result<Engine> {
        let started = Instant::now();
        if let Some(dir) = &settings.data_dir {
            std::fs::create_dir_all(dir)
                .map_err(Error::io(format!("creating {}", dir.display())))?;
        }
        let store = Store::connect(&settings.database_url).await?;
        let text = match &settings.data_dir {
            Some(dir) => TextIndex::open_or_create(&dir.join("index"))?,
            None => TextIndex::in_memory()?,
        };
        let area_set = AreaSet::new(store.all_areas().await?);
        let geocoder = places::load_geocoder(&store, &area_set).await?;
        let sources = store.data_sources().await?;
        // Stream the store once: fill the in-memory table, and re-index every row whose change
        // sequence the text index does not hold (new, changed, or lost with the index folder).
        let indexed = text.indexed_seqs()?;
        let mut state = State::new(area_set);
        let mut points = Vec::new();
        let mut present = std::collections::HashSet::with_capacity(indexed.len());
        let mut pending: Vec<TextDoc> = Vec::new();
        let mut replaced: Vec<u32> = Vec::new();
        let mut reindexed = 0usize;
        let mut failure: Option<Error> = None;
        store
            .for_each_facility(|r| {
                if let Some(l) = r.facility.location {
                    points.push((r.ord, l.point()));
                }
                state.insert_row(r.ord, &r.facility, false);
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
                if pending.len() >= 50_000 && failure.is_none() {
                    reindexed += pending.len();
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
            reindexed += pending.len();
            text.apply(&pending, &replaced)?;
        }
        state.spatial = SpatialIndex::bulk_load(&points);
        state.rebuild_orders();
        tracing::info!(
            facilities = state.live,
            reindexed,
            total_ms = started.elapsed().as_millis() as u64,
            "engine opened"
        );
        Ok(Engine {
            store,
            text,
            state: RwLock::new(state),
            writer: Mutex::new(()),
            generation: std::sync::atomic::AtomicU64::new(1),
            word_cache: parking_lot::Mutex::new(WordCache::new(
                settings.word_cache,
                settings.word_cache_min_matches,
            )),
            planner: std::sync::atomic::AtomicU8::new(Planner::Cost as u8),
            geocoder: RwLock::new(std::sync::Arc::new(geocoder)),
            sources: RwLock::new(std::sync::Arc::new(sources)),
        })
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

    fn bump(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Releases the index writer lock so another process can write.
    pub fn release_writer(&self) -> Result<()> {
        self.text.release_writer()
    }

    /// Validates, assigns areas by point-in-polygon, and writes facilities (all or nothing);
    /// the change is visible to the next search when this returns.
    pub async fn upsert(&self, facilities: Vec<Facility>) -> Result<UpsertReport> {
        self.upsert_with_progress(facilities, &|_| {}).await
    }

    /// [`Engine::upsert`] reporting how many records have been written so far.
    pub async fn upsert_with_progress(
        &self,
        mut facilities: Vec<Facility>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<UpsertReport> {
        for f in &facilities {
            f.validate()?;
        }
        self.assign_areas(&mut facilities);
        let _w = self.writer.lock().await;
        let report = self
            .store
            .upsert_facilities_with_progress(&facilities, progress)
            .await?;
        self.apply_written(&report.written)?;
        Ok(report)
    }

    /// Sets each located facility's areas (see [`AreaSet::assign`]) and, when it has none,
    /// its municipality from the municipal boundaries.
    fn assign_areas(&self, facilities: &mut [Facility]) {
        let st = self.state.read();
        if st.area_set.is_empty() {
            return;
        }
        for f in facilities {
            if let Some(l) = f.location {
                if f.municipality_code.is_none() {
                    f.municipality_code = st.area_set.municipality_of(l.point());
                }
                if st.area_set.has_areas() {
                    f.areas = st
                        .area_set
                        .assign(l.point(), f.municipality_code.as_deref())
                        .areas;
                }
            }
        }
    }

    fn apply_written(&self, written: &[StoredFacility]) -> Result<()> {
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
        let docs: Vec<TextDoc> = written
            .iter()
            .map(|w| TextDoc::from_facility(w.ord, w.seq, &w.facility))
            .collect();
        self.text.apply(&docs, &known)?;
        // The generation changes before the lock is released, so no search can see the new
        // state under the old generation (the word cache relies on it).
        let mut st = self.state.write();
        st.insert_many(written);
        self.bump();
        Ok(())
    }

    /// Deletes facilities by id (all or nothing).
    pub async fn delete(&self, ids: &[String]) -> Result<usize> {
        let _w = self.writer.lock().await;
        let ords = self.store.delete_facilities(ids).await?;
        self.text.apply(&[], &ords)?;
        {
            let mut st = self.state.write();
            for o in &ords {
                st.remove(*o);
            }
            st.refresh_ranks();
            self.bump();
        }
        Ok(ords.len())
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
            .filter_map(|o| st.docs[*o as usize].as_ref().map(|d| d.hit.clone()))
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

    /// Counts for `caremap-indexer stats`.
    pub async fn stats(&self) -> Result<Stats> {
        let facilities = self.store.count_facilities().await?;
        let st = self.state.read();
        let mut by_status = BTreeMap::new();
        let mut by_category = BTreeMap::new();
        let mut by_service = BTreeMap::new();
        for d in st.docs.iter().flatten() {
            *by_status.entry(d.status.code().to_string()).or_insert(0) += 1;
            *by_category.entry(d.hit.category.clone()).or_insert(0) += 1;
            for s in &d.hit.services {
                *by_service.entry(s.clone()).or_insert(0) += 1;
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

    /// What finding every listing that contains `w` costs (see [`cost`]): a cached word is a
    /// bitset copy; a word of two characters is its pair's list; a longer one the rarest pair's
    /// list, intersected with the others and checked; a one-character word is read from the
    /// text index. Label matches add their listings.
    ///
    /// A word the cache holds, or will hold once found (see `WordCache::worth`), costs only the
    /// copy: its search is paid once, not per query.
    fn find_cost(&self, st: &State, w: &str) -> usize {
        let words = st.docs.len() / 64 + 1;
        let (estimate, per_match) = self.word_estimate(st, w);
        let generation = self.generation();
        let mut cache = self.word_cache.lock();
        if cache.get(w, generation).is_some() || cache.worth(estimate) {
            return words * cost::WORD;
        }
        words * cost::WORD + estimate * per_match
    }

    /// At most how many listings contain `w` (its rarest pair's list, or the text index's
    /// document frequency for one character, plus the listings of matching labels), and what
    /// finding one of them costs.
    fn word_estimate(&self, st: &State, w: &str) -> (usize, usize) {
        let labels = LabelMasks::for_word(w).upper_bound(st);
        let (own, per) = match st.grams.estimate(w) {
            Some(n) if w.chars().count() == 2 => (n, cost::POSTING),
            Some(n) => (n, cost::PAIR_CANDIDATE),
            None => (self.text.estimate(w) as usize, cost::INDEX_MATCH),
        };
        (own + labels, per)
    }

    /// Facilities containing every word: per word, the index's matches in the text fields OR the
    /// listings of the categories, service types and capabilities whose labels contain it.
    fn text_matches(&self, st: &State, words: &[String], ranked: bool) -> Result<TextMatches> {
        /// Score of a match through a taxonomy label only (below typical name matches).
        const LABEL_SCORE: f32 = 0.5;
        let mut acc: Option<Bitset> = None;
        let mut scores = if ranked {
            vec![0.0f32; st.docs.len()]
        } else {
            Vec::new()
        };
        let generation = self.generation();
        for w in words {
            if !ranked && let Some(bits) = self.word_cache.lock().get(w, generation) {
                match &mut acc {
                    None => acc = Some((*bits).clone()),
                    Some(a) => a.intersect_with(&bits),
                }
                continue;
            }
            let label_bits = LabelMasks::for_word(w).listings(st);
            let mut bits = Bitset::with_len(st.docs.len());
            match (!ranked).then(|| st.grams.lookup(w)).flatten() {
                // Unranked words of two or more characters: the bigram lists in memory.
                Some(Lookup::Exact(list)) => list.iter().for_each(|&o| bits.set(o)),
                Some(Lookup::Found(list)) => list.into_iter().for_each(|o| bits.set(o)),
                None => {
                    for (o, score) in self.text.search(w, ranked)? {
                        bits.set(o);
                        if let Some(s) = scores.get_mut(o as usize) {
                            *s += score;
                        }
                    }
                }
            }
            if ranked {
                for o in label_bits.iter() {
                    if !bits.get(o)
                        && let Some(s) = scores.get_mut(o as usize)
                    {
                        *s += LABEL_SCORE;
                    }
                }
            }
            bits.union_with(&label_bits);
            if !ranked {
                bits.count = bits.words.iter().map(|x| x.count_ones() as usize).sum();
                let (estimate, _) = self.word_estimate(st, w);
                let mut cache = self.word_cache.lock();
                if cache.worth(estimate.max(bits.count)) {
                    cache.put(w, std::sync::Arc::new(bits.clone()), generation);
                }
            }
            match &mut acc {
                None => acc = Some(bits),
                Some(a) => a.intersect_with(&bits),
            }
        }
        let mut bits = acc.unwrap_or_default();
        bits.count = bits.words.iter().map(|w| w.count_ones() as usize).sum();
        Ok(TextMatches { bits, scores })
    }

    /// Answers a query for an anonymous visitor: filters see public fields only.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResponse> {
        self.search_as(q, Visibility::Public)
    }

    /// Answers a query for a viewer with `clearance`: professional viewers may also filter on
    /// professional-only fields (ケアマネタイム), and their hits carry the `professional`
    /// fields. Validates the query first.
    pub fn search_as(&self, q: &SearchQuery, clearance: Visibility) -> Result<SearchResponse> {
        self.run(q, clearance, false, |st, found| {
            let hits = found
                .rows
                .iter()
                .filter_map(|r| {
                    let d = st.docs.get(r.ord as usize)?.as_ref()?;
                    let mut h = d.hit.clone();
                    h.distance_m = r.distance_m;
                    h.open_now = r.open_now;
                    h.score = r.score;
                    h.professional = d.professional_for(clearance).cloned();
                    Some(h)
                })
                .collect();
            SearchResponse {
                total: found.total,
                page: found.page,
                per_page: found.per_page,
                hits,
                facets: found.counts.facets(st),
                took_ms: found.started.elapsed().as_secs_f64() * 1000.0,
            }
        })
    }

    /// Map markers of a query (page, page size and order ignored): every match with a position
    /// when there are at most `limit`; otherwise clusters over a `grid` × `grid` division of the
    /// query's bbox (the map's view) or of the matches' extent, so a nationwide result shows
    /// where its listings are instead of an arbitrary part of them.
    pub fn map_points_as(
        &self,
        q: &SearchQuery,
        clearance: Visibility,
        limit: usize,
        grid: u32,
    ) -> Result<MapPoints> {
        self.run(q, clearance, true, |st, found| {
            let located = || {
                found.rows.iter().filter_map(|r| {
                    let d = st.docs.get(r.ord as usize)?.as_ref()?;
                    Some((d, d.location?))
                })
            };
            if located().count() <= limit {
                return MapPoints {
                    total: found.total,
                    points: located()
                        .map(|(d, l)| MapPoint {
                            id: d.hit.id.clone(),
                            name: d.hit.name.clone(),
                            category: d.hit.category.clone(),
                            location: l,
                            approximate: d.hit.location_approximate,
                        })
                        .collect(),
                    clusters: Vec::new(),
                };
            }
            let extent = q
                .bbox
                .or_else(|| BoundingBox::around(located().map(|(_, l)| l)));
            MapPoints {
                total: found.total,
                points: Vec::new(),
                clusters: extent
                    .map(|e| grid_clusters(e, grid.max(1), located().map(|(_, l)| l)))
                    .unwrap_or_default(),
            }
        })
    }

    /// The same answer as [`Engine::search_as`], already encoded as JSON: byte for byte what
    /// `serde_json::to_vec(&search_as(q, clearance)?)` gives (but `took_ms`), written from each
    /// listing's hit JSON encoded once at load time, with the per-query fields spliced in. The
    /// API's hot path.
    pub fn search_json_as(&self, q: &SearchQuery, clearance: Visibility) -> Result<Vec<u8>> {
        self.run(q, clearance, false, |st, found| {
            let mut out = Vec::with_capacity(512 + found.rows.len() * 512);
            out.extend_from_slice(b"{\"total\":");
            out.extend_from_slice(found.total.to_string().as_bytes());
            out.extend_from_slice(b",\"page\":");
            out.extend_from_slice(found.page.to_string().as_bytes());
            out.extend_from_slice(b",\"per_page\":");
            out.extend_from_slice(found.per_page.to_string().as_bytes());
            out.extend_from_slice(b",\"hits\":[");
            let mut first = true;
            for r in &found.rows {
                let Some(d) = st.docs.get(r.ord as usize).and_then(Option::as_ref) else {
                    continue;
                };
                if !first {
                    out.push(b',');
                }
                first = false;
                d.json.write(&mut out, r, d.professional_for(clearance));
            }
            out.extend_from_slice(b"],\"facets\":");
            found.counts.write_json(st, &mut out);
            out.extend_from_slice(b",\"took_ms\":");
            let _ =
                serde_json::to_writer(&mut out, &(found.started.elapsed().as_secs_f64() * 1000.0));
            out.push(b'}');
            out
        })
    }

    /// The query core shared by the typed and the JSON answers: plans, filters, counts facets,
    /// orders and pages under one read lock, then hands the page to `emit`.
    #[tracing::instrument(level = "debug", skip_all, fields(text = q.text.as_deref().unwrap_or("")))]
    fn run<R>(
        &self,
        q: &SearchQuery,
        clearance: Visibility,
        every: bool,
        emit: impl FnOnce(&State, Found) -> R,
    ) -> Result<R> {
        q.validate()?;
        let started = Instant::now();
        let sort = match q.sort {
            Sort::Relevance if q.text().is_none() && q.near.is_some() => Sort::Distance,
            Sort::Relevance if q.text().is_none() => Sort::Name,
            s => s,
        };
        let st = self.state.read();
        let mut plan = Plan::new(&st, q, clearance);
        if let Some(t) = q.text() {
            // Either every word's matches are found (bigram lists, the word cache, or the text
            // index — always the index when ranking, for its scores), or the spatial or
            // municipal candidates are checked one by one in memory, whichever costs less; both
            // give the same answer.
            let words = crate::text::query_words(t);
            let ranked = sort == Sort::Relevance;
            let planner = self.planner();
            let in_memory = !ranked && planner != Planner::Sets && {
                let candidates = plan.smallest_list();
                let find: usize = words.iter().map(|w| self.find_cost(&st, w)).sum();
                planner == Planner::Scan
                    || candidates.saturating_mul(words.len() * cost::SUBSTRING) < find
            };
            if in_memory {
                plan.words = Some(words.iter().map(|w| WordCheck::new(w)).collect());
            } else {
                plan.text = Some(self.text_matches(&st, &words, ranked)?);
            }
        }
        let mut counts = Counts::new(st.area_ids.len());
        let dims = [Dim::Category, Dim::Service, Dim::Capability, Dim::Area];
        let unfiltered: Vec<Dim> = dims.into_iter().filter(|d| !plan.is_filtered(*d)).collect();
        let mut matched: Vec<u32> = Vec::new();
        // Bitset plans keep the matching set as a bitset (counted, walked or listed below).
        let mut matched_bits: Option<Bitset> = None;
        if plan.prefer_bitsets(self.planner()) {
            // Bitset algebra: totals and facet counts are popcounts.
            let set = plan.bits(None);
            for dim in dims {
                if plan.is_filtered(dim) {
                    plan.count_dim(&plan.bits(Some(dim)), dim, &mut counts);
                } else {
                    plan.count_dim(&set, dim, &mut counts);
                }
            }
            matched_bits = Some(set);
        } else {
            plan.scan(None, |o, h| {
                matched.push(o);
                for dim in &unfiltered {
                    counts.add(&st, o, h, *dim);
                }
            });
            for dim in dims.into_iter().filter(|d| plan.is_filtered(*d)) {
                plan.scan(Some(dim), |o, h| counts.add(&st, o, h, dim));
            }
        }
        let total = match &matched_bits {
            Some(b) => b.words.iter().map(|w| u64::from(w.count_ones())).sum(),
            None => matched.len() as u64,
        };
        let (page, per_page) = (q.page(), q.per_page());
        // `every` (map markers) asks for every match, in no particular order, instead of a page.
        let (offset, take) = if every {
            (0, usize::MAX)
        } else {
            (
                ((page - 1) as usize).saturating_mul(per_page as usize),
                per_page as usize,
            )
        };
        let end = offset
            .saturating_add(take)
            .min(usize::try_from(total).unwrap_or(usize::MAX));
        // A large id- or kana-sorted result takes the first `end` members along the precomputed
        // order instead of sorting them all.
        let walk = !every
            && matches!(sort, Sort::Id | Sort::Name)
            && total > 2_000
            && total > end as u64 * 4;
        if let Some(b) = &matched_bits
            && !walk
        {
            matched.extend(b.iter());
        }
        // Distance order is squared-chord order (monotonic in great-circle distance); the page's
        // distances are then measured with haversine_m.
        let center = plan.point.map(LatLng::to_unit_xyz);
        let chord2 = |o: u32| -> f64 {
            match &center {
                Some(c) => {
                    let d = crate::spatial::chord2(c, &st.xyz[o as usize]);
                    if d.is_nan() { f64::INFINITY } else { d }
                }
                None => f64::INFINITY,
            }
        };
        let rank = |ranks: &[u32], o: u32| ranks.get(o as usize).copied().unwrap_or(u32::MAX);
        let by_name = |a: u32, b: u32| rank(&st.name_rank, a).cmp(&rank(&st.name_rank, b));
        let mut keyed: Vec<(f64, u32)> = match sort {
            Sort::Relevance => matched
                .iter()
                .map(|&o| (-f64::from(plan.score(o).unwrap_or(0.0)), o))
                .collect(),
            Sort::Distance => matched.iter().map(|&o| (chord2(o), o)).collect(),
            Sort::Name | Sort::Id => matched.iter().map(|&o| (0.0, o)).collect(),
        };
        let cmp = |a: &(f64, u32), b: &(f64, u32)| -> Ordering {
            match sort {
                Sort::Id => rank(&st.id_rank, a.1).cmp(&rank(&st.id_rank, b.1)),
                Sort::Name => by_name(a.1, b.1),
                Sort::Relevance | Sort::Distance => {
                    a.0.total_cmp(&b.0).then_with(|| by_name(a.1, b.1))
                }
            }
        };
        if walk {
            let member = matched_bits.unwrap_or_else(|| {
                let mut m = Bitset::with_len(st.docs.len());
                for &o in &matched {
                    m.set(o);
                }
                m
            });
            let order = if sort == Sort::Id {
                &st.id_order
            } else {
                &st.name_order
            };
            keyed = order
                .iter()
                .filter(|o| member.get(**o))
                .take(end)
                .map(|&o| (0.0, o))
                .collect();
        } else if !every {
            if end < keyed.len() && end > 0 {
                keyed.select_nth_unstable_by(end - 1, cmp);
                keyed.truncate(end);
            }
            keyed.sort_unstable_by(cmp);
        }
        let mut rows: Vec<Row> = keyed
            .iter()
            .skip(offset)
            .take(take)
            .filter_map(|&(_, o)| {
                let h = st.hot.get(o as usize)?;
                let d = st.docs.get(o as usize)?.as_ref()?;
                Some(Row {
                    ord: o,
                    distance_m: plan
                        .point
                        .and_then(|p| h.location().map(|l| haversine_m(p, l))),
                    open_now: q
                        .open_at
                        .and_then(|t| d.opening_hours.as_ref().map(|s| s.is_open_at(t))),
                    score: plan.score(o).filter(|_| sort == Sort::Relevance),
                })
            })
            .collect();
        if sort == Sort::Distance {
            // Chords and haversine agree on order but for rounding (sub-nanometre): the page
            // follows the distances it shows.
            rows.sort_by(|a, b| {
                let d = |r: &Row| r.distance_m.unwrap_or(f64::INFINITY);
                d(a).total_cmp(&d(b)).then_with(|| by_name(a.ord, b.ord))
            });
        }
        Ok(emit(
            &st,
            Found {
                total,
                page,
                per_page,
                rows,
                counts,
                started,
            },
        ))
    }
}

/// Clusters of `points` over a `grid` × `grid` division of `extent` (points outside it are
/// left out): per non-empty cell, the count, the mean position and the box around its points.
fn grid_clusters(
    extent: BoundingBox,
    grid: u32,
    points: impl Iterator<Item = LatLng>,
) -> Vec<MapCluster> {
    let n = grid as usize;
    let cell = |v: f64, min: f64, max: f64| -> usize {
        let span = max - min;
        if span <= 0.0 {
            return 0;
        }
        (((v - min) / span * grid as f64) as usize).min(n - 1)
    };
    // Per cell: count, sums of the coordinates, and the box so far.
    let mut cells: HashMap<usize, (u64, f64, f64, BoundingBox)> = HashMap::new();
    for p in points.filter(|p| extent.contains(*p)) {
        let key = cell(p.lat, extent.min_lat, extent.max_lat) * n
            + cell(p.lng, extent.min_lng, extent.max_lng);
        let point_box = BoundingBox {
            min_lat: p.lat,
            min_lng: p.lng,
            max_lat: p.lat,
            max_lng: p.lng,
        };
        let (count, lat, lng, b) = cells.entry(key).or_insert((0, 0.0, 0.0, point_box));
        *count += 1;
        *lat += p.lat;
        *lng += p.lng;
        b.min_lat = b.min_lat.min(p.lat);
        b.min_lng = b.min_lng.min(p.lng);
        b.max_lat = b.max_lat.max(p.lat);
        b.max_lng = b.max_lng.max(p.lng);
    }
    let mut out: Vec<(usize, MapCluster)> = cells
        .into_iter()
        .map(|(k, (count, lat, lng, bbox))| {
            let location = LatLng {
                lat: lat / count as f64,
                lng: lng / count as f64,
            };
            (
                k,
                MapCluster {
                    location,
                    count,
                    bbox,
                },
            )
        })
        .collect();
    out.sort_unstable_by_key(|(k, _)| *k);
    out.into_iter().map(|(_, c)| c).collect()
}

/// One hit of a page, before it is written out: the listing and the per-query values.
struct Row {
    ord: u32,
    distance_m: Option<f64>,
    open_now: Option<bool>,
    score: Option<f32>,
}

/// A found page with its totals, handed to a writer under the same read lock.
struct Found {
    total: u64,
    page: u32,
    per_page: u32,
    rows: Vec<Row>,
    counts: Counts,
    started: Instant,
}

/// Rebuilds the text index from the store into `<data_dir>/index.new`, then swaps it in for
/// `<data_dir>/index`. Fails when a server holds the index (its writer lock).
pub async fn rebuild_index(settings: &EngineSettings) -> Result<usize> {
    let Some(dir) = &settings.data_dir else {
        return Err(Error::Io {
            context: "rebuild-index".into(),
            source: std::io::Error::other("an in-memory index cannot be rebuilt on disk"),
        });
    };
    let live = dir.join("index");
    let fresh = dir.join("index.new");
    let old = dir.join("index.old");
    // Take the live index's writer lock to make sure no server is writing it.
    let current = TextIndex::open_or_create(&live)?;
    current.apply(&[], &[])?;
    let store = Store::connect(&settings.database_url).await?;
    let rows = store.all_facilities().await?;
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh).map_err(Error::io("removing index.new"))?;
    }
    let n = {
        let text = TextIndex::open_or_create(&fresh)?;
        let docs: Vec<TextDoc> = rows
            .iter()
            .map(|r| TextDoc::from_facility(r.ord, r.seq, &r.facility))
            .collect();
        for chunk in docs.chunks(100_000) {
            text.apply(chunk, &[])?;
        }
        text.release_writer()?;
        docs.len()
    };
    current.release_writer()?;
    drop(current);
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(Error::io("removing index.old"))?;
    }
    std::fs::rename(&live, &old).map_err(Error::io("moving the old index aside"))?;
    std::fs::rename(&fresh, &live).map_err(Error::io("swapping in the new index"))?;
    std::fs::remove_dir_all(&old).map_err(Error::io("removing the old index"))?;
    Ok(n)
}
