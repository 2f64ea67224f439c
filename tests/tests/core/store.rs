//! The store suite; runs against SQLite and, in CI, against PostgreSQL too.

use crate::helpers::database_url;
use indexer::store::Store;
use model::Facility;

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
    let store = Store::connect(&database_url(dir.path()).await)
        .await
        .unwrap();
    let r = store
        .upsert_facilities(&[facility("a", "あ"), facility("b", "い")])
        .await
        .unwrap();
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
    let store = Store::connect(&database_url(dir.path()).await)
        .await
        .unwrap();
    let r = store
        .upsert_facilities(&[facility("a", "あ"), facility("b", "い")])
        .await
        .unwrap();
    let max = r.written.iter().map(|s| s.ord).max().unwrap();
    let err = store
        .delete_facilities(&["a".into(), "missing".into()])
        .await
        .unwrap_err();
    assert!(matches!(err, indexer::Error::NotFound(_)));
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
    assert!(r.written[0].ord > max);
    let all = store.all_facilities().await.unwrap();
    assert_eq!(
        all.iter()
            .map(|s| s.facility.id.as_str())
            .collect::<Vec<_>>(),
        ["a", "c"]
    );
}

#[tokio::test]
async fn batches_larger_than_a_chunk_insert_and_reimport_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&database_url(dir.path()).await)
        .await
        .unwrap();
    let many: Vec<Facility> = (0..1200)
        .map(|i| facility(&format!("f{i}"), "名"))
        .collect();
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
async fn areas_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&database_url(dir.path()).await)
        .await
        .unwrap();
    let city = fixtures::sample::sample_city();
    store.upsert_areas(&city.areas).await.unwrap();
    store.upsert_areas(&city.areas[..2]).await.unwrap();
    let back = store.all_areas().await.unwrap();
    assert_eq!(back.len(), city.areas.len());
    let mut want = city.areas.clone();
    want.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(back, want);
}
