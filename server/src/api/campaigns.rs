//! `/api/v1/campaigns…`: the yearly re-confirmation campaigns (the admin pages offer the same
//! under `/admin/campaigns`).

use super::body::Body;
use super::params::Csrf;
use super::responses::{
    CampaignActionErrors, CampaignReadErrors, CampaignStartErrors, StaffReadErrors,
};
use crate::auth::Staff;
use crate::auth::Writer;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use model::freshness::{Campaign, CampaignMember};
use serde::{Deserialize, Serialize};

/// Body of `POST /campaigns`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct CampaignRequest {
    /// Title, e.g. 「2026年度 掲載内容の確認」.
    pub title: String,
    /// Only this municipality's listings.
    #[serde(default)]
    pub municipality: Option<String>,
}

/// A campaign with the members the account may edit.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CampaignDetail {
    /// The campaign and its counts.
    pub campaign: Campaign,
    /// Its listings, responded or not.
    pub members: Vec<CampaignMember>,
}

/// Every campaign, newest first.
#[utoipa::path(
    tag = "editing",
    responses(
        (status = 200, description = "Campaigns with their counts", body = Vec<Campaign>),
        StaffReadErrors,
    )
)]
#[get("/campaigns")]
pub async fn list(state: web::Data<AppState>, _s: Staff) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(state.editorial().campaigns().await?))
}

/// Starts a re-confirmation campaign over every listing the account may edit (of one
/// municipality when given). Responses: a proposal through a listing's update link (also "no
/// change"), or an editor's confirmation; an approved response confirms the listing.
#[utoipa::path(
    tag = "editing",
    request_body = CampaignRequest,
    params(Csrf),
    responses((status = 201, description = "Started", body = Campaign), CampaignStartErrors)
)]
#[post("/campaigns")]
pub async fn start(
    state: web::Data<AppState>,
    w: Writer,
    Body(r): Body<CampaignRequest>,
) -> Result<HttpResponse, ApiError> {
    let c = state
        .editorial()
        .start_campaign(&w.0.viewer, &r.title, r.municipality.as_deref())
        .await?;
    Ok(HttpResponse::Created().json(c))
}

/// A campaign: who has responded and who has not.
#[utoipa::path(
    tag = "editing",
    params(("id" = i64, Path, description = "Campaign id")),
    responses(
        (status = 200, description = "The campaign and its members in the account's scope", body = CampaignDetail),
        CampaignReadErrors,
    )
)]
#[get("/campaigns/{id}")]
pub async fn detail(
    state: web::Data<AppState>,
    id: web::Path<i64>,
    s: Staff,
) -> Result<HttpResponse, ApiError> {
    let v = &s.0.viewer;
    let (campaign, members) = state.editorial().campaign(v, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CampaignDetail {
            campaign,
            members: members.into_iter().map(|(m, _)| m).collect(),
        }))
}

/// Closes a campaign.
#[utoipa::path(
    tag = "editing",
    params(("id" = i64, Path, description = "Campaign id"), Csrf),
    responses((status = 204, description = "Closed"), CampaignActionErrors)
)]
#[post("/campaigns/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    w: Writer,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    state.editorial().close_campaign(&w.0.viewer, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
