//! The search engine on the sample city: every filter, facets, sorting, paging, live updates,
//! and recovery of the index from the store.

use crate::helpers::{active, all_ids, query, sample_engine, sample_facilities, settings};
use chrono::DateTime;
use indexer::engine::Engine;
use model::facility::{Accepting, LifecycleStatus, Visibility};
use model::geo::{LatLng, haversine_m};
use model::{Facility, SearchQuery};
use std::collections::BTreeSet;

#[tokio::test]
async fn radius_search_equals_brute_force_on_the_sample() {
    let (_dir, engine) = sample_engine().await;
    let all = sample_facilities();
    let centers = [
        (36.08, 140.11),
        (36.05, 140.05),
        (36.11, 140.18),
        (36.0, 140.3),
    ];
    for (lat, lng) in centers {
        for radius in [150.0, 800.0, 2_500.0, 7_000.0, 30_000.0] {
            let c = LatLng { lat, lng };
            let q = query(
                serde_json::json!({"near": {"point": c, "radius_m": radius}, "sort": "distance"}),
            );
            let got: BTreeSet<String> = all_ids(&engine, &q).into_iter().collect();
            let want: BTreeSet<String> = all
                .iter()
                .filter(|f| {
                    active(f)
                        && f.location
                            .is_some_and(|l| haversine_m(c, l.point()) <= radius)
                })
                .map(|f| f.id.0.clone())
                .collect();
            assert_eq!(got, want, "center {c:?} radius {radius}");
        }
    }
}

#[tokio::test]
async fn distance_sort_orders_and_pages_are_consistent() {
    let (_dir, engine) = sample_engine().await;
    let c = LatLng {
        lat: 36.08,
        lng: 140.11,
    };
    let q = query(
        serde_json::json!({"near": {"point": c, "radius_m": 5000}, "sort": "distance", "per_page": 7}),
    );
    let first = engine.search(&q).unwrap();
    let d: Vec<f64> = first.hits.iter().map(|h| h.distance_m.unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
    let paged = all_ids(&engine, &q);
    assert_eq!(paged.len() as u64, first.total);
    let unique: BTreeSet<&String> = paged.iter().collect();
    assert_eq!(unique.len(), paged.len(), "no listing appears on two pages");
    let mut q2 = q.clone();
    q2.page = Some(2);
    let second = engine.search(&q2).unwrap();
    assert_eq!(second.hits[0].id.0, paged[7]);
}

#[tokio::test]
async fn japanese_text_variants_and_two_character_words() {
    let (_dir, engine) = sample_engine().await;
    let ids = |text: &str| all_ids(&engine, &query(serde_json::json!({ "text": text })));
    let kata = ids("ホウモンカンゴ");
    assert!(!kata.is_empty());
    assert_eq!(kata, ids("ほうもんかんご"));
    assert_eq!(kata, ids("ﾎｳﾓﾝｶﾝｺﾞ"));
    let naika = ids("内科");
    let all = sample_facilities();
    let want = all
        .iter()
        .filter(|f| active(f) && f.name.contains("内科"))
        .count();
    assert!(naika.len() >= want && want > 0, "{} < {want}", naika.len());
    // Full-width ＡＢＣ matches ABC.
    let mut abc = all
        .iter()
        .find(|f| f.services[0] == "clinic")
        .unwrap()
        .clone();
    abc.id = model::FacilityId("test-abc".into());
    abc.name = "ABCメディカルクリニック".into();
    engine.upsert(vec![abc]).await.unwrap();
    assert_eq!(ids("ＡＢＣ"), vec!["test-abc".to_string()]);
    assert_eq!(ids("abc"), vec!["test-abc".to_string()]);
    // Service labels and addresses are searchable too.
    assert!(ids("デイサービス").len() >= 20);
    assert!(!ids("本町").is_empty());
}

#[tokio::test]
async fn filters_combine_and_facets_are_disjunctive() {
    let (_dir, engine) = sample_engine().await;
    let all = sample_facilities();
    let area = "sample-area-6";
    let area_q = query(serde_json::json!({"areas": [area], "per_page": 200}));
    let base = engine.search(&area_q).unwrap();
    let both = engine
        .search(&query(
            serde_json::json!({"areas": [area], "services": ["clinic"], "per_page": 200}),
        ))
        .unwrap();
    assert!(both.total > 0 && both.total < base.total);
    assert!(
        both.hits
            .iter()
            .all(|h| h.services.contains(&"clinic".to_string())
                && h.areas.contains(&area.to_string()))
    );
    // Disjunctive: service counts ignore the service filter but obey the area filter.
    assert_eq!(both.facets.service, base.facets.service);
    assert_eq!(both.facets.service["clinic"], both.total);
    // Area counts obey the service filter.
    let clinics = engine
        .search(&query(serde_json::json!({"services": ["clinic"]})))
        .unwrap();
    assert_eq!(both.facets.area, clinics.facets.area);
    assert_eq!(clinics.facets.area[area], both.total);
    // Capabilities are all-of.
    let caps = engine
        .search(&query(serde_json::json!({"capabilities": ["home_visit_medical", "end_of_life_care"], "per_page": 200})))
        .unwrap();
    let want = all
        .iter()
        .filter(|f| active(f))
        .filter(|f| {
            let c: Vec<&str> = f.capability_codes().collect();
            c.contains(&"home_visit_medical") && c.contains(&"end_of_life_care")
        })
        .count() as u64;
    assert_eq!(caps.total, want);
    // Municipality: the neighbouring town's listings only.
    let outside = engine
        .search(&query(
            serde_json::json!({"municipality": fixtures::sample::NEIGHBOUR_CODE}),
        ))
        .unwrap();
    assert_eq!(outside.total, 8);
    assert!(
        outside.hits.iter().all(|h| h.areas.is_empty()),
        "outside listings lie in no 日常生活圏域"
    );
    // Bbox.
    let bbox = serde_json::json!({"min_lat": 36.06, "min_lng": 140.08, "max_lat": 36.10, "max_lng": 140.14});
    let inbox = engine
        .search(&query(serde_json::json!({"bbox": bbox, "per_page": 200})))
        .unwrap();
    let want = all
        .iter()
        .filter(|f| {
            active(f)
                && f.location.is_some_and(|l| {
                    (36.06..=36.10).contains(&l.lat) && (140.08..=140.14).contains(&l.lng)
                })
        })
        .count() as u64;
    assert_eq!(inbox.total, want);
    // Status: active by default; closed ones on request.
    let closed = engine
        .search(&query(serde_json::json!({"statuses": ["closed"]})))
        .unwrap();
    assert_eq!(
        closed.total,
        all.iter()
            .filter(|f| f.status == LifecycleStatus::Closed)
            .count() as u64
    );
    let everything = engine
        .search(&query(
            serde_json::json!({"statuses": ["planned", "active", "suspended", "closed"]}),
        ))
        .unwrap();
    assert_eq!(everything.total, all.len() as u64);
}

#[tokio::test]
async fn open_at_follows_opening_hours_and_national_holidays() {
    let (_dir, engine) = sample_engine().await;
    let count = |v: serde_json::Value| engine.search(&query(v)).unwrap().total;
    // Wednesday 2026-11-25 10:00 JST: clinics open; the 国民の休日 2026-09-22 (Tue): none open.
    let wed =
        count(serde_json::json!({"services": ["clinic"], "open_at": "2026-11-25T10:00:00+09:00"}));
    let holiday =
        count(serde_json::json!({"services": ["clinic"], "open_at": "2026-09-22T10:00:00+09:00"}));
    let tuesday =
        count(serde_json::json!({"services": ["clinic"], "open_at": "2026-11-24T10:00:00+09:00"}));
    assert!(wed > 30, "{wed}");
    assert_eq!(holiday, 0);
    assert!(tuesday > 30);
    let t = DateTime::parse_from_rfc3339("2026-11-25T10:00:00+09:00").unwrap();
    let res = engine
        .search(&query(
            serde_json::json!({"services": ["clinic"], "open_at": t, "per_page": 3}),
        ))
        .unwrap();
    assert!(res.hits.iter().all(|h| h.open_now == Some(true)));
}

#[tokio::test]
async fn contact_window_at_matches_the_windows_and_hides_professional_ones() {
    let (_dir, engine) = sample_engine().await;
    let all = sample_facilities();
    let count = |v: serde_json::Value| engine.search(&query(v)).unwrap().total;
    let count_pro = |v: serde_json::Value| {
        engine
            .search_as(&query(v), model::facility::Visibility::Professional)
            .unwrap()
            .total
    };
    // ケアマネタイム windows at a given time match the brute-force answer.
    for at in [
        "2026-11-24T12:45:00+09:00",
        "2026-11-27T17:40:00+09:00",
        "2026-11-28T12:45:00+09:00",
    ] {
        let t = DateTime::parse_from_rfc3339(at).unwrap();
        let want = all
            .iter()
            .filter(|f| active(f) && f.contact_window_open_at(t))
            .count() as u64;
        assert_eq!(
            count_pro(serde_json::json!({"contact_window_at": at})),
            want,
            "{at}"
        );
        // ケアマネタイム is professional-only by default: anonymous filters do not see it.
        let public = all
            .iter()
            .filter(|f| {
                active(f)
                    && f.visibility_of(model::facility::FieldGroup::ContactWindows)
                        == model::facility::Visibility::Public
                    && f.contact_window_open_at(t)
            })
            .count() as u64;
        assert_eq!(
            count(serde_json::json!({"contact_window_at": at})),
            public,
            "{at}"
        );
    }
}

#[tokio::test]
async fn accepting_counts_fresh_statuses_only() {
    let (_dir, engine) = sample_engine().await;
    let all = sample_facilities();
    let count = |v: serde_json::Value| engine.search(&query(v)).unwrap().total;
    // Accepting: statuses older than 14 days are unknown, so neither accepting nor not.
    let accepting = count(serde_json::json!({"services": ["visiting_nursing"], "accepting": true}));
    let not = count(serde_json::json!({"services": ["visiting_nursing"], "accepting": false}));
    let total = count(serde_json::json!({"services": ["visiting_nursing"]}));
    let policy = model::freshness::FreshnessPolicy::default();
    let stations: Vec<Facility> = all
        .iter()
        .filter(|f| active(f) && f.services.iter().any(|s| s == "visiting_nursing"))
        .cloned()
        .collect();
    let current =
        |f: &Facility| policy.current_accepting(&f.public_view(), crate::helpers::today());
    let want_yes = stations
        .iter()
        .filter(|f| matches!(current(f), Some(Accepting::Yes | Accepting::Limited)))
        .count() as u64;
    let want_no = stations
        .iter()
        .filter(|f| current(f) == Some(Accepting::No))
        .count() as u64;
    assert!(accepting > 0 && not > 0);
    assert_eq!((accepting, not), (want_yes, want_no));
    assert!(accepting + not <= total);
    // Over every service type: the stale statuses are neither accepting nor not.
    let with_status: Vec<&Facility> = all
        .iter()
        .filter(|f| active(f) && f.public_view().availability.is_some())
        .collect();
    let stale = with_status.iter().filter(|f| current(f).is_none()).count() as u64;
    assert!(stale > 0, "the sample has stale statuses");
    let any_yes = count(serde_json::json!({"accepting": true}));
    let any_no = count(serde_json::json!({"accepting": false}));
    assert_eq!(any_yes + any_no + stale, with_status.len() as u64);
}

#[tokio::test]
async fn serves_covers_service_areas_and_default_radii() {
    let (_dir, engine) = sample_engine().await;
    let count = |v: serde_json::Value| engine.search(&query(v)).unwrap().total;
    let total = count(serde_json::json!({"services": ["visiting_nursing"]}));
    // Serves: every active visiting-nurse station lists the city, so all serve a point inside it;
    // a point 80 km away is served by nobody.
    let inside = count(
        serde_json::json!({"services": ["visiting_nursing"], "serves": {"lat": 36.08, "lng": 140.11}}),
    );
    assert_eq!(inside, total);
    let far = count(serde_json::json!({"serves": {"lat": 36.8, "lng": 140.11}}));
    assert_eq!(far, 0);
    // Home-visit clinics cover 16 km by default.
    let clinic_serves = count(
        serde_json::json!({"capabilities": ["home_visit_medical"], "serves": {"lat": 36.08, "lng": 140.11}}),
    );
    assert!(clinic_serves > 0);
}

#[tokio::test]
async fn bad_queries_are_rejected() {
    let (_dir, engine) = sample_engine().await;
    for v in [
        serde_json::json!({"services": ["nope"]}),
        serde_json::json!({"near": {"point": {"lat": 95.0, "lng": 140.0}, "radius_m": 10}}),
        serde_json::json!({"near": {"point": {"lat": 36.0, "lng": 140.0}, "radius_m": 0}}),
        serde_json::json!({"per_page": 0}),
        serde_json::json!({"sort": "distance"}),
    ] {
        assert!(
            matches!(
                engine.search(&query(v.clone())),
                Err(indexer::Error::Validation(_))
            ),
            "{v}"
        );
    }
}

#[tokio::test]
async fn edits_are_visible_to_the_next_search_and_professional_fields_stay_out() {
    let (_dir, engine) = sample_engine().await;
    let mut f = sample_facilities()
        .into_iter()
        .find(|f| f.services[0] == "pharmacy")
        .unwrap();
    f.name = "かもめ薬局 テスト店".into();
    engine.upsert(vec![f.clone()]).await.unwrap();
    let res = engine
        .search(&query(serde_json::json!({"text": "かもめ薬局"})))
        .unwrap();
    assert_eq!(
        res.hits.iter().map(|h| h.id.0.as_str()).collect::<Vec<_>>(),
        [f.id.as_str()]
    );
    // Hiding the phone makes it disappear from hits.
    f.visibility.insert(
        model::facility::FieldGroup::Contact,
        model::facility::Visibility::Professional,
    );
    engine.upsert(vec![f.clone()]).await.unwrap();
    let res = engine
        .search(&query(serde_json::json!({"text": "かもめ薬局"})))
        .unwrap();
    assert_eq!(res.hits[0].phone, None);
    // Moving it changes radius results at once.
    let far = LatLng {
        lat: 35.0,
        lng: 135.0,
    };
    f.location = Some(model::facility::Location {
        lat: far.lat,
        lng: far.lng,
        approximate: false,
        ..Default::default()
    });
    engine.upsert(vec![f.clone()]).await.unwrap();
    let near = engine
        .search(&query(
            serde_json::json!({"near": {"point": far, "radius_m": 10}}),
        ))
        .unwrap();
    assert_eq!(near.total, 1);
    assert!(
        near.hits[0].areas.is_empty(),
        "areas follow the new position"
    );
    engine.delete(&[f.id.0.clone()]).await.unwrap();
    assert_eq!(
        engine
            .search(&query(serde_json::json!({"text": "かもめ薬局"})))
            .unwrap()
            .total,
        0
    );
    assert!(matches!(
        engine.get(f.id.as_str()).await,
        Err(indexer::Error::NotFound(_))
    ));
}

#[tokio::test]
async fn the_index_heals_from_the_store_after_a_crash_or_loss() {
    let dir = tempfile::tempdir().unwrap();
    let s = settings(&dir).await;
    let facilities = sample_facilities();
    {
        let engine = Engine::open(&s).await.unwrap();
        engine.upsert(facilities.clone()).await.unwrap();
        engine.release_writer().unwrap();
    }
    // A write that reached the store but not the index (as if the process died in between):
    // the index folder as it was before the write is put back after it.
    let index = dir.path().join("index");
    let before = dir.path().join("index-before");
    copy_dir(&index, &before);
    {
        let engine = Engine::open(&s).await.unwrap();
        let mut f = facilities[0].clone();
        f.name = "とびうお診療所".into();
        engine.upsert(vec![f]).await.unwrap();
        engine.release_writer().unwrap();
    }
    std::fs::remove_dir_all(&index).unwrap();
    std::fs::rename(&before, &index).unwrap();
    let engine = Engine::open(&s).await.unwrap();
    let hit = engine
        .search(&query(serde_json::json!({"text": "とびうお"})))
        .unwrap();
    assert_eq!(hit.total, 1);
    let stats = engine.stats().await.unwrap();
    assert_eq!(stats.indexed, stats.facilities);
    engine.release_writer().unwrap();
    drop(engine);
    // The index folder lost entirely: rebuilt at open.
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    let engine = Engine::open(&s).await.unwrap();
    assert_eq!(
        engine
            .search(&query(serde_json::json!({"text": "とびうお"})))
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        engine.stats().await.unwrap().indexed,
        facilities.len() as u64
    );
}

#[tokio::test]
async fn satellites_follow_their_parent_through_edits() {
    let (_dir, engine) = sample_engine().await;
    let all = sample_facilities();
    let expected = |all: &[Facility], parent: &str| -> BTreeSet<String> {
        all.iter()
            .filter(|f| active(f) && f.parent_id.as_ref().is_some_and(|p| p.0 == parent))
            .map(|f| f.id.0.clone())
            .collect()
    };
    let got = |parent: &str| -> BTreeSet<String> {
        engine
            .satellites(parent)
            .into_iter()
            .map(|h| h.id.0)
            .collect()
    };
    let parents: BTreeSet<String> = all
        .iter()
        .filter_map(|f| f.parent_id.as_ref().map(|p| p.0.clone()))
        .collect();
    assert!(!parents.is_empty(), "the sample has satellites");
    for p in &parents {
        assert_eq!(got(p), expected(&all, p), "parent {p}");
    }
    // A listing becomes a satellite of another parent, then is deleted.
    let parent = parents.iter().next().unwrap().clone();
    let mut moved = all
        .iter()
        .find(|f| active(f) && f.parent_id.is_none() && f.id.0 != parent)
        .unwrap()
        .clone();
    moved.parent_id = Some(model::FacilityId(parent.clone()));
    engine.upsert(vec![moved.clone()]).await.unwrap();
    assert!(got(&parent).contains(&moved.id.0));
    moved.parent_id = None;
    engine.upsert(vec![moved.clone()]).await.unwrap();
    assert!(!got(&parent).contains(&moved.id.0));
    let first = got(&parent).into_iter().next().unwrap();
    engine.delete(std::slice::from_ref(&first)).await.unwrap();
    assert!(!got(&parent).contains(&first));
    assert!(engine.satellites("no-such-listing").is_empty());
}

#[tokio::test]
async fn map_points_become_clusters_that_account_for_every_listing() {
    let (_dir, engine) = sample_engine().await;
    let all = sample_facilities();
    let located = all
        .iter()
        .filter(|f| active(f) && f.location.is_some())
        .count();
    let q = SearchQuery::default();
    // Few enough: one marker per listing with a position.
    let points = engine
        .map_points_as(&q, Visibility::Public, 10_000, 8)
        .unwrap();
    assert_eq!(points.points.len(), located);
    assert!(points.clusters.is_empty());
    // Too many: clusters whose counts add up to the same listings.
    let clustered = engine.map_points_as(&q, Visibility::Public, 50, 8).unwrap();
    assert!(clustered.points.is_empty());
    assert_eq!(clustered.total, points.total);
    assert!(clustered.clusters.len() > 1 && clustered.clusters.len() <= 64);
    let sum: u64 = clustered.clusters.iter().map(|c| c.count).sum();
    assert_eq!(sum as usize, located);
    for c in &clustered.clusters {
        assert!(c.bbox.contains(c.location), "{c:?}");
        let inside = points
            .points
            .iter()
            .filter(|p| c.bbox.contains(p.location))
            .count() as u64;
        assert!(inside >= c.count, "{c:?} holds {inside} markers");
    }
    // Within a view: only what lies in it, clustered over the view.
    let first = &points.points[0].location;
    let view = model::geo::BoundingBox::new(
        first.lat - 0.02,
        first.lng - 0.02,
        first.lat + 0.02,
        first.lng + 0.02,
    )
    .unwrap();
    let in_view = points
        .points
        .iter()
        .filter(|p| view.contains(p.location))
        .count();
    let q = SearchQuery {
        bbox: Some(view),
        ..SearchQuery::default()
    };
    let part = engine.map_points_as(&q, Visibility::Public, 0, 4).unwrap();
    let sum: u64 = part.clusters.iter().map(|c| c.count).sum();
    assert_eq!(sum as usize, in_view);
    assert!(part.clusters.iter().all(|c| view.contains(c.location)));
}

/// Copies a folder (the text index: files only, no subfolders).
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        assert!(e.file_type().unwrap().is_file(), "{:?}", e.path());
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// The memory report counts what the table holds: its hit-JSON part is exactly the JSON of
/// every listing's hit (without the closing brace, which is written per answer), and adding
/// listings grows the rows and the bigram lists.
#[tokio::test]
async fn the_memory_report_counts_what_the_table_holds() {
    let part = |engine: &Engine, name: &str| {
        engine
            .memory()
            .into_iter()
            .find(|p| p.part == name)
            .unwrap_or_else(|| panic!("no part {name:?}"))
            .bytes
    };
    let dir = tempfile::tempdir().unwrap();
    let empty = Engine::open(&settings(&dir).await).await.unwrap();
    assert_eq!(part(&empty, "rows: each hit's JSON"), 0);
    let lists_before = part(&empty, "bigram lists");
    drop(empty);

    let (_dir, engine) = sample_engine().await;
    let (mut json, mut ids_and_names) = (0u64, 0u64);
    for page in 1..=3 {
        let q = query(
            serde_json::json!({"sort": "id", "page": page, "per_page": 200,
            "statuses": ["planned", "active", "suspended", "closed"]}),
        );
        for h in engine.search(&q).unwrap().hits {
            json += serde_json::to_string(&h).unwrap().len() as u64 - 1;
            ids_and_names += (h.id.0.len() + h.name.len()) as u64;
        }
    }
    assert!(json > 0);
    assert_eq!(part(&engine, "rows: each hit's JSON"), json);
    assert!(part(&engine, "bigram lists") > lists_before);
    // Each row holds its answer once (the JSON); besides it, only the id and the name.
    assert!(engine.memory().iter().all(|p| !p.part.contains("typed")));
    assert_eq!(part(&engine, "rows: id and name"), ids_and_names);
}
