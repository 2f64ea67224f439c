//! Reading the store by ordinal and change sequence: what an engine opened from its snapshot
//! compares with what the store holds now (see the engine's `snapshot` module).

use super::entity::facility;
use super::{Store, StoredFacility, to_stored};
use crate::error::Result;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};

/// How many rows, and the sums of their change sequences and ordinals: two sets of rows with
/// the same summary hold (short of a contrived coincidence) the same rows at the same versions.
/// The store, the text index and an engine's table each give theirs, so an engine opened from
/// its snapshot checks that all three agree without listing every row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowSummary {
    /// Rows.
    pub rows: u64,
    /// Sum of their change sequences.
    pub seqs: i64,
    /// Sum of their ordinals.
    pub ords: i64,
}

impl RowSummary {
    /// Adds one row.
    pub fn add(&mut self, ord: u32, seq: i64) {
        self.rows += 1;
        self.seqs = self.seqs.wrapping_add(seq);
        self.ords = self.ords.wrapping_add(i64::from(ord));
    }
}

impl Store {
    /// The [`RowSummary`] of the listings written up to sequence `head` (an index on the
    /// sequence answers it without reading the records).
    pub async fn facility_summary(&self, head: i64) -> Result<RowSummary> {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    sea_orm::DbBackend::Postgres => {
                        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(seq), 0) AS BIGINT) AS s, \
                         CAST(COALESCE(SUM(ord), 0) AS BIGINT) AS o FROM facility WHERE seq <= $1"
                    }
                    _ => {
                        "SELECT COUNT(*) AS n, COALESCE(SUM(seq), 0) AS s, \
                         COALESCE(SUM(ord), 0) AS o FROM facility WHERE seq <= ?"
                    }
                },
                [head.into()],
            ))
            .await?;
        Ok(match row {
            Some(r) => RowSummary {
                rows: r.try_get::<i64>("", "n")? as u64,
                seqs: r.try_get("", "s")?,
                ords: r.try_get("", "o")?,
            },
            None => RowSummary::default(),
        })
    }

    /// How many listings were written after sequence `after` (up to `head`).
    pub async fn count_written_between(&self, after: i64, head: i64) -> Result<u64> {
        use sea_orm::PaginatorTrait;
        Ok(facility::Entity::find()
            .filter(facility::Column::Seq.gt(after))
            .filter(facility::Column::Seq.lte(head))
            .count(&self.db)
            .await?)
    }

    /// Every facility's ordinal and change sequence, by ordinal (two integers a row: a
    /// fraction of reading the records).
    pub async fn facility_seqs(&self) -> Result<Vec<(u32, i64)>> {
        let rows: Vec<(i64, i64)> = facility::Entity::find()
            .select_only()
            .column(facility::Column::Ord)
            .column(facility::Column::Seq)
            .order_by_asc(facility::Column::Ord)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|(o, s)| (o as u32, s)).collect())
    }

    /// The facilities with these ordinals, by ordinal (ordinals the store lacks are left out).
    pub async fn facilities_by_ord(&self, ords: &[u32]) -> Result<Vec<StoredFacility>> {
        let mut out = Vec::with_capacity(ords.len());
        for chunk in ords.chunks(500) {
            let rows = facility::Entity::find()
                .filter(facility::Column::Ord.is_in(chunk.iter().map(|o| i64::from(*o))))
                .order_by_asc(facility::Column::Ord)
                .all(&self.db)
                .await?;
            for r in rows {
                out.push(to_stored(r)?);
            }
        }
        out.sort_unstable_by_key(|r| r.ord);
        Ok(out)
    }
}
