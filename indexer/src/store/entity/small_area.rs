//! The `small_area` table: the census' small areas with their people and the address point each
//! was joined to.

use sea_orm::entity::prelude::*;

/// One small area.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "small_area")]
pub struct Model {
    /// The census' KEY_CODE.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// The data source's id.
    pub source: String,
    /// 6-digit 団体コード of its municipality.
    pub municipality_code: String,
    /// 市区町村名 as the census writes it.
    pub municipality: String,
    /// Its name (「新町一丁目」).
    pub name: String,
    /// The address point it was joined to (None: not joined).
    pub lat: Option<f64>,
    /// See `lat`.
    pub lng: Option<f64>,
    /// Everyone.
    pub total: i64,
    /// Aged 65 or over.
    pub aged65: i64,
    /// Aged 75 or over.
    pub aged75: i64,
    /// The small area whose figures include this one's.
    pub counted_in: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
