//! The `update_link` table: each listing's private update link (at most one live link per
//! listing; issuing a new one revokes the old).

use sea_orm::entity::prelude::*;

/// One link.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "update_link")]
pub struct Model {
    /// Facility id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub facility_id: String,
    /// SHA-256 of the link's token (hex); the token itself is only in the link.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Who issued it.
    pub created_by: String,
    /// When, milliseconds since the Unix epoch.
    pub created_at_ms: i64,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
