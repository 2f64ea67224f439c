//! Update links and change requests: a facility opens its private link (a capability URL, no
//! account), reads its own listing and proposes changes; an editor approves or rejects them.

use super::Editorial;
use super::access::forbidden;
use super::saves::{SaveKind, Saved};
use crate::error::{Error, Result};
use model::Viewer;
use model::change::{self, ChangeRequest, RequestStatus};
use model::facility::Facility;
use model::reported_dates;

pub use crate::store::requests::NewRequest;

/// What an update link opens.
#[derive(Debug, Clone)]
pub struct LinkedListing {
    /// The listing as stored (the facility's own record, professional fields included).
    pub facility: Facility,
    /// Its requests still waiting for review, newest first.
    pub pending: Vec<ChangeRequest>,
    /// Whether a re-confirmation campaign is asking it to confirm its entry (then a proposal
    /// may change nothing).
    pub in_campaign: bool,
}

/// Who sends a proposal must say who they are and how to reach them, so the reviewer can call
/// back.
pub fn check_contact(submitter: &str, contact: &str) -> Result<()> {
    for (name, value) in [("submitter", submitter), ("contact", contact)] {
        if value.trim().is_empty() {
            return Err(model::ValidationError::InvalidField {
                field: name.into(),
                reason: "required, so the reviewer can call back".into(),
            }
            .into());
        }
    }
    Ok(())
}

impl Editorial<'_> {
    /// The listing an update link's token opens with its pending requests; `None` when the
    /// link is unknown, revoked or its listing gone.
    pub async fn linked(&self, token: &str) -> Result<Option<LinkedListing>> {
        let store = self.engine.store();
        let Some(id) = store
            .facility_of_link(&crate::store::accounts::token_hash(token))
            .await?
        else {
            return Ok(None);
        };
        let facility = match self.engine.get(&id).await {
            Ok(f) => f,
            Err(Error::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let pending = store
            .change_requests(Some(RequestStatus::Pending), Some(&id))
            .await?;
        let in_campaign = store.in_open_campaign(&id).await?;
        Ok(Some(LinkedListing {
            facility,
            pending,
            in_campaign,
        }))
    }

    /// Whether a listing has a live update link.
    pub async fn has_update_link(&self, facility_id: &str) -> Result<bool> {
        self.engine.store().has_update_link(facility_id).await
    }
}

impl Editorial<'_> {
    /// Issues (or re-issues, revoking the old) a listing's update link for `token_hash`.
    pub async fn issue_update_link(
        &self,
        viewer: &Viewer,
        facility_id: &str,
        token_hash: &str,
    ) -> Result<()> {
        let f = self.engine.get(facility_id).await?;
        if !viewer.may_edit(&f) {
            return Err(forbidden(viewer, facility_id));
        }
        self.engine
            .store()
            .set_update_link(facility_id, token_hash, &viewer.email)
            .await
    }

    /// Revokes a listing's update link.
    pub async fn revoke_update_link(&self, viewer: &Viewer, facility_id: &str) -> Result<bool> {
        let f = self.engine.get(facility_id).await?;
        if !viewer.may_edit(&f) {
            return Err(forbidden(viewer, facility_id));
        }
        self.engine.store().revoke_update_link(facility_id).await
    }

    /// Queues a facility's proposal (already checked by [`model::change::proposal`] against
    /// the current record).
    /// During a re-confirmation campaign a proposal may change nothing: the facility confirms
    /// its entry as it is. Either way it counts as the listing's response.
    pub async fn propose(&self, request: NewRequest) -> Result<ChangeRequest> {
        check_contact(&request.submitter, &request.contact)?;
        if request.changes.is_empty()
            && !self
                .engine
                .store()
                .in_open_campaign(&request.facility_id)
                .await?
        {
            return Err(model::ValidationError::InvalidField {
                field: "fields".into(),
                reason: "nothing differs from the listing as published".into(),
            }
            .into());
        }
        // A proposal reports dates too (its acceptance status): bounded as an editor's are.
        if !request.changes.is_empty() {
            let current = self.engine.get(&request.facility_id).await?;
            let proposed = change::apply(&current, &request.changes)?;
            reported_dates::check(
                Some(&current),
                &proposed,
                model::clock::today(),
                reported_dates::History::Forward,
            )?;
        }
        let id = self.engine.store().create_change_request(&request).await?;
        self.engine
            .store()
            .record_response(
                &request.facility_id,
                model::freshness::Response::Request,
                Some(id),
            )
            .await?;
        self.engine.store().change_request(id).await
    }

    /// Approves a pending request: its proposed values go live at once, logged as a save of
    /// kind `request` by the reviewer.
    pub async fn approve_request(
        &self,
        viewer: &Viewer,
        id: i64,
        note: Option<String>,
    ) -> Result<(Saved, ChangeRequest)> {
        let request = self.engine.store().change_request(id).await?;
        if request.status != RequestStatus::Pending {
            return Err(Error::Conflict(format!(
                "change request {id} is already {}",
                request.status.code()
            )));
        }
        let current = self.engine.get(&request.facility_id).await?;
        let proposed = change::apply(&current, &request.changes)?;
        let log_note = format!(
            "change request {id} from {}{}",
            request.submitter,
            note.as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        );
        // The save checks the reviewer's scope and closes the request in its transaction; a
        // proposal that the listing already matches is closed on its own.
        let saved = self
            .save_approving(
                viewer,
                proposed,
                None,
                SaveKind::Request,
                Some(log_note),
                Some((id, note.clone())),
            )
            .await?;
        if saved.changes.is_empty() {
            self.engine
                .store()
                .close_change_request(id, RequestStatus::Approved, &viewer.email, note)
                .await?;
        }
        // A campaign response, once approved, is the listing's confirmation.
        let saved = if self.engine.store().is_campaign_response(id).await? {
            let today = model::clock::today();
            self.verify_as(viewer, &request.facility_id, today).await?
        } else {
            saved
        };
        let closed = self.engine.store().change_request(id).await?;
        Ok((saved, closed))
    }

    /// Rejects a pending request with a note.
    pub async fn reject_request(
        &self,
        viewer: &Viewer,
        id: i64,
        note: Option<String>,
    ) -> Result<ChangeRequest> {
        let request = self.engine.store().change_request(id).await?;
        let f = self.engine.get(&request.facility_id).await?;
        if !viewer.may_edit(&f) {
            return Err(forbidden(viewer, &request.facility_id));
        }
        self.engine
            .store()
            .close_change_request(id, RequestStatus::Rejected, &viewer.email, note)
            .await
    }

    /// Change requests the viewer may review, newest first.
    pub async fn change_requests_for(
        &self,
        viewer: &Viewer,
        status: Option<RequestStatus>,
    ) -> Result<Vec<ChangeRequest>> {
        let all = self.engine.store().change_requests(status, None).await?;
        let mut out = Vec::with_capacity(all.len());
        for r in all {
            // Listings outside the viewer's scope (or deleted) are not theirs to see.
            if let Ok(f) = self.engine.get(&r.facility_id).await
                && viewer.may_edit(&f)
            {
                out.push(r);
            }
        }
        Ok(out)
    }
}
