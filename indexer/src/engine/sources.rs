//! The recorded data sources and their credit lines, held in memory for every answer.

use super::Engine;
use crate::error::Result;
use model::sources::DataSource;

impl Engine {
    /// Every recorded data source with its credit line, by id.
    pub async fn data_sources(&self) -> Result<Vec<DataSource>> {
        Ok(self.sources().as_ref().clone())
    }

    /// The recorded data sources, as held in memory.
    pub fn sources(&self) -> std::sync::Arc<Vec<DataSource>> {
        self.sources.read().clone()
    }

    /// Records a data source (the sample's, say) with its credit line.
    pub async fn record_source(&self, source: &DataSource) -> Result<()> {
        self.store.put_data_source(source).await?;
        self.reload_sources().await
    }

    /// Reads the recorded data sources again (after an import recorded one).
    pub(super) async fn reload_sources(&self) -> Result<()> {
        let s = self.store.data_sources().await?;
        *self.sources.write() = std::sync::Arc::new(s);
        // Answers carry the credit lines; the table (and its snapshot) does not.
        self.bump_visible();
        Ok(())
    }
}
