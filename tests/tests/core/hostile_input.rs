//! Hostile input never panics: the query-string reader, the listing form reader, every
//! importer (the national CSV, the 厚生局 xlsx, GeoJSON areas) and the address normaliser and
//! geocoder answer arbitrary input with a value or an error. Inputs are both arbitrary text and
//! valid input with arbitrary parts (a real header with random cells, a valid feature with
//! random properties), so that the parsers' deeper paths are reached too.

use crate::xlsx;
use indexer::geocode::normalize::{fold, fold_typed};
use indexer::geocode::{AddressMunicipality, AddressTown, Geocoder};
use indexer::import::geojson::parse_areas;
use indexer::import::kosei::parse_kosei_rows;
use indexer::import::mhlw::{HEADERS, parse_mhlw};
use indexer::import::sheet::{Row, read_first_sheet};
use model::form::{Form, FormRole, apply, pairs_of};
use model::params::SearchParams;
use proptest::prelude::*;
use std::path::Path;

/// Text that parsers meet: any characters, with the separators and digits they look for
/// made likely.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9０-９,.:;=&%+\\-/ 　丁目番地号一二三四五六七八九十ー\"']{0,24}",
        Just(String::new()),
    ]
}

/// The search's parameter names, and some that are not.
fn param_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "q",
            "lat",
            "lng",
            "radius_km",
            "bbox",
            "category",
            "service",
            "capability",
            "area",
            "municipality",
            "status",
            "open_at",
            "contact_window_at",
            "accepting",
            "serves",
            "sort",
            "page",
            "per_page",
            "facets",
            "format",
            "view",
            "place",
            "fields",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ]
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    fixtures::sample::as_of_instant()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_query_string_reader_never_panics(raw in any::<String>(), pairs in prop::collection::vec((param_name(), text()), 0..8)) {
        let _ = SearchParams::parse(&raw, now());
        let mut qs = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &pairs {
            qs.append_pair(k, v);
        }
        if let Ok(p) = SearchParams::parse(&qs.finish(), now()) {
            // What it read, it writes back in a form it reads again.
            let again = SearchParams::parse(&p.to_query_string(), now());
            prop_assert!(again.is_ok(), "{:?}", again);
        }
    }

    #[test]
    fn the_form_reader_never_panics(
        edits in prop::collection::vec((any::<prop::sample::Index>(), text()), 0..12),
        extra in prop::collection::vec((any::<String>(), text()), 0..4),
        facility_role in any::<bool>(),
    ) {
        let sample = tests::sample();
        let f = &sample[edits.len() % sample.len()];
        let mut pairs = pairs_of(f);
        for (i, v) in &edits {
            let k = i.index(pairs.len());
            pairs[k].1 = v.clone();
        }
        pairs.extend(extra);
        let role = if facility_role { FormRole::Facility } else { FormRole::Editor };
        let _ = apply(f, &Form::new(&pairs), role, tests::today());
    }

    #[test]
    fn the_national_csv_importer_never_panics(
        raw in any::<String>(),
        rows in prop::collection::vec(prop::collection::vec(text(), 0..30), 0..6),
    ) {
        let path = Path::new("kaigo_430_kyotaku.csv");
        let _ = parse_mhlw(path, &raw);
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        w.write_record(HEADERS).unwrap();
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let csv = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let _ = parse_mhlw(path, &csv);
    }

    #[test]
    fn the_geojson_importer_never_panics(
        raw in any::<String>(),
        name in text(),
        coords in prop::collection::vec((any::<f64>(), any::<f64>()), 0..6),
        kind in text(),
    ) {
        let path = Path::new("areas.geojson");
        let _ = parse_areas(path, &raw);
        let ring: Vec<[f64; 2]> = coords.iter().map(|&(x, y)| [x, y]).collect();
        let doc = serde_json::json!({
            "type": "FeatureCollection",
            "features": [{
                "type": "Feature",
                "properties": { "id": name, "name": name, "kind": kind, "municipality_code": name },
                "geometry": { "type": "Polygon", "coordinates": [ring] }
            }]
        });
        let _ = parse_areas(path, &doc.to_string());
    }

    #[test]
    fn the_kosei_list_reader_never_panics(
        before in prop::collection::vec(prop::collection::vec(text(), 0..3), 0..3),
        rows in prop::collection::vec(prop::collection::vec(text(), 0..26), 0..6),
    ) {
        let header = crate::kosei::header();
        let all: Vec<Vec<String>> = before.into_iter().chain([header]).chain(rows).collect();
        let rows: Vec<Row> = all
            .into_iter()
            .enumerate()
            .map(|(i, cells)| Row { number: i + 1, cells })
            .collect();
        let _ = parse_kosei_rows(Path::new("k.xlsx"), &rows);
    }

    #[test]
    fn the_address_normaliser_and_the_geocoder_never_panic(input in any::<String>(), typed in text()) {
        let _ = fold(&input);
        let _ = fold_typed(&input);
        let g = geocoder();
        let _ = g.geocode(&input);
        let _ = g.geocode(&typed);
        let _ = g.suggest(&typed, 10);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A spreadsheet file of arbitrary bytes, or a valid workbook of arbitrary cells.
    #[test]
    fn the_spreadsheet_reader_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        cells in prop::collection::vec(prop::collection::vec(text(), 0..6), 0..5),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("junk.xlsx");
        std::fs::write(&junk, &bytes).unwrap();
        let _ = read_first_sheet(&junk);
        let book = dir.path().join("book.xlsx");
        xlsx::write(&book, &cells);
        let _ = read_first_sheet(&book);
    }
}

/// A small geocoder over real-looking towns.
fn geocoder() -> &'static Geocoder {
    static G: std::sync::OnceLock<Geocoder> = std::sync::OnceLock::new();
    G.get_or_init(|| {
        let town = |town: &str, koaza: &str, lat: f64, lng: f64| AddressTown {
            town: town.into(),
            koaza: koaza.into(),
            lat: Some(lat),
            lng: Some(lng),
        };
        let data = vec![
            AddressMunicipality {
                prefecture: "大阪府".into(),
                name: "枚方市".into(),
                towns: vec![
                    town("伊加賀北町", "", 34.8091, 135.6417),
                    town("香里ケ丘一丁目", "", 34.7901, 135.6401),
                    town("大字津田", "", 34.7981, 135.7140),
                ],
            },
            AddressMunicipality {
                prefecture: "北海道".into(),
                name: "旭川市".into(),
                towns: vec![town("東鷹栖一線", "十一号", 43.8172, 142.4165)],
            },
        ];
        Geocoder::build(data, &Default::default())
    })
}
