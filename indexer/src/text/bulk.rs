//! Indexing a large write while the store is still writing it.
//!
//! A national import writes half a million rows into the store in one transaction, which is
//! mostly the database's own thread; the text index's work (normalising, then tantivy's two
//! indexing threads) would otherwise wait for it. [`BulkAdd`] takes each chunk of rows as soon
//! as the store has given them their ordinals and indexes them on a thread of its own; nothing
//! becomes visible until [`BulkAdd::commit`], which the caller calls only after the store's
//! transaction committed. [`BulkAdd::prepare`] lets tantivy finish its segments while the
//! store commits (the durable step that follows is small). Dropped without a commit, the
//! writer rolls back.

use super::{TextIndex, TextSource};
use crate::error::{Error, Result};
use crate::store::StoredRef;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;
use tantivy::Term;

enum Msg {
    /// Rows' text to index; `replaced` are ordinals whose documents they replace.
    Rows {
        rows: Vec<TextSource>,
        replaced: Vec<u32>,
    },
    /// Everything is sent: finish the segments, then wait for the commit or the abandon.
    Prepare,
    Commit,
}

/// The searchable text of every indexed row, by ordinal, as [`TextDoc::memory_text`] gives it
/// (what the in-memory bigram lists hold), so the table need not normalise it again.
pub type MemoryTexts = Vec<(u32, String)>;

/// A bulk write of the text index in progress (see the module documentation).
pub struct BulkAdd {
    to: Option<SyncSender<Msg>>,
    worker: Option<JoinHandle<Result<MemoryTexts>>>,
    index: Arc<TextIndex>,
}

impl TextIndex {
    /// Starts a bulk write on a thread of its own; the writer indexes on two threads.
    pub fn bulk_add(self: &Arc<Self>) -> BulkAdd {
        // A few chunks in flight keep the indexer busy without holding the whole import twice.
        let (to, from) = sync_channel(8);
        let index = self.clone();
        let worker = std::thread::Builder::new()
            .name("caremap-bulk-index".into())
            .spawn(move || index.bulk_worker(&from))
            .map_err(|e| tracing::error!(error = %e, "could not start the bulk indexer"))
            .ok();
        BulkAdd {
            to: Some(to),
            worker,
            index: self.clone(),
        }
    }

    fn bulk_worker(&self, from: &Receiver<Msg>) -> Result<MemoryTexts> {
        self.with_writer(2, |w| {
            let mut texts = MemoryTexts::new();
            while let Ok(msg) = from.recv() {
                match msg {
                    Msg::Rows { rows, replaced } => {
                        for ord in replaced {
                            w.delete_term(Term::from_field_u64(self.fields.ord, u64::from(ord)));
                        }
                        for r in rows {
                            let d = r.normalized();
                            w.add_document(self.to_document(&d))?;
                            texts.push((d.ord, d.memory_text()));
                        }
                    }
                    Msg::Prepare => {
                        let prepared = w.prepare_commit()?;
                        // Only a commit makes it visible; anything else drops it.
                        return match from.recv() {
                            Ok(Msg::Commit) => {
                                prepared.commit()?;
                                Ok(texts)
                            }
                            _ => {
                                prepared.abort()?;
                                Err(abandoned())
                            }
                        };
                    }
                    Msg::Commit => {
                        w.commit()?;
                        return Ok(texts);
                    }
                }
            }
            // The sender went away without committing: nothing of this write stays.
            w.rollback()?;
            Err(abandoned())
        })
    }
}

fn abandoned() -> Error {
    Error::Text(tantivy::TantivyError::SystemError(
        "bulk write abandoned".into(),
    ))
}

impl BulkAdd {
    /// Queues rows the store has written (with their ordinals); `replaced` are those among
    /// them whose ordinals the index already holds. Only their searchable text is copied (the
    /// indexing thread normalises it); waits while the indexer is behind.
    pub fn send(&self, rows: &[StoredRef<'_>], replaced: Vec<u32>) {
        if let Some(to) = &self.to {
            let rows = rows
                .iter()
                .map(|r| TextSource::of(r.ord, r.seq, r.facility))
                .collect();
            // A failed worker reports its error at commit.
            let _ = to.send(Msg::Rows { rows, replaced });
        }
    }

    /// Everything has been sent: the indexer finishes its segments now (the store's commit
    /// runs meanwhile) and waits for [`BulkAdd::commit`]; nothing more may be sent.
    pub fn prepare(&self) {
        if let Some(to) = &self.to {
            let _ = to.send(Msg::Prepare);
        }
    }

    /// Commits what was sent (call after the store committed) and makes it searchable;
    /// returns the rows' in-memory text.
    pub fn commit(mut self) -> Result<MemoryTexts> {
        if let Some(to) = self.to.take() {
            let _ = to.send(Msg::Commit);
        }
        let texts = self.join()?;
        self.index.reader.reload()?;
        Ok(texts)
    }

    fn join(&mut self) -> Result<MemoryTexts> {
        match self.worker.take() {
            Some(h) => match h.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            None => Err(Error::Text(tantivy::TantivyError::SystemError(
                "the bulk indexer did not start".into(),
            ))),
        }
    }
}

impl Drop for BulkAdd {
    /// Without a commit the worker rolls the writer back; waits for it so the writer is free.
    fn drop(&mut self) {
        self.to.take();
        if let Some(h) = self.worker.take() {
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoredFacility;
    use model::Facility;

    fn row(ord: u32, name: &str) -> StoredFacility {
        let facility: Facility = serde_json::from_value(serde_json::json!({
            "id": format!("f{ord}"), "name": name, "category": "medical",
            "services": ["visiting_nursing"],
            "address": {"prefecture": "東京都", "city": "港区", "street": "芝公園4-2-8"}
        }))
        .unwrap();
        StoredFacility {
            ord,
            seq: 1,
            facility,
        }
    }

    fn found(index: &TextIndex, word: &str) -> Vec<u32> {
        let mut ords: Vec<u32> = index
            .search(word, false)
            .unwrap()
            .into_iter()
            .map(|(o, _)| o)
            .collect();
        ords.sort_unstable();
        ords
    }

    #[test]
    fn nothing_shows_before_the_commit_and_a_dropped_write_leaves_nothing() {
        let index = Arc::new(TextIndex::in_memory().unwrap());
        let bulk = index.bulk_add();
        bulk.send(&[row(1, "さくら訪問看護").borrowed()], vec![]);
        drop(bulk);
        index.reader.reload().unwrap();
        assert!(found(&index, "さくら").is_empty(), "rolled back");

        let bulk = index.bulk_add();
        bulk.send(&[row(1, "さくら訪問看護").borrowed()], vec![]);
        bulk.send(&[row(2, "ひまわり訪問看護").borrowed()], vec![]);
        assert!(found(&index, "さくら").is_empty(), "not yet committed");
        let texts = bulk.commit().unwrap();
        assert_eq!(found(&index, "さくら"), vec![1]);
        assert_eq!(found(&index, "訪問看護"), vec![1, 2]);
        // The rows' in-memory text, in the order sent, as the table would derive it.
        assert_eq!(
            texts,
            vec![
                (
                    1,
                    crate::text::memory_text(&row(1, "さくら訪問看護").facility)
                ),
                (
                    2,
                    crate::text::memory_text(&row(2, "ひまわり訪問看護").facility)
                ),
            ]
        );
    }

    #[test]
    fn a_prepared_write_shows_only_once_committed_and_an_abandoned_one_never() {
        let index = Arc::new(TextIndex::in_memory().unwrap());
        let bulk = index.bulk_add();
        bulk.send(&[row(1, "さくら訪問看護").borrowed()], vec![]);
        bulk.prepare();
        drop(bulk);
        index.reader.reload().unwrap();
        assert!(
            found(&index, "さくら").is_empty(),
            "abandoned after prepare"
        );

        let bulk = index.bulk_add();
        bulk.send(&[row(2, "ひまわり訪問看護").borrowed()], vec![]);
        bulk.prepare();
        index.reader.reload().unwrap();
        assert!(
            found(&index, "ひまわり").is_empty(),
            "prepared, not committed"
        );
        let texts = bulk.commit().unwrap();
        assert_eq!(texts.len(), 1);
        assert_eq!(found(&index, "ひまわり"), vec![2]);
        assert!(found(&index, "さくら").is_empty());
    }

    #[test]
    fn a_replaced_row_keeps_only_its_new_text() {
        let index = Arc::new(TextIndex::in_memory().unwrap());
        let bulk = index.bulk_add();
        bulk.send(
            &[row(1, "さくら").borrowed(), row(2, "ひまわり").borrowed()],
            vec![],
        );
        bulk.commit().unwrap();
        let bulk = index.bulk_add();
        bulk.send(&[row(1, "あおば").borrowed()], vec![1]);
        bulk.commit().unwrap();
        assert!(found(&index, "さくら").is_empty());
        assert_eq!(found(&index, "あおば"), vec![1]);
        assert_eq!(found(&index, "ひまわり"), vec![2]);
    }
}
