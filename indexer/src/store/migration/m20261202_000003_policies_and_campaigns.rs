//! Adds municipalities' freshness policies and the yearly re-confirmation campaigns.

use super::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FreshnessPolicy {
    Table,
    MunicipalityCode,
    VerifyWithinMonths,
    UpdatedBy,
    UpdatedAtMs,
}

#[derive(DeriveIden)]
enum Campaign {
    Table,
    Id,
    Title,
    Municipality,
    StartedBy,
    StartedAtMs,
    ClosedAtMs,
}

#[derive(DeriveIden)]
enum CampaignMember {
    Table,
    CampaignId,
    FacilityId,
    RespondedAtMs,
    Response,
    RequestId,
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(FreshnessPolicy::Table)
                .if_not_exists()
                .col(string(FreshnessPolicy::MunicipalityCode).primary_key())
                .col(integer(FreshnessPolicy::VerifyWithinMonths))
                .col(string(FreshnessPolicy::UpdatedBy))
                .col(big_integer(FreshnessPolicy::UpdatedAtMs))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Campaign::Table)
                .if_not_exists()
                .col(big_pk_auto(Campaign::Id))
                .col(string(Campaign::Title))
                .col(string_null(Campaign::Municipality))
                .col(string(Campaign::StartedBy))
                .col(big_integer(Campaign::StartedAtMs))
                .col(big_integer_null(Campaign::ClosedAtMs))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CampaignMember::Table)
                .if_not_exists()
                .col(big_integer(CampaignMember::CampaignId))
                .col(string(CampaignMember::FacilityId))
                .col(big_integer_null(CampaignMember::RespondedAtMs))
                .col(string_null(CampaignMember::Response))
                .col(big_integer_null(CampaignMember::RequestId))
                .primary_key(
                    Index::create()
                        .col(CampaignMember::CampaignId)
                        .col(CampaignMember::FacilityId),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_campaign_member_facility",
            CampaignMember::Table,
            [CampaignMember::FacilityId],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CampaignMember::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Campaign::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(FreshnessPolicy::Table).to_owned())
            .await
    }
}
