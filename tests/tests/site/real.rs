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

const PASSWORD: &str = "correct horse battery";

fn real() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/real")
}

/// Imports, as the README's worked example does: boundaries, addresses, 高知's 届出受理医療機関
/// 名簿, 枚方市's 13 圏域 and its three layers.
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
        b.js("document.querySelector('#f-lat').value = ''; document.querySelector('#f-lng').value = '';")
            .await;
        b.js("document.querySelector('[data-geocode]').scrollIntoView({block: 'center'})")
            .await;
        b.click("[data-geocode]").await;
        let said = b
            .until(
                "the address's position",
                "const s = document.querySelector('[data-geocode-status]'); return s && s.textContent.includes('代表点') && s.textContent",
            )
            .await;
        assert!(
            said.as_str().unwrap().contains("高知県高知市上町一丁目"),
            "{said}"
        );
        let filled = b
            .js("return [document.querySelector('#f-lat').value, document.querySelector('input[name=loc_level]').value]")
            .await;
        assert!(filled[0].as_str().unwrap().starts_with("33.5"), "{filled}");
        assert_eq!(filled[1], "town");
        b.screenshot("admin-position-from-address").await;
        b.goto(&format!("{}/admin/imports", server.base)).await;
        let imports = text(&b, "main").await;
        assert!(imports.contains("枚方市 介護サービス事業所"), "{imports}");
        b.close().await;
    });
}
