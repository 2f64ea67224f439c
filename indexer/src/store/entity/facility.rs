//! The `facility` table.

use sea_orm::entity::prelude::*;

/// One listing.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "facility")]
pub struct Model {
    /// Dense internal key (the engine's ordinal); never reused.
    #[sea_orm(primary_key)]
    pub ord: i64,
    /// Public id (`mhlw-…`, `sample-…`).
    #[sea_orm(unique)]
    pub id: String,
    /// Name, for SQL listings.
    pub name: String,
    /// Category code.
    pub category: String,
    /// Primary service type code.
    pub service: String,
    /// Municipality code.
    pub municipality_code: Option<String>,
    /// Lifecycle status code.
    pub status: String,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lng: Option<f64>,
    /// Change sequence of the last write (the index records which sequence it holds).
    pub seq: i64,
    /// Last write, milliseconds since the Unix epoch.
    pub updated_at_ms: i64,
    /// The whole record as JSON.
    #[sea_orm(column_type = "Text")]
    pub doc: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
