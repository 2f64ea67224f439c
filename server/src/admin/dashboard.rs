//! `/admin`: the listings an account may see, searched and filtered, with what waits for it.

use super::{done_notice, field, query_pairs, signed_in};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use frontend::admin::{self, AdminRow, AreaChoice, Dashboard};
use model::account::Role;
use model::change::RequestStatus;
use model::facility::Visibility;

pub(super) async fn dashboard(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(signed_in(&req).await);
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
        model::clock::now(),
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
