use super::Engine;
use crate::error::Result;
use crate::store::{StoredFacility, UpsertReport};
use crate::text::TextDoc;
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
            .upsert_facilities_with_progress(&facilities, progress)
            .await?;
        self.apply_written(&report.written)?;
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

    pub(crate) fn apply_written(&self, written: &[StoredFacility]) -> Result<()> {
        if written.is_empty() {
            return Ok(());
        }
        let known: Vec<u32> = {
            let st = self.state.read();
            written
                .iter()
                .filter(|w| st.docs.get(w.ord as usize).is_some_and(Option::is_some))
                .map(|w| w.ord)
                .collect()
        };
        let docs: Vec<TextDoc> = written
            .iter()
            .map(|w| TextDoc::from_facility(w.ord, w.seq, &w.facility))
            .collect();
        self.text.apply(&docs, &known)?;
        // The generation changes before the lock is released, so no search can see the new
        // state under the old generation (the word cache relies on it).
        let mut st = self.state.write();
        st.insert_many(written);
        self.bump();
        Ok(())
    }

    /// Deletes facilities by id (all or nothing).
    pub async fn delete(&self, ids: &[String]) -> Result<usize> {
        let _w = self.writer.lock().await;
        let ords = self.store.delete_facilities(ids).await?;
        self.text.apply(&[], &ords)?;
        {
            let mut st = self.state.write();
            for o in &ords {
                st.remove(*o);
            }
            st.refresh_ranks();
            self.bump();
        }
        Ok(ords.len())
    }
}
