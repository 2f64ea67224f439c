//! `/admin/reviews` (the review queue imports fill) and `/admin/imports` (what each import did).

use super::page::{Posted, done_notice, field, query_pairs, see_other, writer};
use crate::error::{ApiError, ErrorCode};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::admin::reviews::{self, Reviews};
use frontend::i18n::tr;
use indexer::editorial::Resolution;

/// Items a page shows.
const PAGE: usize = 50;

/// Registers the routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/admin/reviews").route(web::get().to(list)))
        .service(web::resource("/admin/reviews/{id}/resolve").route(web::post().to(resolve)))
        .service(web::resource("/admin/imports").route(web::get().to(imports)));
}

async fn list(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    let q = query_pairs(&req);
    let kind = field(&q, "kind")
        .filter(|k| model::review::KINDS.contains(k))
        .map(str::to_string);
    let page: usize = field(&q, "page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let editorial = ctx.state.editorial();
    let counts = try_page!(ctx.or_page(editorial.open_review_counts().await));
    let mut items = try_page!(
        ctx.or_page(
            editorial
                .review_items(
                    &ctx.session.viewer,
                    true,
                    kind.as_deref(),
                    (page - 1) * PAGE,
                    PAGE + 1,
                )
                .await
        )
    );
    let more = items.len() > PAGE;
    items.truncate(PAGE);
    let body = reviews::reviews(
        ctx.session.csrf(),
        Reviews {
            kind,
            counts,
            items,
            page,
            more,
        },
    );
    ctx.page(
        StatusCode::OK,
        tr("取り込みの確認", "Import review"),
        done_notice(&req),
        body,
    )
}

async fn resolve(id: web::Path<i64>, Posted { ctx, fields: p }: Posted) -> HttpResponse {
    let Some(resolution) = field(&p, "resolution").and_then(Resolution::from_code) else {
        return ctx.failed(ApiError::new(
            ErrorCode::InvalidParameter,
            "resolution is confirm, merge or reopen".into(),
        ));
    };
    match ctx
        .state
        .editorial()
        .resolve_review(&ctx.session.viewer, *id, resolution)
        .await
    {
        Ok(_) => {
            let back = field(&p, "back")
                .filter(|k| model::review::KINDS.contains(k))
                .map(|k| format!("kind={k}&"))
                .unwrap_or_default();
            see_other(&format!("/admin/reviews?{back}done=reviewed"))
        }
        Err(e) => ctx.failed(e.into()),
    }
}

async fn imports(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    let runs = try_page!(ctx.or_page(ctx.state.editorial().import_runs(200).await));
    let sources = ctx.state.engine.sources();
    let body = reviews::imports(&runs, &sources);
    ctx.page(
        StatusCode::OK,
        tr("データの取り込み", "Data imports"),
        None,
        body,
    )
}
