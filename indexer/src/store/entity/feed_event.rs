//! The `feed_event` table: changes of the change feed that no facility row carries — a listing
//! removed, and areas, data sources or address points written (a server reloads those whole).

use sea_orm::entity::prelude::*;

/// One event.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "feed_event")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The change sequence of the transaction that wrote it.
    pub seq: i64,
    /// `removed`, `areas`, `sources` or `places`.
    pub kind: String,
    /// The removed listing's ordinal (`removed` only).
    pub ord: Option<i64>,
    /// When, milliseconds since the Unix epoch.
    pub at_ms: i64,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
