//! The editing path: saves by signed-in accounts, checked against their role and scope here
//! (not only in the UI), each written with its field-level change log in one transaction and
//! searchable when the call returns; verification and one-field revert are saves too.

use super::Editorial;
use super::access::forbidden;
use crate::error::{Error, Result};
use crate::ingest::EDITOR;
use crate::store::changes::SaveNote;
use chrono::NaiveDate;
use model::change::{self, ChangeEntry, FieldChange};
use model::reported_dates;
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

/// Marks the imported fields an editor changed as the editor's, so no later import overwrites
/// them (see [`crate::ingest::merge`]); a position set by hand drops the import's note on it.
fn claim_edited_fields(old: Option<&Facility>, record: &mut Facility, changes: &[FieldChange]) {
    let p = &mut record.provenance;
    for c in changes {
        if model::facility::fields::imported(&c.field) {
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

impl Editorial<'_> {
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

    /// [`Editorial::save_as`] that also closes change request `approves` as approved in the
    /// same transaction.
    pub(super) async fn save_approving(
        &self,
        viewer: &Viewer,
        mut record: Facility,
        expect_seq: Option<i64>,
        kind: SaveKind,
        note: Option<String>,
        approves: Option<(i64, Option<String>)>,
    ) -> Result<Saved> {
        record.validate()?;
        self.engine.assign_areas(std::slice::from_mut(&mut record));
        let _w = self.engine.lock_writes().await;
        let old = self.engine.store().get_facility(record.id.as_str()).await?;
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
        // The dates a person reports are bounded by today, and a new report by the one it
        // replaces (a revert or a merge sets back values that were on record).
        let history = match kind {
            SaveKind::Revert | SaveKind::Merge => reported_dates::History::Restore,
            _ => reported_dates::History::Forward,
        };
        reported_dates::check(
            old.as_ref().map(|o| &o.facility),
            &record,
            model::clock::today(),
            history,
        )?;
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
            .engine
            .store()
            .save_facility(&record, &changes, expect_seq, &note)
            .await?;
        self.engine.apply_written(&[written.borrowed()])?;
        if changes.iter().any(|c| c.field == "location") {
            // A position set by hand answers the import's question about it.
            self.engine
                .store()
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
        let mut f = self.engine.get(id).await?;
        f.provenance.verified_at = Some(date);
        f.provenance.verified_by = Some(viewer.email.clone());
        let saved = self
            .save_as(viewer, f, None, SaveKind::Verify, None)
            .await?;
        self.engine
            .store()
            .record_response(id, model::freshness::Response::Verified, None)
            .await?;
        Ok(saved)
    }

    /// Sets one changed field back to its value before change `change_id`, if nobody has
    /// changed that field since.
    pub async fn revert_as(&self, viewer: &Viewer, change_id: i64) -> Result<Saved> {
        let entry = self.engine.store().change(change_id).await?;
        let current = self.engine.get(&entry.facility_id).await?;
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
        self.engine.store().history(id).await
    }

    /// The current change sequence (version) of a listing.
    pub async fn version(&self, id: &str) -> Result<i64> {
        Ok(self
            .engine
            .store()
            .get_facility(id)
            .await?
            .ok_or_else(|| Error::NotFound(id.to_string()))?
            .seq)
    }
}
