//! The real population files (`../shared/data/real/population/`) as the suites load them.

use indexer::engine::Engine;
use indexer::engine::population::{PopulationFile, PopulationReport};
use indexer::import::population;
use std::path::Path;

/// Imports the 住民基本台帳 age table (every municipality) and 大阪府's census small areas from
/// `real` (the real data folder); answers the census import's report.
pub async fn import_osaka_population(engine: &Engine, real: &Path) -> PopulationReport {
    let pop = real.join("population");
    let (rows, as_of) =
        population::parse_juki(&pop.join("juki_2023-01-01_municipal_age.xlsx")).unwrap();
    engine
        .import_population(PopulationFile::Municipal { rows, as_of })
        .await
        .unwrap();
    engine
        .import_population(PopulationFile::SmallAreas {
            rows: population::parse_census_small_areas(
                &pop.join("census2020_small_area_age_osaka_tblT001082C27.csv"),
            )
            .unwrap(),
            year: 2020,
        })
        .await
        .unwrap()
}
