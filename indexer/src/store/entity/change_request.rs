//! The `change_request` table: changes a facility proposes through its private update link,
//! waiting for review.

use sea_orm::entity::prelude::*;

/// One proposal.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "change_request")]
pub struct Model {
    /// Key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Facility id.
    pub facility_id: String,
    /// The proposed field changes as JSON (`[FieldChange]`, `old` = the value when proposed).
    #[sea_orm(column_type = "Text")]
    pub changes: String,
    /// Who at the facility sent it (name as typed).
    pub submitter: String,
    /// How to reach them (phone or e-mail as typed).
    pub contact: String,
    /// The facility's note to the reviewer.
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    /// `pending`, `approved`, `rejected`.
    pub status: String,
    /// When it was sent, milliseconds since the Unix epoch.
    pub submitted_at_ms: i64,
    /// Reviewer's e-mail.
    pub reviewed_by: Option<String>,
    /// When it was reviewed.
    pub reviewed_at_ms: Option<i64>,
    /// Reviewer's note (reason of a rejection).
    #[sea_orm(column_type = "Text", nullable)]
    pub review_note: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
