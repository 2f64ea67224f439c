//! The store on its own: ordinals, all-or-nothing writes, areas. Runs on SQLite, and on a
//! PostgreSQL server when `CAREMAP_TEST_POSTGRES_URL` names one (the test command does).

use super::Store;
use model::{Area, Facility};

/// A fresh database: a new PostgreSQL database when CAREMAP_TEST_POSTGRES_URL names a server,
/// else a SQLite file in `dir`.
async fn test_database_url(dir: &std::path::Path) -> String {
    match std::env::var("CAREMAP_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => {
            use sea_orm::ConnectionTrait;
            static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let name = format!(
                "cm_store_{}_{}",
                std::process::id(),
                N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            );
            let db = sea_orm::Database::connect(&admin).await.unwrap();
            db.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            format!("{base}/{name}")
        }
        _ => super::default_database_url(dir),
    }
}

async fn test_store(dir: &std::path::Path) -> Store {
    Store::connect(&test_database_url(dir).await).await.unwrap()
}

/// A store holding listings "a" and "b", and the answer of their first write.
async fn store_with_a_and_b(dir: &std::path::Path) -> (Store, super::UpsertReport) {
    let store = test_store(dir).await;
    let r = store
        .upsert_facilities(&[facility("a", "あ"), facility("b", "い")])
        .await
        .unwrap();
    (store, r)
}

/// A one-degree square area with its south-west corner at (36, 140 + `x`).
fn square(id: &str, x: f64) -> Area {
    use model::geo::{LatLng, MultiPolygon, Polygon};
    let p = |lat: f64, lng: f64| LatLng { lat, lng: lng + x };
    Area {
        id: id.to_string(),
        kind: model::AreaKind::DailyLifeArea,
        name: id.to_string(),
        municipality_code: Some("082201".into()),
        geometry: MultiPolygon(vec![Polygon {
            exterior: vec![
                p(36.0, 140.0),
                p(36.0, 141.0),
                p(37.0, 141.0),
                p(36.0, 140.0),
            ],
            holes: Vec::new(),
        }]),
        description: None,
    }
}

fn facility(id: &str, name: &str) -> Facility {
    serde_json::from_value(serde_json::json!({
        "id": id, "name": name, "category": "medical", "services": ["clinic"],
        "location": {"lat": 36.08, "lng": 140.11}
    }))
    .unwrap()
}

#[tokio::test]
async fn upsert_is_idempotent_and_keeps_ordinals() {
    let dir = tempfile::tempdir().unwrap();
    let (store, r) = store_with_a_and_b(dir.path()).await;
    assert_eq!((r.inserted, r.updated, r.unchanged), (2, 0, 0));
    let ord_a = r
        .written
        .iter()
        .find(|s| s.facility.id.as_str() == "a")
        .unwrap()
        .ord;
    let r = store
        .upsert_facilities(&[facility("a", "あ"), facility("b", "う")])
        .await
        .unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (0, 1, 1));
    assert_eq!(store.count_facilities().await.unwrap(), 2);
    assert_eq!(store.get_facility("a").await.unwrap().unwrap().ord, ord_a);
    assert_eq!(
        store
            .get_facility("b")
            .await
            .unwrap()
            .unwrap()
            .facility
            .name,
        "う"
    );
    assert!(store.get_facility("zz").await.unwrap().is_none());
    assert_eq!(store.max_seq().await.unwrap(), 2);
}

#[tokio::test]
async fn delete_is_all_or_nothing_and_ordinals_are_never_reused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, r) = store_with_a_and_b(dir.path()).await;
    let max = r.written.iter().map(|s| s.ord).max().unwrap();
    let err = store
        .delete_facilities(&["a".into(), "missing".into()])
        .await
        .unwrap_err();
    assert!(matches!(err, crate::Error::NotFound(_)));
    assert_eq!(
        store.count_facilities().await.unwrap(),
        2,
        "nothing deleted"
    );
    store.delete_facilities(&["b".into()]).await.unwrap();
    let r = store
        .upsert_facilities(&[facility("c", "え")])
        .await
        .unwrap();
    assert!(r.written.iter().next().unwrap().ord > max);
    let all = store.all_facilities().await.unwrap();
    assert_eq!(
        all.iter()
            .map(|s| s.facility.id.as_str())
            .collect::<Vec<_>>(),
        ["a", "c"]
    );
}

/// Listings `f0`, `f1`, … named 名 (more than one chunk of a write from 501 on).
fn numbered(n: usize) -> Vec<Facility> {
    (0..n).map(|i| facility(&format!("f{i}"), "名")).collect()
}

#[tokio::test]
async fn batches_larger_than_a_chunk_insert_and_reimport_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let store = test_store(dir.path()).await;
    let many = numbered(1200);
    let r = store.upsert_facilities(&many).await.unwrap();
    assert_eq!(r.inserted, 1200);
    let ords: std::collections::HashSet<u32> = r.written.iter().map(|s| s.ord).collect();
    assert_eq!(ords.len(), 1200, "every row has its own ordinal");
    assert_eq!(store.count_facilities().await.unwrap(), 1200);
    let again = store.upsert_facilities(&many).await.unwrap();
    assert_eq!(
        (again.inserted, again.updated, again.unchanged),
        (0, 0, 1200)
    );
}

#[tokio::test]
async fn a_mixed_write_reports_its_new_and_changed_rows_in_order_with_their_ordinals() {
    let dir = tempfile::tempdir().unwrap();
    let store = test_store(dir.path()).await;
    store.upsert_facilities(&numbered(1200)).await.unwrap();
    // Across three chunks: every third row changed, every seventh new, the rest unchanged.
    let second: Vec<Facility> = (0..1200)
        .map(|i| match i {
            i if i % 7 == 0 => facility(&format!("n{i}"), "新"),
            i if i % 3 == 0 => facility(&format!("f{i}"), "改"),
            i => facility(&format!("f{i}"), "名"),
        })
        .collect();
    let r = store.upsert_facilities(&second).await.unwrap();
    let want: Vec<&str> = second
        .iter()
        .filter(|f| f.name != "名")
        .map(|f| f.id.as_str())
        .collect();
    let got: Vec<&str> = r.written.iter().map(|w| w.facility.id.as_str()).collect();
    assert_eq!(got, want);
    assert_eq!(r.unchanged, 1200 - want.len());
    for w in r.written.iter() {
        let stored = store
            .get_facility(w.facility.id.as_str())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((w.ord, w.seq), (stored.ord, stored.seq));
        assert_eq!(&stored.facility, w.facility);
    }
}

#[tokio::test]
async fn areas_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = test_store(dir.path()).await;
    let areas: Vec<Area> = (0..4)
        .map(|i| square(&format!("area-{i}"), i as f64))
        .collect();
    store.upsert_areas(&areas).await.unwrap();
    store.upsert_areas(&areas[..2]).await.unwrap();
    let back = store.all_areas().await.unwrap();
    assert_eq!(back.len(), areas.len());
    let mut want = areas.clone();
    want.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(back, want);
}

/// The one number a SQLite statement answers.
async fn number(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

#[tokio::test]
async fn a_large_import_copies_its_log_into_the_file_after_the_commit() {
    use sea_orm::DbBackend;
    let dir = tempfile::tempdir().unwrap();
    let store = test_store(dir.path()).await;
    let n = super::upsert::LARGE;
    let many: Vec<Facility> = (0..n).map(|i| facility(&format!("f{i}"), "名")).collect();
    let changes = std::collections::BTreeMap::new();
    let report = model::review::ImportReport::default();
    let write = super::imports::ImportWrite {
        records: many,
        changes: &changes,
        reviews: &[],
        source: None,
        report: &report,
    };
    let r = store
        .write_import(write, &|_| {}, &mut |_| {}, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(r.inserted, n);
    // A write while the log may still be copied is neither held up nor lost.
    store
        .upsert_facilities(&[facility("later", "後")])
        .await
        .unwrap();
    store.settle().await;
    assert_eq!(store.count_facilities().await.unwrap(), n as u64 + 1);
    if store.connection().get_database_backend() != DbBackend::Sqlite {
        return;
    }
    // The writing connection checkpoints by itself again.
    assert_eq!(
        number(store.connection(), "PRAGMA wal_autocheckpoint").await,
        1000
    );
    // The import's rows are in the database file itself, not only in its log.
    let alone = dir.path().join("alone");
    std::fs::create_dir(&alone).unwrap();
    std::fs::copy(dir.path().join("caremap.db"), alone.join("caremap.db")).unwrap();
    let copy = sea_orm::Database::connect(super::default_database_url(&alone))
        .await
        .unwrap();
    assert!(number(&copy, "SELECT COUNT(*) FROM facility").await >= n as i64);
}

#[tokio::test]
async fn a_new_sqlite_store_has_8_kib_pages() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&super::default_database_url(dir.path()))
        .await
        .unwrap();
    assert_eq!(number(store.connection(), "PRAGMA page_size").await, 8192);
}
