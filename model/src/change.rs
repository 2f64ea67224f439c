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

/// Where a change request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for review.
    Pending,
    /// Applied.
    Approved,
    /// Turned down (with a note).
    Rejected,
}

impl RequestStatus {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Rejected => "rejected",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<RequestStatus> {
        [
            RequestStatus::Pending,
            RequestStatus::Approved,
            RequestStatus::Rejected,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Pending => "確認待ち",
            RequestStatus::Approved => "反映済み",
            RequestStatus::Rejected => "見送り",
        }
    }
}

/// Changes a facility proposed through its private update link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeRequest {
    /// Request id.
    pub id: i64,
    /// Listing.
    pub facility_id: String,
    /// The diff: each field's value when proposed (`old`) and the proposal (`new`).
    pub changes: Vec<FieldChange>,
    /// Who sent it (as typed).
    pub submitter: String,
    /// How to reach them (as typed).
    pub contact: String,
    /// Their note to the reviewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where it stands.
    pub status: RequestStatus,
    /// When it was sent.
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    /// Reviewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<String>,
    /// When it was reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Reviewer's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_note: Option<String>,
}

/// Turns proposed field values into a validated diff against `current`: unknown or
/// non-proposable fields and invalid values are errors, unchanged fields are dropped.
pub fn proposal(
    current: &Facility,
    fields: &Map<String, Value>,
) -> Result<Vec<FieldChange>, ValidationError> {
    // Unknown names are left to `with_fields`, which names them as unknown.
    let directorys = |k: &str| crate::facility::fields::field(k).is_some_and(|d| !d.proposable);
    if let Some(field) = fields.keys().find(|k| directorys(k)) {
        return Err(ValidationError::InvalidField {
            field: field.clone(),
            reason: "set by the directory, not by the facility".into(),
        });
    }
    Ok(diff(Some(current), &with_fields(current, fields)?))
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
    let given = value.clone();
    match value {
        Some(v) => m.insert(field.to_string(), v),
        None => m.remove(field),
    };
    let out: Facility =
        serde_json::from_value(Value::Object(m)).map_err(|e| ValidationError::InvalidField {
            field: field.to_string(),
            reason: e.to_string(),
        })?;
    // A name the record does not have would be dropped silently by serde: a non-empty value
    // that does not come back is an unknown field.
    let empty = |v: &Value| match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    if given.as_ref().is_some_and(|v| !empty(v)) && !fields_of(&out).contains_key(field) {
        return Err(ValidationError::InvalidField {
            field: field.to_string(),
            reason: "no such field".into(),
        });
    }
    out.validate()?;
    Ok(out)
}

/// `f` with the given top-level fields set (`null` empties one): an editor's patch.
pub fn with_fields(f: &Facility, fields: &Map<String, Value>) -> Result<Facility, ValidationError> {
    let mut out = f.clone();
    for (field, value) in fields {
        out = with_field(&out, field, (!value.is_null()).then(|| value.clone()))?;
    }
    Ok(out)
}

/// `f` with every change in `changes` applied (a reviewed change request).
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
        assert!(with_field(&f, "nmae", Some(serde_json::json!("名"))).is_err());
        // Emptying a list is not an unknown field.
        assert!(with_field(&f, "capabilities", Some(serde_json::json!([]))).is_ok());
    }

    #[test]
    fn proposals_drop_unchanged_fields_and_refuse_directory_fields() {
        let f = Facility::new(FacilityId::new("t-1").unwrap(), "名", "clinic");
        let mut fields = Map::new();
        fields.insert("name".into(), serde_json::json!("名"));
        fields.insert("phone".into(), serde_json::json!("000-1"));
        let p = proposal(&f, &fields).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].field, "phone");
        fields.insert("provenance".into(), serde_json::json!({}));
        assert!(proposal(&f, &fields).is_err());
    }
}
