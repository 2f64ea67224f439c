//! The `area_population` table: an area's people by source (one row per area and source).

use sea_orm::entity::prelude::*;

/// One area's population from one source.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "area_population")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The area (`municipality-272108`, `hirakata-area-8`).
    pub area_id: String,
    /// The data source's id.
    pub source: String,
    /// The date the figures are current at (YYYY-MM-DD).
    pub as_of: String,
    /// Everyone.
    pub total: i64,
    /// Aged 65 or over.
    pub aged65: i64,
    /// Aged 75 or over.
    pub aged75: i64,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
