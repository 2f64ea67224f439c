//! Remembering a visitor's language: a page asked for with `?lang=ja|en` sets the cookie
//! [`model::i18n::LANG_COOKIE`] so that the following pages, and the server functions their
//! islands call, answer in that language; every HTML answer varies by the cookie and
//! `Accept-Language`, which choose it otherwise ([`frontend::i18n::request_lang`]). Every
//! answer outside the API is handled inside [`frontend::i18n::Answering`], so that the pages
//! built outside a leptos render (the administration, the update form) speak the request's
//! language too.

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use model::i18n::{LANG_COOKIE, Lang};

/// How long the choice is remembered.
const REMEMBER: Duration = Duration::days(365);

/// The middleware (outside the API, which answers by `lang=` alone).
pub async fn remember(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let api = req.path().starts_with("/api/");
    let chosen = (!api)
        .then(|| Lang::from_query(req.query_string()))
        .flatten();
    let mut res = if api {
        next.call(req).await?
    } else {
        let answering = frontend::i18n::Answering::of(req.request());
        answering.scope(next.call(req)).await?
    };
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return Ok(res);
    }
    res.headers_mut().append(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    if let Some(lang) = chosen {
        let cookie = Cookie::build(LANG_COOKIE, lang.code())
            .path("/")
            .max_age(REMEMBER)
            .same_site(SameSite::Lax)
            .http_only(true)
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res)
}
