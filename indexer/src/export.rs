//! Exports of the whole directory, each built from [`Facility::view_for`] so it carries only
//! what the viewer may see:
//!
//! - CSV ([`csv_header`], [`csv_row`]): the MHLW open-data layout
//!   ([`crate::import::mhlw::HEADERS`]) followed by caremap's own columns (`caremap_*`);
//!   professional viewers also get the professional columns. UTF-8 with BOM, CRLF, as the open
//!   data is published.
//! - GeoJSON ([`geojson_feature`]): a FeatureCollection of every listing with its full record
//!   as properties.
//! - HSDS ([`hsds_service`]): the directory in the shape of the Human Services Data
//!   Specification (HSDS 3) `service` objects, with organization, location, phones and
//!   schedules nested.
//!
//! [`ExportWriter`] writes any of them one listing at a time.

use crate::import::mhlw::HEADERS;
use model::facility::{Facility, FacilityView, Visibility};
use model::schedule::{Day, Schedule, Weeks};
use model::sources::DataSource;
use model::taxonomy;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// caremap's columns after the MHLW layout.
pub const CAREMAP_COLUMNS: [&str; 11] = [
    "caremap_id",
    "caremap_category",
    "caremap_services",
    "caremap_capabilities",
    "caremap_status",
    "caremap_accepting",
    "caremap_accepting_as_of",
    "caremap_verified_at",
    "caremap_areas",
    "caremap_source",
    "caremap_credit",
];

/// Professional-only columns (signed-in viewers).
pub const PROFESSIONAL_COLUMNS: [&str; 4] = [
    "caremap_pro_phone_fax",
    "caremap_contact_windows",
    "caremap_contact_points",
    "caremap_internal_note",
];

/// The MHLW サービスの種類 label of a service, or caremap's label for services outside the
/// open data (clinics, pharmacies, …).
fn mhlw_label(service: &str) -> String {
    let Some(def) = taxonomy::service_type(service) else {
        return service.to_string();
    };
    def.mhlw_codes
        .iter()
        .find_map(|c| taxonomy::MHLW_LABELS.iter().find(|(code, _)| code == c))
        .map_or_else(|| def.label.to_string(), |(_, l)| l.to_string())
}

/// Weekdays with a slot, e.g. 「月火水木金」.
fn open_days(s: &Schedule) -> String {
    Day::ALL
        .into_iter()
        .filter(|d| s.slots.iter().any(|x| x.day == *d))
        .map(Day::label)
        .collect()
}

fn slots_line(s: &Schedule) -> String {
    s.slots_text().replace('\n', " / ")
}

/// The CSV header for a viewer with `clearance`.
pub fn csv_header(clearance: Visibility) -> Vec<&'static str> {
    let mut header: Vec<&str> = HEADERS
        .iter()
        .chain(CAREMAP_COLUMNS.iter())
        .copied()
        .collect();
    if clearance == Visibility::Professional {
        header.extend(PROFESSIONAL_COLUMNS);
    }
    header
}

/// The `n`-th (from 1) CSV row: one listing as a viewer with `clearance` may see it, with the
/// credit line of its sources.
pub fn csv_row(n: usize, f: &Facility, clearance: Visibility, credit: &str) -> Vec<String> {
    let pro = clearance == Visibility::Professional;
    let v = f.view_for(clearance);
    let p = &v.facility;
    let o = |x: &Option<String>| x.clone().unwrap_or_default();
    let mut row = vec![
        o(&p.municipality_code),
        n.to_string(),
        p.address.prefecture.clone(),
        p.address.city.clone(),
        p.name.clone(),
        o(&p.name_kana),
        p.services
            .first()
            .map(|s| mhlw_label(s))
            .unwrap_or_default(),
        format!(
            "{}{}{}",
            p.address.prefecture, p.address.city, p.address.street
        ),
        o(&p.address.building),
        p.location.map(|l| l.lat.to_string()).unwrap_or_default(),
        p.location.map(|l| l.lng.to_string()).unwrap_or_default(),
        o(&p.phone),
        o(&p.fax),
        o(&p.official_ids.corporate_number),
        o(&p.operator),
        p.official_ids
            .care_office_number
            .clone()
            .or_else(|| p.official_ids.medical_institution_code.clone())
            .unwrap_or_default(),
        p.opening_hours.as_ref().map(open_days).unwrap_or_default(),
        p.opening_hours
            .as_ref()
            .map(|s| {
                let mut t = slots_line(s);
                if let Some(n) = &s.note {
                    t = format!("{t}（{n}）");
                }
                t
            })
            .unwrap_or_default(),
        p.capacity.map(|c| c.to_string()).unwrap_or_default(),
        o(&p.url),
        String::new(),
        String::new(),
        String::new(),
        o(&p.description),
        p.id.0.clone(),
        p.category.clone(),
        p.services.join(";"),
        p.capabilities
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        p.status.code().to_string(),
        p.availability
            .as_ref()
            .map(|a| a.accepting.code().to_string())
            .unwrap_or_default(),
        p.availability
            .as_ref()
            .map(|a| a.as_of.to_string())
            .unwrap_or_default(),
        p.provenance
            .verified_at
            .map(|d| d.to_string())
            .unwrap_or_default(),
        p.areas.join(";"),
        p.provenance.source.clone(),
        credit.to_string(),
    ];
    if let Some(pf) = v.professional.as_ref().filter(|_| pro) {
        row.push(
            [
                pf.phone.as_deref().map(|x| format!("TEL {x}")),
                pf.fax.as_deref().map(|x| format!("FAX {x}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
        );
        row.push(
            pf.contact_windows
                .iter()
                .map(|cw| {
                    let mut t = slots_line(&cw.schedule);
                    for x in [&cw.contact_person, &cw.phone, &cw.note]
                        .into_iter()
                        .flatten()
                    {
                        t.push(' ');
                        t.push_str(x);
                    }
                    t
                })
                .collect::<Vec<_>>()
                .join(" | "),
        );
        row.push(
            pf.contact_points
                .iter()
                .map(|c| {
                    [
                        Some(&c.name),
                        c.contact_person.as_ref(),
                        c.phone.as_ref(),
                        c.fax.as_ref(),
                        c.email.as_ref(),
                    ]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" | "),
        );
        row.push(pf.internal_note.clone().unwrap_or_default());
    }
    row
}

/// One listing as a GeoJSON Feature; properties are its JSON as the viewer may see it (the
/// `professional` object for professional viewers only).
pub fn geojson_feature(f: &Facility, clearance: Visibility) -> Value {
    let v: FacilityView = f.view_for(clearance);
    point_feature(f.id.as_str(), v.facility.location.map(|l| l.point()), &v)
}

/// A GeoJSON Point feature (RFC 7946) of anything with a position: its JSON as the properties,
/// without `location` (the geometry says it); a null geometry when it has no position. The one
/// writer behind the exports and the search's `format=geojson`.
pub fn point_feature(
    id: &str,
    at: Option<model::geo::LatLng>,
    properties: &impl serde::Serialize,
) -> Value {
    let geometry = match at {
        Some(p) => json!({ "type": "Point", "coordinates": [p.lng, p.lat] }),
        None => Value::Null,
    };
    let mut props = serde_json::to_value(properties).unwrap_or(Value::Null);
    if let Some(m) = props.as_object_mut() {
        m.remove("location");
    }
    json!({ "type": "Feature", "id": id, "geometry": geometry, "properties": props })
}

const HSDS_DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn hsds_schedules(s: &Schedule, kind: &str) -> Vec<Value> {
    s.slots
        .iter()
        .map(|x| {
            let mut v = json!({
                "freq": "WEEKLY",
                "byday": HSDS_DAYS[x.day as usize],
                "opens_at": x.start.to_string(),
                "closes_at": x.end.to_string(),
                "description": kind,
            });
            if let Weeks::Only(w) = &x.weeks {
                v["freq"] = json!("MONTHLY");
                v["byday"] = json!(
                    w.iter()
                        .map(|n| format!("{n}{}", HSDS_DAYS[x.day as usize]))
                        .collect::<Vec<_>>()
                        .join(",")
                );
            }
            if let Weeks::Except(w) = &x.weeks {
                v["notes"] = json!(format!(
                    "except weeks {} of the month",
                    w.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
                ));
            }
            v
        })
        .collect()
}

/// One listing as an HSDS-style `service` record.
pub fn hsds_service(f: &Facility, clearance: Visibility) -> Value {
    let v = f.view_for(clearance);
    let p = &v.facility;
    let mut phones = Vec::new();
    if let Some(x) = &p.phone {
        phones.push(json!({ "number": x, "type": "voice" }));
    }
    if let Some(x) = &p.fax {
        phones.push(json!({ "number": x, "type": "fax" }));
    }
    let mut schedules = p
        .opening_hours
        .as_ref()
        .map(|s| hsds_schedules(s, "opening hours"))
        .unwrap_or_default();
    let mut contacts = Vec::new();
    if let Some(pf) = &v.professional {
        for (number, kind) in [(&pf.phone, "voice"), (&pf.fax, "fax")] {
            if let Some(n) = number {
                phones.push(json!({ "number": n, "type": kind, "description": "professionals" }));
            }
        }
        for cw in &pf.contact_windows {
            schedules.extend(hsds_schedules(
                &cw.schedule,
                "ケアマネタイム (care-manager contact window)",
            ));
            if cw.contact_person.is_some() || cw.phone.is_some() {
                contacts.push(json!({ "name": cw.contact_person, "title": "ケアマネタイム", "phones": cw.phone.iter().map(|n| json!({ "number": n })).collect::<Vec<_>>() }));
            }
        }
        for c in &pf.contact_points {
            contacts.push(json!({ "name": c.contact_person, "department": c.name, "email": c.email,
                "phones": c.phone.iter().chain(c.fax.iter()).map(|n| json!({ "number": n })).collect::<Vec<_>>() }));
        }
    }
    let location = json!({
        "id": format!("{}-location", p.id),
        "name": p.name,
        "latitude": p.location.map(|l| l.lat),
        "longitude": p.location.map(|l| l.lng),
        "addresses": [{
            "address_1": p.address.street,
            "address_2": p.address.building,
            "city": p.address.city,
            "state_province": p.address.prefecture,
            "postal_code": p.address.postal_code,
            "country": "JP",
            "address_type": "physical",
        }],
    });
    json!({
        "id": p.id,
        "name": p.name,
        "alternate_name": p.name_kana,
        "description": p.description,
        "url": p.url,
        "email": p.email,
        "status": if p.status == model::facility::LifecycleStatus::Active { "active" } else { "inactive" },
        "organization": p.operator.as_ref().map(|o| json!({ "name": o, "tax_id": p.official_ids.corporate_number })),
        "phones": phones,
        "schedules": schedules,
        "contacts": contacts,
        "service_at_locations": [{ "location": location }],
        "attributes": p.services.iter().map(|s| json!({ "taxonomy": "caremap-service", "code": s, "label": taxonomy::service_type(s).map(|d| d.label) }))
            .chain(p.capabilities.iter().map(|c| json!({ "taxonomy": "caremap-capability", "code": c.code, "label": taxonomy::capability(&c.code).map(|d| d.label), "source": c.source })))
            .collect::<Vec<_>>(),
        "last_modified": p.provenance.verified_at,
        "capacities": p.availability.as_ref().map(|a| json!([{ "available": a.free_count, "unit": "places", "description": a.accepting.label(), "updated": a.as_of }])),
    })
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// [`csv_row`]s under [`csv_header`], UTF-8 with BOM, CRLF.
    Csv,
    /// A FeatureCollection of [`geojson_feature`]s.
    GeoJson,
    /// `{"hsds_version", "publisher", "services": [`[`hsds_service`]`…]}`.
    Hsds,
}

/// Writes an export one listing at a time (so the whole directory is never held twice): `push`
/// each listing, then `finish`.
pub struct ExportWriter {
    format: Format,
    clearance: Visibility,
    out: Vec<u8>,
    n: usize,
    /// The known sources with their credit lines.
    credits: Vec<DataSource>,
    /// Ids of the sources the written listings come from.
    used: BTreeSet<String>,
}

impl ExportWriter {
    /// Starts an export (header or JSON envelope); `credits` are the sources listings may name
    /// (the store's, with the built-in ones as fallback).
    pub fn new(format: Format, clearance: Visibility, credits: Vec<DataSource>) -> ExportWriter {
        let mut w = ExportWriter {
            format,
            clearance,
            out: Vec::with_capacity(1 << 20),
            n: 0,
            credits,
            used: BTreeSet::new(),
        };
        match format {
            Format::Csv => {
                w.out.extend_from_slice("\u{feff}".as_bytes());
                w.csv_record(&csv_header(clearance));
            }
            Format::GeoJson => w
                .out
                .extend_from_slice(br#"{"type":"FeatureCollection","features":["#),
            Format::Hsds => w.out.extend_from_slice(
                br#"{"hsds_version":"3.0 (style)","publisher":"caremap","services":["#,
            ),
        }
        w
    }

    fn csv_record<S: AsRef<[u8]>>(&mut self, fields: &[S]) {
        let mut c = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut self.out);
        // Writing into memory cannot fail.
        let _ = c.write_record(fields);
        let _ = c.flush();
    }

    fn credit_of(&self, id: &str) -> Option<&DataSource> {
        self.credits.iter().find(|s| s.id == id)
    }

    /// Adds a listing.
    pub fn push(&mut self, f: &Facility) {
        self.n += 1;
        let ids = f.provenance.source_ids();
        match self.format {
            Format::Csv => {
                let credit = ids
                    .iter()
                    .filter_map(|id| self.credit_of(id))
                    .map(|s| s.credit.as_str())
                    .collect::<Vec<_>>()
                    .join("／");
                let row = csv_row(self.n, f, self.clearance, &credit);
                self.csv_record(&row);
            }
            Format::GeoJson | Format::Hsds => {
                if self.n > 1 {
                    self.out.push(b',');
                }
                let v = match self.format {
                    Format::GeoJson => geojson_feature(f, self.clearance),
                    _ => hsds_service(f, self.clearance),
                };
                // Serialising a Value into memory cannot fail.
                let _ = serde_json::to_writer(&mut self.out, &v);
            }
        }
        self.used.extend(ids);
    }

    /// Listings written so far.
    pub fn count(&self) -> usize {
        self.n
    }

    /// Ends the export. JSON exports carry `attribution` (the credit lines of every source
    /// the listings come from, one text) and `sources` (those sources); CSV rows carry their
    /// own in `caremap_credit`.
    pub fn finish(mut self) -> Vec<u8> {
        if self.format != Format::Csv {
            self.out.push(b']');
            let used: Vec<&DataSource> = self
                .used
                .iter()
                .filter_map(|id| self.credits.iter().find(|s| &s.id == id))
                .collect();
            if !used.is_empty() {
                let text = used
                    .iter()
                    .map(|s| s.credit.as_str())
                    .collect::<Vec<_>>()
                    .join("／");
                self.out.extend_from_slice(br#","attribution":"#);
                let _ = serde_json::to_writer(&mut self.out, &text);
                self.out.extend_from_slice(br#","sources":"#);
                let _ = serde_json::to_writer(&mut self.out, &used);
            }
            self.out.push(b'}');
        }
        self.out
    }
}

/// The columns of a coverage table as CSV ([`coverage_csv`]).
pub const COVERAGE_COLUMNS: [&str; 20] = [
    "area_id",
    "name",
    "kind",
    "municipality_code",
    "listings",
    "population_total",
    "population_aged_65",
    "population_aged_75",
    "population_source",
    "population_as_of",
    "per_10k_65",
    "per_10k_75",
    "within_m",
    "near_aged_75",
    "near_covered",
    "near_share",
    "categories",
    "services",
    "designations",
    "activities",
];

/// A coverage table as CSV (UTF-8 with BOM, CRLF, like the other exports): one row per area in
/// the table's order, counts by code as `code:n` joined by `;`, and the population source's
/// credit line in a last column.
pub fn coverage_csv(c: &model::coverage::Coverage) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut header: Vec<&str> = COVERAGE_COLUMNS.to_vec();
        header.push("credit");
        let _ = w.write_record(&header);
        let opt = |v: Option<String>| v.unwrap_or_default();
        let counts = |m: &std::collections::BTreeMap<String, u64>| {
            m.iter()
                .map(|(k, n)| format!("{k}:{n}"))
                .collect::<Vec<_>>()
                .join(";")
        };
        for r in &c.rows {
            let p = r.population.as_ref();
            let credit = p
                .and_then(|p| c.sources.iter().find(|s| s.id == p.source))
                .map(|s| s.credit.clone());
            let kind = serde_json::to_value(r.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string));
            let row: Vec<String> = vec![
                r.area_id.clone(),
                r.name.clone(),
                opt(kind),
                opt(r.municipality_code.clone()),
                r.listings.to_string(),
                opt(p.map(|p| p.population.total.to_string())),
                opt(p.map(|p| p.population.aged_65.to_string())),
                opt(p.map(|p| p.population.aged_75.to_string())),
                opt(p.map(|p| p.source.clone())),
                opt(p.map(|p| p.as_of.to_string())),
                opt(r.per_10k_65.map(|v| format!("{v:.2}"))),
                opt(r.per_10k_75.map(|v| format!("{v:.2}"))),
                opt(c.within_m.map(|d| d.to_string())),
                opt(r.near.as_ref().map(|n| n.aged_75.to_string())),
                opt(r.near.as_ref().map(|n| n.covered.to_string())),
                opt(r
                    .near
                    .as_ref()
                    .and_then(|n| n.share)
                    .map(|s| format!("{s:.4}"))),
                counts(&r.categories),
                counts(&r.services),
                counts(&r.designations),
                counts(&r.activities),
                opt(credit),
            ];
            let _ = w.write_record(&row);
        }
        let _ = w.flush();
    }
    out
}
