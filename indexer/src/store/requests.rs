//! Update links and change requests in the store. Links are kept as the hash of their token.

use super::{Store, corrupt, now_ms};
use crate::error::{Error, Result};
use crate::store::entity::{change_request, update_link};
use model::change::{ChangeRequest, FieldChange, RequestStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

/// A new change request, as the facility sent it.
#[derive(Debug, Clone)]
pub struct NewRequest {
    /// Listing.
    pub facility_id: String,
    /// The diff against the listing when sent.
    pub changes: Vec<FieldChange>,
    /// Who sent it.
    pub submitter: String,
    /// How to reach them.
    pub contact: String,
    /// Note to the reviewer.
    pub note: Option<String>,
}

fn to_request(r: change_request::Model) -> Result<ChangeRequest> {
    let changes = serde_json::from_str(&r.changes).map_err(corrupt(&r.facility_id))?;
    let at = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
    Ok(ChangeRequest {
        id: r.id,
        facility_id: r.facility_id,
        changes,
        submitter: r.submitter,
        contact: r.contact,
        note: r.note,
        status: RequestStatus::from_code(&r.status).unwrap_or(RequestStatus::Pending),
        submitted_at: at(r.submitted_at_ms),
        reviewed_by: r.reviewed_by,
        reviewed_at: r.reviewed_at_ms.map(at),
        review_note: r.review_note,
    })
}

impl Store {
    /// Records a listing's update link (by its token's hash), replacing — and so revoking —
    /// any earlier one.
    pub(crate) async fn set_update_link(
        &self,
        facility_id: &str,
        token_hash: &str,
        created_by: &str,
    ) -> Result<()> {
        let txn = self.connection().begin().await?;
        update_link::Entity::delete_by_id(facility_id.to_string())
            .exec(&txn)
            .await?;
        update_link::Entity::insert(update_link::ActiveModel {
            facility_id: Set(facility_id.to_string()),
            token_hash: Set(token_hash.to_string()),
            created_by: Set(created_by.to_string()),
            created_at_ms: Set(now_ms()),
        })
        .exec(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Revokes a listing's update link; false when it had none.
    pub(crate) async fn revoke_update_link(&self, facility_id: &str) -> Result<bool> {
        let r = update_link::Entity::delete_by_id(facility_id.to_string())
            .exec(self.connection())
            .await?;
        Ok(r.rows_affected > 0)
    }

    /// True when the listing has a live update link.
    pub async fn has_update_link(&self, facility_id: &str) -> Result<bool> {
        Ok(update_link::Entity::find_by_id(facility_id.to_string())
            .one(self.connection())
            .await?
            .is_some())
    }

    /// The listing a live update link belongs to.
    pub async fn facility_of_link(&self, token_hash: &str) -> Result<Option<String>> {
        Ok(update_link::Entity::find()
            .filter(update_link::Column::TokenHash.eq(token_hash))
            .one(self.connection())
            .await?
            .map(|l| l.facility_id))
    }

    /// Queues a change request; returns its id.
    pub(crate) async fn create_change_request(&self, r: &NewRequest) -> Result<i64> {
        let changes = serde_json::to_string(&r.changes).map_err(corrupt(&r.facility_id))?;
        let m = change_request::ActiveModel {
            id: sea_orm::ActiveValue::NotSet,
            facility_id: Set(r.facility_id.clone()),
            changes: Set(changes),
            submitter: Set(r.submitter.clone()),
            contact: Set(r.contact.clone()),
            note: Set(r.note.clone()),
            status: Set(RequestStatus::Pending.code().to_string()),
            submitted_at_ms: Set(now_ms()),
            reviewed_by: Set(None),
            reviewed_at_ms: Set(None),
            review_note: Set(None),
        };
        Ok(change_request::Entity::insert(m)
            .exec(self.connection())
            .await?
            .last_insert_id)
    }

    /// Change requests, newest first, optionally of one status and/or one listing.
    pub async fn change_requests(
        &self,
        status: Option<RequestStatus>,
        facility_id: Option<&str>,
    ) -> Result<Vec<ChangeRequest>> {
        let mut q = change_request::Entity::find().order_by_desc(change_request::Column::Id);
        if let Some(s) = status {
            q = q.filter(change_request::Column::Status.eq(s.code()));
        }
        if let Some(f) = facility_id {
            q = q.filter(change_request::Column::FacilityId.eq(f));
        }
        q.all(self.connection())
            .await?
            .into_iter()
            .map(to_request)
            .collect()
    }

    /// One change request.
    pub async fn change_request(&self, id: i64) -> Result<ChangeRequest> {
        let r = change_request::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or(Error::RequestNotFound(id))?;
        to_request(r)
    }

    /// Closes a pending request as approved or rejected; a request already closed is a
    /// conflict (two reviewers at once).
    pub(crate) async fn close_change_request(
        &self,
        id: i64,
        status: RequestStatus,
        reviewer: &str,
        note: Option<String>,
    ) -> Result<ChangeRequest> {
        close_in(self.connection(), id, status, reviewer, note).await?;
        self.change_request(id).await
    }
}

/// [`Store::close_change_request`] inside an open transaction (an approval closes its request
/// in the transaction of the save that applies it).
pub(crate) async fn close_in(
    db: &impl ConnectionTrait,
    id: i64,
    status: RequestStatus,
    reviewer: &str,
    note: Option<String>,
) -> Result<()> {
    let r = change_request::Entity::update_many()
        .col_expr(
            change_request::Column::Status,
            sea_orm::sea_query::Expr::value(status.code()),
        )
        .col_expr(
            change_request::Column::ReviewedBy,
            sea_orm::sea_query::Expr::value(reviewer),
        )
        .col_expr(
            change_request::Column::ReviewedAtMs,
            sea_orm::sea_query::Expr::value(now_ms()),
        )
        .col_expr(
            change_request::Column::ReviewNote,
            sea_orm::sea_query::Expr::value(note),
        )
        .filter(change_request::Column::Id.eq(id))
        .filter(change_request::Column::Status.eq(RequestStatus::Pending.code()))
        .exec(db)
        .await?;
    if r.rows_affected == 0 {
        let row = change_request::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(Error::RequestNotFound(id))?;
        return Err(Error::Conflict(format!(
            "change request {id} is already {}",
            row.status
        )));
    }
    Ok(())
}
