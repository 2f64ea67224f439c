//! `/admin/login` and `/admin/logout`: signing in (with the login rate limit and a CSRF token
//! of its own) and out.

use super::page::{explain, field, html, pairs, query_pairs, see_other, signed_in};
use crate::auth::{new_token, session_of, sign_in, sign_out, token_hash};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::admin::{self, Frame, Notice};
use frontend::i18n::tr;

/// Cookie of the sign-in form's CSRF token.
pub(super) const LOGIN_COOKIE: &str = "caremap_login";

pub(super) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/admin".to_string(),
    }
}

pub(super) fn login_response(
    status: StatusCode,
    next: &str,
    notice: Option<Notice>,
) -> HttpResponse {
    let token = new_token();
    let cookie = Cookie::build(LOGIN_COOKIE, token.clone())
        .path("/admin/login")
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::hours(1))
        .finish();
    let mut res = html(
        status,
        admin::render(
            Frame {
                title: tr("ログイン", "Sign in"),
                viewer: None,
                csrf: "",
                notice,
            },
            admin::login(next, &token),
        ),
    );
    if let Err(e) = res.add_cookie(&cookie) {
        tracing::error!(error = %e, "setting the login cookie");
    }
    res
}

pub(super) async fn login_page(req: HttpRequest) -> HttpResponse {
    let next = safe_next(field(&query_pairs(&req), "next"));
    if let Ok(Some(_)) = session_of(&req).await {
        return see_other(&next);
    }
    login_response(StatusCode::OK, &next, None)
}

pub(super) async fn login_submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let p = pairs(&body);
    let next = safe_next(field(&p, "next"));
    let cookie = req.cookie(LOGIN_COOKIE).map(|c| c.value().to_string());
    let sent = field(&p, "login_csrf").unwrap_or("");
    if cookie
        .as_deref()
        .is_none_or(|c| token_hash(c) != token_hash(sent))
    {
        return login_response(
            StatusCode::FORBIDDEN,
            &next,
            Some(Notice::Failed(
                tr(
                    "ログイン画面の有効期限が切れました。もう一度入力してください。",
                    "The sign-in page expired. Please sign in again.",
                )
                .into(),
            )),
        );
    }
    let email = field(&p, "email").unwrap_or("").to_string();
    let password = p
        .iter()
        .find(|(k, _)| k == "password")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    match sign_in(&state, &req, &email, password).await {
        Ok((cookie, _)) => {
            let mut res = see_other(&next);
            let mut gone = Cookie::build(LOGIN_COOKIE, "")
                .path("/admin/login")
                .finish();
            gone.make_removal();
            for c in [cookie, gone] {
                if let Err(e) = res.add_cookie(&c) {
                    tracing::error!(error = %e, "setting a cookie");
                }
            }
            res
        }
        Err(e) => {
            let mut res = login_response(
                e.status_and_code().0,
                &next,
                Some(Notice::Failed(explain(&e))),
            );
            if let ApiError::TooManyAttempts(s) = e {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from(s));
            }
            res
        }
    }
}

pub(super) async fn logout(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match signed_in(&req).await {
        Ok(c) => c,
        Err(_) => return see_other("/admin/login"),
    };
    if !ctx
        .session
        .csrf_matches(field(&p, "csrf_token").unwrap_or(""))
    {
        return ctx.failed(ApiError::new(
            ErrorCode::CsrfRejected,
            tr(
                "ページを開き直してください。",
                "Please open the page again.",
            )
            .into(),
        ));
    }
    match sign_out(&ctx.state, &ctx.session).await {
        Ok(gone) => {
            let mut res = see_other("/admin/login");
            if let Err(e) = res.add_cookie(&gone) {
                tracing::error!(error = %e, "clearing the session cookie");
            }
            res
        }
        Err(e) => ctx.failed(e),
    }
}
