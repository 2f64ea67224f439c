//! The `freshness_policy` table: a municipality's own confirmation interval.

use sea_orm::entity::prelude::*;

/// One municipality's policy.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "freshness_policy")]
pub struct Model {
    /// Municipality code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_code: String,
    /// Months within which its listings must be confirmed.
    pub verify_within_months: i32,
    /// Who set it.
    pub updated_by: String,
    /// When, milliseconds since the Unix epoch.
    pub updated_at_ms: i64,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
