//! `/admin/staleness` and `/admin/policies`: listings due for re-confirmation and each
//! municipality's interval.

use super::page::{Ctx, Posted, done_notice, field, see_other, writer};
use crate::error::{ApiError, ErrorCode};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use frontend::admin;
use frontend::i18n::tr;
use model::account::Role;
use model::clock::today;

/// Municipalities the viewer may set policies for or run campaigns in: every municipality
/// with listings for administrators, the scope's for editors.
pub(super) fn municipalities_of(ctx: &Ctx) -> Vec<String> {
    let v = &ctx.session.viewer;
    match v.role {
        Role::Admin => {
            let mut m: Vec<String> = ctx
                .state
                .engine
                .areas()
                .iter()
                .filter(|a| a.kind == model::AreaKind::Municipality)
                .filter_map(|a| a.municipality_code.clone())
                .collect();
            m.sort();
            m.dedup();
            m
        }
        Role::Editor => v.scope.municipalities.clone(),
        Role::Professional => Vec::new(),
    }
}

pub(super) async fn staleness(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    let table = try_page!(ctx.or_page(ctx.state.editorial().policy_table().await));
    match ctx
        .state
        .editorial()
        .staleness_report(&ctx.session.viewer, None, today(), None)
        .await
    {
        Ok(list) => ctx.page(
            StatusCode::OK,
            tr("確認が必要な掲載", "Listings to confirm"),
            done_notice(&req),
            admin::staleness(ctx.session.csrf(), &list, &table, &municipalities_of(&ctx)),
        ),
        Err(e) => ctx.failed(e.into()),
    }
}

pub(super) async fn set_policy(Posted { ctx, fields: p }: Posted) -> HttpResponse {
    let months = field(&p, "verify_within_months").and_then(|m| m.parse::<u32>().ok());
    let (Some(m), Some(months)) = (field(&p, "municipality"), months) else {
        return ctx.failed(ApiError::new(
            ErrorCode::InvalidParameter,
            tr(
                "市町村と間隔（か月）を入力してください。",
                "Enter the municipality and the interval (months).",
            )
            .into(),
        ));
    };
    match ctx
        .state
        .editorial()
        .set_policy(&ctx.session.viewer, m, months)
        .await
    {
        Ok(()) => see_other("/admin/staleness?done=policy"),
        Err(e) => ctx.failed(e.into()),
    }
}
