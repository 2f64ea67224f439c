//! The `change` table: the field-level change log of listings (who, when, field, old → new).

use sea_orm::entity::prelude::*;

/// One field's change within one save.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "change")]
pub struct Model {
    /// Key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The save's change sequence (the facility row's `seq` after it); groups one save's rows.
    pub seq: i64,
    /// Facility id.
    pub facility_id: String,
    /// Field name (top-level field of the record's JSON).
    pub field: String,
    /// Value before, as JSON (null when empty).
    #[sea_orm(column_type = "Text", nullable)]
    pub old: Option<String>,
    /// Value after, as JSON (null when empty).
    #[sea_orm(column_type = "Text", nullable)]
    pub new: Option<String>,
    /// Who saved (account e-mail, or `import:…`, `request:N`).
    pub actor: String,
    /// What kind of save (`create`, `edit`, `verify`, `revert`, `retire`, `request`).
    pub kind: String,
    /// Free note (revert of which change, reviewer's note).
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    /// When, milliseconds since the Unix epoch.
    pub at_ms: i64,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
