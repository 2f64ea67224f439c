//! `/admin/*`: the administration pages as HTTP handlers — plain HTML forms (views in
//! [`frontend::admin`]) over the same engine calls as the editing API. One module per part of
//! the URL tree:
//!
//! | URL | module |
//! |---|---|
//! | `/admin/login`, `/admin/logout` | [`login`] |
//! | `/admin` | [`dashboard`] |
//! | `/admin/facilities/…` (new, edit, verify, retire, update link, history) | [`facilities`] |
//! | `/admin/changes/{id}/revert` | [`changes`] |
//! | `/admin/requests/…` | [`requests`] |
//! | `/admin/staleness`, `/admin/policies` | [`staleness`] |
//! | `/admin/campaigns/…` | [`campaigns`] |
//! | `/admin/round` | [`round`] |
//! | `/admin/reviews/…`, `/admin/imports` | [`reviews`] |
//!
//! A facility's own update form (`/update/{token}`) is in [`crate::update`].
//!
//! - Every admin page needs a session; without one it redirects to `/admin/login?next=…`.
//! - Every form post carries the session's CSRF token as `csrf_token` (403 otherwise); the
//!   sign-in form carries a token from its own short-lived cookie (double submit), so another
//!   site cannot sign a visitor into an account of its choosing.
//! - A post that worked answers 303 to a page with a message (`?done=…`); one that did not
//!   answers the same page with the message and, for the listing form, what was typed.
//! - Pages send `Referrer-Policy: no-referrer` (update-link pages carry a token in their
//!   address).

mod campaigns;
mod changes;
mod dashboard;
mod facilities;
mod login;
mod requests;
mod reviews;
mod round;
mod staleness;

use crate::auth::{Session, session_of};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::admin::{self, Frame, Notice};
use model::account::Role;

/// Registers the pages (before the site's routes).
pub fn configure(cfg: &mut web::ServiceConfig) {
    reviews::configure(cfg);
    cfg.service(
        web::resource("/admin/login")
            .route(web::get().to(login::login_page))
            .route(web::post().to(login::login_submit)),
    )
    .service(web::resource("/admin/logout").route(web::post().to(login::logout)))
    .service(web::resource("/admin").route(web::get().to(dashboard::dashboard)))
    .service(
        web::resource("/admin/facilities/new")
            .route(web::get().to(facilities::new_page))
            .route(web::post().to(facilities::create)),
    )
    .service(
        web::resource("/admin/facilities/{id}")
            .route(web::get().to(facilities::edit_page))
            .route(web::post().to(facilities::save)),
    )
    .service(
        web::resource("/admin/facilities/{id}/verify").route(web::post().to(facilities::verify)),
    )
    .service(
        web::resource("/admin/facilities/{id}/retire").route(web::post().to(facilities::retire)),
    )
    .service(
        web::resource("/admin/facilities/{id}/update-link")
            .route(web::post().to(facilities::issue_link)),
    )
    .service(
        web::resource("/admin/facilities/{id}/update-link/revoke")
            .route(web::post().to(facilities::revoke_link)),
    )
    .service(
        web::resource("/admin/facilities/{id}/history").route(web::get().to(facilities::history)),
    )
    .service(web::resource("/admin/changes/{id}/revert").route(web::post().to(changes::revert)))
    .service(web::resource("/admin/requests").route(web::get().to(requests::requests)))
    .service(web::resource("/admin/requests/{id}/approve").route(web::post().to(requests::approve)))
    .service(web::resource("/admin/requests/{id}/reject").route(web::post().to(requests::reject)))
    .service(web::resource("/admin/staleness").route(web::get().to(staleness::staleness)))
    .service(web::resource("/admin/policies").route(web::post().to(staleness::set_policy)))
    .service(
        web::resource("/admin/campaigns")
            .route(web::get().to(campaigns::campaigns))
            .route(web::post().to(campaigns::start_campaign)),
    )
    .service(web::resource("/admin/campaigns/{id}").route(web::get().to(campaigns::campaign)))
    .service(
        web::resource("/admin/campaigns/{id}/forms")
            .route(web::post().to(campaigns::campaign_forms)),
    )
    .service(
        web::resource("/admin/campaigns/{id}/close")
            .route(web::post().to(campaigns::close_campaign)),
    )
    .service(
        web::resource("/admin/round")
            .route(web::get().to(round::round_page))
            .route(web::post().to(round::record_round)),
    );
}

pub(crate) fn html(status: StatusCode, page: String) -> HttpResponse {
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

pub(crate) fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

pub(crate) fn field<'a>(p: &'a [(String, String)], name: &str) -> Option<&'a str> {
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
pub(crate) fn explain(e: &ApiError) -> String {
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
        ApiError::Coded(ErrorCode::InvalidCredentials, _) => {
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

    /// After a form's engine call: on to `location` when it worked, else the error page.
    fn done<T, E: Into<ApiError>>(&self, r: Result<T, E>, location: &str) -> HttpResponse {
        match r {
            Ok(_) => see_other(location),
            Err(e) => self.failed(e.into()),
        }
    }

    /// A step's value, or the page saying why it failed (for [`try_page!`]).
    #[allow(
        clippy::result_large_err,
        reason = "the error is the page to answer, built once on the failing path"
    )]
    fn or_page<T, E: Into<ApiError>>(&self, r: Result<T, E>) -> Result<T, HttpResponse> {
        r.map_err(|e| self.failed(e.into()))
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
