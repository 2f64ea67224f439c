//! Applying many written rows at once (an import, a large catch-up).
//!
//! The text index takes the rows on a thread of its own ([`crate::text::bulk`]) — during an
//! import while the store is still writing them — and hands back each row's normalised text
//! for the in-memory bigram lists, so it is normalised once. The table's rows are derived on
//! every core meanwhile; only filing them into the table's indexes runs on one thread, under
//! the write lock.
//!
//! What readers see follows the order of a small write: the text index commits first, then
//! the table changes and the generation moves under one write lock.

use super::Engine;
use super::state::{State, derive_doc};
use super::table::Doc;
use crate::error::{Error, Result};
use crate::store::StoredRef;
use crate::text::bulk::{BulkAdd, MemoryTexts};
use rayon::prelude::*;

/// From this many rows a write takes the bulk path.
pub(crate) const BULK_ROWS: usize = 10_000;

impl Engine {
    /// [`Engine::apply_rows`] for many rows; `known` are the ordinals the table (and so the
    /// text index) already holds.
    pub(super) fn apply_bulk(&self, written: &[StoredRef<'_>], known: &[u32]) -> Result<()> {
        let bulk = self.text.bulk_add();
        bulk.send(written, known.to_vec());
        self.complete_bulk(written, bulk)
    }

    /// Starts a bulk write of the text index for rows the store is about to write; the
    /// store's writer then passes each chunk it wrote to [`Engine::bulk_chunk`], and
    /// [`Engine::complete_bulk`] ends it.
    pub(crate) fn begin_bulk(&self) -> BulkAdd {
        self.text.bulk_add()
    }

    /// Queues a chunk of written rows to the bulk write.
    pub(crate) fn bulk_chunk(&self, bulk: &BulkAdd, rows: &[StoredRef<'_>]) {
        let replaced: Vec<u32> = {
            let st = self.state.read();
            rows.iter()
                .filter(|w| st.docs.get(w.ord as usize).is_some_and(Option::is_some))
                .map(|w| w.ord)
                .collect()
        };
        bulk.send(rows, replaced);
    }

    /// After the store committed `written` (every row sent to `bulk`): derives the table's
    /// rows while the text index finishes, commits it, then files the rows.
    pub(crate) fn complete_bulk(&self, written: &[StoredRef<'_>], bulk: BulkAdd) -> Result<()> {
        let docs = self.derive_rows(written);
        self.complete_derived(written, bulk, docs)
    }

    /// The table's rows of `written` (derived on every core). New area ids are registered now
    /// (an area without listings is invisible to readers), so this may run before the store's
    /// commit is known to have succeeded.
    pub(super) fn derive_rows(&self, written: &[StoredRef<'_>]) -> Vec<Doc> {
        let areas: Vec<Vec<u32>> = {
            let mut st = self.state.write();
            written
                .iter()
                .map(|w| st.area_indexes(w.facility))
                .collect()
        };
        written
            .par_iter()
            .zip(areas)
            .map(|(w, areas)| derive_doc(w.facility, areas))
            .collect()
    }

    /// [`Engine::complete_bulk`] with the rows already derived ([`Engine::derive_rows`]).
    pub(super) fn complete_derived(
        &self,
        written: &[StoredRef<'_>],
        bulk: BulkAdd,
        docs: Vec<Doc>,
    ) -> Result<()> {
        let texts = bulk.commit()?;
        // The text index took the rows in the order the store wrote them, each once.
        let same_rows = texts.len() == written.len()
            && texts.iter().zip(written).all(|((o, _), w)| *o == w.ord);
        if !same_rows {
            return Err(Error::Text(tantivy::TantivyError::SystemError(format!(
                "bulk write: the text index took {} rows, the store wrote {}",
                texts.len(),
                written.len()
            ))));
        }
        self.file_rows(written, docs, texts);
        Ok(())
    }

    /// Files derived rows and their text into the table and moves the generation.
    fn file_rows(&self, written: &[StoredRef<'_>], docs: Vec<Doc>, texts: MemoryTexts) {
        let mut st = self.state.write();
        let ords: Vec<u32> = written.iter().map(|w| w.ord).collect();
        st.remove_rows(&ords);
        // The bigram lists share nothing with the rest of the table: they are built on one
        // core while the rows are filed, the R-tree loaded and the orders sorted on the other.
        let mut grams = std::mem::take(&mut st.grams);
        let table: &mut State = &mut st;
        rayon::join(
            || {
                for (w, (_, text)) in written.iter().zip(texts) {
                    grams.push(w.ord, &text);
                }
                grams.finish();
            },
            || {
                for (w, doc) in written.iter().zip(docs) {
                    table.place(w.ord, w.seq, doc, false);
                }
                table.finish_bulk();
            },
        );
        st.grams = grams;
        let ords: Vec<u32> = written.iter().map(|w| w.ord).collect();
        self.follow_words(&st, &ords);
        self.bump();
    }
}
