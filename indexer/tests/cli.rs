//! The `caremap-indexer` binary as a user runs it.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_caremap-indexer"));
    c.env_remove("CAREMAP_DATABASE_URL")
        .env_remove("CAREMAP_DATA_DIR")
        .env("RUST_BACKTRACE", "0");
    c
}

fn run(args: &[&str], data: &Path) -> Output {
    bin()
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn committed_sample_files_equal_the_generator_output() {
    let out = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["generate", "--sample", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["sample-facilities.ndjson", "sample-areas.geojson"] {
        let fresh = std::fs::read_to_string(out.path().join(f)).unwrap();
        let committed = std::fs::read_to_string(repo().join("fixtures/data").join(f)).unwrap();
        assert!(
            fresh == committed,
            "fixtures/data/{f} is stale: run caremap-indexer generate --sample --out fixtures/data"
        );
    }
}

#[test]
fn a_broken_file_among_good_ones_imports_nothing_and_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = repo().join("../shared/data/real/kaigo_130_houmonkango.csv");
    let text = std::fs::read_to_string(&good).unwrap();
    let mut lines: Vec<&str> = text.split("\r\n").take(60).collect();
    let broken_row = lines[41].replacen(",訪問看護,", ",温泉,", 1);
    lines[41] = &broken_row;
    let bad = dir.path().join("kaigo_999_broken.csv");
    std::fs::write(&bad, lines.join("\r\n")).unwrap();
    let data = dir.path().join("data");
    let o = run(
        &[
            "import",
            "mhlw-csv",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
        ],
        &data,
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("kaigo_999_broken.csv:42:"), "{err}");
    let stats = run(&["stats"], &data);
    let v: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(v["facilities"], 0, "nothing was written");
}

#[test]
fn import_fixtures_and_areas_then_search_prints_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let fx = repo().join("fixtures/data");
    let o = run(
        &[
            "import",
            "areas",
            fx.join("sample-areas.geojson").to_str().unwrap(),
        ],
        &data,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(
        &[
            "import",
            "fixtures",
            fx.join("sample-facilities.ndjson").to_str().unwrap(),
        ],
        &data,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let q = r#"{"areas":["sample-area-6"],"categories":["medical"],"per_page":5}"#;
    let o = run(&["search", q], &data);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let total = v["total"].as_u64().unwrap();
    assert!(total > 5);
    assert_eq!(v["hits"].as_array().unwrap().len(), 5);
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["category"] == "medical")
    );
    assert!(v["facets"]["area"]["sample-area-6"].as_u64().unwrap() >= total);
    // A bad query is a clear error.
    let o = run(&["search", r#"{"services":["spa"]}"#], &data);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown service type \"spa\""));
    // Rebuilding the index keeps every listing searchable.
    let o = run(&["rebuild-index"], &data);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["search", q], &data);
    let v2: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v2["total"], total);
}

#[test]
fn generate_is_deterministic() {
    let a = bin()
        .args(["generate", "--count", "50", "--seed", "9"])
        .output()
        .unwrap();
    let b = bin()
        .args(["generate", "--count", "50", "--seed", "9"])
        .output()
        .unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(String::from_utf8_lossy(&a.stdout).lines().count(), 51);
}
