//! Adds municipalities' freshness policies and the yearly re-confirmation campaigns.

use sea_orm_migration::prelude::*;

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
                .col(
                    ColumnDef::new(FreshnessPolicy::MunicipalityCode)
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(FreshnessPolicy::VerifyWithinMonths)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(FreshnessPolicy::UpdatedBy)
                        .string()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(FreshnessPolicy::UpdatedAtMs)
                        .big_integer()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Campaign::Table)
                .if_not_exists()
                .col(
                    ColumnDef::new(Campaign::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Campaign::Title).string().not_null())
                .col(ColumnDef::new(Campaign::Municipality).string().null())
                .col(ColumnDef::new(Campaign::StartedBy).string().not_null())
                .col(
                    ColumnDef::new(Campaign::StartedAtMs)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Campaign::ClosedAtMs).big_integer().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CampaignMember::Table)
                .if_not_exists()
                .col(
                    ColumnDef::new(CampaignMember::CampaignId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignMember::FacilityId)
                        .string()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignMember::RespondedAtMs)
                        .big_integer()
                        .null(),
                )
                .col(ColumnDef::new(CampaignMember::Response).string().null())
                .col(
                    ColumnDef::new(CampaignMember::RequestId)
                        .big_integer()
                        .null(),
                )
                .primary_key(
                    Index::create()
                        .col(CampaignMember::CampaignId)
                        .col(CampaignMember::FacilityId),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("idx_campaign_member_facility")
                .table(CampaignMember::Table)
                .col(CampaignMember::FacilityId)
                .to_owned(),
        )
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
