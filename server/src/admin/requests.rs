//! `/admin/requests/…`: change requests sent by facilities, approved or rejected.

use super::page::{Posted, done_notice, field, see_other, writer};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::admin;
use frontend::i18n::tr;
use model::change::RequestStatus;

pub(super) async fn requests(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    let list = try_page!(
        ctx.or_page(
            ctx.state
                .editorial()
                .change_requests_for(&ctx.session.viewer, Some(RequestStatus::Pending))
                .await
        )
    );
    let ids: Vec<&str> = list.iter().map(|r| r.facility_id.as_str()).collect();
    let names: std::collections::HashMap<String, String> =
        match ctx.state.engine.get_many(&ids).await {
            Ok(fs) => fs.into_iter().map(|f| (f.id.0, f.name)).collect(),
            Err(e) => return ctx.failed(e.into()),
        };
    let named: Vec<_> = list
        .into_iter()
        .map(|r| {
            let name = names
                .get(&r.facility_id)
                .cloned()
                .unwrap_or_else(|| r.facility_id.clone());
            (r, name)
        })
        .collect();
    let body = admin::requests(ctx.session.csrf(), &named);
    ctx.page(
        StatusCode::OK,
        tr("変更依頼", "Change requests"),
        done_notice(&req),
        body,
    )
}

pub(super) async fn approve(id: web::Path<i64>, form: Posted) -> HttpResponse {
    decide(*id, form, true).await
}

pub(super) async fn reject(id: web::Path<i64>, form: Posted) -> HttpResponse {
    decide(*id, form, false).await
}

/// Approves (the change goes live) or rejects a request, with the form's note.
async fn decide(id: i64, Posted { ctx, fields: p }: Posted, approve: bool) -> HttpResponse {
    let note = field(&p, "note").map(str::to_string);
    let (editorial, viewer) = (ctx.state.editorial(), &ctx.session.viewer);
    let done = if approve {
        editorial
            .approve_request(viewer, id, note)
            .await
            .map(|_| "approved")
    } else {
        editorial
            .reject_request(viewer, id, note)
            .await
            .map(|_| "rejected")
    };
    match done {
        Ok(done) => see_other(&format!("/admin/requests?done={done}")),
        Err(e) => ctx.failed(e.into()),
    }
}
