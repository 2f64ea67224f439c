//! Security headers on every answer: no MIME sniffing, and on an HTML answer without a policy of
//! its own, the pages' Content-Security-Policy ([`crate::csp`]) and no framing — except the
//! embeddable widget, which any site may frame (it shows public listings and a search form,
//! nothing a click could change).

use crate::csp::framable;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

/// The middleware: `X-Content-Type-Options: nosniff` on every answer, and on an HTML answer
/// that did not set its own policy, the policy without a nonce (and no framing).
pub async fn secure(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .cloned();
    let embed = framable(req.path());
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY)
            && let Some(state) = state
        {
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                state.policy.plain().clone(),
            );
        }
        if !embed {
            headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
    }
    Ok(res)
}
