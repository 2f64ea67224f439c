//! Municipalities' freshness policies and the re-confirmation campaigns in the store.

use super::{Store, now_ms};
use crate::error::{Error, Result};
use crate::store::entity::{campaign, campaign_member, freshness_policy};
use model::freshness::{Campaign, CampaignMember, Response};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait, sea_query::OnConflict,
};
use std::collections::BTreeMap;

fn at(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn member(m: campaign_member::Model) -> CampaignMember {
    CampaignMember {
        facility_id: m.facility_id,
        responded_at: m.responded_at_ms.map(at),
        response: m.response.as_deref().and_then(Response::from_code),
        request_id: m.request_id,
    }
}

impl Store {
    /// Confirmation intervals set by municipalities, by code.
    pub async fn policies(&self) -> Result<BTreeMap<String, u32>> {
        Ok(freshness_policy::Entity::find()
            .all(self.connection())
            .await?
            .into_iter()
            .map(|p| (p.municipality_code, p.verify_within_months.max(1) as u32))
            .collect())
    }

    /// Sets (or replaces) a municipality's confirmation interval.
    pub(crate) async fn set_policy(&self, municipality: &str, months: u32, by: &str) -> Result<()> {
        freshness_policy::Entity::insert(freshness_policy::ActiveModel {
            municipality_code: Set(municipality.to_string()),
            verify_within_months: Set(months as i32),
            updated_by: Set(by.to_string()),
            updated_at_ms: Set(now_ms()),
        })
        .on_conflict(
            OnConflict::column(freshness_policy::Column::MunicipalityCode)
                .update_columns([
                    freshness_policy::Column::VerifyWithinMonths,
                    freshness_policy::Column::UpdatedBy,
                    freshness_policy::Column::UpdatedAtMs,
                ])
                .to_owned(),
        )
        .exec(self.connection())
        .await?;
        Ok(())
    }

    /// Starts a campaign over `facility_ids` (one transaction); returns its id.
    pub(crate) async fn create_campaign(
        &self,
        title: &str,
        municipality: Option<&str>,
        by: &str,
        facility_ids: &[String],
    ) -> Result<i64> {
        let txn = self.connection().begin().await?;
        let c = campaign::Entity::insert(campaign::ActiveModel {
            title: Set(title.to_string()),
            municipality: Set(municipality.map(str::to_string)),
            started_by: Set(by.to_string()),
            started_at_ms: Set(now_ms()),
            closed_at_ms: Set(None),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        let id = c.last_insert_id;
        for chunk in facility_ids.chunks(500) {
            campaign_member::Entity::insert_many(chunk.iter().map(|f| {
                campaign_member::ActiveModel {
                    campaign_id: Set(id),
                    facility_id: Set(f.clone()),
                    responded_at_ms: Set(None),
                    response: Set(None),
                    request_id: Set(None),
                }
            }))
            .exec(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(id)
    }

    /// A campaign with its members.
    pub async fn campaign(&self, id: i64) -> Result<(Campaign, Vec<CampaignMember>)> {
        let c = campaign::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or(Error::CampaignNotFound(id))?;
        let members: Vec<CampaignMember> = campaign_member::Entity::find()
            .filter(campaign_member::Column::CampaignId.eq(id))
            .order_by_asc(campaign_member::Column::FacilityId)
            .all(self.connection())
            .await?
            .into_iter()
            .map(member)
            .collect();
        Ok((summary(c, &members), members))
    }

    /// Every campaign, newest first, with its counts.
    pub async fn campaigns(&self) -> Result<Vec<Campaign>> {
        let cs = campaign::Entity::find()
            .order_by_desc(campaign::Column::Id)
            .all(self.connection())
            .await?;
        let mut out = Vec::with_capacity(cs.len());
        for c in cs {
            let members: Vec<CampaignMember> = campaign_member::Entity::find()
                .filter(campaign_member::Column::CampaignId.eq(c.id))
                .all(self.connection())
                .await?
                .into_iter()
                .map(member)
                .collect();
            out.push(summary(c, &members));
        }
        Ok(out)
    }

    /// Records a listing's response in every open campaign that asked it and has no response
    /// from it yet; returns how many.
    pub(crate) async fn record_response(
        &self,
        facility_id: &str,
        response: Response,
        request_id: Option<i64>,
    ) -> Result<usize> {
        let open: Vec<i64> = campaign::Entity::find()
            .filter(campaign::Column::ClosedAtMs.is_null())
            .all(self.connection())
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        if open.is_empty() {
            return Ok(0);
        }
        let r = campaign_member::Entity::update_many()
            .col_expr(campaign_member::Column::RespondedAtMs, now_ms().into())
            .col_expr(campaign_member::Column::Response, response.code().into())
            .col_expr(campaign_member::Column::RequestId, request_id.into())
            .filter(campaign_member::Column::FacilityId.eq(facility_id))
            .filter(campaign_member::Column::CampaignId.is_in(open))
            .filter(campaign_member::Column::RespondedAtMs.is_null())
            .exec(self.connection())
            .await?;
        Ok(r.rows_affected as usize)
    }

    /// True when an open campaign asked this listing (a "no change" answer is then accepted).
    pub async fn in_open_campaign(&self, facility_id: &str) -> Result<bool> {
        let members = campaign_member::Entity::find()
            .filter(campaign_member::Column::FacilityId.eq(facility_id))
            .all(self.connection())
            .await?;
        for m in members {
            let open = campaign::Entity::find_by_id(m.campaign_id)
                .one(self.connection())
                .await?
                .is_some_and(|c| c.closed_at_ms.is_none());
            if open {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// True when change request `request_id` was a campaign response.
    pub async fn is_campaign_response(&self, request_id: i64) -> Result<bool> {
        Ok(campaign_member::Entity::find()
            .filter(campaign_member::Column::RequestId.eq(request_id))
            .one(self.connection())
            .await?
            .is_some())
    }

    /// Closes a campaign.
    pub(crate) async fn close_campaign(&self, id: i64) -> Result<()> {
        let r = campaign::Entity::update_many()
            .col_expr(campaign::Column::ClosedAtMs, now_ms().into())
            .filter(campaign::Column::Id.eq(id))
            .filter(campaign::Column::ClosedAtMs.is_null())
            .exec(self.connection())
            .await?;
        if r.rows_affected == 0 {
            self.campaign(id).await?;
        }
        Ok(())
    }
}

fn summary(c: campaign::Model, members: &[CampaignMember]) -> Campaign {
    Campaign {
        id: c.id,
        title: c.title,
        municipality: c.municipality,
        started_by: c.started_by,
        started_at: at(c.started_at_ms),
        closed_at: c.closed_at_ms.map(at),
        members: members.len(),
        responded: members.iter().filter(|m| m.responded_at.is_some()).count(),
    }
}
