//! 町丁目 address points for the geocoder, in the layout of the Geolonia 住所データ:
//! `DIR/ja.json` maps each prefecture to its municipalities, and `DIR/ja/<都道府県>/<市区町村>.json`
//! holds one array per municipality of `{town, koaza, lat, lng}` (see
//! `../shared/data/real/README.md`). Every file is read and checked before anything is written.

use super::{invalid, read_file};
use crate::Result;
use crate::geocode::{AddressMunicipality, AddressTown};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
struct RawTown {
    town: String,
    #[serde(default)]
    koaza: Option<String>,
    lat: Option<f64>,
    lng: Option<f64>,
}

/// Reads every municipality listed in `DIR/ja.json`.
pub fn parse_addresses_dir(dir: &Path) -> Result<Vec<AddressMunicipality>> {
    let index_path = dir.join("ja.json");
    let index: BTreeMap<String, Vec<String>> = serde_json::from_str(&read_file(&index_path)?)
        .map_err(|e| invalid(&index_path, e.line(), e.to_string()))?;
    let mut out = Vec::new();
    for (pref, munis) in index {
        if !model::geocode::PREFECTURES.contains(&pref.as_str()) {
            return Err(invalid(
                &index_path,
                1,
                format!("unknown prefecture {pref:?}"),
            ));
        }
        for name in munis {
            let path = dir.join("ja").join(&pref).join(format!("{name}.json"));
            let raw: Vec<RawTown> = serde_json::from_str(&read_file(&path)?)
                .map_err(|e| invalid(&path, e.line(), e.to_string()))?;
            let mut towns = Vec::with_capacity(raw.len());
            for (i, t) in raw.into_iter().enumerate() {
                let at = format!("entry {}", i + 1);
                if t.town.trim().is_empty() {
                    return Err(invalid(&path, at, "town is empty"));
                }
                if let (Some(lat), Some(lng)) = (t.lat, t.lng) {
                    model::geo::LatLng::new(lat, lng)
                        .map_err(|e| invalid(&path, &at, e.to_string()))?;
                }
                towns.push(AddressTown {
                    town: t.town,
                    koaza: t.koaza.unwrap_or_default(),
                    lat: t.lat,
                    lng: t.lng,
                });
            }
            out.push(AddressMunicipality {
                prefecture: pref.clone(),
                name,
                towns,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_folder_and_names_a_bad_entry() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ja.json"), r#"{"大阪府":["枚方市"]}"#).unwrap();
        std::fs::create_dir_all(dir.path().join("ja/大阪府")).unwrap();
        let file = dir.path().join("ja/大阪府/枚方市.json");
        std::fs::write(
            &file,
            r#"[{"town":"伊加賀北町","koaza":"","lat":34.809115,"lng":135.641705},{"town":"大字津田","lat":null,"lng":null}]"#,
        )
        .unwrap();
        let m = parse_addresses_dir(dir.path()).unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].towns.len(), 2);
        assert_eq!(m[0].towns[1].lat, None);
        std::fs::write(
            &file,
            r#"[{"town":"伊加賀北町","koaza":"","lat":134.8,"lng":135.6}]"#,
        )
        .unwrap();
        let err = parse_addresses_dir(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("枚方市.json:entry 1: invalid latitude"),
            "{err}"
        );
    }
}
