//! Copying a large write's log into the database file beside the work that follows it.
//!
//! In SQLite's WAL mode a commit appends the changed pages to the write-ahead log, and by
//! default the committing connection then copies them into the database file (a checkpoint)
//! before its commit returns. A national import logs about 450 MB, so that copy wrote it a
//! second time on the import's path while nothing else ran. For a large write the store turns
//! the automatic checkpoint off for its commit ([`Checkpoints::defer`]); once committed, a
//! connection of its own copies the log ([`Checkpoints::resume`]) while the engine files the
//! rows and writes its snapshot, and [`super::Store::settle`] waits for it (the CLI before it
//! exits, the server when it stops). Readers meanwhile find the new pages in the log: the same answers. The
//! copy first runs without blocking writers (`PASSIVE`), then empties the log (`TRUNCATE`,
//! by then a few frames at most). PostgreSQL has no such step.

use crate::error::Result;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction};
use std::thread::JoinHandle;

/// SQLite's own threshold (pages in the log) for the automatic checkpoint.
const AUTOMATIC_PAGES: u32 = 1000;

/// The store's deferred checkpoints.
pub(super) struct Checkpoints {
    /// The SQLite file's URL; None for PostgreSQL and in-memory databases (no log to copy).
    url: Option<String>,
    /// The copy in progress, if any.
    running: parking_lot::Mutex<Option<JoinHandle<()>>>,
}

impl Checkpoints {
    pub(super) fn for_url(url: &str) -> Checkpoints {
        let file =
            url.starts_with("sqlite:") && !url.contains(":memory:") && !url.contains("mode=memory");
        Checkpoints {
            url: file.then(|| url.to_string()),
            running: parking_lot::Mutex::new(None),
        }
    }

    /// Turns the automatic checkpoint off for `txn`'s connection (a large write about to
    /// commit); true when it did, and [`Checkpoints::resume`] must follow the commit.
    pub(super) async fn defer(&self, txn: &DatabaseTransaction) -> Result<bool> {
        if self.url.is_none() {
            return Ok(false);
        }
        txn.execute_unprepared("PRAGMA wal_autocheckpoint = 0")
            .await?;
        Ok(true)
    }

    /// After the commit (or its failure): the automatic checkpoint back on for `db`'s
    /// connection, and the log copied into the file on a connection of its own, in the
    /// background. A copy that fails is logged: the next commit's automatic checkpoint does
    /// it then.
    pub(super) async fn resume(&self, db: &DatabaseConnection) -> Result<()> {
        let Some(url) = self.url.clone() else {
            return Ok(());
        };
        let restored = db
            .execute_unprepared(&format!("PRAGMA wal_autocheckpoint = {AUTOMATIC_PAGES}"))
            .await;
        let mut running = self.running.lock();
        let before = running.take();
        // A thread of its own: the caller goes on with work that does not yield (filing the
        // rows, writing the snapshot), and a task spawned from it would wait for it.
        let copy = std::thread::Builder::new()
            .name("caremap-checkpoint".into())
            .spawn(move || {
                // One copy at a time: an earlier one finishes first.
                if let Some(before) = before {
                    let _ = before.join();
                }
                let copied = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(crate::error::Error::io("starting the log copy"))
                    .and_then(|rt| rt.block_on(copy_log(&url)));
                if let Err(e) = copied {
                    tracing::warn!(error = %e, "copying the write-ahead log after a large write failed; the next commit copies it");
                }
            });
        match copy {
            Ok(h) => *running = Some(h),
            Err(e) => {
                tracing::warn!(error = %e, "could not start copying the write-ahead log; the next commit copies it")
            }
        }
        restored?;
        Ok(())
    }

    /// Waits for the copy in progress, if any.
    pub(super) async fn settle(&self) {
        let running = self.running.lock().take();
        if let Some(h) = running {
            let _ = tokio::task::spawn_blocking(move || h.join()).await;
        }
    }
}

/// Copies the log into the database file, then empties it.
async fn copy_log(url: &str) -> Result<()> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false)
        .max_connections(1)
        .min_connections(1);
    let db = Database::connect(opts).await?;
    let started = std::time::Instant::now();
    db.execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)")
        .await?;
    db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
        .await?;
    tracing::info!(
        ms = started.elapsed().as_millis() as u64,
        "write-ahead log copied"
    );
    db.close().await?;
    Ok(())
}
