//! The site on real data, as residents and an administrator use it: a resident of 高知市 types
//! an address and finds the clinics doing 訪問診療 nearest to it, with their official
//! designations and sources; a resident of 枚方市 opens a 日常生活圏域 with its medical and
//! care listings and searches near a typed address; the administrator works through the import
//! review queue. The store holds only real data (the sample is never loaded into it).

use crate::browser::{Browser, ENTER, PC};
use crate::run;
use fantoccini::Locator;
use indexer::engine::{Engine, EngineSettings};
use indexer::import::geojson::{AreaMapping, parse_areas_file_with};
use indexer::import::table::{Mapping, parse_table};
use indexer::import::{addresses, kosei, municipalities};
use model::Role;
use std::path::{Path, PathBuf};
use tests::TestServer;
use tests::english::{assert_none, problems as english_problems};

const PASSWORD: &str = "correct horse battery";

fn real() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/real")
}

/// Imports, as the README's worked example does: boundaries, addresses, 高知's 届出受理医療機関
/// 名簿, 枚方市's 13 圏域 and its three layers, and the population (住民基本台帳, census small
/// areas).
fn prepare(dir: &Path) {
    let r = real();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let engine = Engine::open(&EngineSettings::for_data_dir(dir))
                .await
                .unwrap();
            let n03 = municipalities::parse_municipalities_file(
                &r.join("boundaries/N03-21_210101_municipalities.geojson"),
            )
            .unwrap();
            engine
                .import_areas(n03, Some(model::sources::boundaries()))
                .await
                .unwrap();
            engine
                .import_addresses(addresses::parse_addresses_dir(&r.join("addresses")).unwrap())
                .await
                .unwrap();
            let kochi = r.join("kosei/shikoku_39_kochi_ika_202510.xlsx");
            engine
                .import(kosei::parse_kosei_batch(&[kochi]).unwrap(), &|_| {})
                .await
                .unwrap();
            let areas = parse_areas_file_with(
                &r.join("hirakata/chiiki_houkatsu.geojson"),
                &AreaMapping {
                    id: "hirakata-area-{area_id}".into(),
                    name: "第{area_id}圏域（{center_name}）".into(),
                    description: Some("小学校区：{school_districts}".into()),
                    kind: None,
                    municipality_code: Some("272108".into()),
                },
            )
            .unwrap();
            engine.import_areas(areas, None).await.unwrap();
            for (m, file) in [
                ("care-offices", "jigyosho.geojson"),
                ("medical", "medical.geojson"),
                ("support-centers", "houkatsu_centers.geojson"),
            ] {
                let mapping = Mapping::read(
                    &Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join(format!("../mappings/hirakata/{m}.toml")),
                )
                .unwrap();
                let batch = parse_table(&r.join("hirakata").join(file), &mapping).unwrap();
                engine.import(batch, &|_| {}).await.unwrap();
            }
            tests::import_osaka_population(&engine, &r).await;
            engine.release_writer().unwrap();
        });
}

async fn text(b: &Browser, css: &str) -> String {
    b.js(&format!(
        "const e = document.querySelector({css:?}); return e ? e.textContent : ''"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

async fn type_into(b: &Browser, css: &str, typed: &str) {
    let e = b.client.find(Locator::Css(css)).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(typed).await.unwrap();
}

#[test]
fn residents_of_kochi_and_hirakata_and_the_import_review() {
    // The import below already reads the clock: the machine's, as the browser's.
    tests::Clock::Live.choose();
    let dir = tempfile::tempdir().unwrap();
    prepare(dir.path());
    // `--sample` is asked for, as the run command does: a store with real data never gets it.
    let server = TestServer::live_in(dir, |s| s.tile_url = String::new());
    let all = server.search(&[("status", "active,closed,planned,suspended")]);
    assert!(
        all["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["source"] != "caremap-sample"),
        "no sample listing in a real store"
    );

    // The geocoder over HTTP.
    let g = server.get(&format!(
        "/api/v1/geocode?{}",
        tests::qs(&[("q", "〒780-0901 高知県高知市上町２丁目１－５")])
    ));
    assert_eq!(g.status, 200, "{}", g.text());
    let g = g.json();
    assert_eq!(g["level"], "town");
    assert_eq!(g["municipality_code"], "392014");
    assert_eq!(g["matched"], "高知県高知市上町二丁目");
    let none =
        server.get("/api/v1/geocode?q=%E3%81%A9%E3%81%93%E3%81%AB%E3%82%82%E3%81%AA%E3%81%84");
    assert_eq!(none.status, 404);
    assert_eq!(none.json()["code"], "address_not_found");
    let s = server.get(&format!(
        "/api/v1/geocode/suggest?{}",
        tests::qs(&[("q", "枚方市伊加賀")])
    ));
    assert!(
        s.json()
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["label"] == "大阪府枚方市伊加賀北町"),
        "{}",
        s.text()
    );

    server.add_account(
        "admin@city.example.jp",
        Role::Admin,
        PASSWORD,
        Default::default(),
    );
    run(async {
        let b = Browser::start(PC).await;

        // 高知市: clinics doing 訪問診療 near a typed address.
        b.goto(&format!("{}/?capability=home_visit_medical", server.base))
            .await;
        b.until(
            "the search page",
            "return document.querySelector('#f-place')",
        )
        .await;
        type_into(&b, "#f-place", "高知市上町").await;
        b.until(
            "suggestions of real towns",
            "return document.querySelectorAll('#f-places option[value^=\"高知県高知市上町\"]').length > 0",
        )
        .await;
        type_into(&b, "#f-place", "高知市上町2丁目1-5").await;
        b.press(ENTER).await;
        b.until(
            "results near the address",
            "return location.search.includes('place=') && document.querySelector('.origin') !== null",
        )
        .await;
        let origin = text(&b, ".origin").await;
        assert!(origin.contains("高知県高知市上町二丁目付近"), "{origin}");
        let first = text(&b, ".hits .hit").await;
        assert!(first.contains("距離"), "{first}");
        assert!(first.contains("訪問診療"), "{first}");
        assert!(
            text(&b, ".notice-attribution")
                .await
                .contains("届出受理医療機関名簿（各地方厚生局、令和7年10月1日現在）を加工して作成"),
        );
        b.screenshot("kochi-home-visits-near-address").await;
        assert!(b.console_problems().await.is_empty());
        let problems = b.accessibility_problems().await;
        assert!(problems.is_empty(), "{problems:?}");

        // Its page: designations and activities with their source and start date.
        b.click(".hits .hit h3 a").await;
        b.until(
            "a facility page",
            "return document.querySelector('.facility-main')",
        )
        .await;
        let caps = text(&b, ".facility-main .caps").await;
        assert!(caps.contains("訪問診療"), "{caps}");
        assert!(
            caps.contains("公的届出：届出受理医療機関名簿 2025-10-01"),
            "{caps}"
        );
        let facts = text(&b, ".facility-main").await;
        assert!(
            facts.contains("住所から推定した位置"),
            "an address position is said to be one"
        );
        b.screenshot("kochi-clinic-page").await;

        // 枚方市: a 圏域 with its medical and care listings.
        b.goto(&format!("{}/areas/hirakata-area-8", server.base))
            .await;
        b.until("the area page", "return document.querySelector('h1')")
            .await;
        let page = text(&b, "main").await;
        assert!(page.contains("第8圏域（みどり）"), "{page}");
        assert!(page.contains("医療") && page.contains("介護"), "{page}");
        b.until(
            "the area and the city outline on the map",
            "return document.querySelectorAll('.map path').length >= 2",
        )
        .await;
        b.screenshot("hirakata-area-8").await;

        // … and near a typed address, with the city's sources credited.
        b.goto(&format!(
            "{}/?{}",
            server.base,
            tests::qs(&[("place", "ひらかた市 香里ケ丘3丁目")])
        ))
        .await;
        b.until("results", "return document.querySelector('.origin')")
            .await;
        assert!(
            text(&b, ".origin")
                .await
                .contains("大阪府枚方市香里ケ丘三丁目")
        );
        let notices = text(&b, ".notice-attribution").await;
        assert!(notices.contains("fukushi_map"), "{notices}");
        assert!(
            text(&b, ".site-footer .credits")
                .await
                .contains("Geolonia 住所データ")
        );
        let filter = text(&b, "#filters-form").await;
        assert!(
            filter.contains("第1圏域（はなまる）"),
            "the area filter lists the city's 圏域"
        );
        b.screenshot("hirakata-near-typed-address").await;
        assert!(b.console_problems().await.is_empty());

        // A planner of 枚方市: the 13 圏域 coloured by 訪問看護 per 10,000 people aged 75+,
        // with the near share within 2 km, and the table sorted by it.
        planning(&b, &server).await;

        // The administrator: the import review queue.
        b.goto(&format!("{}/admin/login?next=/admin/reviews", server.base))
            .await;
        b.until(
            "the sign-in form",
            "return document.querySelector('#l-email')",
        )
        .await;
        type_into(&b, "#l-email", "admin@city.example.jp").await;
        type_into(&b, "#l-password", PASSWORD).await;
        b.click("form[action='/admin/login'] button").await;
        b.until(
            "the review queue",
            "return document.querySelector('.review-items')",
        )
        .await;
        let queue = text(&b, "main").await;
        assert!(queue.contains("圏域の確認が必要"), "{queue}");
        assert!(queue.contains("位置の確認が必要"), "{queue}");
        b.screenshot("admin-import-review").await;
        b.goto(&format!("{}/admin/reviews?kind=area_gap", server.base))
            .await;
        let before = b
            .js("return document.querySelectorAll('.review-item').length")
            .await
            .as_u64()
            .unwrap();
        b.click(".review-item form button.primary").await;
        b.until(
            "the confirmation",
            "const f = document.querySelector('.flash'); return f && f.textContent.includes('確認しました')",
        )
        .await;
        let after = b
            .js("return document.querySelectorAll('.review-item').length")
            .await
            .as_u64()
            .unwrap();
        assert!(after < before || before == 50, "{before} → {after}");
        // The editor places a listing from its address (「住所から位置を入れる」).
        let said = position_from_address(&b, &server, "代表点").await;
        assert!(said.contains("高知県高知市上町一丁目"), "{said}");
        let filled = b
            .js("return [document.querySelector('#f-lat').value, document.querySelector('input[name=loc_level]').value]")
            .await;
        assert!(filled[0].as_str().unwrap().starts_with("33.5"), "{filled}");
        assert_eq!(filled[1], "town");
        b.screenshot("admin-position-from-address").await;
        b.goto(&format!("{}/admin/imports", server.base)).await;
        let imports = text(&b, "main").await;
        assert!(imports.contains("枚方市 介護サービス事業所"), "{imports}");

        // The same administrator in English: the review queue, the imports, and the position
        // from the address (the script's message quotes the matched town, marked Japanese).
        let mut found = Vec::new();
        for path in [
            "/admin/reviews?lang=en",
            "/admin/imports",
            "/admin/reviews?kind=duplicate",
        ] {
            b.goto(&format!("{}{path}", server.base)).await;
            let html = b.js("return document.documentElement.outerHTML").await;
            found.extend(english_problems(path, html.as_str().unwrap()));
        }
        b.goto(&format!("{}/admin/reviews", server.base)).await;
        b.screenshot("admin-import-review-english").await;
        let axe = b.accessibility_problems().await;
        assert!(axe.is_empty(), "the English review queue: {axe:#?}");
        let said = position_from_address(&b, &server, "the point of").await;
        assert!(
            said.contains("<span lang=\"ja\">高知県高知市上町一丁目</span>"),
            "{said}"
        );
        let html = b.js("return document.documentElement.outerHTML").await;
        found.extend(english_problems(
            "/admin/facilities/kosei-3910110265",
            html.as_str().unwrap(),
        ));
        b.screenshot("admin-position-from-address-english").await;
        assert_none(&found);
        b.close().await;
    });
    english_on_real_data(&server);
}

/// Opens a 高知 clinic's editor, asks for its position from its address (「住所から位置を入れる」)
/// and answers the message (its HTML) once it says `done`.
async fn position_from_address(b: &Browser, server: &TestServer, done: &str) -> String {
    b.goto(&format!(
        "{}/admin/facilities/kosei-3910110265",
        server.base
    ))
    .await;
    b.until(
        "the position map",
        "return document.querySelector('.position-map.leaflet-container')",
    )
    .await;
    // Typed-in coordinates go: the address alone places it.
    b.js(
        "document.querySelector('#f-lat').value = ''; document.querySelector('#f-lng').value = '';",
    )
    .await;
    b.js("document.querySelector('[data-geocode]').scrollIntoView({block: 'center'})")
        .await;
    b.click("[data-geocode]").await;
    let script = format!(
        "const s = document.querySelector('[data-geocode-status]'); return s && s.textContent.includes('{done}') && s.innerHTML"
    );
    let said = b.until("the address's position", &script).await;
    said.as_str().unwrap().to_string()
}

/// The public pages in English over the real data: a search near a typed address in 高知市,
/// a 高知 clinic's page with its official designations, a 圏域 of 枚方市 and the planning page.
fn english_on_real_data(server: &TestServer) {
    let mut found = Vec::new();
    for path in [
        format!(
            "/?{}",
            tests::qs(&[
                ("capability", "home_visit_medical"),
                ("place", "高知市上町2丁目1-5"),
                ("lang", "en"),
            ])
        ),
        "/facilities/kosei-3910110265?lang=en".to_string(),
        "/areas/hirakata-area-8?lang=en".to_string(),
        "/planning?service=visiting_nursing&within_m=2000&lang=en".to_string(),
        "/planning?level=municipality&prefecture=27&lang=en".to_string(),
        "/scenes/end-of-life?lang=en".to_string(),
    ] {
        let r = server.get(&path);
        assert_eq!(r.status, 200, "{path}");
        found.extend(english_problems(&path, &r.text()));
    }
    assert_none(&found);
}

/// The planning page as a planner of 枚方市 uses it: the choropleth of the 13 圏域 by 訪問看護
/// per 10,000 people aged 75+ (each shape's class matching the table's number), the legend, the
/// table re-sorted by a column heading, the municipal level, and the A4 print layout.
async fn planning(b: &Browser, server: &TestServer) {
    b.goto(&format!(
        "{}/planning?service=visiting_nursing&within_m=2000",
        server.base
    ))
    .await;
    b.until(
        "the choropleth",
        "return document.querySelectorAll('.choropleth-map path[data-area]').length > 0",
    )
    .await;
    let shapes = b
        .js("return [...document.querySelectorAll('.choropleth-map path[data-area]')].map(p => [p.dataset.area, p.getAttribute('fill'), p.querySelector('title').textContent])")
        .await;
    let shapes = shapes.as_array().unwrap();
    assert_eq!(shapes.len(), 13, "{shapes:?}");
    // The same numbers as the API's, one per 圏域.
    let api = server
        .get("/api/v1/coverage?service=visiting_nursing&within_m=2000")
        .json();
    for row in api["rows"].as_array().unwrap() {
        let id = row["area_id"].as_str().unwrap();
        let shape = shapes
            .iter()
            .find(|s| s[0] == id)
            .unwrap_or_else(|| panic!("{id} drawn"));
        let per = row["per_10k_75"].as_f64().unwrap();
        let title = shape[2].as_str().unwrap();
        assert!(
            title.ends_with(&format!("：{per:.1}")),
            "{id}: {title} vs {per}"
        );
        let cells = b
            .js(&format!(
                "return [...document.querySelectorAll('.coverage-table tr[data-area=\"{id}\"] td')].map(c => c.textContent)"
            ))
            .await;
        assert_eq!(cells[0], row["listings"].to_string(), "{id}: {cells:?}");
        assert_eq!(cells[4], format!("{per:.1}"), "{id}: {cells:?}");
    }
    // Different values, different colours; the legend counts every 圏域 once.
    let fills: std::collections::BTreeSet<&str> =
        shapes.iter().map(|s| s[1].as_str().unwrap()).collect();
    assert!(fills.len() >= 2, "{fills:?}");
    let legend = b
        .js("return [...document.querySelectorAll('.legend li .n')].reduce((a, n) => a + parseInt(n.textContent), 0)")
        .await;
    assert_eq!(legend, 13);
    let head = text(b, ".planning-title").await;
    assert!(
        head.contains("訪問看護の") && head.contains("75歳以上1万人あたり"),
        "{head}"
    );
    assert!(
        text(b, "main").await.contains("国勢調査"),
        "population credited"
    );
    b.js("document.querySelector('.choropleth').scrollIntoView(); return true")
        .await;
    b.screenshot("hirakata-planning-visiting-nursing-per-10k-75")
        .await;
    assert!(b.console_problems().await.is_empty());
    let problems = b.accessibility_problems().await;
    assert!(
        problems.is_empty(),
        "axe on the planning page: {problems:?}"
    );

    // Sorted by the share within 2 km, lowest first: the 圏域 below 100 % lead.
    b.click(".coverage-table thead th:last-child a").await;
    b.until(
        "the table sorted by the share",
        "return location.search.includes('sort=near_share')",
    )
    .await;
    let shares = b
        .js("return [...document.querySelectorAll('.coverage-table tbody tr td:last-child')].map(c => parseInt(c.textContent))")
        .await;
    let shares: Vec<i64> = shares
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert!(shares.is_sorted(), "{shares:?}");
    assert!(
        shares[0] < 100,
        "some 圏域 is not fully within 2 km: {shares:?}"
    );
    assert_eq!(
        b.js("return document.querySelector('.coverage-table th[aria-sort]').getAttribute('aria-sort')")
            .await,
        "ascending"
    );

    // The municipalities of 大阪府 by the share within 5 km (colours from the census too).
    b.goto(&format!(
        "{}/planning?level=municipality&service=visiting_nursing&indicator=near_share",
        server.base
    ))
    .await;
    b.until(
        "the municipal choropleth",
        "return document.querySelectorAll('.choropleth-map path[data-area]').length > 1",
    )
    .await;
    let rows = text(b, ".coverage-table tbody").await;
    assert!(rows.contains("枚方市"), "{rows}");
    b.js("document.querySelector('.choropleth').scrollIntoView(); return true")
        .await;
    b.screenshot("osaka-planning-near-share-5km").await;
    assert!(b.console_problems().await.is_empty());

    // The A4 print for the 協議会 (Chromium's own PDF, A4 by default): the map, the legend
    // and the 13 rows on at most two pages, without the form.
    b.goto(&format!(
        "{}/planning?service=visiting_nursing",
        server.base
    ))
    .await;
    b.until(
        "the page",
        "return document.querySelector('.choropleth-map')",
    )
    .await;
    let pdf = b.pdf("hirakata-planning-a4").await;
    let pages = crate::count(&pdf, b"/Type /Page") - crate::count(&pdf, b"/Type /Pages");
    assert!((1..=2).contains(&pages), "{pages} A4 pages");
}
