//! The planning page (`/planning`) on the sample municipality: the server's HTML alone draws
//! one shape per 圏域 and one table row per coverage row, the gaps first and marked; a bad
//! parameter is explained on the page; in Chromium the page passes axe without a console
//! problem, a column heading sorts the table and the A4 print fits one or two pages. The
//! population figures are checked on 枚方市's real data (`real.rs`).

use crate::browser::{Browser, PC};
use crate::{offline_server, run};

#[test]
fn the_planning_page_draws_every_area_and_lists_the_gaps_first() {
    let server = offline_server();
    // A rare kind, so that some 圏域 have none.
    let query = "service=nursing_small_multifunction&indicator=listings";
    let api = server
        .get("/api/v1/coverage?service=nursing_small_multifunction")
        .json();
    let rows = api["rows"].as_array().unwrap();
    let gaps: Vec<&str> = rows
        .iter()
        .filter(|r| r["listings"] == 0)
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(
        !gaps.is_empty() && gaps.len() < rows.len(),
        "the sample has areas with and without one: {gaps:?}"
    );

    let page = server.get(&format!("/planning?{query}"));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert_eq!(html.matches("<path d=\"M").count(), rows.len());
    assert_eq!(html.matches(" class=\"gap\">").count(), gaps.len());
    let listed = html
        .split("class=\"gap-list\"")
        .nth(1)
        .and_then(|l| l.split("</ul>").next())
        .unwrap();
    assert_eq!(listed.matches("<li>").count(), gaps.len());
    for g in &gaps {
        assert!(listed.contains(&format!("<li>{g}")), "{g} listed as a gap");
    }
    // The table's rows in the API's order: the gaps first.
    let body = html.split("<tbody>").nth(1).unwrap();
    let mut at = 0;
    for r in rows {
        let id = r["area_id"].as_str().unwrap();
        let here = body[at..]
            .find(&format!("data-area=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} in order"));
        at += here + 1;
    }
    assert!(html.contains("該当なし（0件）") && html.contains("事業所などの数"));

    let bad = server.get("/planning?indicator=beds");
    assert_eq!(bad.status, 200);
    assert!(bad.text().contains("色分けの指標「beds」は選べません"));
    let bad = server.get("/planning?within_m=0");
    assert!(bad.text().contains("検索条件を読み取れませんでした"));
    // A scene is counted like any filter, and the form keeps it.
    let emergency = server.get("/api/v1/coverage?scene=emergency").json();
    let html = server
        .get("/planning?scene=emergency&indicator=listings")
        .text();
    for r in emergency["rows"].as_array().unwrap() {
        let id = r["area_id"].as_str().unwrap();
        let row = html
            .split(&format!("data-area=\"{id}\""))
            .nth(2)
            .unwrap_or_else(|| panic!("{id}'s row"));
        let cell = row.split("<td class=\"num\">").nth(1).unwrap();
        assert!(
            cell.starts_with(&r["listings"].to_string()),
            "{id}: {cell:.30}"
        );
    }
    assert!(html.contains("場面：急変時の対応") && html.contains("value=\"emergency\" selected"));

    run(async {
        let b = Browser::start(PC).await;
        b.goto(&format!("{}/planning?{query}", server.base)).await;
        b.until(
            "the choropleth",
            "return document.querySelectorAll('.choropleth-map path').length > 0",
        )
        .await;
        b.js("document.querySelector('.choropleth').scrollIntoView(); return true")
            .await;
        b.screenshot("planning-sample").await;
        let console = b.console_problems().await;
        assert!(console.is_empty(), "console: {console:#?}");
        let problems = b.accessibility_problems().await;
        assert!(
            problems.is_empty(),
            "axe on the planning page: {problems:#?}"
        );

        // Most listings first after two clicks on 件数.
        for order in ["asc", "desc"] {
            b.click(".coverage-table thead th:nth-child(2) a").await;
            b.until(
                "the table sorted by the count",
                &format!("return location.search.includes('order={order}')"),
            )
            .await;
        }
        let counts = b
            .js("return [...document.querySelectorAll('.coverage-table tbody tr td:nth-of-type(1)')].map(c => Number(c.textContent))")
            .await;
        let counts: Vec<u64> = counts
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
        assert_eq!(counts.last(), Some(&0));

        let pdf = b.pdf("planning-sample-a4").await;
        let pages = crate::count(&pdf, b"/Type /Page") - crate::count(&pdf, b"/Type /Pages");
        assert!((1..=2).contains(&pages), "{pages} A4 pages");
        b.close().await;
    });
}
