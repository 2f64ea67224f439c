//! The engine's fast paths against a reference: in-memory text checks against the index, bitsets
//! against a scan, sort orders against a brute-force sort, the JSON writer against serde, cached
//! words against the index, and every planner strategy against the others.

use crate::helpers::{
    active, all_ids, query, same_under_every_planner, sample_engine, sample_engine_with,
    sample_facilities,
};
use indexer::engine::Engine;
use model::Facility;
use model::facility::{LifecycleStatus, Visibility};
use model::geo::LatLng;
use std::collections::BTreeSet;

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
        serde_json::json!({"scenes": ["emergency"], "sort": "id"}),
        serde_json::json!({"scenes": ["end_of_life", "admission_discharge"], "areas": ["sample-area-6"], "sort": "name"}),
        serde_json::json!({"scenes": ["daily_care"], "capabilities": ["home_visit_medical"], "text": "内科"}),
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
        serde_json::json!({"text": "訪問", "per_page": 200}),
        serde_json::json!({"text": "ケア 相談", "per_page": 200}),
        serde_json::json!({"text": "訪問看護", "page": 2, "per_page": 5}),
    ];
    let answer = |e: &Engine, v: &serde_json::Value| {
        let r = e.search(&query(v.clone())).unwrap();
        let ids: Vec<(String, Option<f32>)> =
            r.hits.into_iter().map(|h| (h.id.0, h.score)).collect();
        (r.total, ids, r.facets)
    };
    let all_agree = |when: &str| {
        for v in &queries {
            assert_eq!(answer(&cached, v), answer(&plain, v), "{when}: {v}");
        }
    };
    for round in 0..2 {
        all_agree(&format!("round {round}"));
    }
    let kept = cached.cached_words();
    assert!(kept >= 8, "{kept}");
    // An edit is visible at once, also for a word answered from the cache before: the cache
    // follows each write (its words and their levels stay) instead of being searched again.
    let v = serde_json::json!({"text": "訪問", "sort": "id", "per_page": 200});
    let before = answer(&cached, &v).0;
    let mut f = sample_facilities()
        .into_iter()
        .find(|f| !f.name.contains("訪問") && f.status == LifecycleStatus::Active)
        .unwrap();
    f.name = format!("{}訪問相談室", f.name);
    let id = f.id.0.clone();
    cached.upsert(vec![f.clone()]).await.unwrap();
    plain.upsert(vec![f.clone()]).await.unwrap();
    assert_eq!(cached.cached_words(), kept, "the cache followed the write");
    let (total, ids, _) = answer(&cached, &v);
    assert_eq!(total, before + 1);
    assert!(ids.iter().any(|(i, _)| *i == id));
    all_agree("after a rename");
    // A name that is the whole word (a better level), then a word only in its kana.
    f.name = "訪問".into();
    f.name_kana = Some("ケア ソウダン".into());
    cached.upsert(vec![f.clone()]).await.unwrap();
    plain.upsert(vec![f]).await.unwrap();
    all_agree("after a second rename");
    cached.delete(std::slice::from_ref(&id)).await.unwrap();
    plain.delete(std::slice::from_ref(&id)).await.unwrap();
    assert_eq!(cached.cached_words(), kept, "the cache followed the delete");
    assert_eq!(answer(&cached, &v).0, before);
    all_agree("after the delete");
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
        serde_json::json!({"scenes": ["emergency"], "sort": "id", "per_page": 200}),
        serde_json::json!({"scenes": ["end_of_life"], "near": {"point": c, "radius_m": 5000}, "sort": "distance"}),
        serde_json::json!({"scenes": ["daily_care", "admission_discharge"], "categories": ["care"], "sort": "name"}),
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

#[tokio::test]
async fn a_scene_is_every_listing_of_the_kinds_it_offers() {
    let (_dir, engine) = sample_engine().await;
    let facilities: Vec<Facility> = sample_facilities().into_iter().filter(active).collect();
    let mut counted = 0;
    for scene in model::taxonomy::SCENES {
        // Brute force over the listings, by the scene's own rules.
        let want: BTreeSet<String> = facilities
            .iter()
            .filter(|f| {
                let caps: Vec<&str> = f.capability_codes().collect();
                scene
                    .rules
                    .iter()
                    .any(|r| r.matches(&f.category, f.services.iter().map(String::as_str), &caps))
            })
            .map(|f| f.id.0.clone())
            .collect();
        assert!(!want.is_empty(), "the sample serves {}", scene.code);
        let q = serde_json::json!({"scenes": [scene.code], "sort": "id"});
        let got: BTreeSet<String> = all_ids(&engine, &query(q)).into_iter().collect();
        assert_eq!(got, want, "{}", scene.code);
        // The facet of an unfiltered search counts the same listings.
        let facets = engine.search(&query(serde_json::json!({}))).unwrap().facets;
        assert_eq!(
            facets.scene.get(scene.code).copied(),
            Some(want.len() as u64)
        );
        counted += want.len();
    }
    assert!(counted > 0);
}

/// The engine's pair lists answer every text word; the tantivy index (the durable one, and the
/// reference) must find the same listings: on the real files, for every character they hold
/// (a character inside a word, or a word of its own) and for a spread of their pairs and
/// longer words (the index's answer also holds listings with the pairs apart, which the
/// substring check drops).
#[test]
fn the_pair_lists_and_the_text_index_find_the_same_listings_on_the_real_files() {
    use indexer::text::grams::{GramIndex, Lookup};
    use indexer::text::{FIELD_SEPARATOR, TextDoc, TextIndex};
    let mut rows = Vec::new();
    for file in ["kaigo_130_houmonkango.csv", "kaigo_430_kyotaku.csv"] {
        let path = crate::helpers::real_data_dir().join(file);
        rows.extend(indexer::import::mhlw::parse_mhlw_file(&path).unwrap());
    }
    let docs: Vec<TextDoc> = rows
        .iter()
        .enumerate()
        .map(|(o, f)| TextDoc::from_facility(o as u32, 1, f))
        .collect();
    let index = TextIndex::in_memory().unwrap();
    index.apply(&docs, &[]).unwrap();
    let mut grams = GramIndex::default();
    for (o, d) in docs.iter().enumerate() {
        grams.push(o as u32, &d.memory_text());
    }
    grams.finish();
    let texts: Vec<String> = docs.iter().map(TextDoc::memory_text).collect();
    let in_a_field = |o: u32, w: &str| {
        texts[o as usize]
            .split([' ', FIELD_SEPARATOR])
            .any(|f| f.contains(w))
    };

    let mut chars = BTreeSet::new();
    let mut alone = BTreeSet::new();
    let mut words = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        for (k, field) in t.split([' ', FIELD_SEPARATOR]).enumerate() {
            let c: Vec<char> = field.chars().collect();
            chars.extend(c.iter().copied());
            if let [only] = c[..] {
                alone.insert(only);
            }
            // From the first word of every hundredth listing, a word of two, three and four
            // characters, from a place that moves along.
            if i % 100 == 0 && k == 0 {
                for n in 2..=4 {
                    if let Some(w) = c.windows(n).nth(i / 100 % c.len().max(1)) {
                        words.push(w.iter().collect::<String>());
                    }
                }
            }
        }
    }
    // Some characters are words of their own somewhere: each of those (the case pairs alone
    // would miss), and every third of the others.
    assert!(!alone.is_empty());
    let chars: Vec<char> = chars
        .into_iter()
        .enumerate()
        .filter(|(i, c)| alone.contains(c) || i % 3 == 0)
        .map(|(_, c)| c)
        .collect();
    assert!(
        chars.len() > 500 && words.len() > 500,
        "{} {}",
        chars.len(),
        words.len()
    );
    for w in chars.iter().map(char::to_string).chain(words) {
        let mut fast: Vec<u32> = match grams.lookup(&w).unwrap() {
            Lookup::Exact(l) => l.to_vec(),
            Lookup::Found(l) => l,
            Lookup::Union(lists) => lists.concat(),
        };
        fast.sort_unstable();
        fast.dedup();
        let mut reference: Vec<u32> = index
            .search(&w, false)
            .unwrap()
            .into_iter()
            .map(|(o, _)| o)
            .filter(|&o| w.chars().count() <= 2 || in_a_field(o, &w))
            .collect();
        reference.sort_unstable();
        assert!(!reference.is_empty(), "{w:?} is in the files");
        assert_eq!(fast, reference, "{w:?}");
    }
}
