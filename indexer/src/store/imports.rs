//! What real-data imports keep besides the listings: the geocoder's address points, the data
//! sources with their credit lines, the record of each import, and the review queue.
//!
//! [`Store::write_import`] writes one import whole: its listings (with a change-log row per
//! field of every listing it changed), its review items, its source and its report, in one
//! transaction.

use super::{Store, StoredRef, UpsertReport, corrupt, now_ms, upsert_in};
use crate::error::{Error, Result};
use crate::geocode::{AddressMunicipality, AddressTown};
use crate::store::entity::{address_municipality, change, data_source, import_run, review_item};
use model::Facility;
use model::change::FieldChange;
use model::review::{ImportReport, ImportRun, ReviewDetail, ReviewItem};
use model::sources::DataSource;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use std::collections::BTreeMap;

/// A review item to queue.
#[derive(Debug, Clone)]
pub struct NewReview {
    /// The listing.
    pub facility_id: String,
    /// Its name.
    pub facility_name: String,
    /// What needs a look.
    pub detail: ReviewDetail,
}

impl NewReview {
    /// An item about listing `f`.
    pub fn about(f: &Facility, detail: ReviewDetail) -> NewReview {
        NewReview {
            facility_id: f.id.0.clone(),
            facility_name: f.name.clone(),
            detail,
        }
    }

    /// The item for a listing put into the nearest area (see `AreaSet::assign`).
    pub fn area_gap(
        f: &Facility,
        (area_id, area_name, distance_m): (String, String, f64),
    ) -> NewReview {
        NewReview::about(
            f,
            ReviewDetail::AreaGap {
                area_id,
                area_name,
                distance_m,
            },
        )
    }
}

/// One import, written whole by [`Store::write_import`].
pub struct ImportWrite<'a> {
    /// Listings new or changed by the import.
    pub records: Vec<Facility>,
    /// For each changed listing (by id), its fields' changes (the change log).
    pub changes: &'a BTreeMap<String, Vec<FieldChange>>,
    /// Items for the review queue.
    pub reviews: &'a [NewReview],
    /// The source, recorded (or updated) with its credit line.
    pub source: Option<&'a DataSource>,
    /// What the import did (recorded when it has a source).
    pub report: &'a ImportReport,
}

fn at(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn to_review(r: review_item::Model) -> Result<ReviewItem> {
    Ok(ReviewItem {
        id: r.id,
        detail: serde_json::from_str(&r.doc).map_err(corrupt(&r.facility_id))?,
        facility_id: r.facility_id,
        facility_name: r.facility_name,
        created_at: at(r.created_at_ms),
        resolved_at: r.resolved_at_ms.map(at),
        resolved_by: r.resolved_by,
        resolution: r.resolution,
    })
}

/// Queues review items, skipping any whose listing already has an item of the same kind
/// (open, or resolved with the same detail: a confirmed position is not asked about again).
pub(crate) async fn queue_reviews(db: &impl ConnectionTrait, items: &[NewReview]) -> Result<usize> {
    let mut queued = 0;
    for chunk in items.chunks(500) {
        let ids: Vec<String> = chunk.iter().map(|r| r.facility_id.clone()).collect();
        let existing = review_item::Entity::find()
            .filter(review_item::Column::FacilityId.is_in(ids))
            .all(db)
            .await?;
        let now = now_ms();
        let mut rows = Vec::new();
        for r in chunk {
            let doc = serde_json::to_string(&r.detail).map_err(corrupt(&r.facility_id))?;
            let kind = r.detail.kind();
            let known = existing.iter().any(|e| {
                e.facility_id == r.facility_id
                    && e.kind == kind
                    && (e.resolved_at_ms.is_none() || e.doc == doc)
            });
            if known {
                continue;
            }
            rows.push(review_item::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                facility_id: Set(r.facility_id.clone()),
                facility_name: Set(r.facility_name.clone()),
                kind: Set(kind.to_string()),
                doc: Set(doc),
                created_at_ms: Set(now),
                resolved_at_ms: Set(None),
                resolved_by: Set(None),
                resolution: Set(None),
            });
        }
        queued += rows.len();
        if !rows.is_empty() {
            review_item::Entity::insert_many(rows).exec(db).await?;
        }
    }
    Ok(queued)
}

pub(super) async fn put_source(txn: &DatabaseTransaction, s: &DataSource) -> Result<()> {
    super::feed::record_reload(txn, super::feed::Reload::Sources).await?;
    let doc = serde_json::to_string(s).map_err(corrupt(&s.id))?;
    data_source::Entity::delete_by_id(s.id.clone())
        .exec(txn)
        .await?;
    data_source::Entity::insert(data_source::ActiveModel {
        id: Set(s.id.clone()),
        doc: Set(doc),
        updated_at_ms: Set(now_ms()),
    })
    .exec(txn)
    .await?;
    Ok(())
}

impl Store {
    /// Replaces the address points of the given municipalities (all in one transaction).
    pub(crate) async fn put_addresses(&self, municipalities: &[AddressMunicipality]) -> Result<()> {
        let txn = self.connection().begin().await?;
        super::feed::record_reload(&txn, super::feed::Reload::Places).await?;
        for m in municipalities {
            address_municipality::Entity::delete_many()
                .filter(address_municipality::Column::Prefecture.eq(m.prefecture.as_str()))
                .filter(address_municipality::Column::Name.eq(m.name.as_str()))
                .exec(&txn)
                .await?;
            let doc = serde_json::to_string(&m.towns).map_err(corrupt(&m.name))?;
            address_municipality::Entity::insert(address_municipality::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                prefecture: Set(m.prefecture.clone()),
                name: Set(m.name.clone()),
                doc: Set(doc),
            })
            .exec(&txn)
            .await?;
        }
        put_source(&txn, &model::sources::addresses()).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Every municipality's address points.
    pub async fn addresses(&self) -> Result<Vec<AddressMunicipality>> {
        let mut out = Vec::new();
        let mut last = 0i64;
        loop {
            let rows = address_municipality::Entity::find()
                .filter(address_municipality::Column::Id.gt(last))
                .order_by_asc(address_municipality::Column::Id)
                .limit(200)
                .all(self.connection())
                .await?;
            let Some(tail) = rows.last() else { break };
            last = tail.id;
            for r in rows {
                let towns: Vec<AddressTown> =
                    serde_json::from_str(&r.doc).map_err(corrupt(&r.name))?;
                out.push(AddressMunicipality {
                    prefecture: r.prefecture,
                    name: r.name,
                    towns,
                });
            }
        }
        Ok(out)
    }

    /// Records a data source (replacing an older record of it).
    pub(crate) async fn put_data_source(&self, s: &DataSource) -> Result<()> {
        let txn = self.connection().begin().await?;
        put_source(&txn, s).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Every recorded data source, by id.
    pub async fn data_sources(&self) -> Result<Vec<DataSource>> {
        data_source::Entity::find()
            .order_by_asc(data_source::Column::Id)
            .all(self.connection())
            .await?
            .into_iter()
            .map(|r| serde_json::from_str(&r.doc).map_err(corrupt(&r.id)))
            .collect()
    }

    /// True when real data (anything but the sample) was ever imported: an import or a data
    /// source (addresses, boundaries, listings) is recorded.
    pub async fn has_real_data(&self) -> Result<bool> {
        let runs = import_run::Entity::find()
            .filter(import_run::Column::Source.ne(model::sources::SAMPLE))
            .count(self.connection())
            .await?;
        let sources = data_source::Entity::find()
            .filter(data_source::Column::Id.ne(model::sources::SAMPLE))
            .count(self.connection())
            .await?;
        Ok(runs + sources > 0)
    }

    /// Writes one import whole (see [`ImportWrite`]). `sink` sees each chunk of rows as it is
    /// written; `during_commit` runs once the commit has started, with every written row, while
    /// the database finishes it (on its own thread), and does not see whether it succeeded.
    pub(crate) async fn write_import(
        &self,
        w: ImportWrite<'_>,
        progress: &(dyn Fn(usize) + Sync),
        sink: &mut (dyn FnMut(&[StoredRef<'_>]) + Send),
        during_commit: &mut (dyn FnMut(&[StoredRef<'_>]) + Send),
    ) -> Result<UpsertReport> {
        let txn = self.connection().begin().await?;
        let seq = super::feed::next_seq(&txn).await?;
        let report = upsert_in(&txn, seq, w.records, progress, sink).await?;
        let at = now_ms();
        let mut rows = Vec::new();
        for written in report.written.iter() {
            let Some(changes) = w.changes.get(written.facility.id.as_str()) else {
                continue;
            };
            for c in changes {
                rows.push(change::ActiveModel {
                    id: sea_orm::ActiveValue::NotSet,
                    seq: Set(written.seq),
                    facility_id: Set(written.facility.id.0.clone()),
                    field: Set(c.field.clone()),
                    old: Set(c.old.as_ref().map(serde_json::Value::to_string)),
                    new: Set(c.new.as_ref().map(serde_json::Value::to_string)),
                    actor: Set(format!("import:{}", w.report.source)),
                    kind: Set("import".to_string()),
                    note: Set(None),
                    at_ms: Set(at),
                });
            }
        }
        for chunk in rows.chunks(500) {
            change::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await?;
        }
        queue_reviews(&txn, w.reviews).await?;
        if let Some(s) = w.source {
            put_source(&txn, s).await?;
        }
        if !w.report.source.is_empty() {
            let doc = serde_json::to_string(w.report).map_err(corrupt(&w.report.source))?;
            import_run::Entity::insert(import_run::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                source: Set(w.report.source.clone()),
                finished_at_ms: Set(at),
                doc: Set(doc),
            })
            .exec(&txn)
            .await?;
        }
        // A large write's log is copied into the file after its commit, beside what follows.
        let deferred =
            report.written.len() >= super::upsert::LARGE && self.checkpoints.defer(&txn).await?;
        let committed = overlapped_commit(txn, || during_commit(&report.written.rows())).await;
        if deferred {
            self.checkpoints.resume(&self.db).await?;
        }
        committed?;
        Ok(report)
    }

    /// Writes an area import whole: the areas, the listings placed again, the review queue,
    /// the source and the report.
    pub(crate) async fn write_areas(
        &self,
        areas: &[model::Area],
        records: Vec<Facility>,
        reviews: &[NewReview],
        source: Option<&DataSource>,
        report: &ImportReport,
    ) -> Result<UpsertReport> {
        let txn = self.connection().begin().await?;
        super::upsert_areas_in(&txn, areas).await?;
        let seq = super::feed::next_seq(&txn).await?;
        let written = upsert_in(&txn, seq, records, &|_| {}, &mut |_| {}).await?;
        queue_reviews(&txn, reviews).await?;
        if let Some(s) = source {
            put_source(&txn, s).await?;
        }
        if !report.source.is_empty() {
            let doc = serde_json::to_string(report).map_err(corrupt(&report.source))?;
            import_run::Entity::insert(import_run::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                source: Set(report.source.clone()),
                finished_at_ms: Set(now_ms()),
                doc: Set(doc),
            })
            .exec(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(written)
    }

    /// The latest imports, newest first.
    pub async fn import_runs(&self, limit: u64) -> Result<Vec<ImportRun>> {
        import_run::Entity::find()
            .order_by_desc(import_run::Column::Id)
            .limit(limit)
            .all(self.connection())
            .await?
            .into_iter()
            .map(|r| {
                Ok(ImportRun {
                    id: r.id,
                    at: at(r.finished_at_ms),
                    report: serde_json::from_str(&r.doc).map_err(corrupt(&r.source))?,
                })
            })
            .collect()
    }

    /// Review items: open ones (or all), of one kind (or all), oldest first, paged.
    pub async fn review_items(
        &self,
        open_only: bool,
        kind: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<ReviewItem>> {
        let mut q = review_item::Entity::find();
        if open_only {
            q = q.filter(review_item::Column::ResolvedAtMs.is_null());
        }
        if let Some(k) = kind {
            q = q.filter(review_item::Column::Kind.eq(k));
        }
        q.order_by_asc(review_item::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(self.connection())
            .await?
            .into_iter()
            .map(to_review)
            .collect()
    }

    /// Open review items per kind.
    pub async fn open_review_counts(&self) -> Result<BTreeMap<String, u64>> {
        let rows: Vec<(String, i64)> = review_item::Entity::find()
            .select_only()
            .column(review_item::Column::Kind)
            .column_as(review_item::Column::Id.count(), "n")
            .filter(review_item::Column::ResolvedAtMs.is_null())
            .group_by(review_item::Column::Kind)
            .into_tuple()
            .all(self.connection())
            .await?;
        Ok(rows.into_iter().map(|(k, n)| (k, n as u64)).collect())
    }

    /// The review items of one listing (open first).
    pub async fn reviews_for(&self, facility_id: &str) -> Result<Vec<ReviewItem>> {
        let mut v: Vec<ReviewItem> = review_item::Entity::find()
            .filter(review_item::Column::FacilityId.eq(facility_id))
            .order_by_asc(review_item::Column::Id)
            .all(self.connection())
            .await?
            .into_iter()
            .map(to_review)
            .collect::<Result<_>>()?;
        v.sort_by_key(|r| r.resolved_at.is_some());
        Ok(v)
    }

    /// One review item.
    pub async fn review_item(&self, id: i64) -> Result<ReviewItem> {
        let r = review_item::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or(Error::ReviewNotFound(id))?;
        to_review(r)
    }

    /// Resolves an open review item.
    pub(crate) async fn resolve_review(
        &self,
        id: i64,
        by: &str,
        resolution: &str,
    ) -> Result<ReviewItem> {
        let item = self.review_item(id).await?;
        if item.resolved_at.is_some() {
            return Err(Error::Conflict(format!(
                "review item {id} is already resolved"
            )));
        }
        review_item::Entity::update(review_item::ActiveModel {
            id: Set(id),
            resolved_at_ms: Set(Some(now_ms())),
            resolved_by: Set(Some(by.to_string())),
            resolution: Set(Some(resolution.to_string())),
            ..Default::default()
        })
        .exec(self.connection())
        .await?;
        self.review_item(id).await
    }

    /// Resolves every open item of `kind` for a listing (its position was set by hand, say).
    pub(crate) async fn resolve_reviews_of(
        &self,
        facility_id: &str,
        kind: &str,
        by: &str,
        resolution: &str,
    ) -> Result<u64> {
        let r = review_item::Entity::update_many()
            .col_expr(review_item::Column::ResolvedAtMs, Expr::value(now_ms()))
            .col_expr(review_item::Column::ResolvedBy, Expr::value(by))
            .col_expr(review_item::Column::Resolution, Expr::value(resolution))
            .filter(review_item::Column::FacilityId.eq(facility_id))
            .filter(review_item::Column::Kind.eq(kind))
            .filter(review_item::Column::ResolvedAtMs.is_null())
            .exec(self.connection())
            .await?;
        Ok(r.rows_affected)
    }
}

/// Commits `txn` and runs `work` while the database finishes the commit: the commit's first
/// poll hands it to the database (SQLite's own thread, or the server), then `work` runs on this
/// thread, then the commit is awaited. A large import's commit writes hundreds of megabytes;
/// the caller's work for after it (the text index's segments, the table's rows) need not wait.
async fn overlapped_commit(txn: DatabaseTransaction, work: impl FnOnce() + Send) -> Result<()> {
    let mut commit = std::pin::pin!(txn.commit());
    let first = std::future::poll_fn(|cx| std::task::Poll::Ready(commit.as_mut().poll(cx))).await;
    work();
    match first {
        std::task::Poll::Ready(done) => done?,
        std::task::Poll::Pending => commit.await?,
    }
    Ok(())
}
