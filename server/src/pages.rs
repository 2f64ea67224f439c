//! The administration pages and a facility's update form as HTTP handlers: plain HTML forms
//! (views in [`frontend::admin`]) over the same engine calls as the editing API.
//!
//! - Every admin page needs a session; without one it redirects to `/admin/login?next=…`.
//! - Every form post carries the session's CSRF token as `csrf_token` (403 otherwise); the
//!   sign-in form carries a token from its own short-lived cookie (double submit), so another
//!   site cannot sign a visitor into an account of its choosing.
//! - A post that worked answers 303 to a page with a message (`?done=…`); one that did not
//!   answers the same page with the message and, for the listing form, what was typed.
//! - Update-link pages send `Referrer-Policy: no-referrer`: the token is in their address.

mod reviews;

use crate::api::AppState;
use crate::auth::{Session, new_token, session_of, sign_in, sign_out, token_hash};
use crate::error::ApiError;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::admin::{self, AdminRow, AreaChoice, Dashboard, Editor, Frame, Notice};
use indexer::engine::SaveKind;
use model::account::Role;
use model::change::RequestStatus;
use model::facility::{Facility, FacilityId, LifecycleStatus, Visibility};
use model::form::{Form, FormRole, apply, pairs_of};
use model::freshness::{FreshnessPolicy, RoundEntry};

/// Cookie of the sign-in form's CSRF token.
const LOGIN_COOKIE: &str = "caremap_login";

/// Registers the pages (before the site's routes).
pub fn configure(cfg: &mut web::ServiceConfig) {
    reviews::configure(cfg);
    cfg.service(
        web::resource("/admin/login")
            .route(web::get().to(login_page))
            .route(web::post().to(login_submit)),
    )
    .service(web::resource("/admin/logout").route(web::post().to(logout)))
    .service(web::resource("/admin").route(web::get().to(dashboard)))
    .service(
        web::resource("/admin/facilities/new")
            .route(web::get().to(new_page))
            .route(web::post().to(create)),
    )
    .service(
        web::resource("/admin/facilities/{id}")
            .route(web::get().to(edit_page))
            .route(web::post().to(save)),
    )
    .service(web::resource("/admin/facilities/{id}/verify").route(web::post().to(verify)))
    .service(web::resource("/admin/facilities/{id}/retire").route(web::post().to(retire)))
    .service(web::resource("/admin/facilities/{id}/update-link").route(web::post().to(issue_link)))
    .service(
        web::resource("/admin/facilities/{id}/update-link/revoke")
            .route(web::post().to(revoke_link)),
    )
    .service(web::resource("/admin/facilities/{id}/history").route(web::get().to(history)))
    .service(web::resource("/admin/changes/{id}/revert").route(web::post().to(revert)))
    .service(web::resource("/admin/requests").route(web::get().to(requests)))
    .service(web::resource("/admin/requests/{id}/approve").route(web::post().to(approve)))
    .service(web::resource("/admin/requests/{id}/reject").route(web::post().to(reject)))
    .service(web::resource("/admin/staleness").route(web::get().to(staleness)))
    .service(web::resource("/admin/policies").route(web::post().to(set_policy)))
    .service(
        web::resource("/admin/campaigns")
            .route(web::get().to(campaigns))
            .route(web::post().to(start_campaign)),
    )
    .service(web::resource("/admin/campaigns/{id}").route(web::get().to(campaign)))
    .service(web::resource("/admin/campaigns/{id}/forms").route(web::post().to(campaign_forms)))
    .service(web::resource("/admin/campaigns/{id}/close").route(web::post().to(close_campaign)))
    .service(
        web::resource("/admin/round")
            .route(web::get().to(round_page))
            .route(web::post().to(record_round)),
    )
    .service(
        web::resource("/update/{token}")
            .route(web::get().to(update_page))
            .route(web::post().to(update_submit)),
    );
}

fn html(status: StatusCode, page: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(page)
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_string()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn field<'a>(p: &'a [(String, String)], name: &str) -> Option<&'a str> {
    p.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn query_pairs(req: &HttpRequest) -> Vec<(String, String)> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect()
}

/// The message a redirect asked to show (`?done=…`).
fn done_notice(req: &HttpRequest) -> Option<Notice> {
    let q = query_pairs(req);
    let m = match field(&q, "done")? {
        "saved" => "保存しました。公開ページと検索にも反映されています。",
        "created" => "登録しました。",
        "verified" => "本日時点で確認済みにしました。",
        "retired" => "廃止にしました。",
        "reverted" => "変更を元に戻しました。",
        "revoked" => "更新リンクを無効にしました。",
        "approved" => "変更依頼を承認し、掲載に反映しました。",
        "rejected" => "変更依頼を見送りました。",
        "round" => "受け入れ状況を記録しました。",
        "policy" => "確認の間隔を設定しました。",
        "started" => "確認依頼を始めました。確認用紙を印刷して各事業所へ送ってください。",
        "closed" => "確認依頼を終了しました。",
        "unchanged" => "変更はありませんでした。",
        "reviewed" => "確認しました。",
        _ => return None,
    };
    Some(Notice::Done(m.to_string()))
}

/// What went wrong, for the person at the form.
fn explain(e: &ApiError) -> String {
    match e {
        ApiError::Engine(indexer::Error::Forbidden(_)) => {
            "この掲載を変更する権限がありません（担当の市町村・団体の掲載だけを変更できます）。"
                .to_string()
        }
        ApiError::Engine(indexer::Error::Conflict(_)) => {
            "ほかの人が先に保存しました。ページを開き直して、最新の内容に変更を加えてください。"
                .to_string()
        }
        ApiError::Engine(indexer::Error::NotFound(_)) => "掲載が見つかりません。".to_string(),
        ApiError::Engine(indexer::Error::Validation(v)) => format!("入力を確認してください：{v}"),
        ApiError::TooManyAttempts(s) => format!(
            "ログインの失敗が続いたため、しばらくログインできません。{}分ほど待ってからお試しください。",
            s.div_ceil(60)
        ),
        ApiError::Unauthorized("invalid_credentials", _) => {
            "メールアドレスまたはパスワードが違います。".to_string()
        }
        e if e.status_and_code().0.is_server_error() => {
            tracing::error!(error = %e, "page request failed");
            "処理できませんでした。時間をおいてお試しください。".to_string()
        }
        e => e.to_string(),
    }
}

/// A signed-in page's context.
struct Ctx {
    state: web::Data<AppState>,
    session: Session,
}

impl Ctx {
    fn page(
        &self,
        status: StatusCode,
        title: &str,
        notice: Option<Notice>,
        body: leptos::prelude::AnyView,
    ) -> HttpResponse {
        html(
            status,
            admin::render(
                Frame {
                    title,
                    viewer: Some(&self.session.viewer),
                    csrf: self.session.csrf(),
                    notice,
                },
                body,
            ),
        )
    }

    fn failed(&self, e: ApiError) -> HttpResponse {
        let status = e.status_and_code().0;
        self.page(
            status,
            "できませんでした",
            None,
            admin::message("できませんでした", &explain(&e)),
        )
    }
}

/// The request's session, or a redirect to the sign-in page (coming back here after).
async fn signed_in(req: &HttpRequest) -> Result<Ctx, HttpResponse> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| HttpResponse::InternalServerError().finish())?;
    match session_of(req).await {
        Ok(Some(session)) => Ok(Ctx { state, session }),
        Ok(None) => {
            let next: String = form_urlencoded::byte_serialize(
                req.uri()
                    .path_and_query()
                    .map_or("/admin", |p| p.as_str())
                    .as_bytes(),
            )
            .collect();
            Err(see_other(&format!("/admin/login?next={next}")))
        }
        Err(e) => Err(HttpResponse::InternalServerError().body(explain(&e))),
    }
}

/// A signed-in account that may change listings (not a professional viewer).
async fn writer(req: &HttpRequest) -> Result<Ctx, HttpResponse> {
    let ctx = signed_in(req).await?;
    if ctx.session.viewer.role == Role::Professional {
        return Err(ctx.page(
            StatusCode::FORBIDDEN,
            "権限がありません",
            None,
            admin::message(
                "権限がありません",
                "関係者（閲覧）のアカウントでは掲載を変更できません。",
            ),
        ));
    }
    Ok(ctx)
}

/// A signed-in writer whose form carries the session's CSRF token.
async fn form_writer(req: &HttpRequest, p: &[(String, String)]) -> Result<Ctx, HttpResponse> {
    let ctx = writer(req).await?;
    if !ctx
        .session
        .csrf_matches(field(p, "csrf_token").unwrap_or(""))
    {
        return Err(ctx.page(
            StatusCode::FORBIDDEN,
            "送信できませんでした",
            None,
            admin::message(
                "送信できませんでした",
                "フォームの有効期限が切れたか、別のサイトから送信されました。ページを開き直してからもう一度送信してください。",
            ),
        ));
    }
    Ok(ctx)
}

fn today() -> chrono::NaiveDate {
    crate::api::now().date_naive()
}

fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/admin".to_string(),
    }
}

fn login_response(status: StatusCode, next: &str, notice: Option<Notice>) -> HttpResponse {
    let token = new_token();
    let cookie = Cookie::build(LOGIN_COOKIE, token.clone())
        .path("/admin/login")
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::hours(1))
        .finish();
    let mut res = html(
        status,
        admin::render(
            Frame {
                title: "ログイン",
                viewer: None,
                csrf: "",
                notice,
            },
            admin::login(next, &token),
        ),
    );
    if let Err(e) = res.add_cookie(&cookie) {
        tracing::error!(error = %e, "setting the login cookie");
    }
    res
}

async fn login_page(req: HttpRequest) -> HttpResponse {
    let next = safe_next(field(&query_pairs(&req), "next"));
    if let Ok(Some(_)) = session_of(&req).await {
        return see_other(&next);
    }
    login_response(StatusCode::OK, &next, None)
}

async fn login_submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let p = pairs(&body);
    let next = safe_next(field(&p, "next"));
    let cookie = req.cookie(LOGIN_COOKIE).map(|c| c.value().to_string());
    let sent = field(&p, "login_csrf").unwrap_or("");
    if cookie
        .as_deref()
        .is_none_or(|c| token_hash(c) != token_hash(sent))
    {
        return login_response(
            StatusCode::FORBIDDEN,
            &next,
            Some(Notice::Failed(
                "ログイン画面の有効期限が切れました。もう一度入力してください。".into(),
            )),
        );
    }
    let email = field(&p, "email").unwrap_or("").to_string();
    let password = p
        .iter()
        .find(|(k, _)| k == "password")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    match sign_in(&state, &req, &email, password).await {
        Ok((cookie, _)) => {
            let mut res = see_other(&next);
            let mut gone = Cookie::build(LOGIN_COOKIE, "")
                .path("/admin/login")
                .finish();
            gone.make_removal();
            for c in [cookie, gone] {
                if let Err(e) = res.add_cookie(&c) {
                    tracing::error!(error = %e, "setting a cookie");
                }
            }
            res
        }
        Err(e) => {
            let mut res = login_response(
                e.status_and_code().0,
                &next,
                Some(Notice::Failed(explain(&e))),
            );
            if let ApiError::TooManyAttempts(s) = e {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from(s));
            }
            res
        }
    }
}

async fn logout(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match signed_in(&req).await {
        Ok(c) => c,
        Err(_) => return see_other("/admin/login"),
    };
    if !ctx
        .session
        .csrf_matches(field(&p, "csrf_token").unwrap_or(""))
    {
        return ctx.failed(ApiError::Forbidden(
            "csrf_rejected",
            "ページを開き直してください。".into(),
        ));
    }
    match sign_out(&ctx.state, &ctx.session).await {
        Ok(gone) => {
            let mut res = see_other("/admin/login");
            if let Err(e) = res.add_cookie(&gone) {
                tracing::error!(error = %e, "clearing the session cookie");
            }
            res
        }
        Err(e) => ctx.failed(e),
    }
}

async fn dashboard(req: HttpRequest) -> HttpResponse {
    let ctx = match signed_in(&req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let q = query_pairs(&req);
    let text = field(&q, "q").unwrap_or("").to_string();
    let mut params = vec![
        ("sort".to_string(), "name".to_string()),
        ("per_page".to_string(), "50".to_string()),
        (
            "status".to_string(),
            "active,planned,suspended,closed".to_string(),
        ),
    ];
    if !text.is_empty() {
        params.push(("q".into(), text.clone()));
    }
    if let Some(p) = field(&q, "page") {
        params.push(("page".into(), p.to_string()));
    }
    // An editor of one municipality starts with its listings (「担当外も表示」 shows all).
    let viewer = &ctx.session.viewer;
    let own = match (
        &viewer.scope.municipalities[..],
        &viewer.scope.associations[..],
    ) {
        ([m], []) if viewer.role == Role::Editor && field(&q, "all").is_none() => Some(m.clone()),
        _ => None,
    };
    if let Some(m) = &own {
        params.push(("municipality".into(), m.clone()));
    }
    let query = match model::params::SearchParams::from_pairs(
        params
            .iter()
            .map(|(k, v)| (k.as_str().into(), v.as_str().into())),
        crate::api::now(),
    ) {
        Ok(p) => p.query,
        Err(e) => return ctx.failed(ApiError::from(e)),
    };
    let found = match ctx.state.engine.search_as(&query, Visibility::Professional) {
        Ok(r) => r,
        Err(e) => return ctx.failed(e.into()),
    };
    let mut rows = Vec::with_capacity(found.hits.len());
    for h in found.hits {
        let editable = match ctx.state.engine.get(h.id.as_str()).await {
            Ok(f) => viewer.may_edit(&f),
            Err(_) => false,
        };
        rows.push(AdminRow {
            id: h.id.0,
            name: h.name,
            category: h.category,
            address: h.address,
            verified_at: h.verified_at,
            editable,
        });
    }
    let pending = if viewer.role == Role::Professional {
        0
    } else {
        match ctx
            .state
            .engine
            .change_requests_for(viewer, Some(RequestStatus::Pending))
            .await
        {
            Ok(r) => r.len(),
            Err(e) => return ctx.failed(e.into()),
        }
    };
    let reviews = if viewer.role == Role::Professional {
        Default::default()
    } else {
        ctx.state
            .engine
            .open_review_counts()
            .await
            .unwrap_or_default()
    };
    let body = admin::dashboard(
        viewer,
        Dashboard {
            q: text,
            rows,
            total: found.total,
            pending,
            own_municipality: own,
            reviews,
        },
    );
    ctx.page(StatusCode::OK, "掲載一覧", done_notice(&req), body)
}

fn area_choices(state: &AppState) -> Vec<AreaChoice> {
    let mut areas: Vec<_> = state
        .engine
        .areas()
        .iter()
        .filter(|a| a.kind == model::AreaKind::DailyLifeArea)
        .map(|a| AreaChoice {
            id: a.id.clone(),
            name: a.name.clone(),
        })
        .collect();
    areas.sort_by(|a, b| a.id.cmp(&b.id));
    areas
}

/// Draws the editor for a stored listing with `values` in the form.
async fn editor_page(
    ctx: &Ctx,
    f: &Facility,
    values: &[(String, String)],
    seq: i64,
    status: StatusCode,
    notice: Option<Notice>,
    issued_link: Option<String>,
) -> HttpResponse {
    let has_link = match ctx
        .state
        .engine
        .store()
        .has_update_link(f.id.as_str())
        .await
    {
        Ok(b) => b,
        Err(e) => return ctx.failed(e.into()),
    };
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
async fn editable(ctx: &Ctx, id: &str) -> Result<(Facility, i64), HttpResponse> {
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
        .engine
        .version(id)
        .await
        .map_err(|e| ctx.failed(e.into()))?;
    Ok((f, seq))
}

async fn edit_page(req: HttpRequest, id: web::Path<String>) -> HttpResponse {
    let ctx = match writer(&req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (f, seq) = match editable(&ctx, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    editor_page(
        &ctx,
        &f,
        &pairs_of(&f),
        seq,
        StatusCode::OK,
        done_notice(&req),
        None,
    )
    .await
}

async fn save(req: HttpRequest, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (current, seq) = match editable(&ctx, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let expect = field(&p, "expect_seq").and_then(|s| s.parse::<i64>().ok());
    let record = match apply(&current, &Form::new(&p), FormRole::Editor, today()) {
        Ok(r) => r,
        Err(e) => {
            let notice = Notice::Failed(format!("保存できませんでした。{}", e.message));
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
        .engine
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

async fn new_page(req: HttpRequest) -> HttpResponse {
    let ctx = match writer(&req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    new_form(&ctx, &[], StatusCode::OK, None)
}

fn new_form(
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
            name: "新しい掲載",
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
    ctx.page(status, "新しい掲載", notice, body)
}

async fn create(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let fail = |m: String| new_form(&ctx, &p, StatusCode::BAD_REQUEST, Some(Notice::Failed(m)));
    let id = match FacilityId::new(field(&p, "id").unwrap_or("")) {
        Ok(id) => id,
        Err(_) => return fail("IDは英数字と - _ . で入力してください。".into()),
    };
    let mut blank = Facility::new(id.clone(), "", "clinic");
    blank.services.clear();
    blank.provenance.source = "caremap-admin".into();
    let mut record = match apply(&blank, &Form::new(&p), FormRole::Editor, today()) {
        Ok(r) => r,
        Err(e) => return fail(format!("登録できませんでした。{}", e.message)),
    };
    record.provenance.source_ref = Some(format!("created by {}", ctx.session.viewer.email));
    match ctx
        .state
        .engine
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

async fn verify(req: HttpRequest, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    // The campaign page sends back to itself.
    let next = match field(&p, "next") {
        Some(n) => format!("{}?done=verified", safe_next(Some(n))),
        None => format!("/admin/facilities/{}?done=verified", id.as_str()),
    };
    match ctx
        .state
        .engine
        .verify_as(&ctx.session.viewer, &id, today())
        .await
    {
        Ok(_) => see_other(&next),
        Err(e) => ctx.failed(e.into()),
    }
}

async fn retire(req: HttpRequest, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (mut f, seq) = match editable(&ctx, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    f.status = LifecycleStatus::Closed;
    match ctx
        .state
        .engine
        .save_as(&ctx.session.viewer, f, Some(seq), SaveKind::Retire, None)
        .await
    {
        Ok(_) => see_other(&format!("/admin/facilities/{}?done=retired", id.as_str())),
        Err(e) => ctx.failed(e.into()),
    }
}

async fn issue_link(req: HttpRequest, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let token = new_token();
    if let Err(e) = ctx
        .state
        .engine
        .issue_update_link(&ctx.session.viewer, &id, &token_hash(&token))
        .await
    {
        return ctx.failed(e.into());
    }
    let (f, seq) = match editable(&ctx, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let url = {
        let info = req.connection_info();
        format!("{}://{}/update/{token}", info.scheme(), info.host())
    };
    // Shown on this answer only: the store keeps the token's hash.
    editor_page(
        &ctx,
        &f,
        &pairs_of(&f),
        seq,
        StatusCode::OK,
        None,
        Some(url),
    )
    .await
}

async fn revoke_link(req: HttpRequest, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match ctx
        .state
        .engine
        .revoke_update_link(&ctx.session.viewer, &id)
        .await
    {
        Ok(_) => see_other(&format!("/admin/facilities/{}?done=revoked", id.as_str())),
        Err(e) => ctx.failed(e.into()),
    }
}

async fn history(req: HttpRequest, id: web::Path<String>) -> HttpResponse {
    let ctx = match writer(&req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (f, _) = match editable(&ctx, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut entries = match ctx.state.engine.history(&id).await {
        Ok(e) => e,
        Err(e) => return ctx.failed(e.into()),
    };
    entries.reverse();
    let body = admin::history(ctx.session.csrf(), f.id.as_str(), &f.name, &entries);
    ctx.page(StatusCode::OK, "変更履歴", done_notice(&req), body)
}

async fn revert(req: HttpRequest, id: web::Path<i64>, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match ctx.state.engine.revert_as(&ctx.session.viewer, *id).await {
        Ok(saved) => see_other(&format!(
            "/admin/facilities/{}/history?done=reverted",
            saved.facility.id.as_str()
        )),
        Err(e) => ctx.failed(e.into()),
    }
}

async fn requests(req: HttpRequest) -> HttpResponse {
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

async fn approve(req: HttpRequest, id: web::Path<i64>, body: web::Bytes) -> HttpResponse {
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

async fn reject(req: HttpRequest, id: web::Path<i64>, body: web::Bytes) -> HttpResponse {
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

/// Municipalities the viewer may set policies for or run campaigns in: every municipality
/// with listings for administrators, the scope's for editors.
fn municipalities_of(ctx: &Ctx) -> Vec<String> {
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

async fn staleness(req: HttpRequest) -> HttpResponse {
    let ctx = match writer(&req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let table = match ctx.state.engine.policy_table().await {
        Ok(t) => t,
        Err(e) => return ctx.failed(e.into()),
    };
    match ctx
        .state
        .engine
        .staleness_report(&ctx.session.viewer, None, today(), None)
        .await
    {
        Ok(list) => ctx.page(
            StatusCode::OK,
            "確認が必要な掲載",
            done_notice(&req),
            admin::staleness(ctx.session.csrf(), &list, &table, &municipalities_of(&ctx)),
        ),
        Err(e) => ctx.failed(e.into()),
    }
}

async fn set_policy(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let months = field(&p, "verify_within_months").and_then(|m| m.parse::<u32>().ok());
    let (Some(m), Some(months)) = (field(&p, "municipality"), months) else {
        return ctx.failed(ApiError::BadBody(
            "市町村と間隔（か月）を入力してください。".into(),
        ));
    };
    match ctx
        .state
        .engine
        .set_policy(&ctx.session.viewer, m, months)
        .await
    {
        Ok(()) => see_other("/admin/staleness?done=policy"),
        Err(e) => ctx.failed(e.into()),
    }
}

async fn campaigns(req: HttpRequest) -> HttpResponse {
    let ctx = match writer(&req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let list = match ctx.state.engine.campaigns().await {
        Ok(l) => l,
        Err(e) => return ctx.failed(e.into()),
    };
    let title = format!("{}年度 掲載内容の確認", fiscal_year(today()));
    let body = admin::campaigns(ctx.session.csrf(), &list, &municipalities_of(&ctx), &title);
    ctx.page(StatusCode::OK, "年次の確認依頼", done_notice(&req), body)
}

/// The Japanese fiscal year (April to March) of a date.
fn fiscal_year(d: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

async fn start_campaign(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let title = field(&p, "title").unwrap_or("");
    match ctx
        .state
        .engine
        .start_campaign(&ctx.session.viewer, title, field(&p, "municipality"))
        .await
    {
        Ok(c) => see_other(&format!("/admin/campaigns/{}?done=started", c.id)),
        Err(e) => ctx.failed(e.into()),
    }
}

async fn campaign(req: HttpRequest, id: web::Path<i64>) -> HttpResponse {
    let ctx = match writer(&req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (c, members) = match ctx.state.engine.campaign(&ctx.session.viewer, *id).await {
        Ok(x) => x,
        Err(e) => return ctx.failed(e.into()),
    };
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
async fn campaign_forms(req: HttpRequest, id: web::Path<i64>, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (c, members) = match ctx.state.engine.campaign(&ctx.session.viewer, *id).await {
        Ok(x) => x,
        Err(e) => return ctx.failed(e.into()),
    };
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
            .engine
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
    ctx.page(StatusCode::OK, "確認用紙", None, body)
}

async fn close_campaign(req: HttpRequest, id: web::Path<i64>, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match ctx
        .state
        .engine
        .close_campaign(&ctx.session.viewer, *id)
        .await
    {
        Ok(()) => see_other(&format!("/admin/campaigns/{}?done=closed", *id)),
        Err(e) => ctx.failed(e.into()),
    }
}

async fn round_page(req: HttpRequest) -> HttpResponse {
    let ctx = match writer(&req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match ctx
        .state
        .engine
        .availability_round(&ctx.session.viewer, &FreshnessPolicy::default(), today())
        .await
    {
        Ok(lines) => ctx.page(
            StatusCode::OK,
            "受け入れ状況の確認",
            done_notice(&req),
            admin::round(ctx.session.csrf(), &lines, today()),
        ),
        Err(e) => ctx.failed(e.into()),
    }
}

async fn record_round(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let p = pairs(&body);
    let ctx = match form_writer(&req, &p).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let mut entries = Vec::new();
    for (k, v) in &p {
        let Some(id) = k.strip_prefix("acc_") else {
            continue;
        };
        if v.is_empty() {
            continue;
        }
        let Some(accepting) = model::facility::Accepting::from_code(v) else {
            return ctx.failed(ApiError::BadBody(format!("unknown status {v} for {id}")));
        };
        entries.push(RoundEntry {
            id: id.to_string(),
            accepting,
            free_count: None,
            note: field(&p, &format!("note_{id}")).map(str::to_string),
        });
    }
    match ctx
        .state
        .engine
        .record_round(&ctx.session.viewer, entries, today())
        .await
    {
        Ok(_) => see_other("/admin/round?done=round"),
        Err(e) => ctx.failed(e.into()),
    }
}

/// The listing an update link opens, or the page saying the link does not work.
async fn linked(state: &AppState, token: &str) -> Result<Facility, HttpResponse> {
    let gone = || {
        html(
            StatusCode::NOT_FOUND,
            admin::render(
                Frame {
                    title: "リンクが無効です",
                    viewer: None,
                    csrf: "",
                    notice: None,
                },
                admin::message(
                    "このリンクは使えません",
                    "更新リンクが無効になったか、新しいリンクが発行されています。市町村・医師会などの担当窓口にお問い合わせください。",
                ),
            ),
        )
    };
    let id = match state
        .engine
        .store()
        .facility_of_link(&token_hash(token))
        .await
    {
        Ok(Some(id)) => id,
        Ok(None) => return Err(gone()),
        Err(e) => return Err(HttpResponse::InternalServerError().body(explain(&e.into()))),
    };
    state.engine.get(&id).await.map_err(|_| gone())
}

#[allow(clippy::too_many_arguments, reason = "one page's parts")]
fn update_response(
    state: &AppState,
    token: &str,
    f: &Facility,
    values: &[(String, String)],
    pending: usize,
    in_campaign: bool,
    status: StatusCode,
    notice: Option<Notice>,
) -> HttpResponse {
    html(
        status,
        admin::render(
            Frame {
                title: "掲載内容の更新",
                viewer: None,
                csrf: "",
                notice,
            },
            admin::update_form(token, &f.name, values, pending, in_campaign, &state.tiles),
        ),
    )
}

async fn pending_for(state: &AppState, id: &str) -> usize {
    state
        .engine
        .store()
        .change_requests(Some(RequestStatus::Pending), Some(id))
        .await
        .map_or(0, |v| v.len())
}

async fn in_campaign(state: &AppState, f: &Facility) -> bool {
    state
        .engine
        .store()
        .in_open_campaign(f.id.as_str())
        .await
        .unwrap_or(false)
}

async fn update_page(state: web::Data<AppState>, token: web::Path<String>) -> HttpResponse {
    let f = match linked(&state, &token).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let pending = pending_for(&state, f.id.as_str()).await;
    let in_campaign = in_campaign(&state, &f).await;
    update_response(
        &state,
        &token,
        &f,
        &pairs_of(&f),
        pending,
        in_campaign,
        StatusCode::OK,
        None,
    )
}

async fn update_submit(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let p = pairs(&body);
    let f = match linked(&state, &token).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let pending = pending_for(&state, f.id.as_str()).await;
    let in_campaign = in_campaign(&state, &f).await;
    let fail = |m: String| {
        update_response(
            &state,
            &token,
            &f,
            &p,
            pending,
            in_campaign,
            StatusCode::BAD_REQUEST,
            Some(Notice::Failed(m)),
        )
    };
    let (Some(submitter), Some(contact)) = (field(&p, "submitter"), field(&p, "contact")) else {
        return fail("担当者が確認の連絡をできるよう、お名前と連絡先を入力してください。".into());
    };
    let proposed = match apply(&f, &Form::new(&p), FormRole::Facility, today()) {
        Ok(r) => r,
        Err(e) => return fail(format!("送信できませんでした。{}", e.message)),
    };
    let changes = model::change::diff(Some(&f), &proposed);
    if changes.is_empty() && !in_campaign {
        return fail("掲載内容と同じです。変更した項目、または今週の受け入れ状況（「今日の日付で確認したことにする」）を送ってください。".into());
    }
    let request = indexer::store::requests::NewRequest {
        facility_id: f.id.0.clone(),
        changes,
        submitter: submitter.to_string(),
        contact: contact.to_string(),
        note: field(&p, "note").map(str::to_string),
    };
    match state.engine.propose(request).await {
        Ok(r) => {
            tracing::info!(facility = %f.id.as_str(), request = r.id, "change request received (form)");
            html(
                StatusCode::CREATED,
                admin::render(
                    Frame {
                        title: "送信しました",
                        viewer: None,
                        csrf: "",
                        notice: None,
                    },
                    admin::update_sent(&token, &f.name, &r.changes),
                ),
            )
        }
        Err(e) => fail(explain(&e.into())),
    }
}
