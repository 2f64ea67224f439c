//! The `review_item` table: what imports leave for administrators to look at.

use sea_orm::entity::prelude::*;

/// One item.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "review_item")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The listing.
    pub facility_id: String,
    /// Its name when queued.
    pub facility_name: String,
    /// Kind code (`position`, `area_gap`, `duplicate`, `disappeared`).
    pub kind: String,
    /// The detail as JSON (`model::review::ReviewDetail`).
    #[sea_orm(column_type = "Text")]
    pub doc: String,
    /// When queued, milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// When resolved.
    pub resolved_at_ms: Option<i64>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
    /// How.
    pub resolution: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
