//! Keeping listings current: the staleness report (who is due for re-confirmation) and the
//! weekly availability round of the visiting-nurse stations and short stays.

use super::Editorial;
use super::access::forbidden;
use super::saves::SaveKind;
use crate::error::Result;
use chrono::NaiveDate;
use model::Viewer;
use model::facility::LifecycleStatus;
use model::freshness::{FreshnessPolicy, RoundEntry, RoundLine, StaleListing};

impl Editorial<'_> {
    /// The staleness report: active listings the viewer may edit that are due for
    /// re-confirmation or whose acceptance status is too old, by id.
    /// `policy` overrides every municipality's own (the query's figures); without it each
    /// listing is held to its municipality's policy.
    pub async fn staleness_report(
        &self,
        viewer: &Viewer,
        policy: Option<&FreshnessPolicy>,
        today: NaiveDate,
        municipality: Option<&str>,
    ) -> Result<Vec<StaleListing>> {
        let table = self.policy_table().await?;
        let mut out = Vec::new();
        self.engine
            .store()
            .for_each_facility(|s| {
                let f = &s.facility;
                if f.status == LifecycleStatus::Closed
                    || municipality.is_some_and(|m| f.municipality_code.as_deref() != Some(m))
                    || !viewer.may_edit(f)
                {
                    return;
                }
                let own = table.for_listing(f);
                out.extend(StaleListing::of(f, policy.unwrap_or(&own), today));
            })
            .await?;
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// The weekly availability round: the visiting-nurse stations and short stays the viewer
    /// may edit, with their status on record, those due first.
    pub async fn availability_round(
        &self,
        viewer: &Viewer,
        policy: &FreshnessPolicy,
        today: NaiveDate,
    ) -> Result<Vec<RoundLine>> {
        let mut lines = Vec::new();
        self.engine
            .store()
            .for_each_facility(|s| {
                if viewer.may_edit(&s.facility) {
                    lines.extend(RoundLine::of(&s.facility, policy, today));
                }
            })
            .await?;
        lines.sort_by(|a, b| b.due.cmp(&a.due).then_with(|| a.id.cmp(&b.id)));
        Ok(lines)
    }

    /// Records this week's statuses (dated `today`), each listing a save with its change log.
    /// Every entry is checked first: an unknown id or a listing outside the viewer's scope
    /// rejects the whole round before anything is saved. Returns the ids saved.
    pub async fn record_round(
        &self,
        viewer: &Viewer,
        entries: Vec<RoundEntry>,
        today: NaiveDate,
    ) -> Result<Vec<String>> {
        let mut records = Vec::with_capacity(entries.len());
        for e in entries {
            let mut f = self.engine.get(&e.id).await?;
            if !viewer.may_edit(&f) {
                return Err(forbidden(viewer, &e.id));
            }
            f.availability = Some(model::facility::Availability {
                accepting: e.accepting,
                free_count: e.free_count,
                note: e.note.filter(|n| !n.trim().is_empty()),
                as_of: today,
            });
            records.push(f);
        }
        let mut saved = Vec::with_capacity(records.len());
        for f in records {
            let id = f.id.0.clone();
            self.save_as(
                viewer,
                f,
                None,
                SaveKind::Edit,
                Some("availability round".into()),
            )
            .await?;
            saved.push(id);
        }
        Ok(saved)
    }
}
