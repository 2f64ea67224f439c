//! Adds municipalities' freshness policies and the yearly re-confirmation campaigns.

use super::helpers::{drop_tables, index, table};
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
        m.create_table(table(
            FreshnessPolicy::Table,
            [
                string(FreshnessPolicy::MunicipalityCode)
                    .primary_key()
                    .take(),
                integer(FreshnessPolicy::VerifyWithinMonths),
                string(FreshnessPolicy::UpdatedBy),
                big_integer(FreshnessPolicy::UpdatedAtMs),
            ],
        ))
        .await?;
        m.create_table(table(
            Campaign::Table,
            [
                big_pk_auto(Campaign::Id),
                string(Campaign::Title),
                string_null(Campaign::Municipality),
                string(Campaign::StartedBy),
                big_integer(Campaign::StartedAtMs),
                big_integer_null(Campaign::ClosedAtMs),
            ],
        ))
        .await?;
        m.create_table(
            table(
                CampaignMember::Table,
                [
                    big_integer(CampaignMember::CampaignId),
                    string(CampaignMember::FacilityId),
                    big_integer_null(CampaignMember::RespondedAtMs),
                    string_null(CampaignMember::Response),
                    big_integer_null(CampaignMember::RequestId),
                ],
            )
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
        drop_tables(
            m,
            [
                CampaignMember::Table.into_iden(),
                Campaign::Table.into_iden(),
                FreshnessPolicy::Table.into_iden(),
            ],
        )
        .await
    }
}
