//! A real municipality end to end: 枚方市 from nothing — the country's addresses and municipal
//! boundaries, the two national care files, the city's 13 日常生活圏域 and its three point layers
//! — then what a resident and an administrator rely on, checked against counts made here from
//! the source files themselves. The national files' positions are checked on the way.

use crate::helpers::{editorial, real_data_dir, settings};
use indexer::engine::Engine;
use indexer::import::geojson::{AreaMapping, parse_areas_file_with};
use indexer::import::table::{Mapping, parse_table};
use indexer::import::{addresses, mhlw, municipalities};
use model::coverage::CoverageLevel;
use model::facility::LifecycleStatus;
use model::geo::{LatLng, haversine_m};
use model::geocode::GeoLevel;
use model::population::Population;
use model::{Facility, SearchQuery};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn mapping(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../mappings/hirakata/{name}.toml"))
}

fn features(path: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["features"].as_array().unwrap().clone()
}

/// Ray casting over GeoJSON rings ([lng, lat]), independent of the engine's geometry.
fn inside(p: LatLng, polygons: &[Vec<Vec<[f64; 2]>>]) -> bool {
    let ring = |r: &[[f64; 2]]| {
        let mut c = false;
        for i in 0..r.len() {
            let (a, b) = (r[i], r[(i + 1) % r.len()]);
            if (a[1] > p.lat) != (b[1] > p.lat)
                && p.lng < a[0] + (p.lat - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
            {
                c = !c;
            }
        }
        c
    };
    polygons
        .iter()
        .any(|poly| ring(&poly[0]) && !poly[1..].iter().any(|h| ring(h)))
}

fn polygons_of(f: &Value) -> Vec<Vec<Vec<[f64; 2]>>> {
    let g = &f["geometry"];
    let parse = |p: &Value| -> Vec<Vec<[f64; 2]>> {
        p.as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|c| [c[0].as_f64().unwrap(), c[1].as_f64().unwrap()])
                    .collect()
            })
            .collect()
    };
    match g["type"].as_str() {
        Some("Polygon") => vec![parse(&g["coordinates"])],
        _ => g["coordinates"]
            .as_array()
            .unwrap()
            .iter()
            .map(parse)
            .collect(),
    }
}

async fn all_listings(engine: &Engine) -> Vec<Facility> {
    let mut v = Vec::new();
    engine
        .for_each_listing(|f| v.push(f.clone()))
        .await
        .unwrap();
    v
}

fn search(engine: &Engine, q: Value) -> model::SearchResponse {
    let q: SearchQuery = serde_json::from_value(q).unwrap();
    engine.search(&q).unwrap()
}

#[tokio::test]
async fn hirakata_from_open_data_and_the_national_positions() {
    let real = real_data_dir();
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&settings(&dir).await).await.unwrap();

    // 1. The country: boundaries and address points.
    let boundaries = municipalities::parse_municipalities_file(
        &real.join("boundaries/N03-21_210101_municipalities.geojson"),
    )
    .unwrap();
    assert_eq!(boundaries.len(), 1_894, "every municipality with a code");
    engine
        .import_areas(boundaries, Some(model::sources::boundaries()))
        .await
        .unwrap();
    let (munis, _) = engine
        .import_addresses(addresses::parse_addresses_dir(&real.join("addresses")).unwrap())
        .await
        .unwrap();
    assert_eq!(munis, 1_895);

    // 2. The geocoder on every real care-file address (they carry a surveyed point too).
    let national: Vec<Facility> = ["kaigo_130_houmonkango.csv", "kaigo_430_kyotaku.csv"]
        .iter()
        .flat_map(|f| mhlw::parse_mhlw_file(&real.join(f)).unwrap())
        .collect();
    let mut fine = 0usize;
    let mut distances = Vec::new();
    for f in &national {
        let line = indexer::ingest::placement::address_line(f);
        if let Some(g) = engine.geocode(&line) {
            if g.level != GeoLevel::Municipality {
                fine += 1;
            }
            if let Some(l) = f.location {
                distances.push(haversine_m(l.point(), g.point()));
            }
        }
    }
    distances.sort_by(f64::total_cmp);
    let share = fine as f64 / national.len() as f64;
    let median = distances[distances.len() / 2];
    assert!(share >= 0.95, "町丁目/大字 share {share}");
    assert!(median <= 400.0, "median distance {median} m");

    // 3. The national files: positions checked against addresses.
    for file in ["kaigo_130_houmonkango.csv", "kaigo_430_kyotaku.csv"] {
        let r = engine
            .import(mhlw::parse_mhlw_batch(&real.join(file)).unwrap(), &|_| {})
            .await
            .unwrap();
        assert!(r.relocated > 100, "{file}: {r:?}");
    }
    let stations = [
        ("東京都", 35.6812, 139.7671),
        ("大阪府", 34.7025, 135.4959),
        ("愛知県", 35.1709, 136.8815),
        ("北海道", 43.0687, 141.3508),
        ("福岡県", 33.5902, 130.4207),
    ];
    for (pref, lat, lng) in stations {
        for page in 1u32.. {
            let r = search(
                &engine,
                serde_json::json!({"near": {"point": {"lat": lat, "lng": lng}, "radius_m": 3000},
                                   "sort": "distance", "per_page": 200, "page": page}),
            );
            for h in &r.hits {
                assert!(
                    h.address.starts_with(pref),
                    "{} ({}) is {:?} m from the {pref} station",
                    h.name,
                    h.address,
                    h.distance_m
                );
            }
            if u64::from(page) * 200 >= r.total {
                break;
            }
        }
    }
    // 北九州市's visiting-nurse station placed at Tokyo station is back in 北九州市.
    let moved: Vec<Facility> = all_listings(&engine)
        .await
        .into_iter()
        .filter(|f| f.provenance.position_note.is_some())
        .collect();
    assert!(moved.len() > 250, "{}", moved.len());
    for f in &moved {
        let l = f.location.unwrap();
        assert!(l.approximate && l.level.is_some(), "{}", f.id);
    }
    let queued = editorial(&engine)
        .review_items(&admin(), true, Some("position"), 0, 10_000)
        .await
        .unwrap();
    assert_eq!(queued.len(), moved.len());

    // 4. The city's 13 日常生活圏域 and its three layers.
    let areas_file = real.join("hirakata/chiiki_houkatsu.geojson");
    let areas = parse_areas_file_with(
        &areas_file,
        &AreaMapping {
            id: "hirakata-area-{area_id}".into(),
            name: "第{area_id}圏域（{center_name}）".into(),
            description: Some("小学校区：{school_districts}".into()),
            kind: None,
            municipality_code: Some("272108".into()),
        },
    )
    .unwrap();
    assert_eq!(areas.len(), 13);
    engine.import_areas(areas, None).await.unwrap();
    let layers = [
        ("care-offices", "jigyosho.geojson"),
        ("medical", "medical.geojson"),
        ("support-centers", "houkatsu_centers.geojson"),
    ];
    let mut reports = BTreeMap::new();
    for (m, file) in layers {
        let mapping = Mapping::read(&mapping(m)).unwrap();
        let batch = parse_table(&real.join("hirakata").join(file), &mapping).unwrap();
        reports.insert(m, engine.import(batch, &|_| {}).await.unwrap());
    }

    // The 居宅介護支援 and 訪問看護 offices in both the national files and the city's layer
    // exist once, holding both sources.
    let national_keys: BTreeSet<String> = national
        .iter()
        .map(|f| f.provenance.records[0].key.clone())
        .collect();
    let mut both = BTreeSet::new();
    for f in features(&real.join("hirakata/jigyosho.geojson")) {
        let p = &f["properties"];
        let number = p["jigyosho_id"].as_str().unwrap();
        for (name, code) in [("居宅介護支援", "430"), ("訪問看護", "130")] {
            let has = p["service_type"]
                .as_str()
                .unwrap()
                .split("; ")
                .any(|s| s == name);
            let key = format!("{number}-{code}");
            if has && national_keys.contains(&key) {
                both.insert(key);
            }
        }
    }
    assert_eq!(both.len(), 206);
    assert_eq!(reports["care-offices"].merged, 206);
    let listings = all_listings(&engine).await;
    for key in &both {
        let holders: Vec<&Facility> = listings
            .iter()
            .filter(|f| f.provenance.records.iter().any(|r| &r.key == key))
            .collect();
        assert_eq!(holders.len(), 1, "{key}");
        let sources: BTreeSet<&str> = holders[0]
            .provenance
            .records
            .iter()
            .map(|r| r.source.as_str())
            .collect();
        assert_eq!(
            sources,
            ["hirakata-care-offices", "mhlw-kaigo-open-data"].into(),
            "{key}"
        );
    }

    // Every listing of the city's layers is in exactly one of the 13 圏域: by polygon, or —
    // in the gaps between the published polygons — by the nearest one, queued for review.
    let polygons: BTreeMap<String, Vec<Vec<Vec<[f64; 2]>>>> = features(&areas_file)
        .iter()
        .map(|f| {
            (
                format!("hirakata-area-{}", f["properties"]["area_id"]),
                polygons_of(f),
            )
        })
        .collect();
    // Population: the age table and the census' small areas, joined to address points and so
    // to the 13 圏域 — checked against a count made here with the published polygons.
    let census = tests::import_osaka_population(&engine, &real).await;
    assert!(
        census.people_joined.total * 1000 >= census.people.total * 995,
        "joined {:?} of {:?}",
        census.people_joined,
        census.people
    );
    let stored = engine.area_populations().await.unwrap();
    let of = |id: &str, source: &str| {
        stored
            .iter()
            .find(|a| a.area_id == id && a.source == source)
            .map(|a| a.population)
    };
    use model::sources::{CENSUS_SMALL_AREAS, JUKI_POPULATION};
    assert_eq!(
        of("municipality-272108", JUKI_POPULATION),
        Some(Population {
            total: 396_252,
            aged_65: 114_178,
            aged_75: 62_359
        })
    );
    assert_eq!(
        of("municipality-272108", CENSUS_SMALL_AREAS),
        Some(Population {
            total: 397_289,
            aged_65: 110_284,
            aged_75: 56_378
        })
    );
    let small = engine.small_areas("272108").await.unwrap();
    assert!(small.len() > 300 && small.iter().all(|s| s.municipality == "枚方市"));
    let mut inside_polygons: BTreeMap<&str, u64> = BTreeMap::new();
    for s in &small {
        let Some(p) = s.location else { continue };
        for (id, poly) in &polygons {
            if inside(p, poly) {
                *inside_polygons.entry(id.as_str()).or_default() += s.population.total;
            }
        }
    }
    // Each 圏域 holds the people of the small areas inside its polygon, plus those in the gaps
    // between the polygons that are nearest to it (only 枚方市 has 圏域 here).
    let mut from_gaps = 0;
    let mut in_areas = 0;
    for id in polygons.keys() {
        let p = of(id, CENSUS_SMALL_AREAS).unwrap();
        let own = inside_polygons.get(id.as_str()).copied().unwrap_or(0);
        assert!(
            p.total >= own && p.aged_75 <= p.aged_65 && p.aged_65 <= p.total,
            "{id}: {p:?}"
        );
        from_gaps += p.total - own;
        in_areas += p.total;
    }
    assert_eq!(from_gaps, census.people_nearest.total);
    assert!(in_areas * 100 >= 397_289 * 99, "{in_areas}");

    // Coverage of 訪問看護 per 圏域 and for the city, against counts made here from the listings,
    // the stored populations and the small areas' points.
    let visiting = SearchQuery {
        services: vec!["visiting_nursing".into()],
        municipality: Some("272108".into()),
        ..Default::default()
    };
    let nursing: Vec<&Facility> = listings
        .iter()
        .filter(|f| {
            f.status == LifecycleStatus::Active
                && f.services.iter().any(|s| s == "visiting_nursing")
        })
        .collect();
    let per_area = engine
        .coverage(&visiting, CoverageLevel::Area, None, None)
        .await
        .unwrap();
    assert_eq!(per_area.rows.len(), 13);
    for r in &per_area.rows {
        let want = nursing
            .iter()
            .filter(|f| f.areas.contains(&r.area_id))
            .count() as u64;
        assert_eq!(r.listings, want, "{}", r.area_id);
        assert_eq!(
            r.services.get("visiting_nursing").copied(),
            (want > 0).then_some(want)
        );
        let p75 = of(&r.area_id, CENSUS_SMALL_AREAS).unwrap().aged_75;
        assert_eq!(r.per_10k_75, Some(want as f64 * 10_000.0 / p75 as f64));
        assert!(r.near.is_none());
    }
    assert!(
        per_area
            .rows
            .windows(2)
            .all(|w| (w[0].listings > 0) <= (w[1].listings > 0)),
        "areas without any come first"
    );
    let city = engine
        .coverage(&visiting, CoverageLevel::Municipality, None, Some(5_000))
        .await
        .unwrap();
    assert_eq!(city.rows.len(), 1);
    let row = &city.rows[0];
    assert_eq!(row.area_id, "municipality-272108");
    assert_eq!(
        row.population.as_ref().map(|p| p.source.as_str()),
        Some(JUKI_POPULATION)
    );
    assert_eq!(
        row.per_10k_75,
        Some(row.listings as f64 * 10_000.0 / 62_359.0)
    );
    let near = |p: LatLng| {
        nursing.iter().any(|f| {
            f.location
                .is_some_and(|l| haversine_m(l.point(), p) <= 5_000.0)
        })
    };
    let (mut aged_75, mut covered) = (0, 0);
    for s in small.iter().filter(|s| s.population.aged_75 > 0) {
        let Some(p) = s.location else { continue };
        aged_75 += s.population.aged_75;
        if near(p) {
            covered += s.population.aged_75;
        }
    }
    let share = row.near.as_ref().unwrap();
    assert_eq!((share.aged_75, share.covered), (aged_75, covered));
    assert!(covered > 0 && covered <= aged_75, "{share:?}");
    assert_eq!(city.sources.len(), 1, "the 住民基本台帳's credit line");

    let city: Vec<&Facility> = listings
        .iter()
        .filter(|f| {
            f.provenance
                .records
                .iter()
                .any(|r| r.source.starts_with("hirakata-"))
        })
        .collect();
    assert_eq!(city.len(), 680 + 206 + 454 + 13);
    let gaps: BTreeSet<String> = editorial(&engine)
        .review_items(&admin(), true, Some("area_gap"), 0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.facility_id)
        .collect();
    let mut in_gaps = BTreeSet::new();
    for f in &city {
        let own: Vec<&String> = f
            .areas
            .iter()
            .filter(|a| a.starts_with("hirakata-area-"))
            .collect();
        assert_eq!(own.len(), 1, "{} {:?}", f.id, f.areas);
        let p = f.location.unwrap().point();
        let containing: Vec<&String> = polygons
            .iter()
            .filter(|(_, g)| inside(p, g))
            .map(|(id, _)| id)
            .collect();
        match containing.as_slice() {
            [] => {
                in_gaps.insert(f.id.0.clone());
            }
            ids => assert!(ids.contains(&own[0]), "{}", f.id),
        }
    }
    assert!(in_gaps.len() > 20, "{}", in_gaps.len());
    for id in &in_gaps {
        assert!(gaps.contains(id), "{id} lies in a gap but was not queued");
    }
    // The 地域包括支援センター are consultation desks.
    let r = search(
        &engine,
        serde_json::json!({"services": ["community_support_center"], "municipality": "272108"}),
    );
    assert_eq!(r.total, 13);
    assert!(r.hits.iter().all(|h| h.category == "consultation"
        && h.capabilities.contains(&"consultation_window".to_string())));

    // A resident types an address: the nearest listings, with distances.
    for (typed, town) in [
        ("枚方市伊加賀北町5-1", "伊加賀北町"),
        ("ひらかた市 香里ケ丘3丁目", "香里ケ丘三丁目"),
    ] {
        let g = engine.geocode(typed).unwrap();
        assert_eq!(g.town.as_deref(), Some(town));
        assert_eq!(g.municipality_code.as_deref(), Some("272108"));
        let r = search(
            &engine,
            serde_json::json!({"near": {"point": {"lat": g.lat, "lng": g.lng}, "radius_m": 1000},
                               "sort": "distance", "categories": ["medical"]}),
        );
        assert!(r.total > 5, "{typed}");
        let d: Vec<f64> = r.hits.iter().map(|h| h.distance_m.unwrap()).collect();
        assert!(d.windows(2).all(|w| w[0] <= w[1]) && d.iter().all(|x| *x <= 1000.0));
    }

    // Each source is recorded with its credit line.
    let sources = engine.data_sources().await.unwrap();
    for id in [
        "mhlw-kaigo-open-data",
        "geolonia-addresses",
        "mlit-n03-boundaries",
        "hirakata-care-offices",
        "hirakata-medical",
        "hirakata-support-centers",
    ] {
        let s = sources
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("{id}"));
        assert!(!s.credit.is_empty());
    }

    // The same layer again changes nothing.
    let mapping = Mapping::read(&mapping("care-offices")).unwrap();
    let again = engine
        .import(
            parse_table(&real.join("hirakata/jigyosho.geojson"), &mapping).unwrap(),
            &|_| {},
        )
        .await
        .unwrap();
    assert_eq!(
        (again.new, again.merged, again.updated, again.closed),
        (0, 0, 0, 0)
    );
}

fn admin() -> model::Viewer {
    model::Viewer {
        id: 1,
        email: "admin@test".into(),
        role: model::Role::Admin,
        scope: Default::default(),
    }
}
