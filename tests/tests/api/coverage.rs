//! `/api/v1/coverage` on the sample municipality: each area's count is the search's for that
//! area, the CSV carries the same rows, and bad parameters are clear 400s. (Population figures
//! and the near share are checked on 枚方市's real data in the core suite.)

use tests::TestServer;

#[test]
fn coverage_counts_are_the_searchs_per_area() {
    let s = TestServer::start();
    let r = s.get("/api/v1/coverage?service=visiting_nursing&within_m=3000");
    assert_eq!(r.status, 200, "{}", r.text());
    let c = r.json();
    assert_eq!(c["level"], "area");
    assert_eq!(c["within_m"], 3000);
    let rows = c["rows"].as_array().unwrap();
    let areas = s.get("/api/v1/areas").json();
    let daily: Vec<&str> = areas["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["properties"])
        .filter(|a| a["kind"] != "municipality")
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(!daily.is_empty());
    assert_eq!(rows.len(), daily.len(), "one row per area");
    let mut seen_some = false;
    for row in rows {
        let id = row["area_id"].as_str().unwrap();
        let search = s.get(&format!(
            "/api/v1/search?service=visiting_nursing&area={id}&per_page=1"
        ));
        let want = search.json()["total"].as_u64().unwrap();
        assert_eq!(row["listings"].as_u64(), Some(want), "{id}");
        if want > 0 {
            seen_some = true;
            assert_eq!(row["services"]["visiting_nursing"].as_u64(), Some(want));
        } else {
            assert!(!seen_some, "areas without any come first");
        }
        // The sample has no population: no ratios, and nobody to measure the near share of.
        assert!(row.get("population").is_none() && row.get("per_10k_75").is_none());
        assert_eq!(row["near"]["aged_75"], 0);
        assert!(row["near"].get("share").is_none_or(|v| v.is_null()));
    }
    assert!(seen_some);

    // The same rows as CSV, in the same order.
    let csv = s.get("/api/v1/coverage?service=visiting_nursing&format=csv");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let text = csv.text();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].starts_with("area_id,name,kind,municipality_code,listings,"));
    assert_eq!(lines.len(), rows.len() + 1);
    for (line, row) in lines[1..].iter().zip(rows) {
        assert!(line.starts_with(&format!("{},", row["area_id"].as_str().unwrap())));
    }

    // Per municipality: the sample city's one row (a fictional code, in no prefecture).
    let m = s
        .get("/api/v1/coverage?level=municipality&category=medical")
        .json();
    let m_rows = m["rows"].as_array().unwrap();
    assert_eq!(m_rows.len(), 1, "{m}");
    for row in m_rows {
        let code = row["municipality_code"].as_str().unwrap();
        let want = s
            .get(&format!(
                "/api/v1/search?category=medical&municipality={code}&per_page=1"
            ))
            .json()["total"]
            .as_u64();
        assert_eq!(row["listings"].as_u64(), want, "{code}");
    }
    let in_tokyo = s
        .get("/api/v1/coverage?level=municipality&category=medical&prefecture=13")
        .json();
    assert_eq!(in_tokyo["rows"], serde_json::json!([]), "{in_tokyo}");
}

#[test]
fn coverage_refuses_what_a_row_cannot_mean() {
    let s = TestServer::start();
    for (query, code) in [
        ("lat=34.8&lng=135.6", "invalid_parameter"),
        ("area=sample-area-1", "invalid_parameter"),
        ("within_m=0", "invalid_parameter"),
        ("within_m=60000", "invalid_parameter"),
        ("level=prefecture", "invalid_parameter"),
        ("prefecture=48", "invalid_parameter"),
        ("prefecture=1", "invalid_parameter"),
        ("prefecture=13&prefecture=27", "invalid_parameter"),
        ("format=geojson", "invalid_parameter"),
        ("service=no_such_service", "unknown_service"),
        ("nonsense=1", "unknown_parameter"),
    ] {
        let r = s.get(&format!("/api/v1/coverage?{query}"));
        assert_eq!(r.status, 400, "{query}: {}", r.text());
        assert_eq!(r.json()["code"], code, "{query}");
    }
}
