use super::settings::EngineSettings;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::text::{TextDoc, TextIndex};

/// Rebuilds the text index from the store into `<data_dir>/index.new`, then swaps it in for
/// `<data_dir>/index`. Fails when a server holds the index (its writer lock).
pub async fn rebuild_index(settings: &EngineSettings) -> Result<usize> {
    let Some(dir) = &settings.data_dir else {
        return Err(Error::Io {
            context: "rebuild-index".into(),
            source: std::io::Error::other("an in-memory index cannot be rebuilt on disk"),
        });
    };
    let live = dir.join("index");
    let fresh = dir.join("index.new");
    let old = dir.join("index.old");
    // Take the live index's writer lock to make sure no server is writing it.
    let current = TextIndex::open_or_create(&live)?;
    current.apply(&[], &[])?;
    let store = Store::connect(&settings.database_url).await?;
    let rows = store.all_facilities().await?;
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh).map_err(Error::io("removing index.new"))?;
    }
    let n = {
        let text = TextIndex::open_or_create(&fresh)?;
        let docs: Vec<TextDoc> = rows
            .iter()
            .map(|r| TextDoc::from_facility(r.ord, r.seq, &r.facility))
            .collect();
        for chunk in docs.chunks(100_000) {
            text.apply(chunk, &[])?;
        }
        text.release_writer()?;
        docs.len()
    };
    current.release_writer()?;
    drop(current);
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(Error::io("removing index.old"))?;
    }
    std::fs::rename(&live, &old).map_err(Error::io("moving the old index aside"))?;
    std::fs::rename(&fresh, &live).map_err(Error::io("swapping in the new index"))?;
    std::fs::remove_dir_all(&old).map_err(Error::io("removing the old index"))?;
    Ok(n)
}
