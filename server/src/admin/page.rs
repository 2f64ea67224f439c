//! What every admin page shares: the signed-in context, the frame, form reading, redirects and
//! the messages for what went wrong.

use crate::auth::{Session, session_of};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use frontend::admin::{self, Frame, Notice};
use model::account::Role;
use std::future::Future;
use std::pin::Pin;

pub(crate) fn html(status: StatusCode, page: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(page)
}

pub(super) fn see_other(location: &str) -> HttpResponse {
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

pub(super) fn query_pairs(req: &HttpRequest) -> Vec<(String, String)> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect()
}

/// The message a redirect asked to show (`?done=…`).
pub(super) fn done_notice(req: &HttpRequest) -> Option<Notice> {
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
        "account_created" => "アカウントを作成しました。",
        "account_disabled" => "アカウントを停止しました。ログイン中のセッションも終了しました。",
        "account_enabled" => "アカウントを再開しました。",
        "password_set" => "パスワードを変更しました。ログイン中のセッションは終了しました。",
        "role_changed" => "役割と担当を変更しました。次の操作から反映されます。",
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
pub(super) struct Ctx {
    pub(super) state: web::Data<AppState>,
    pub(super) session: Session,
}

impl Ctx {
    pub(super) fn page(
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
    pub(super) fn done<T, E: Into<ApiError>>(
        &self,
        r: Result<T, E>,
        location: &str,
    ) -> HttpResponse {
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
    pub(super) fn or_page<T, E: Into<ApiError>>(&self, r: Result<T, E>) -> Result<T, HttpResponse> {
        r.map_err(|e| self.failed(e.into()))
    }

    pub(super) fn failed(&self, e: ApiError) -> HttpResponse {
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
pub(super) async fn signed_in(req: &HttpRequest) -> Result<Ctx, HttpResponse> {
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
pub(super) async fn writer(req: &HttpRequest) -> Result<Ctx, HttpResponse> {
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
pub(super) async fn form_writer(
    req: &HttpRequest,
    p: &[(String, String)],
) -> Result<Ctx, HttpResponse> {
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

/// A form post of a signed-in writer whose CSRF token matched: the page context and the
/// posted fields. A refused post answers the page saying why (or the sign-in redirect).
pub(super) struct Posted {
    pub(super) ctx: Ctx,
    pub(super) fields: Vec<(String, String)>,
}

impl FromRequest for Posted {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Posted, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let fields = pairs(&body.await?);
            match form_writer(&req, &fields).await {
                Ok(ctx) => Ok(Posted { ctx, fields }),
                Err(page) => {
                    Err(actix_web::error::InternalError::from_response("form refused", page).into())
                }
            }
        })
    }
}
