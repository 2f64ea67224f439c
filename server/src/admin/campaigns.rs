//! `/admin/campaigns/…`: the yearly re-confirmation campaigns and their printed forms.

use super::page::{Ctx, Posted, done_notice, field, query_pairs, see_other, writer};
use super::staleness::municipalities_of;
use crate::auth::{new_token, token_hash};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::admin;
use frontend::i18n::tr;
use model::Facility;
use model::clock::today;
use model::freshness::{Campaign, CampaignMember};

pub(super) async fn campaigns(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    let list = try_page!(ctx.or_page(ctx.state.editorial().campaigns().await));
    let title = format!("{}年度 掲載内容の確認", fiscal_year(today()));
    let body = admin::campaigns(ctx.session.csrf(), &list, &municipalities_of(&ctx), &title);
    ctx.page(
        StatusCode::OK,
        tr("年次の確認依頼", "Yearly confirmation"),
        done_notice(&req),
        body,
    )
}

/// The Japanese fiscal year (April to March) of a date.
pub(super) fn fiscal_year(d: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

pub(super) async fn start_campaign(Posted { ctx, fields: p }: Posted) -> HttpResponse {
    let title = field(&p, "title").unwrap_or("");
    match ctx
        .state
        .editorial()
        .start_campaign(&ctx.session.viewer, title, field(&p, "municipality"))
        .await
    {
        Ok(c) => see_other(&format!("/admin/campaigns/{}?done=started", c.id)),
        Err(e) => ctx.failed(e.into()),
    }
}

pub(super) async fn campaign(req: HttpRequest, id: web::Path<i64>) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    let (c, members) = try_page!(campaign_of(&ctx, *id).await);
    let rows: Vec<admin::CampaignRow> = members
        .into_iter()
        .map(|(member, f)| admin::CampaignRow {
            member,
            name: f.name,
            phone: f.phone,
            fax: f.fax,
            verified_at: f.provenance.verified_at,
        })
        .collect();
    let only_pending = field(&query_pairs(&req), "only") == Some("pending");
    let body = admin::campaign(ctx.session.csrf(), &c, &rows, only_pending);
    ctx.page(StatusCode::OK, &c.title, done_notice(&req), body)
}

/// Prints the forms of the campaign's non-responders, each with a freshly issued update link
/// (the store keeps only the links' hashes, so printing is when they are made).
pub(super) async fn campaign_forms(
    req: HttpRequest,
    id: web::Path<i64>,
    Posted { ctx, .. }: Posted,
) -> HttpResponse {
    let (c, members) = try_page!(campaign_of(&ctx, *id).await);
    let base = {
        let info = req.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    };
    let mut forms = Vec::new();
    for (m, f) in members
        .into_iter()
        .filter(|(m, _)| m.responded_at.is_none())
    {
        let token = new_token();
        if let Err(e) = ctx
            .state
            .editorial()
            .issue_update_link(&ctx.session.viewer, &m.facility_id, &token_hash(&token))
            .await
        {
            return ctx.failed(e.into());
        }
        forms.push(admin::PrintedForm {
            facility: f,
            url: format!("{base}/update/{token}"),
        });
    }
    let body = admin::campaign_forms(&c, &forms, today());
    ctx.page(
        StatusCode::OK,
        tr("確認用紙", "Confirmation forms"),
        None,
        body,
    )
}

pub(super) async fn close_campaign(id: web::Path<i64>, Posted { ctx, .. }: Posted) -> HttpResponse {
    match ctx
        .state
        .editorial()
        .close_campaign(&ctx.session.viewer, *id)
        .await
    {
        Ok(()) => see_other(&format!("/admin/campaigns/{}?done=closed", *id)),
        Err(e) => ctx.failed(e.into()),
    }
}

/// A campaign with its members' listings, or the page saying why not.
async fn campaign_of(
    ctx: &Ctx,
    id: i64,
) -> Result<(Campaign, Vec<(CampaignMember, Facility)>), HttpResponse> {
    ctx.or_page(
        ctx.state
            .editorial()
            .campaign(&ctx.session.viewer, id)
            .await,
    )
}
