//! The 厚生局 届出受理医療機関名簿 on the real lists of seven prefectures, and the lists'
//! life cycle (a newer list updates claims and closes what it lacks; a broken row is named).

use crate::helpers::{editorial, real_data_dir, settings};
use crate::xlsx;
use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;
use indexer::engine::Engine;
use indexer::import::kosei::{parse_kosei_batch, parse_kosei_file, parse_kosei_rows};
use indexer::import::sheet::Row;
use model::SearchQuery;
use model::facility::LifecycleStatus;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn lists() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(real_data_dir().join("kosei"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 7, "the seven prefectures' lists");
    v
}

/// The distinct 医療機関番号 of a list, read straight from the spreadsheet (not through the
/// importer).
fn distinct_numbers(path: &Path) -> BTreeSet<String> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let mut rows = range.rows();
    let col = rows
        .by_ref()
        .find_map(|r| {
            r.iter()
                .position(|c| matches!(c, Data::String(s) if s == "医療機関番号"))
        })
        .expect("header row");
    rows.filter_map(|r| match r.get(col) {
        Some(Data::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    })
    .collect()
}

fn total(engine: &Engine, q: serde_json::Value) -> u64 {
    let q: SearchQuery = serde_json::from_value(q).unwrap();
    engine.search(&q).unwrap().total
}

#[tokio::test]
async fn every_list_imports_one_listing_per_institution_and_kochi_counts_through_a_search() {
    let mut expected = BTreeMap::new();
    for path in lists() {
        let (as_of, listings, _) = parse_kosei_file(&path).unwrap();
        assert_eq!(
            as_of,
            chrono::NaiveDate::from_ymd_opt(2025, 10, 1),
            "{path:?}"
        );
        let numbers = distinct_numbers(&path);
        assert_eq!(listings.len(), numbers.len(), "{path:?}");
        expected.insert(path.clone(), numbers.len());
    }
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&settings(&dir).await).await.unwrap();
    let report = engine
        .import(parse_kosei_batch(&lists()).unwrap(), &|_| {})
        .await
        .unwrap();
    let all: usize = expected.values().sum();
    assert_eq!((report.records, report.new), (all, all));
    assert_eq!(engine.stats().await.unwrap().facilities, all as u64);
    // 高知: 469 institutions; 在宅療養支援診療所 47 and 在宅療養支援病院 27, found by the
    // capability filter (the listings' addresses name the prefecture).
    let kochi = lists()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("kochi"))
        .unwrap();
    assert_eq!(expected[&kochi], 469);
    let in_kochi = |cap: &str| {
        total(
            &engine,
            serde_json::json!({"text": "高知県", "capabilities": [cap], "per_page": 1}),
        )
    };
    assert_eq!(in_kochi("home_care_support_clinic"), 47);
    assert_eq!(in_kochi("home_care_support_hospital"), 27);
    // Every claim names its source document and edition.
    let f = engine.get("kosei-3910110265").await.unwrap();
    assert_eq!(f.name, "医療法人\u{3000}三和会\u{3000}国吉病院");
    assert_eq!(f.services, vec!["hospital"]);
    assert_eq!(f.address.postal_code.as_deref(), Some("780-0901"));
    assert_eq!(f.beds.as_ref().map(|b| b.total), Some(106));
    assert!(!f.capabilities.is_empty());
    for c in &f.capabilities {
        assert_eq!(c.source, model::facility::CapabilitySource::Official);
        assert_eq!(
            c.reference.as_deref(),
            Some("届出受理医療機関名簿 2025-10-01")
        );
        assert!(c.since.is_some(), "{c:?}");
    }
    // The same lists again change nothing.
    let again = engine
        .import(parse_kosei_batch(&lists()).unwrap(), &|_| {})
        .await
        .unwrap();
    assert_eq!(
        (again.new, again.updated, again.closed, again.unchanged),
        (0, 0, 0, all)
    );
}

/// The header row of the lists as the 厚生局 publish them, read from a real list (高知県's): the
/// tests' own lists are written in the published layout, whatever it is.
pub(crate) fn header() -> Vec<String> {
    static HEADER: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    HEADER
        .get_or_init(|| {
            let path = real_data_dir().join("kosei/shikoku_39_kochi_ika_202510.xlsx");
            let mut book = open_workbook_auto(&path).unwrap();
            let range = book.worksheet_range_at(0).unwrap().unwrap();
            range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
                .find(|r| r.iter().any(|c| c == "医療機関番号"))
                .expect("the header row of the published list")
        })
        .clone()
}

/// One institution's row in the published layout, its cells placed by column name.
fn institution(number: &str, name: &str, beds: &str, symbol: &str, since: &str) -> Vec<String> {
    let header = header();
    let mut r: Vec<String> = vec![String::new(); header.len()];
    let mut put = |column: &str, value: &str| {
        let at = header
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("the published layout has no column {column}"));
        r[at] = value.to_string();
    };
    put("項番", "1");
    put("都道府県コード", "39");
    put("都道府県名", "高知県");
    put("区分", "医科");
    put("医療機関番号", number);
    put("医療機関名称", name);
    put("医療機関所在地（郵便番号）", "780-0901");
    put("医療機関所在地（住所）", "高知市上町１丁目３－４");
    put("電話番号", "088-875-0231");
    put("病床数", beds);
    put("受理記号", symbol);
    put("算定開始年月日", since);
    r
}

fn list(date: &str, institutions: &[(&str, &str, &str)]) -> Vec<Vec<String>> {
    let mut rows = vec![
        vec![String::new()],
        vec![format!("[{date} 現在 ]作成")],
        vec![String::new()],
        header(),
    ];
    for (i, (number, name, symbol)) in institutions.iter().enumerate() {
        let since = if symbol.is_empty() {
            ""
        } else {
            "令和 6年 4月 1日"
        };
        let mut r = institution(number, name, "", symbol, since);
        r[0] = (i + 1).to_string();
        rows.push(r);
    }
    rows
}

/// Rows as the importer reads them, numbered from `first`.
fn numbered(first: usize, rows: Vec<Vec<String>>) -> Vec<Row> {
    rows.into_iter()
        .enumerate()
        .map(|(i, cells)| Row {
            number: first + i,
            cells,
        })
        .collect()
}

#[test]
fn institutions_beds_and_claims() {
    let hospital = |symbol: &str, since: &str| {
        institution(
            "0110265",
            "医療法人　三和会　国吉病院",
            "一般　　69／療養　　37",
            symbol,
            since,
        )
    };
    let mut rows = numbered(
        2,
        vec![vec![
            "[令和７年１０月１日 現在 ]令和７年１０月３日作成".to_string(),
        ]],
    );
    rows.extend(numbered(
        4,
        vec![
            header(),
            hospital("支援病３", "令和 6年10月 1日"),
            hospital("支援病３", "令和 6年10月 1日"),
            hospital("在診実１", "令和 7年 4月 1日"),
            institution(
                "0210001",
                "なかよしクリニック",
                "",
                "在医総管１",
                "平成30年 4月 1日",
            ),
            institution("0210002", "みどり医院", "", "", ""),
        ],
    ));
    let (as_of, fs, scopes) = parse_kosei_rows(Path::new("k.xlsx"), &rows).unwrap();
    assert_eq!(as_of, NaiveDate::from_ymd_opt(2025, 10, 1));
    assert_eq!(fs.len(), 3);
    assert_eq!(
        scopes.into_iter().collect::<Vec<_>>(),
        vec!["391".to_string()]
    );
    let h = &fs[0];
    assert_eq!(h.id.as_str(), "kosei-3910110265");
    assert_eq!(h.services, vec!["hospital"]);
    assert_eq!(h.beds.as_ref().unwrap().total, 106);
    let codes: Vec<&str> = h.capability_codes().collect();
    assert_eq!(
        codes,
        vec![
            "house_call",
            "end_of_life_care",
            "home_care_support_hospital"
        ]
    );
    let support = &h.capabilities[2];
    assert_eq!(
        support.reference.as_deref(),
        Some("届出受理医療機関名簿 2025-10-01")
    );
    assert_eq!(
        support.detail.as_deref(),
        Some("機能強化型以外（支援病３）")
    );
    assert_eq!(support.since, NaiveDate::from_ymd_opt(2024, 10, 1));
    assert_eq!(fs[1].services, vec!["clinic"]);
    assert_eq!(
        fs[1].capability_codes().collect::<Vec<_>>(),
        vec!["home_visit_medical"]
    );
    assert!(fs[2].capabilities.is_empty());
    assert_eq!(fs[2].address.postal_code.as_deref(), Some("780-0901"));
}

#[test]
fn a_broken_row_is_named() {
    let rows = numbered(
        4,
        vec![
            header(),
            institution("0110265", "国吉病院", "", "", ""),
            institution("11O265", "国吉病院", "", "", ""),
        ],
    );
    let err = parse_kosei_rows(Path::new("k.xlsx"), &rows)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "k.xlsx:row 6: 医療機関番号 \"11O265\" is not 7 digits");
    let rows = numbered(
        4,
        vec![
            header(),
            institution("0110265", "国吉病院", "", "", "令和 7年13月 1日"),
        ],
    );
    let err = parse_kosei_rows(Path::new("k.xlsx"), &rows)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("k.xlsx:row 5: 算定開始年月日"), "{err}");
    let one = numbered(1, vec![vec!["x".to_string()]]);
    let err = parse_kosei_rows(Path::new("k.xlsx"), &one)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("k.xlsx:1: not a 届出受理医療機関名簿"),
        "{err}"
    );
}

#[tokio::test]
async fn a_newer_list_updates_claims_and_closes_what_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&settings(&dir).await).await.unwrap();
    let file = dir.path().join("kochi.xlsx");
    let import = |rows: Vec<Vec<String>>| {
        xlsx::write(&file, &rows);
        let batch = parse_kosei_batch(std::slice::from_ref(&file)).unwrap();
        async { engine.import(batch, &|_| {}).await.unwrap() }
    };
    let first = import(list(
        "令和７年９月１日",
        &[
            ("0210001", "なかよしクリニック", "支援診３"),
            ("0210002", "みどり医院", "在医総管１"),
        ],
    ))
    .await;
    assert_eq!(first.new, 2);
    let claim = |f: &model::Facility| {
        f.capabilities
            .iter()
            .find(|c| c.code == "home_care_support_clinic")
            .and_then(|c| c.detail.clone())
    };
    let a = engine.get("kosei-3910210001").await.unwrap();
    assert_eq!(claim(&a).as_deref(), Some("機能強化型以外（支援診３）"));
    // October: the clinic became 機能強化型; みどり医院 is gone from the list.
    let second = import(list(
        "令和７年１０月１日",
        &[("0210001", "なかよしクリニック", "支援診１")],
    ))
    .await;
    assert_eq!((second.updated, second.closed), (1, 1));
    let a = engine.get("kosei-3910210001").await.unwrap();
    assert_eq!(
        claim(&a).as_deref(),
        Some("機能強化型（単独型）（支援診１）")
    );
    assert_eq!(
        a.capabilities[0].reference.as_deref(),
        Some("届出受理医療機関名簿 2025-10-01")
    );
    let b = engine.get("kosei-3910210002").await.unwrap();
    assert_eq!(b.status, LifecycleStatus::Closed, "marked, not deleted");
    let queue = editorial(&engine)
        .reviews_of("kosei-3910210002")
        .await
        .unwrap();
    assert_eq!(queue[0].detail.kind(), "disappeared");
    // The source's credit names the edition.
    let sources = engine.data_sources().await.unwrap();
    let kosei = sources.iter().find(|s| s.id == "kosei-todokede").unwrap();
    assert!(
        kosei.credit.contains("令和7年10月1日現在"),
        "{}",
        kosei.credit
    );
    // Back in November's list: open again.
    import(list(
        "令和７年１１月１日",
        &[
            ("0210001", "なかよしクリニック", "支援診１"),
            ("0210002", "みどり医院", ""),
        ],
    ))
    .await;
    let b = engine.get("kosei-3910210002").await.unwrap();
    assert_eq!(b.status, LifecycleStatus::Active);
    assert!(
        b.capabilities.is_empty(),
        "its claims went with the old list"
    );
}

#[test]
fn a_broken_row_of_a_spreadsheet_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.xlsx");
    let mut rows = list(
        "令和７年１０月１日",
        &[
            ("0210001", "なかよしクリニック", "支援診３"),
            ("02100O2", "みどり医院", ""),
        ],
    );
    xlsx::write(&file, &rows);
    let err = parse_kosei_file(&file).unwrap_err().to_string();
    assert!(
        err.ends_with("broken.xlsx:row 6: 医療機関番号 \"02100O2\" is not 7 digits"),
        "{err}"
    );
    rows[4][16] = "令和 7年13月 1日".into();
    rows[5][4] = "0210002".into();
    xlsx::write(&file, &rows);
    let err = parse_kosei_file(&file).unwrap_err().to_string();
    assert!(err.contains("broken.xlsx:row 5: 算定開始年月日"), "{err}");
    std::fs::write(&file, b"not a spreadsheet").unwrap();
    let err = parse_kosei_file(&file).unwrap_err().to_string();
    assert!(err.contains("broken.xlsx:1: not a spreadsheet"), "{err}");
}
