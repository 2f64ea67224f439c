//! `/admin/requests/…`: change requests sent by facilities, approved or rejected.

use super::{done_notice, field, form_writer, pairs, see_other, writer};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::admin;
use model::change::RequestStatus;

pub(super) async fn requests(req: HttpRequest) -> HttpResponse {
    let ctx = match writer(&req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
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
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let note = field(&p, "note").map(str::to_string);
    match ctx
        .state
        .engine
        .approve_request(&ctx.session.viewer, *id, note)
        .await
    {
        Ok(_) => see_other("/admin/requests?done=approved"),
        Err(e) => ctx.failed(e.into()),
    }
}

pub(super) async fn reject(req: HttpRequest, id: web::Path<i64>, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let note = field(&p, "note").map(str::to_string);
    match ctx
        .state
        .engine
        .reject_request(&ctx.session.viewer, *id, note)
        .await
    {
        Ok(_) => see_other("/admin/requests?done=rejected"),
        Err(e) => ctx.failed(e.into()),
    }
}
