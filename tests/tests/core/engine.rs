//! The search engine on the sample city: every filter, facets, sorting, paging, live updates,
//! and recovery of the index from the store.

use crate::helpers::{
    same_under_every_planner, sample_engine, sample_engine_with, sample_facilities, settings,
};
use chrono::DateTime;
use indexer::engine::Engine;
use model::facility::{Accepting, LifecycleStatus, Visibility};
use model::geo::{LatLng, haversine_m};
use model::{Facility, SearchQuery};
use std::collections::BTreeSet;

fn query(v: serde_json::Value) -> SearchQuery {
    serde_json::from_value(v).unwrap()
}

/// Every hit of a query, following the pages.
fn all_ids(engine: &Engine, q: &SearchQuery) -> Vec<String> {
    let mut out = Vec::new();
    for page in 1.. {
        let mut q = q.clone();
        q.page = Some(page);
        q.per_page = Some(200);
        let res = engine.search(&q).unwrap();
        if res.hits.is_empty() {
            break;
        }
        out.extend(res.hits.into_iter().map(|h| h.id.0));
    }
    out
}

fn active(f: &Facility) -> bool {
    f.status == LifecycleStatus::Active
}

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
async fn open_at_contact_window_accepting_and_serves() {
    let (_dir, engine) = sample_engine().await;
    let all = sample_facilities();
    let count = |v: serde_json::Value| engine.search(&query(v)).unwrap().total;
    let count_pro = |v: serde_json::Value| {
        engine
            .search_as(&query(v), model::facility::Visibility::Professional)
            .unwrap()
            .total
    };
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
async fn in_memory_text_check_agrees_with_the_index() {
    let (_dir, engine) = sample_engine().await;
    // sort=distance with a radius checks candidates in memory; sort=relevance asks the index.
    let c = LatLng {
        lat: 36.07,
        lng: 140.11,
    };
    for text in [
        "内科",
        "ホウモン",
        "本町",
        "デイ",
        "さくら",
        "ケア",
        "訪問 看護",
        "科",
        "二丁目",
        "認知症",
        "24時間",
        "ｸﾘﾆｯｸ",
    ] {
        for radius in [1_500.0, 6_000.0, 40_000.0] {
            let base = serde_json::json!({"text": text, "near": {"point": c, "radius_m": radius}});
            let mut by_distance = base.clone();
            by_distance["sort"] = "distance".into();
            let mut by_relevance = base;
            by_relevance["sort"] = "relevance".into();
            let a: BTreeSet<String> = all_ids(&engine, &query(by_distance)).into_iter().collect();
            let b: BTreeSet<String> = all_ids(&engine, &query(by_relevance)).into_iter().collect();
            assert_eq!(a, b, "text {text:?} radius {radius}");
        }
        let m = serde_json::json!({"text": text, "municipality": fixtures::sample::CITY_CODE, "sort": "name"});
        let mut r = m.clone();
        r["sort"] = "relevance".into();
        let a: BTreeSet<String> = all_ids(&engine, &query(m)).into_iter().collect();
        let b: BTreeSet<String> = all_ids(&engine, &query(r)).into_iter().collect();
        assert_eq!(a, b, "text {text:?} in the municipality");
    }
}

#[tokio::test]
async fn bitset_algebra_agrees_with_the_document_scan() {
    let (_dir, engine) = sample_engine().await;
    assert!(sample_facilities().iter().all(|f| f.location.is_some()));
    // A world-sized bbox excludes nothing here but forces the per-document scan.
    let world =
        serde_json::json!({"min_lat": -90.0, "min_lng": -180.0, "max_lat": 90.0, "max_lng": 180.0});
    let cases = [
        serde_json::json!({"text": "ケア", "sort": "id"}),
        serde_json::json!({"text": "内科", "sort": "name", "page": 2, "per_page": 5}),
        serde_json::json!({"areas": ["sample-area-6"], "categories": ["medical"], "sort": "name"}),
        serde_json::json!({"municipality": fixtures::sample::CITY_CODE, "services": ["care_management"], "sort": "name"}),
        serde_json::json!({"capabilities": ["home_visit_medical", "house_call"], "areas": ["sample-area-7", "sample-area-2"]}),
        serde_json::json!({"statuses": ["closed", "planned"], "sort": "id"}),
        serde_json::json!({"text": "訪問", "services": ["visiting_nursing", "home_help"], "categories": ["care"], "sort": "relevance"}),
        serde_json::json!({}),
    ];
    for case in cases {
        let fast = engine.search(&query(case.clone())).unwrap();
        let mut scanned = case.clone();
        scanned["bbox"] = world.clone();
        let slow = engine.search(&query(scanned)).unwrap();
        assert_eq!(fast.total, slow.total, "{case}");
        assert_eq!(fast.facets, slow.facets, "{case}");
        let ids =
            |r: &model::SearchResponse| r.hits.iter().map(|h| h.id.0.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&fast), ids(&slow), "{case}");
    }
}

#[tokio::test]
async fn id_and_name_order_match_a_brute_force_sort() {
    let (_dir, engine) = sample_engine().await;
    let all = sample_facilities();
    let normalize = indexer::text::analysis::normalize;
    let key = |f: &Facility| {
        normalize(
            f.name_kana
                .as_deref()
                .filter(|k| !k.trim().is_empty())
                .unwrap_or(&f.name),
        )
    };
    for (filter, pred) in [
        (
            serde_json::json!({}),
            Box::new(|_: &Facility| true) as Box<dyn Fn(&Facility) -> bool>,
        ),
        (
            serde_json::json!({"categories": ["care"]}),
            Box::new(|f: &Facility| f.category == "care"),
        ),
        (
            serde_json::json!({"text": "ケア"}),
            Box::new(|_: &Facility| true),
        ),
    ] {
        let mut by_id = filter.clone();
        by_id["sort"] = "id".into();
        let got_ids = all_ids(&engine, &query(by_id));
        let mut want: Vec<&Facility> = all.iter().filter(|f| active(f) && pred(f)).collect();
        if filter.get("text").is_none() {
            want.sort_by(|a, b| a.id.cmp(&b.id));
            assert_eq!(
                got_ids,
                want.iter().map(|f| f.id.0.clone()).collect::<Vec<_>>(),
                "{filter}"
            );
        } else {
            let mut sorted = got_ids.clone();
            sorted.sort();
            assert_eq!(got_ids, sorted, "{filter}");
        }
        let mut by_name = filter.clone();
        by_name["sort"] = "name".into();
        let got: Vec<String> = all_ids(&engine, &query(by_name));
        let index: std::collections::HashMap<&str, &Facility> =
            all.iter().map(|f| (f.id.as_str(), f)).collect();
        let keys: Vec<(String, String)> = got
            .iter()
            .map(|id| (key(index[id.as_str()]), id.clone()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{filter}");
        assert_eq!(got.len(), got_ids.len());
    }
}

#[tokio::test]
async fn json_answers_are_byte_for_byte_the_typed_answers() {
    let (_dir, engine) = sample_engine().await;
    let queries = [
        serde_json::json!({}),
        serde_json::json!({"per_page": 200}),
        serde_json::json!({"per_page": 200, "page": 2, "sort": "id"}),
        serde_json::json!({"text": "訪問看護", "per_page": 50}),
        serde_json::json!({"text": "クリニック", "near": {"point": {"lat": 36.06, "lng": 140.12}, "radius_m": 5000}, "sort": "distance"}),
        serde_json::json!({"near": {"point": {"lat": 36.06, "lng": 140.12}}, "open_at": "2026-11-25T10:00:00+09:00", "per_page": 100}),
        serde_json::json!({"services": ["visiting_nursing", "short_stay"], "accepting": true, "sort": "name"}),
        serde_json::json!({"statuses": ["closed", "planned", "suspended"], "open_at": "2026-11-29T10:00:00+09:00"}),
        serde_json::json!({"bbox": {"min_lat": 36.0, "min_lng": 140.0, "max_lat": 36.2, "max_lng": 140.3}, "per_page": 200}),
        serde_json::json!({"text": "存在しない言葉です"}),
    ];
    for v in queries {
        let q = query(v.clone());
        let fast = engine.search_json_as(&q, Visibility::Public).unwrap();
        let parsed: serde_json::Value = serde_json::from_slice(&fast).unwrap();
        let mut typed = engine.search(&q).unwrap();
        typed.took_ms = parsed["took_ms"].as_f64().unwrap();
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            serde_json::to_string(&typed).unwrap(),
            "{v}"
        );
    }
}

#[tokio::test]
async fn cached_words_answer_like_the_index_and_edits_refresh_them() {
    // Every word is cached in one engine (no minimum), none in the other.
    let (_a, cached) = sample_engine_with(|s| s.word_cache_min_matches = 1).await;
    let (_b, plain) = sample_engine_with(|s| s.word_cache = 0).await;
    let queries = [
        serde_json::json!({"text": "訪問", "sort": "id", "per_page": 200}),
        serde_json::json!({"text": "ケア", "sort": "name", "per_page": 50}),
        serde_json::json!({"text": "介護 支援", "sort": "id"}),
        serde_json::json!({"text": "クリニック", "near": {"point": {"lat": 36.06, "lng": 140.12}, "radius_m": 8000}, "sort": "distance"}),
        serde_json::json!({"text": "訪問看護", "services": ["visiting_nursing"], "sort": "id"}),
        serde_json::json!({"text": "診療所", "sort": "relevance"}),
    ];
    let answer = |e: &Engine, v: &serde_json::Value| {
        let r = e.search(&query(v.clone())).unwrap();
        let ids: Vec<String> = r.hits.into_iter().map(|h| h.id.0).collect();
        (r.total, ids, r.facets)
    };
    for round in 0..2 {
        for v in &queries {
            assert_eq!(answer(&cached, v), answer(&plain, v), "round {round}: {v}");
        }
    }
    // An edit is visible at once, also for a word answered from the cache before.
    let v = serde_json::json!({"text": "訪問", "sort": "id", "per_page": 200});
    let before = answer(&cached, &v).0;
    let mut f = sample_facilities()
        .into_iter()
        .find(|f| !f.name.contains("訪問") && f.status == LifecycleStatus::Active)
        .unwrap();
    f.name = format!("{}訪問相談室", f.name);
    let id = f.id.0.clone();
    cached.upsert(vec![f.clone()]).await.unwrap();
    plain.upsert(vec![f]).await.unwrap();
    let (total, ids, _) = answer(&cached, &v);
    assert_eq!(total, before + 1);
    assert!(ids.contains(&id));
    assert_eq!(answer(&cached, &v), answer(&plain, &v));
    cached.delete(std::slice::from_ref(&id)).await.unwrap();
    assert_eq!(answer(&cached, &v).0, before);
}

#[tokio::test]
async fn name_and_id_order_follow_edits_and_deletes() {
    let (_dir, engine) = sample_engine().await;
    let mut all: Vec<Facility> = sample_facilities();
    let check = |all: &[Facility]| {
        let live: Vec<&Facility> = all.iter().filter(|f| active(f)).collect();
        let kana = |f: &Facility| f.name_kana.as_deref().unwrap_or("").trim().to_string();
        let mut by_name: Vec<(String, String)> =
            live.iter().map(|f| (kana(f), f.id.0.clone())).collect();
        by_name.sort();
        let mut by_id: Vec<String> = live.iter().map(|f| f.id.0.clone()).collect();
        by_id.sort();
        let names = all_ids(&engine, &query(serde_json::json!({"sort": "name"})));
        assert_eq!(
            names,
            by_name.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
        );
        assert_eq!(
            all_ids(&engine, &query(serde_json::json!({"sort": "id"}))),
            by_id
        );
        // A small page (selection instead of a full sort) starts the same way.
        let page = engine
            .search(&query(serde_json::json!({"sort": "name", "per_page": 3})))
            .unwrap();
        let ids: Vec<String> = page.hits.into_iter().map(|h| h.id.0).collect();
        assert_eq!(ids, names[..3]);
    };
    check(&all);
    // Move one listing to the front of the kana order and add one in the middle.
    let first = all
        .iter()
        .position(|f| active(f) && f.name_kana.is_some())
        .unwrap();
    all[first].name_kana = Some("アアアア".into());
    let mut added = all[first + 1].clone();
    added.id = model::FacilityId("aa-added-listing".into());
    added.name = "追加した訪問看護ステーション".into();
    added.name_kana = Some("ツイカシタホウモンカンゴステーション".into());
    added.status = LifecycleStatus::Active;
    engine
        .upsert(vec![all[first].clone(), added.clone()])
        .await
        .unwrap();
    all.push(added);
    check(&all);
    // Delete one.
    let gone = all.iter().position(active).unwrap();
    engine.delete(&[all[gone].id.0.clone()]).await.unwrap();
    all.remove(gone);
    check(&all);
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

#[tokio::test]
async fn every_planner_strategy_gives_the_same_answer() {
    let (_dir, engine) = sample_engine().await;
    let c = serde_json::json!({"lat": 36.07, "lng": 140.11});
    let mut cases = vec![
        serde_json::json!({}),
        serde_json::json!({"sort": "id", "per_page": 200}),
        serde_json::json!({"municipality": fixtures::sample::CITY_CODE, "services": ["care_management"], "sort": "name"}),
        serde_json::json!({"municipality": "999999"}),
        serde_json::json!({"areas": ["sample-area-6", "sample-area-2"], "categories": ["medical"]}),
        serde_json::json!({"capabilities": ["home_visit_medical", "house_call"], "sort": "id"}),
        serde_json::json!({"statuses": ["closed", "planned", "suspended"], "sort": "name"}),
        serde_json::json!({"services": ["visiting_nursing"], "near": {"point": c, "radius_m": 3000}, "sort": "distance"}),
        serde_json::json!({"near": {"point": c}, "sort": "distance", "page": 3, "per_page": 10}),
        serde_json::json!({"bbox": {"min_lat": 36.03, "min_lng": 140.05, "max_lat": 36.1, "max_lng": 140.15}, "sort": "id", "per_page": 200}),
        serde_json::json!({"accepting": true, "categories": ["medical", "care"]}),
        serde_json::json!({"serves": c, "sort": "name"}),
        serde_json::json!({"open_at": "2026-11-25T10:00:00+09:00", "areas": ["sample-area-3"]}),
    ];
    for text in [
        "内科",
        "ホウモン",
        "本町",
        "デイ",
        "ケア",
        "訪問 看護",
        "科",
        "二丁目",
        "ｸﾘﾆｯｸ",
        "さくら野",
    ] {
        for extra in [
            serde_json::json!({"sort": "id"}),
            serde_json::json!({"sort": "name", "municipality": fixtures::sample::CITY_CODE}),
            serde_json::json!({"sort": "distance", "near": {"point": c, "radius_m": 2500}}),
            serde_json::json!({"sort": "distance", "near": {"point": c, "radius_m": 40000}, "services": ["clinic"]}),
            serde_json::json!({"sort": "id", "areas": ["sample-area-1"], "capabilities": ["home_visit_medical"]}),
        ] {
            let mut case = extra.clone();
            case["text"] = text.into();
            cases.push(case);
        }
    }
    for case in &cases {
        let r = same_under_every_planner(&engine, case);
        if case.get("sort").and_then(|s| s.as_str()) == Some("distance") {
            let d: Vec<f64> = r.hits.iter().map(|h| h.distance_m.unwrap()).collect();
            assert!(d.windows(2).all(|w| w[0] <= w[1]), "{case}: {d:?}");
        }
    }
    // After edits the bigram lists and packed fields follow: delete one listing of a word and
    // rename another to hold it.
    let hit = engine
        .search(&query(serde_json::json!({"text": "内科", "sort": "id"})))
        .unwrap();
    let gone = hit.hits[0].id.0.clone();
    engine.delete(std::slice::from_ref(&gone)).await.unwrap();
    let mut renamed = sample_facilities()
        .into_iter()
        .find(|f| active(f) && !f.name.contains("内科") && f.location.is_some())
        .unwrap();
    renamed.name = format!("{}内科分室", renamed.name);
    engine.upsert(vec![renamed.clone()]).await.unwrap();
    let case = serde_json::json!({"text": "内科", "sort": "id", "per_page": 200});
    let after = same_under_every_planner(&engine, &case);
    assert_eq!(after.total, hit.total, "one out, one in");
    assert!(after.hits.iter().all(|h| h.id.0 != gone));
    assert!(after.hits.iter().any(|h| h.id.0 == renamed.id.0));
    for case in &cases {
        same_under_every_planner(&engine, case);
    }
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
