//! The `address_municipality` table: the geocoder's 町丁目 points of one municipality.

use sea_orm::entity::prelude::*;

/// One municipality's towns.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "address_municipality")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 都道府県.
    pub prefecture: String,
    /// 市区町村 as the address data names it.
    pub name: String,
    /// The towns as JSON (`[{town, koaza, lat, lng}]`).
    #[sea_orm(column_type = "Text")]
    pub doc: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
