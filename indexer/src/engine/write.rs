use super::Engine;
use crate::error::Result;
use crate::store::{StoredRef, UpsertReport};
use model::Facility;

impl Engine {
    /// Validates, assigns areas by point-in-polygon, and writes facilities (all or nothing);
    /// the change is visible to the next search when this returns.
    pub async fn upsert(&self, facilities: Vec<Facility>) -> Result<UpsertReport> {
        self.upsert_with_progress(facilities, &|_| {}).await
    }

    /// [`Engine::upsert`] reporting how many records have been written so far.
    pub async fn upsert_with_progress(
        &self,
        mut facilities: Vec<Facility>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<UpsertReport> {
        for f in &facilities {
            f.validate()?;
        }
        self.assign_areas(&mut facilities);
        let _w = self.writer.lock().await;
        let report = self
            .store
            .upsert_facilities_with_progress(facilities, progress)
            .await?;
        self.apply_written(&report.written.rows())?;
        Ok(report)
    }

    /// Sets each located facility's areas (see [`AreaSet::assign`]) and, when it has none,
    /// its municipality from the municipal boundaries.
    pub(crate) fn assign_areas(&self, facilities: &mut [Facility]) {
        let st = self.state.read();
        if st.area_set.is_empty() {
            return;
        }
        for f in facilities {
            if let Some(l) = f.location {
                if f.municipality_code.is_none() {
                    f.municipality_code = st.area_set.municipality_of(l.point());
                }
                if st.area_set.has_areas() {
                    f.areas = st
                        .area_set
                        .assign(l.point(), f.municipality_code.as_deref())
                        .areas;
                }
            }
        }
    }

    /// Applies this engine's own write (the feed then skips it).
    pub(crate) fn apply_written(&self, written: &[StoredRef<'_>]) -> Result<()> {
        self.note_own_writes(written);
        self.apply_rows(written)
    }

    /// Deletes facilities by id (all or nothing).
    pub async fn delete(&self, ids: &[String]) -> Result<usize> {
        let _w = self.writer.lock().await;
        let ords = self.store.delete_facilities(ids).await?;
        self.remove_rows(&ords)?;
        Ok(ords.len())
    }
}
