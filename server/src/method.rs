//! HEAD is answered as GET without the body (RFC 9110 §9.3.2): the routes are declared for
//! GET, and actix's HTTP/1 codec, which remembers that the request was a HEAD, writes the
//! GET answer's headers (its Content-Length included) and leaves the body out. Without this a
//! HEAD of any page or API resource was 404 — a link checker or a monitoring probe saw every
//! page missing.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

/// Routes a HEAD request as the GET of the same resource.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
