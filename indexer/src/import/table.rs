//! A city's own tables: CSV, spreadsheets (xlsx, xls, ods) or GeoJSON point layers, read
//! through a small mapping file (TOML) that says which column is which field, how values map to
//! service types, and which source the rows come from with its credit line.
//!
//! ```toml
//! [source]
//! id = "hirakata-medical"                        # the source's id
//! name = "枚方市 医療機関（医療情報ネット）"
//! credit = "「医療情報ネット（厚生労働省）」（公共データ利用規約 1.0）を加工して作成"
//! licence = "公共データ利用規約 1.0"           # optional
//! as_of = "2026-04-01"                           # optional
//! priority = 30                                  # optional: beats the national files (10, 20)
//!
//! [record]
//! key = "{facility_id}"        # the row's key in the source (a template over the columns)
//! id = "hirakata-medical-{facility_id}"           # the listing id of a new listing
//! complete = true              # the table is the whole list: close listings it no longer has
//! category = "consultation"    # optional: instead of the service type's own category
//! capabilities = ["consultation_window"]   # optional: what every row's facility does
//!
//! [columns]                    # field = template ({column} is replaced by the row's value)
//! name = "{name}"
//! address = "{address_full}"   # the whole address on one line
//! phone = "{tel}"
//! url = "{website}"
//! beds = "{total_beds}"
//! care_office_number = "{jigyosho_id}"
//! # also: name_kana, operator, postal_code, fax, email, description, capacity,
//! # medical_institution_code, corporate_number, lat, lng (a GeoJSON point needs neither)
//!
//! [service]
//! column = "category"          # or `fixed = "community_support_center"`
//! separator = "; "             # several services in one cell
//! split = true                 # one listing per service (care offices: 事業所番号 + service)
//! [service.values]             # value → service type code, or an MHLW service code
//! med_hospital = "hospital"
//! "通所介護（デイサービス）" = "150"
//! ```
//!
//! A value not in `values` is looked up among the taxonomy's names and the MHLW service names;
//! a value found nowhere, a missing key or name, or a bad number or coordinate rejects the whole
//! file, naming the row. A care office split by service gets the key and id suffix
//! `-{MHLW code}`, so it meets the national files' listing of the same office and service.

use super::geojson::features;
use super::sheet::read_first_sheet;
use super::{Lines, invalid, read_file};
use crate::Result;
use crate::import::geojson::fill;
use crate::ingest::{Batch, Scope};
use chrono::NaiveDate;
use model::facility::{
    Address, Beds, CapabilityClaim, CapabilitySource, Location, OfficialIds, Provenance,
};
use model::sources::{DataSource, SourceRecord};
use model::{Facility, FacilityId, taxonomy};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The `[source]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSection {
    /// Source id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Credit line.
    pub credit: String,
    /// Licence.
    #[serde(default)]
    pub licence: Option<String>,
    /// Where it is published.
    #[serde(default)]
    pub url: Option<String>,
    /// Date the data is current at.
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
    /// Priority against other sources.
    #[serde(default)]
    pub priority: Option<u8>,
}

/// The `[record]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSection {
    /// Template of the row's key.
    pub key: String,
    /// Template of a new listing's id.
    pub id: String,
    /// Whether the table is the whole list of its source.
    #[serde(default)]
    pub complete: bool,
    /// Category of every listing (instead of its service type's).
    #[serde(default)]
    pub category: Option<String>,
    /// Capabilities every listing of the table has (claimed by the table's source, a
    /// municipal one).
    #[serde(default)]
    pub capabilities: Vec<String>,
}

/// The `[service]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSection {
    /// Column holding the service.
    #[serde(default)]
    pub column: Option<String>,
    /// One service for every row.
    #[serde(default)]
    pub fixed: Option<String>,
    /// Separator of several services in one cell.
    #[serde(default)]
    pub separator: Option<String>,
    /// One listing per service.
    #[serde(default)]
    pub split: bool,
    /// Value → service type code or MHLW service code.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}

/// A mapping file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The source.
    pub source: SourceSection,
    /// Keys and ids.
    pub record: RecordSection,
    /// Field templates.
    pub columns: BTreeMap<String, String>,
    /// Service types.
    pub service: ServiceSection,
}

/// The fields `[columns]` may set.
const FIELDS: &[&str] = &[
    "name",
    "name_kana",
    "operator",
    "address",
    "postal_code",
    "phone",
    "fax",
    "email",
    "url",
    "description",
    "capacity",
    "beds",
    "care_office_number",
    "medical_institution_code",
    "corporate_number",
    "lat",
    "lng",
];

impl Mapping {
    /// Reads and checks a mapping file.
    pub fn read(path: &Path) -> Result<Mapping> {
        let text = read_file(path)?;
        let m: Mapping = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
                .unwrap_or(1);
            invalid(path, line, e.message().to_string())
        })?;
        for field in m.columns.keys() {
            if !FIELDS.contains(&field.as_str()) {
                return Err(invalid(
                    path,
                    1,
                    format!(
                        "[columns] {field:?} is not a field (one of {})",
                        FIELDS.join(", ")
                    ),
                ));
            }
        }
        if !m.columns.contains_key("name") {
            return Err(invalid(path, 1, "[columns] needs name"));
        }
        if m.service.column.is_none() == m.service.fixed.is_none() {
            return Err(invalid(path, 1, "[service] needs either column or fixed"));
        }
        if let Some(fixed) = &m.service.fixed
            && resolve_service(fixed).is_none()
        {
            return Err(invalid(
                path,
                1,
                format!("[service] fixed {fixed:?} is not a service type"),
            ));
        }
        for (value, code) in &m.service.values {
            if resolve_service(code).is_none() {
                return Err(invalid(
                    path,
                    1,
                    format!(
                        "[service.values] {value:?} = {code:?} is neither a service type nor an MHLW service code"
                    ),
                ));
            }
        }
        if let Some(c) = &m.record.category
            && taxonomy::category(c).is_none()
        {
            return Err(invalid(path, 1, format!("unknown category {c:?}")));
        }
        for c in &m.record.capabilities {
            if taxonomy::capability(c).is_none() {
                return Err(invalid(path, 1, format!("unknown capability {c:?}")));
            }
        }
        Ok(m)
    }

    /// The source as recorded.
    pub fn data_source(&self) -> DataSource {
        DataSource {
            id: self.source.id.clone(),
            name: self.source.name.clone(),
            credit: self.source.credit.clone(),
            licence: self.source.licence.clone(),
            url: self.source.url.clone(),
            as_of: self.source.as_of,
            fictional: false,
            priority: Some(self.source.priority.unwrap_or(30)),
        }
    }
}

/// A service type code, or an MHLW service code, to (service type, MHLW code).
fn resolve_service(code: &str) -> Option<(&'static str, Option<String>)> {
    if let Some(t) = taxonomy::service_type(code) {
        return Some((
            t.code,
            (t.mhlw_codes.len() == 1).then(|| t.mhlw_codes[0].to_string()),
        ));
    }
    taxonomy::service_type_for_mhlw_code(code).map(|t| (t.code, Some(code.to_string())))
}

/// A cell value as a service: the mapping's table, else the taxonomy's names.
fn service_of(m: &Mapping, value: &str) -> Option<(&'static str, Option<String>)> {
    let v = value.trim();
    if let Some(code) = m.service.values.get(v) {
        return resolve_service(code);
    }
    if let Some(code) = taxonomy::mhlw_code_for_label(v) {
        return resolve_service(code);
    }
    taxonomy::service_type_by_name(v).and_then(|t| resolve_service(t.code))
}

/// One row of any format: where it is, its values, and a point if the layer has one.
struct Item {
    at: String,
    values: Value,
    point: Option<(f64, f64)>,
}

fn rows_of(path: &Path) -> Result<Vec<Item>> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "geojson" | "json" => {
            let text = read_file(path)?;
            features(path, &text)?
                .into_iter()
                .enumerate()
                .map(|(i, f)| {
                    let at = format!("feature {}", i + 1);
                    let point = match f.get("geometry") {
                        None | Some(Value::Null) => None,
                        Some(g) => {
                            match (g.get("type").and_then(Value::as_str), g.get("coordinates")) {
                                (Some("Point"), Some(Value::Array(c))) => {
                                    match (
                                        c.first().and_then(Value::as_f64),
                                        c.get(1).and_then(Value::as_f64),
                                    ) {
                                        (Some(lng), Some(lat)) => Some((lat, lng)),
                                        _ => {
                                            return Err(invalid(
                                                path,
                                                &at,
                                                "a Point needs [lng, lat]",
                                            ));
                                        }
                                    }
                                }
                                (other, _) => {
                                    return Err(invalid(
                                        path,
                                        &at,
                                        format!("geometry must be a Point, not {other:?}"),
                                    ));
                                }
                            }
                        }
                    };
                    Ok(Item {
                        at,
                        values: f.get("properties").cloned().unwrap_or(Value::Null),
                        point,
                    })
                })
                .collect()
        }
        "csv" => {
            let text = read_file(path)?;
            let text = text.trim_start_matches('\u{feff}');
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(text.as_bytes());
            let headers: Vec<String> = reader
                .headers()
                .map_err(|e| invalid(path, 1, e.to_string()))?
                .iter()
                .map(|h| h.trim().to_string())
                .collect();
            let mut out = Vec::new();
            let mut lines = Lines::new(text);
            for rec in reader.records() {
                let rec = rec.map_err(|e| {
                    invalid(
                        path,
                        e.position().map_or(0, |p| lines.of(p.byte())),
                        e.to_string(),
                    )
                })?;
                let line = rec.position().map_or(0, |p| lines.of(p.byte()));
                let values: serde_json::Map<String, Value> = headers
                    .iter()
                    .zip(rec.iter())
                    .map(|(h, v)| (h.clone(), Value::String(v.trim().to_string())))
                    .collect();
                out.push(Item {
                    at: format!("{line}"),
                    values: Value::Object(values),
                    point: None,
                });
            }
            Ok(out)
        }
        "xlsx" | "xlsm" | "xls" | "ods" => {
            let rows = read_first_sheet(path)?;
            let mut rows = rows.into_iter().skip_while(|r| r.is_blank());
            let Some(header) = rows.next() else {
                return Ok(Vec::new());
            };
            Ok(rows
                .filter(|r| !r.is_blank())
                .map(|r| Item {
                    at: format!("row {}", r.number),
                    values: Value::Object(
                        header
                            .cells
                            .iter()
                            .zip(r.cells.iter())
                            .map(|(h, v)| (h.clone(), Value::String(v.clone())))
                            .collect(),
                    ),
                    point: None,
                })
                .collect())
        }
        other => Err(invalid(
            path,
            1,
            format!("unknown table format {other:?} (csv, xlsx, xls, ods, geojson)"),
        )),
    }
}

/// A template's value for a row; empty when the template's columns are empty.
fn value(template: Option<&String>, values: &Value) -> Option<String> {
    let t = template?;
    fill(t, values)
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Reads a table through its mapping into a batch.
pub fn parse_table(path: &Path, m: &Mapping) -> Result<Batch> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut records = Vec::new();
    for item in rows_of(path)? {
        let err = |reason: String| invalid(path, &item.at, reason);
        let col = |field: &str| value(m.columns.get(field), &item.values);
        let key = fill(&m.record.key, &item.values).map_err(&err)?;
        let name = col("name").ok_or_else(|| err("name is empty".into()))?;
        // Service types of the row.
        let cells: Vec<String> = match (&m.service.fixed, &m.service.column) {
            (Some(fixed), _) => vec![fixed.clone()],
            (None, Some(column)) => {
                let cell = match item.values.get(column) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => String::new(),
                };
                match &m.service.separator {
                    Some(sep) => cell.split(sep.as_str()).map(str::to_string).collect(),
                    None => vec![cell],
                }
            }
            (None, None) => Vec::new(),
        };
        let mut services: Vec<(&'static str, Option<String>)> = Vec::new();
        for c in cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
            let s = match &m.service.fixed {
                Some(fixed) => resolve_service(fixed),
                None => service_of(m, c),
            }
            .ok_or_else(|| {
                err(format!(
                    "unknown service {c:?} (add it to [service.values])"
                ))
            })?;
            if !services.iter().any(|x| x.0 == s.0 && x.1 == s.1) {
                services.push(s);
            }
        }
        if services.is_empty() {
            return Err(err("no service type".into()));
        }
        let number = |field: &str| -> Result<Option<u32>> {
            match col(field) {
                None => Ok(None),
                Some(v) => v
                    .replace(',', "")
                    .parse::<u32>()
                    .map(|n| (n > 0).then_some(n))
                    .map_err(|_| err(format!("{field} {v:?} is not a number"))),
            }
        };
        let coordinate = |field: &str| -> Result<Option<f64>> {
            col(field)
                .map(|v| {
                    v.parse::<f64>()
                        .map_err(|_| err(format!("{field} {v:?} is not a number")))
                })
                .transpose()
        };
        let point = match (item.point, coordinate("lat")?, coordinate("lng")?) {
            (Some(p), _, _) => Some(p),
            (None, Some(lat), Some(lng)) => Some((lat, lng)),
            (None, None, None) => None,
            _ => return Err(err("lat and lng must both be given".into())),
        };
        // (0, 0) is a geocoder's "not found", not a place: the address will place the row.
        let location = match point.filter(|&(lat, lng)| lat != 0.0 || lng != 0.0) {
            Some((lat, lng)) => {
                model::geo::LatLng::new(lat, lng).map_err(|e| err(e.to_string()))?;
                Some(Location {
                    lat,
                    lng,
                    ..Default::default()
                })
            }
            None => None,
        };
        let capacity = number("capacity")?;
        let beds = number("beds")?.map(|total| Beds {
            total,
            detail: String::new(),
        });
        let groups: Vec<Vec<(&'static str, Option<String>)>> = if m.service.split {
            services.iter().map(|s| vec![s.clone()]).collect()
        } else {
            vec![services.clone()]
        };
        for group in groups {
            let suffix = match (m.service.split, &group[0].1) {
                (true, Some(code)) => format!("-{code}"),
                (true, None) => format!("-{}", group[0].0),
                (false, _) => String::new(),
            };
            let id = fill(&m.record.id, &item.values).map_err(&err)?;
            let id = FacilityId::new(format!("{id}{suffix}")).map_err(|e| err(e.to_string()))?;
            let mut f = Facility::new(id, name.clone(), group[0].0);
            f.services = group.iter().map(|s| s.0.to_string()).collect();
            if let Some(c) = &m.record.category {
                f.category = c.clone();
            }
            f.name_kana = col("name_kana");
            f.operator = col("operator");
            f.official_ids = OfficialIds {
                care_office_number: col("care_office_number"),
                medical_institution_code: col("medical_institution_code"),
                corporate_number: col("corporate_number"),
            };
            f.address = Address {
                postal_code: col("postal_code"),
                prefecture: String::new(),
                city: String::new(),
                street: col("address").unwrap_or_default(),
                building: None,
            };
            f.location = location;
            f.phone = col("phone");
            f.fax = col("fax");
            f.email = col("email");
            f.url = col("url");
            f.description = col("description");
            f.capacity = capacity;
            f.beds = beds.clone();
            f.capabilities = m
                .record
                .capabilities
                .iter()
                .map(|c| CapabilityClaim {
                    code: c.clone(),
                    source: CapabilitySource::Municipal,
                    reference: Some(m.source.name.clone()),
                    ..CapabilityClaim::default()
                })
                .collect();
            f.provenance = Provenance {
                source: m.source.id.clone(),
                source_ref: Some(format!("{file_name}:{}", item.at)),
                records: vec![SourceRecord {
                    source: m.source.id.clone(),
                    key: format!("{key}{suffix}"),
                }],
                ..Provenance::default()
            };
            f.validate().map_err(|e| err(e.to_string()))?;
            records.push(f);
        }
    }
    Ok(Batch {
        source: m.data_source(),
        records,
        complete: m.record.complete.then_some(Scope::All),
        files: vec![path.display().to_string()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAPPING: &str = r#"
[source]
id = "city-care"
name = "市の介護事業所"
credit = "市のデータを基に作成"

[record]
key = "{no}"
id = "city-care-{no}"
complete = true

[columns]
name = "{name}"
address = "{address}"
phone = "{tel}"
capacity = "{cap}"
care_office_number = "{no}"

[service]
column = "service"
separator = "; "
split = true
[service.values]
"訪問介護（ホームヘルプ）" = "110"
"#;

    fn mapping(dir: &Path) -> Mapping {
        let p = dir.join("m.toml");
        std::fs::write(&p, MAPPING).unwrap();
        Mapping::read(&p).unwrap()
    }

    #[test]
    fn csv_rows_split_by_service_and_geojson_points() {
        let dir = tempfile::tempdir().unwrap();
        let m = mapping(dir.path());
        let csv = dir.path().join("t.csv");
        std::fs::write(
            &csv,
            "\u{feff}no,name,address,tel,cap,service\r\n2712403472,高木ケア,大阪府枚方市東香里南町7-3,072-854-6800,0,訪問介護; 訪問介護（ホームヘルプ）; 居宅介護支援\r\n",
        )
        .unwrap();
        let b = parse_table(&csv, &m).unwrap();
        let ids: Vec<&str> = b.records.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            vec!["city-care-2712403472-110", "city-care-2712403472-430"]
        );
        assert_eq!(b.records[0].provenance.records[0].key, "2712403472-110");
        assert_eq!(b.records[0].capacity, None);
        assert_eq!(b.records[1].services, vec!["care_management"]);
        assert_eq!(b.complete, Some(Scope::All));
        let geo = dir.path().join("t.geojson");
        std::fs::write(
            &geo,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[135.65,34.77]},
              "properties":{"no":"2712400001","name":"ひかり訪問介護","address":"枚方市","tel":"","cap":"30","service":"訪問介護"}}]}"#,
        )
        .unwrap();
        let b = parse_table(&geo, &m).unwrap();
        assert_eq!(b.records[0].location.unwrap().lat, 34.77);
        assert_eq!(b.records[0].capacity, Some(30));
        assert_eq!(b.records[0].phone, None);
    }

    #[test]
    fn bad_rows_and_mappings_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let m = mapping(dir.path());
        let csv = dir.path().join("t.csv");
        std::fs::write(
            &csv,
            "no,name,address,tel,cap,service\n1,A,x,,1,訪問介護\n2,B,x,,many,訪問介護\n",
        )
        .unwrap();
        let err = parse_table(&csv, &m).unwrap_err().to_string();
        assert!(
            err.ends_with("t.csv:3: capacity \"many\" is not a number"),
            "{err}"
        );
        std::fs::write(
            &csv,
            "no,name,address,tel,cap,service\r\n1,A,x,,1,訪問介護\r\n2,B,x,,many,訪問介護\r\n",
        )
        .unwrap();
        let err = parse_table(&csv, &m).unwrap_err().to_string();
        assert!(
            err.ends_with("t.csv:3: capacity \"many\" is not a number"),
            "{err}"
        );
        std::fs::write(&csv, "no,name,address,tel,cap,service\n1,A,x,,1,温泉\n").unwrap();
        let err = parse_table(&csv, &m).unwrap_err().to_string();
        assert!(err.contains("t.csv:2: unknown service \"温泉\""), "{err}");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, MAPPING.replace("phone = ", "telephone = ")).unwrap();
        let err = Mapping::read(&bad).unwrap_err().to_string();
        assert!(err.contains("\"telephone\" is not a field"), "{err}");
    }
}
