//! The `area` table.

use sea_orm::entity::prelude::*;

/// One area (日常生活圏域, 市町村, …).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "area")]
pub struct Model {
    /// Area id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Kind code.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Municipality code.
    pub municipality_code: Option<String>,
    /// The whole area (with geometry) as JSON.
    #[sea_orm(column_type = "Text")]
    pub doc: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
