//! The record store (sea-orm): SQLite file in the data dir by default, PostgreSQL when the
//! database URL says `postgres://`. Every write is one transaction; facility rows carry a change
//! sequence (`seq`) that the text index records, so index and store can be reconciled after a
//! crash (see [`crate::engine`]).

pub mod account_lifecycle;
pub mod accounts;
pub mod campaigns;
pub mod changes;
pub mod entity;
pub mod feed;
pub mod imports;
pub mod login_failures;
pub mod migration;
pub mod requests;
mod sequences;
pub use sequences::RowSummary;
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
use std::collections::HashMap;
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
    pub written: Vec<StoredFacility>,
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
            db.execute_unprepared(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
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
        Ok(Store { db })
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
        self.upsert_facilities_with_progress(records, &|_| {}).await
    }

    /// [`Store::upsert_facilities`] reporting how many records have been written so far.
    pub(crate) async fn upsert_facilities_with_progress(
        &self,
        records: &[Facility],
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<UpsertReport> {
        let txn = self.db.begin().await?;
        let seq = feed::next_seq(&txn).await?;
        let report = upsert_in(&txn, seq, records, progress).await?;
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
        let mut last = 0i64;
        loop {
            let rows = facility::Entity::find()
                .filter(facility::Column::Ord.gt(last))
                .order_by_asc(facility::Column::Ord)
                .limit(5_000)
                .all(&self.db)
                .await?;
            let Some(tail) = rows.last() else { break };
            last = tail.ord;
            for r in rows {
                f(to_stored(r)?);
            }
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

fn columns(f: &Facility, doc: String, seq: i64, now: i64) -> facility::ActiveModel {
    facility::ActiveModel {
        ord: sea_orm::ActiveValue::NotSet,
        id: Set(f.id.0.clone()),
        name: Set(f.name.clone()),
        category: Set(f.category.clone()),
        service: Set(f.services.first().cloned().unwrap_or_default()),
        municipality_code: Set(f.municipality_code.clone()),
        status: Set(f.status.code().to_string()),
        lat: Set(f.location.map(|l| l.lat)),
        lng: Set(f.location.map(|l| l.lng)),
        seq: Set(seq),
        updated_at_ms: Set(now),
        doc: Set(doc),
    }
}

/// Upserts inside an open transaction (used by imports that also write areas).
/// `seq` is the transaction's change sequence ([`feed::next_seq`], taken before anything the
/// write depends on was read).
pub(crate) async fn upsert_in(
    txn: &DatabaseTransaction,
    seq: i64,
    records: &[Facility],
    progress: &(dyn Fn(usize) + Sync),
) -> Result<UpsertReport> {
    let now = now_ms();
    let mut report = UpsertReport::default();
    // Later records with the same id win, as a re-import would.
    let mut latest: HashMap<&str, usize> = HashMap::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        latest.insert(r.id.as_str(), i);
    }
    let mut order: Vec<usize> = latest.values().copied().collect();
    order.sort_unstable();
    for chunk in order.chunks(500) {
        let ids: Vec<String> = chunk.iter().map(|&i| records[i].id.0.clone()).collect();
        let existing: HashMap<String, (i64, String)> = facility::Entity::find()
            .select_only()
            .columns([
                facility::Column::Id,
                facility::Column::Ord,
                facility::Column::Doc,
            ])
            .filter(facility::Column::Id.is_in(ids))
            .into_tuple::<(String, i64, String)>()
            .all(txn)
            .await?
            .into_iter()
            .map(|(id, ord, doc)| (id, (ord, doc)))
            .collect();
        let mut inserts = Vec::new();
        let mut inserted_records = Vec::new();
        for &i in chunk {
            let f = &records[i];
            let doc = serde_json::to_string(f).map_err(corrupt(f.id.as_str()))?;
            match existing.get(f.id.as_str()) {
                Some((_, old)) if *old == doc => report.unchanged += 1,
                Some((ord, _)) => {
                    let mut m = columns(f, doc, seq, now);
                    m.ord = Set(*ord);
                    facility::Entity::update(m).exec(txn).await?;
                    report.updated += 1;
                    report.written.push(StoredFacility {
                        ord: *ord as u32,
                        seq,
                        facility: f.clone(),
                    });
                }
                None => {
                    inserts.push(columns(f, doc, seq, now));
                    inserted_records.push(f);
                }
            }
        }
        if !inserts.is_empty() {
            report.inserted += inserts.len();
            facility::Entity::insert_many(inserts).exec(txn).await?;
            // Read back the ordinals the database assigned.
            let ids: Vec<String> = inserted_records.iter().map(|f| f.id.0.clone()).collect();
            let ords: HashMap<String, i64> = facility::Entity::find()
                .select_only()
                .columns([facility::Column::Id, facility::Column::Ord])
                .filter(facility::Column::Id.is_in(ids))
                .into_tuple::<(String, i64)>()
                .all(txn)
                .await?
                .into_iter()
                .collect();
            for f in inserted_records {
                let ord = ords.get(f.id.as_str()).copied().unwrap_or_default();
                report.written.push(StoredFacility {
                    ord: ord as u32,
                    seq,
                    facility: f.clone(),
                });
            }
        }
        progress(report.inserted + report.updated + report.unchanged);
    }
    Ok(report)
}
