//! Field-level changes between two versions of a listing: the change log's rows, the diff a
//! reviewer sees for a change request, and the one-field revert.
//!
//! A "field" is a top-level field of [`Facility`] as serialised (`name`, `opening_hours`,
//! `contact_windows`, …); values are the field's JSON, `None` when the field is absent.

use crate::error::ValidationError;
use crate::facility::Facility;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One field's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// Field name as in the record's JSON.
    pub field: String,
    /// Value before (absent when the field was empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// Value after (absent when the field is now empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// A saved change of one field, as the history of a listing shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeEntry {
    /// Change id (for revert).
    pub id: i64,
    /// The save it belongs to (one save changes one or more fields).
    pub seq: i64,
    /// Listing.
    pub facility_id: String,
    /// The field and its values.
    #[serde(flatten)]
    pub change: FieldChange,
    /// Who saved: an account's e-mail, `import`, or `request:N` for an approved change request.
    pub actor: String,
    /// `create`, `edit`, `verify`, `revert`, `retire`, `request`.
    pub kind: String,
    /// Note (which change a revert undid, a reviewer's note).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

fn fields_of(f: &Facility) -> Map<String, Value> {
    match serde_json::to_value(f) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// The current value of one field (`None` when empty).
pub fn field_value(f: &Facility, field: &str) -> Option<Value> {
    fields_of(f).remove(field)
}

/// The fields that differ between `old` (none for a new listing) and `new`, in field order.
pub fn diff(old: Option<&Facility>, new: &Facility) -> Vec<FieldChange> {
    let before = old.map(fields_of).unwrap_or_default();
    let after = fields_of(new);
    let mut names: Vec<&String> = after.keys().chain(before.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| FieldChange {
            field: k.clone(),
            old: before.get(k).cloned(),
            new: after.get(k).cloned(),
        })
        .collect()
}

/// `f` with one field set to `value` (removed when `None`), validated.
pub fn with_field(
    f: &Facility,
    field: &str,
    value: Option<Value>,
) -> Result<Facility, ValidationError> {
    if field == "id" {
        return Err(ValidationError::InvalidField {
            field: field.to_string(),
            reason: "the id cannot change".into(),
        });
    }
    let mut m = fields_of(f);
    match value {
        Some(v) => m.insert(field.to_string(), v),
        None => m.remove(field),
    };
    let out: Facility =
        serde_json::from_value(Value::Object(m)).map_err(|e| ValidationError::InvalidField {
            field: field.to_string(),
            reason: e.to_string(),
        })?;
    out.validate()?;
    Ok(out)
}

/// `f` with every change in `changes` applied (a reviewed change request, or a patch).
pub fn apply(f: &Facility, changes: &[FieldChange]) -> Result<Facility, ValidationError> {
    let mut out = f.clone();
    for c in changes {
        out = with_field(&out, &c.field, c.new.clone())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FacilityId;

    #[test]
    fn diff_lists_changed_fields_and_with_field_undoes_them() {
        let old = Facility::new(FacilityId::new("t-1").unwrap(), "旧名", "clinic");
        let mut new = old.clone();
        new.name = "新名".into();
        new.phone = Some("0123-45-6789".into());
        let d = diff(Some(&old), &new);
        let fields: Vec<&str> = d.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["name", "phone"]);
        assert_eq!(d[1].old, None);
        let mut back = new.clone();
        for c in &d {
            back = with_field(&back, &c.field, c.old.clone()).unwrap();
        }
        assert_eq!(back, old);
        assert_eq!(apply(&old, &d).unwrap(), new);
    }

    #[test]
    fn with_field_rejects_bad_values_and_the_id() {
        let f = Facility::new(FacilityId::new("t-1").unwrap(), "名", "clinic");
        assert!(with_field(&f, "services", Some(serde_json::json!(["nope"]))).is_err());
        assert!(with_field(&f, "name", Some(serde_json::json!(3))).is_err());
        assert!(with_field(&f, "id", Some(serde_json::json!("t-2"))).is_err());
    }
}
