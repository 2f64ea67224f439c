//! The `data_source` table: each source of imported data with its credit line.

use sea_orm::entity::prelude::*;

/// One source.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "data_source")]
pub struct Model {
    /// Source id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The source as JSON (`model::sources::DataSource`).
    #[sea_orm(column_type = "Text")]
    pub doc: String,
    /// Last import, milliseconds since the Unix epoch.
    pub updated_at_ms: i64,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
