//! One facility, several sources: merging a record into the listing that holds it.
//!
//! Every imported field remembers the source it was last taken from
//! (`provenance.field_sources`; a listing from before that is owned by its own `source`). A
//! record's field replaces the listing's when the listing has none, when the same source set
//! it, or when the record's source has the higher priority — never when an editor set it
//! ([`super::EDITOR`]), and never an exact position with an approximate one. Capabilities are
//! claims of their own: a source's claims replace that source's earlier claims. Service types
//! are joined; the listing keeps its id, category and its own first source; the record's source
//! record is added to the listing's.

use super::EDITOR;
use model::Facility;
use model::facility::LifecycleStatus;
use serde_json::Value;

fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty() && o.values().any(|x| present(Some(x)).is_some()),
        _ => true,
    })
}

/// The source that set a field of a listing.
pub fn owner<'a>(f: &'a Facility, field: &str) -> &'a str {
    f.provenance
        .field_sources
        .get(field)
        .map_or(f.provenance.source.as_str(), String::as_str)
}

fn capability_field(code: &str) -> String {
    format!("capability:{code}")
}

/// Merges `incoming` (a record of `source`) into `existing` (see the module docs).
pub fn merge(
    existing: &Facility,
    incoming: &Facility,
    source: &str,
    priority: &dyn Fn(&str) -> u8,
) -> Facility {
    let wins = |f: &Facility, field: &str| {
        let o = owner(f, field);
        o == source || (o != EDITOR && priority(source) > priority(o))
    };
    let old = serde_json::to_value(existing).unwrap_or(Value::Null);
    let new = serde_json::to_value(incoming).unwrap_or(Value::Null);
    let mut out = old.clone();
    let mut taken: Vec<&str> = Vec::new();
    let imported = model::facility::fields::FIELDS
        .iter()
        .filter(|d| d.imported);
    for field in imported.map(|d| d.name) {
        let Some(value) = present(new.get(field)) else {
            continue;
        };
        let take = match present(old.get(field)) {
            None => true,
            Some(_) if field == "location" => {
                let exact_kept = existing.location.is_some_and(|l| !l.approximate)
                    && incoming.location.is_some_and(|l| l.approximate)
                    && owner(existing, field) != source;
                wins(existing, field) && !exact_kept
            }
            Some(_) => wins(existing, field),
        };
        if take && let Some(obj) = out.as_object_mut() {
            obj.insert(field.to_string(), value.clone());
            taken.push(field);
        }
    }
    let mut f: Facility = serde_json::from_value(out).unwrap_or_else(|_| existing.clone());
    if f.provenance.source.is_empty() {
        f.provenance.source = source.to_string();
    }
    for field in &taken {
        set_owner(&mut f, field, source);
    }
    if taken.contains(&"location") {
        f.provenance.position_note = incoming.provenance.position_note.clone();
    }
    // Official ids: fill what is missing.
    let ids = &mut f.official_ids;
    let inc = &incoming.official_ids;
    for (mine, theirs) in [
        (&mut ids.care_office_number, &inc.care_office_number),
        (
            &mut ids.medical_institution_code,
            &inc.medical_institution_code,
        ),
        (&mut ids.corporate_number, &inc.corporate_number),
    ] {
        if mine.is_none() {
            mine.clone_from(theirs);
        }
    }
    // Service types: joined, the listing's first stays first.
    for s in &incoming.services {
        if !f.services.contains(s) {
            f.services.push(s.clone());
        }
    }
    if f.category.is_empty() {
        f.category.clone_from(&incoming.category);
    }
    // Capabilities: this source's earlier claims give way to its new ones.
    let previous = std::mem::take(&mut f.capabilities);
    for c in previous {
        let field = capability_field(&c.code);
        if owner(&f, &field) == source {
            f.provenance.field_sources.remove(&field);
        } else {
            f.capabilities.push(c);
        }
    }
    for c in &incoming.capabilities {
        let field = capability_field(&c.code);
        match f.capabilities.iter().position(|x| x.code == c.code) {
            Some(i) => {
                let o = owner(&f, &field).to_string();
                if o != EDITOR && priority(source) >= priority(&o) {
                    f.capabilities[i] = c.clone();
                    set_owner(&mut f, &field, source);
                }
            }
            None => {
                f.capabilities.push(c.clone());
                set_owner(&mut f, &field, source);
            }
        }
    }
    let order = |code: &str| {
        model::taxonomy::CAPABILITIES
            .iter()
            .position(|c| c.code == code)
    };
    f.capabilities.sort_by_key(|c| order(&c.code));
    // A listing this source had closed (gone from its list) is back when the source lists it.
    if f.status == LifecycleStatus::Closed
        && f.provenance.field_sources.get("status").map(String::as_str) == Some(source)
        && incoming.status != LifecycleStatus::Closed
    {
        f.status = incoming.status;
        f.provenance.field_sources.remove("status");
    }
    for r in &incoming.provenance.records {
        if !f.provenance.records.contains(r) {
            f.provenance.records.push(r.clone());
        }
    }
    f
}

/// Records that `source` set `field` (nothing when it is the listing's own source, the owner of
/// every field without a record).
fn set_owner(f: &mut Facility, field: &str, source: &str) {
    if source == f.provenance.source {
        f.provenance.field_sources.remove(field);
    } else {
        f.provenance
            .field_sources
            .insert(field.to_string(), source.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::FacilityId;
    use model::facility::{CapabilityClaim, CapabilitySource, Location};
    use model::sources::SourceRecord;

    fn prio(s: &str) -> u8 {
        super::super::default_priority(s)
    }

    fn national() -> Facility {
        let mut f = Facility::new(
            FacilityId::new("mhlw-2712403472-130").unwrap(),
            "高木診療所",
            "visiting_nursing",
        );
        f.provenance.source = "mhlw-kaigo-open-data".into();
        f.provenance.records = vec![SourceRecord {
            source: "mhlw-kaigo-open-data".into(),
            key: "2712403472-130".into(),
        }];
        f.phone = None;
        f.fax = Some("072-000-0000".into());
        f.location = Some(Location {
            lat: 34.77,
            lng: 135.65,
            ..Default::default()
        });
        f
    }

    #[test]
    fn fields_keep_their_source_and_editors_win() {
        let mut city = Facility::new(
            FacilityId::new("hirakata-care-2712403472-130").unwrap(),
            "医療法人悠悠堂高木診療所",
            "visiting_nursing",
        );
        city.phone = Some("072-854-6800".into());
        city.location = Some(Location {
            lat: 34.774206,
            lng: 135.652888,
            ..Default::default()
        });
        city.provenance.records = vec![SourceRecord {
            source: "hirakata".into(),
            key: "2712403472".into(),
        }];
        let m = merge(&national(), &city, "hirakata", &prio);
        assert_eq!(m.id.as_str(), "mhlw-2712403472-130");
        // The city's table outranks the national file; empty fields are filled.
        assert_eq!(m.name, "医療法人悠悠堂高木診療所");
        assert_eq!(m.phone.as_deref(), Some("072-854-6800"));
        assert_eq!(m.fax.as_deref(), Some("072-000-0000"));
        assert_eq!(m.provenance.field_sources["phone"], "hirakata");
        // A field the listing's own source sets has no record (its owner by default).
        let own = merge(&m, &national(), "mhlw-kaigo-open-data", &prio);
        assert!(!own.provenance.field_sources.contains_key("fax"));
        assert_eq!(m.provenance.records.len(), 2);
        assert_eq!(m.provenance.source, "mhlw-kaigo-open-data");
        // The national file again does not take the fields back …
        let again = merge(&m, &national(), "mhlw-kaigo-open-data", &prio);
        assert_eq!(again.name, m.name);
        assert_eq!(again.location, m.location);
        // … and no import overwrites what an editor set.
        let mut edited = m.clone();
        edited.phone = Some("072-111-1111".into());
        edited
            .provenance
            .field_sources
            .insert("phone".into(), EDITOR.into());
        let again = merge(&edited, &city, "hirakata", &prio);
        assert_eq!(again.phone.as_deref(), Some("072-111-1111"));
    }

    #[test]
    fn claims_of_a_source_are_replaced_and_exact_points_stay() {
        let mut old = national();
        old.capabilities.push(CapabilityClaim {
            code: "home_care_support_clinic".into(),
            source: CapabilitySource::Official,
            ..Default::default()
        });
        old.provenance.field_sources.insert(
            "capability:home_care_support_clinic".into(),
            "kosei-todokede".into(),
        );
        let mut rec = national();
        rec.capabilities = vec![CapabilityClaim {
            code: "home_visit_medical".into(),
            source: CapabilitySource::Official,
            ..Default::default()
        }];
        rec.location = Some(Location {
            lat: 34.7,
            lng: 135.6,
            approximate: true,
            level: Some(model::geocode::GeoLevel::Town),
        });
        let m = merge(&old, &rec, "kosei-todokede", &prio);
        let codes: Vec<&str> = m.capability_codes().collect();
        assert_eq!(codes, vec!["home_visit_medical"]);
        assert_eq!(
            m.location, old.location,
            "an address guess does not replace a surveyed point"
        );
    }
}
