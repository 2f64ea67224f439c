//! The editing path: saves by signed-in accounts, checked against their role and scope here
//! (not only in the UI), each written with its field-level change log in one transaction and
//! searchable when the call returns; verification and one-field revert are saves too.

use super::Engine;
use crate::error::{Error, Result};
use crate::store::changes::SaveNote;
use chrono::NaiveDate;
use model::change::{self, ChangeEntry, FieldChange};
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

impl Engine {
    /// Saves a listing on behalf of `viewer`. An existing listing must be inside the viewer's
    /// scope both before and after the change; `expect_seq` (the version the editor started
    /// from) turns a concurrent save into a conflict instead of a lost update.
    pub async fn save_as(
        &self,
        viewer: &Viewer,
        mut record: Facility,
        expect_seq: Option<i64>,
        kind: SaveKind,
        note: Option<String>,
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
        let changes = change::diff(old.as_ref().map(|o| &o.facility), &record);
        if changes.is_empty() {
            let seq = old.map_or(0, |o| o.seq);
            return Ok(Saved {
                facility: record,
                seq,
                changes,
            });
        }
        let note = SaveNote {
            actor: viewer.email.clone(),
            kind: kind.code(),
            note,
        };
        let written = self
            .store
            .save_facility(&record, &changes, expect_seq, &note)
            .await?;
        self.apply_written(std::slice::from_ref(&written))?;
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
        self.save_as(viewer, f, None, SaveKind::Verify, None).await
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
