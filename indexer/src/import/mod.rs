//! Importers: the project's fixture format, the MHLW 介護サービス情報公表 open-data CSV, and areas
//! from GeoJSON. Each parser reads a whole file and either returns every record or the first
//! error with file and line; the engine then writes the file in one transaction, so a file
//! commits whole or not at all. Ids are stable, so re-importing updates instead of duplicating.

pub mod fixture;
pub mod geojson;
pub mod mhlw;

use crate::error::Error;
use std::path::Path;

pub(crate) fn invalid(file: &Path, at: impl ToString, reason: impl Into<String>) -> Error {
    Error::InvalidRecord {
        file: file.display().to_string(),
        at: at.to_string(),
        reason: reason.into(),
    }
}

pub(crate) fn read_file(path: &Path) -> crate::Result<String> {
    std::fs::read_to_string(path).map_err(Error::io(format!("reading {}", path.display())))
}
