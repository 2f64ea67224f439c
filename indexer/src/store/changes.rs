//! Saving one listing together with its field-level change log, in one transaction.

use super::{Store, StoredFacility, corrupt, now_ms, upsert_in};
use crate::error::{Error, Result};
use crate::store::entity::{change, facility};
use model::Facility;
use model::change::{ChangeEntry, FieldChange};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

/// Who saves and why, written next to every changed field.
#[derive(Debug, Clone)]
pub struct SaveNote {
    /// Account e-mail, `import`, `request:N`.
    pub actor: String,
    /// `create`, `edit`, `verify`, `revert`, `retire`, `request`.
    pub kind: &'static str,
    /// Free note.
    pub note: Option<String>,
    /// The change request this save approves (closed in the same transaction), with the
    /// reviewer's note.
    pub approves: Option<(i64, Option<String>)>,
}

fn json_text(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref().map(serde_json::Value::to_string)
}

fn to_entry(r: change::Model) -> Result<ChangeEntry> {
    let parse = |t: &Option<String>| -> Result<Option<serde_json::Value>> {
        t.as_deref()
            .map(|t| serde_json::from_str(t).map_err(corrupt(&r.facility_id)))
            .transpose()
    };
    Ok(ChangeEntry {
        id: r.id,
        seq: r.seq,
        facility_id: r.facility_id.clone(),
        change: FieldChange {
            field: r.field.clone(),
            old: parse(&r.old)?,
            new: parse(&r.new)?,
        },
        actor: r.actor,
        kind: r.kind,
        note: r.note,
        at: chrono::DateTime::from_timestamp_millis(r.at_ms).unwrap_or_default(),
    })
}

impl Store {
    /// Writes `record` and its `changes` in one transaction. With `expect_seq`, the write
    /// happens only if the stored row still has that change sequence (no one saved in between).
    pub(crate) async fn save_facility(
        &self,
        record: &Facility,
        changes: &[FieldChange],
        expect_seq: Option<i64>,
        note: &SaveNote,
    ) -> Result<StoredFacility> {
        let txn = self.connection().begin().await?;
        // The sequence first: it waits for any other writer's transaction to end, so the
        // version read below is the last committed one (two servers saving one listing at once
        // give one save and one conflict).
        let seq = super::feed::next_seq(&txn).await?;
        if let Some(expected) = expect_seq {
            let current: Option<i64> = facility::Entity::find()
                .select_only()
                .column(facility::Column::Seq)
                .filter(facility::Column::Id.eq(record.id.as_str()))
                .into_tuple()
                .one(&txn)
                .await?;
            if current != Some(expected) {
                return Err(Error::Conflict(format!(
                    "facility {} was changed by someone else (version {} is not {expected}); reload and try again",
                    record.id.as_str(),
                    current.map_or("none".into(), |c| c.to_string())
                )));
            }
        }
        let report = upsert_in(&txn, seq, vec![record.clone()], &|_| {}, &mut |_| {}).await?;
        let Some(written) = report.written.into_stored().next() else {
            txn.rollback().await?;
            return Err(Error::Conflict(format!(
                "nothing to save: facility {} is unchanged",
                record.id.as_str()
            )));
        };
        let at = now_ms();
        let rows: Vec<change::ActiveModel> = changes
            .iter()
            .map(|c| change::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                seq: Set(written.seq),
                facility_id: Set(record.id.0.clone()),
                field: Set(c.field.clone()),
                old: Set(json_text(&c.old)),
                new: Set(json_text(&c.new)),
                actor: Set(note.actor.clone()),
                kind: Set(note.kind.to_string()),
                note: Set(note.note.clone()),
                at_ms: Set(at),
            })
            .collect();
        if !rows.is_empty() {
            change::Entity::insert_many(rows).exec(&txn).await?;
        }
        if let Some((request, review_note)) = &note.approves {
            super::requests::close_in(
                &txn,
                *request,
                model::change::RequestStatus::Approved,
                &note.actor,
                review_note.clone(),
            )
            .await?;
        }
        txn.commit().await?;
        Ok(written)
    }

    /// A listing's change log, newest first.
    pub async fn history(&self, facility_id: &str) -> Result<Vec<ChangeEntry>> {
        change::Entity::find()
            .filter(change::Column::FacilityId.eq(facility_id))
            .order_by_desc(change::Column::Id)
            .all(self.connection())
            .await?
            .into_iter()
            .map(to_entry)
            .collect()
    }

    /// One change-log entry.
    pub async fn change(&self, id: i64) -> Result<ChangeEntry> {
        let row = change::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or(Error::ChangeNotFound(id))?;
        to_entry(row)
    }
}
