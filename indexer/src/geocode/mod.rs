//! The offline geocoder: a typed Japanese address to the point of its 町丁目, 大字 or municipality.
//!
//! # Data
//! The 町丁目 points of the whole country (Geolonia 住所データ: one file per municipality of
//! `{town, koaza, lat, lng}`) are loaded into the store by `caremap-indexer import addresses DIR`
//! ([`crate::import::addresses`]), one row per municipality, and read into memory when the
//! engine opens. Municipality codes come from the municipal boundaries (`import municipalities`),
//! joined by prefecture and name. Nothing is fetched at run time.
//!
//! # Matching
//! Names and input go through the same [`normalize::fold`]. Then, left to right:
//! 1. a prefecture, if the input starts with one;
//! 2. the longest municipality name at the start (full 「三島郡島本町」, without its 郡
//!    「島本町」, or a designated city 「札幌市」 standing for all its wards);
//! 3. the longest 町丁目 / 小字 name at the start of what remains, in those municipalities; a
//!    町 whose 丁目 are published separately also matches by its bare name (the mean of its
//!    丁目, level [`GeoLevel::Oaza`]), and 「3-5-1」 after such a name reads as 3丁目;
//! 4. when no name starts there (Kyoto's 「河原町通三条上る下丸屋町」), the name found furthest
//!    in, preferring one that a number follows;
//! 5. without a known municipality (「ひらかた市 香里ケ丘3丁目」), a town name found anywhere in
//!    the input that exists in one municipality only (in the typed prefecture, if any).
//!
//! What matched is answered with its level; a municipality without any matching town answers
//! at the municipality level (the median of its town points).

pub mod normalize;

use model::geo::LatLng;
use model::geocode::{GeoLevel, Geocoded, PREFECTURES, Suggestion, prefecture_code};
use normalize::{fold, fold_typed};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// One published 町丁目 or 小字 with its representative point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressTown {
    /// 町丁目 or 大字 as published (「伊加賀北町」, 「大字津田」, 「上町一丁目」).
    pub town: String,
    /// 小字 (often empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub koaza: String,
    /// Latitude (a few entries have none).
    pub lat: Option<f64>,
    /// Longitude.
    pub lng: Option<f64>,
}

/// The published towns of one municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressMunicipality {
    /// 都道府県.
    pub prefecture: String,
    /// 市区町村 as the address data names it (「札幌市中央区」, 「三島郡島本町」).
    pub name: String,
    /// Its towns.
    pub towns: Vec<AddressTown>,
}

/// A municipality of the geocoder.
#[derive(Debug, Clone)]
struct Muni {
    pref: &'static str,
    name: String,
    code: Option<String>,
    point: LatLng,
}

/// A place a key leads to.
#[derive(Debug, Clone)]
struct Entry {
    muni: u32,
    /// Display name (town and 小字).
    name: Box<str>,
    /// Folded name (its key in `towns`).
    key: Box<str>,
    point: LatLng,
    level: GeoLevel,
    /// Whether 丁目 of this name exist (「香里ケ丘」 → 「香里ケ丘3丁目」).
    has_chome: bool,
}

/// The widest spread of the towns a split name stands for (see `Geocoder::stem_answer`).
pub const STEM_SPREAD_M: f64 = 2_500.0;

/// The in-memory geocoder (see the module docs).
#[derive(Default)]
pub struct Geocoder {
    munis: Vec<Muni>,
    entries: Vec<Entry>,
    /// Folded town key → entries (all municipalities).
    towns: FxHashMap<Box<str>, Vec<u32>>,
    /// Folded town keys in order, for completion.
    sorted: Vec<(Box<str>, u32)>,
    /// Folded municipality key → municipalities (several for a designated city's wards).
    muni_keys: FxHashMap<Box<str>, (Vec<u32>, String)>,
    /// Entries of each municipality (ranges into `by_muni`).
    by_muni: Vec<Vec<u32>>,
    /// Folded prefecture names.
    prefs: Vec<(String, &'static str)>,
    longest_muni_key: usize,
    longest_town_key: usize,
}

/// Component-wise median of points (robust to a stray town far away).
fn median_point(points: &mut [LatLng]) -> Option<LatLng> {
    if points.is_empty() {
        return None;
    }
    let mid = points.len() / 2;
    points.sort_by(|a, b| a.lat.total_cmp(&b.lat));
    let lat = points[mid].lat;
    points.sort_by(|a, b| a.lng.total_cmp(&b.lng));
    Some(LatLng {
        lat,
        lng: points[mid].lng,
    })
}

fn mean_point(points: &[LatLng]) -> Option<LatLng> {
    if points.is_empty() {
        return None;
    }
    let n = points.len() as f64;
    Some(LatLng {
        lat: points.iter().map(|p| p.lat).sum::<f64>() / n,
        lng: points.iter().map(|p| p.lng).sum::<f64>() / n,
    })
}

/// Splits a folded town key into its base and 丁目 number (「香里ケ丘3丁目」 → (「香里ケ丘」, 3)).
fn split_chome(key: &str) -> Option<(&str, &str)> {
    let body = key.strip_suffix("丁目")?;
    let digits = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()?
        .0;
    (digits > 0).then(|| (&body[..digits], &body[digits..]))
}

/// Byte offsets of the char boundaries of `s`, after the first char, up to `max_chars` chars.
fn prefix_ends(s: &str, max_chars: usize) -> Vec<usize> {
    s.char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(max_chars)
        .collect()
}

/// Whether text after a name makes the name part of a municipality's (「中央」 of 「中央区」,
/// 「塩釜」 of 「塩釜市」): such a name is not a town.
fn continues_as_municipality(after: &str) -> bool {
    after.starts_with(['区', '市', '郡'])
}

/// Other names of municipalities found in addresses (old names, common spellings), by
/// prefecture: (prefecture, as written, name in the address data).
const MUNICIPALITY_ALIASES: &[(&str, &str, &str)] = &[
    ("宮城県", "塩釜市", "塩竈市"),
    ("兵庫県", "篠山市", "丹波篠山市"),
];

/// A town match inside a municipality.
#[derive(Debug, Clone, Copy)]
struct TownMatch {
    entry: u32,
    /// Byte offset in the searched text where the match ends.
    end: usize,
    /// Whether a number follows the match (a 番地), which makes a match inside the text likely.
    numbered: bool,
    /// Whether the match starts where the text does (the usual order of an address).
    at_start: bool,
}

impl Geocoder {
    /// Builds the geocoder from the address data; `codes` gives municipality codes by
    /// (prefecture, name) where known.
    pub fn build(
        data: Vec<AddressMunicipality>,
        codes: &FxHashMap<(String, String), String>,
    ) -> Geocoder {
        let mut g = Geocoder {
            prefs: PREFECTURES.iter().map(|p| (fold(p), *p)).collect(),
            ..Geocoder::default()
        };
        let mut groups: FxHashMap<Box<str>, (Vec<u32>, String)> = FxHashMap::default();
        for m in data {
            let Some(pref) = PREFECTURES.iter().find(|p| **p == m.prefecture).copied() else {
                continue;
            };
            let mi = g.munis.len() as u32;
            let mut points = Vec::new();
            let mut own: Vec<u32> = Vec::new();
            // Children of bases that are not published on their own: base key → points.
            let mut bases: FxHashMap<String, (Vec<LatLng>, bool, String)> = FxHashMap::default();
            let mut keys_here: FxHashMap<String, u32> = FxHashMap::default();
            for t in &m.towns {
                let (Some(lat), Some(lng)) = (t.lat, t.lng) else {
                    continue;
                };
                let Ok(point) = LatLng::new(lat, lng) else {
                    continue;
                };
                points.push(point);
                let town_key = fold(&t.town);
                let key = format!("{town_key}{}", fold(&t.koaza));
                if key.is_empty() || keys_here.contains_key(&key) {
                    continue;
                }
                let level = if !t.koaza.is_empty() {
                    GeoLevel::Town
                } else if t.town.starts_with("大字") {
                    GeoLevel::Oaza
                } else {
                    GeoLevel::Town
                };
                let name = format!("{}{}", t.town, t.koaza);
                let ei = g.entries.len() as u32;
                g.entries.push(Entry {
                    muni: mi,
                    name: name.into(),
                    key: key.clone().into(),
                    point,
                    level,
                    has_chome: false,
                });
                keys_here.insert(key.clone(), ei);
                own.push(ei);
                // The bare 町 of a 丁目, and the 大字 of a 小字.
                let base = if !t.koaza.is_empty() {
                    Some((town_key.clone(), false, t.town.clone()))
                } else {
                    split_chome(&key).map(|(b, _)| {
                        let shown = t
                            .town
                            .trim_end_matches("丁目")
                            .trim_end_matches(|c: char| {
                                c.is_ascii_digit()
                                    || c.is_numeric()
                                    || "〇一二三四五六七八九十百".contains(c)
                            })
                            .to_string();
                        (b.to_string(), true, shown)
                    })
                };
                if let Some((b, chome, shown)) = base.filter(|(b, _, _)| !b.is_empty()) {
                    let e = bases.entry(b).or_insert_with(|| (Vec::new(), false, shown));
                    e.0.push(point);
                    e.1 |= chome;
                }
            }
            for (key, (pts, chome, shown)) in bases {
                match keys_here.get(&key) {
                    Some(&ei) => g.entries[ei as usize].has_chome |= chome,
                    None => {
                        let Some(point) = mean_point(&pts) else {
                            continue;
                        };
                        let ei = g.entries.len() as u32;
                        g.entries.push(Entry {
                            muni: mi,
                            name: shown.into(),
                            key: key.clone().into(),
                            point,
                            level: GeoLevel::Oaza,
                            has_chome: chome,
                        });
                        keys_here.insert(key, ei);
                        own.push(ei);
                    }
                }
            }
            for (key, ei) in keys_here {
                g.longest_town_key = g.longest_town_key.max(key.chars().count());
                g.towns.entry(key.into()).or_default().push(ei);
            }
            let Some(point) = median_point(&mut points) else {
                continue;
            };
            let code = codes.get(&(pref.to_string(), m.name.clone())).cloned();
            // Keys: the full name; without its 郡; the designated city of a ward.
            let full = fold(&m.name);
            let mut keys = vec![(full.clone(), m.name.clone())];
            if let Some(i) = full.find('郡') {
                let short = &full[i + '郡'.len_utf8()..];
                if !short.is_empty() {
                    keys.push((
                        short.to_string(),
                        m.name[m.name.find('郡').map_or(0, |i| i + '郡'.len_utf8())..].to_string(),
                    ));
                }
            }
            // A county (郡) stands for its towns and villages, as a designated city for its
            // wards (「泉南郡淡輪…」 without the town's name).
            if let Some(i) = full.find('郡') {
                let county = &full[..i + '郡'.len_utf8()];
                let shown = &m.name[..m.name.find('郡').map_or(0, |i| i + '郡'.len_utf8())];
                let key: Box<str> = format!("{}\u{0}{county}", pref).into();
                groups
                    .entry(key)
                    .or_insert_with(|| (Vec::new(), shown.to_string()))
                    .0
                    .push(mi);
            }
            if let Some(i) = full.find('市')
                && full.ends_with('区')
                && i + '市'.len_utf8() < full.len()
            {
                let city = &full[..i + '市'.len_utf8()];
                let shown = &m.name[..m.name.find('市').map_or(0, |i| i + '市'.len_utf8())];
                // The ward alone (「大阪府城東区…」 without 大阪市).
                keys.push((full[i + '市'.len_utf8()..].to_string(), m.name.clone()));
                let key: Box<str> = format!("{}\u{0}{city}", pref).into();
                groups
                    .entry(key)
                    .or_insert_with(|| (Vec::new(), shown.to_string()))
                    .0
                    .push(mi);
            }
            for (alias_pref, alias, name) in MUNICIPALITY_ALIASES {
                if *alias_pref == pref && *name == m.name {
                    keys.push((fold(alias), m.name.clone()));
                }
            }
            for (k, shown) in keys {
                g.longest_muni_key = g.longest_muni_key.max(k.chars().count());
                let e = g
                    .muni_keys
                    .entry(k.into())
                    .or_insert_with(|| (Vec::new(), shown));
                e.0.push(mi);
            }
            g.munis.push(Muni {
                pref,
                name: m.name,
                code,
                point,
            });
            g.by_muni.push(own);
        }
        for (key, (munis, shown)) in groups {
            let city = key.split('\u{0}').nth(1).unwrap_or_default();
            g.longest_muni_key = g.longest_muni_key.max(city.chars().count());
            let e = g
                .muni_keys
                .entry(city.into())
                .or_insert_with(|| (Vec::new(), shown));
            e.0.extend(munis);
        }
        g.sorted = g
            .towns
            .iter()
            .flat_map(|(k, v)| v.iter().map(move |e| (k.clone(), *e)))
            .collect();
        g.sorted.sort_unstable();
        g
    }

    /// Number of municipalities loaded.
    pub fn municipalities(&self) -> usize {
        self.munis.len()
    }

    /// Number of places (towns, 小字 and the bare names of 丁目 towns).
    pub fn places(&self) -> usize {
        self.entries.len()
    }

    /// Returns true when no address data is loaded.
    pub fn is_empty(&self) -> bool {
        self.munis.is_empty()
    }

    /// The prefecture at the start of folded text, and the rest.
    fn strip_prefecture<'a>(&self, s: &'a str) -> (Option<&'static str>, &'a str) {
        for (folded, name) in &self.prefs {
            if let Some(rest) = s.strip_prefix(folded.as_str()) {
                // 「青森県〒030-0846青森県青森市…」: the prefecture again.
                let rest = rest.strip_prefix(folded.as_str()).unwrap_or(rest);
                return (Some(name), rest);
            }
        }
        (None, s)
    }

    /// The municipalities named at the start of `s` (within `pref` if given): the longest name.
    fn municipalities_at<'a>(
        &self,
        s: &'a str,
        pref: Option<&str>,
    ) -> Option<(Vec<u32>, &'a str, &str)> {
        for end in prefix_ends(s, self.longest_muni_key).into_iter().rev() {
            if let Some((ms, shown)) = self.muni_keys.get(&s[..end]) {
                let ms: Vec<u32> = ms
                    .iter()
                    .copied()
                    .filter(|m| pref.is_none_or(|p| self.munis[*m as usize].pref == p))
                    .collect();
                if !ms.is_empty() {
                    return Some((ms, &s[end..], shown.as_str()));
                }
            }
        }
        None
    }

    /// Entries of `muni` with exactly this key.
    fn entry_in(&self, key: &str, muni: u32) -> Option<u32> {
        self.towns
            .get(key)?
            .iter()
            .copied()
            .find(|e| self.entries[*e as usize].muni == muni)
    }

    /// The longest town name starting at `s[start..]` in `muni`.
    fn town_at(&self, s: &str, start: usize, muni: u32) -> Option<TownMatch> {
        let rest = &s[start..];
        prefix_ends(rest, self.longest_town_key)
            .into_iter()
            .rev()
            .filter(|&end| !continues_as_municipality(&rest[end..]))
            .find_map(|end| {
                self.entry_in(&rest[..end], muni).map(|entry| TownMatch {
                    entry,
                    end: start + end,
                    numbered: rest[end..].starts_with(|c: char| c.is_ascii_digit()),
                    at_start: start == 0,
                })
            })
    }

    /// The town of `muni` named in `s`: at its start, or else the best name inside it.
    fn town_in(&self, s: &str, muni: u32) -> Option<TownMatch> {
        if s.is_empty() {
            return None;
        }
        // Kyoto-style addresses name streets first (「河原町通三条上る下丸屋町」): the town comes
        // after the last 上る/下る/入る.
        let after_directions = [
            "上ル", "下ル", "上る", "下る", "入ル", "入る", "東入", "西入",
        ]
        .iter()
        .filter_map(|w| s.rfind(w).map(|i| i + w.len()))
        .max()
        .unwrap_or(0);
        if after_directions == 0
            && let Some(m) = self.town_at(s, 0, muni)
        {
            return Some(m);
        }
        let mut best: Option<TownMatch> = None;
        let consider = |m: TownMatch, best: &mut Option<TownMatch>| {
            let len = |t: &TownMatch| self.entries[t.entry as usize].name.chars().count();
            let better = match best {
                None => true,
                Some(b) => (m.numbered, len(&m), m.end) > (b.numbered, len(b), b.end),
            };
            if better {
                *best = Some(m);
            }
        };
        for (i, _) in s[after_directions..].char_indices() {
            if let Some(m) = self.town_at(s, after_directions + i, muni) {
                consider(m, &mut best);
            }
        }
        best.or_else(|| self.town_at(s, 0, muni))
    }

    /// A 丁目 written as 「3-5-1」 or 「3」 after a town whose 丁目 exist.
    fn refine_chome(&self, s: &str, m: TownMatch) -> TownMatch {
        let e = &self.entries[m.entry as usize];
        if !e.has_chome {
            return m;
        }
        let rest = &s[m.end..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return m;
        }
        let after = &rest[digits..];
        if !(after.is_empty() || after.starts_with('-')) {
            return m;
        }
        let key = format!("{}{}丁目", e.key, &rest[..digits]);
        match self.entry_in(&key, e.muni) {
            Some(entry) => TownMatch {
                entry,
                end: m.end + digits,
                numbered: !after.is_empty(),
                at_start: m.at_start,
            },
            None => m,
        }
    }

    fn answer(&self, entry: Option<u32>, muni: u32) -> Geocoded {
        let m = &self.munis[muni as usize];
        let (point, level, town) = match entry {
            Some(e) => {
                let e = &self.entries[e as usize];
                (e.point, e.level, Some(e.name.to_string()))
            }
            None => (m.point, GeoLevel::Municipality, None),
        };
        Geocoded {
            lat: point.lat,
            lng: point.lng,
            level,
            municipality_code: m.code.clone(),
            matched: format!("{}{}{}", m.pref, m.name, town.as_deref().unwrap_or("")),
            prefecture: m.pref.to_string(),
            municipality: m.name.clone(),
            town,
        }
    }

    /// Resolves a typed address (see the module docs); `None` when not even a municipality
    /// matched.
    pub fn geocode(&self, input: &str) -> Option<Geocoded> {
        if self.is_empty() {
            return None;
        }
        let s = fold_typed(input);
        let (pref, rest) = self.strip_prefecture(&s);
        if let Some(first) = self.municipalities_at(rest, pref) {
            // Sources repeat the municipality (「境町猿島郡境町…」) or name the right one after a
            // wrong one (「紋別市紋別郡遠軽町…」): every municipality named in a row is a
            // candidate, and a town at the start of what follows one decides.
            let pref_of = self.munis[first.0[0] as usize].pref;
            let mut candidates = vec![first];
            while candidates.len() < 3 {
                let last = candidates[candidates.len() - 1].1;
                match self.municipalities_at(last, Some(pref_of)) {
                    Some(next) => candidates.push(next),
                    None => break,
                }
            }
            let mut best: Option<(u32, TownMatch, usize)> = None;
            for (rank, (munis, rest, _)) in candidates.iter().enumerate() {
                for &m in munis {
                    let Some(t) = self.town_in(rest, m) else {
                        continue;
                    };
                    let t = self.refine_chome(rest, t);
                    let score = |t: &TownMatch, rank: usize| {
                        let e = &self.entries[t.entry as usize];
                        (
                            t.at_start,
                            t.numbered,
                            e.level == GeoLevel::Town,
                            e.key.len(),
                            usize::MAX - rank,
                        )
                    };
                    if best
                        .as_ref()
                        .is_none_or(|(_, b, r)| score(&t, rank) > score(b, *r))
                    {
                        best = Some((m, t, rank));
                    }
                }
            }
            if let Some((m, t, _)) = best {
                return Some(self.answer(Some(t.entry), m));
            }
            let (munis, rest, shown) = &candidates[0];
            if let Some(g) = munis.iter().find_map(|&m| self.stem_answer(rest, m)) {
                return Some(g);
            }
            return match munis.as_slice() {
                [m] => Some(self.answer(None, *m)),
                _ => self.group_answer(munis, shown),
            };
        }
        self.anywhere(rest, pref)
    }

    /// A town name the address data splits (「大森」 of 大森北・大森東…): the text up to its first
    /// number, when it starts the names of some towns of `muni` that lie close together (within
    /// [`STEM_SPREAD_M`] of their mean), answers at the 大字・町 level at their mean.
    fn stem_answer(&self, rest: &str, muni: u32) -> Option<Geocoded> {
        let stem: String = rest
            .chars()
            .take_while(|c| !c.is_ascii_digit() && *c != '-')
            .take(12)
            .collect();
        if stem.chars().count() < 2 {
            return None;
        }
        let found: Vec<&Entry> = self.by_muni[muni as usize]
            .iter()
            .map(|e| &self.entries[*e as usize])
            .filter(|e| e.key.starts_with(stem.as_str()))
            .collect();
        let pts: Vec<LatLng> = found.iter().map(|e| e.point).collect();
        let center = mean_point(&pts)?;
        if pts
            .iter()
            .any(|p| model::geo::haversine_m(*p, center) > STEM_SPREAD_M)
        {
            return None;
        }
        let m = &self.munis[muni as usize];
        let town = format!("{stem}（{}か所の町の中心）", found.len());
        Some(Geocoded {
            lat: center.lat,
            lng: center.lng,
            level: GeoLevel::Oaza,
            municipality_code: m.code.clone(),
            matched: format!("{}{}{stem}", m.pref, m.name),
            prefecture: m.pref.to_string(),
            municipality: m.name.clone(),
            town: Some(town),
        })
    }

    /// A designated city named without its ward: the median of its wards.
    fn group_answer(&self, munis: &[u32], shown: &str) -> Option<Geocoded> {
        let mut pts: Vec<LatLng> = munis
            .iter()
            .map(|m| self.munis[*m as usize].point)
            .collect();
        let point = median_point(&mut pts)?;
        let pref = self.munis[*munis.first()? as usize].pref;
        Some(Geocoded {
            lat: point.lat,
            lng: point.lng,
            level: GeoLevel::Municipality,
            municipality_code: None,
            matched: format!("{pref}{shown}"),
            prefecture: pref.to_string(),
            municipality: shown.to_string(),
            town: None,
        })
    }

    /// Without a municipality: the longest town name found in the text that only one
    /// municipality (of the typed prefecture, if any) has.
    fn anywhere(&self, s: &str, pref: Option<&str>) -> Option<Geocoded> {
        let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
        let mut best: Option<(usize, u32, usize)> = None; // (chars, entry, end)
        for &i in &starts {
            for end in prefix_ends(&s[i..], self.longest_town_key)
                .into_iter()
                .rev()
            {
                if continues_as_municipality(&s[i + end..]) {
                    continue;
                }
                let key = &s[i..i + end];
                let Some(list) = self.towns.get(key) else {
                    continue;
                };
                let found: Vec<u32> = list
                    .iter()
                    .copied()
                    .filter(|e| {
                        pref.is_none_or(|p| {
                            self.munis[self.entries[*e as usize].muni as usize].pref == p
                        })
                    })
                    .collect();
                let one_city = found
                    .windows(2)
                    .all(|w| self.entries[w[0] as usize].muni == self.entries[w[1] as usize].muni);
                if let (Some(&e), true) = (found.first(), one_city) {
                    let chars = key.chars().count();
                    if best.is_none_or(|(c, _, _)| chars > c) {
                        best = Some((chars, e, i + end));
                    }
                }
                break;
            }
        }
        let (chars, entry, end) = best?;
        // One or two characters (「本町」, 「東」) say too little on their own, unless the
        // prefecture was given and only one of its municipalities has the name.
        if chars < 2 || (chars < 3 && pref.is_none()) {
            return None;
        }
        let muni = self.entries[entry as usize].muni;
        let t = self.refine_chome(
            s,
            TownMatch {
                entry,
                end,
                numbered: false,
                at_start: false,
            },
        );
        Some(self.answer(Some(t.entry), muni))
    }

    /// Up to `limit` places whose full name continues what was typed: towns of the typed
    /// municipality, or municipalities and towns anywhere.
    pub fn suggest(&self, input: &str, limit: usize) -> Vec<Suggestion> {
        let s = fold_typed(input);
        if self.is_empty() || s.is_empty() || limit == 0 {
            return Vec::new();
        }
        let (pref, rest) = self.strip_prefecture(&s);
        let mut out: Vec<Suggestion> = Vec::new();
        let push = |out: &mut Vec<Suggestion>, g: Geocoded| {
            if out.len() < limit && !out.iter().any(|o| o.label == g.matched) {
                out.push(Suggestion {
                    label: g.matched,
                    level: g.level,
                    lat: g.lat,
                    lng: g.lng,
                });
            }
        };
        if let Some((munis, rest, _)) = self.municipalities_at(rest, pref) {
            if rest.is_empty() && munis.len() == 1 {
                push(&mut out, self.answer(None, munis[0]));
            }
            let mut found: Vec<(usize, u32)> = Vec::new();
            for &m in &munis {
                for &e in &self.by_muni[m as usize] {
                    let key = &self.entries[e as usize].key;
                    if key.starts_with(rest) {
                        found.push((key.len(), e));
                    }
                }
            }
            found.sort_unstable();
            for (_, e) in found {
                let muni = self.entries[e as usize].muni;
                push(&mut out, self.answer(Some(e), muni));
            }
            return out;
        }
        // Municipalities whose name starts with the text.
        let mut munis: Vec<(&str, u32)> = self
            .muni_keys
            .iter()
            .filter(|(k, _)| k.starts_with(rest))
            .flat_map(|(k, (ms, _))| ms.iter().map(move |m| (k.as_ref(), *m)))
            .filter(|(_, m)| pref.is_none_or(|p| self.munis[*m as usize].pref == p))
            .collect();
        munis.sort_unstable_by_key(|(k, m)| (k.len(), *m));
        for (_, m) in munis {
            push(&mut out, self.answer(None, m));
        }
        // Towns whose name starts with the text.
        let from = self.sorted.partition_point(|(k, _)| k.as_ref() < rest);
        let mut towns: Vec<(usize, u32)> = self.sorted[from..]
            .iter()
            .take_while(|(k, _)| k.starts_with(rest))
            .filter(|(_, e)| {
                pref.is_none_or(|p| self.munis[self.entries[*e as usize].muni as usize].pref == p)
            })
            .map(|(k, e)| (k.len(), *e))
            .take(2_000)
            .collect();
        towns.sort_unstable();
        for (_, e) in towns {
            let muni = self.entries[e as usize].muni;
            push(&mut out, self.answer(Some(e), muni));
        }
        out
    }

    /// The municipality code of a prefecture and municipality name, when known.
    pub fn municipality_code(&self, prefecture: &str, name: &str) -> Option<String> {
        let key = fold(name);
        let (ms, _) = self.muni_keys.get(key.as_str())?;
        ms.iter()
            .map(|m| &self.munis[*m as usize])
            .find(|m| m.pref == prefecture)
            .and_then(|m| m.code.clone())
    }

    /// The prefecture code (2 digits) of a geocoded answer.
    pub fn prefecture_code_of(g: &Geocoded) -> Option<String> {
        prefecture_code(&g.prefecture)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn town(town: &str, koaza: &str, lat: f64, lng: f64) -> AddressTown {
        AddressTown {
            town: town.into(),
            koaza: koaza.into(),
            lat: Some(lat),
            lng: Some(lng),
        }
    }

    fn sample() -> Geocoder {
        let data = vec![
            AddressMunicipality {
                prefecture: "大阪府".into(),
                name: "枚方市".into(),
                towns: vec![
                    town("伊加賀北町", "", 34.8091, 135.6417),
                    town("香里ケ丘一丁目", "", 34.7901, 135.6401),
                    town("香里ケ丘三丁目", "", 34.7911, 135.6421),
                    town("大字津田", "", 34.7981, 135.7140),
                    town("天之川町", "", 34.8211, 135.6496),
                ],
            },
            AddressMunicipality {
                prefecture: "北海道".into(),
                name: "札幌市中央区".into(),
                towns: vec![town("南十九条西六丁目", "", 43.0344, 141.3519)],
            },
            AddressMunicipality {
                prefecture: "北海道".into(),
                name: "札幌市北区".into(),
                towns: vec![town("北七条西一丁目", "", 43.0700, 141.3500)],
            },
            AddressMunicipality {
                prefecture: "北海道".into(),
                name: "旭川市".into(),
                towns: vec![
                    town("東鷹栖一線", "十一号", 43.8172, 142.4165),
                    town("東鷹栖一線", "十五号", 43.8332, 142.4319),
                ],
            },
            AddressMunicipality {
                prefecture: "大阪府".into(),
                name: "三島郡島本町".into(),
                towns: vec![town("桜井一丁目", "", 34.8800, 135.6700)],
            },
            AddressMunicipality {
                prefecture: "京都府".into(),
                name: "京都市中京区".into(),
                towns: vec![
                    town("下丸屋町", "", 35.0120, 135.7690),
                    town("河原町", "", 35.0200, 135.7700),
                ],
            },
        ];
        let mut codes = FxHashMap::default();
        codes.insert(
            ("大阪府".to_string(), "枚方市".to_string()),
            "272108".to_string(),
        );
        Geocoder::build(data, &codes)
    }

    #[test]
    fn typed_forms_reach_the_town() {
        let g = sample();
        let a = g.geocode("大阪府枚方市伊加賀北町5-1").unwrap();
        assert_eq!(a.level, GeoLevel::Town);
        assert_eq!(a.matched, "大阪府枚方市伊加賀北町");
        assert_eq!(a.municipality_code.as_deref(), Some("272108"));
        // Without prefecture, full-width digits, postcode and building.
        let a = g
            .geocode("〒573-0001 枚方市伊加賀北町５番１号　ひらかたビル２Ｆ")
            .unwrap();
        assert_eq!(a.town.as_deref(), Some("伊加賀北町"));
        // 丁目 forms and ヶ/が variants.
        for q in [
            "枚方市香里ヶ丘3丁目",
            "枚方市香里が丘三丁目5-1",
            "枚方市香里ケ丘3-5-1",
            "枚方市香里ケ丘３",
        ] {
            let a = g.geocode(q).unwrap();
            assert_eq!(a.town.as_deref(), Some("香里ケ丘三丁目"), "{q}");
            assert_eq!(a.level, GeoLevel::Town);
        }
        // A 丁目 that is not published falls back to the town's mean (大字・町 level).
        let a = g.geocode("枚方市香里ケ丘9丁目").unwrap();
        assert_eq!(a.level, GeoLevel::Oaza);
        assert_eq!(a.town.as_deref(), Some("香里ケ丘"));
        // 大字 omitted.
        let a = g.geocode("枚方市津田1234").unwrap();
        assert_eq!(a.town.as_deref(), Some("大字津田"));
        assert_eq!(
            g.geocode("枚方市天の川町1").unwrap().town.as_deref(),
            Some("天之川町")
        );
        // Arabic numerals for kanji ones, and 小字.
        let a = g.geocode("北海道札幌市中央区南19条西6丁目3番5号").unwrap();
        assert_eq!(a.town.as_deref(), Some("南十九条西六丁目"));
        let a = g.geocode("旭川市東鷹栖1線15号").unwrap();
        assert_eq!(a.town.as_deref(), Some("東鷹栖一線十五号"));
        // A county omitted; a designated city without its ward.
        assert_eq!(
            g.geocode("島本町桜井1-2").unwrap().municipality,
            "三島郡島本町"
        );
        assert_eq!(
            g.geocode("札幌市北7条西1丁目").unwrap().municipality,
            "札幌市北区"
        );
        // Kyoto: street first, town last.
        let a = g
            .geocode("京都市中京区河原町通三条上る下丸屋町390")
            .unwrap();
        assert_eq!(a.town.as_deref(), Some("下丸屋町"));
    }

    #[test]
    fn levels_and_failures() {
        let g = sample();
        let a = g.geocode("枚方市どこか").unwrap();
        assert_eq!(a.level, GeoLevel::Municipality);
        assert_eq!(a.matched, "大阪府枚方市");
        // A municipality typed in kana: the town alone decides when only one city has it.
        let a = g.geocode("ひらかた市 香里ケ丘3丁目").unwrap();
        assert_eq!(a.matched, "大阪府枚方市香里ケ丘三丁目");
        assert!(g.geocode("どこにもない町").is_none());
        assert!(g.geocode("").is_none());
    }

    #[test]
    fn suggestions_continue_the_text() {
        let g = sample();
        let s = g.suggest("枚方市香里", 5);
        let labels: Vec<&str> = s.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels[0], "大阪府枚方市香里ケ丘");
        assert!(labels.contains(&"大阪府枚方市香里ケ丘三丁目"));
        let s = g.suggest("伊加賀", 5);
        assert_eq!(s[0].label, "大阪府枚方市伊加賀北町");
        let s = g.suggest("枚方", 5);
        assert_eq!(s[0].label, "大阪府枚方市");
    }
}
