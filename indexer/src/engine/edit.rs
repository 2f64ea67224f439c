//! The editing path: saves by signed-in accounts, checked against their role and scope here
//! (not only in the UI), each written with its field-level change log in one transaction and
//! searchable when the call returns; verification and one-field revert are saves too.

use super::Engine;
use crate::error::{Error, Result};
use crate::ingest::EDITOR;
use crate::store::changes::SaveNote;
use crate::store::requests::NewRequest;
use chrono::NaiveDate;
use model::change::{self, ChangeEntry, ChangeRequest, FieldChange, RequestStatus};
use model::facility::LifecycleStatus;
use model::freshness::{FreshnessPolicy, RoundEntry, RoundLine, StaleListing};
use model::{Facility, Viewer};

/// What a save did.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The record as stored (areas assigned).
    pub facility: Facility,
    /// Its change sequence (the version to send back as `expect_seq`).
    pub seq: i64,
    /// The fields changed (empty when the record was already so).
    pub changes: Vec<FieldChange>,
}

/// The kind of a save, as the change log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveKind {
    /// A new listing.
    Create,
    /// An edit.
    Edit,
    /// 「本日時点で確認済み」.
    Verify,
    /// One field set back.
    Revert,
    /// Status set to 廃止.
    Retire,
    /// An approved change request.
    Request,
    /// Two listings merged into one (from the import review queue): the merged record's
    /// source bookkeeping is the merge's, not an editor's.
    Merge,
}

impl SaveKind {
    fn code(self) -> &'static str {
        match self {
            SaveKind::Create => "create",
            SaveKind::Edit => "edit",
            SaveKind::Verify => "verify",
            SaveKind::Revert => "revert",
            SaveKind::Retire => "retire",
            SaveKind::Request => "request",
            SaveKind::Merge => "merge",
        }
    }
}

fn forbidden(viewer: &Viewer, id: &str) -> Error {
    Error::Forbidden(format!(
        "{} ({}) may not change facility {id}",
        viewer.email,
        viewer.role.label()
    ))
}

/// Marks the imported fields an editor changed as the editor's, so no later import overwrites
/// them (see [`crate::ingest::merge`]); a position set by hand drops the import's note on it.
fn claim_edited_fields(old: Option<&Facility>, record: &mut Facility, changes: &[FieldChange]) {
    let p = &mut record.provenance;
    for c in changes {
        if crate::ingest::merge::FIELDS.contains(&c.field.as_str()) {
            p.field_sources.insert(c.field.clone(), EDITOR.to_string());
        }
        if c.field == "location" {
            p.position_note = None;
        }
    }
    if changes.iter().any(|c| c.field == "capabilities") {
        for claim in &record.capabilities {
            let before = old.and_then(|o| o.capabilities.iter().find(|x| x.code == claim.code));
            if before != Some(claim) {
                p.field_sources
                    .insert(format!("capability:{}", claim.code), EDITOR.to_string());
            }
        }
    }
}

impl Engine {
    /// Saves a listing on behalf of `viewer`. An existing listing must be inside the viewer's
    /// scope both before and after the change; `expect_seq` (the version the editor started
    /// from) turns a concurrent save into a conflict instead of a lost update.
    pub async fn save_as(
        &self,
        viewer: &Viewer,
        record: Facility,
        expect_seq: Option<i64>,
        kind: SaveKind,
        note: Option<String>,
    ) -> Result<Saved> {
        self.save_approving(viewer, record, expect_seq, kind, note, None)
            .await
    }

    /// [`Engine::save_as`] that also closes change request `approves` as approved in the
    /// same transaction.
    async fn save_approving(
        &self,
        viewer: &Viewer,
        mut record: Facility,
        expect_seq: Option<i64>,
        kind: SaveKind,
        note: Option<String>,
        approves: Option<(i64, Option<String>)>,
    ) -> Result<Saved> {
        record.validate()?;
        self.assign_areas(std::slice::from_mut(&mut record));
        let _w = self.writer.lock().await;
        let old = self.store.get_facility(record.id.as_str()).await?;
        match (&old, kind) {
            (None, SaveKind::Create) => {}
            (None, _) => return Err(Error::NotFound(record.id.0.clone())),
            (Some(_), SaveKind::Create) => {
                return Err(Error::Conflict(format!(
                    "facility {} exists",
                    record.id.as_str()
                )));
            }
            (Some(o), _) if !viewer.may_edit(&o.facility) => {
                return Err(forbidden(viewer, record.id.as_str()));
            }
            (Some(_), _) => {}
        }
        if !viewer.may_edit(&record) {
            return Err(forbidden(viewer, record.id.as_str()));
        }
        // What imports keep about a listing's sources is the directory's own bookkeeping: an
        // edit carries it over from the stored record (a merge brings its own).
        if let Some(o) = old.as_ref().filter(|_| kind != SaveKind::Merge) {
            let p = &o.facility.provenance;
            record.provenance.records.clone_from(&p.records);
            record.provenance.field_sources.clone_from(&p.field_sources);
            record.provenance.position_note.clone_from(&p.position_note);
        }
        let changes = change::diff(old.as_ref().map(|o| &o.facility), &record);
        if changes.is_empty() {
            let seq = old.map_or(0, |o| o.seq);
            return Ok(Saved {
                facility: record,
                seq,
                changes,
            });
        }
        if kind != SaveKind::Merge {
            claim_edited_fields(old.as_ref().map(|o| &o.facility), &mut record, &changes);
        }
        let note = SaveNote {
            actor: viewer.email.clone(),
            kind: kind.code(),
            note,
            approves,
        };
        let written = self
            .store
            .save_facility(&record, &changes, expect_seq, &note)
            .await?;
        self.apply_written(std::slice::from_ref(&written))?;
        if changes.iter().any(|c| c.field == "location") {
            // A position set by hand answers the import's question about it.
            self.store
                .resolve_reviews_of(record.id.as_str(), "position", &viewer.email, "位置を修正")
                .await?;
        }
        Ok(Saved {
            facility: written.facility,
            seq: written.seq,
            changes,
        })
    }

    /// Marks a listing as confirmed on `date` by `viewer` (distinct from its last change).
    pub async fn verify_as(&self, viewer: &Viewer, id: &str, date: NaiveDate) -> Result<Saved> {
        let mut f = self.get(id).await?;
        f.provenance.verified_at = Some(date);
        f.provenance.verified_by = Some(viewer.email.clone());
        let saved = self
            .save_as(viewer, f, None, SaveKind::Verify, None)
            .await?;
        self.store
            .record_response(id, model::freshness::Response::Verified, None)
            .await?;
        Ok(saved)
    }

    /// Sets one changed field back to its value before change `change_id`, if nobody has
    /// changed that field since.
    pub async fn revert_as(&self, viewer: &Viewer, change_id: i64) -> Result<Saved> {
        let entry = self.store.change(change_id).await?;
        let current = self.get(&entry.facility_id).await?;
        if change::field_value(&current, &entry.change.field) != entry.change.new {
            return Err(Error::Conflict(format!(
                "field {} of facility {} has changed again since change {change_id}; revert the later change first",
                entry.change.field, entry.facility_id
            )));
        }
        let reverted = change::with_field(&current, &entry.change.field, entry.change.old)?;
        self.save_as(
            viewer,
            reverted,
            None,
            SaveKind::Revert,
            Some(format!("change {change_id}")),
        )
        .await
    }

    /// A listing's change log, newest first.
    pub async fn history(&self, id: &str) -> Result<Vec<ChangeEntry>> {
        self.store.history(id).await
    }

    /// The current change sequence (version) of a listing.
    pub async fn version(&self, id: &str) -> Result<i64> {
        Ok(self
            .store
            .get_facility(id)
            .await?
            .ok_or_else(|| Error::NotFound(id.to_string()))?
            .seq)
    }
}

/// Change requests: facilities propose through their private update link, editors review.
impl Engine {
    /// Issues (or re-issues, revoking the old) a listing's update link for `token_hash`.
    pub async fn issue_update_link(
        &self,
        viewer: &Viewer,
        facility_id: &str,
        token_hash: &str,
    ) -> Result<()> {
        let f = self.get(facility_id).await?;
        if !viewer.may_edit(&f) {
            return Err(forbidden(viewer, facility_id));
        }
        self.store
            .set_update_link(facility_id, token_hash, &viewer.email)
            .await
    }

    /// Revokes a listing's update link.
    pub async fn revoke_update_link(&self, viewer: &Viewer, facility_id: &str) -> Result<bool> {
        let f = self.get(facility_id).await?;
        if !viewer.may_edit(&f) {
            return Err(forbidden(viewer, facility_id));
        }
        self.store.revoke_update_link(facility_id).await
    }

    /// Queues a facility's proposal (already checked by [`model::change::proposal`] against
    /// the current record).
    /// During a re-confirmation campaign a proposal may change nothing: the facility confirms
    /// its entry as it is. Either way it counts as the listing's response.
    pub async fn propose(&self, request: NewRequest) -> Result<ChangeRequest> {
        if request.changes.is_empty() && !self.store.in_open_campaign(&request.facility_id).await? {
            return Err(model::ValidationError::InvalidField {
                field: "fields".into(),
                reason: "nothing differs from the listing as published".into(),
            }
            .into());
        }
        let id = self.store.create_change_request(&request).await?;
        self.store
            .record_response(
                &request.facility_id,
                model::freshness::Response::Request,
                Some(id),
            )
            .await?;
        self.store.change_request(id).await
    }

    /// Approves a pending request: its proposed values go live at once, logged as a save of
    /// kind `request` by the reviewer.
    pub async fn approve_request(
        &self,
        viewer: &Viewer,
        id: i64,
        note: Option<String>,
    ) -> Result<(Saved, ChangeRequest)> {
        let request = self.store.change_request(id).await?;
        if request.status != RequestStatus::Pending {
            return Err(Error::Conflict(format!(
                "change request {id} is already {}",
                request.status.code()
            )));
        }
        let current = self.get(&request.facility_id).await?;
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
            self.store
                .close_change_request(id, RequestStatus::Approved, &viewer.email, note)
                .await?;
        }
        // A campaign response, once approved, is the listing's confirmation.
        let saved = if self.store.is_campaign_response(id).await? {
            let today = model::clock::today();
            self.verify_as(viewer, &request.facility_id, today).await?
        } else {
            saved
        };
        let closed = self.store.change_request(id).await?;
        Ok((saved, closed))
    }

    /// Rejects a pending request with a note.
    pub async fn reject_request(
        &self,
        viewer: &Viewer,
        id: i64,
        note: Option<String>,
    ) -> Result<ChangeRequest> {
        let request = self.store.change_request(id).await?;
        let f = self.get(&request.facility_id).await?;
        if !viewer.may_edit(&f) {
            return Err(forbidden(viewer, &request.facility_id));
        }
        self.store
            .close_change_request(id, RequestStatus::Rejected, &viewer.email, note)
            .await
    }

    /// Change requests the viewer may review, newest first.
    pub async fn change_requests_for(
        &self,
        viewer: &Viewer,
        status: Option<RequestStatus>,
    ) -> Result<Vec<ChangeRequest>> {
        let all = self.store.change_requests(status, None).await?;
        let mut out = Vec::with_capacity(all.len());
        for r in all {
            // Listings outside the viewer's scope (or deleted) are not theirs to see.
            if let Ok(f) = self.get(&r.facility_id).await
                && viewer.may_edit(&f)
            {
                out.push(r);
            }
        }
        Ok(out)
    }
}

impl Engine {
    /// The staleness report: active listings the viewer may edit that are due for
    /// re-confirmation or whose acceptance status is too old, by id.
    /// `policy` overrides every municipality's own (the query's figures); without it each
    /// listing is held to its municipality's policy.
    pub async fn staleness_report(
        &self,
        viewer: &Viewer,
        policy: Option<&FreshnessPolicy>,
        today: NaiveDate,
        municipality: Option<&str>,
    ) -> Result<Vec<StaleListing>> {
        let table = self.policy_table().await?;
        let mut out = Vec::new();
        self.store
            .for_each_facility(|s| {
                let f = &s.facility;
                if f.status == LifecycleStatus::Closed
                    || municipality.is_some_and(|m| f.municipality_code.as_deref() != Some(m))
                    || !viewer.may_edit(f)
                {
                    return;
                }
                let own = table.for_listing(f);
                out.extend(StaleListing::of(f, policy.unwrap_or(&own), today));
            })
            .await?;
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// The weekly availability round: the visiting-nurse stations and short stays the viewer
    /// may edit, with their status on record, those due first.
    pub async fn availability_round(
        &self,
        viewer: &Viewer,
        policy: &FreshnessPolicy,
        today: NaiveDate,
    ) -> Result<Vec<RoundLine>> {
        let mut lines = Vec::new();
        self.store
            .for_each_facility(|s| {
                if viewer.may_edit(&s.facility) {
                    lines.extend(RoundLine::of(&s.facility, policy, today));
                }
            })
            .await?;
        lines.sort_by(|a, b| b.due.cmp(&a.due).then_with(|| a.id.cmp(&b.id)));
        Ok(lines)
    }

    /// Records this week's statuses (dated `today`), each listing a save with its change log.
    /// Every entry is checked first: an unknown id or a listing outside the viewer's scope
    /// rejects the whole round before anything is saved. Returns the ids saved.
    pub async fn record_round(
        &self,
        viewer: &Viewer,
        entries: Vec<RoundEntry>,
        today: NaiveDate,
    ) -> Result<Vec<String>> {
        let mut records = Vec::with_capacity(entries.len());
        for e in entries {
            let mut f = self.get(&e.id).await?;
            if !viewer.may_edit(&f) {
                return Err(forbidden(viewer, &e.id));
            }
            f.availability = Some(model::facility::Availability {
                accepting: e.accepting,
                free_count: e.free_count,
                note: e.note.filter(|n| !n.trim().is_empty()),
                as_of: today,
            });
            records.push(f);
        }
        let mut saved = Vec::with_capacity(records.len());
        for f in records {
            let id = f.id.0.clone();
            self.save_as(
                viewer,
                f,
                None,
                SaveKind::Edit,
                Some("availability round".into()),
            )
            .await?;
            saved.push(id);
        }
        Ok(saved)
    }
}
