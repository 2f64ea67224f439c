//! `/update/{token}`: a facility's own update form, opened from the link an administrator sent
//! (no account). What it sends becomes a change request for an administrator to approve.

use crate::admin::{explain, field, html, pairs};
use crate::auth::token_hash;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use frontend::admin::{self, Frame, Notice};
use model::change::RequestStatus;
use model::clock::today;
use model::facility::Facility;
use model::form::{Form, FormRole, apply, pairs_of};

/// Registers the form's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/update/{token}")
            .route(web::get().to(update_page))
            .route(web::post().to(update_submit)),
    );
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
    let f = try_page!(linked(&state, &token).await);
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
    let f = try_page!(linked(&state, &token).await);
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
