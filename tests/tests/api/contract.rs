//! The HTTP contract: every route the server has answers as documented, and the OpenAPI document
//! lists every route and parameter.

use std::collections::BTreeSet;
use tests::TestServer;

/// Every route the server has: method, documented path, an example that exists in the sample data, and the status an anonymous call with an
/// empty JSON body gets (the editing routes refuse anonymous callers).
const ROUTES: &[(&str, &str, &str, u16)] = &[
    ("get", "/health", "/health", 200),
    (
        "get",
        "/api/v1/search",
        "/api/v1/search?q=%E8%A8%BA%E7%99%82%E6%89%80",
        200,
    ),
    ("post", "/api/v1/search", "/api/v1/search", 200),
    ("get", "/api/v1/coverage", "/api/v1/coverage", 200),
    (
        "get",
        "/api/v1/facilities/{id}",
        "/api/v1/facilities/sample-clinic-001",
        200,
    ),
    ("get", "/api/v1/areas", "/api/v1/areas", 200),
    (
        "get",
        "/api/v1/areas/{id}",
        "/api/v1/areas/sample-area-1",
        200,
    ),
    ("get", "/api/v1/taxonomy", "/api/v1/taxonomy", 200),
    ("get", "/api/v1/openapi.json", "/api/v1/openapi.json", 200),
    ("post", "/api/v1/auth/login", "/api/v1/auth/login", 400),
    ("post", "/api/v1/auth/logout", "/api/v1/auth/logout", 401),
    ("get", "/api/v1/auth/session", "/api/v1/auth/session", 401),
    ("post", "/api/v1/facilities", "/api/v1/facilities", 401),
    (
        "put",
        "/api/v1/facilities/{id}",
        "/api/v1/facilities/sample-clinic-001",
        401,
    ),
    (
        "patch",
        "/api/v1/facilities/{id}",
        "/api/v1/facilities/sample-clinic-001",
        401,
    ),
    (
        "delete",
        "/api/v1/facilities/{id}",
        "/api/v1/facilities/sample-clinic-001",
        401,
    ),
    (
        "post",
        "/api/v1/facilities/{id}/verify",
        "/api/v1/facilities/sample-clinic-001/verify",
        401,
    ),
    (
        "get",
        "/api/v1/facilities/{id}/history",
        "/api/v1/facilities/sample-clinic-001/history",
        401,
    ),
    (
        "post",
        "/api/v1/changes/{id}/revert",
        "/api/v1/changes/1/revert",
        401,
    ),
    (
        "post",
        "/api/v1/facilities/{id}/update-link",
        "/api/v1/facilities/sample-clinic-001/update-link",
        401,
    ),
    (
        "delete",
        "/api/v1/facilities/{id}/update-link",
        "/api/v1/facilities/sample-clinic-001/update-link",
        401,
    ),
    ("get", "/api/v1/update/{token}", "/api/v1/update/0123", 404),
    ("post", "/api/v1/update/{token}", "/api/v1/update/0123", 400),
    (
        "get",
        "/api/v1/change-requests",
        "/api/v1/change-requests",
        401,
    ),
    (
        "get",
        "/api/v1/reports/staleness",
        "/api/v1/reports/staleness",
        401,
    ),
    (
        "get",
        "/api/v1/availability-round",
        "/api/v1/availability-round",
        401,
    ),
    (
        "post",
        "/api/v1/availability-round",
        "/api/v1/availability-round",
        401,
    ),
    (
        "post",
        "/api/v1/change-requests/{id}/approve",
        "/api/v1/change-requests/1/approve",
        401,
    ),
    (
        "post",
        "/api/v1/change-requests/{id}/reject",
        "/api/v1/change-requests/1/reject",
        401,
    ),
    (
        "get",
        "/api/v1/exports/facilities.csv",
        "/api/v1/exports/facilities.csv",
        200,
    ),
    (
        "get",
        "/api/v1/exports/facilities.geojson",
        "/api/v1/exports/facilities.geojson",
        200,
    ),
    (
        "get",
        "/api/v1/exports/hsds.json",
        "/api/v1/exports/hsds.json",
        200,
    ),
    (
        "get",
        "/api/v1/freshness-policies",
        "/api/v1/freshness-policies",
        401,
    ),
    (
        "put",
        "/api/v1/freshness-policies/{municipality}",
        "/api/v1/freshness-policies/999016",
        401,
    ),
    ("get", "/api/v1/geocode", "/api/v1/geocode", 400),
    (
        "get",
        "/api/v1/geocode/suggest",
        "/api/v1/geocode/suggest?q=%E6%9C%AC%E7%94%BA",
        200,
    ),
    ("get", "/api/v1/sources", "/api/v1/sources", 200),
    ("get", "/api/v1/reviews", "/api/v1/reviews", 401),
    (
        "post",
        "/api/v1/reviews/{id}/resolve",
        "/api/v1/reviews/1/resolve",
        401,
    ),
    ("get", "/api/v1/imports", "/api/v1/imports", 401),
    ("get", "/api/v1/campaigns", "/api/v1/campaigns", 401),
    ("post", "/api/v1/campaigns", "/api/v1/campaigns", 401),
    ("get", "/api/v1/campaigns/{id}", "/api/v1/campaigns/1", 401),
    (
        "post",
        "/api/v1/campaigns/{id}/close",
        "/api/v1/campaigns/1/close",
        401,
    ),
];

#[test]
fn openapi_lists_every_route_and_parameter() {
    let s = TestServer::start();
    let doc = s.get("/api/v1/openapi.json");
    assert_eq!(doc.status, 200);
    let doc = doc.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let mut documented = BTreeSet::new();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.clone(), path.clone()));
        }
    }
    let routes: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p, _, _)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(
        documented, routes,
        "openapi.json and the server's routes differ"
    );
    // Each route answers as documented (not a 404 or 405).
    for (method, _, example, status) in ROUTES {
        let r = s.send(method, example, Some("{}"), &[]);
        assert_eq!(r.status, *status, "{method} {example}: {}", r.text());
    }
    // Every search parameter the parser reads is documented, and nothing else.
    let params: BTreeSet<String> = paths["/api/v1/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    let parsed: BTreeSet<String> = model::params::PARAMETERS
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(params, parsed);
    // Errors are documented with their body.
    let responses = &paths["/api/v1/search"]["get"]["responses"];
    assert!(responses["400"]["content"]["application/json"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(doc["components"]["schemas"]["SearchResponse"].is_object());
}

/// Answers the router itself gives are JSON errors like every other: a path of the API under a
/// method it does not have is 405 with `Allow`; a query parameter of the wrong type is 400
/// `invalid_parameter`; a path parameter that cannot be an id is 404. HEAD works wherever GET
/// does.
#[test]
fn the_routers_own_answers_are_documented_json_errors() {
    let s = TestServer::start();
    for (method, path, allow) in [
        ("delete", "/api/v1/taxonomy", "GET"),
        ("put", "/api/v1/facilities", "POST"),
        ("post", "/health", "GET"),
        ("get", "/api/v1/facilities/x/verify", "POST"),
    ] {
        let r = s.send(method, path, None, &[]);
        assert_eq!(r.status, 405, "{method} {path}");
        assert_eq!(r.header("allow"), Some(allow), "{method} {path}");
        assert_eq!(r.json()["code"], "method_not_allowed");
    }
    let r = s.get("/api/v1/nothing/here");
    assert_eq!(
        (r.status, r.json()["code"].clone()),
        (404, "not_found".into())
    );
    let r = s.get("/api/v1/geocode/suggest?q=%E6%9E%9A&limit=-1");
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.json()["code"], "invalid_parameter");
    let r = s.get("/api/v1/campaigns/99999999999999999999");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["code"], "not_found");
    // HEAD is the GET without its body.
    let get = s.get("/api/v1/taxonomy");
    let head = s.send("head", "/api/v1/taxonomy", None, &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string().as_str())
    );
    assert_eq!(s.send("head", "/", None, &[]).status, 200);
}
