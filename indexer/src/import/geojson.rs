//! Areas from GeoJSON: a FeatureCollection of Polygon or MultiPolygon features whose properties
//! hold `id`, `name`, `kind` (default `daily_life_area`), and optionally `municipality_code` and
//! `description`. Coordinates are GeoJSON order, `[lng, lat]`.

use super::{invalid, read_file};
use crate::Result;
use model::geo::{LatLng, MultiPolygon, Polygon};
use model::{Area, AreaKind};
use serde_json::Value;
use std::path::Path;

/// Parses a GeoJSON file of areas.
pub fn parse_areas_file(path: &Path) -> Result<Vec<Area>> {
    parse_areas(path, &read_file(path)?)
}

/// Parses GeoJSON text of areas (`path` names the file in errors).
pub fn parse_areas(path: &Path, text: &str) -> Result<Vec<Area>> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| invalid(path, e.line(), e.to_string()))?;
    let features = match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => root
            .get("features")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        Some("Feature") => vec![root.clone()],
        _ => {
            return Err(invalid(
                path,
                1,
                "expected a GeoJSON FeatureCollection or Feature",
            ));
        }
    };
    features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            feature(f).map_err(|reason| invalid(path, format!("feature {}", i + 1), reason))
        })
        .collect()
}

fn feature(f: &Value) -> std::result::Result<Area, String> {
    let props = f.get("properties").cloned().unwrap_or(Value::Null);
    let s = |k: &str| props.get(k).and_then(Value::as_str).map(str::to_string);
    let id = s("id").or_else(|| f.get("id").and_then(Value::as_str).map(str::to_string));
    let id = id
        .filter(|i| !i.trim().is_empty())
        .ok_or("missing properties.id")?;
    let name = s("name")
        .filter(|n| !n.trim().is_empty())
        .ok_or("missing properties.name")?;
    let kind = match s("kind") {
        None => AreaKind::DailyLifeArea,
        Some(k) => serde_json::from_value(Value::String(k.clone()))
            .map_err(|_| format!("unknown kind {k:?}"))?,
    };
    let geometry = f.get("geometry").ok_or("missing geometry")?;
    let coords = geometry.get("coordinates").ok_or("missing coordinates")?;
    let polygons = match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => vec![polygon(coords)?],
        Some("MultiPolygon") => coords
            .as_array()
            .ok_or("bad coordinates")?
            .iter()
            .map(polygon)
            .collect::<std::result::Result<_, _>>()?,
        other => {
            return Err(format!(
                "geometry must be Polygon or MultiPolygon, not {other:?}"
            ));
        }
    };
    Ok(Area {
        id,
        kind,
        name,
        municipality_code: s("municipality_code"),
        geometry: MultiPolygon(polygons),
        description: s("description"),
    })
}

fn ring(v: &Value) -> std::result::Result<Vec<LatLng>, String> {
    let pts = v.as_array().ok_or("ring must be an array")?;
    if pts.len() < 4 {
        return Err("a ring needs at least 4 positions".into());
    }
    pts.iter()
        .map(|p| {
            let a = p.as_array().ok_or("position must be [lng, lat]")?;
            let (Some(lng), Some(lat)) = (
                a.first().and_then(Value::as_f64),
                a.get(1).and_then(Value::as_f64),
            ) else {
                return Err("position must be [lng, lat]".to_string());
            };
            LatLng::new(lat, lng).map_err(|e| e.to_string())
        })
        .collect()
}

fn polygon(v: &Value) -> std::result::Result<Polygon, String> {
    let rings = v.as_array().ok_or("polygon must be an array of rings")?;
    let mut rings = rings.iter().map(ring);
    let exterior = rings.next().ok_or("polygon has no ring")??;
    let holes = rings.collect::<std::result::Result<_, _>>()?;
    Ok(Polygon { exterior, holes })
}

/// One area as a GeoJSON Feature (MultiPolygon); `extra` properties are added to its own.
pub fn area_feature(a: &Area, extra: serde_json::Map<String, Value>) -> Value {
    let ring = |r: &[LatLng]| {
        Value::Array(
            r.iter()
                .map(|p| serde_json::json!([p.lng, p.lat]))
                .collect(),
        )
    };
    let polys: Vec<Value> = a
        .geometry
        .0
        .iter()
        .map(|p| {
            let mut rings = vec![ring(&p.exterior)];
            rings.extend(p.holes.iter().map(|h| ring(h)));
            Value::Array(rings)
        })
        .collect();
    let mut props = serde_json::json!({
        "id": a.id, "name": a.name, "kind": a.kind,
        "municipality_code": a.municipality_code, "description": a.description,
    });
    if let Some(m) = props.as_object_mut() {
        m.extend(extra);
    }
    serde_json::json!({
        "type": "Feature",
        "properties": props,
        "geometry": { "type": "MultiPolygon", "coordinates": polys },
    })
}

/// Writes areas as a GeoJSON FeatureCollection.
pub fn to_geojson(areas: &[Area]) -> Value {
    let features = areas
        .iter()
        .map(|a| area_feature(a, serde_json::Map::new()))
        .collect::<Vec<_>>();
    serde_json::json!({ "type": "FeatureCollection", "features": features })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"id":"a1","name":"中央圏域"},
           "geometry":{"type":"Polygon","coordinates":[[[139.0,35.0],[139.1,35.0],[139.1,35.1],[139.0,35.0]]]}}]}"#;
        let areas = parse_areas(Path::new("a.geojson"), text).unwrap();
        assert_eq!(areas[0].kind, AreaKind::DailyLifeArea);
        assert_eq!(
            areas[0].geometry.0[0].exterior[1],
            LatLng {
                lat: 35.0,
                lng: 139.1
            }
        );
        let back = parse_areas(Path::new("b"), &to_geojson(&areas).to_string()).unwrap();
        assert_eq!(back, areas);
        let bad = text.replace("139.1,35.1", "139.1,95.1");
        let err = parse_areas(Path::new("a.geojson"), &bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("a.geojson:feature 1: invalid latitude 95.1"),
            "{err}"
        );
    }
}
