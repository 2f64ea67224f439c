//! The `import_run` table: what each import did.

use sea_orm::entity::prelude::*;

/// One import.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "import_run")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Source id.
    pub source: String,
    /// When it finished, milliseconds since the Unix epoch.
    pub finished_at_ms: i64,
    /// The report as JSON (`model::review::ImportReport`).
    #[sea_orm(column_type = "Text")]
    pub doc: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
