//! Accounts and sessions in the store. Passwords arrive hashed (Argon2, the server's `auth`
//! module) and the store keeps only the SHA-256 of session and update-link tokens
//! ([`token_hash`]), so a copy of the database holds no usable secret.

use super::{Store, now_ms};
use crate::error::{Error, Result};
use crate::store::entity::{account, session};
use model::account::{EditorScope, Role, Viewer};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A session to record: the hash of its token (the cookie's value is never stored), the
/// account, its CSRF token and how long it lives.
#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    /// SHA-256 of the session token ([`token_hash`]).
    pub token_hash: &'a str,
    /// Whose session.
    pub account_id: i64,
    /// The token writes must echo in their `X-CSRF-Token` header.
    pub csrf: &'a str,
    /// Lifetime in milliseconds.
    pub ttl_ms: i64,
}

/// An account as stored, with its password hash (for the login check only).
#[derive(Debug, Clone)]
pub struct StoredAccount {
    /// Who.
    pub viewer: Viewer,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
}

fn to_account(r: account::Model) -> Result<StoredAccount> {
    let role = Role::from_code(&r.role)
        .ok_or_else(|| Error::Conflict(format!("account {} has unknown role {}", r.id, r.role)))?;
    let scope: EditorScope = serde_json::from_str(&r.scope).map_err(|source| Error::Corrupt {
        id: format!("account {}", r.id),
        source,
    })?;
    Ok(StoredAccount {
        viewer: Viewer {
            id: r.id,
            email: r.email,
            role,
            scope,
        },
        password_hash: r.password_hash,
        disabled: r.disabled,
    })
}

/// SHA-256 of a token, hex: what the store keeps of session and update-link tokens.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes())
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// E-mails compare case-insensitively and without surrounding blanks.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Store {
    /// Creates an account; a taken e-mail is a conflict.
    pub async fn create_account(
        &self,
        email: &str,
        password_hash: &str,
        role: Role,
        scope: &EditorScope,
    ) -> Result<Viewer> {
        let email = normalize_email(email);
        if !email.contains('@') || email.len() > 254 {
            return Err(model::ValidationError::InvalidField {
                field: "email".into(),
                reason: format!("{email:?} is not an e-mail address"),
            }
            .into());
        }
        if self.account_by_email(&email).await?.is_some() {
            return Err(Error::Conflict(format!("an account for {email} exists")));
        }
        let scope_json = serde_json::to_string(scope).map_err(|source| Error::Corrupt {
            id: email.clone(),
            source,
        })?;
        let m = account::ActiveModel {
            id: sea_orm::ActiveValue::NotSet,
            email: Set(email.clone()),
            password_hash: Set(password_hash.to_string()),
            role: Set(role.code().to_string()),
            scope: Set(scope_json),
            created_at_ms: Set(now_ms()),
            disabled: Set(false),
        };
        let id = account::Entity::insert(m)
            .exec(self.connection())
            .await?
            .last_insert_id;
        Ok(Viewer {
            id,
            email,
            role,
            scope: scope.clone(),
        })
    }

    /// The account with this e-mail.
    pub async fn account_by_email(&self, email: &str) -> Result<Option<StoredAccount>> {
        account::Entity::find()
            .filter(account::Column::Email.eq(normalize_email(email)))
            .one(self.connection())
            .await?
            .map(to_account)
            .transpose()
    }

    /// Every account, by id.
    pub async fn accounts(&self) -> Result<Vec<StoredAccount>> {
        account::Entity::find()
            .order_by_asc(account::Column::Id)
            .all(self.connection())
            .await?
            .into_iter()
            .map(to_account)
            .collect()
    }

    /// Records a session (by its token's hash) for an account.
    pub(crate) async fn create_session(&self, new: NewSession<'_>) -> Result<()> {
        let NewSession {
            token_hash,
            account_id,
            csrf,
            ttl_ms,
        } = new;
        let now = now_ms();
        // Expired sessions are swept on the way.
        session::Entity::delete_many()
            .filter(session::Column::ExpiresAtMs.lt(now))
            .exec(self.connection())
            .await?;
        session::Entity::insert(session::ActiveModel {
            token_hash: Set(token_hash.to_string()),
            account_id: Set(account_id),
            csrf: Set(csrf.to_string()),
            created_at_ms: Set(now),
            expires_at_ms: Set(now + ttl_ms),
        })
        .exec(self.connection())
        .await?;
        Ok(())
    }

    /// The live session with this token hash: its account (when enabled) and CSRF token.
    pub async fn session(&self, token_hash: &str) -> Result<Option<(Viewer, String)>> {
        let Some(s) = session::Entity::find_by_id(token_hash.to_string())
            .one(self.connection())
            .await?
        else {
            return Ok(None);
        };
        if s.expires_at_ms < now_ms() {
            return Ok(None);
        }
        let Some(a) = account::Entity::find_by_id(s.account_id)
            .one(self.connection())
            .await?
        else {
            return Ok(None);
        };
        let a = to_account(a)?;
        Ok((!a.disabled).then_some((a.viewer, s.csrf)))
    }

    /// The live session a cookie's token opens (see [`Store::session`]).
    pub async fn session_for_token(&self, token: &str) -> Result<Option<(Viewer, String)>> {
        self.session(&token_hash(token)).await
    }

    /// Ends a session.
    pub(crate) async fn delete_session(&self, token_hash: &str) -> Result<()> {
        session::Entity::delete_by_id(token_hash.to_string())
            .exec(self.connection())
            .await?;
        Ok(())
    }
}
