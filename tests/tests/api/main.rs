//! The HTTP API over a real server (random port, temporary data folder, the sample municipality
//! loaded at start as `caremap serve` does), checked against the committed sample data.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail loudly on unexpected errors"
)]

mod account_lifecycle;
mod accounts;
mod admin_pages;
mod contract;
mod coverage;
mod crash;
mod english;
mod english_admin;
mod exports;
mod feed;
mod headers;
mod outage;
mod parameters;
mod session;
mod snapshot;
mod startup;
mod static_files;
mod workflows;

use model::Facility;
use model::facility::{FieldGroup, Visibility};
use model::geo::{LatLng, haversine_m};
use serde_json::Value;
use std::collections::BTreeSet;
use tests::{TestServer, active_ids, qs, sample, sorted};

fn ids_of(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// A point in the middle of the sample city (its first listing).
fn centre() -> LatLng {
    sample().iter().find_map(|f| f.location).unwrap().point()
}

#[test]
fn combined_filters_each_narrow_the_answer() {
    let s = TestServer::start();
    let c = centre();
    let (lat, lng) = (c.lat.to_string(), c.lng.to_string());
    // A combination: service + capability + area + radius, each narrowing.
    let r = s.search(&[
        ("service", "clinic"),
        ("capability", "home_visit_medical"),
        ("lat", &lat),
        ("lng", &lng),
        ("radius_m", "6000"),
        ("per_page", "200"),
    ]);
    let want = active_ids(|f| {
        f.services.iter().any(|x| x == "clinic")
            && f.capability_codes().any(|x| x == "home_visit_medical")
            && f.location
                .is_some_and(|l| haversine_m(c, l.point()) <= 6000.0)
    });
    assert!(!want.is_empty());
    assert_eq!(sorted(ids_of(&r)), want);
    let with_text = s.search(&[
        ("q", "クリニック"),
        ("service", "clinic"),
        ("municipality", "999016"),
        ("open_at", "2026-11-25T10:00:00+09:00"),
        ("per_page", "200"),
    ]);
    for h in with_text["hits"].as_array().unwrap() {
        assert_eq!(h["services"][0], "clinic");
        assert_eq!(h["municipality_code"], "999016");
        assert_eq!(h["open_now"], true);
        assert!(h["score"].as_f64().unwrap() > 0.0, "text queries rank");
    }
}

#[test]
fn pages_are_consecutive_slices_of_one_order() {
    let s = TestServer::start();
    // Pagination: pages are consecutive slices of one order.
    let whole = ids_of(&s.search(&[("sort", "name"), ("per_page", "120")]));
    let mut paged = Vec::new();
    for page in ["1", "2", "3"] {
        let r = s.search(&[("sort", "name"), ("per_page", "40"), ("page", page)]);
        assert_eq!(r["page"].as_u64().unwrap().to_string(), page);
        assert_eq!(r["per_page"], 40);
        paged.extend(ids_of(&r));
    }
    assert_eq!(paged, whole);
    let beyond = s.search(&[("page", "99"), ("per_page", "50")]);
    assert_eq!(beyond["hits"].as_array().unwrap().len(), 0);
    assert!(beyond["total"].as_u64().unwrap() > 0);
}

#[test]
fn facets_ignore_their_own_filter_and_the_json_body_answers_the_same() {
    let s = TestServer::start();
    // Facets are disjunctive: a dimension ignores its own filter and obeys the others.
    let f = s.search(&[("service", "clinic"), ("area", "sample-area-2")]);
    let facets = &f["facets"];
    let pharmacies_in_area = s.search(&[("service", "pharmacy"), ("area", "sample-area-2")]);
    assert_eq!(
        facets["service"]["pharmacy"], pharmacies_in_area["total"],
        "service facet ignores the service filter"
    );
    let clinics_in_area3 = s.search(&[("service", "clinic"), ("area", "sample-area-3")]);
    assert_eq!(facets["area"]["sample-area-3"], clinics_in_area3["total"]);
    let cats: u64 = facets["category"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(
        cats,
        f["total"].as_u64().unwrap(),
        "one category per listing"
    );
    for key in ["category", "service", "capability", "area"] {
        assert!(facets[key].is_object(), "facet {key}");
    }
    // The JSON body form answers the same.
    let body = serde_json::json!({"services": ["clinic"], "areas": ["sample-area-2"]});
    let posted = s.post_json("/api/v1/search", &body.to_string());
    assert_eq!(posted.status, 200);
    assert_eq!(posted.json()["total"], f["total"]);
}

#[test]
fn geojson_answers_the_same_hits_as_lng_lat_points() {
    let s = TestServer::start();
    let c = centre();
    let (lat, lng) = (c.lat.to_string(), c.lng.to_string());
    // GeoJSON: a valid FeatureCollection of the same hits.
    let path = format!(
        "/api/v1/search?{}",
        qs(&[
            ("lat", &lat),
            ("lng", &lng),
            ("radius_m", "3000"),
            ("format", "geojson"),
            ("per_page", "30")
        ])
    );
    let g = s.get(&path);
    assert_eq!(g.status, 200);
    assert!(
        g.header("content-type")
            .unwrap()
            .starts_with("application/geo+json")
    );
    let g = g.json();
    let j = s.search(&[
        ("lat", &lat),
        ("lng", &lng),
        ("radius_m", "3000"),
        ("per_page", "30"),
    ]);
    assert_eq!(g["type"], "FeatureCollection");
    assert_eq!(g["total"], j["total"]);
    let features = g["features"].as_array().unwrap();
    assert_eq!(features.len(), j["hits"].as_array().unwrap().len());
    for (feat, hit) in features.iter().zip(j["hits"].as_array().unwrap()) {
        assert_eq!(feat["type"], "Feature");
        assert_eq!(feat["id"], hit["id"]);
        assert_eq!(feat["geometry"]["type"], "Point");
        let xy = feat["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(xy.len(), 2);
        assert_eq!(xy[0], hit["location"]["lng"], "GeoJSON is [lng, lat]");
        assert_eq!(xy[1], hit["location"]["lat"]);
        assert_eq!(feat["properties"]["name"], hit["name"]);
        assert_eq!(feat["properties"]["distance_m"], hit["distance_m"]);
        assert!(feat["properties"].get("location").is_none());
    }
}

#[test]
fn bad_input_is_a_400_with_a_clear_code_and_unknown_ids_a_404() {
    let s = TestServer::start();
    let cases: &[(&str, &str)] = &[
        ("lat=91&lng=140", "invalid_latitude"),
        ("lat=abc&lng=140", "invalid_latitude"),
        ("lat=36&lng=181", "invalid_longitude"),
        ("lat=36&lng=140&radius_m=0", "invalid_radius"),
        ("lat=36&lng=140&radius_m=-3", "invalid_radius"),
        ("lat=36&lng=140&radius_m=500000", "invalid_radius"),
        ("lat=36&lng=140&radius_m=far", "invalid_radius"),
        ("radius_m=1000", "invalid_query"),
        ("lat=36", "invalid_query"),
        ("bbox=140,36,139,37", "invalid_bbox"),
        ("bbox=140,36,141", "invalid_bbox"),
        ("bbox=140,36,141,x", "invalid_bbox"),
        ("bbox=140,-95,141,37", "invalid_bbox"),
        ("page=0", "invalid_page"),
        ("page=x", "invalid_page"),
        ("per_page=0", "invalid_page"),
        ("per_page=201", "invalid_page"),
        ("page=1000&per_page=200", "invalid_page"),
        ("service=helicopter", "unknown_service"),
        ("category=x", "unknown_category"),
        ("capability=x", "unknown_capability"),
        ("scene=x", "invalid_parameter"),
        ("open_at=yesterday", "invalid_date"),
        ("open_at=2026-02-30T10:00:00%2B09:00", "invalid_date"),
        ("contact_window_at=10:00", "invalid_date"),
        ("accepting=yes", "invalid_parameter"),
        ("status=gone", "invalid_parameter"),
        ("sort=price", "invalid_parameter"),
        ("sort=distance", "invalid_query"),
        ("format=xml", "invalid_parameter"),
        ("serves=36", "invalid_parameter"),
        ("serves=100,140", "invalid_latitude"),
        ("q=a&q=b", "invalid_parameter"),
        ("keyword=clinic", "unknown_parameter"),
    ];
    for (query, code) in cases {
        let r = s.get(&format!("/api/v1/search?{query}"));
        assert_eq!(r.status, 400, "{query}: {}", r.text());
        assert!(
            r.header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        let body = r.json();
        assert_eq!(body["code"], *code, "{query}: {body}");
        let message = body["message"].as_str().unwrap();
        assert!(message.len() > 10, "{query}: message {message:?}");
    }
    // The message names the offending value.
    let m = s.get("/api/v1/search?service=helicopter").json();
    assert!(m["message"].as_str().unwrap().contains("helicopter"));
    // JSON bodies: malformed, unknown field, bad value.
    for (body, code) in [
        ("{", "invalid_json"),
        (r#"{"txt":"a"}"#, "invalid_json"),
        (r#"{"services":["x"]}"#, "unknown_service"),
    ] {
        let r = s.post_json("/api/v1/search", body);
        assert_eq!(r.status, 400, "{body}");
        assert_eq!(r.json()["code"], code, "{body}");
    }
    // Unknown ids and routes.
    for (path, code) in [
        ("/api/v1/facilities/no-such-facility", "facility_not_found"),
        ("/api/v1/areas/no-such-area", "area_not_found"),
        ("/api/v1/nothing-here", "not_found"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.json()["code"], code, "{path}");
    }
}

#[test]
fn the_taxonomy_has_japanese_labels_and_answers_304_to_its_etag() {
    let s = TestServer::start();
    // Taxonomy with Japanese labels; ETag and 304.
    let t = s.get("/api/v1/taxonomy");
    assert_eq!(t.status, 200);
    let etag = t.header("etag").unwrap().to_string();
    assert!(t.header("cache-control").unwrap().contains("max-age"));
    let body = t.json();
    assert_eq!(
        body["categories"].as_array().unwrap().len(),
        model::taxonomy::CATEGORIES.len()
    );
    let vn = body["service_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "visiting_nursing")
        .unwrap();
    assert_eq!(vn["label"], "訪問看護");
    assert!(!vn["description"].as_str().unwrap().is_empty());
    assert!(
        body["capabilities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["label"] == "看取り")
    );
    let scenes = body["scenes"].as_array().unwrap();
    assert_eq!(scenes.len(), 4);
    assert_eq!(scenes[2]["code"], "emergency");
    assert_eq!(scenes[2]["label"], "急変時の対応");
    assert!(
        scenes[2]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["capabilities"] == serde_json::json!(["house_call"]))
    );
    let again = s.get_with("/api/v1/taxonomy", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(
        s.get_with("/api/v1/taxonomy", &[("If-None-Match", "\"other\"")])
            .status,
        200
    );
}

#[test]
fn areas_are_closed_polygons_counting_what_the_search_counts() {
    let s = TestServer::start();
    // Areas: GeoJSON polygons with counts; ETag; a single area.
    let a = s.get("/api/v1/areas");
    assert_eq!(a.status, 200);
    assert!(
        a.header("content-type")
            .unwrap()
            .starts_with("application/geo+json")
    );
    let etag = a.header("etag").unwrap().to_string();
    let fc = a.json();
    assert_eq!(fc["type"], "FeatureCollection");
    let facets = s.search(&[])["facets"]["area"].clone();
    let features = fc["features"].as_array().unwrap();
    assert_eq!(
        features.len(),
        8,
        "the 8 日常生活圏域 (municipal outlines apart)"
    );
    for f in features {
        assert_eq!(f["geometry"]["type"], "MultiPolygon");
        let ring = &f["geometry"]["coordinates"][0][0];
        assert!(ring.as_array().unwrap().len() >= 4);
        assert_eq!(
            ring[0],
            *ring.as_array().unwrap().last().unwrap(),
            "closed ring"
        );
        let id = f["properties"]["id"].as_str().unwrap();
        assert_eq!(f["properties"]["count"], facets[id], "{id}");
        let by_cat: u64 = f["properties"]["counts"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(by_cat, f["properties"]["count"].as_u64().unwrap());
    }
    assert_eq!(
        s.get_with("/api/v1/areas", &[("If-None-Match", &etag)])
            .status,
        304
    );
}

#[test]
fn a_municipalitys_outline_and_one_area_count_their_listings() {
    let s = TestServer::start();
    let facets = s.search(&[])["facets"]["area"].clone();
    // The city's outline, asked for by its code, counts the city's listings.
    let city = s
        .get("/api/v1/areas?kind=municipality&municipality=999016")
        .json();
    let outline = &city["features"].as_array().unwrap()[0];
    assert_eq!(outline["properties"]["kind"], "municipality");
    assert_eq!(
        outline["properties"]["count"],
        s.search(&[("municipality", "999016"), ("per_page", "1")])["total"]
    );
    assert_eq!(s.get("/api/v1/areas?kind=nope").status, 400);
    let one = s.get("/api/v1/areas/sample-area-2").json();
    assert_eq!(one["type"], "Feature");
    assert!(!one["properties"]["name"].as_str().unwrap().is_empty());
    assert_eq!(one["properties"]["count"], facets["sample-area-2"]);
}

#[test]
fn any_origin_may_get_and_every_answer_has_a_request_id() {
    let s = TestServer::start();
    // CORS: any origin may GET; preflight allows GET only.
    let r = s.get_with(
        "/api/v1/search?per_page=1",
        &[("Origin", "https://www.city.example.lg.jp")],
    );
    assert_eq!(r.status, 200);
    let allowed = r.header("access-control-allow-origin").unwrap();
    assert!(allowed == "*" || allowed == "https://www.city.example.lg.jp");
    assert!(r.header("x-request-id").is_some_and(|v| v.len() >= 16));
}

#[test]
fn large_answers_are_compressed_when_the_client_accepts_it() {
    let s = TestServer::start();
    // Compression when the client accepts it.
    let big = "/api/v1/search?per_page=200";
    let plain = s.get(big);
    assert!(plain.header("content-encoding").is_none());
    for enc in ["gzip", "br"] {
        let z = s.get_with(big, &[("Accept-Encoding", enc)]);
        assert_eq!(z.status, 200);
        assert_eq!(z.header("content-encoding"), Some(enc));
        assert!(z.body.len() * 3 < plain.body.len(), "{enc} compresses");
    }
}

#[test]
fn anonymous_answers_never_carry_professional_fields() {
    let s = TestServer::start();
    // Strings that only professional field groups hold (direct lines, contact persons, notes…):
    // every string in a full record that no public view of any listing contains.
    fn strings(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::String(x) => {
                out.insert(x.clone());
            }
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(m) => m.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let all = sample();
    let (mut full, mut public) = (BTreeSet::new(), BTreeSet::new());
    for f in &all {
        strings(&serde_json::to_value(f).unwrap(), &mut full);
        strings(&serde_json::to_value(f.public_view()).unwrap(), &mut public);
    }
    // (Only strings that are not part of any public string either, e.g. a desk name that is
    // also part of a listing's public name.)
    let secrets: Vec<String> = full
        .difference(&public)
        .filter(|x| {
            x.chars().count() >= 4
                && !x.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && !public.iter().any(|p| p.contains(x.as_str()))
        })
        .cloned()
        .collect();
    assert!(secrets.len() > 20, "the sample has professional data");
    let with_pro: Vec<&Facility> = all
        .iter()
        .filter(|f| !f.contact_points.is_empty() || !f.contact_windows.is_empty())
        .collect();
    assert!(!with_pro.is_empty());
    let c = centre();
    let mut paths = vec![
        "/health".to_string(),
        "/api/v1/search?per_page=200".to_string(),
        "/api/v1/search?per_page=200&page=2".to_string(),
        "/api/v1/search?per_page=200&format=geojson".to_string(),
        "/api/v1/search?per_page=200&page=2&format=geojson".to_string(),
        format!(
            "/api/v1/search?per_page=200&status=closed,planned,suspended,active&lat={}&lng={}",
            c.lat, c.lng
        ),
        "/api/v1/search?per_page=200&contact_window_at=2026-11-25T13:00&open_at=now".to_string(),
        "/api/v1/areas".to_string(),
        "/api/v1/areas/sample-area-1".to_string(),
        "/api/v1/taxonomy".to_string(),
        "/api/v1/openapi.json".to_string(),
    ];
    paths.extend(
        with_pro
            .iter()
            .map(|f| format!("/api/v1/facilities/{}", f.id.0)),
    );
    for path in &paths {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}");
        let body = r.text();
        for key in [
            "\"contact_windows\":[{",
            "\"contact_points\":[{",
            "\"internal_note\":\"",
        ] {
            assert!(!body.contains(key), "{path} carries {key}");
        }
        for secret in &secrets {
            assert!(!body.contains(secret.as_str()), "{path} leaks {secret:?}");
        }
    }
    let post = s.post_json("/api/v1/search", r#"{"per_page":200}"#);
    for secret in &secrets {
        assert!(!post.text().contains(secret.as_str()));
    }
    // A FAX marked professional is absent from the facility answer.
    let hidden_fax = all
        .iter()
        .find(|f| f.fax.is_some() && f.visibility_of(FieldGroup::Fax) == Visibility::Professional)
        .expect("the sample hides some FAX numbers");
    let r = s
        .get(&format!("/api/v1/facilities/{}", hidden_fax.id.0))
        .json();
    assert!(r.get("fax").is_none_or(Value::is_null));
}
