//! `/admin/requests/…`: change requests sent by facilities, approved or rejected.

use super::{done_notice, field, form_writer, pairs, see_other, writer};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::admin;
use model::change::RequestStatus;

pub(super) async fn requests(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    let list = match ctx
        .state
        .engine
        .change_requests_for(&ctx.session.viewer, Some(RequestStatus::Pending))
        .await
    {
        Ok(l) => l,
        Err(e) => return ctx.failed(e.into()),
    };
    let mut named = Vec::with_capacity(list.len());
    for r in list {
        let name = ctx
            .state
            .engine
            .get(&r.facility_id)
            .await
            .map_or_else(|_| r.facility_id.clone(), |f| f.name);
        named.push((r, name));
    }
    let body = admin::requests(ctx.session.csrf(), &named);
    ctx.page(StatusCode::OK, "変更依頼", done_notice(&req), body)
}

pub(super) async fn approve(
    req: HttpRequest,
    id: web::Path<i64>,
    body: web::Bytes,
) -> HttpResponse {
    decide(req, *id, body, true).await
}

pub(super) async fn reject(req: HttpRequest, id: web::Path<i64>, body: web::Bytes) -> HttpResponse {
    decide(req, *id, body, false).await
}

/// Approves (the change goes live) or rejects a request, with the form's note.
async fn decide(req: HttpRequest, id: i64, body: web::Bytes, approve: bool) -> HttpResponse {
    let p = pairs(&body);
    let ctx = try_page!(form_writer(&req, &p).await);
    let note = field(&p, "note").map(str::to_string);
    let (engine, viewer) = (&ctx.state.engine, &ctx.session.viewer);
    let done = if approve {
        engine
            .approve_request(viewer, id, note)
            .await
            .map(|_| "approved")
    } else {
        engine
            .reject_request(viewer, id, note)
            .await
            .map(|_| "rejected")
    };
    match done {
        Ok(done) => see_other(&format!("/admin/requests?done={done}")),
        Err(e) => ctx.failed(e.into()),
    }
}
