//! `/api/v1/auth/…`: sign-in, sign-out and the current session (the machinery — passwords,
//! sessions, CSRF, the login rate limit — is [`crate::auth`]).

use super::params::Csrf;
use crate::auth::{MaybeSession, SessionInfo, Writer, sign_in, sign_out};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;

/// Body of `POST /api/v1/auth/login`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    /// Login e-mail.
    pub email: String,
    /// Password.
    pub password: String,
}

/// Signs in: sets the session cookie and answers the account with its CSRF token.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the answer sets the caremap_session cookie", body = SessionInfo),
        (status = 400, description = "invalid_json (the body must be JSON)", body = crate::error::ErrorBody),
        (status = 401, description = "invalid_credentials", body = crate::error::ErrorBody),
        (status = 429, description = "too_many_attempts, with Retry-After", body = crate::error::ErrorBody),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return Err(ApiError::new(
            ErrorCode::InvalidJson,
            "send the login as Content-Type: application/json".into(),
        ));
    }
    let login: LoginRequest = crate::error::json_body(&body)?;
    let (cookie, info) = sign_in(&state, &req, &login.email, login.password).await?;
    Ok(HttpResponse::Ok()
        .cookie(cookie)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(info))
}

/// Signs out: ends the session and clears the cookie.
#[utoipa::path(
    tag = "auth",
    params(Csrf),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "not_signed_in", body = crate::error::ErrorBody),
        (status = 403, description = "csrf_rejected", body = crate::error::ErrorBody),
    )
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, w: Writer) -> Result<HttpResponse, ApiError> {
    let gone = sign_out(&state, &w.0).await?;
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}

/// The signed-in account and its CSRF token.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "Signed in", body = SessionInfo),
        (status = 401, description = "not_signed_in", body = crate::error::ErrorBody),
    )
)]
#[get("/auth/session")]
pub async fn session(s: MaybeSession) -> Result<HttpResponse, ApiError> {
    let Some(s) = s.0 else {
        return Err(ApiError::new(ErrorCode::NotSignedIn, "no session".into()));
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(SessionInfo {
            csrf_token: s.csrf().to_string(),
            account: s.viewer,
        }))
}
