//! `/admin/round`: the weekly round of acceptance statuses (受け入れ状況) in one form.

use super::page::{Posted, done_notice, field, writer};
use crate::error::{ApiError, ErrorCode};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use frontend::admin;
use frontend::i18n::tr;
use model::clock::today;
use model::freshness::{FreshnessPolicy, RoundEntry};

pub(super) async fn round_page(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    match ctx
        .state
        .editorial()
        .availability_round(&ctx.session.viewer, &FreshnessPolicy::default(), today())
        .await
    {
        Ok(lines) => ctx.page(
            StatusCode::OK,
            tr("受け入れ状況の確認", "Weekly acceptance round"),
            done_notice(&req),
            admin::round(ctx.session.csrf(), &lines, today()),
        ),
        Err(e) => ctx.failed(e.into()),
    }
}

pub(super) async fn record_round(Posted { ctx, fields: p }: Posted) -> HttpResponse {
    let mut entries = Vec::new();
    for (k, v) in &p {
        let Some(id) = k.strip_prefix("acc_") else {
            continue;
        };
        if v.is_empty() {
            continue;
        }
        let Some(accepting) = model::facility::Accepting::from_code(v) else {
            return ctx.failed(ApiError::new(
                ErrorCode::InvalidParameter,
                format!("unknown status {v} for {id}"),
            ));
        };
        entries.push(RoundEntry {
            id: id.to_string(),
            accepting,
            free_count: None,
            note: field(&p, &format!("note_{id}")).map(str::to_string),
        });
    }
    ctx.done(
        ctx.state
            .editorial()
            .record_round(&ctx.session.viewer, entries, today())
            .await,
        "/admin/round?done=round",
    )
}
