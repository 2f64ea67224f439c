//! The search API's parameters, each checked against the committed sample data: a test per
//! parameter, each on its own server.

use crate::{centre, ids_of};
use chrono::DateTime;
use model::Facility;
use model::facility::{Accepting, FieldGroup, LifecycleStatus, ServiceArea, Visibility};
use model::geo::haversine_m;
use serde_json::Value;
use std::collections::BTreeSet;
use tests::{TestServer, active_ids, sample, sorted};

#[test]
fn no_parameter_gives_the_active_listings() {
    let s = TestServer::start();
    // No parameter: the active listings.
    assert_eq!(sorted(s.all_ids(&[])), active_ids(|_| true));
}

#[test]
fn q_finds_every_name_and_folds_width_and_kana() {
    let s = TestServer::start();
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
}

#[test]
fn category_service_and_capability_filter_like_the_data() {
    let s = TestServer::start();
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
}

#[test]
fn area_hits_lie_in_the_area_and_agree_with_its_facet() {
    let s = TestServer::start();
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
}

#[test]
fn municipality_keeps_the_neighbouring_town_apart() {
    let s = TestServer::start();
    // municipality: the neighbouring town is separate.
    for code in ["999016", "999024"] {
        assert_eq!(
            sorted(s.all_ids(&[("municipality", code)])),
            active_ids(|f| f.municipality_code.as_deref() == Some(code))
        );
    }
}

#[test]
fn a_point_orders_nearest_first_and_a_radius_bounds_it() {
    let s = TestServer::start();
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
}

#[test]
fn bbox_keeps_what_lies_inside() {
    let s = TestServer::start();
    let c = centre();
    // bbox=minLng,minLat,maxLng,maxLat.
    let (w, so, e, n) = (c.lng - 0.02, c.lat - 0.015, c.lng + 0.02, c.lat + 0.015);
    let bbox = format!("{w},{so},{e},{n}");
    let inside = active_ids(|f| {
        f.location
            .is_some_and(|l| (w..=e).contains(&l.lng) && (so..=n).contains(&l.lat))
    });
    assert!(!inside.is_empty());
    assert_eq!(sorted(s.all_ids(&[("bbox", &bbox)])), inside);
}

#[test]
fn serves_finds_every_service_area_that_covers_the_point() {
    let s = TestServer::start();
    let all = sample();
    let c = centre();
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
}

#[test]
fn open_at_finds_what_is_open_then() {
    let s = TestServer::start();
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
}

#[test]
fn contact_window_at_uses_public_windows_for_visitors() {
    let s = TestServer::start();
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
}

#[test]
fn accepting_follows_the_fresh_public_status() {
    let s = TestServer::start();
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
}

#[test]
fn status_brings_closed_and_planned_only_when_asked() {
    let s = TestServer::start();
    let all = sample();
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
}

#[test]
fn sort_by_id_and_by_kana_reading() {
    let s = TestServer::start();
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
