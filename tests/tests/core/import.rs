//! Importers on the real open data and on broken input.

use crate::helpers::{real_data_dir, same_under_every_planner, settings};
use indexer::engine::Engine;
use indexer::import::mhlw;
use model::SearchQuery;
use std::io::Write;

#[tokio::test]
async fn both_real_files_import_exactly_and_reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&settings(&dir).await).await.unwrap();
    let nursing =
        mhlw::parse_mhlw_file(&real_data_dir().join("kaigo_130_houmonkango.csv")).unwrap();
    let care = mhlw::parse_mhlw_file(&real_data_dir().join("kaigo_430_kyotaku.csv")).unwrap();
    assert_eq!(nursing.len(), 17_958);
    assert_eq!(care.len(), 36_491);
    let without_municipality = nursing
        .iter()
        .filter(|f| f.municipality_code.is_none())
        .count();
    assert_eq!(
        without_municipality, 1_311,
        "rows without a municipality code are still imported"
    );
    assert!(
        care.iter().any(|f| f.id.as_str() == "mhlw-01B2900061-430"),
        "office numbers with letters"
    );
    let nursing_names = nursing.clone();
    let r1 = engine.upsert(nursing.clone()).await.unwrap();
    let r2 = engine.upsert(care.clone()).await.unwrap();
    assert_eq!((r1.inserted, r2.inserted), (17_958, 36_491));
    let stats = engine.stats().await.unwrap();
    assert_eq!(stats.facilities, 54_449);
    assert_eq!(stats.indexed, 54_449);
    assert_eq!(stats.by_service["visiting_nursing"], 17_958);
    assert_eq!(stats.by_service["care_management"], 36_491);
    let again = engine.upsert(nursing).await.unwrap();
    assert_eq!(
        (again.inserted, again.updated, again.unchanged),
        (0, 0, 17_958)
    );
    assert_eq!(engine.stats().await.unwrap().facilities, 54_449);
    // Large sorted results (walked along the id / kana orders) equal a brute-force sort.
    let normalize = indexer::text::analysis::normalize;
    let name_key = |f: &model::Facility| {
        (
            normalize(
                f.name_kana
                    .as_deref()
                    .filter(|k| !k.trim().is_empty())
                    .unwrap_or(&f.name),
            ),
            f.id.0.clone(),
        )
    };
    let mut want: Vec<&model::Facility> = care.iter().collect();
    want.sort_by(|a, b| a.id.cmp(&b.id));
    for (page, sort) in [(1u32, "id"), (3, "id"), (1, "name"), (2, "name")] {
        let q: SearchQuery = serde_json::from_value(serde_json::json!({
            "services": ["care_management"], "sort": sort, "page": page, "per_page": 20
        }))
        .unwrap();
        let got: Vec<String> = engine
            .search(&q)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id.0)
            .collect();
        let mut sorted = want.clone();
        if sort == "name" {
            sorted.sort_by_cached_key(|f| name_key(f));
        }
        let start = (page as usize - 1) * 20;
        let expected: Vec<String> = sorted[start..start + 20]
            .iter()
            .map(|f| f.id.0.clone())
            .collect();
        assert_eq!(got, expected, "sort {sort} page {page}");
    }
    // Search works on the real data: 3 km around Tokyo station, nearest first.
    let q: SearchQuery = serde_json::from_value(serde_json::json!({
        "services": ["visiting_nursing"],
        "near": {"point": {"lat": 35.6812, "lng": 139.7671}, "radius_m": 3000},
        "sort": "distance"
    }))
    .unwrap();
    let res = engine.search(&q).unwrap();
    assert!(res.total > 10, "{}", res.total);
    let d: Vec<f64> = res.hits.iter().map(|h| h.distance_m.unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]) && d.iter().all(|x| *x <= 3000.0));
    // Text on the real names (the benchmark's Q2 and Q4): every planner strategy gives the same
    // answer, and every listing whose normalised name holds the word is found.
    let mut words: Vec<String> = ["ケア", "訪問看護", "ステーシ", "さくら", "介護", "ひまわり"]
        .map(str::to_string)
        .to_vec();
    for (i, f) in care.iter().chain(&nursing_names).step_by(1_499).enumerate() {
        let chars: Vec<char> = normalize(&f.name).chars().filter(|c| *c != ' ').collect();
        let len = 2 + i % 3;
        if chars.len() > len + 1 {
            words.push(chars[1..1 + len].iter().collect());
        }
    }
    assert!(words.len() > 30);
    let everyone: Vec<(String, &str)> = care
        .iter()
        .chain(&nursing_names)
        .map(|f| (normalize(&f.name), f.id.as_str()))
        .collect();
    for w in &words {
        let by_name: Vec<&str> = everyone
            .iter()
            .filter(|(name, _)| name.contains(w.as_str()))
            .map(|(_, id)| *id)
            .collect();
        let nationwide = serde_json::json!({"text": w, "sort": "id", "per_page": 200});
        let r = same_under_every_planner(&engine, &nationwide);
        assert!(
            r.total >= by_name.len() as u64,
            "{w}: {} < {}",
            r.total,
            by_name.len()
        );
        if r.total <= 2_000 {
            let mut found = std::collections::HashSet::new();
            for page in 1..=r.total.div_ceil(200) {
                let mut q = nationwide.clone();
                q["page"] = page.into();
                let p: SearchQuery = serde_json::from_value(q).unwrap();
                found.extend(engine.search(&p).unwrap().hits.into_iter().map(|h| h.id.0));
            }
            assert!(
                by_name.iter().all(|id| found.contains(*id)),
                "{w}: a name match is missing"
            );
        }
        let near = serde_json::json!({
            "text": w, "sort": "distance",
            "near": {"point": {"lat": 35.6812, "lng": 139.7671}, "radius_m": 10000}
        });
        same_under_every_planner(&engine, &near);
    }
}

#[tokio::test]
async fn a_csv_with_one_broken_row_imports_nothing_and_names_the_line() {
    let src = std::fs::read_to_string(real_data_dir().join("kaigo_430_kyotaku.csv")).unwrap();
    let mut lines: Vec<String> = src.split("\r\n").take(200).map(str::to_string).collect();
    // Line 120 of the file: break its latitude.
    let mut cols: Vec<String> = lines[119].split(',').map(str::to_string).collect();
    cols[9] = "北緯35度".into();
    lines[119] = cols.join(",");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kaigo_430_broken.csv");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(lines.join("\r\n").as_bytes())
        .unwrap();
    let err = mhlw::parse_mhlw_file(&path).unwrap_err().to_string();
    assert!(err.contains("kaigo_430_broken.csv:120:"), "{err}");
    assert!(err.contains("緯度"), "{err}");
}

#[tokio::test]
async fn a_national_file_imported_again_changes_nothing_and_logs_what_did_change() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&settings(&dir).await).await.unwrap();
    let path = real_data_dir().join("kaigo_130_houmonkango.csv");
    let batch = || mhlw::parse_mhlw_batch(&path).unwrap();
    let first = engine.import(batch(), &|_| {}).await.unwrap();
    assert_eq!(first.new, 17_958);
    // The same file again: every listing is matched to itself and none is written.
    let again = engine.import(batch(), &|_| {}).await.unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 17_958));
    // One office was renamed: that listing alone is written, its history has the name it
    // had before, and the new name finds it.
    let mut changed = batch();
    let f = &mut changed.records[100];
    let (id, before) = (f.id.clone(), f.name.clone());
    f.name = format!("{before}（新）");
    let third = engine.import(changed, &|_| {}).await.unwrap();
    assert_eq!((third.new, third.updated, third.unchanged), (0, 1, 17_957));
    assert_eq!(
        engine.get(id.as_str()).await.unwrap().name,
        format!("{before}（新）")
    );
    let history = crate::helpers::editorial(&engine)
        .history(id.as_str())
        .await
        .unwrap();
    let name = history
        .iter()
        .find(|c| c.change.field == "name")
        .expect("the rename is logged");
    assert_eq!(name.change.old, Some(serde_json::json!(before)));
    assert_eq!(
        name.change.new,
        Some(serde_json::json!(format!("{before}（新）")))
    );
}

#[tokio::test]
async fn two_records_of_one_stored_listing_in_a_batch_both_reach_it() {
    use model::sources::{SourceRecord, mhlw_care};
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&settings(&dir).await).await.unwrap();
    let source = mhlw_care();
    let record = |key: &str| {
        let mut f = model::Facility::new(
            model::FacilityId::new("mhlw-x-1").unwrap(),
            "さくら訪問看護",
            "visiting_nursing",
        );
        f.provenance.source = source.id.clone();
        f.provenance.records = vec![SourceRecord {
            source: source.id.clone(),
            key: key.into(),
        }];
        f
    };
    let batch = |records| indexer::ingest::Batch {
        source: source.clone(),
        records,
        complete: None,
        files: vec![],
    };
    engine
        .import(batch(vec![record("k1")]), &|_| {})
        .await
        .unwrap();
    // The listing's own record brings a phone number; a second record of the same listing
    // (another key, the same id) brings a FAX number: the listing ends with both, each merge
    // made on what the one before it left.
    let mut a = record("k1");
    a.phone = Some("072-000-0001".into());
    let mut b = record("k2");
    b.fax = Some("072-000-0002".into());
    let report = engine.import(batch(vec![a, b]), &|_| {}).await.unwrap();
    assert_eq!((report.new, report.updated), (0, 1));
    let f = engine.get("mhlw-x-1").await.unwrap();
    assert_eq!(f.phone.as_deref(), Some("072-000-0001"));
    assert_eq!(f.fax.as_deref(), Some("072-000-0002"));
    let keys: Vec<&str> = f
        .provenance
        .records
        .iter()
        .map(|r| r.key.as_str())
        .collect();
    assert_eq!(keys, ["k1", "k2"]);
}
