//! Freshness policies per municipality and the yearly re-confirmation campaign (大和市, 島原市):
//! every listing in scope is asked to confirm or correct its entry; responses through the
//! update link or an editor's confirmation are tracked, and approving a campaign response
//! counts as the listing's confirmation.

use super::Editorial;
use super::access::staff_only;
use crate::error::{Error, Result};
use model::account::Role;
use model::facility::LifecycleStatus;
use model::freshness::{Campaign, CampaignMember, MAX_VERIFY_MONTHS, PolicyTable};
use model::{Facility, Viewer};

impl Editorial<'_> {
    /// The policies in force: the default and municipalities' own confirmation intervals.
    pub async fn policy_table(&self) -> Result<PolicyTable> {
        Ok(PolicyTable {
            default: Default::default(),
            verify_months_by_municipality: self.engine.store().policies().await?,
        })
    }

    /// Sets a municipality's confirmation interval: administrators, or editors whose scope
    /// names the municipality.
    pub async fn set_policy(&self, viewer: &Viewer, municipality: &str, months: u32) -> Result<()> {
        let allowed = match viewer.role {
            Role::Admin => true,
            Role::Editor => viewer
                .scope
                .municipalities
                .iter()
                .any(|m| m == municipality),
            Role::Professional => false,
        };
        if !allowed {
            return Err(Error::Forbidden(format!(
                "{} may not set the policy of municipality {municipality}",
                viewer.email
            )));
        }
        if !(1..=MAX_VERIFY_MONTHS).contains(&months) {
            return Err(model::ValidationError::InvalidField {
                field: "verify_within_months".into(),
                reason: format!("must be 1 to {MAX_VERIFY_MONTHS}"),
            }
            .into());
        }
        self.engine
            .store()
            .set_policy(municipality, months, &viewer.email)
            .await
    }

    /// Starts a campaign over every listing (not closed) the viewer may edit, of one
    /// municipality when given.
    pub async fn start_campaign(
        &self,
        viewer: &Viewer,
        title: &str,
        municipality: Option<&str>,
    ) -> Result<Campaign> {
        staff_only(viewer)?;
        if title.trim().is_empty() {
            return Err(model::ValidationError::MissingField("title").into());
        }
        let mut ids = Vec::new();
        self.engine
            .store()
            .for_each_facility(|s| {
                let f = &s.facility;
                if f.status != LifecycleStatus::Closed
                    && municipality.is_none_or(|m| f.municipality_code.as_deref() == Some(m))
                    && viewer.may_edit(f)
                {
                    ids.push(f.id.0.clone());
                }
            })
            .await?;
        if ids.is_empty() {
            return Err(model::ValidationError::InvalidField {
                field: "municipality".into(),
                reason: "no listing you may edit is in it".into(),
            }
            .into());
        }
        ids.sort();
        let id = self
            .engine
            .store()
            .create_campaign(title.trim(), municipality, &viewer.email, &ids)
            .await?;
        Ok(self.engine.store().campaign(id).await?.0)
    }

    /// Every campaign, newest first.
    pub async fn campaigns(&self) -> Result<Vec<Campaign>> {
        self.engine.store().campaigns().await
    }

    /// A campaign with the members the viewer may edit, each with its listing as it is now.
    pub async fn campaign(
        &self,
        viewer: &Viewer,
        id: i64,
    ) -> Result<(Campaign, Vec<(CampaignMember, Facility)>)> {
        staff_only(viewer)?;
        let (c, members) = self.engine.store().campaign(id).await?;
        let mut out = Vec::with_capacity(members.len());
        for m in members {
            if let Ok(f) = self.engine.get(&m.facility_id).await
                && viewer.may_edit(&f)
            {
                out.push((m, f));
            }
        }
        Ok((c, out))
    }

    /// Closes a campaign (later answers no longer count as responses).
    pub async fn close_campaign(&self, viewer: &Viewer, id: i64) -> Result<()> {
        staff_only(viewer)?;
        self.engine.store().close_campaign(id).await
    }
}
