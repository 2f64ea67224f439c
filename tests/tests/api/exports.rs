//! The exports (CSV in the national open-data layout, GeoJSON, HSDS): the whole directory, and
//! the professional fields only for signed-in accounts.

use crate::accounts::professional_strings;
use crate::session::{Client, PASSWORD};
use model::Role;
use model::account::EditorScope;
use tests::{TestServer, sample};

/// Checks an export anonymously and signed in as a professional: the professional fields only
/// when signed in (and then never stored by a cache), and every listing that is not closed,
/// once — `count` reads the answer (checking the sample hospital `f` in it) and says how many
/// listings it holds.
fn check_export(path: &str, count: impl Fn(&tests::Resp, &model::Facility, bool) -> usize) {
    let s = TestServer::start();
    s.add_account(
        "cm@example.jp",
        Role::Professional,
        PASSWORD,
        EditorScope::default(),
    );
    let all = sample();
    let open = all
        .iter()
        .filter(|f| f.status != model::facility::LifecycleStatus::Closed)
        .count();
    let f = all
        .iter()
        .find(|f| f.id.as_str() == "sample-hospital-001")
        .unwrap();
    let secrets = professional_strings(f, &all);
    let c = Client::login(&s, "cm@example.jp");
    for signed_in in [false, true] {
        let r = if signed_in { c.get(path) } else { s.get(path) };
        assert_eq!(r.status, 200, "{path}");
        let text = r.text();
        let leaked: Vec<&String> = secrets
            .iter()
            .filter(|x| text.contains(x.as_str()))
            .collect();
        if signed_in {
            assert!(
                !leaked.is_empty(),
                "{path} signed in carries the professional fields"
            );
            assert_eq!(
                r.header("cache-control"),
                Some("private, no-store"),
                "{path}"
            );
        } else {
            assert!(leaked.is_empty(), "anonymous {path} leaks {leaked:?}");
        }
        assert_eq!(count(&r, f, signed_in), open, "{path}");
    }
}

#[test]
fn the_csv_export_keeps_the_national_columns_and_adds_caremap_ids() {
    check_export("/api/v1/exports/facilities.csv", |r, f, _| {
        let text = r.text();
        let mut rd =
            csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let h = rd.headers().unwrap().clone();
        assert_eq!(h.get(0), Some("都道府県コード又は市町村コード"));
        assert_eq!(h.get(23), Some("備考"));
        assert_eq!(h.get(24), Some("caremap_id"));
        let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
        let row = rows
            .iter()
            .find(|r| r.get(24) == Some(f.id.as_str()))
            .unwrap();
        assert_eq!(row.get(4), Some(f.name.as_str()));
        assert_eq!(row.get(11), f.phone.as_deref());
        rows.len()
    });
}

#[test]
fn the_geojson_export_places_every_listing() {
    check_export("/api/v1/exports/facilities.geojson", |r, f, signed_in| {
        let v = r.json();
        assert_eq!(v["type"], "FeatureCollection");
        let feat = v["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == f.id.as_str())
            .unwrap()
            .clone();
        assert_eq!(
            feat["geometry"]["coordinates"][0].as_f64(),
            f.location.map(|l| l.lng)
        );
        assert_eq!(feat["properties"].get("professional").is_some(), signed_in);
        v["features"].as_array().unwrap().len()
    });
}

#[test]
fn the_hsds_export_gives_locations_and_schedules() {
    check_export("/api/v1/exports/hsds.json", |r, f, _| {
        let v = r.json();
        let svc = v["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == f.id.as_str())
            .unwrap()
            .clone();
        assert_eq!(
            svc["service_at_locations"][0]["location"]["latitude"].as_f64(),
            f.location.map(|l| l.lat)
        );
        assert!(!svc["schedules"].as_array().unwrap().is_empty());
        v["services"].as_array().unwrap().len()
    });
}
