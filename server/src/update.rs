//! `/update/{token}`: a facility's own update form, opened from the link an administrator sent
//! (no account). What it sends becomes a change request for an administrator to approve.

use crate::admin::{explain, field, html, pairs};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use frontend::admin::{self, Frame, Notice};
use frontend::i18n::{lang, tr};
use indexer::editorial::requests::check_contact;
use indexer::editorial::{LinkedListing, NewRequest};
use model::ValidationError;
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
async fn linked(state: &AppState, token: &str) -> Result<LinkedListing, HttpResponse> {
    let gone = || {
        html(
            StatusCode::NOT_FOUND,
            admin::render(
                Frame {
                    title: tr("リンクが無効です", "The link is not valid"),
                    viewer: None,
                    csrf: "",
                    notice: None,
                },
                admin::message(
                    tr("このリンクは使えません", "This link cannot be used"),
                    tr(
                        "更新リンクが無効になったか、新しいリンクが発行されています。市町村・医師会などの担当窓口にお問い合わせください。",
                        "The update link was revoked or a newer one was issued. Please contact the municipality or medical association that sent it.",
                    ),
                ),
            ),
        )
    };
    match state.editorial().linked(token).await {
        Ok(Some(l)) => Ok(l),
        Ok(None) => Err(gone()),
        Err(e) => Err(HttpResponse::InternalServerError().body(explain(&e.into()))),
    }
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
                title: tr("掲載内容の更新", "Update the listing"),
                viewer: None,
                csrf: "",
                notice,
            },
            admin::update_form(token, &f.name, values, pending, in_campaign, &state.tiles),
        ),
    )
}

async fn update_page(state: web::Data<AppState>, token: web::Path<String>) -> HttpResponse {
    let l = try_page!(linked(&state, &token).await);
    update_response(
        &state,
        &token,
        &l.facility,
        &pairs_of(&l.facility),
        l.pending.len(),
        l.in_campaign,
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
    let l = try_page!(linked(&state, &token).await);
    let f = &l.facility;
    let fail = |m: String| {
        update_response(
            &state,
            &token,
            f,
            &p,
            l.pending.len(),
            l.in_campaign,
            StatusCode::BAD_REQUEST,
            Some(Notice::Failed(m)),
        )
    };
    let (submitter, contact) = (
        field(&p, "submitter").unwrap_or(""),
        field(&p, "contact").unwrap_or(""),
    );
    if check_contact(submitter, contact).is_err() {
        return fail(contact_missing().into());
    }
    let proposed = match apply(f, &Form::new(&p), FormRole::Facility, today()) {
        Ok(r) => r,
        Err(e) => {
            return fail(format!(
                "{}{}",
                tr("送信できませんでした。", "Could not send. "),
                e.message_in(lang())
            ));
        }
    };
    let request = NewRequest {
        facility_id: f.id.0.clone(),
        changes: model::change::diff(Some(f), &proposed),
        submitter: submitter.to_string(),
        contact: contact.to_string(),
        note: field(&p, "note").map(str::to_string),
    };
    match state.editorial().propose(request).await {
        Ok(r) => {
            tracing::info!(facility = %f.id.as_str(), request = r.id, "change request received (form)");
            html(
                StatusCode::CREATED,
                admin::render(
                    Frame {
                        title: tr("送信しました", "Sent"),
                        viewer: None,
                        csrf: "",
                        notice: None,
                    },
                    admin::update_sent(&token, &f.name, &r.changes),
                ),
            )
        }
        // The service's own checks, in the words of this form.
        Err(indexer::Error::Validation(ValidationError::InvalidField { field, .. }))
            if field == "fields" =>
        {
            fail(nothing_changed().into())
        }
        Err(e) => fail(explain(&e.into())),
    }
}

fn contact_missing() -> &'static str {
    tr(
        "担当者が確認の連絡をできるよう、お名前と連絡先を入力してください。",
        "Enter your name and a contact so that the staff can reach you about it.",
    )
}

fn nothing_changed() -> &'static str {
    tr(
        "掲載内容と同じです。変更した項目、または今週の受け入れ状況（「今日の日付で確認したことにする」）を送ってください。",
        "This is the same as the listing. Send a changed field, or this week's acceptance status (\"Record as confirmed today\").",
    )
}
