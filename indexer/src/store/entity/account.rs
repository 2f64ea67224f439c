//! The `account` table: people who sign in (administrators, editors, professionals).

use sea_orm::entity::prelude::*;

/// One account.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    /// Key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Login e-mail, lower-cased.
    #[sea_orm(unique)]
    pub email: String,
    /// Argon2id hash in PHC string format.
    pub password_hash: String,
    /// Role code (`admin`, `editor`, `professional`).
    pub role: String,
    /// Editor scope as JSON.
    #[sea_orm(column_type = "Text")]
    pub scope: String,
    /// Creation, milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
