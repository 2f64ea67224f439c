//! The review queue imports fill, as editors and administrators work through it: list, confirm,
//! and for possible duplicates merge one listing into the other.

use super::Editorial;
use super::access::staff_only;
use super::saves::SaveKind;
use crate::error::{Error, Result};
use crate::ingest::EDITOR;
use crate::ingest::merge::merge;
use model::Viewer;
use model::account::Role;
use model::review::{ImportRun, ReviewDetail, ReviewItem};
use std::collections::BTreeMap;

/// How an administrator answers a review item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// The listing is right as it is (position, area, closing, or two different facilities).
    Confirm,
    /// Possible duplicate: the listing is merged into the other one and removed.
    Merge,
    /// A listing an import closed is still in operation: open it again.
    Reopen,
}

impl Resolution {
    /// Reads a code (`confirm`, `merge`, `reopen`).
    pub fn from_code(code: &str) -> Option<Resolution> {
        match code {
            "confirm" => Some(Resolution::Confirm),
            "merge" => Some(Resolution::Merge),
            "reopen" => Some(Resolution::Reopen),
            _ => None,
        }
    }
}

impl Editorial<'_> {
    /// Review items of listings in the viewer's scope: open ones (or all), of one kind (or
    /// every kind), oldest first; `limit` items after skipping `offset`.
    pub async fn review_items(
        &self,
        viewer: &Viewer,
        open_only: bool,
        kind: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<ReviewItem>> {
        staff_only(viewer)?;
        let mut out = Vec::new();
        let mut skipped = 0;
        let mut from = 0u64;
        const PAGE: u64 = 500;
        loop {
            let items = self
                .engine
                .store()
                .review_items(open_only, kind, from, PAGE)
                .await?;
            if items.is_empty() {
                break;
            }
            from += items.len() as u64;
            for item in items {
                if !self.in_scope(viewer, &item.facility_id).await? {
                    continue;
                }
                if skipped < offset {
                    skipped += 1;
                    continue;
                }
                out.push(item);
                if out.len() >= limit {
                    return Ok(out);
                }
            }
        }
        Ok(out)
    }

    async fn in_scope(&self, viewer: &Viewer, facility_id: &str) -> Result<bool> {
        if viewer.role == Role::Admin {
            return Ok(true);
        }
        Ok(match self.engine.store().get_facility(facility_id).await? {
            Some(s) => viewer.may_edit(&s.facility),
            None => false,
        })
    }

    /// Open review items per kind (every listing, for the dashboards of administrators).
    pub async fn open_review_counts(&self) -> Result<BTreeMap<String, u64>> {
        self.engine.store().open_review_counts().await
    }

    /// The review items of one listing, open first.
    pub async fn reviews_of(&self, facility_id: &str) -> Result<Vec<ReviewItem>> {
        self.engine.store().reviews_for(facility_id).await
    }

    /// Answers a review item (see [`Resolution`]).
    pub async fn resolve_review(
        &self,
        viewer: &Viewer,
        id: i64,
        resolution: Resolution,
    ) -> Result<ReviewItem> {
        staff_only(viewer)?;
        let item = self.engine.store().review_item(id).await?;
        if !self.in_scope(viewer, &item.facility_id).await? {
            return Err(Error::Forbidden(format!(
                "{} may not review {}",
                viewer.email, item.facility_id
            )));
        }
        if item.resolved_at.is_some() {
            return Err(Error::Conflict(format!(
                "review item {id} is already resolved"
            )));
        }
        let label = match (resolution, &item.detail) {
            (Resolution::Confirm, ReviewDetail::Duplicate { .. }) => "別の施設",
            (Resolution::Confirm, ReviewDetail::Disappeared { .. }) => "廃止を確認",
            (Resolution::Confirm, _) => "確認済み",
            (Resolution::Merge, ReviewDetail::Duplicate { other_id, .. }) => {
                self.merge_listings(viewer, &item.facility_id, other_id)
                    .await?;
                "統合"
            }
            (Resolution::Reopen, ReviewDetail::Disappeared { .. }) => {
                let mut f = self.engine.get(&item.facility_id).await?;
                f.status = model::facility::LifecycleStatus::Active;
                f.provenance.field_sources.remove("status");
                self.save_as(
                    viewer,
                    f,
                    None,
                    SaveKind::Edit,
                    Some("名簿に掲載なし：運営中を確認".into()),
                )
                .await?;
                "運営中を確認"
            }
            _ => {
                return Err(Error::Conflict(format!(
                    "review item {id} ({}) cannot be answered that way",
                    item.detail.label()
                )));
            }
        };
        self.engine
            .store()
            .resolve_review(id, &viewer.email, label)
            .await
    }

    /// Merges listing `from` into listing `into` (fields by their sources' priority, every
    /// source record kept, so later imports of `from`'s source update `into`), then removes
    /// `from`.
    pub async fn merge_listings(&self, viewer: &Viewer, from: &str, into: &str) -> Result<()> {
        let a = self.engine.get(from).await?;
        let b = self.engine.get(into).await?;
        if !(viewer.may_edit(&a) && viewer.may_edit(&b)) {
            return Err(Error::Forbidden(format!(
                "{} may not merge {from} into {into}",
                viewer.email
            )));
        }
        let priorities = self.engine.source_priorities().await?;
        let prio = |s: &str| priorities.of(s);
        let source = if a.provenance.source.is_empty() {
            EDITOR.to_string()
        } else {
            a.provenance.source.clone()
        };
        let mut merged = merge(&b, &a, &source, &prio);
        for r in &a.provenance.records {
            if !merged.provenance.records.contains(r) {
                merged.provenance.records.push(r.clone());
            }
        }
        if merged != b {
            self.save_as(
                viewer,
                merged,
                None,
                SaveKind::Merge,
                Some(format!("{from} を統合")),
            )
            .await?;
        }
        self.engine.delete(&[from.to_string()]).await?;
        Ok(())
    }

    /// The latest imports, newest first.
    pub async fn import_runs(&self, limit: u64) -> Result<Vec<ImportRun>> {
        self.engine.store().import_runs(limit).await
    }
}
