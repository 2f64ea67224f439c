//! Failed sign-ins, counted in the store: every server of a cluster sees the same count, and a
//! restart does not reset it.

use super::Store;
use crate::error::Result;
use crate::store::entity::login_failure;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait};

impl Store {
    /// The failed sign-ins of `key` at or after `since_ms`: how many, and when the oldest was.
    pub async fn login_failures(&self, key: &str, since_ms: i64) -> Result<(u64, Option<i64>)> {
        let row: Option<(i64, Option<i64>)> = login_failure::Entity::find()
            .select_only()
            .column_as(login_failure::Column::Id.count(), "n")
            .column_as(login_failure::Column::AtMs.min(), "oldest")
            .filter(login_failure::Column::Key.eq(key))
            .filter(login_failure::Column::AtMs.gte(since_ms))
            .into_tuple()
            .one(self.connection())
            .await?;
        Ok(row.map_or((0, None), |(n, oldest)| (n.max(0) as u64, oldest)))
    }

    /// Records one failed sign-in against each key at `at_ms`, forgetting every failure older
    /// than `forget_before_ms` (of any key: the table holds one window's failures, not a
    /// history an attacker's made-up e-mails would grow).
    pub(crate) async fn record_login_failure(
        &self,
        keys: &[&str],
        at_ms: i64,
        forget_before_ms: i64,
    ) -> Result<()> {
        let txn = self.connection().begin().await?;
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::AtMs.lt(forget_before_ms))
            .exec(&txn)
            .await?;
        login_failure::Entity::insert_many(keys.iter().map(|k| login_failure::ActiveModel {
            id: NotSet,
            key: Set(k.to_string()),
            at_ms: Set(at_ms),
        }))
        .exec(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Forgets a key's failed sign-ins (after a successful one).
    pub(crate) async fn clear_login_failures(&self, key: &str) -> Result<()> {
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::Key.eq(key))
            .exec(self.connection())
            .await?;
        Ok(())
    }
}
