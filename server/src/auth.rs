//! Sign-in, sessions and CSRF.
//!
//! - Passwords are hashed with Argon2id (PHC strings in the store); verification runs off the
//!   async workers.
//! - A session is a random 256-bit token in an `HttpOnly`, `SameSite=Lax` cookie (`Secure` when
//!   the request came over HTTPS); the store keeps only its SHA-256.
//! - Every state-changing call of a session carries the session's CSRF token in the
//!   `X-CSRF-Token` header (forms: a `csrf_token` field), compared in constant time. Login
//!   itself accepts JSON only, which a cross-site form cannot send, and CORS allows GET only.
//! - Failed logins are counted per e-mail and per client address; past the limit the answer is
//!   429 with `Retry-After` until the window has passed.

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{FromRequest, HttpRequest, web};
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use indexer::editorial::accounts::NewSession;
use model::Viewer;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub use model::account::SESSION_COOKIE;
/// Header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a session lasts.
pub const SESSION_TTL: Duration = Duration::from_secs(12 * 3600);

/// Hashes a password for the store (Argon2id, random salt).
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("hashing a password: {e}")))
}

/// Checks a password against a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Passwords shorter than this are refused when accounts are created.
pub const MIN_PASSWORD_LEN: usize = 10;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|x| format!("{x:02x}")).collect()
}

/// A random 256-bit token, hex.
pub(crate) fn new_token() -> String {
    let mut b = [0u8; 32];
    OsRng.fill_bytes(&mut b);
    hex(&b)
}

pub(crate) use indexer::editorial::accounts::token_hash;

fn not_signed_in() -> ApiError {
    ApiError::new(
        ErrorCode::NotSignedIn,
        "sign in first (POST /api/v1/auth/login)".into(),
    )
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who.
    pub viewer: Viewer,
    csrf: String,
    token_hash: String,
}

impl Session {
    /// The session's CSRF token (pages put it into their forms).
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// Returns true when `token` is this session's CSRF token.
    pub fn csrf_matches(&self, token: &str) -> bool {
        same(&self.csrf, token)
    }
}

pub(crate) async fn session_of(req: &HttpRequest) -> Result<Option<Session>, ApiError> {
    let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) else {
        return Ok(None);
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    Ok(state
        .editorial()
        .session(&hash)
        .await?
        .map(|(viewer, csrf)| Session {
            viewer,
            csrf,
            token_hash: hash,
        }))
}

/// The session of the request, if any (anonymous visitors have none).
pub struct MaybeSession(pub Option<Session>);

impl MaybeSession {
    /// The signed-in account.
    pub fn viewer(&self) -> Option<&Viewer> {
        self.0.as_ref().map(|s| &s.viewer)
    }

    /// The signed-in account, or 401 `not_signed_in`.
    pub fn require(&self) -> Result<&Viewer, ApiError> {
        self.viewer().ok_or_else(not_signed_in)
    }
}

impl FromRequest for MaybeSession {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(MaybeSession(session_of(&req).await?)) })
    }
}

/// A signed-in session whose request carries its CSRF token in `X-CSRF-Token`: what every
/// state-changing API call requires.
pub struct Writer(pub Session);

impl FromRequest for Writer {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let s = session_of(&req).await?.ok_or_else(not_signed_in)?;
            let sent = req
                .headers()
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !s.csrf_matches(sent) {
                return Err(ApiError::new(
                    ErrorCode::CsrfRejected,
                    "missing or wrong X-CSRF-Token header (GET /api/v1/auth/session gives the token)"
                        .into(),
                ));
            }
            Ok(Writer(s))
        })
    }
}

/// A [`Writer`] whose role edits listings: professional accounts read, they do not edit
/// (403 `forbidden` before anything else of the request is looked at).
pub struct Editor(pub Session);

impl FromRequest for Editor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let writer = Writer::from_request(req, payload);
        Box::pin(async move { editing(writer.await?.0).map(Editor) })
    }
}

/// A signed-in session whose role edits listings, for the staff's reads (no CSRF token: a read
/// changes nothing); 401 `not_signed_in`, then 403 `forbidden` for a professional account.
pub struct Staff(pub Session);

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(
            async move { editing(session_of(&req).await?.ok_or_else(not_signed_in)?).map(Staff) },
        )
    }
}

/// The session, if its role edits.
fn editing(s: Session) -> Result<Session, ApiError> {
    may_write(&s.viewer)?;
    Ok(s)
}

/// Refuses professional accounts, which read but do not edit.
fn may_write(v: &Viewer) -> Result<(), ApiError> {
    if v.role == model::Role::Professional {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "professional accounts can read, not edit".into(),
        ));
    }
    Ok(())
}

fn client_key(req: &HttpRequest) -> String {
    format!(
        "client:{}",
        req.peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_default()
    )
}

/// A hash to verify against when the e-mail is unknown, so both failures take as long.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("caremap decoy password").unwrap_or_default())
}

/// The signed-in account and the CSRF token its state-changing calls must send.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionInfo {
    /// Who is signed in.
    pub account: Viewer,
    /// Send as `X-CSRF-Token` with every POST, PUT, PATCH and DELETE.
    pub csrf_token: String,
}

/// Checks a login (rate limit, password) and opens a session: the cookie to set and the
/// account with its CSRF token. Shared by the JSON login and the sign-in page.
pub(crate) async fn sign_in(
    state: &AppState,
    req: &HttpRequest,
    email: &str,
    password: String,
) -> Result<(Cookie<'static>, SessionInfo), ApiError> {
    let email_key = format!(
        "email:{}",
        indexer::editorial::accounts::normalize_email(email)
    );
    let client = client_key(req);
    let limiter = &state.login_limiter;
    let editorial = state.editorial();
    let wait = match editorial
        .sign_in_wait(&email_key, limiter.per_email, limiter.window)
        .await?
    {
        Some(w) => Some(w),
        None => {
            editorial
                .sign_in_wait(&client, limiter.per_client, limiter.window)
                .await?
        }
    };
    if let Some(wait) = wait {
        return Err(ApiError::TooManyAttempts(wait.as_secs().max(1)));
    }
    let account = editorial.account_by_email(email).await?;
    let (hash, usable) = match &account {
        Some(a) => (a.password_hash.clone(), !a.disabled),
        None => (decoy_hash().to_string(), false),
    };
    let ok = web::block(move || verify_password(&password, &hash))
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("checking a password")))?;
    let Some(account) = account.filter(|_| ok && usable) else {
        editorial
            .note_failed_sign_in(&[&email_key, &client], limiter.window)
            .await?;
        tracing::warn!(email = %email, "failed login");
        return Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "wrong e-mail or password".into(),
        ));
    };
    editorial.forget_failed_sign_ins(&email_key).await?;
    let token = new_token();
    let csrf = new_token();
    editorial
        .start_session(NewSession {
            token_hash: &token_hash(&token),
            account_id: account.viewer.id,
            csrf: &csrf,
            ttl_ms: SESSION_TTL.as_millis() as i64,
        })
        .await?;
    tracing::info!(email = %account.viewer.email, role = account.viewer.role.code(), "signed in");
    let cookie = Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(req.connection_info().scheme() == "https")
        .max_age(CookieDuration::seconds(SESSION_TTL.as_secs() as i64))
        .finish();
    Ok((
        cookie,
        SessionInfo {
            account: account.viewer,
            csrf_token: csrf,
        },
    ))
}

/// Ends a session: its store row, and a cookie that removes the browser's.
pub(crate) async fn sign_out(state: &AppState, s: &Session) -> Result<Cookie<'static>, ApiError> {
    state.editorial().end_session(&s.token_hash).await?;
    let mut gone = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    gone.make_removal();
    Ok(gone)
}
