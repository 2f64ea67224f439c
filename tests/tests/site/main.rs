//! The site in a real browser (Debian's headless Chromium through chromedriver) against the real
//! server with the sample municipality: filters change the list, the markers and the URL; a
//! marker leads to its facility page; the print view; a phone-sized screen; no request leaves
//! 127.0.0.1 when tiles are off; axe-core finds no serious or critical problem. Screenshots are
//! written to `target/screenshots/`.
//!
//! Needs the site's browser files (`scripts/build-site.sh`, run by the README's test command).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail loudly on unexpected errors"
)]

mod admin;
mod browser;
mod embed;
mod english;
mod planning;
mod real;
mod scenes;
mod weight;

use browser::{Browser, ENTER, PC, PHONE, SPACE};
use serde_json::Value;
use tests::TestServer;

/// The sample's 中央圏域 and a service type it has a handful of.
const AREA: &str = "sample-area-6";
const SERVICE: &str = "care_management";

fn run<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// A server whose map uses no tiles (nothing may be fetched from outside 127.0.0.1).
fn offline_server() -> TestServer {
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../")
        .join(server::DEFAULT_SITE_DIR)
        .join("pkg/hash.txt");
    assert!(
        site.exists(),
        "{} is missing: run scripts/build-site.sh (the README's test command does)",
        site.display()
    );
    // The browser runs on its own clock, so the server does too.
    TestServer::live_with(|s| s.tile_url = String::new())
}

/// How often `needle` occurs in `hay`.
fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

fn total(v: &Value) -> u64 {
    v["total"].as_u64().unwrap()
}

async fn count_shown(b: &Browser) -> u64 {
    b.js("const c = document.querySelector('.results-pane .count'); return c ? Number(c.textContent) : -1")
        .await
        .as_u64()
        .unwrap_or(u64::MAX)
}

async fn wait_count(b: &Browser, want: u64) {
    b.until(
        &format!("{want} results"),
        &format!(
            "const c = document.querySelector('.results-pane .count'); return c && Number(c.textContent) === {want};"
        ),
    )
    .await;
}

/// Waits until the map holds exactly `want` markers (the last update's count, and the markers
/// actually in the map's cluster layer: no leftovers of an earlier result).
async fn wait_markers(b: &Browser, want: u64) {
    b.until(
        &format!("{want} markers"),
        &format!(
            "const m = document.querySelector('.map[data-markers]');
                  return m && Number(m.getAttribute('data-markers')) === {want}
                    && m._caremap.cluster.getLayers().length === {want};"
        ),
    )
    .await;
}

fn assert_local(server: &TestServer, urls: &[String]) {
    assert!(!urls.is_empty());
    for u in urls {
        assert!(
            u.starts_with(&server.base),
            "a request left {}: {u}",
            server.base
        );
    }
}

#[test]
fn filters_change_list_markers_and_url_and_a_marker_leads_to_its_page() {
    let server = offline_server();
    let all = total(&server.search(&[]));
    let in_area = total(&server.search(&[("area", AREA)]));
    let in_area_service = server.search(&[("area", AREA), ("service", SERVICE)]);
    let both = total(&in_area_service);
    assert!(
        all > in_area && in_area > both && both > 0,
        "{all} {in_area} {both}"
    );
    run(async {
        let b = Browser::start(PC).await;
        b.goto(&format!("{}/", server.base)).await;
        assert_eq!(b.map_ready().await, all, "one marker per listing");
        assert_eq!(count_shown(&b).await, all);
        b.until(
            "area outlines",
            "return document.querySelectorAll('.map path.leaflet-interactive').length >= 8",
        )
        .await;
        b.until(
            "the sample notice",
            "return document.querySelector('.notice-sample') !== null",
        )
        .await;
        b.screenshot("search-pc").await;
        let mut seen = b.requested_urls().await;

        // The next page of results comes in place (the page is not loaded again), and Back
        // returns to the first.
        b.js("window.__samePage = true").await;
        b.click(".pager a[rel=next]").await;
        b.until(
            "the second page",
            "return location.search.includes('page=2') && document.querySelector('.pager span').textContent.startsWith('2 /')",
        )
        .await;
        assert_eq!(
            b.js("return window.__samePage === true").await,
            Value::Bool(true)
        );
        b.client.back().await.unwrap();
        b.until(
            "the first page again",
            "return !location.search.includes('page=2') && document.querySelector('.pager span').textContent.startsWith('1 /')",
        )
        .await;
        assert_eq!(
            b.js("return window.__samePage === true").await,
            Value::Bool(true)
        );

        // Area, then a service type: list, markers and URL follow.
        b.click(&format!("#f-area-{AREA}")).await;
        b.until(
            "area in the URL",
            &format!("return location.search.includes('area={AREA}')"),
        )
        .await;
        wait_count(&b, in_area).await;
        wait_markers(&b, in_area).await;
        b.js("document.querySelector('.category.cat-care details').open = true")
            .await;
        b.click(&format!("#f-svc-{SERVICE}")).await;
        b.until(
            "service in the URL",
            &format!("return location.search.includes('service={SERVICE}')"),
        )
        .await;
        wait_count(&b, both).await;
        wait_markers(&b, both).await;
        let shown = b
            .js("return [...document.querySelectorAll('.hits .hit')].map(h => h.dataset.id)")
            .await;
        let want: Vec<Value> = in_area_service["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].clone())
            .collect();
        assert_eq!(
            shown.as_array().unwrap(),
            &want,
            "the list shows the API's hits in order"
        );
        // The filters show their counts, and the shared URL reproduces the page.
        let url = b.url().await;
        assert!(
            url.contains(&format!("area={AREA}")) && url.contains(&format!("service={SERVICE}")),
            "{url}"
        );
        // Back undoes the last filter.
        b.client.back().await.unwrap();
        wait_count(&b, in_area).await;
        b.client.forward().await.unwrap();
        wait_count(&b, both).await;
        wait_markers(&b, both).await;
        seen.extend(b.requested_urls().await);

        // A marker (zoom into clusters until single markers show) leads to its facility page.
        b.until(
            "a single marker",
            "const pin = document.querySelector('.leaflet-marker-icon.cm-pin');
             if (pin) return true;
             const c = document.querySelector('.marker-cluster'); if (c) c.click(); return false;",
        )
        .await;
        // Leaflet animates clusters open: click the marker once it is on screen. Leaflet also
        // draws markers just outside the map's edge: when only those are there, open a cluster
        // still on screen, or zoom out a step, until one is inside.
        b.until(
            "the marker clicked",
            "const map = document.querySelector('.map').getBoundingClientRect();
             const inside = el => {
               const r = el.getBoundingClientRect();
               const x = r.left + r.width / 2, y = r.top + r.height / 2;
               return r.width > 0 && x > map.left && x < map.right && y > map.top && y < map.bottom ? [x, y] : null;
             };
             for (const pin of document.querySelectorAll('.leaflet-marker-icon.cm-pin')) {
               const at = inside(pin);
               if (at) {
                 window.__clickedMarker = pin.getAttribute('title');
                 pin.firstElementChild.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: at[0], clientY: at[1] }));
                 return true;
               }
             }
             const now = Date.now();
             if (!window.__lastMapStep || now - window.__lastMapStep > 1000) {
               window.__lastMapStep = now;
               const cluster = [...document.querySelectorAll('.marker-cluster')].find(c => inside(c));
               if (cluster) cluster.click(); else document.querySelector('.leaflet-control-zoom-out').click();
             }
             return false;",
        )
        .await;
        let name = b.js("return window.__clickedMarker").await;
        let name = name.as_str().unwrap().to_string();
        // The popup may still be panning into view (slowly on a busy machine): wait until its
        // link stays put and is the topmost element where it will be clicked.
        b.until(
            "the popup, settled",
            "const a = document.querySelector('.cm-popup-link');
             if (!a) return false;
             const r = a.getBoundingClientRect();
             const at = r.x + ',' + r.y;
             const was = window.__popupAt;
             window.__popupAt = at;
             const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
             return was === at && top !== null && (top === a || a.contains(top));",
        )
        .await;
        b.click(".cm-popup-link").await;
        b.until("the facility page", "return location.pathname.startsWith('/facilities/') && document.querySelector('h1') && document.querySelector('.facility')").await;
        let h1 = b
            .js("return document.querySelector('h1').textContent")
            .await;
        assert_eq!(h1.as_str(), Some(name.as_str()));
        b.until("the facility's map", "const m = document.querySelector('.map[data-markers]'); return m && m.getAttribute('data-markers') === '1'").await;
        b.until("today's row", "return document.querySelector('.hours tr.today') !== null || document.querySelector('.hours') === null").await;
        b.screenshot("facility").await;
        let problems = b.accessibility_problems().await;
        assert!(problems.is_empty(), "facility page: {problems:#?}");
        seen.extend(b.requested_urls().await);

        // The print view of the same search.
        b.goto(&format!(
            "{}/print?area={AREA}&service={SERVICE}",
            server.base
        ))
        .await;
        b.until(
            "the print table",
            "return document.querySelectorAll('.print-table tbody tr').length > 0",
        )
        .await;
        let rows = b
            .js("return document.querySelectorAll('.print-table tbody tr').length")
            .await;
        assert_eq!(rows.as_u64(), Some(both));
        wait_markers(&b, both).await;
        // The print button opens the browser's print dialogue (replaced here to see it called).
        b.js("window.print = () => { window.__printed = true; }")
            .await;
        b.click(".print-tools button").await;
        b.until("the print dialogue", "return window.__printed === true")
            .await;
        b.screenshot("print").await;
        let problems = b.accessibility_problems().await;
        assert!(problems.is_empty(), "print view: {problems:#?}");
        seen.extend(b.requested_urls().await);

        // Back on the search page: the accessibility scan.
        b.goto(&format!("{}/?area={AREA}", server.base)).await;
        b.map_ready().await;
        let problems = b.accessibility_problems().await;
        assert!(problems.is_empty(), "search page: {problems:#?}");
        seen.extend(b.requested_urls().await);
        assert_local(&server, &seen);
        let console = b.console_problems().await;
        assert!(
            console.is_empty(),
            "console errors or warnings: {console:#?}"
        );
        b.close().await;
    });
}

#[test]
fn a_phone_shows_the_list_or_the_map() {
    let server = offline_server();
    let all = total(&server.search(&[]));
    run(async {
        let b = Browser::start(PHONE).await;
        b.goto(&format!("{}/", server.base)).await;
        b.until(
            "hydration",
            "return document.querySelector('.results-pane .count') !== null",
        )
        .await;
        let visible = |css: &str| {
            format!(
                "const e = document.querySelector('{css}'); return !!e && e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none';"
            )
        };
        assert_eq!(b.js(&visible(".view-toggle")).await, Value::Bool(true));
        // Exactly the shown view is marked current (a screen reader hears one).
        let current = "return [...document.querySelectorAll('.view-toggle a')].map(a => [a.textContent, a.getAttribute('aria-current')])";
        assert_eq!(
            b.js(current).await,
            serde_json::json!([["一覧", "true"], ["地図", null]])
        );
        assert_eq!(b.js(&visible(".results-pane")).await, Value::Bool(true));
        assert_eq!(b.js(&visible(".map-pane")).await, Value::Bool(false));
        let wide = b
            .js("return document.documentElement.scrollWidth <= window.innerWidth")
            .await;
        assert_eq!(wide, Value::Bool(true), "no sideways scrolling on a phone");
        // The filters fold behind one button, so the first screen shows results.
        assert_eq!(b.js(&visible(".filters")).await, Value::Bool(false));
        assert_eq!(b.js(&visible(".filters-toggle")).await, Value::Bool(true));
        // Measured once the page has settled (the same position twice in a row): a late
        // layout step can still move the list by a line.
        let first_hit_top = b
            .until(
                "the list settles",
                "const t = document.querySelector('.hits .hit').getBoundingClientRect().top; \
                 const settled = window.__firstHitTop === t; window.__firstHitTop = t; \
                 return settled ? t : null",
            )
            .await;
        let above = b
            .js("const out = []; let e = document.querySelector('.hits'); \
                 while (e && e !== document.body) { \
                   for (let p = e.previousElementSibling; p; p = p.previousElementSibling) { \
                     const r = p.getBoundingClientRect(); \
                     out.push(`${p.className || p.tagName} ${Math.round(r.top)}+${Math.round(r.height)}`); } \
                   e = e.parentElement; } \
                 return out.join(' | ')")
            .await;
        assert!(
            first_hit_top.as_f64().unwrap() < 844.0 * 0.6,
            "the first result starts on the first screen ({first_hit_top}; above it: {above})"
        );
        b.screenshot("search-phone-list").await;
        b.click(".filters-toggle").await;
        b.until("the filters", &visible(".filters")).await;
        assert_eq!(
            b.js("return document.querySelector('.filters-toggle').getAttribute('aria-expanded')")
                .await,
            Value::String("true".into())
        );
        b.click(&format!("label[for='f-area-{AREA}']")).await;
        let in_area = total(&server.search(&[("area", AREA)]));
        wait_count(&b, in_area).await;
        // The chosen condition shows as a chip above the list; the chip drops it again.
        b.click(".filters-toggle").await;
        b.until(
            "the filters folded",
            "return getComputedStyle(document.querySelector('.filters')).display === 'none'",
        )
        .await;
        b.screenshot("search-phone-filtered").await;
        let chip = b
            .js("return [...document.querySelectorAll('.active-conditions .chip')].map(c => c.textContent)")
            .await;
        assert_eq!(chip.as_array().map(Vec::len), Some(1), "{chip}");
        assert!(chip[0].as_str().unwrap().contains("圏域"), "{chip}");
        b.click(".active-conditions .chip").await;
        wait_count(&b, all).await;
        assert!(!b.url().await.contains("area="));
        b.click(".view-toggle a:nth-child(2)").await;
        b.until(
            "the map view",
            "return location.search.includes('view=map')",
        )
        .await;
        b.until("map shown", &visible(".map-pane")).await;
        assert_eq!(
            b.js(current).await,
            serde_json::json!([["一覧", null], ["地図", "true"]])
        );
        assert_eq!(b.js(&visible(".results-pane")).await, Value::Bool(false));
        assert_eq!(b.map_ready().await, all);
        b.screenshot("search-phone-map").await;
        let problems = b.accessibility_problems().await;
        assert!(problems.is_empty(), "phone map view: {problems:#?}");
        let console = b.console_problems().await;
        assert!(
            console.is_empty(),
            "console errors or warnings: {console:#?}"
        );
        b.close().await;
    });
}

#[test]
fn the_search_works_with_the_keyboard_alone() {
    let server = offline_server();
    let text = total(&server.search(&[("q", "訪問看護")]));
    let text_area = total(&server.search(&[("q", "訪問看護"), ("area", AREA)]));
    assert!(text > text_area && text_area > 0, "{text} {text_area}");
    run(async {
        let b = Browser::start(PC).await;
        b.goto(&format!("{}/", server.base)).await;
        b.map_ready().await;
        // The first stop is the skip link; it jumps over the header.
        b.tab_to(".skip-link", 1).await;
        b.press(ENTER).await;
        b.until("past the header", "return location.hash === '#main'")
            .await;
        // Keyword, then Enter.
        b.tab_to("#f-q", 5).await;
        b.press("訪問看護").await;
        b.press(ENTER).await;
        wait_count(&b, text).await;
        assert!(b.url().await.contains("q="));
        // An area with the space bar; the checkbox keeps the focus after the list changes.
        let presses = b.tab_to(&format!("#f-area-{AREA}"), 40).await;
        assert!(presses > 0);
        b.press(SPACE).await;
        wait_count(&b, text_area).await;
        b.until(
            "the focus back on the checkbox",
            &format!(
                "return document.activeElement && document.activeElement.id === 'f-area-{AREA}'"
            ),
        )
        .await;
        let outline = b
            .js("return getComputedStyle(document.activeElement).outlineStyle")
            .await;
        assert_ne!(outline.as_str(), Some("none"), "the focus is visible");
        // On to the first result and into its page.
        b.tab_to(".hits .hit h3 a", 120).await;
        b.press(ENTER).await;
        b.until(
            "a facility page",
            "return location.pathname.startsWith('/facilities/') && document.querySelector('.facility') !== null",
        )
        .await;
        let console = b.console_problems().await;
        assert!(
            console.is_empty(),
            "console errors or warnings: {console:#?}"
        );
        b.close().await;
    });
}

#[test]
fn pages_work_without_scripts() {
    let server = offline_server();
    // The server's HTML alone: list, filters with counts, and a GET form.
    let page = server.get(&format!("/?area={AREA}&service={SERVICE}"));
    assert_eq!(page.status, 200);
    let html = page.text();
    let both = total(&server.search(&[("area", AREA), ("service", SERVICE)]));
    assert!(
        html.contains(&format!("<span class=\"count\">{both}<")),
        "count in the HTML"
    );
    assert_eq!(
        html.matches("\" class=\"hit cat-").count() as u64,
        both.min(20)
    );
    let form = html
        .split("<form ")
        .nth(1)
        .and_then(|f| f.split('>').next())
        .unwrap();
    assert!(
        form.contains("action=\"/\"")
            && form.contains("method=\"get\"")
            && form.contains("class=\"filters\""),
        "a plain GET form: <form {form}>"
    );
    assert!(html.contains("サンプルデータ（架空）"));
    // Facility, area and print pages; unknown pages and listings answer 404.
    let id = server.search(&[("area", AREA)])["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let f = server.get(&format!("/facilities/{id}"));
    assert_eq!(f.status, 200);
    assert!(f.text().contains("<h1>"));
    assert_eq!(server.get(&format!("/areas/{AREA}")).status, 200);
    assert!(
        server
            .get("/print?area=sample-area-1")
            .text()
            .contains("print-table")
    );
    assert_eq!(server.get("/facilities/no-such-listing").status, 404);
    assert_eq!(server.get("/no-such-page").status, 404);
    assert_eq!(server.get("/care-managers/acceptance").status, 200);
    assert_eq!(
        server
            .get("/care-managers/contact-times?day=mon&time=14:00")
            .status,
        200
    );
    // A bad parameter is explained on the page, not a server error.
    let bad = server.get("/?radius_m=-5&lat=36&lng=140");
    assert_eq!(bad.status, 200);
    assert!(bad.text().contains("検索条件を読み取れませんでした"));
}
