//! The `session` table: signed-in browsers and API clients, by the hash of their cookie token.

use sea_orm::entity::prelude::*;

/// One session.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    /// SHA-256 of the session token (hex); the token itself is only in the cookie.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    /// Account.
    pub account_id: i64,
    /// CSRF token every state-changing request of this session must carry.
    pub csrf: String,
    /// Creation, milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// Expiry, milliseconds since the Unix epoch.
    pub expires_at_ms: i64,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
