//! `/admin/changes/{id}/revert`: undoing one recorded change.

use super::page::{Posted, see_other};
use actix_web::{HttpResponse, web};

pub(super) async fn revert(id: web::Path<i64>, Posted { ctx, .. }: Posted) -> HttpResponse {
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
