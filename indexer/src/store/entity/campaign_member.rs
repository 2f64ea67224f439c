//! The `campaign_member` table: the listings a campaign asked, and how each responded.

use sea_orm::entity::prelude::*;

/// One listing of one campaign.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_member")]
pub struct Model {
    /// Campaign.
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: i64,
    /// Listing.
    #[sea_orm(primary_key, auto_increment = false)]
    pub facility_id: String,
    /// When it responded.
    pub responded_at_ms: Option<i64>,
    /// `request` or `verified`.
    pub response: Option<String>,
    /// The change request it sent.
    pub request_id: Option<i64>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
