//! The demo: the fictional sample municipality (さくら野市), loaded into an empty store that never
//! received real data, and its 町丁目 as the site's "near a place" list. The only production code
//! that reads the `fixtures` crate.

use frontend::wire::Place;
use indexer::engine::Engine;
use indexer::import::{fixture, geojson as area_geojson};
use std::path::Path;

/// Loads the fictional sample municipality when the store holds no facility and has never
/// received real data (no data source but the sample is recorded), its dates moved to today
/// ([`fixtures::sample::rebase_dates`]).
pub async fn load_sample_if_empty(engine: &Engine) -> anyhow::Result<()> {
    if engine.stats().await?.facilities > 0 {
        return Ok(());
    }
    if engine.has_real_data().await? {
        tracing::warn!("the store has received real data: the sample municipality is not loaded");
        return Ok(());
    }
    let areas = area_geojson::parse_areas(
        Path::new("sample-areas.geojson"),
        fixtures::SAMPLE_AREAS_GEOJSON,
    )?;
    engine.upsert_areas(areas).await?;
    let (_, mut facilities) = fixture::parse_fixture(
        Path::new("sample-facilities.ndjson"),
        fixtures::SAMPLE_FACILITIES_NDJSON,
    )?;
    fixtures::sample::rebase_dates(&mut facilities, model::clock::today());
    let n = facilities.len();
    engine.upsert(facilities).await?;
    engine.record_source(&model::sources::sample()).await?;
    tracing::info!(
        facilities = n,
        "store was empty: loaded the sample municipality さくら野市（架空）"
    );
    Ok(())
}

/// The sample's 町丁目 as places to search near, when the sample city is loaded (else none).
pub fn places(engine: &Engine) -> Vec<Place> {
    if engine.area("sample-city").is_none() {
        return Vec::new();
    }
    fixtures::sample::sample_city()
        .towns
        .iter()
        .map(|t| Place {
            name: t.name.to_string(),
            kana: t.kana.to_string(),
            point: t.center,
        })
        .collect()
}
