//! Municipal boundaries (国土数値情報 行政区域, N03) as areas of kind 市町村.
//!
//! Each feature's properties name the prefecture (`N03_001`), the county or designated city
//! (`N03_003`), the municipality or ward (`N03_004`) and its 5-digit code (`N03_007`). An area's
//! id is `municipality-{6-digit code}` (the code with its check digit), its name the county or
//! city and the municipality as the address data writes them (「三島郡島本町」, 「札幌市中央区」,
//! 「枚方市」), its description the prefecture. Features of one code (islands) are joined;
//! features without a code (所属未定地) are skipped.

use super::geojson::{features, multipolygon};
use super::{invalid, read_file};
use crate::Result;
use model::geocode::municipality_code_with_check_digit;
use model::{Area, AreaKind};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Id of the area of a municipality.
pub fn area_id(code: &str) -> String {
    format!("municipality-{code}")
}

/// Reads an N03 boundary file.
pub fn parse_municipalities_file(path: &Path) -> Result<Vec<Area>> {
    parse_municipalities(path, &read_file(path)?)
}

/// Reads N03 GeoJSON text (`path` names the file in errors).
pub fn parse_municipalities(path: &Path, text: &str) -> Result<Vec<Area>> {
    let mut by_code: BTreeMap<String, Area> = BTreeMap::new();
    for (i, f) in features(path, text)?.iter().enumerate() {
        let at = format!("feature {}", i + 1);
        let props = f.get("properties").cloned().unwrap_or(Value::Null);
        let s = |k: &str| {
            props
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let Some(code5) = s("N03_007") else {
            continue;
        };
        let code = municipality_code_with_check_digit(&code5).ok_or_else(|| {
            invalid(
                path,
                &at,
                format!("N03_007 {code5:?} is not a 5-digit code"),
            )
        })?;
        let pref = s("N03_001").ok_or_else(|| invalid(path, &at, "missing properties.N03_001"))?;
        let local = s("N03_004").ok_or_else(|| invalid(path, &at, "missing properties.N03_004"))?;
        let name = format!("{}{local}", s("N03_003").unwrap_or_default());
        let geometry = f
            .get("geometry")
            .ok_or_else(|| invalid(path, &at, "missing geometry"))?;
        let shape = multipolygon(geometry).map_err(|e| invalid(path, &at, e))?;
        match by_code.get_mut(&code) {
            Some(a) => a.geometry.0.extend(shape.0),
            None => {
                by_code.insert(
                    code.clone(),
                    Area {
                        id: area_id(&code),
                        kind: AreaKind::Municipality,
                        name,
                        municipality_code: Some(code),
                        geometry: shape,
                        description: Some(pref),
                    },
                );
            }
        }
    }
    Ok(by_code.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_joined_islands() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"N03_001":"大阪府","N03_003":null,"N03_004":"枚方市","N03_007":"27210"},
           "geometry":{"type":"Polygon","coordinates":[[[135.6,34.8],[135.7,34.8],[135.7,34.9],[135.6,34.8]]]}},
          {"type":"Feature","properties":{"N03_001":"大阪府","N03_003":"三島郡","N03_004":"島本町","N03_007":"27301"},
           "geometry":{"type":"Polygon","coordinates":[[[135.6,34.8],[135.7,34.8],[135.7,34.9],[135.6,34.8]]]}},
          {"type":"Feature","properties":{"N03_001":"大阪府","N03_003":null,"N03_004":"枚方市","N03_007":"27210"},
           "geometry":{"type":"Polygon","coordinates":[[[135.5,34.8],[135.6,34.8],[135.6,34.9],[135.5,34.8]]]}},
          {"type":"Feature","properties":{"N03_001":"東京都","N03_003":null,"N03_004":"所属未定地","N03_007":null},
           "geometry":{"type":"Polygon","coordinates":[[[135.5,34.8],[135.6,34.8],[135.6,34.9],[135.5,34.8]]]}}]}"#;
        let areas = parse_municipalities(Path::new("n03.geojson"), text).unwrap();
        assert_eq!(areas.len(), 2);
        assert_eq!(areas[0].id, "municipality-272108");
        assert_eq!(areas[0].name, "枚方市");
        assert_eq!(areas[0].geometry.0.len(), 2);
        assert_eq!(areas[1].name, "三島郡島本町");
        assert_eq!(areas[1].municipality_code.as_deref(), Some("273015"));
    }
}
