//! An account's life after its creation: disabling and enabling, a new password, a new role or
//! scope. Disabling and a new password end the account's sessions in the same transaction
//! (every request looks its session up in the store, so an ended session is refused at the
//! next request on every server).

use super::Store;
use super::accounts::normalize_email;
use crate::error::{Error, Result};
use crate::store::entity::{account, session};
use model::account::{EditorScope, Role};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

/// What changes about an account.
#[derive(Debug, Clone)]
pub enum AccountChange {
    /// Disabled (no sign-in; its sessions end) or enabled again.
    Disabled(bool),
    /// A new password hash (its sessions end).
    Password(String),
    /// A new role and scope.
    Role(Role, EditorScope),
}

impl Store {
    /// Applies `change` to the account with this e-mail (an unknown e-mail is refused).
    /// Returns how many sessions ended.
    pub async fn change_account(&self, email: &str, change: AccountChange) -> Result<u64> {
        let email = normalize_email(email);
        let txn = self.connection().begin().await?;
        let Some(a) = account::Entity::find()
            .filter(account::Column::Email.eq(email.clone()))
            .one(&txn)
            .await?
        else {
            return Err(model::ValidationError::InvalidField {
                field: "email".into(),
                reason: format!("no account has the e-mail {email}"),
            }
            .into());
        };
        let id = a.id;
        let mut m: account::ActiveModel = a.into();
        let ends_sessions = match change {
            AccountChange::Disabled(d) => {
                m.disabled = Set(d);
                d
            }
            AccountChange::Password(hash) => {
                m.password_hash = Set(hash);
                true
            }
            AccountChange::Role(role, scope) => {
                let scope = serde_json::to_string(&scope).map_err(|source| Error::Corrupt {
                    id: email.clone(),
                    source,
                })?;
                m.role = Set(role.code().to_string());
                m.scope = Set(scope);
                false
            }
        };
        account::Entity::update(m).exec(&txn).await?;
        let ended = if ends_sessions {
            session::Entity::delete_many()
                .filter(session::Column::AccountId.eq(id))
                .exec(&txn)
                .await?
                .rows_affected
        } else {
            0
        };
        txn.commit().await?;
        Ok(ended)
    }
}
