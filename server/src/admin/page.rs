//! What every admin page shares: the signed-in context, the frame, form reading, redirects and
//! the messages for what went wrong.

use crate::auth::{Session, session_of};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use frontend::admin::{self, Frame, Notice};
use frontend::i18n::{Lang, lang, tr};
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
        "saved" => tr(
            "保存しました。公開ページと検索にも反映されています。",
            "Saved. The public pages and the search show it already.",
        ),
        "created" => tr("登録しました。", "Registered."),
        "verified" => tr(
            "本日時点で確認済みにしました。",
            "Marked as confirmed today.",
        ),
        "retired" => tr("廃止にしました。", "Marked as closed."),
        "reverted" => tr("変更を元に戻しました。", "The change was undone."),
        "revoked" => tr(
            "更新リンクを無効にしました。",
            "The update link was revoked.",
        ),
        "approved" => tr(
            "変更依頼を承認し、掲載に反映しました。",
            "The change request was approved and applied to the listing.",
        ),
        "rejected" => tr(
            "変更依頼を見送りました。",
            "The change request was declined.",
        ),
        "round" => tr(
            "受け入れ状況を記録しました。",
            "The acceptance statuses were recorded.",
        ),
        "policy" => tr(
            "確認の間隔を設定しました。",
            "The confirmation interval was set.",
        ),
        "started" => tr(
            "確認依頼を始めました。確認用紙を印刷して各事業所へ送ってください。",
            "The confirmation has started. Print the forms and send them to the facilities.",
        ),
        "closed" => tr("確認依頼を終了しました。", "The confirmation was closed."),
        "unchanged" => tr("変更はありませんでした。", "Nothing had changed."),
        "reviewed" => tr("確認しました。", "Done."),
        "account_created" => tr("アカウントを作成しました。", "The account was created."),
        "account_disabled" => tr(
            "アカウントを停止しました。ログイン中のセッションも終了しました。",
            "The account was stopped, and its open sessions ended.",
        ),
        "account_enabled" => tr("アカウントを再開しました。", "The account was resumed."),
        "password_set" => tr(
            "パスワードを変更しました。ログイン中のセッションは終了しました。",
            "The password was changed, and the account's open sessions ended.",
        ),
        "role_changed" => tr(
            "役割と担当を変更しました。次の操作から反映されます。",
            "The role and scope were changed. They apply from the account's next action.",
        ),
        _ => return None,
    };
    Some(Notice::Done(m.to_string()))
}

/// What went wrong, for the person at the form.
pub(crate) fn explain(e: &ApiError) -> String {
    match e {
        ApiError::Engine(indexer::Error::Forbidden(_)) => tr(
            "この掲載を変更する権限がありません（担当の市町村・団体の掲載だけを変更できます）。",
            "You may not change this listing (only those of your municipalities and associations).",
        )
        .to_string(),
        ApiError::Engine(indexer::Error::Conflict(_)) => tr(
            "ほかの人が先に保存しました。ページを開き直して、最新の内容に変更を加えてください。",
            "Someone else saved first. Open the page again and make your change to the latest version.",
        )
        .to_string(),
        ApiError::Engine(indexer::Error::NotFound(_)) => {
            tr("掲載が見つかりません。", "No such listing.").to_string()
        }
        ApiError::Engine(indexer::Error::Validation(v)) => format!(
            "{}{v}",
            tr("入力を確認してください：", "Please check the input: ")
        ),
        ApiError::TooManyAttempts(s) => match lang() {
            Lang::Ja => format!(
                "ログインの失敗が続いたため、しばらくログインできません。{}分ほど待ってからお試しください。",
                s.div_ceil(60)
            ),
            Lang::En => format!(
                "Too many failed sign-ins: signing in is paused. Try again in about {} minutes.",
                s.div_ceil(60)
            ),
        },
        ApiError::Coded(ErrorCode::InvalidCredentials, _) => tr(
            "メールアドレスまたはパスワードが違います。",
            "Wrong e-mail address or password.",
        )
        .to_string(),
        e if e.status_and_code().0.is_server_error() => {
            tracing::error!(error = %e, "page request failed");
            tr(
                "処理できませんでした。時間をおいてお試しください。",
                "That could not be done. Please try again later.",
            )
            .to_string()
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
            tr("できませんでした", "Could not be done"),
            None,
            admin::message(tr("できませんでした", "Could not be done"), &explain(&e)),
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
            tr("権限がありません", "Not allowed"),
            None,
            admin::message(
                tr("権限がありません", "Not allowed"),
                tr(
                    "関係者（閲覧）のアカウントでは掲載を変更できません。",
                    "A professional (read-only) account cannot change listings.",
                ),
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
            tr("送信できませんでした", "Could not be sent"),
            None,
            admin::message(
                tr("送信できませんでした", "Could not be sent"),
                tr("フォームの有効期限が切れたか、別のサイトから送信されました。ページを開き直してからもう一度送信してください。", "The form expired or was sent from another site. Open the page again and send it once more."),
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
