//! Accounts as administrators manage them on the `/admin/accounts` page: the list, new
//! accounts, and their life — disabled and enabled again, a new password, a new role or scope.
//! The same store calls as the `caremap admin` commands; disabling and a new password end the
//! account's sessions at once, on every server.

use super::Editorial;
use super::access::admin_only;
use crate::error::{Error, Result};
use model::Viewer;
use model::account::{EditorScope, Role};

pub use crate::store::account_lifecycle::AccountChange;
use crate::store::accounts::{StoredAccount, normalize_email};

impl Editorial<'_> {
    /// Every account, by id (administrators only).
    pub async fn accounts_as(&self, viewer: &Viewer) -> Result<Vec<StoredAccount>> {
        admin_only(viewer)?;
        self.engine.store().accounts().await
    }

    /// Creates an account with a password hash (administrators only; an editor needs a
    /// scope; a taken e-mail is a conflict).
    pub async fn create_account_as(
        &self,
        viewer: &Viewer,
        email: &str,
        password_hash: &str,
        role: Role,
        scope: &EditorScope,
    ) -> Result<Viewer> {
        admin_only(viewer)?;
        scope.check_for(role)?;
        self.engine
            .store()
            .create_account(email, password_hash, role, scope)
            .await
    }

    /// Changes an account (administrators only). An administrator cannot disable or demote
    /// their own account here, so that a slip never locks the last one out. Returns how many
    /// of the account's sessions ended.
    pub async fn change_account_as(
        &self,
        viewer: &Viewer,
        email: &str,
        change: AccountChange,
    ) -> Result<u64> {
        admin_only(viewer)?;
        if let AccountChange::Role(role, scope) = &change {
            scope.check_for(*role)?;
        }
        let own = normalize_email(email) == normalize_email(&viewer.email);
        let locks_out = matches!(
            change,
            AccountChange::Disabled(true)
                | AccountChange::Role(Role::Editor | Role::Professional, _)
        );
        if own && locks_out {
            return Err(Error::Forbidden(format!(
                "{} may not disable or demote their own account",
                viewer.email
            )));
        }
        self.engine.store().change_account(email, change).await
    }
}
