//! Ready-to-show rows for the editors' pages: the listings an account sees on its dashboard,
//! each with whether it may edit it.

use super::Editorial;
use crate::error::Result;
use model::Viewer;
use model::account::Role;
use model::facility::{LifecycleStatus, Visibility};
use model::search::{SearchHit, SearchQuery, Sort};

/// Listings on one dashboard page.
pub const DASHBOARD_PAGE: u32 = 50;

/// What the dashboard asks for.
#[derive(Debug, Clone, Default)]
pub struct ListingFilter {
    /// Words to search for (empty: every listing).
    pub text: String,
    /// 1-based page.
    pub page: Option<u32>,
    /// Show listings outside the editor's own municipality too (「担当外も表示」).
    pub all: bool,
}

/// One dashboard row.
#[derive(Debug, Clone)]
pub struct ListingRow {
    /// The listing as the search shows it to professionals.
    pub hit: SearchHit,
    /// Whether the viewer may edit it.
    pub editable: bool,
}

/// A dashboard page of listings.
#[derive(Debug, Clone)]
pub struct ListingPage {
    /// The rows, by name.
    pub rows: Vec<ListingRow>,
    /// Matching listings in all.
    pub total: u64,
    /// The municipality an editor of one municipality starts with (when not `all`).
    pub own_municipality: Option<String>,
}

impl Editorial<'_> {
    /// The listings the viewer sees on its dashboard: every status (closed ones too), by
    /// name, an editor of exactly one municipality starting with its own.
    pub async fn listings(&self, viewer: &Viewer, filter: &ListingFilter) -> Result<ListingPage> {
        let own = match (
            &viewer.scope.municipalities[..],
            &viewer.scope.associations[..],
        ) {
            ([m], []) if viewer.role == Role::Editor && !filter.all => Some(m.clone()),
            _ => None,
        };
        let query = SearchQuery {
            text: Some(filter.text.clone()).filter(|t| !t.is_empty()),
            municipality: own.clone(),
            statuses: vec![
                LifecycleStatus::Active,
                LifecycleStatus::Planned,
                LifecycleStatus::Suspended,
                LifecycleStatus::Closed,
            ],
            sort: Sort::Name,
            page: filter.page,
            per_page: Some(DASHBOARD_PAGE),
            ..SearchQuery::default()
        };
        let found = self.engine.search_as(&query, Visibility::Professional)?;
        let ids: Vec<&str> = found.hits.iter().map(|h| h.id.as_str()).collect();
        let full = self.engine.get_many(&ids).await?;
        let editable: std::collections::HashSet<&str> = full
            .iter()
            .filter(|f| viewer.may_edit(f))
            .map(|f| f.id.as_str())
            .collect();
        let rows = found
            .hits
            .into_iter()
            .map(|hit| ListingRow {
                editable: editable.contains(hit.id.as_str()),
                hit,
            })
            .collect();
        Ok(ListingPage {
            rows,
            total: found.total,
            own_municipality: own,
        })
    }
}
