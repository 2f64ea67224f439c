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

mod build;
mod lookup;
pub mod normalize;
mod suggest;

use model::geo::LatLng;
use model::geocode::GeoLevel;
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

    fn city(prefecture: &str, name: &str, towns: Vec<AddressTown>) -> AddressMunicipality {
        AddressMunicipality {
            prefecture: prefecture.into(),
            name: name.into(),
            towns,
        }
    }

    fn sample() -> Geocoder {
        #[rustfmt::skip]
        let data = vec![
            city("大阪府", "枚方市", vec![
                town("伊加賀北町", "", 34.8091, 135.6417),
                town("香里ケ丘一丁目", "", 34.7901, 135.6401),
                town("香里ケ丘三丁目", "", 34.7911, 135.6421),
                town("大字津田", "", 34.7981, 135.7140),
                town("天之川町", "", 34.8211, 135.6496),
            ]),
            city("北海道", "札幌市中央区", vec![town("南十九条西六丁目", "", 43.0344, 141.3519)]),
            city("北海道", "札幌市北区", vec![town("北七条西一丁目", "", 43.0700, 141.3500)]),
            city("北海道", "旭川市", vec![
                town("東鷹栖一線", "十一号", 43.8172, 142.4165),
                town("東鷹栖一線", "十五号", 43.8332, 142.4319),
            ]),
            city("大阪府", "三島郡島本町", vec![town("桜井一丁目", "", 34.8800, 135.6700)]),
            city("京都府", "京都市中京区", vec![
                town("下丸屋町", "", 35.0120, 135.7690),
                town("河原町", "", 35.0200, 135.7700),
            ]),
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
