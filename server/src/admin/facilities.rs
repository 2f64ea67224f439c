//! `/admin/facilities/…`: a listing's editor (new and existing), verification, retirement,
//! its update link and its history.

use super::dashboard::area_choices;
use super::login::safe_next;
use super::page::{Ctx, Posted, done_notice, explain, field, see_other, writer};
use crate::auth::{new_token, token_hash};
use crate::error::ApiError;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::admin::{self, Editor, Notice};
use frontend::i18n::{lang, tr};
use indexer::editorial::SaveKind;
use model::clock::today;
use model::facility::{Facility, FacilityId, LifecycleStatus};
use model::form::{Form, FormRole, apply, pairs_of};

/// The editor showing the listing as stored.
async fn stored_editor(
    ctx: &Ctx,
    f: &Facility,
    seq: i64,
    notice: Option<Notice>,
    issued_link: Option<String>,
) -> HttpResponse {
    editor_page(
        ctx,
        f,
        &pairs_of(f),
        seq,
        StatusCode::OK,
        notice,
        issued_link,
    )
    .await
}

/// Draws the editor for a stored listing with `values` in the form.
pub(super) async fn editor_page(
    ctx: &Ctx,
    f: &Facility,
    values: &[(String, String)],
    seq: i64,
    status: StatusCode,
    notice: Option<Notice>,
    issued_link: Option<String>,
) -> HttpResponse {
    let has_link =
        try_page!(ctx.or_page(ctx.state.editorial().has_update_link(f.id.as_str()).await));
    let areas = area_choices(&ctx.state);
    let body = admin::editor(
        ctx.session.csrf(),
        Editor {
            id: Some(f.id.as_str()),
            name: &f.name,
            seq,
            values,
            areas: &areas,
            tiles: &ctx.state.tiles,
            issued_link,
            has_link,
            verified: f
                .provenance
                .verified_at
                .map(|d| (d, f.provenance.verified_by.clone())),
            status: f.status,
        },
    );
    ctx.page(status, &f.name, notice, body)
}

/// The listing and its version, if the viewer may edit it.
pub(super) async fn editable(ctx: &Ctx, id: &str) -> Result<(Facility, i64), HttpResponse> {
    let f = ctx
        .state
        .engine
        .get(id)
        .await
        .map_err(|e| ctx.failed(e.into()))?;
    if !ctx.session.viewer.may_edit(&f) {
        return Err(ctx.failed(ApiError::Engine(indexer::Error::Forbidden(id.to_string()))));
    }
    let seq = ctx
        .state
        .editorial()
        .version(id)
        .await
        .map_err(|e| ctx.failed(e.into()))?;
    Ok((f, seq))
}

pub(super) async fn edit_page(req: HttpRequest, id: web::Path<String>) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    let (f, seq) = try_page!(editable(&ctx, &id).await);
    stored_editor(&ctx, &f, seq, done_notice(&req), None).await
}

pub(super) async fn save(id: web::Path<String>, Posted { ctx, fields: p }: Posted) -> HttpResponse {
    let (current, seq) = try_page!(editable(&ctx, &id).await);
    let expect = field(&p, "expect_seq").and_then(|s| s.parse::<i64>().ok());
    let record = match apply(&current, &Form::new(&p), FormRole::Editor, today()) {
        Ok(r) => r,
        Err(e) => {
            let notice = Notice::Failed(format!(
                "{}{}",
                tr("保存できませんでした。", "Could not save. "),
                e.message_in(lang())
            ));
            return editor_page(
                &ctx,
                &current,
                &p,
                expect.unwrap_or(seq),
                StatusCode::BAD_REQUEST,
                Some(notice),
                None,
            )
            .await;
        }
    };
    let kind =
        if record.status == LifecycleStatus::Closed && current.status != LifecycleStatus::Closed {
            SaveKind::Retire
        } else {
            SaveKind::Edit
        };
    match ctx
        .state
        .editorial()
        .save_as(&ctx.session.viewer, record, expect, kind, None)
        .await
    {
        Ok(saved) if saved.changes.is_empty() => {
            see_other(&format!("/admin/facilities/{}?done=unchanged", id.as_str()))
        }
        Ok(_) => see_other(&format!("/admin/facilities/{}?done=saved", id.as_str())),
        Err(e) => {
            let status = ApiError::from(e);
            let notice = Notice::Failed(explain(&status));
            editor_page(
                &ctx,
                &current,
                &p,
                seq,
                status.status_and_code().0,
                Some(notice),
                None,
            )
            .await
        }
    }
}

pub(super) async fn new_page(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    new_form(&ctx, &[], StatusCode::OK, None)
}

pub(super) fn new_form(
    ctx: &Ctx,
    values: &[(String, String)],
    status: StatusCode,
    notice: Option<Notice>,
) -> HttpResponse {
    let areas = area_choices(&ctx.state);
    let body = admin::editor(
        ctx.session.csrf(),
        Editor {
            id: None,
            name: tr("新しい掲載", "New listing"),
            seq: 0,
            values,
            areas: &areas,
            tiles: &ctx.state.tiles,
            issued_link: None,
            has_link: false,
            verified: None,
            status: LifecycleStatus::Active,
        },
    );
    ctx.page(status, tr("新しい掲載", "New listing"), notice, body)
}

pub(super) async fn create(Posted { ctx, fields: p }: Posted) -> HttpResponse {
    let fail = |m: String| new_form(&ctx, &p, StatusCode::BAD_REQUEST, Some(Notice::Failed(m)));
    let id = match FacilityId::new(field(&p, "id").unwrap_or("")) {
        Ok(id) => id,
        Err(_) => {
            return fail(
                tr(
                    "IDは英数字と - _ . で入力してください。",
                    "Write the ID with letters, digits, - _ and . only.",
                )
                .into(),
            );
        }
    };
    let mut blank = Facility::new(id.clone(), "", "clinic");
    blank.services.clear();
    blank.provenance.source = "caremap-admin".into();
    let mut record = match apply(&blank, &Form::new(&p), FormRole::Editor, today()) {
        Ok(r) => r,
        Err(e) => {
            return fail(format!(
                "{}{}",
                tr("登録できませんでした。", "Could not register. "),
                e.message_in(lang())
            ));
        }
    };
    record.provenance.source_ref = Some(format!("created by {}", ctx.session.viewer.email));
    match ctx
        .state
        .editorial()
        .save_as(&ctx.session.viewer, record, None, SaveKind::Create, None)
        .await
    {
        Ok(_) => see_other(&format!("/admin/facilities/{}?done=created", id.as_str())),
        Err(e) => {
            let e = ApiError::from(e);
            new_form(
                &ctx,
                &p,
                e.status_and_code().0,
                Some(Notice::Failed(explain(&e))),
            )
        }
    }
}

pub(super) async fn verify(
    id: web::Path<String>,
    Posted { ctx, fields: p }: Posted,
) -> HttpResponse {
    // The campaign page sends back to itself.
    let next = match field(&p, "next") {
        Some(n) => format!("{}?done=verified", safe_next(Some(n))),
        None => format!("/admin/facilities/{}?done=verified", id.as_str()),
    };
    ctx.done(
        ctx.state
            .editorial()
            .verify_as(&ctx.session.viewer, &id, today())
            .await,
        &next,
    )
}

pub(super) async fn retire(id: web::Path<String>, Posted { ctx, .. }: Posted) -> HttpResponse {
    let (mut f, seq) = try_page!(editable(&ctx, &id).await);
    f.status = LifecycleStatus::Closed;
    ctx.done(
        ctx.state
            .editorial()
            .save_as(&ctx.session.viewer, f, Some(seq), SaveKind::Retire, None)
            .await,
        &format!("/admin/facilities/{}?done=retired", id.as_str()),
    )
}

pub(super) async fn issue_link(
    req: HttpRequest,
    id: web::Path<String>,
    Posted { ctx, .. }: Posted,
) -> HttpResponse {
    let token = new_token();
    if let Err(e) = ctx
        .state
        .editorial()
        .issue_update_link(&ctx.session.viewer, &id, &token_hash(&token))
        .await
    {
        return ctx.failed(e.into());
    }
    let (f, seq) = try_page!(editable(&ctx, &id).await);
    let url = {
        let info = req.connection_info();
        format!("{}://{}/update/{token}", info.scheme(), info.host())
    };
    // Shown on this answer only: the store keeps the token's hash.
    stored_editor(&ctx, &f, seq, None, Some(url)).await
}

pub(super) async fn revoke_link(id: web::Path<String>, Posted { ctx, .. }: Posted) -> HttpResponse {
    ctx.done(
        ctx.state
            .editorial()
            .revoke_update_link(&ctx.session.viewer, &id)
            .await,
        &format!("/admin/facilities/{}?done=revoked", id.as_str()),
    )
}

pub(super) async fn history(req: HttpRequest, id: web::Path<String>) -> HttpResponse {
    let ctx = try_page!(writer(&req).await);
    let (f, _) = try_page!(editable(&ctx, &id).await);
    let mut entries = try_page!(ctx.or_page(ctx.state.editorial().history(&id).await));
    entries.reverse();
    let body = admin::history(ctx.session.csrf(), f.id.as_str(), &f.name, &entries);
    ctx.page(
        StatusCode::OK,
        tr("変更履歴", "Change history"),
        done_notice(&req),
        body,
    )
}
