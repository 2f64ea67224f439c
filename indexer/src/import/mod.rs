//! Importers: the project's fixture format, the MHLW 介護サービス情報公表 open-data CSV, and areas
//! from GeoJSON. Each parser reads a whole file and either returns every record or the first
//! error with file and line; the engine then writes the file in one transaction, so a file
//! commits whole or not at all. Ids are stable, so re-importing updates instead of duplicating.

pub mod addresses;
pub mod fixture;
pub mod geojson;
pub mod kosei;
pub mod mhlw;
pub mod municipalities;
pub mod population;
pub mod sheet;
pub mod table;

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

/// Where the record the csv reader places at `byte` begins: a record of a CRLF file "starts"
/// at the LF that ends the line before it.
pub(crate) fn record_start(bytes: &[u8], byte: u64) -> usize {
    let mut at = (byte as usize).min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    at
}

/// Line numbers of byte offsets in a text read front to back (the csv crate's own line count is
/// off by one for CRLF files): each call counts only the newlines since the previous one.
pub(crate) struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    /// Lines of `text`.
    pub(crate) fn new(text: &'a str) -> Lines<'a> {
        Lines {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line of a record starting at `byte` (offsets must not decrease).
    pub(crate) fn of(&mut self, byte: u64) -> usize {
        let end = record_start(self.bytes, byte);
        if end > self.at {
            self.line += self.bytes[self.at..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.at = end;
        }
        self.line
    }
}
