//! Is an incoming record a listing the directory already holds?
//!
//! In order, the first that applies decides:
//! 1. the same source record (source and key) or the same listing id: an update;
//! 2. the same official id — 事業所番号 with the same service type for care offices, 医療機関コード
//!    for medical ones: a merge (several such listings: ambiguous);
//! 3. when the two do not both carry official ids of one kind (compared in 2.), the
//!    same facility by its normalised name (法人 designations dropped, kana folded) together with
//!    the same phone number, the same street address, or a position within [`SAME_PLACE_M`]:
//!    a merge when exactly one listing qualifies;
//! 4. weaker likeness — the same name farther away (within [`NEAR_M`]), the same phone with one
//!    name inside the other, or names inside each other at the same place — is *ambiguous*: the
//!    record becomes a listing of its own and the pair is queued for an administrator.
//!
//! Only listings of compatible kinds are compared: sharing a service type, or both a hospital or
//! clinic (the 厚生局 list and a city's survey may disagree on which a small hospital is); and
//! never two records of the same source, which that source's own keys tell apart.

use crate::text::analysis::normalize;
use model::Facility;
use model::geo::haversine_m;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;

/// Two records of one name this close are one facility.
pub const SAME_PLACE_M: f64 = 150.0;
/// Two records of one name this close may be one facility (ambiguous).
pub const NEAR_M: f64 = 2_000.0;

/// Designations of the operator that names carry in front (dropped for comparison).
const DESIGNATIONS: &[&str] = &[
    "特定医療法人",
    "社会医療法人",
    "医療法人社団",
    "医療法人財団",
    "医療法人",
    "社会福祉法人",
    "一般社団法人",
    "公益社団法人",
    "一般財団法人",
    "公益財団法人",
    "特定非営利活動法人",
    "NPO法人",
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "(株)",
    "(有)",
    "(医)",
    "(福)",
    "(社)",
    "(財)",
    "独立行政法人",
    "地方独立行政法人",
];

/// The designations, normalised as names are (once).
fn designations() -> &'static [String] {
    static NORMALISED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NORMALISED.get_or_init(|| DESIGNATIONS.iter().map(|d| normalize(d)).collect())
}

/// A facility's name for comparison: NFKC, kana folded, lower case, without spaces; when the
/// name is written as 「法人名　施設名」, the facility's part only; designations dropped.
pub fn name_key(name: &str) -> String {
    let n = normalize(name);
    let designations = designations();
    let words: Vec<&str> = n.split(' ').filter(|w| !w.is_empty()).collect();
    let corporate = |w: &str| designations.iter().any(|d| w.contains(d.as_str()));
    let mut t = match words.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        many if many[..many.len() - 1].iter().any(|w| corporate(w)) => {
            many[many.len() - 1].to_string()
        }
        many => many.concat(),
    };
    for d in designations {
        if t.contains(d.as_str()) {
            t = t.replace(d.as_str(), "");
        }
    }
    t
}

/// The digits of a phone number (at least nine, else none).
pub fn phone_key(phone: &str) -> Option<String> {
    let d: String = normalize(phone)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    (d.len() >= 9).then_some(d)
}

/// The street address for comparison (prefecture, city and street folded).
pub fn street_key(f: &Facility) -> Option<String> {
    let s = crate::geocode::normalize::fold(&crate::ingest::placement::address_line(f));
    (s.chars().count() >= 6).then_some(s)
}

/// The MHLW service codes a care office's listing stands for: from its source records' keys
/// (`{事業所番号}-{code}`), else every code of its service types. One 事業所番号 is one listing
/// per service code (福祉用具貸与 170 and 特定福祉用具販売 410 are two).
pub fn care_service_codes(f: &Facility) -> Vec<String> {
    let number = f
        .official_ids
        .care_office_number
        .as_deref()
        .unwrap_or_default();
    let from_keys: Vec<String> = f
        .provenance
        .records
        .iter()
        .filter_map(|r| r.key.strip_prefix(number)?.strip_prefix('-'))
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    if !from_keys.is_empty() || number.is_empty() {
        return from_keys;
    }
    f.services
        .iter()
        .filter_map(|s| model::taxonomy::service_type(s))
        .flat_map(|t| t.mhlw_codes.iter().map(|c| c.to_string()))
        .collect()
}

fn compatible(a: &Facility, b: &Facility) -> bool {
    let medical = |f: &Facility| f.services.iter().all(|s| s == "hospital" || s == "clinic");
    a.services.iter().any(|s| b.services.contains(s)) || (medical(a) && medical(b))
}

/// A record's keys for likeness, computed once per record.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    /// [`name_key`] of the name.
    pub name: String,
    /// [`phone_key`] of the phone number.
    pub phone: Option<String>,
}

impl Keys {
    /// The keys of `f`.
    pub fn of(f: &Facility) -> Keys {
        Keys {
            name: name_key(&f.name),
            phone: f.phone.as_deref().and_then(phone_key),
        }
    }
}

/// What the directory says of a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// The listing holding this very source record: an update.
    Same(usize),
    /// Another source's listing of the same facility: merge into it.
    Merge(usize, String),
    /// Not in the directory.
    New,
    /// Possibly one of these (with why): imported on its own, queued for review.
    Ambiguous(Vec<(usize, String)>),
}

/// What a batch's records may match, to keep only the stored listings that matter (borrowed
/// from the batch: a national re-import copies none of its half a million records' keys).
#[derive(Default)]
pub struct Wanted<'a> {
    ids: FxHashSet<&'a str>,
    records: FxHashSet<(&'a str, &'a str)>,
    care: FxHashSet<&'a str>,
    medical: FxHashSet<&'a str>,
    names: FxHashSet<&'a str>,
    phones: FxHashSet<&'a str>,
    source: &'a str,
}

impl<'a> Wanted<'a> {
    /// The keys of a batch's records (`keys[i]` those of `records[i]`).
    pub fn of(source: &'a str, records: &'a [Facility], keys: &'a [Keys]) -> Wanted<'a> {
        let mut w = Wanted {
            source,
            ..Wanted::default()
        };
        w.ids.reserve(records.len());
        w.records.reserve(records.len());
        for (f, k) in records.iter().zip(keys) {
            w.ids.insert(f.id.as_str());
            for r in &f.provenance.records {
                w.records.insert((r.source.as_str(), r.key.as_str()));
            }
            if let Some(n) = &f.official_ids.care_office_number {
                w.care.insert(n);
            }
            if let Some(n) = &f.official_ids.medical_institution_code {
                w.medical.insert(n);
            }
            w.names.insert(&k.name);
            if let Some(p) = &k.phone {
                w.phones.insert(p);
            }
        }
        w
    }

    /// Whether a stored listing with its `keys` ([`Keys::of`]) may matter to the batch (it may
    /// match a record, or it is one of the source's own listings, which a complete list may
    /// close).
    pub fn wants(&self, f: &Facility, keys: &Keys) -> bool {
        self.ids.contains(f.id.as_str())
            || f.provenance.source == self.source
            || f.provenance.records.iter().any(|r| {
                r.source == self.source
                    || self.records.contains(&(r.source.as_str(), r.key.as_str()))
            })
            || f.official_ids
                .care_office_number
                .as_deref()
                .is_some_and(|n| self.care.contains(n))
            || f.official_ids
                .medical_institution_code
                .as_deref()
                .is_some_and(|n| self.medical.contains(n))
            || self.names.contains(keys.name.as_str())
            || keys
                .phone
                .as_deref()
                .is_some_and(|p| self.phones.contains(p))
    }
}

/// The stored listings a batch may match, indexed.
///
/// The batch's records wait in the same vector behind the listings ([`Directory::hold`]): a
/// record that becomes a listing is swapped forward into place, one merged into a listing stays
/// behind and is dropped at the end, so a first import of half a million records fills no
/// second 500 MB vector.
#[derive(Default)]
pub struct Directory {
    /// The listings (`..len`), then the records merged away, then the held records (`held..`).
    listings: Vec<Facility>,
    len: usize,
    /// Where the held records start.
    held: usize,
    /// The listings' keys, by index.
    keys: Vec<Keys>,
    idx: Indexes,
    /// Listings from this index on came from the batch itself: they hold a record of its
    /// source, so they are never compared by likeness and stay out of `by_name`/`by_phone`.
    batch_from: Option<usize>,
    /// Stored listings as they were read, for those the batch changed (moved out when first
    /// replaced, so a re-import copies no listing to remember it; boxed, so that the map's
    /// growth moves pointers, not half a million listings).
    originals: FxHashMap<usize, Box<Facility>>,
}

/// The directory's lookups: listing indexes by id, source record, official ids, name and phone.
#[derive(Default)]
struct Indexes {
    by_id: FxHashMap<String, usize>,
    /// Source id → the source's record key → listing (looked up without building a key).
    by_record: FxHashMap<String, FxHashMap<String, usize>>,
    by_care: FxHashMap<String, Vec<usize>>,
    by_medical: FxHashMap<String, Vec<usize>>,
    by_name: FxHashMap<String, Vec<usize>>,
    by_phone: FxHashMap<String, Vec<usize>>,
}

impl Directory {
    /// Adds a listing (stored or new in this batch); returns its index.
    pub fn add(&mut self, f: Facility) -> usize {
        let keys = Keys::of(&f);
        self.add_keyed(f, keys)
    }

    /// Makes room for `n` more listings' keys, records of `source` (a large batch grows the
    /// indexes once).
    pub fn reserve(&mut self, n: usize, source: &str) {
        self.keys.reserve(n);
        self.idx.by_id.reserve(n);
        self.idx.by_care.reserve(n);
        match self.idx.by_record.get_mut(source) {
            Some(keys) => keys.reserve(n),
            None => {
                let mut keys = FxHashMap::default();
                keys.reserve(n);
                self.idx.by_record.insert(source.to_string(), keys);
            }
        }
    }

    /// Makes room for `n` listings and held records in all (see [`Directory::hold`]).
    pub fn reserve_listings(&mut self, n: usize) {
        self.listings.reserve(n.saturating_sub(self.listings.len()));
    }

    /// Adds a listing whose keys are known (before any record is held).
    pub fn add_keyed(&mut self, f: Facility, keys: Keys) -> usize {
        debug_assert_eq!(self.len, self.listings.len(), "records are held");
        let i = self.len;
        self.idx.index(i, &f, &keys, self.batch_from);
        self.listings.push(f);
        self.keys.push(keys);
        self.len += 1;
        i
    }

    /// Puts a batch's records behind the listings, to be decided one by one
    /// ([`Directory::held`], [`Directory::add_held`]); an empty directory takes the batch's
    /// vector as its own.
    pub fn hold(&mut self, batch: Vec<Facility>) {
        debug_assert_eq!(self.len, self.listings.len(), "records are held");
        if self.listings.is_empty() {
            self.listings = batch;
        } else {
            self.listings.extend(batch);
        }
        self.held = self.len;
    }

    /// The `k`-th held record.
    pub fn held(&self, k: usize) -> &Facility {
        &self.listings[self.held + k]
    }

    /// Makes the `k`-th held record a listing (it moves forward into place); its index.
    pub fn add_held(&mut self, k: usize, keys: Keys) -> usize {
        let i = self.len;
        // Each held record becomes at most one listing, so the listings never pass it.
        debug_assert!(i <= self.held + k);
        self.listings.swap(i, self.held + k);
        self.idx.index(i, &self.listings[i], &keys, self.batch_from);
        self.keys.push(keys);
        self.len += 1;
        i
    }

    /// Replaces listing `i` (after a merge), keeping the indexes current; a listing equal to
    /// it changes nothing. The first replacement of a stored listing keeps it as it was read
    /// ([`Directory::into_parts`]).
    pub fn replace(&mut self, i: usize, f: Facility) {
        if self.listings[i] == f {
            return;
        }
        let keys = Keys::of(&f);
        self.idx.index(i, &f, &keys, self.batch_from);
        let old = std::mem::replace(&mut self.listings[i], f);
        self.keys[i] = keys;
        if self.batch_from.is_some_and(|b| i < b) {
            self.originals.entry(i).or_insert_with(|| Box::new(old));
        }
    }

    /// Number of listings.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no listing.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The listings, by index.
    pub fn listings(&self) -> &[Facility] {
        &self.listings[..self.len]
    }
}

impl Indexes {
    fn index(&mut self, i: usize, f: &Facility, keys: &Keys, batch_from: Option<usize>) {
        self.by_id.insert(f.id.0.clone(), i);
        for r in &f.provenance.records {
            match self.by_record.get_mut(r.source.as_str()) {
                Some(keys) => {
                    keys.insert(r.key.clone(), i);
                }
                None => {
                    let keys = FxHashMap::from_iter([(r.key.clone(), i)]);
                    self.by_record.insert(r.source.clone(), keys);
                }
            }
        }
        // The key is copied only when it is new (most keys have one listing).
        let push = |map: &mut FxHashMap<String, Vec<usize>>, k: &str| match map.get_mut(k) {
            Some(v) if !v.contains(&i) => v.push(i),
            Some(_) => {}
            None => {
                map.insert(k.to_string(), vec![i]);
            }
        };
        if let Some(n) = &f.official_ids.care_office_number {
            push(&mut self.by_care, n);
        }
        if let Some(n) = &f.official_ids.medical_institution_code {
            push(&mut self.by_medical, n);
        }
        if batch_from.is_none_or(|b| i < b) {
            push(&mut self.by_name, &keys.name);
            if let Some(p) = &keys.phone {
                push(&mut self.by_phone, p);
            }
        }
    }
}

impl Directory {
    /// Marks the end of the stored listings: what is added from now on comes from the batch.
    pub fn seal(&mut self) {
        self.batch_from = Some(self.len);
    }

    /// The listings, by index (the directory is done with; records merged away are dropped).
    pub fn into_listings(self) -> Vec<Facility> {
        self.into_parts().0
    }

    /// The listings, by index, and the stored listings the batch changed as they were read
    /// (after [`Directory::seal`]; a stored listing missing there is unchanged).
    pub fn into_parts(mut self) -> (Vec<Facility>, FxHashMap<usize, Box<Facility>>) {
        self.listings.truncate(self.len);
        (self.listings, self.originals)
    }

    /// The listing with this id.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.idx.by_id.get(id).copied()
    }

    /// Decides what `r` (a record of `source`, with its `keys`) is; `taken` tells listings other
    /// records of the batch already merged into (a second claim on one of them is ambiguous).
    pub fn decide(
        &self,
        r: &Facility,
        keys: &Keys,
        source: &str,
        taken: impl Fn(usize) -> bool,
    ) -> Decision {
        // 1. The same source record, or the same id.
        if let Some(key) = super::key_of(r)
            && let Some(&i) = self
                .idx
                .by_record
                .get(source)
                .and_then(|keys| keys.get(key))
        {
            return Decision::Same(i);
        }
        if let Some(i) = self.by_id(r.id.as_str()) {
            return Decision::Same(i);
        }
        let live = |i: &usize| !taken(*i);
        // 2. Official ids.
        if let Some(n) = &r.official_ids.care_office_number
            && let Some(same_number) = self.idx.by_care.get(n)
        {
            let mine = care_service_codes(r);
            let hits: Vec<usize> = same_number
                .iter()
                .copied()
                .filter(|&i| {
                    care_service_codes(&self.listings[i])
                        .iter()
                        .any(|c| mine.contains(c))
                })
                .collect();
            match hits.as_slice() {
                [i] if live(i) => return Decision::Merge(*i, "事業所番号とサービス".into()),
                [] => {}
                many => {
                    return Decision::Ambiguous(
                        many.iter()
                            .map(|&i| (i, "事業所番号が同じ".to_string()))
                            .collect(),
                    );
                }
            }
        }
        if let Some(n) = &r.official_ids.medical_institution_code {
            let hits: Vec<usize> = self
                .idx
                .by_medical
                .get(n)
                .into_iter()
                .flatten()
                .copied()
                .collect();
            match hits.as_slice() {
                [i] if live(i) => return Decision::Merge(*i, "医療機関コード".into()),
                [] => {}
                many => {
                    return Decision::Ambiguous(
                        many.iter()
                            .map(|&i| (i, "医療機関コードが同じ".to_string()))
                            .collect(),
                    );
                }
            }
        }
        // 3–4. Likeness, among listings that could be the same kind of facility and do not
        // carry a different official id of the record's kind.
        let name = &keys.name;
        let phone = keys.phone.as_ref();
        let street = std::cell::OnceCell::new();
        let point = r.location.map(|l| l.point());
        // Two listings that both carry an official id of one kind were compared by it above.
        let differs = |f: &Facility| {
            let both = |a: &Option<String>, b: &Option<String>| a.is_some() && b.is_some();
            both(
                &f.official_ids.care_office_number,
                &r.official_ids.care_office_number,
            ) || both(
                &f.official_ids.medical_institution_code,
                &r.official_ids.medical_institution_code,
            )
        };
        let mut seen: HashSet<usize> = HashSet::new();
        let candidates = self
            .idx
            .by_name
            .get(name)
            .into_iter()
            .flatten()
            .chain(
                phone
                    .and_then(|p| self.idx.by_phone.get(p))
                    .into_iter()
                    .flatten(),
            )
            .copied()
            .filter(|i| seen.insert(*i))
            .filter(|&i| {
                let f = &self.listings[i];
                // Two records of one source are two facilities by that source's own keys.
                let same_source = f.provenance.records.iter().any(|x| x.source == source);
                compatible(f, r) && !differs(f) && !same_source
            });
        let mut strong = Vec::new();
        let mut weak = Vec::new();
        for i in candidates {
            let f = &self.listings[i];
            let their = &self.keys[i];
            let same_name = their.name == *name && !name.is_empty();
            let inside = !their.name.is_empty()
                && !name.is_empty()
                && (their.name.contains(name.as_str()) || name.contains(their.name.as_str()));
            let same_phone = phone.is_some() && their.phone.as_ref() == phone;
            let same_street = || {
                let street = street.get_or_init(|| street_key(r));
                street.is_some() && street_key(f) == *street
            };
            let distance = match (point, f.location) {
                (Some(p), Some(l)) => Some(haversine_m(p, l.point())),
                _ => None,
            };
            let close = |m: f64| distance.is_some_and(|d| d <= m);
            let strong_street = same_name && !same_phone && same_street();
            if same_name && (same_phone || strong_street || close(SAME_PLACE_M)) {
                let why = if same_phone {
                    "名称と電話番号が同じ"
                } else if strong_street {
                    "名称と住所が同じ"
                } else {
                    "名称が同じで位置が近い"
                };
                strong.push((i, why.to_string()));
            } else if same_name && (close(NEAR_M) || distance.is_none()) {
                weak.push((i, "名称が同じ".to_string()));
            } else if inside && (same_phone || close(SAME_PLACE_M)) {
                weak.push((i, "名称が似ていて電話番号か位置が同じ".to_string()));
            }
        }
        match strong.as_slice() {
            [(i, why)] if weak.is_empty() && live(i) => Decision::Merge(*i, why.clone()),
            [] if weak.is_empty() => Decision::New,
            _ => {
                strong.extend(weak);
                strong.truncate(5);
                Decision::Ambiguous(strong)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::FacilityId;
    use model::facility::Location;

    fn f(id: &str, name: &str, service: &str) -> Facility {
        Facility::new(FacilityId::new(id).unwrap(), name, service)
    }

    #[test]
    fn held_records_become_listings_in_order_and_merged_ones_are_dropped() {
        let mut dir = Directory::default();
        let stored = dir.add(f("stored-1", "既存診療所", "clinic"));
        dir.seal();
        let batch = vec![
            f("new-1", "一番目", "clinic"),
            f("new-2", "二番目", "clinic"),
            f("new-3", "三番目", "clinic"),
            f("new-4", "四番目", "clinic"),
        ];
        let keys: Vec<Keys> = batch.iter().map(Keys::of).collect();
        dir.hold(batch);
        // The first becomes a listing, the second merges into the stored one, the third into
        // the first, the fourth becomes a listing.
        let mut keys = keys.into_iter();
        assert_eq!(dir.add_held(0, keys.next().unwrap()), 1);
        let merged = dir.held(1).clone();
        dir.replace(stored, merged);
        let again = dir.held(2).clone();
        dir.replace(1, again);
        let _ = keys.next();
        let _ = keys.next();
        assert_eq!(dir.held(3).id.as_str(), "new-4");
        assert_eq!(dir.add_held(3, keys.next().unwrap()), 2);
        assert_eq!(dir.len(), 3);
        assert_eq!(dir.by_id("new-4"), Some(2));
        let ids: Vec<String> = dir.into_listings().into_iter().map(|l| l.id.0).collect();
        assert_eq!(ids, ["new-2", "new-3", "new-4"]);
    }

    #[test]
    fn an_empty_directory_takes_the_batch_vector_as_its_own() {
        let mut dir = Directory::default();
        dir.seal();
        let batch = vec![f("a-1", "一", "clinic"), f("a-2", "二", "clinic")];
        let at = batch.as_ptr();
        let keys: Vec<Keys> = batch.iter().map(Keys::of).collect();
        dir.hold(batch);
        for (k, key) in keys.into_iter().enumerate() {
            assert_eq!(dir.add_held(k, key), k);
        }
        let listings = dir.into_listings();
        assert_eq!(listings.as_ptr(), at);
        assert_eq!(listings.len(), 2);
    }

    #[test]
    fn names_and_phones_compare_without_their_dress() {
        assert_eq!(name_key("医療法人　三和会　国吉病院"), name_key("国吉病院"));
        assert_eq!(name_key("医療法人大寿会　大寿会病院"), "大寿会病院");
        assert_eq!(name_key("株式会社ケアサポート"), name_key("ケアサポート"));
        assert_eq!(name_key("ﾋﾏﾜﾘ診療所"), name_key("ひまわり診療所"));
        assert_eq!(phone_key("088(875)0231").as_deref(), Some("0888750231"));
        assert_eq!(phone_key("0888"), None);
    }

    #[test]
    fn official_ids_then_likeness_then_ambiguity() {
        let mut dir = Directory::default();
        let mut a = f("mhlw-2712403472-130", "高木診療所", "visiting_nursing");
        a.official_ids.care_office_number = Some("2712403472".into());
        a.provenance.records = vec![model::sources::SourceRecord {
            source: "mhlw-kaigo-open-data".into(),
            key: "2712403472-130".into(),
        }];
        let mut b = f("kosei-3910110265", "医療法人　三和会　国吉病院", "hospital");
        b.phone = Some("088-875-0231".into());
        b.location = Some(Location {
            lat: 33.56,
            lng: 133.53,
            ..Default::default()
        });
        let mut c = f("x-1", "さくら内科", "clinic");
        c.location = b.location;
        let (ia, ib, ic) = (dir.add(a), dir.add(b), dir.add(c));
        let none = |_| false;
        // The same 事業所番号 and service.
        let mut r = f(
            "hirakata-care-2712403472-130",
            "悠悠堂高木診療所",
            "visiting_nursing",
        );
        r.official_ids.care_office_number = Some("2712403472".into());
        assert!(
            matches!(dir.decide(&r, &Keys::of(&r), "hirakata", none), Decision::Merge(i, _) if i == ia)
        );
        // The same number with another service is another listing (also when both services
        // are one service type: 福祉用具貸与 170 and 特定福祉用具販売 410).
        r.services = vec!["care_management".into()];
        assert_eq!(
            dir.decide(&r, &Keys::of(&r), "hirakata", none),
            Decision::New
        );
        let mut rent = f("x-170", "レンタル", "welfare_equipment");
        rent.official_ids.care_office_number = Some("2772401044".into());
        rent.provenance.records = vec![model::sources::SourceRecord {
            source: "city".into(),
            key: "2772401044-170".into(),
        }];
        dir.add(rent);
        let mut sale = f("x-410", "レンタル", "welfare_equipment");
        sale.official_ids.care_office_number = Some("2772401044".into());
        sale.provenance.records = vec![model::sources::SourceRecord {
            source: "city".into(),
            key: "2772401044-410".into(),
        }];
        assert_eq!(
            dir.decide(&sale, &Keys::of(&sale), "city", none),
            Decision::New
        );
        // Name and phone.
        let mut r = f("hirakata-medical-1", "国吉病院", "clinic");
        r.phone = Some("0888750231".into());
        assert!(
            matches!(dir.decide(&r, &Keys::of(&r), "hirakata", none), Decision::Merge(i, _) if i == ib)
        );
        // A second claim on the same listing is ambiguous.
        assert!(matches!(
            dir.decide(&r, &Keys::of(&r), "hirakata", |i| i == ib),
            Decision::Ambiguous(_)
        ));
        // The same name without anything else to go by: ambiguous, not a guess.
        let r = f("hirakata-medical-2", "さくら内科", "clinic");
        assert!(
            matches!(dir.decide(&r, &Keys::of(&r), "hirakata", none), Decision::Ambiguous(v) if v[0].0 == ic)
        );
        // Another kind of facility of the same name is not compared.
        let r = f("hirakata-care-9", "さくら内科", "day_service");
        assert_eq!(
            dir.decide(&r, &Keys::of(&r), "hirakata", none),
            Decision::New
        );
    }
}
