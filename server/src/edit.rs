//! The editing API: create, edit (whole or by fields), retire, verify, history and revert.
//! Every call needs a signed-in session with its CSRF token ([`Writer`]); whether the account
//! may change a listing is decided by the engine's write path ([`Engine::save_as`]), so these
//! handlers only translate HTTP.

use crate::auth::{MaybeSession, Writer};
use crate::error::{ApiError, ErrorBody, json_body, json_body_or_default};
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use indexer::engine::{SaveKind, Saved};
use model::change::{ChangeEntry, FieldChange};
use model::facility::{FacilityView, LifecycleStatus, Visibility};
use model::{Facility, Viewer};
use serde::{Deserialize, Serialize};

/// What a save answers.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SaveAnswer {
    /// The listing as saved, with its professional fields.
    pub facility: FacilityView,
    /// Its version: send it back as `version` with the next edit.
    pub version: i64,
    /// The fields this save changed (empty when nothing differed).
    pub changes: Vec<FieldChange>,
}

/// The answer of a save.
pub(crate) fn answer(saved: Saved) -> SaveAnswer {
    SaveAnswer {
        facility: saved.facility.view_for(Visibility::Professional),
        version: saved.seq,
        changes: saved.changes,
    }
}

pub(crate) fn may_write(v: &Viewer) -> Result<(), ApiError> {
    if v.role == model::Role::Professional {
        return Err(ApiError::Forbidden(
            "forbidden",
            "professional accounts can read, not edit".into(),
        ));
    }
    Ok(())
}

/// Body of a whole-record edit.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct EditRequest {
    /// The whole record as it should be (its id must be the path's).
    pub facility: Facility,
    /// The version the edit started from; a save in between makes this a 409 `conflict`.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Body of a by-field edit.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct PatchRequest {
    /// Top-level fields to set (`null` empties a field), e.g.
    /// `{"availability": {"accepting": "yes", "as_of": "2026-12-01"}}`.
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// The version the edit started from (optional).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Body of a verification.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct VerifyRequest {
    /// Date of the confirmation; default today (Japan time).
    #[serde(default)]
    pub date: Option<chrono::NaiveDate>,
}

/// Creates a listing.
#[utoipa::path(
    tag = "editing",
    request_body = Facility,
    params(("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 201, description = "Created", body = SaveAnswer),
        (status = 400, description = "invalid_json or a validation code", body = ErrorBody),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected, or forbidden (outside the account's scope)", body = ErrorBody),
        (status = 409, description = "conflict: the id exists", body = ErrorBody),
    )
)]
#[post("/facilities")]
pub async fn create(
    state: web::Data<AppState>,
    w: Writer,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    may_write(&w.0.viewer)?;
    let f: Facility = json_body(&body)?;
    let saved = state
        .engine
        .save_as(&w.0.viewer, f, None, SaveKind::Create, None)
        .await?;
    Ok(HttpResponse::Created().json(answer(saved)))
}

fn same_id(path: &str, f: &Facility) -> Result<(), ApiError> {
    if f.id.as_str() != path {
        return Err(model::ValidationError::InvalidField {
            field: "id".into(),
            reason: format!(
                "the body's id {:?} is not the path's {path:?}",
                f.id.as_str()
            ),
        }
        .into());
    }
    Ok(())
}

/// Replaces a listing with the record sent.
#[utoipa::path(
    tag = "editing",
    request_body = EditRequest,
    params(("id" = String, Path, description = "Facility id"), ("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 200, description = "Saved (searchable now)", body = SaveAnswer),
        (status = 400, description = "invalid_json or a validation code", body = ErrorBody),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected or forbidden", body = ErrorBody),
        (status = 404, description = "facility_not_found", body = ErrorBody),
        (status = 409, description = "conflict: saved by someone else since `version`", body = ErrorBody),
    )
)]
#[put("/facilities/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    may_write(&w.0.viewer)?;
    let r: EditRequest = json_body(&body)?;
    same_id(&id, &r.facility)?;
    let saved = state
        .engine
        .save_as(&w.0.viewer, r.facility, r.version, SaveKind::Edit, None)
        .await?;
    Ok(HttpResponse::Ok().json(answer(saved)))
}

/// Changes some fields of a listing.
#[utoipa::path(
    tag = "editing",
    request_body = PatchRequest,
    params(("id" = String, Path, description = "Facility id"), ("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 200, description = "Saved (searchable now)", body = SaveAnswer),
        (status = 400, description = "invalid_json, invalid_field or a validation code", body = ErrorBody),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected or forbidden", body = ErrorBody),
        (status = 404, description = "facility_not_found", body = ErrorBody),
        (status = 409, description = "conflict", body = ErrorBody),
    )
)]
#[patch("/facilities/{id}")]
pub async fn patch_fields(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    may_write(&w.0.viewer)?;
    let r: PatchRequest = json_body(&body)?;
    let current = state.engine.get(&id).await?;
    let f = model::change::with_fields(&current, &r.fields)?;
    let saved = state
        .engine
        .save_as(&w.0.viewer, f, r.version, SaveKind::Edit, None)
        .await?;
    Ok(HttpResponse::Ok().json(answer(saved)))
}

/// Retires a listing (status 廃止): it leaves the default search but keeps its history.
#[utoipa::path(
    tag = "editing",
    params(("id" = String, Path, description = "Facility id"), ("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 200, description = "Retired", body = SaveAnswer),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected or forbidden", body = ErrorBody),
        (status = 404, description = "facility_not_found", body = ErrorBody),
    )
)]
#[delete("/facilities/{id}")]
pub async fn retire(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    may_write(&w.0.viewer)?;
    let mut f = state.engine.get(&id).await?;
    f.status = LifecycleStatus::Closed;
    let saved = state
        .engine
        .save_as(&w.0.viewer, f, None, SaveKind::Retire, None)
        .await?;
    Ok(HttpResponse::Ok().json(answer(saved)))
}

/// Records 「本日時点で確認済み」: sets the listing's verified date and who confirmed it.
#[utoipa::path(
    tag = "editing",
    request_body = VerifyRequest,
    params(("id" = String, Path, description = "Facility id"), ("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 200, description = "Verified", body = SaveAnswer),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected or forbidden", body = ErrorBody),
        (status = 404, description = "facility_not_found", body = ErrorBody),
    )
)]
#[post("/facilities/{id}/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    may_write(&w.0.viewer)?;
    let r: VerifyRequest = json_body_or_default(&body)?;
    let date = r.date.unwrap_or_else(model::clock::today);
    let saved = state.engine.verify_as(&w.0.viewer, &id, date).await?;
    Ok(HttpResponse::Ok().json(answer(saved)))
}

/// A listing's change log, newest first (accounts that may edit the listing).
#[utoipa::path(
    tag = "editing",
    params(("id" = String, Path, description = "Facility id")),
    responses(
        (status = 200, description = "Field-level changes: who, when, field, old → new", body = Vec<ChangeEntry>),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 404, description = "facility_not_found", body = ErrorBody),
    )
)]
#[get("/facilities/{id}/history")]
pub async fn history(
    state: web::Data<AppState>,
    s: MaybeSession,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let v = s.require()?;
    let f = state.engine.get(&id).await?;
    if !v.may_edit(&f) {
        return Err(ApiError::Forbidden(
            "forbidden",
            format!("{} may not see the history of {}", v.email, id.as_str()),
        ));
    }
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(state.engine.history(&id).await?))
}

/// Sets one changed field back to its value before the change.
#[utoipa::path(
    tag = "editing",
    params(("id" = i64, Path, description = "Change id (from the history)"), ("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 200, description = "Reverted", body = SaveAnswer),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected or forbidden", body = ErrorBody),
        (status = 404, description = "change_not_found", body = ErrorBody),
        (status = 409, description = "conflict: the field changed again since", body = ErrorBody),
    )
)]
#[post("/changes/{id}/revert")]
pub async fn revert(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    may_write(&w.0.viewer)?;
    let saved = state.engine.revert_as(&w.0.viewer, *id).await?;
    Ok(HttpResponse::Ok().json(answer(saved)))
}

/// Query of the staleness report.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct StalenessQuery {
    /// Only this municipality (code).
    #[serde(default)]
    pub municipality: Option<String>,
    /// Confirmation due after this many months (default: each municipality's policy, else 12).
    #[serde(default)]
    pub verify_within_months: Option<u32>,
    /// Acceptance status unknown after this many days (default 14).
    #[serde(default)]
    pub availability_days: Option<u32>,
}

/// The staleness report: listings the account may edit that are due for re-confirmation, or
/// whose acceptance status is too old (shown publicly as 「不明」).
#[utoipa::path(
    tag = "editing",
    params(StalenessQuery),
    responses(
        (status = 200, description = "Stale listings by id", body = Vec<model::freshness::StaleListing>),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "forbidden (professional accounts)", body = ErrorBody),
    )
)]
#[get("/reports/staleness")]
pub async fn staleness(
    state: web::Data<AppState>,
    s: MaybeSession,
    q: web::Query<StalenessQuery>,
) -> Result<HttpResponse, ApiError> {
    let v = s.require()?;
    may_write(v)?;
    let defaults = model::freshness::FreshnessPolicy::default();
    // The query's figures override the municipalities' own policies.
    let policy = (q.verify_within_months.is_some() || q.availability_days.is_some()).then(|| {
        model::freshness::FreshnessPolicy {
            verify_within_months: q
                .verify_within_months
                .unwrap_or(defaults.verify_within_months),
            availability_days: q.availability_days.unwrap_or(defaults.availability_days),
        }
    });
    let today = model::clock::today();
    let report = state
        .engine
        .staleness_report(v, policy.as_ref(), today, q.municipality.as_deref())
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(report))
}

use model::freshness::{RoundEntry, RoundLine};

/// What the round saved.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RoundResult {
    /// Listings whose status was recorded (dated today).
    pub saved: Vec<String>,
}

/// The weekly availability round: the visiting-nurse stations and short stays the account may
/// edit, with their status on record, those due first.
#[utoipa::path(
    tag = "editing",
    responses(
        (status = 200, description = "The round's listings", body = Vec<RoundLine>),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "forbidden (professional accounts)", body = ErrorBody),
    )
)]
#[get("/availability-round")]
pub async fn round(state: web::Data<AppState>, s: MaybeSession) -> Result<HttpResponse, ApiError> {
    let v = s.require()?;
    may_write(v)?;
    let lines = state
        .engine
        .availability_round(
            v,
            &model::freshness::FreshnessPolicy::default(),
            model::clock::today(),
        )
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(lines))
}

/// Records this week's statuses (dated today), each listing a save with its change log. The
/// entries are checked first: an unknown id or a listing outside the account's scope rejects
/// the whole round before anything is saved.
#[utoipa::path(
    tag = "editing",
    request_body = Vec<RoundEntry>,
    params(("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 200, description = "Saved", body = RoundResult),
        (status = 400, description = "invalid_json", body = ErrorBody),
        (status = 401, description = "not_signed_in", body = ErrorBody),
        (status = 403, description = "csrf_rejected or forbidden", body = ErrorBody),
        (status = 404, description = "facility_not_found", body = ErrorBody),
    )
)]
#[post("/availability-round")]
pub async fn record_round(
    state: web::Data<AppState>,
    w: Writer,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    may_write(&w.0.viewer)?;
    let entries: Vec<RoundEntry> = json_body(&body)?;
    let saved = state
        .engine
        .record_round(&w.0.viewer, entries, model::clock::today())
        .await?;
    Ok(HttpResponse::Ok().json(RoundResult { saved }))
}
