//! `/admin/changes/{id}/revert`: undoing one recorded change.

use super::{form_writer, pairs, see_other};
use actix_web::{HttpRequest, HttpResponse, web};

pub(super) async fn revert(req: HttpRequest, id: web::Path<i64>, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = try_page!(form_writer(&req, &p).await);
    match ctx
        .state
        .editorial()
        .revert_as(&ctx.session.viewer, *id)
        .await
    {
        Ok(saved) => see_other(&format!(
            "/admin/facilities/{}/history?done=reverted",
            saved.facility.id.as_str()
        )),
        Err(e) => ctx.failed(e.into()),
    }
}
