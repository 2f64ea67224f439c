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
}
