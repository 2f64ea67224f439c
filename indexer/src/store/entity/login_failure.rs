//! The `login_failure` table: failed sign-ins by key (`email:…`, `client:…`), for the limit.

use sea_orm::entity::prelude::*;

/// One failed sign-in.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "login_failure")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What it counts against: the e-mail or the client address.
    pub key: String,
    /// When, milliseconds since the Unix epoch.
    pub at_ms: i64,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
