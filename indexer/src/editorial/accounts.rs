//! Accounts and sessions, for the sign-in of the API and the admin pages. Passwords are hashed
//! and checked by the server (Argon2); sessions are kept by their token's hash.

use super::Editorial;
use crate::error::Result;
use model::Viewer;

pub use crate::store::accounts::{NewSession, StoredAccount, normalize_email, token_hash};

impl Editorial<'_> {
    /// The account with this e-mail (compared as [`normalize_email`] does).
    pub async fn account_by_email(&self, email: &str) -> Result<Option<StoredAccount>> {
        self.engine.store().account_by_email(email).await
    }

    /// Records a session for an account: the hash of its token, its CSRF token and how long
    /// it lives (expired sessions are swept on the way).
    pub async fn start_session(&self, new: NewSession<'_>) -> Result<()> {
        self.engine.store().create_session(new).await
    }

    /// The live session with this token hash: its enabled account and CSRF token.
    pub async fn session(&self, token_hash: &str) -> Result<Option<(Viewer, String)>> {
        self.engine.store().session(token_hash).await
    }

    /// The live session a cookie's token opens (see [`Editorial::session`]).
    pub async fn session_for_token(&self, token: &str) -> Result<Option<(Viewer, String)>> {
        self.session(&token_hash(token)).await
    }

    /// Ends a session.
    pub async fn end_session(&self, token_hash: &str) -> Result<()> {
        self.engine.store().delete_session(token_hash).await
    }

    /// How long `key` must wait before it may try to sign in again: `None` while it has had
    /// fewer than `limit` failed sign-ins within `window` (counted in the store, so across
    /// every server and restarts).
    pub async fn sign_in_wait(
        &self,
        key: &str,
        limit: usize,
        window: std::time::Duration,
    ) -> Result<Option<std::time::Duration>> {
        let now = crate::store::now_ms();
        let window_ms = window.as_millis() as i64;
        let (failures, oldest) = self
            .engine
            .store()
            .login_failures(key, now - window_ms)
            .await?;
        Ok((failures as usize >= limit).then(|| {
            let until = oldest.unwrap_or(now) + window_ms;
            std::time::Duration::from_millis((until - now).max(0) as u64)
        }))
    }

    /// Counts a failed sign-in against each key (failures older than `window` are forgotten).
    pub async fn note_failed_sign_in(
        &self,
        keys: &[&str],
        window: std::time::Duration,
    ) -> Result<()> {
        let now = crate::store::now_ms();
        self.engine
            .store()
            .record_login_failure(keys, now, now - window.as_millis() as i64)
            .await
    }

    /// Forgets a key's failed sign-ins (after it signed in).
    pub async fn forget_failed_sign_ins(&self, key: &str) -> Result<()> {
        self.engine.store().clear_login_failures(key).await
    }
}
