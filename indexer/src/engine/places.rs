//! Addresses to places: the geocoder the engine holds, and the municipality names it knows.

use super::Engine;
use crate::areas::AreaSet;
use crate::error::Result;
use crate::geocode::{AddressMunicipality, Geocoder};
use crate::store::Store;
use model::geocode::{Geocoded, Suggestion, prefecture_of_code};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Municipality codes by (prefecture, name), from the loaded municipal boundaries.
fn codes(areas: &AreaSet) -> FxHashMap<(String, String), String> {
    areas
        .municipalities()
        .filter_map(|a| {
            let code = a.municipality_code.clone()?;
            let pref = prefecture_of_code(&code)?;
            Some(((pref.to_string(), a.name.clone()), code))
        })
        .collect()
}

/// Builds the geocoder from the stored address points (empty when none are stored).
pub(super) async fn load_geocoder(store: &Store, areas: &AreaSet) -> Result<Geocoder> {
    let data = store.addresses().await?;
    if data.is_empty() {
        return Ok(Geocoder::default());
    }
    let started = std::time::Instant::now();
    let g = Geocoder::build(data, &codes(areas));
    tracing::info!(
        municipalities = g.municipalities(),
        places = g.places(),
        ms = started.elapsed().as_millis() as u64,
        "geocoder loaded"
    );
    Ok(g)
}

impl Engine {
    /// Resolves a typed address (see [`crate::geocode`]); `None` when nothing matched or no
    /// address data is loaded.
    pub fn geocode(&self, address: &str) -> Option<Geocoded> {
        self.geocoder.read().geocode(address)
    }

    /// Places whose name continues what was typed (for suggestions while typing).
    pub fn suggest_places(&self, typed: &str, limit: usize) -> Vec<Suggestion> {
        self.geocoder.read().suggest(typed, limit)
    }

    /// Whether address data is loaded.
    pub fn has_addresses(&self) -> bool {
        !self.geocoder.read().is_empty()
    }

    /// Stores address points (replacing those of the same municipalities) and rebuilds the
    /// geocoder; returns the numbers of municipalities and places it knows.
    pub async fn import_addresses(&self, data: Vec<AddressMunicipality>) -> Result<(usize, usize)> {
        let _w = self.writer.lock().await;
        self.store.put_addresses(&data).await?;
        self.reload_geocoder().await?;
        self.reload_sources().await?;
        let g = self.geocoder.read();
        Ok((g.municipalities(), g.places()))
    }

    /// Rebuilds the geocoder from the store (after new address data or boundaries).
    pub(super) async fn reload_geocoder(&self) -> Result<()> {
        let g = {
            let data = self.store.addresses().await?;
            let codes = codes(&self.state.read().area_set);
            Geocoder::build(data, &codes)
        };
        *self.geocoder.write() = Arc::new(g);
        Ok(())
    }

    /// The name of a municipality (「枚方市」) from the loaded boundaries.
    pub fn municipality_name(&self, code: &str) -> Option<String> {
        self.state
            .read()
            .area_set
            .municipality(code)
            .map(|a| a.name.clone())
    }

    /// The boundary of a municipality, by code.
    pub fn municipality_area(&self, code: &str) -> Option<model::Area> {
        self.state.read().area_set.municipality(code).cloned()
    }

    /// Municipal boundaries: one municipality's, or all (in code order).
    pub fn municipal_boundaries(&self, code: Option<&str>) -> Vec<model::Area> {
        let st = self.state.read();
        st.area_set
            .municipalities()
            .filter(|a| code.is_none() || a.municipality_code.as_deref() == code)
            .cloned()
            .collect()
    }

    /// The prefectures (2-digit codes, in order) of the loaded municipal boundaries, without
    /// copying any outline.
    pub fn boundary_prefectures(&self) -> Vec<String> {
        let st = self.state.read();
        let codes: std::collections::BTreeSet<&str> = st
            .area_set
            .municipalities()
            .filter_map(|a| a.municipality_code.as_deref()?.get(..2))
            .collect();
        codes.into_iter().map(str::to_string).collect()
    }

    /// The municipalities that have listings, by code.
    pub fn listed_municipalities(&self) -> Vec<String> {
        let st = self.state.read();
        let mut v: Vec<String> = st
            .municipalities
            .iter()
            .filter(|(_, ords)| !ords.is_empty())
            .map(|(c, _)| c.clone())
            .collect();
        v.sort();
        v
    }
}
