//! The record store (sea-orm): SQLite file in the data dir by default, PostgreSQL when the
//! database URL says `postgres://`. Every write is one transaction; facility rows carry a change
//! sequence (`seq`) that the text index records, so index and store can be reconciled after a
//! crash (see [`crate::engine`]).

pub mod account_lifecycle;
pub mod accounts;
pub mod campaigns;
pub mod changes;
mod checkpoint;
pub mod entity;
pub mod feed;
pub mod imports;
pub mod login_failures;
pub mod migration;
pub mod populations;
pub mod requests;
mod sequences;
mod upsert;
pub use sequences::RowSummary;
pub(crate) use upsert::upsert_in;
#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use entity::{area, facility};
use model::{Area, Facility};
use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::path::Path;

/// A facility as stored: its ordinal, its change sequence and the record.
#[derive(Debug, Clone)]
pub struct StoredFacility {
    /// Engine ordinal (store primary key).
    pub ord: u32,
    /// Change sequence of the last write.
    pub seq: i64,
    /// The record.
    pub facility: Facility,
}

impl StoredFacility {
    /// The row, borrowed.
    pub fn borrowed(&self) -> StoredRef<'_> {
        StoredRef {
            ord: self.ord,
            seq: self.seq,
            facility: &self.facility,
        }
    }
}

/// A stored facility whose record is held elsewhere: what applying written rows reads, whether
/// they were read back from the store ([`StoredFacility::borrowed`]) or just written
/// ([`Written::rows`]).
#[derive(Debug, Clone, Copy)]
pub struct StoredRef<'a> {
    /// Engine ordinal (store primary key).
    pub ord: u32,
    /// Change sequence of the last write.
    pub seq: i64,
    /// The record.
    pub facility: &'a Facility,
}

/// The records an upsert wrote (new or changed), in the order given, with their ordinals; one
/// change sequence for all. The records stay in the vector they were handed in: a national
/// import does not copy half a gigabyte of listings into a second one.
#[derive(Debug, Clone, Default)]
pub struct Written {
    facilities: Vec<Facility>,
    ords: Vec<u32>,
    seq: i64,
}

impl Written {
    /// The rows of `facilities` (ordinals in the same order) written under `seq`.
    pub(crate) fn new(facilities: Vec<Facility>, ords: Vec<u32>, seq: i64) -> Written {
        debug_assert_eq!(facilities.len(), ords.len());
        Written {
            facilities,
            ords,
            seq,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.facilities.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.facilities.is_empty()
    }

    /// The rows, borrowed.
    pub fn iter(&self) -> impl Iterator<Item = StoredRef<'_>> {
        self.facilities
            .iter()
            .zip(&self.ords)
            .map(|(facility, &ord)| StoredRef {
                ord,
                seq: self.seq,
                facility,
            })
    }

    /// The rows, borrowed, as a list.
    pub fn rows(&self) -> Vec<StoredRef<'_>> {
        self.iter().collect()
    }

    /// The rows, owned.
    pub fn into_stored(self) -> impl Iterator<Item = StoredFacility> {
        let seq = self.seq;
        self.facilities
            .into_iter()
            .zip(self.ords)
            .map(move |(facility, ord)| StoredFacility { ord, seq, facility })
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Default)]
pub struct UpsertReport {
    /// New rows.
    pub inserted: usize,
    /// Changed rows.
    pub updated: usize,
    /// Rows identical to what was stored.
    pub unchanged: usize,
    /// The records written (new or changed), with their ordinal and sequence.
    pub written: Written,
}

/// The database URL used when none is configured: a SQLite file in the data dir.
pub fn default_database_url(data_dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("caremap.db").display()
    )
}

/// Handle to the database.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    checkpoints: std::sync::Arc<checkpoint::Checkpoints>,
}

pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn corrupt(id: &str) -> impl FnOnce(serde_json::Error) -> Error + '_ {
    move |source| Error::Corrupt {
        id: id.to_string(),
        source,
    }
}

impl Store {
    /// Connects and runs pending migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        let mut opts = ConnectOptions::new(url.to_string());
        opts.sqlx_logging(false);
        if url.starts_with("sqlite:") {
            // One connection: SQLite serialises writers anyway, and a single connection keeps
            // in-memory databases (tests) alive and visible to every query.
            opts.max_connections(1).min_connections(1);
        } else {
            // A database that does not answer is reported within seconds (503 to the
            // client), never waited for: reads are served from memory meanwhile.
            opts.max_connections(8)
                .connect_timeout(std::time::Duration::from_secs(2))
                .acquire_timeout(std::time::Duration::from_secs(2));
        }
        let db = Database::connect(opts).await?;
        if url.starts_with("sqlite:") {
            // 8 KiB pages: a listing's row is about 900 bytes, so a page holds nine instead of
            // four, and a national import writes fewer, fuller pages (about a tenth less of
            // SQLite's own work, 4 % less file). Takes effect when the file is created (before
            // its first table, and before the log mode is set); an existing store keeps its own.
            db.execute_unprepared(
                "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; \
                 PRAGMA foreign_keys=ON;",
            )
            .await?;
        }
        if url.starts_with("sqlite:") {
            migration::Migrator::up(&db, None).await?;
        } else {
            // Servers started together on a new database migrate one after the other: the
            // first does the work, the others find it done.
            let txn = db.begin().await?;
            txn.execute_unprepared("SELECT pg_advisory_xact_lock(7410501)")
                .await?;
            migration::Migrator::up(&txn, None).await?;
            txn.commit().await?;
        }
        Ok(Store {
            db,
            checkpoints: std::sync::Arc::new(checkpoint::Checkpoints::for_url(url)),
        })
    }

    /// Closes the connections (after [`Store::settle`]).
    pub async fn close(self) -> Result<()> {
        self.settle().await;
        self.db.close().await?;
        Ok(())
    }

    /// Waits for work a write left running in the background (the copy of a large write's
    /// log into the SQLite file, see `checkpoint`): before the process exits.
    pub async fn settle(&self) {
        self.checkpoints.settle().await;
    }

    /// The underlying connection.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Number of facility rows.
    pub async fn count_facilities(&self) -> Result<u64> {
        use sea_orm::PaginatorTrait;
        Ok(facility::Entity::find().count(&self.db).await?)
    }

    /// Inserts or updates facilities by id in one transaction: all or nothing.
    #[cfg(test)]
    pub(crate) async fn upsert_facilities(&self, records: &[Facility]) -> Result<UpsertReport> {
        self.upsert_facilities_with_progress(records.to_vec(), &|_| {})
            .await
    }

    /// [`Store::upsert_facilities`] reporting how many records have been written so far.
    pub(crate) async fn upsert_facilities_with_progress(
        &self,
        records: Vec<Facility>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<UpsertReport> {
        let txn = self.db.begin().await?;
        let seq = feed::next_seq(&txn).await?;
        let report = upsert_in(&txn, seq, records, progress, &mut |_| {}).await?;
        txn.commit().await?;
        Ok(report)
    }

    /// Reads one facility by id.
    pub async fn get_facility(&self, id: &str) -> Result<Option<StoredFacility>> {
        let row = facility::Entity::find()
            .filter(facility::Column::Id.eq(id))
            .one(&self.db)
            .await?;
        row.map(to_stored).transpose()
    }

    /// Reads several facilities by id in a few queries (unknown ids are left out, order is
    /// the store's).
    pub async fn get_facilities(&self, ids: &[&str]) -> Result<Vec<StoredFacility>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let rows = facility::Entity::find()
                .filter(facility::Column::Id.is_in(chunk.iter().copied()))
                .all(&self.db)
                .await?;
            for r in rows {
                out.push(to_stored(r)?);
            }
        }
        Ok(out)
    }

    /// Deletes facilities by id in one transaction; returns the ordinals removed.
    pub(crate) async fn delete_facilities(&self, ids: &[String]) -> Result<Vec<u32>> {
        let txn = self.db.begin().await?;
        let rows: Vec<(i64, String)> = facility::Entity::find()
            .select_only()
            .columns([facility::Column::Ord, facility::Column::Id])
            .filter(facility::Column::Id.is_in(ids.iter().cloned()))
            .into_tuple()
            .all(&txn)
            .await?;
        if rows.len() != ids.len() {
            let found: Vec<&String> = rows.iter().map(|(_, id)| id).collect();
            if let Some(missing) = ids.iter().find(|i| !found.contains(i)) {
                return Err(Error::NotFound(missing.clone()));
            }
        }
        facility::Entity::delete_many()
            .filter(facility::Column::Id.is_in(ids.iter().cloned()))
            .exec(&txn)
            .await?;
        let ords: Vec<u32> = rows.into_iter().map(|(o, _)| o as u32).collect();
        let seq = feed::next_seq(&txn).await?;
        feed::record_removed(&txn, seq, &ords).await?;
        txn.commit().await?;
        Ok(ords)
    }

    /// Visits every facility in ordinal order, in pages, without loading all rows at once.
    pub async fn for_each_facility(&self, mut f: impl FnMut(StoredFacility)) -> Result<()> {
        self.for_each_facility_page(|page| page.into_iter().for_each(&mut f))
            .await
    }

    /// Visits every facility in ordinal order a page (5,000) at a time; each page's listings
    /// are read from their JSON on every core (most of the cost of reading them).
    pub async fn for_each_facility_page(
        &self,
        mut f: impl FnMut(Vec<StoredFacility>),
    ) -> Result<()> {
        use rayon::prelude::*;
        // The database reads the next page while this one is handled.
        let page_after = |last: i64| {
            let db = self.db.clone();
            tokio::spawn(async move {
                facility::Entity::find()
                    .filter(facility::Column::Ord.gt(last))
                    .order_by_asc(facility::Column::Ord)
                    .limit(5_000)
                    .all(&db)
                    .await
            })
        };
        let mut next = page_after(0);
        loop {
            let rows = next.await.map_err(|e| {
                Error::Store(sea_orm::DbErr::Custom(format!("reading a page: {e}")))
            })??;
            let Some(tail) = rows.last() else { break };
            next = page_after(tail.ord);
            let page: Vec<Result<StoredFacility>> = rows.into_par_iter().map(to_stored).collect();
            // The first damaged row in ordinal order is the one reported.
            f(page.into_iter().collect::<Result<_>>()?);
        }
        Ok(())
    }

    /// All facilities in ordinal order.
    pub async fn all_facilities(&self) -> Result<Vec<StoredFacility>> {
        let mut out = Vec::new();
        self.for_each_facility(|s| out.push(s)).await?;
        Ok(out)
    }

    /// Inserts or replaces areas by id in one transaction.
    #[cfg(test)]
    pub(crate) async fn upsert_areas(&self, areas: &[Area]) -> Result<()> {
        let txn = self.db.begin().await?;
        upsert_areas_in(&txn, areas).await?;
        txn.commit().await?;
        Ok(())
    }

    /// All areas, by id.
    pub async fn all_areas(&self) -> Result<Vec<Area>> {
        let rows = area::Entity::find()
            .order_by_asc(area::Column::Id)
            .all(&self.db)
            .await?;
        rows.into_iter()
            .map(|r| serde_json::from_str(&r.doc).map_err(corrupt(&r.id)))
            .collect()
    }

    /// The highest change sequence written so far (0 for an empty store).
    pub async fn max_seq(&self) -> Result<i64> {
        max_seq_in(&self.db).await
    }
}

/// Inserts or replaces areas by id inside an open transaction.
pub(crate) async fn upsert_areas_in(txn: &DatabaseTransaction, areas: &[Area]) -> Result<()> {
    feed::record_reload(txn, feed::Reload::Areas).await?;
    for a in areas {
        let doc = serde_json::to_string(a).map_err(corrupt(&a.id))?;
        let kind = serde_json::to_value(a.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        let m = area::ActiveModel {
            id: Set(a.id.clone()),
            kind: Set(kind.unwrap_or_default()),
            name: Set(a.name.clone()),
            municipality_code: Set(a.municipality_code.clone()),
            doc: Set(doc),
        };
        area::Entity::delete_by_id(a.id.clone()).exec(txn).await?;
        area::Entity::insert(m).exec(txn).await?;
    }
    Ok(())
}

async fn max_seq_in(db: &impl ConnectionTrait) -> Result<i64> {
    let max: Option<Option<i64>> = facility::Entity::find()
        .select_only()
        .column_as(Expr::col(facility::Column::Seq).max(), "m")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().unwrap_or(0))
}

fn to_stored(r: facility::Model) -> Result<StoredFacility> {
    let facility = serde_json::from_str(&r.doc).map_err(corrupt(&r.id))?;
    Ok(StoredFacility {
        ord: r.ord as u32,
        seq: r.seq,
        facility,
    })
}
