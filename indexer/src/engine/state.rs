use super::bitset::Bitset;
use super::codes::{bits, capability_index, category_index, scene_bits, service_index};
use super::json::HitJson;
use super::table::{
    Coverage, Doc, FREE, HitParts, Hot, LOCATED, MORE_AREAS, NONE, RowParts, cmp_id, cmp_name,
    sort_key,
};
use crate::areas::{AreaSet, to_geo};
use crate::spatial::SpatialIndex;
use crate::store::StoredRef;
use crate::text::grams::GramIndex;
use chrono::Datelike;
use model::facility::{ServiceArea, Visibility};
use model::geo::LatLng;
use model::search::SearchHit;
use model::{Facility, taxonomy};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::HashMap;

/// All indexes over the live facilities.
#[derive(Default)]
pub(super) struct State {
    pub(super) docs: Vec<Option<Doc>>,
    /// The store's change sequence of every ordinal's row as held here (0 where none).
    pub(super) seqs: Vec<i64>,
    /// The filterable fields of every ordinal, beside `docs` ([`Hot::FREE`] where it is None).
    pub(super) hot: Vec<Hot>,
    /// Positions on the unit sphere (NaN without one), for chord tests and distance order.
    pub(super) xyz: Vec<[f64; 3]>,
    /// Bigram postings of every listing's `Doc::text`.
    pub(super) grams: GramIndex,
    pub(super) live: usize,
    pub(super) spatial: SpatialIndex,
    pub(super) categories: Vec<Bitset>,
    pub(super) services: Vec<Bitset>,
    pub(super) capabilities: Vec<Bitset>,
    /// The listings serving each scene (derived from the three above, [`super::codes::scene_bits`]).
    pub(super) scenes: Vec<Bitset>,
    pub(super) statuses: [Bitset; 4],
    pub(super) municipalities: HashMap<String, Vec<u32>>,
    /// Municipality codes by index (`Hot::municipality`), and the index of each code.
    pub(super) municipality_codes: Vec<String>,
    pub(super) municipality_index: HashMap<String, u32>,
    pub(super) area_ids: Vec<String>,
    /// Area indices in the byte order of their ids (the order of the answer's area facet).
    pub(super) area_order: Vec<u32>,
    pub(super) area_index: HashMap<String, u32>,
    pub(super) area_postings: Vec<Vec<u32>>,
    pub(super) area_set: AreaSet,
    pub(super) max_radius_m: f64,
    pub(super) shaped_coverage: Vec<u32>,
    /// Live ordinals by id, and by kana reading: the first page of a large sorted result is a
    /// walk along these instead of a selection over every match.
    pub(super) id_order: Vec<u32>,
    pub(super) name_order: Vec<u32>,
    /// Position of each ordinal in `id_order` / `name_order` (`u32::MAX` when not live): sorting
    /// a result compares two integers instead of two strings.
    pub(super) id_rank: Vec<u32>,
    pub(super) name_rank: Vec<u32>,
    /// Satellites by their main office's id (the parent may arrive after its satellites).
    pub(super) children: HashMap<String, Vec<u32>>,
}

pub(super) fn insert_sorted(v: &mut Vec<u32>, x: u32) {
    if let Err(i) = v.binary_search(&x) {
        v.insert(i, x);
    }
}

pub(super) fn remove_sorted(v: &mut Vec<u32>, x: u32) {
    if let Ok(i) = v.binary_search(&x) {
        v.remove(i);
    }
}

impl State {
    pub(super) fn new(area_set: AreaSet) -> State {
        let mut s = State {
            categories: vec![Bitset::default(); taxonomy::CATEGORIES.len()],
            services: vec![Bitset::default(); taxonomy::SERVICE_TYPES.len()],
            capabilities: vec![Bitset::default(); taxonomy::CAPABILITIES.len()],
            scenes: vec![Bitset::default(); taxonomy::SCENES.len()],
            ..State::default()
        };
        s.set_areas(area_set);
        s
    }

    /// Makes `area_set` the table's areas; area numbers already given keep their meaning.
    pub(super) fn set_areas(&mut self, area_set: AreaSet) {
        for a in area_set.areas() {
            self.area_idx_or_insert(&a.id);
        }
        self.area_set = area_set;
    }

    pub(super) fn municipality_idx_or_insert(&mut self, code: &str) -> u32 {
        if let Some(&i) = self.municipality_index.get(code) {
            return i;
        }
        let i = self.municipality_codes.len() as u32;
        self.municipality_codes.push(code.to_string());
        self.municipality_index.insert(code.to_string(), i);
        i
    }

    pub(super) fn hot_of(&mut self, d: &Doc) -> Hot {
        let (lat, lng) = d.location.map_or((f64::NAN, f64::NAN), |l| (l.lat, l.lng));
        Hot {
            lat,
            lng,
            services: d.services,
            capabilities: d.capabilities,
            municipality: d
                .municipality
                .as_deref()
                .map_or(NONE, |m| self.municipality_idx_or_insert(m)),
            areas: [
                d.areas.first().copied().unwrap_or(NONE),
                d.areas.get(1).copied().unwrap_or(NONE),
            ],
            category: d.category,
            status: d.status as u8,
            accepting: d.accepting.map_or(0, |a| a as u8 + 1),
            flags: if d.location.is_some() { LOCATED } else { 0 }
                | if d.areas.len() > 2 { MORE_AREAS } else { 0 },
            accepting_day: d
                .accepting_as_of
                .map_or(i32::MIN, |day| day.num_days_from_ce()),
        }
    }

    pub(super) fn area_idx_or_insert(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.area_index.get(id) {
            return i;
        }
        let i = self.area_ids.len() as u32;
        self.area_ids.push(id.to_string());
        self.area_index.insert(id.to_string(), i);
        let ids = &self.area_ids;
        let at = self
            .area_order
            .partition_point(|&j| ids[j as usize].as_str() < id);
        self.area_order.insert(at, i);
        self.area_postings.push(Vec::new());
        i
    }

    pub(super) fn make_doc(&mut self, f: &Facility) -> Doc {
        let areas = self.area_indexes(f);
        derive_doc(f, areas)
    }

    /// The indexes of a listing's areas (new area ids are registered).
    pub(super) fn area_indexes(&mut self, f: &Facility) -> Vec<u32> {
        f.areas.iter().map(|a| self.area_idx_or_insert(a)).collect()
    }

    /// Adds a row; `spatial` false leaves the R-trees, the id/name orders and the bigram lists'
    /// order to a later bulk build.
    pub(super) fn insert_row(&mut self, ord: u32, seq: i64, f: &Facility, spatial: bool) {
        self.remove_row(ord, spatial);
        let doc = self.make_doc(f);
        let text = crate::text::memory_text(f);
        if spatial {
            self.grams.insert(ord, &text);
        } else {
            self.grams.push(ord, &text);
        }
        self.place(ord, seq, doc, spatial);
    }

    /// Files a prepared row under every index but the bigram lists (the caller keeps those):
    /// what [`State::insert_row`] does after deriving the row, and what a snapshot does with
    /// the rows it read. `spatial` as for [`State::insert_row`].
    pub(super) fn place(&mut self, ord: u32, seq: i64, doc: Doc, spatial: bool) {
        let i = ord as usize;
        if i >= self.docs.len() {
            self.docs.resize_with(i + 1, || None);
            self.seqs.resize(i + 1, 0);
            self.hot.resize(i + 1, Hot::FREE);
            self.xyz.resize(i + 1, [f64::NAN; 3]);
        }
        self.seqs[i] = seq;
        self.hot[i] = self.hot_of(&doc);
        self.xyz[i] = doc.location.map_or([f64::NAN; 3], LatLng::to_unit_xyz);
        self.categories[doc.category as usize].set(ord);
        for s in (0..64).filter(|b| doc.services & (1 << b) != 0) {
            self.services[s].set(ord);
        }
        for c in (0..64).filter(|b| doc.capabilities & (1 << b) != 0) {
            self.capabilities[c].set(ord);
        }
        let scenes = scene_bits(doc.category, doc.services, doc.capabilities);
        for c in (0..64).filter(|b| scenes & (1 << b) != 0) {
            self.scenes[c].set(ord);
        }
        self.statuses[doc.status as usize].set(ord);
        if let Some(m) = &doc.municipality {
            match self.municipalities.get_mut(m) {
                Some(list) => insert_sorted(list, ord),
                None => {
                    self.municipalities.insert(m.clone(), vec![ord]);
                }
            }
        }
        for &a in &doc.areas {
            insert_sorted(&mut self.area_postings[a as usize], ord);
        }
        if let (Some(p), true) = (doc.location, spatial) {
            self.spatial.insert(ord, p);
        }
        match &doc.coverage {
            Some(Coverage::Radius(r)) => self.max_radius_m = self.max_radius_m.max(*r),
            Some(_) => insert_sorted(&mut self.shaped_coverage, ord),
            None => {}
        }
        if let Some(p) = doc.parent() {
            insert_sorted(self.children.entry(p.to_string()).or_default(), ord);
        }
        if spatial {
            let docs = &self.docs;
            let new = &doc;
            let before = |cmp: fn(&Doc, &Doc) -> Ordering| {
                move |o: &u32| {
                    docs[*o as usize]
                        .as_ref()
                        .is_some_and(|x| cmp(x, new) == Ordering::Less)
                }
            };
            let pid = self.id_order.partition_point(before(cmp_id));
            let pname = self.name_order.partition_point(before(cmp_name));
            self.id_order.insert(pid, ord);
            self.name_order.insert(pname, ord);
        }
        self.docs[i] = Some(doc);
        self.live += 1;
    }

    /// Sorts the id and name orders from scratch (after loading without maintaining them).
    pub(super) fn rebuild_orders(&mut self) {
        let live: Vec<u32> = (0..self.docs.len() as u32)
            .filter(|o| self.docs[*o as usize].is_some())
            .collect();
        let docs = &self.docs;
        let by = |cmp: fn(&Doc, &Doc) -> Ordering| {
            let mut v = live.clone();
            // On the pool: a core that finished its own part of a bulk write helps sort.
            v.par_sort_unstable_by(|a, b| match (&docs[*a as usize], &docs[*b as usize]) {
                (Some(x), Some(y)) => cmp(x, y),
                _ => a.cmp(b),
            });
            v
        };
        (self.id_order, self.name_order) = rayon::join(|| by(cmp_id), || by(cmp_name));
        self.refresh_ranks();
        self.grams.finish();
    }

    /// Recomputes the ranks from the orders (after every write: O(live), about a millisecond at
    /// 500k listings, so edits stay cheap and reads never touch a string to sort).
    pub(super) fn refresh_ranks(&mut self) {
        for (order, rank) in [
            (&self.id_order, &mut self.id_rank),
            (&self.name_order, &mut self.name_rank),
        ] {
            rank.clear();
            rank.resize(self.docs.len(), u32::MAX);
            for (i, &o) in order.iter().enumerate() {
                rank[o as usize] = i as u32;
            }
        }
    }

    /// Inserts many rows; large batches rebuild the orders once instead of inserting into them.
    pub(super) fn insert_many(&mut self, rows: &[StoredRef<'_>]) {
        let bulk = rows.len() > 1_000;
        for r in rows {
            self.insert_row(r.ord, r.seq, r.facility, !bulk);
        }
        if bulk {
            self.finish_bulk();
        } else {
            self.refresh_ranks();
        }
    }

    /// After rows were filed without the R-trees and orders: builds those once (bulk-loading
    /// the trees anew beats thousands of single inserts and removals).
    pub(super) fn finish_bulk(&mut self) {
        let points: Vec<(u32, LatLng)> = self
            .hot
            .iter()
            .enumerate()
            .filter(|(_, h)| h.status != FREE)
            .filter_map(|(o, h)| h.location().map(|l| (o as u32, l)))
            .collect();
        // The R-tree and the two orders share nothing: each on a core.
        let (spatial, ()) = rayon::join(
            || SpatialIndex::bulk_load(&points),
            || self.rebuild_orders(),
        );
        self.spatial = spatial;
    }

    pub(super) fn remove(&mut self, ord: u32) {
        self.remove_row(ord, true);
    }

    /// Removes a row; `incremental` false leaves the R-trees and the id/name orders alone (a
    /// bulk build replaces them).
    pub(super) fn remove_row(&mut self, ord: u32, incremental: bool) {
        if self.unfile(ord, incremental) {
            self.grams.remove(ord);
        }
    }

    /// Removes many rows before a bulk write files them again ([`State::remove_row`] with
    /// `incremental` false), their bigram lists filtered once (`GramIndex::remove_many`).
    pub(super) fn remove_rows(&mut self, ords: &[u32]) {
        let held: Vec<u32> = ords
            .iter()
            .copied()
            .filter(|&ord| self.unfile(ord, false))
            .collect();
        self.grams.remove_many(&held);
    }

    /// Takes a row out of every index but the bigram lists; whether there was one.
    fn unfile(&mut self, ord: u32, incremental: bool) -> bool {
        if incremental && let Some(Some(d)) = self.docs.get(ord as usize) {
            let docs = &self.docs;
            for (order, cmp) in [
                (&mut self.id_order, cmp_id as fn(&Doc, &Doc) -> Ordering),
                (&mut self.name_order, cmp_name),
            ] {
                let p = order.partition_point(|o| {
                    docs[*o as usize]
                        .as_ref()
                        .is_some_and(|x| cmp(x, d) == Ordering::Less)
                });
                if order.get(p) == Some(&ord) {
                    order.remove(p);
                } else if let Some(p) = order.iter().position(|o| *o == ord) {
                    order.remove(p);
                }
            }
        }
        let Some(doc) = self.docs.get_mut(ord as usize).and_then(Option::take) else {
            return false;
        };
        self.hot[ord as usize] = Hot::FREE;
        self.seqs[ord as usize] = 0;
        self.xyz[ord as usize] = [f64::NAN; 3];
        self.categories[doc.category as usize].clear(ord);
        for s in (0..64).filter(|b| doc.services & (1 << b) != 0) {
            self.services[s].clear(ord);
        }
        for c in (0..64).filter(|b| doc.capabilities & (1 << b) != 0) {
            self.capabilities[c].clear(ord);
        }
        let scenes = scene_bits(doc.category, doc.services, doc.capabilities);
        for c in (0..64).filter(|b| scenes & (1 << b) != 0) {
            self.scenes[c].clear(ord);
        }
        self.statuses[doc.status as usize].clear(ord);
        if let Some(m) = &doc.municipality
            && let Some(v) = self.municipalities.get_mut(m)
        {
            remove_sorted(v, ord);
        }
        for &a in &doc.areas {
            remove_sorted(&mut self.area_postings[a as usize], ord);
        }
        if incremental && let Some(p) = doc.location {
            self.spatial.remove(ord, p);
        }
        remove_sorted(&mut self.shaped_coverage, ord);
        if let Some(p) = doc.parent()
            && let Some(v) = self.children.get_mut(p)
        {
            remove_sorted(v, ord);
            if v.is_empty() {
                self.children.remove(p);
            }
        }
        self.live -= 1;
        true
    }
}

/// A listing's full row, given the indexes of its areas ([`State::area_indexes`]): what a
/// write derives from the record without touching the table, so many can be derived at once.
pub(super) fn derive_doc(f: &Facility, areas: Vec<u32>) -> Doc {
    let category = category_index(&f.category).unwrap_or(0) as u8;
    let services = bits(f.services.iter().filter_map(|s| service_index(s)));
    let capabilities = bits(f.capability_codes().filter_map(capability_index));
    let (public, professional) = f.split_professional();
    let name_key = sort_key(f);
    let accepting = public.availability.as_ref().map(|a| a.accepting);
    let coverage = f.effective_service_area().map(|a| match a {
        ServiceArea::RadiusM(r) => Coverage::Radius(r),
        ServiceArea::Polygon(p) => Coverage::Polygon(Box::new(to_geo(&p))),
        ServiceArea::Municipalities(m) => Coverage::Municipalities(m),
    });
    let hit = SearchHit {
        id: f.id.clone(),
        name: f.name.clone(),
        kana: f.name_kana.clone(),
        category: f.category.clone(),
        services: f.services.clone(),
        capabilities: f.capability_codes().map(str::to_string).collect(),
        location: f.location.map(|l| l.point()),
        location_approximate: f.location.is_some_and(|l| l.approximate),
        distance_m: None,
        address: f.address.one_line(),
        phone: public.phone.clone(),
        municipality_code: f.municipality_code.clone(),
        areas: f.areas.clone(),
        status: f.status,
        open_now: None,
        accepting,
        accepting_as_of: public.availability.as_ref().map(|a| a.as_of),
        verified_at: f.provenance.verified_at,
        source: f.provenance.source.clone(),
        sources: Some(f.provenance.source_ids())
            .filter(|v| v.len() > 1)
            .unwrap_or_default(),
        score: None,
        professional: None,
    };
    let json = HitJson::new(&hit);
    Doc::new(
        HitParts::of(&hit),
        RowParts {
            json,
            name_key,
            category,
            services,
            capabilities,
            areas,
            opening_hours: public.opening_hours.clone().map(Box::new),
            windows: f
                .contact_windows
                .iter()
                .map(|w| w.schedule.clone())
                .collect(),
            windows_public: f.visibility_of(model::facility::FieldGroup::ContactWindows)
                == Visibility::Public,
            coverage,
            parent: f.parent_id.as_ref().map(|p| p.0.clone()),
            professional: (!professional.is_empty()).then(|| Box::new(professional)),
        },
    )
}
