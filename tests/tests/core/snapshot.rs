//! The engine's snapshot: an engine opened from it answers exactly as one built from the store;
//! what was written after it is read again; a damaged, foreign or outdated snapshot is never
//! trusted — the engine is built from the store and a good snapshot written again.

use crate::helpers::{query, sample_engine_and_settings};
use indexer::engine::{Engine, EngineSettings, snapshot};
use sea_orm::{ConnectionTrait, Database};
use std::path::Path;

/// Queries touching every structure a snapshot restores: text (bigram lists and the index),
/// radius and viewport (R-trees), municipality and area lists, taxonomy bitsets, facets, the id
/// and kana orders, opening hours and ケアマネタイム, service areas, satellites.
fn cases() -> Vec<serde_json::Value> {
    let c = serde_json::json!({"lat": 36.07, "lng": 140.11});
    vec![
        serde_json::json!({"text": "訪問", "per_page": 100}),
        serde_json::json!({"text": "ホウモン 看護", "sort": "relevance"}),
        serde_json::json!({"text": "ｸﾘﾆｯｸ", "sort": "name"}),
        serde_json::json!({"near": {"point": c, "radius_m": 3000}, "sort": "distance", "per_page": 50}),
        serde_json::json!({"text": "ケア", "near": {"point": c, "radius_m": 8000}, "sort": "distance"}),
        serde_json::json!({"bbox": {"min_lat": 36.0, "min_lng": 140.0, "max_lat": 36.2, "max_lng": 140.3}, "sort": "id", "per_page": 200}),
        serde_json::json!({"municipality": fixtures::sample::CITY_CODE, "sort": "name", "per_page": 200}),
        serde_json::json!({"areas": ["sample-area-3"], "per_page": 200}),
        serde_json::json!({"services": ["visiting_nursing"]}),
        serde_json::json!({"capabilities": ["end_of_life_care"], "sort": "name"}),
        serde_json::json!({"open_at": "2026-11-24T10:00:00+09:00", "per_page": 200}),
        serde_json::json!({"contact_window_at": "2026-11-24T14:00:00+09:00", "per_page": 200}),
        serde_json::json!({"serves": c, "per_page": 200}),
        serde_json::json!({"sort": "id", "page": 2, "per_page": 10}),
    ]
}

/// Every case's answer, without the timing.
fn answers(engine: &Engine) -> Vec<serde_json::Value> {
    cases()
        .into_iter()
        .map(|c| {
            let mut v = serde_json::to_value(engine.search(&query(c)).unwrap()).unwrap();
            v["took_ms"] = 0.into();
            v
        })
        .collect()
}

async fn reopen(s: &EngineSettings) -> Engine {
    Engine::open(s).await.unwrap()
}

fn snapshot_path(dir: &Path) -> std::path::PathBuf {
    dir.join(snapshot::FILE)
}

/// The answers of an engine built from the store alone (the snapshot set aside meanwhile).
async fn answers_from_the_store(s: &EngineSettings, dir: &Path) -> Vec<serde_json::Value> {
    let kept = dir.join("kept.snapshot");
    std::fs::rename(snapshot_path(dir), &kept).unwrap();
    let engine = reopen(s).await;
    assert_eq!(engine.reread_at_open(), None, "built from the store");
    let a = answers(&engine);
    engine.release_writer().unwrap();
    drop(engine);
    std::fs::rename(&kept, snapshot_path(dir)).unwrap();
    a
}

#[tokio::test]
async fn an_engine_opened_from_its_snapshot_answers_as_one_built_from_the_store() {
    let (dir, engine, s) = sample_engine_and_settings(|_| {}).await;
    let live = answers(&engine);
    let saved = engine.save_snapshot().await.unwrap().unwrap();
    assert!(saved.rows > 0);
    engine.release_writer().unwrap();
    drop(engine);

    let opened = reopen(&s).await;
    assert_eq!(opened.reread_at_open(), Some(0), "opened from the snapshot");
    assert_eq!(answers(&opened), live);
    assert!(!opened.snapshot_is_stale(), "nothing to write");
    // A data source recorded (a credit line answers show, read from the store at every open)
    // changes what searches see but not what the snapshot holds.
    let before = opened.generation();
    opened
        .record_source(&model::sources::boundaries())
        .await
        .unwrap();
    assert!(opened.generation() > before);
    assert!(
        !opened.snapshot_is_stale(),
        "a credit line is not in the snapshot"
    );
    opened.release_writer().unwrap();
    drop(opened);
    assert_eq!(answers_from_the_store(&s, dir.path()).await, live);
}

#[tokio::test]
async fn a_lost_text_index_is_filled_again_beside_the_snapshot() {
    // As after a crash that took the index folder, or an index of an older schema: the table
    // comes from the snapshot, the index from the store's rows.
    let (dir, engine, s) = sample_engine_and_settings(|_| {}).await;
    let one = |e: &Engine| {
        let mut v = serde_json::to_value(
            e.search(&query(serde_json::json!({"text": "訪", "per_page": 200})))
                .unwrap(),
        )
        .unwrap();
        v["took_ms"] = 0.into();
        v
    };
    let (live, live_one) = (answers(&engine), one(&engine));
    let saved = engine.save_snapshot().await.unwrap().unwrap();
    engine.release_writer().unwrap();
    drop(engine);
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();

    let opened = reopen(&s).await;
    assert_eq!(
        opened.reread_at_open(),
        Some(saved.rows),
        "every row indexed again"
    );
    assert_eq!(answers(&opened), live);
    assert_eq!(one(&opened), live_one);
    let stats = opened.stats().await.unwrap();
    assert_eq!(stats.indexed, stats.facilities);
    opened.release_writer().unwrap();
}

#[tokio::test]
async fn writes_after_the_snapshot_are_read_again_from_the_store() {
    let (dir, engine, s) = sample_engine_and_settings(|_| {}).await;
    engine.save_snapshot().await.unwrap();
    // Written after the snapshot: one listing renamed, one removed.
    let all = engine
        .search(&query(serde_json::json!({"sort": "id", "per_page": 200})))
        .unwrap();
    let renamed = all.hits[0].id.as_str().to_string();
    let removed = all.hits[1].id.as_str().to_string();
    let mut f = engine.get(&renamed).await.unwrap();
    f.name = "とびうお在宅クリニック".into();
    engine.upsert(vec![f]).await.unwrap();
    engine.delete(std::slice::from_ref(&removed)).await.unwrap();
    engine.release_writer().unwrap();
    drop(engine);

    let opened = reopen(&s).await;
    assert_eq!(
        opened.reread_at_open(),
        Some(1),
        "the renamed listing read again"
    );
    let hits = opened
        .search(&query(serde_json::json!({"text": "とびうお"})))
        .unwrap();
    assert_eq!(hits.total, 1);
    assert_eq!(hits.hits[0].id.as_str(), renamed);
    assert!(matches!(
        opened.get(&removed).await,
        Err(indexer::Error::NotFound(_))
    ));
    let ids = opened
        .search(&query(serde_json::json!({"sort": "id", "per_page": 200})))
        .unwrap();
    assert_eq!(ids.total, all.total - 1);
    let a = answers(&opened);
    opened.release_writer().unwrap();
    drop(opened);
    assert_eq!(answers_from_the_store(&s, dir.path()).await, a);
}

#[tokio::test]
async fn a_damaged_foreign_or_outdated_snapshot_is_rebuilt_from_the_store() {
    let (dir, engine, s) = sample_engine_and_settings(|_| {}).await;
    let live = answers(&engine);
    engine.save_snapshot().await.unwrap();
    engine.release_writer().unwrap();
    drop(engine);
    let good = std::fs::read(snapshot_path(dir.path())).unwrap();

    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x20;
    let mut other_format = good.clone();
    other_format[8] = other_format[8].wrapping_add(1);
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("one byte flipped", flipped),
        ("cut short", good[..good.len() - 100].to_vec()),
        ("another format", other_format),
        ("not a snapshot", b"{\"rows\": []}".to_vec()),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in damaged {
        std::fs::write(snapshot_path(dir.path()), &bytes).unwrap();
        let opened = reopen(&s).await;
        assert_eq!(
            opened.reread_at_open(),
            None,
            "{what}: built from the store"
        );
        assert_eq!(answers(&opened), live, "{what}");
        // Built from the store, the snapshot is due (a server writes it at once).
        assert!(opened.snapshot_is_stale(), "{what}");
        assert!(opened.save_snapshot_if_stale().await.unwrap().is_some());
        assert!(!opened.snapshot_is_stale(), "{what}");
        opened.release_writer().unwrap();
        drop(opened);
        let again = reopen(&s).await;
        assert_eq!(again.reread_at_open(), Some(0), "{what}: a new snapshot");
        assert_eq!(answers(&again), live, "{what}");
        again.release_writer().unwrap();
    }
}

#[tokio::test]
async fn a_snapshot_whose_rows_derive_differently_is_not_trusted() {
    let (_dir, engine, s) = sample_engine_and_settings(|_| {}).await;
    engine.save_snapshot().await.unwrap();
    engine.release_writer().unwrap();
    drop(engine);
    // A row changed behind the change sequence (as a build that derives rows differently
    // would see it): same sequence, another name. Every row of the sample is in the check.
    let db = Database::connect(&s.database_url).await.unwrap();
    db.execute_unprepared(
        "UPDATE facility SET doc = replace(doc, '\"name\":\"', '\"name\":\"かわせみ') \
         WHERE ord = (SELECT MIN(ord) FROM facility)",
    )
    .await
    .unwrap();
    db.close().await.unwrap();

    let opened = reopen(&s).await;
    assert_eq!(opened.reread_at_open(), None, "built from the store");
    // The table shows the row as the store holds it (the text index, keyed on the sequence,
    // is not what this checks).
    let renamed: usize = (1..=3)
        .map(|page| {
            let q = serde_json::json!({"sort": "id", "page": page, "per_page": 200});
            let hits = opened.search(&query(q)).unwrap().hits;
            hits.iter()
                .filter(|h| h.name.starts_with("かわせみ"))
                .count()
        })
        .sum();
    assert_eq!(renamed, 1);
}
