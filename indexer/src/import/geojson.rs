//! Areas from GeoJSON: a FeatureCollection of Polygon or MultiPolygon features. By default the
//! properties hold `id`, `name`, `kind` (default `daily_life_area`), and optionally
//! `municipality_code` and `description`; an [`AreaMapping`] reads any other layout (a city's
//! 圏域 with `area_id` and `center_name`, say). Coordinates are GeoJSON order, `[lng, lat]`.

use super::{invalid, read_file};
use crate::Result;
use model::geo::{LatLng, MultiPolygon, Polygon};
use model::{Area, AreaKind};
use serde_json::Value;
use std::path::Path;

/// How a layer's properties become areas. Templates name properties in braces:
/// `hirakata-{area_id}`, `{center_name}圏域`.
#[derive(Debug, Clone)]
pub struct AreaMapping {
    /// Template of the id.
    pub id: String,
    /// Template of the name.
    pub name: String,
    /// Template of the description (none when empty).
    pub description: Option<String>,
    /// Kind of every area (when the layer has no `kind` property).
    pub kind: Option<AreaKind>,
    /// Municipality of every area (when the layer has no `municipality_code` property).
    pub municipality_code: Option<String>,
}

impl Default for AreaMapping {
    fn default() -> AreaMapping {
        AreaMapping {
            id: "{id}".into(),
            name: "{name}".into(),
            description: None,
            kind: None,
            municipality_code: None,
        }
    }
}

/// Fills a template from a feature's properties; `Err` names a missing property.
pub fn fill(template: &str, props: &Value) -> std::result::Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("unclosed {{ in {template:?}"))?;
        let key = &rest[open + 1..open + close];
        let value = match props.get(key) {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            _ => String::new(),
        };
        if value.is_empty() {
            return Err(format!("missing properties.{key}"));
        }
        out.push_str(&value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses a GeoJSON file of areas.
pub fn parse_areas_file(path: &Path) -> Result<Vec<Area>> {
    parse_areas(path, &read_file(path)?)
}

/// Parses a GeoJSON file of areas with a mapping.
pub fn parse_areas_file_with(path: &Path, mapping: &AreaMapping) -> Result<Vec<Area>> {
    parse_areas_with(path, &read_file(path)?, mapping)
}

/// Parses GeoJSON text of areas (`path` names the file in errors).
pub fn parse_areas(path: &Path, text: &str) -> Result<Vec<Area>> {
    parse_areas_with(path, text, &AreaMapping::default())
}

/// The features of a GeoJSON FeatureCollection (or of one Feature).
pub(crate) fn features(path: &Path, text: &str) -> Result<Vec<Value>> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| invalid(path, e.line(), e.to_string()))?;
    match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => Ok(root
            .get("features")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()),
        Some("Feature") => Ok(vec![root]),
        _ => Err(invalid(
            path,
            1,
            "expected a GeoJSON FeatureCollection or Feature",
        )),
    }
}

/// Parses GeoJSON text of areas with a mapping.
pub fn parse_areas_with(path: &Path, text: &str, mapping: &AreaMapping) -> Result<Vec<Area>> {
    features(path, text)?
        .iter()
        .enumerate()
        .map(|(i, f)| {
            feature(f, mapping)
                .map_err(|reason| invalid(path, format!("feature {}", i + 1), reason))
        })
        .collect()
}

fn feature(f: &Value, mapping: &AreaMapping) -> std::result::Result<Area, String> {
    let mut props = f.get("properties").cloned().unwrap_or(Value::Null);
    if props.get("id").is_none()
        && let (Some(id), Some(obj)) = (f.get("id"), props.as_object_mut())
    {
        obj.insert("id".into(), id.clone());
    }
    let s = |k: &str| props.get(k).and_then(Value::as_str).map(str::to_string);
    let id = fill(&mapping.id, &props)?;
    let name = fill(&mapping.name, &props)?;
    let kind = match (s("kind"), mapping.kind) {
        (_, Some(k)) => k,
        (None, None) => AreaKind::DailyLifeArea,
        (Some(k), None) => serde_json::from_value(Value::String(k.clone()))
            .map_err(|_| format!("unknown kind {k:?}"))?,
    };
    let description = match &mapping.description {
        Some(t) => Some(fill(t, &props)?),
        None => s("description"),
    };
    let geometry = f.get("geometry").ok_or("missing geometry")?;
    Ok(Area {
        id,
        kind,
        name,
        municipality_code: mapping
            .municipality_code
            .clone()
            .or_else(|| s("municipality_code")),
        geometry: multipolygon(geometry)?,
        description,
    })
}

/// A Polygon or MultiPolygon geometry.
pub(crate) fn multipolygon(geometry: &Value) -> std::result::Result<MultiPolygon, String> {
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
    Ok(MultiPolygon(polygons))
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

    #[test]
    fn a_mapping_reads_another_layout() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"area_id":3,"center_name":"はなまる","school_districts":"樟葉北, 樟葉"},
           "geometry":{"type":"Polygon","coordinates":[[[139.0,35.0],[139.1,35.0],[139.1,35.1],[139.0,35.0]]]}}]}"#;
        let mapping = AreaMapping {
            id: "hirakata-{area_id}".into(),
            name: "{center_name}圏域".into(),
            description: Some("{school_districts}小学校区".into()),
            kind: None,
            municipality_code: Some("272108".into()),
        };
        let a = &parse_areas_with(Path::new("h.geojson"), text, &mapping).unwrap()[0];
        assert_eq!(a.id, "hirakata-3");
        assert_eq!(a.name, "はなまる圏域");
        assert_eq!(a.description.as_deref(), Some("樟葉北, 樟葉小学校区"));
        assert_eq!(a.municipality_code.as_deref(), Some("272108"));
        let bad = AreaMapping {
            name: "{nope}".into(),
            ..mapping
        };
        let err = parse_areas_with(Path::new("h.geojson"), text, &bad)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "h.geojson:feature 1: missing properties.nope");
    }
}
