//! The HTTP API over a real server (random port, temporary data folder, the sample municipality
//! loaded at start as `caremap serve` does), checked against the committed sample data.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail loudly on unexpected errors"
)]

mod accounts;
mod contract;
mod crash;
mod session;
mod startup;
mod workflows;

use chrono::DateTime;
use model::Facility;
use model::facility::{Accepting, FieldGroup, LifecycleStatus, ServiceArea, Visibility};
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
fn every_search_parameter_filters_like_the_data() {
    let s = TestServer::start();
    let all = sample();

    // No parameter: the active listings.
    assert_eq!(sorted(s.all_ids(&[])), active_ids(|_| true));

    // q: every listing whose name contains the text is found (label and kana matches may add).
    let found: BTreeSet<String> = s.all_ids(&[("q", "訪問看護")]).into_iter().collect();
    let named = active_ids(|f| f.name.contains("訪問看護"));
    assert!(!named.is_empty());
    assert!(named.iter().all(|id| found.contains(id)), "q misses names");
    // Full-width and katakana forms find the same listings as hiragana.
    assert_eq!(
        sorted(s.all_ids(&[("q", "ﾎｳﾓﾝｶﾝｺﾞ")])),
        sorted(s.all_ids(&[("q", "ほうもんかんご")]))
    );

    // category, service (repeatable and comma-separated), capability (all of).
    assert_eq!(
        sorted(s.all_ids(&[("category", "care")])),
        active_ids(|f| f.category == "care")
    );
    let clinic_or_pharmacy =
        active_ids(|f| f.services.iter().any(|x| x == "clinic" || x == "pharmacy"));
    assert_eq!(
        sorted(s.all_ids(&[("service", "clinic"), ("service", "pharmacy")])),
        clinic_or_pharmacy
    );
    assert_eq!(
        sorted(s.all_ids(&[("service", "clinic,pharmacy")])),
        clinic_or_pharmacy
    );
    let has = |f: &Facility, c: &str| f.capability_codes().any(|x| x == c);
    assert_eq!(
        sorted(s.all_ids(&[
            ("capability", "home_visit_medical"),
            ("capability", "end_of_life_care")
        ])),
        active_ids(|f| has(f, "home_visit_medical") && has(f, "end_of_life_care"))
    );

    // area (repeatable): the hits are in the area, and counts match the area facet.
    let facets = s.search(&[])["facets"]["area"].clone();
    let a1 = s.all_ids(&[("area", "sample-area-1")]);
    assert_eq!(a1.len() as u64, facets["sample-area-1"].as_u64().unwrap());
    let a12 = s.search(&[("area", "sample-area-1"), ("area", "sample-area-2")]);
    assert_eq!(
        a12["total"].as_u64().unwrap(),
        facets["sample-area-1"].as_u64().unwrap() + facets["sample-area-2"].as_u64().unwrap()
    );
    for h in s.search(&[("area", "sample-area-1"), ("per_page", "200")])["hits"]
        .as_array()
        .unwrap()
    {
        assert!(
            h["areas"]
                .as_array()
                .unwrap()
                .contains(&Value::from("sample-area-1"))
        );
    }

    // municipality: the neighbouring town is separate.
    for code in ["999016", "999024"] {
        assert_eq!(
            sorted(s.all_ids(&[("municipality", code)])),
            active_ids(|f| f.municipality_code.as_deref() == Some(code))
        );
    }

    // lat/lng/radius_m: within the great-circle radius, nearest first with distances.
    let c = centre();
    let (lat, lng) = (c.lat.to_string(), c.lng.to_string());
    let near = s.search(&[
        ("lat", &lat),
        ("lng", &lng),
        ("radius_m", "2500"),
        ("sort", "distance"),
        ("per_page", "200"),
    ]);
    let want = active_ids(|f| {
        f.location
            .is_some_and(|l| haversine_m(c, l.point()) <= 2500.0)
    });
    assert_eq!(sorted(ids_of(&near)), want);
    let d: Vec<f64> = near["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["distance_m"].as_f64().unwrap())
        .collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "nearest first");
    assert!(d.iter().all(|x| *x <= 2500.0));
    // Without a radius the point only orders (and default relevance without text = distance).
    let ordered = s.search(&[("lat", &lat), ("lng", &lng), ("per_page", "50")]);
    assert_eq!(ordered["total"], s.search(&[])["total"]);
    let d: Vec<f64> = ordered["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["distance_m"].as_f64())
        .collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]));

    // bbox=minLng,minLat,maxLng,maxLat.
    let (w, so, e, n) = (c.lng - 0.02, c.lat - 0.015, c.lng + 0.02, c.lat + 0.015);
    let bbox = format!("{w},{so},{e},{n}");
    let inside = active_ids(|f| {
        f.location
            .is_some_and(|l| (w..=e).contains(&l.lng) && (so..=n).contains(&l.lat))
    });
    assert!(!inside.is_empty());
    assert_eq!(sorted(s.all_ids(&[("bbox", &bbox)])), inside);

    // serves=lat,lng: every home-visit service whose radius covers the point, and nothing that
    // does not cover it.
    let serves = format!("{},{}", c.lat, c.lng);
    let found: BTreeSet<String> = s.all_ids(&[("serves", &serves)]).into_iter().collect();
    let by_radius = active_ids(|f| match (f.effective_service_area(), f.location) {
        (Some(ServiceArea::RadiusM(r)), Some(l)) => haversine_m(c, l.point()) <= r,
        _ => false,
    });
    assert!(!by_radius.is_empty());
    assert!(by_radius.iter().all(|id| found.contains(id)));
    for f in all.iter().filter(|f| found.contains(&f.id.0)) {
        match (f.effective_service_area(), f.location) {
            (Some(ServiceArea::RadiusM(r)), Some(l)) => {
                assert!(haversine_m(c, l.point()) <= r, "{}", f.id.0)
            }
            (Some(_), _) => {}
            (None, _) => panic!("{} has no service area", f.id.0),
        }
    }

    // open_at (RFC 3339, local time, now): open listings, each hit says open_now.
    for (given, at) in [
        ("2026-11-25T10:00:00+09:00", "2026-11-25T10:00:00+09:00"),
        ("2026-11-25T10:00", "2026-11-25T10:00:00+09:00"),
        ("2026-09-22T10:00:00+09:00", "2026-09-22T10:00:00+09:00"),
    ] {
        let t = DateTime::parse_from_rfc3339(at).unwrap();
        let want = active_ids(|f| {
            f.public_view()
                .opening_hours
                .is_some_and(|h| h.is_open_at(t))
        });
        assert_eq!(
            sorted(s.all_ids(&[("open_at", given)])),
            want,
            "open_at={given}"
        );
        let r = s.search(&[("open_at", given), ("per_page", "200")]);
        assert!(
            r["hits"]
                .as_array()
                .unwrap()
                .iter()
                .all(|h| h["open_now"] == Value::Bool(true))
        );
    }
    // `now` is accepted; whatever is open at this moment says so (nothing may be open, e.g. on
    // a Sunday night, so the check is per hit).
    let now = s.search(&[("open_at", "now"), ("per_page", "200")]);
    for h in now["hits"].as_array().unwrap() {
        assert_eq!(h["open_now"], true, "{h}");
    }

    // contact_window_at: anonymous visitors filter on public ケアマネタイム only.
    let t = DateTime::parse_from_rfc3339("2026-11-24T12:45:00+09:00").unwrap();
    let public_windows = active_ids(|f| {
        f.visibility_of(FieldGroup::ContactWindows) == Visibility::Public
            && f.contact_window_open_at(t)
    });
    assert_eq!(
        sorted(s.all_ids(&[("contact_window_at", "2026-11-24T12:45:00+09:00")])),
        public_windows
    );

    // accepting=true|false over the public acceptance status, unknown once older than 14 days.
    let today = model::clock::today();
    let policy = model::freshness::FreshnessPolicy::default();
    let acc = |f: &Facility| policy.current_accepting(&f.public_view(), today);
    assert_eq!(
        sorted(s.all_ids(&[("accepting", "true")])),
        active_ids(|f| matches!(acc(f), Some(Accepting::Yes | Accepting::Limited)))
    );
    assert_eq!(
        sorted(s.all_ids(&[("accepting", "false")])),
        active_ids(|f| acc(f) == Some(Accepting::No))
    );

    // status (repeatable): closed and planned listings only when asked.
    let mut want: Vec<String> = all
        .iter()
        .filter(|f| matches!(f.status, LifecycleStatus::Closed | LifecycleStatus::Planned))
        .map(|f| f.id.0.clone())
        .collect();
    want.sort();
    assert!(!want.is_empty());
    assert_eq!(
        sorted(s.all_ids(&[("status", "closed"), ("status", "planned")])),
        want
    );

    // sort=name (kana order) and sort=id.
    let by_id = ids_of(&s.search(&[("sort", "id"), ("per_page", "200")]));
    assert!(by_id.windows(2).all(|w| w[0] < w[1]));
    let by_name = s.search(&[("sort", "name"), ("service", "clinic"), ("per_page", "200")]);
    let kana: Vec<String> = by_name["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kana"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(kana.len() > 10);
    let mut k = kana.clone();
    k.sort();
    assert_eq!(kana, k, "sort=name follows the kana reading");
}

#[test]
fn combinations_pagination_facets_and_geojson() {
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
fn taxonomy_areas_cors_compression_and_caching() {
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
    let again = s.get_with("/api/v1/taxonomy", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(
        s.get_with("/api/v1/taxonomy", &[("If-None-Match", "\"other\"")])
            .status,
        200
    );

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

    // CORS: any origin may GET; preflight allows GET only.
    let r = s.get_with(
        "/api/v1/search?per_page=1",
        &[("Origin", "https://www.city.example.lg.jp")],
    );
    assert_eq!(r.status, 200);
    let allowed = r.header("access-control-allow-origin").unwrap();
    assert!(allowed == "*" || allowed == "https://www.city.example.lg.jp");
    assert!(r.header("x-request-id").is_some_and(|v| v.len() >= 16));

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
