//! Writing facility rows: the one upsert every write goes through (an editor's save, an import
//! of half a million listings).
//!
//! Inserts are written as multi-row `INSERT … RETURNING` statements whose text depends only on
//! the number of rows, so the database prepares each shape once and no query builder runs per
//! row; the ordinals the database assigns come back with them. The records' JSON documents are
//! serialised on every core first. Rows that already exist are compared by their document; a
//! chunk's changed ones are updated together, in one statement found by ordinal
//! ([`update_sql`]).

use super::{StoredRef, UpsertReport, Written, corrupt, now_ms};
use crate::error::{Error, Result};
use model::Facility;
use rayon::prelude::*;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement, Value};
use std::collections::HashMap;

/// Rows per statement: 500 × 11 parameters stays below SQLite's and PostgreSQL's limits.
const CHUNK: usize = 500;
/// From this many records a write is large (see `upsert_in`).
pub(super) const LARGE: usize = 10_000;

/// The stored columns besides the ordinal, in statement order.
const COLUMNS: [&str; 11] = [
    "id",
    "name",
    "category",
    "service",
    "municipality_code",
    "status",
    "lat",
    "lng",
    "seq",
    "updated_at_ms",
    "doc",
];

/// The values of [`COLUMNS`] but the last (the document) for one record.
fn values(f: &Facility, seq: i64, now: i64) -> Vec<Value> {
    vec![
        f.id.0.clone().into(),
        f.name.clone().into(),
        f.category.clone().into(),
        f.services.first().cloned().unwrap_or_default().into(),
        f.municipality_code.clone().into(),
        f.status.code().to_string().into(),
        f.location.map(|l| l.lat).into(),
        f.location.map(|l| l.lng).into(),
        seq.into(),
        now.into(),
    ]
}

/// The n-th placeholder (from 1) of the backend.
fn placeholder(backend: DbBackend, n: usize, out: &mut String) {
    use std::fmt::Write;
    match backend {
        DbBackend::Postgres => {
            let _ = write!(out, "${n}");
        }
        _ => out.push('?'),
    }
}

/// Appends `(…), (…), …`: `rows` rows of `columns` placeholders, numbered from 1 (the
/// statement's only parameters).
fn push_rows(backend: DbBackend, rows: usize, columns: usize, sql: &mut String) {
    let mut n = 0;
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            placeholder(backend, n, sql);
        }
        sql.push(')');
    }
}

/// `INSERT INTO facility (…) VALUES (…), … RETURNING ord, id` for `rows` rows.
/// A multi-row insert; `explicit_ord`: the rows carry their ordinal (first column), else the
/// database gives it and the statement returns it.
fn insert_sql(backend: DbBackend, rows: usize, explicit_ord: bool) -> String {
    let columns = COLUMNS.len() + usize::from(explicit_ord);
    let mut sql = if explicit_ord {
        format!("INSERT INTO facility (ord, {}) VALUES ", COLUMNS.join(", "))
    } else {
        format!("INSERT INTO facility ({}) VALUES ", COLUMNS.join(", "))
    };
    push_rows(backend, rows, columns, &mut sql);
    if !explicit_ord {
        sql.push_str(" RETURNING ord, id");
    }
    sql
}

/// On SQLite the writer numbers new rows itself: its transaction already holds the database's
/// one write lock (the feed's head was moved first), so the next ordinal cannot be taken by
/// anyone else, and no rows need to come back. `AUTOINCREMENT`'s counter follows explicit
/// ordinals, and is read too so that an ordinal of a removed row is never given again.
async fn first_free_ord(txn: &DatabaseTransaction) -> Result<i64> {
    let row = txn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'facility'), 0), \
             COALESCE((SELECT MAX(ord) FROM facility), 0)) AS n",
        ))
        .await?;
    Ok(row.map_or(Ok(0), |r| r.try_get::<i64>("", "n"))? + 1)
}

/// `WITH v (ord, <COLUMNS>) AS (VALUES (…), …) UPDATE facility SET <each> = v.<each> FROM v
/// WHERE facility.ord = v.ord` for `rows` rows (each its ordinal, then [`COLUMNS`]): a chunk's
/// changed listings in one statement, found by ordinal (SQLite 3.33 and PostgreSQL both read
/// it; SQLite walks the rows and looks each listing up by its rowid). One statement per row
/// made a national re-import that changes every listing wait on 500,000 round trips.
fn update_sql(backend: DbBackend, rows: usize) -> String {
    let mut sql = format!("WITH v (ord, {}) AS (VALUES ", COLUMNS.join(", "));
    push_rows(backend, rows, COLUMNS.len() + 1, &mut sql);
    sql.push_str(") UPDATE facility SET ");
    for (i, c) in COLUMNS.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(c);
        sql.push_str(" = v.");
        sql.push_str(c);
    }
    sql.push_str(" FROM v WHERE facility.ord = v.ord");
    sql
}

/// `SELECT id, ord, doc FROM facility WHERE id IN (…)` for `ids` ids.
fn existing_sql(backend: DbBackend, ids: usize) -> String {
    let mut sql = String::from("SELECT id, ord, doc FROM facility WHERE id IN (");
    for n in 1..=ids {
        if n > 1 {
            sql.push_str(", ");
        }
        placeholder(backend, n, &mut sql);
    }
    sql.push(')');
    sql
}

/// Upserts inside an open transaction: new ids are inserted, changed records replace their
/// row (keeping its ordinal), identical ones are left alone. Later records with the same id
/// win, as a re-import would. `seq` is the transaction's change sequence
/// ([`super::feed::next_seq`], taken before anything the write depends on was read).
/// `sink` sees each chunk of written rows (with their ordinals) as soon as it is written,
/// before the transaction commits.
pub(crate) async fn upsert_in(
    txn: &DatabaseTransaction,
    seq: i64,
    records: Vec<Facility>,
    progress: &(dyn Fn(usize) + Sync),
    sink: &mut (dyn FnMut(&[StoredRef<'_>]) + Send),
) -> Result<UpsertReport> {
    let now = now_ms();
    let backend = txn.get_database_backend();
    let mut report = UpsertReport::default();
    let records = last_of_each_id(records);
    // Each record's document and column values, on every core.
    let prepared: Vec<(String, Vec<Value>)> = records
        .par_iter()
        .map(|f| {
            let doc = document(f)?;
            Ok((doc, values(f, seq, now)))
        })
        .collect::<Result<_>>()?;
    let large = records.len() >= LARGE;
    if large && backend == DbBackend::Sqlite {
        // Half a million rows overflow SQLite's default page cache (2 MB) many times over,
        // and every overflow writes pages to the log it must then search. Up to 1 GB (pages
        // are taken as used; 500k listings fill about 450 MB): at 256 MB a 500k import still
        // spilled, with half again as many writes and twice the reads.
        txn.execute_unprepared("PRAGMA cache_size = -1048576")
            .await?;
    }
    // An empty table (a first import) has nothing to compare with.
    let empty = txn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT ord FROM facility LIMIT 1",
        ))
        .await?
        .is_none();
    let explicit_ord = backend == DbBackend::Sqlite;
    let mut next_ord = if explicit_ord {
        first_free_ord(txn).await?
    } else {
        0
    };
    // Each record's ordinal once written (None: unchanged); the records stay where they are.
    let mut ords: Vec<Option<u32>> = Vec::with_capacity(records.len());
    let mut prepared = prepared.into_iter();
    for chunk in records.chunks(CHUNK) {
        let from = ords.len();
        let existing: HashMap<String, (i64, String)> = if empty {
            HashMap::new()
        } else {
            let ids: Vec<Value> = chunk.iter().map(|f| f.id.0.clone().into()).collect();
            txn.query_all_raw(Statement::from_sql_and_values(
                backend,
                existing_sql(backend, ids.len()),
                ids,
            ))
            .await?
            .into_iter()
            .map(|r| {
                Ok((
                    r.try_get::<String>("", "id")?,
                    (
                        r.try_get::<i64>("", "ord")?,
                        r.try_get::<String>("", "doc")?,
                    ),
                ))
            })
            .collect::<Result<_>>()?
        };
        // The chunk's new records (their positions in it) and their columns.
        let mut inserts: Vec<usize> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        // The chunk's changed records: their ordinals and columns, and how many.
        let mut updates: Vec<Value> = Vec::new();
        let mut updated = 0;
        for (k, (f, (doc, columns_but_doc))) in chunk.iter().zip(prepared.by_ref()).enumerate() {
            match existing.get(f.id.as_str()) {
                Some((_, old)) if *old == doc => {
                    report.unchanged += 1;
                    ords.push(None);
                }
                Some((ord, _)) => {
                    updates.push((*ord).into());
                    updates.extend(columns_but_doc);
                    updates.push(doc.into());
                    updated += 1;
                    ords.push(Some(*ord as u32));
                }
                None => {
                    if explicit_ord {
                        params.push(next_ord.into());
                        next_ord += 1;
                    }
                    params.extend(columns_but_doc);
                    params.push(doc.into());
                    inserts.push(k);
                    ords.push(None);
                }
            }
        }
        if updated > 0 {
            let done = txn
                .execute_raw(Statement::from_sql_and_values(
                    backend,
                    update_sql(backend, updated),
                    updates,
                ))
                .await?
                .rows_affected();
            if done != updated as u64 {
                return Err(Error::Store(sea_orm::DbErr::Custom(format!(
                    "updated {done} listings of {updated}"
                ))));
            }
            report.updated += updated;
        }
        if !inserts.is_empty() {
            let sql = insert_sql(backend, inserts.len(), explicit_ord);
            let statement = Statement::from_sql_and_values(backend, sql, params);
            report.inserted += inserts.len();
            if explicit_ord {
                txn.execute_raw(statement).await?;
                let first = next_ord - inserts.len() as i64;
                for (i, k) in inserts.into_iter().enumerate() {
                    ords[from + k] = Some((first + i as i64) as u32);
                }
            } else {
                let returned: HashMap<String, i64> = txn
                    .query_all_raw(statement)
                    .await?
                    .into_iter()
                    .map(|r| Ok((r.try_get::<String>("", "id")?, r.try_get::<i64>("", "ord")?)))
                    .collect::<Result<_>>()?;
                for k in inserts {
                    let ord = returned.get(chunk[k].id.as_str()).copied();
                    ords[from + k] = Some(ord.unwrap_or_default() as u32);
                }
            }
        }
        let rows: Vec<StoredRef<'_>> = chunk
            .iter()
            .zip(&ords[from..])
            .filter_map(|(facility, ord)| ord.map(|ord| StoredRef { ord, seq, facility }))
            .collect();
        sink(&rows);
        progress(report.inserted + report.updated + report.unchanged);
    }
    // The written records, in their order, without the unchanged ones.
    let mut records = records;
    if report.unchanged > 0 {
        let mut i = 0;
        records.retain(|_| {
            i += 1;
            ords[i - 1].is_some()
        });
    }
    report.written = Written::new(records, ords.into_iter().flatten().collect(), seq);
    if large && backend == DbBackend::Sqlite {
        // The connection goes back to the pool: its cache back to the default.
        txn.execute_unprepared("PRAGMA cache_size = -2000").await?;
    }
    Ok(report)
}

/// A facility's stored document, in a string of its own length ([`crate::json_buffer`]: a
/// national import writes a quarter of a gigabyte of documents).
fn document(f: &Facility) -> Result<String> {
    crate::json_buffer::with_json(f, str::to_string).map_err(corrupt(f.id.as_str()))
}

/// The records with the last one of each id, in the order of those last ones.
fn last_of_each_id(records: Vec<Facility>) -> Vec<Facility> {
    let mut latest: rustc_hash::FxHashMap<&str, usize> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(records.len(), Default::default());
    for (i, r) in records.iter().enumerate() {
        latest.insert(r.id.as_str(), i);
    }
    if latest.len() == records.len() {
        return records;
    }
    let mut keep = vec![false; records.len()];
    for &i in latest.values() {
        keep[i] = true;
    }
    records
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_number_their_placeholders_per_backend() {
        assert_eq!(
            existing_sql(DbBackend::Postgres, 2),
            "SELECT id, ord, doc FROM facility WHERE id IN ($1, $2)"
        );
        assert_eq!(
            existing_sql(DbBackend::Sqlite, 2),
            "SELECT id, ord, doc FROM facility WHERE id IN (?, ?)"
        );
        let pg = insert_sql(DbBackend::Postgres, 2, false);
        assert!(pg.ends_with(
            "($12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING ord, id"
        ));
        let sqlite = insert_sql(DbBackend::Sqlite, 3, true);
        assert!(sqlite.starts_with("INSERT INTO facility (ord, id, name,"));
        assert_eq!(sqlite.matches('?').count(), 36);
        assert!(!sqlite.contains("RETURNING"));
        let pg = update_sql(DbBackend::Postgres, 2);
        assert!(pg.starts_with("WITH v (ord, id, name,"));
        assert!(pg.contains("($13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24))"));
        assert!(pg.ends_with("doc = v.doc FROM v WHERE facility.ord = v.ord"));
        assert_eq!(update_sql(DbBackend::Sqlite, 3).matches('?').count(), 36);
    }
}
