//! The `campaign` table: yearly re-confirmation campaigns.

use sea_orm::entity::prelude::*;

/// One campaign.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Title.
    pub title: String,
    /// Only this municipality's listings, if set.
    pub municipality: Option<String>,
    /// Who started it.
    pub started_by: String,
    /// When, milliseconds since the Unix epoch.
    pub started_at_ms: i64,
    /// When it was closed.
    pub closed_at_ms: Option<i64>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
