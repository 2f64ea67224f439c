//! Coverage on a case small enough to check by hand: one municipality cut into two 圏域, one
//! visiting-nurse station, four small areas at known distances from it. (枚方市's real data is
//! checked in `hirakata.rs`.)

use crate::helpers::settings;
use indexer::engine::Engine;
use indexer::engine::population::PopulationFile;
use model::coverage::CoverageLevel;
use model::geo::{BoundingBox, LatLng, MultiPolygon};
use model::population::{Population, SmallAreaPopulation};
use model::{Area, AreaKind, Facility, FacilityId, SearchQuery};

/// The rectangle from (south, west) to (north, east).
fn rect(south: f64, west: f64, north: f64, east: f64) -> MultiPolygon {
    BoundingBox {
        min_lat: south,
        min_lng: west,
        max_lat: north,
        max_lng: east,
    }
    .outline()
}

fn area(id: &str, kind: AreaKind, geometry: MultiPolygon) -> Area {
    Area {
        id: id.into(),
        kind,
        name: id.into(),
        municipality_code: Some(CODE.into()),
        geometry,
        description: None,
    }
}

/// `99999` with its check digit.
const CODE: &str = "999997";

fn small(key: &str, lat: f64, lng: f64, aged_75: u64) -> SmallAreaPopulation {
    SmallAreaPopulation {
        key: key.into(),
        municipality: "テスト市".into(),
        name: key.into(),
        population: Population {
            total: 1_000,
            aged_65: aged_75 * 2,
            aged_75,
        },
        counted_in: None,
        location: Some(LatLng { lat, lng }),
    }
}

#[tokio::test]
async fn the_near_share_on_a_case_checked_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&settings(&dir).await).await.unwrap();
    let city = indexer::import::municipalities::area_id(CODE);
    engine
        .import_areas(
            vec![
                area(
                    &city,
                    AreaKind::Municipality,
                    rect(34.8, 134.8, 35.2, 135.2),
                ),
                area(
                    "west",
                    AreaKind::DailyLifeArea,
                    rect(34.8, 134.8, 35.2, 135.05),
                ),
                area(
                    "east",
                    AreaKind::DailyLifeArea,
                    rect(34.8, 135.05, 35.2, 135.2),
                ),
            ],
            None,
        )
        .await
        .unwrap();
    let mut station = Facility::new(
        FacilityId::new("station").unwrap(),
        "駅前訪問看護",
        "visiting_nursing",
    );
    station.location = Some(model::facility::Location {
        lat: 35.0,
        lng: 135.0,
        approximate: false,
        level: None,
    });
    engine.upsert(vec![station]).await.unwrap();
    // From the station at (35.0, 135.0): A 1.0 km north, B 6.0 km south (both in the west
    // 圏域); C 9.1 km east and D 4.7 km east (both in the east one, past 135.05).
    let rows = vec![
        small("99999001001", 35.009, 135.0, 100),
        small("99999001002", 34.946, 135.0, 200),
        small("99999002001", 35.0, 135.1, 300),
        small("99999002002", 35.0, 135.052, 400),
    ];
    let r = engine
        .import_population(PopulationFile::SmallAreas { rows, year: 2020 })
        .await
        .unwrap();
    assert_eq!(r.people_joined.aged_75, 1_000);
    let q = SearchQuery {
        services: vec!["visiting_nursing".into()],
        ..Default::default()
    };
    let areas = engine
        .coverage(&q, CoverageLevel::Area, None, Some(5_000))
        .await
        .unwrap();
    let ids: Vec<&str> = areas.rows.iter().map(|r| r.area_id.as_str()).collect();
    assert_eq!(ids, ["east", "west"], "the area without a station first");
    let (east, west) = (&areas.rows[0], &areas.rows[1]);
    assert_eq!((east.listings, west.listings), (0, 1));
    // west: A (100) of A + B (300) is within 5 km; east: D (400) of C + D (700).
    let near = |r: &model::coverage::CoverageRow| {
        let n = r.near.as_ref().unwrap();
        (n.aged_75, n.covered)
    };
    assert_eq!(near(west), (300, 100));
    assert_eq!(near(east), (700, 400));
    assert_eq!(west.per_10k_75, Some(1.0 * 10_000.0 / 300.0));
    assert_eq!(east.per_10k_75, Some(0.0));
    let whole = engine
        .coverage(&q, CoverageLevel::Municipality, None, Some(5_000))
        .await
        .unwrap();
    assert_eq!(whole.rows.len(), 1);
    let c = &whole.rows[0];
    assert_eq!(near(c), (1_000, 500));
    assert_eq!(c.near.as_ref().unwrap().share, Some(0.5));
    assert_eq!(c.per_10k_75, Some(10.0));
    // Within 1 km only A is.
    let one_km = engine
        .coverage(&q, CoverageLevel::Municipality, None, Some(1_001))
        .await
        .unwrap();
    assert_eq!(near(&one_km.rows[0]), (1_000, 100));
}
