//! `/api/v1/facilities…`: one listing (read), and the editing API — create, edit (whole or by
//! fields), retire, verify, history — and the listing's update link. Every write needs a
//! signed-in session with its CSRF token ([`Writer`]); whether the account may change a listing
//! is decided by the engine's write path (`Engine::save_as`), so these handlers only translate
//! HTTP.

use super::body::{Body, BodyOrDefault};
use super::params::Csrf;
use super::private_if_signed_in;
use super::responses::{
    FacilityErrors, LinkRevokeErrors, ListingActionErrors, ListingCreateErrors, ListingEditErrors,
    ListingReadErrors, VerifyErrors,
};
use crate::auth::Editor;
use crate::auth::{MaybeSession, Writer, new_token, token_hash};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use indexer::editorial::{SaveKind, Saved};
use model::Facility;
use model::account::clearance_of;
use model::change::{ChangeEntry, FieldChange};
use model::facility::{FacilityView, LifecycleStatus, Visibility};
use serde::{Deserialize, Serialize};

/// One facility with all its public fields; signed-in accounts also get its professional
/// fields in `professional`.
#[utoipa::path(
    tag = "facilities",
    params(("id" = String, Path, description = "Facility id, e.g. mhlw-0170102313-430")),
    responses(
        (status = 200, description = "The facility: public fields, and `professional` for signed-in accounts only", body = model::FacilityView),
        FacilityErrors,
    )
)]
#[get("/facilities/{id}")]
pub async fn facility(
    state: web::Data<AppState>,
    id: web::Path<String>,
    session: MaybeSession,
) -> Result<HttpResponse, ApiError> {
    let f = state.engine.get(&id).await?;
    let clearance = clearance_of(session.viewer());
    let mut res = HttpResponse::Ok();
    private_if_signed_in(&mut res, clearance);
    Ok(res.json(f.view_for(clearance)))
}

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
    params(Csrf),
    responses((status = 201, description = "Created", body = SaveAnswer), ListingCreateErrors)
)]
#[post("/facilities")]
pub async fn create(
    state: web::Data<AppState>,
    w: Editor,
    Body(f): Body<Facility>,
) -> Result<HttpResponse, ApiError> {
    let saved = save(&state, &w, f, None, SaveKind::Create).await?;
    Ok(HttpResponse::Created().json(saved))
}

/// Saves a listing for an editor: what every editing route answers.
async fn save(
    state: &AppState,
    w: &Editor,
    f: Facility,
    version: Option<i64>,
    kind: SaveKind,
) -> Result<SaveAnswer, ApiError> {
    let saved = state
        .editorial()
        .save_as(&w.0.viewer, f, version, kind, None)
        .await?;
    Ok(answer(saved))
}

pub(crate) fn same_id(path: &str, f: &Facility) -> Result<(), ApiError> {
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
    params(("id" = String, Path, description = "Facility id"), Csrf),
    responses((status = 200, description = "Saved (searchable now)", body = SaveAnswer), ListingEditErrors)
)]
#[put("/facilities/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    w: Editor,
    id: web::Path<String>,
    Body(r): Body<EditRequest>,
) -> Result<HttpResponse, ApiError> {
    same_id(&id, &r.facility)?;
    let saved = save(&state, &w, r.facility, r.version, SaveKind::Edit).await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// Changes some fields of a listing.
#[utoipa::path(
    tag = "editing",
    request_body = PatchRequest,
    params(("id" = String, Path, description = "Facility id"), Csrf),
    responses((status = 200, description = "Saved (searchable now)", body = SaveAnswer), ListingEditErrors)
)]
#[patch("/facilities/{id}")]
pub async fn patch_fields(
    state: web::Data<AppState>,
    w: Editor,
    id: web::Path<String>,
    Body(r): Body<PatchRequest>,
) -> Result<HttpResponse, ApiError> {
    let current = state.engine.get(&id).await?;
    let f = model::change::with_fields(&current, &r.fields)?;
    let saved = save(&state, &w, f, r.version, SaveKind::Edit).await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// Retires a listing (status 廃止): it leaves the default search but keeps its history.
#[utoipa::path(
    tag = "editing",
    params(("id" = String, Path, description = "Facility id"), Csrf),
    responses((status = 200, description = "Retired", body = SaveAnswer), ListingActionErrors)
)]
#[delete("/facilities/{id}")]
pub async fn retire(
    state: web::Data<AppState>,
    w: Editor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mut f = state.engine.get(&id).await?;
    f.status = LifecycleStatus::Closed;
    let saved = save(&state, &w, f, None, SaveKind::Retire).await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// Records 「本日時点で確認済み」: sets the listing's verified date and who confirmed it.
#[utoipa::path(
    tag = "editing",
    request_body = VerifyRequest,
    params(("id" = String, Path, description = "Facility id"), Csrf),
    responses((status = 200, description = "Verified", body = SaveAnswer), VerifyErrors)
)]
#[post("/facilities/{id}/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    w: Editor,
    id: web::Path<String>,
    BodyOrDefault(r): BodyOrDefault<VerifyRequest>,
) -> Result<HttpResponse, ApiError> {
    let date = r.date.unwrap_or_else(model::clock::today);
    let saved = state.editorial().verify_as(&w.0.viewer, &id, date).await?;
    Ok(HttpResponse::Ok().json(answer(saved)))
}

/// A listing's change log, newest first (accounts that may edit the listing).
#[utoipa::path(
    tag = "editing",
    params(("id" = String, Path, description = "Facility id")),
    responses(
        (status = 200, description = "Field-level changes: who, when, field, old → new", body = Vec<ChangeEntry>),
        ListingReadErrors,
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
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!("{} may not see the history of {}", v.email, id.as_str()),
        ));
    }
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(state.editorial().history(&id).await?))
}

/// A newly issued update link.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IssuedLink {
    /// The link's secret token (shown once; the store keeps only its hash).
    pub token: String,
    /// The page the facility opens.
    pub url: String,
}

/// Issues the listing's private update link (revoking any earlier one).
#[utoipa::path(
    tag = "change requests",
    params(("id" = String, Path, description = "Facility id"), Csrf),
    responses(
        (status = 201, description = "The new link (shown once)", body = IssuedLink),
        ListingActionErrors,
    )
)]
#[post("/facilities/{id}/update-link")]
pub async fn issue_link(
    state: web::Data<AppState>,
    w: Writer,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = new_token();
    state
        .editorial()
        .issue_update_link(&w.0.viewer, &id, &token_hash(&token))
        .await?;
    let info = req.connection_info();
    let url = format!("{}://{}/update/{token}", info.scheme(), info.host());
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(IssuedLink { token, url }))
}

/// Revokes the listing's update link.
#[utoipa::path(
    tag = "change requests",
    params(("id" = String, Path, description = "Facility id"), Csrf),
    responses((status = 204, description = "Revoked"), LinkRevokeErrors)
)]
#[delete("/facilities/{id}/update-link")]
pub async fn revoke_link(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if !state
        .editorial()
        .revoke_update_link(&w.0.viewer, &id)
        .await?
    {
        return Err(ApiError::new(
            ErrorCode::LinkNotFound,
            format!("facility {} has no update link", id.as_str()),
        ));
    }
    Ok(HttpResponse::NoContent().finish())
}
