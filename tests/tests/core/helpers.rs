//! Shared test helpers: a fresh database per test, the sample city loaded into an engine.

use indexer::engine::{Engine, EngineSettings};
use indexer::import::{fixture, geojson};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use tempfile::TempDir;

/// `../shared/data/real` beside the repository.
pub fn real_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/real")
}

/// A database URL for one test: a new PostgreSQL database when CAREMAP_TEST_POSTGRES_URL names a
/// server, else a SQLite file in `dir`.
pub async fn database_url(dir: &Path) -> String {
    match std::env::var("CAREMAP_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => {
            static N: AtomicU32 = AtomicU32::new(0);
            let name = format!(
                "cm_test_{}_{}_{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst),
                chrono::Utc::now().timestamp_micros() % 1_000_000
            );
            let db = sea_orm::Database::connect(&admin)
                .await
                .expect("connect to the postgres server");
            use sea_orm::ConnectionTrait;
            db.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            format!("{base}/{name}")
        }
        _ => indexer::store::default_database_url(dir),
    }
}

/// Fixes the process's clock at the instant the sample describes, so that "today" and "open now"
/// are the same on every run (the sample's dates then need no moving).
pub fn fix_clock() {
    model::clock::fix(fixtures::sample::as_of_instant()).expect("one fixed instant for all tests");
}

/// Settings for a test: an index folder in a temp dir and the test database.
pub async fn settings(dir: &TempDir) -> EngineSettings {
    fix_clock();
    EngineSettings {
        data_dir: Some(dir.path().to_path_buf()),
        database_url: database_url(dir.path()).await,
        ..EngineSettings::in_memory()
    }
}

/// An engine with the sample city's areas and listings loaded from the committed fixture files.
pub async fn sample_engine() -> (TempDir, Engine) {
    sample_engine_with(|_| {}).await
}

/// [`sample_engine`] with adjusted settings.
pub async fn sample_engine_with(adjust: impl FnOnce(&mut EngineSettings)) -> (TempDir, Engine) {
    let (dir, engine, _) = sample_engine_and_settings(adjust).await;
    (dir, engine)
}

/// [`sample_engine_with`], also returning the settings it was opened with (to open it again).
pub async fn sample_engine_and_settings(
    adjust: impl FnOnce(&mut EngineSettings),
) -> (TempDir, Engine, EngineSettings) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = settings(&dir).await;
    adjust(&mut s);
    let engine = Engine::open(&s).await.unwrap();
    let areas = geojson::parse_areas(
        Path::new("sample-areas.geojson"),
        fixtures::SAMPLE_AREAS_GEOJSON,
    )
    .unwrap();
    engine.upsert_areas(areas).await.unwrap();
    engine.upsert(sample_facilities()).await.unwrap();
    (dir, engine, s)
}

/// The editorial workflows over an engine.
pub fn editorial(engine: &Engine) -> indexer::editorial::Editorial<'_> {
    indexer::editorial::Editorial::new(engine)
}

/// Today in Japan.
pub fn today() -> chrono::NaiveDate {
    model::clock::today()
}

/// The sample listings as committed (the clock is fixed at the day they describe).
pub fn sample_facilities() -> Vec<model::Facility> {
    fix_clock();
    fixture::parse_fixture(
        Path::new("sample-facilities.ndjson"),
        fixtures::SAMPLE_FACILITIES_NDJSON,
    )
    .unwrap()
    .1
}

/// Runs a query under each planner strategy and checks that they agree on everything.
pub fn same_under_every_planner(
    engine: &Engine,
    case: &serde_json::Value,
) -> model::SearchResponse {
    use indexer::engine::Planner;
    let q: model::SearchQuery = serde_json::from_value(case.clone()).unwrap();
    let answers: Vec<model::SearchResponse> = [Planner::Sets, Planner::Scan, Planner::Cost]
        .into_iter()
        .map(|p| {
            engine.set_planner(p);
            engine.search(&q).unwrap()
        })
        .collect();
    engine.set_planner(Planner::Cost);
    let ids = |r: &model::SearchResponse| {
        r.hits
            .iter()
            .map(|h| (h.id.0.clone(), h.distance_m))
            .collect::<Vec<_>>()
    };
    for other in &answers[1..] {
        assert_eq!(answers[0].total, other.total, "{case}");
        assert_eq!(answers[0].facets, other.facets, "{case}");
        assert_eq!(ids(&answers[0]), ids(other), "{case}");
    }
    answers.into_iter().next_back().unwrap()
}

/// A query from its JSON form.
pub fn query(v: serde_json::Value) -> model::SearchQuery {
    serde_json::from_value(v).unwrap()
}

/// Every hit of a query, following the pages.
pub fn all_ids(engine: &Engine, q: &model::SearchQuery) -> Vec<String> {
    let mut out = Vec::new();
    for page in 1.. {
        let mut q = q.clone();
        q.page = Some(page);
        q.per_page = Some(200);
        let res = engine.search(&q).unwrap();
        if res.hits.is_empty() {
            break;
        }
        out.extend(res.hits.into_iter().map(|h| h.id.0));
    }
    out
}

/// Whether a listing is searchable by default (active, not closed or planned).
pub fn active(f: &model::Facility) -> bool {
    f.status == model::facility::LifecycleStatus::Active
}
