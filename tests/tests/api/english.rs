//! The site in English: every page asked for with `?lang=en` (or by cookie, or by the browser's
//! `Accept-Language`) says everything of its own in English; Japanese is left only in data (names,
//! addresses, notes, credit lines), which the page marks `lang="ja"`. The API answers the
//! taxonomy in either language.

use serde_json::Value;
use tests::TestServer;
use tests::english::{assert_none, english_path, japanese, japanese_outside_data, problems};

/// An English page's problems: a wrong `<html lang>` or Japanese outside data.
fn check(s: &TestServer, path: &str, status: u16) -> Vec<String> {
    let r = s.get(&english_path(path));
    assert_eq!(r.status, status, "{path}");
    problems(path, &r.text())
}

#[test]
fn the_checker_finds_japanese_outside_data_only() {
    let page = r#"<html lang="en"><body><p>Search</p><p lang="ja">中央圏域</p>
        <a aria-label="地図">x</a><input placeholder="例" lang="ja"><script>var a="探す";</script>
        <span>検索<!-- 探す --></span><br><p lang=ja>本町<span>付近</span></p></body></html>"#;
    let found = japanese_outside_data(page);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].contains("aria-label") && found[1].contains("検索"),
        "{found:#?}"
    );
    // A title may repeat data the page marks; not other Japanese.
    let titled = r#"<html lang="en"><head><title>本町 | Map</title></head><body><h1 lang="ja">本町</h1></body></html>"#;
    assert!(japanese_outside_data(titled).is_empty());
    let titled = r#"<html lang="en"><head><title>地図 | Map</title></head><body><h1 lang="ja">本町</h1></body></html>"#;
    assert_eq!(japanese_outside_data(titled).len(), 1);
}

/// Every page of the public site, in English: the search (empty, and with each kind of
/// condition), every listing's page, every area's, the scenes, the boards, the planning page at
/// both levels, the print view, the widget and a page that does not exist.
#[test]
fn every_public_page_in_english_has_no_japanese_outside_data() {
    let s = TestServer::start();
    let mut pages: Vec<(String, u16)> = [
        "/",
        "/?q=%E8%A8%AA%E5%95%8F",
        "/?q=home+nursing&area=sample-area-2",
        "/?area=sample-area-6&service=care_management&capability=home_visit_medical",
        "/?scene=emergency&accepting=true&open_at=now",
        "/?lat=35.0&lng=135.7&radius_m=3000&sort=distance",
        "/?place=%E6%9C%AC%E7%94%BA&radius_m=2000",
        "/?place=%E3%81%AA%E3%81%84%E7%94%BA",
        "/?bbox=135.0,34.5,136.0,35.5&page=2",
        "/?radius_m=-1",
        "/scenes",
        "/care-managers/contact-times",
        "/care-managers/contact-times?day=wed&time=14:00",
        "/care-managers/acceptance",
        "/planning",
        "/planning?service=visiting_nursing&within_m=2000&indicator=near_share",
        "/planning?level=municipality&sort=per_10k_75&order=desc",
        "/planning?indicator=beds",
        "/print?category=medical",
        "/print?scene=end_of_life&area=sample-area-2",
        "/embed?scene=daily_care",
        "/embed?q=%E8%A8%AA%E5%95%8F&page=2",
    ]
    .into_iter()
    .map(|p| (p.to_string(), 200))
    .collect();
    for sc in model::taxonomy::SCENES {
        pages.push((format!("/scenes/{}", sc.slug), 200));
    }
    pages.push(("/no-such-page".into(), 404));
    pages.push(("/facilities/no-such-listing".into(), 404));
    let areas: Value = s.get("/api/v1/areas").json();
    for a in areas["features"].as_array().expect("areas") {
        pages.push((
            format!("/areas/{}", a["properties"]["id"].as_str().unwrap()),
            200,
        ));
    }
    let all: Value = s.get("/api/v1/search?per_page=200").json();
    let more: Value = s.get("/api/v1/search?per_page=200&page=2").json();
    for h in all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .chain(more["hits"].as_array().unwrap())
    {
        pages.push((format!("/facilities/{}", h["id"].as_str().unwrap()), 200));
    }
    assert!(pages.len() > 300, "every listing's page is walked");
    let problems: Vec<String> = pages
        .iter()
        .flat_map(|(p, status)| check(&s, p, *status))
        .collect();
    assert_none(&problems);
}

/// The language comes from `?lang=` (remembered in a cookie), then the cookie, then the
/// browser's `Accept-Language`; Japanese otherwise. A Japanese page marks no data.
#[test]
fn the_language_is_the_address_then_the_cookie_then_the_browser() {
    let s = TestServer::start();
    let lang_of = |r: &tests::Resp| {
        let html = r.text();
        let start = html.find("<html lang=\"").expect("html lang") + 12;
        html[start..start + 2].to_string()
    };
    let r = s.get("/");
    assert_eq!(lang_of(&r), "ja");
    let html = r.text();
    assert_eq!(
        html.matches(" lang=\"ja\"").count(),
        1,
        "a Japanese page marks no data (only <html lang=\"ja\">)"
    );
    assert!(html.contains("hreflang=\"en\""), "it offers English");
    assert!(
        r.header("vary")
            .unwrap_or_default()
            .contains("Accept-Language"),
        "pages vary by language"
    );

    let r = s.get_with("/scenes", &[("accept-language", "en-GB,en;q=0.9,ja;q=0.5")]);
    assert_eq!(lang_of(&r), "en");
    assert!(r.text().contains("Daily care at home"));
    assert_eq!(
        r.header("set-cookie"),
        None,
        "the browser's wish is not stored"
    );

    let r = s.get_with("/scenes?lang=ja", &[("accept-language", "en")]);
    assert_eq!(lang_of(&r), "ja");
    let cookie = r.header("set-cookie").unwrap_or_default().to_string();
    assert!(cookie.starts_with("caremap_lang=ja;"), "{cookie}");
    assert!(
        cookie.contains("Path=/") && cookie.contains("Max-Age="),
        "{cookie}"
    );

    let r = s.get_with(
        "/scenes/emergency",
        &[("cookie", "caremap_lang=en"), ("accept-language", "ja")],
    );
    assert_eq!(lang_of(&r), "en");
    assert!(r.text().contains("Sudden changes in condition"));

    // The language switch keeps the page and its query.
    let r = s.get("/print?category=medical&lang=en");
    assert!(
        r.text()
            .contains("href=\"/print?category=medical&amp;lang=ja\""),
        "the switch back to Japanese"
    );
    // A language the site does not have is a clear error on a search, not a silent default.
    let r = s.get("/api/v1/search?lang=fr");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "invalid_parameter");
}

/// Server functions (what the islands ask for after the first render) answer in the
/// language the cookie remembers.
#[test]
fn server_functions_answer_in_the_remembered_language() {
    let s = TestServer::start();
    let ask = |cookie: &str| {
        let r = s.send_raw(
            "POST",
            "/rpc/search",
            "query=scene%3Demergency%26place%3D%25E6%259C%25AC%25E7%2594%25BA",
            "application/x-www-form-urlencoded",
            &[("cookie", cookie)],
        );
        assert_eq!(r.status, 200, "{}", r.text());
        r.text()
    };
    let en = ask("caremap_lang=en");
    assert!(en.contains("Scene: Sudden changes in condition"), "{en}");
    assert!(en.contains("Nearest to "), "{en}");
    let ja = ask("caremap_lang=ja");
    assert!(ja.contains("場面：急変時の対応"), "{ja}");
}

/// `/api/v1/taxonomy?lang=en`: every label, explanation and group in English, the codes and
/// structure the same as in Japanese.
#[test]
fn the_taxonomy_answers_in_either_language() {
    let s = TestServer::start();
    let ja: Value = s.get("/api/v1/taxonomy").json();
    let en: Value = s.get("/api/v1/taxonomy?lang=en").json();
    assert_eq!(ja, s.get("/api/v1/taxonomy?lang=ja").json());
    let texts = |v: &Value, out: &mut Vec<String>| {
        fn walk(v: &Value, key: &str, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => m.iter().for_each(|(k, v)| walk(v, k, out)),
                Value::Array(a) => a.iter().for_each(|v| walk(v, key, out)),
                Value::String(s)
                    if matches!(key, "label" | "description" | "explanation" | "group") =>
                {
                    out.push(s.clone())
                }
                _ => {}
            }
        }
        walk(v, "", out);
    };
    let mut en_texts = Vec::new();
    texts(&en, &mut en_texts);
    let mut ja_texts = Vec::new();
    texts(&ja, &mut ja_texts);
    assert_eq!(en_texts.len(), ja_texts.len());
    assert!(en_texts.len() > 150, "{}", en_texts.len());
    for t in &en_texts {
        assert!(!t.chars().any(japanese), "not English: {t}");
    }
    assert!(ja_texts.iter().all(|t| t.chars().any(japanese)));
    // Same codes, same order.
    let codes = |v: &Value, k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x["code"].as_str().unwrap().to_string())
            .collect()
    };
    for k in [
        "categories",
        "service_types",
        "capabilities",
        "scenes",
        "statuses",
    ] {
        assert_eq!(codes(&ja, k), codes(&en, k), "{k}");
    }
    assert_eq!(
        ja["service_types"][0]["aliases"],
        en["service_types"][0]["aliases"]
    );
    let r = s.get("/api/v1/taxonomy?lang=xx");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "invalid_parameter");
}

/// An English keyword matches no listing's (Japanese) text; the English page offers the kinds
/// it names as filters instead, each link the same search with the kind for the keyword. A
/// Japanese page, or a kind already chosen, offers none.
#[test]
fn english_keywords_offer_the_kinds_they_name() {
    let s = TestServer::start();
    let page = s.get("/?q=dentists&area=sample-area-2&lang=en").text();
    let offered = page
        .split("class=\"named-kinds\"")
        .nth(1)
        .expect("kinds offered");
    let offered = offered.split("</div>").next().unwrap();
    assert!(
        offered.contains("href=\"/?area=sample-area-2&amp;service=dental_clinic\""),
        "{offered}"
    );
    assert!(offered.contains("Dental clinic"), "{offered}");
    // The link's search finds what the keyword did not.
    let by_kind = s.search(&[("area", "sample-area-2"), ("service", "dental_clinic")]);
    let by_word = s.search(&[("area", "sample-area-2"), ("q", "dentists")]);
    assert!(by_kind["total"].as_u64().unwrap() > 0 && by_word["total"] == 0);
    assert!(
        !s.get("/?q=dentists").text().contains("named-kinds"),
        "Japanese page"
    );
    let chosen = s.get("/?q=dentists&service=dental_clinic&lang=en").text();
    assert!(!chosen.contains("service=dental_clinic&amp;service=dental_clinic"));
    assert!(!s.get("/?q=zebra&lang=en").text().contains("named-kinds"));
}
