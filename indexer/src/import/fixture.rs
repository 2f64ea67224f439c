//! The caremap fixture format: NDJSON, one [`Facility`] per line, optionally preceded by a header
//! line `{"caremap_fixture": 1, "dataset": "…", "source": "…", "fictional": true}`. The header's
//! `source` fills `provenance.source` of records that have none. See `fixtures/README.md`.

use super::{invalid, read_file};
use crate::Result;
use model::Facility;
use std::path::Path;

/// Header line of a fixture file (`{"caremap_fixture": 1, …}`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FixtureHeader {
    /// Format version (1).
    pub caremap_fixture: u32,
    /// Name of the dataset.
    pub dataset: String,
    /// Provenance source for records without one.
    pub source: String,
    /// True for invented data (shown as 「サンプルデータ（架空）」).
    #[serde(default)]
    pub fictional: bool,
}

/// Parses a fixture file.
pub fn parse_fixture_file(path: &Path) -> Result<(Option<FixtureHeader>, Vec<Facility>)> {
    parse_fixture(path, &read_file(path)?)
}

/// Parses fixture text (`path` names the file in errors).
pub fn parse_fixture(path: &Path, text: &str) -> Result<(Option<FixtureHeader>, Vec<Facility>)> {
    let mut header: Option<FixtureHeader> = None;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() && header.is_none() && line.contains("\"caremap_fixture\"") {
            header = Some(
                serde_json::from_str(line)
                    .map_err(|e| invalid(path, n, format!("bad header: {e}")))?,
            );
            continue;
        }
        let mut f: Facility =
            serde_json::from_str(line).map_err(|e| invalid(path, n, e.to_string()))?;
        f.validate().map_err(|e| invalid(path, n, e.to_string()))?;
        if f.provenance.source.is_empty()
            && let Some(h) = &header
        {
            f.provenance.source = h.source.clone();
        }
        if f.provenance.source_ref.is_none() {
            f.provenance.source_ref = path
                .file_name()
                .map(|name| format!("{}:{n}", name.to_string_lossy()));
        }
        out.push(f);
    }
    Ok((header, out))
}

/// Writes facilities in the fixture format.
pub fn to_fixture_ndjson(header: &FixtureHeader, facilities: &[Facility]) -> String {
    let mut s = serde_json::to_string(header).unwrap_or_default();
    s.push('\n');
    for f in facilities {
        if let Ok(line) = serde_json::to_string(f) {
            s.push_str(&line);
            s.push('\n');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_line_is_named() {
        let text = "{\"caremap_fixture\":1,\"dataset\":\"t\",\"source\":\"test\",\"fictional\":true}\n\
            {\"id\":\"a\",\"name\":\"あ\",\"category\":\"medical\",\"services\":[\"clinic\"]}\n\
            {\"id\":\"b\",\"name\":\"い\",\"category\":\"medical\",\"services\":[\"bogus\"]}\n";
        let err = parse_fixture(Path::new("x.ndjson"), text)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("x.ndjson:3: unknown service type \"bogus\""),
            "{err}"
        );
        let ok = &text[..text.rfind("{\"id\":\"b\"").unwrap()];
        let (h, fs) = parse_fixture(Path::new("x.ndjson"), ok).unwrap();
        assert!(h.unwrap().fictional);
        assert_eq!(fs[0].provenance.source, "test");
        assert_eq!(fs[0].provenance.source_ref.as_deref(), Some("x.ndjson:2"));
    }
}
