//! `/admin`: the listings an account may see, searched and filtered, with what waits for it.

use super::page::{done_notice, field, query_pairs, signed_in};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use frontend::admin::{self, AdminRow, AreaChoice, Dashboard};
use frontend::i18n::tr;
use indexer::editorial::rows::ListingFilter;
use model::account::Role;
use model::change::RequestStatus;

pub(super) async fn dashboard(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(signed_in(&req).await);
    let q = query_pairs(&req);
    let text = field(&q, "q").unwrap_or("").to_string();
    let page = match field(&q, "page")
        .map(model::params::whole_number)
        .transpose()
    {
        Ok(p) => p,
        Err(e) => return ctx.failed(ApiError::from(e)),
    };
    let viewer = &ctx.session.viewer;
    let filter = ListingFilter {
        text: text.clone(),
        page,
        all: field(&q, "all").is_some(),
    };
    let found = try_page!(ctx.or_page(ctx.state.editorial().listings(viewer, &filter).await));
    let rows = found
        .rows
        .into_iter()
        .map(|r| AdminRow {
            id: r.hit.id.0,
            name: r.hit.name,
            category: r.hit.category,
            address: r.hit.address,
            verified_at: r.hit.verified_at,
            editable: r.editable,
        })
        .collect();
    let pending = if viewer.role == Role::Professional {
        0
    } else {
        match ctx
            .state
            .editorial()
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
            .editorial()
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
            own_municipality: found.own_municipality,
            reviews,
        },
    );
    ctx.page(
        StatusCode::OK,
        tr("掲載一覧", "Listings"),
        done_notice(&req),
        body,
    )
}

pub(super) fn area_choices(state: &AppState) -> Vec<AreaChoice> {
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
