//! The sample municipality's listings as a test server loads them.

use model::Facility;
use std::path::Path;

/// The sample municipality's listings as the server loads them: the committed file with its
/// dates moved to today (no move when the clock is fixed at the sample's day).
pub fn sample() -> Vec<Facility> {
    crate::Clock::current();
    let mut all = indexer::import::fixture::parse_fixture(
        Path::new("sample-facilities.ndjson"),
        fixtures::SAMPLE_FACILITIES_NDJSON,
    )
    .unwrap()
    .1;
    fixtures::sample::rebase_dates(&mut all, today());
    all
}

/// Today in Japan (the server's date).
pub fn today() -> chrono::NaiveDate {
    crate::Clock::current();
    model::clock::today()
}

/// Ids of the active sample listings that satisfy `pred`, sorted.
pub fn active_ids(pred: impl Fn(&Facility) -> bool) -> Vec<String> {
    let mut ids: Vec<String> = sample()
        .into_iter()
        .filter(|f| f.status == model::facility::LifecycleStatus::Active && pred(f))
        .map(|f| f.id.0)
        .collect();
    ids.sort();
    ids
}

pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}
