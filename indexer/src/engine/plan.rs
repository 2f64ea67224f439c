use super::bitset::Bitset;
use super::codes::{bits, capability_index, category_index, scene_index, service_index};
use super::cost;
use super::facets::{Counts, Dim};
use super::settings::Planner;
use super::state::State;
use super::table::{Coverage, Doc, Hot, MORE_AREAS, NONE, fresh_from_day};
use super::words::{TextMatches, WordCheck};
use crate::areas::covers;
use crate::spatial::RadiusTest;
use chrono::{DateTime, FixedOffset};
use model::facility::{Accepting, Visibility};
use model::geo::{LatLng, haversine_m};
use model::search::SearchQuery;

/// The candidate list a scan walks; the filter it comes from need not be checked again.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Driver {
    Near,
    Bbox,
    Other,
}

/// A compiled query against one state snapshot.
pub(super) struct Plan<'a> {
    pub(super) st: &'a State,
    pub(super) text: Option<TextMatches>,
    pub(super) words: Option<Vec<WordCheck>>,
    /// The query's point (for distances and distance order).
    pub(super) point: Option<LatLng>,
    /// The radius around it, when it filters.
    pub(super) radius: Option<RadiusTest>,
    /// Listings within the radius.
    pub(super) near_candidates: Option<Vec<u32>>,
    pub(super) bbox: Option<(model::BoundingBox, Vec<u32>)>,
    pub(super) serves: Option<(LatLng, Option<String>, Vec<u32>)>,
    pub(super) municipality: Option<&'a [u32]>,
    /// Index of the municipality code ([`NONE`] for a code no listing has).
    pub(super) municipality_idx: Option<u32>,
    pub(super) status_mask: u8,
    pub(super) open_at: Option<DateTime<FixedOffset>>,
    pub(super) contact_at: Option<DateTime<FixedOffset>>,
    pub(super) clearance: Visibility,
    pub(super) accepting: Option<bool>,
    /// Acceptance statuses reported before this day (from the common era) are unknown.
    pub(super) fresh_from_day: i32,
    pub(super) category_mask: Option<u64>,
    pub(super) service_mask: Option<u64>,
    pub(super) capability_mask: Option<u64>,
    /// Scenes, any of.
    pub(super) scene_mask: Option<u64>,
    pub(super) area_filter: Option<Vec<u32>>,
}

pub(super) const EMPTY: &[u32] = &[];

/// Where a scan takes its candidates from.
pub(super) enum Src<'s> {
    Slice(&'s [u32], Driver),
    Text,
    Bits(Bitset),
    All,
}

impl<'a> Plan<'a> {
    pub(super) fn new(st: &'a State, q: &'a SearchQuery, clearance: Visibility) -> Plan<'a> {
        let point = q.near.map(|n| n.point);
        let radius = q
            .near
            .and_then(|n| n.radius_m.map(|r| RadiusTest::new(n.point, r)));
        let near_candidates = radius.map(|t| {
            st.spatial.ords_within(
                &t,
                |o| st.xyz[o as usize],
                |o| st.hot.get(o as usize)?.location(),
            )
        });
        let bbox = q.bbox.map(|b| (b, st.spatial.within_bbox(&b)));
        let serves = q.serves.map(|p| {
            let muni = st.area_set.municipality_of(p);
            let mut cands: Vec<u32> = if st.max_radius_m > 0.0 {
                let t = RadiusTest::new(p, st.max_radius_m);
                st.spatial
                    .within(&t, |o| st.hot.get(o as usize)?.location())
                    .into_iter()
                    .map(|(o, _)| o)
                    .collect()
            } else {
                Vec::new()
            };
            cands.extend(&st.shaped_coverage);
            cands.sort_unstable();
            cands.dedup();
            (p, muni, cands)
        });
        let municipality = q
            .municipality
            .as_deref()
            .map(|m| st.municipalities.get(m).map(Vec::as_slice).unwrap_or(EMPTY));
        let municipality_idx = q
            .municipality
            .as_deref()
            .map(|m| st.municipality_index.get(m).copied().unwrap_or(NONE));
        let status_mask = q.statuses().iter().fold(0u8, |m, s| m | (1 << (*s as u8)));
        let mask = |codes: &[String], f: fn(&str) -> Option<usize>| {
            (!codes.is_empty()).then(|| bits(codes.iter().filter_map(|c| f(c))))
        };
        let area_filter = (!q.areas.is_empty()).then(|| {
            let mut v: Vec<u32> = q
                .areas
                .iter()
                .filter_map(|a| st.area_index.get(a).copied())
                .collect();
            v.sort_unstable();
            v
        });
        Plan {
            st,
            text: None,
            words: None,
            point,
            radius,
            near_candidates,
            bbox,
            serves,
            municipality,
            municipality_idx,
            status_mask,
            open_at: q.open_at,
            contact_at: q.contact_window_at,
            clearance,
            accepting: q.accepting,
            fresh_from_day: if q.accepting.is_some() {
                fresh_from_day()
            } else {
                i32::MIN
            },
            category_mask: mask(&q.categories, category_index),
            service_mask: mask(&q.services, service_index),
            capability_mask: mask(&q.capabilities, capability_index),
            scene_mask: mask(&q.scenes, scene_index),
            area_filter,
        }
    }

    /// True when every filter has a bitset or posting list, so the matching set can be computed
    /// by bitset algebra without checking documents one by one.
    pub(super) fn bitset_only(&self) -> bool {
        self.radius.is_none()
            && self.bbox.is_none()
            && self.serves.is_none()
            && self.open_at.is_none()
            && self.contact_at.is_none()
            && self.accepting.is_none()
            && self.words.is_none()
    }

    /// Whether bitset algebra is cheaper than scanning the smallest candidate list: bitsets
    /// cost the same for every query (a word per 64 ordinals, for each set combined and each
    /// facet counted); a scan costs per candidate, once plus once per filtered facet dimension.
    pub(super) fn prefer_bitsets(&self, planner: Planner) -> bool {
        if !self.bitset_only() || planner == Planner::Scan {
            return false;
        }
        if planner == Planner::Sets {
            return true;
        }
        let st = self.st;
        let words = st.docs.len() / 64 + 1;
        let sets =
            8 + st.categories.len() + st.services.len() + st.capabilities.len() + st.scenes.len();
        let area_postings: usize = st.area_postings.iter().map(Vec::len).sum();
        let bitsets = words * sets * cost::WORD + area_postings;
        let filtered = [
            Dim::Category,
            Dim::Service,
            Dim::Capability,
            Dim::Scene,
            Dim::Area,
        ]
        .into_iter()
        .filter(|d| self.is_filtered(*d))
        .count();
        let (n, src) = self.source(None);
        let per = match src {
            Src::Slice(..) => cost::CHECK,
            Src::Text | Src::Bits(_) | Src::All => cost::CHECK_SPREAD,
        };
        bitsets <= n * (1 + filtered) * per
    }

    /// The matching set as a bitset, ignoring the facet dimension `skip` (bitset-only plans).
    pub(super) fn bits(&self, skip: Option<Dim>) -> Bitset {
        let st = self.st;
        let mut acc = Bitset::union_of(&st.statuses, u64::from(self.status_mask));
        if let Some(t) = &self.text {
            acc.intersect_with(&t.bits);
        }
        if let Some(m) = self.municipality {
            acc.intersect_with(&Bitset::from_sorted(m));
        }
        let any_of = Bitset::union_of;
        if skip != Some(Dim::Category)
            && let Some(m) = self.category_mask
        {
            acc.intersect_with(&any_of(&st.categories, m));
        }
        if skip != Some(Dim::Service)
            && let Some(m) = self.service_mask
        {
            acc.intersect_with(&any_of(&st.services, m));
        }
        if skip != Some(Dim::Capability)
            && let Some(m) = self.capability_mask
        {
            for (i, s) in st.capabilities.iter().enumerate() {
                if m & (1 << i) != 0 {
                    acc.intersect_with(s);
                }
            }
        }
        if skip != Some(Dim::Scene)
            && let Some(m) = self.scene_mask
        {
            acc.intersect_with(&any_of(&st.scenes, m));
        }
        if skip != Some(Dim::Area)
            && let Some(areas) = &self.area_filter
        {
            let mut b = Bitset::default();
            for a in areas {
                for &o in &st.area_postings[*a as usize] {
                    b.set(o);
                }
            }
            acc.intersect_with(&b);
        }
        acc
    }

    /// Facet counts of one dimension over a matching set.
    pub(super) fn count_dim(&self, set: &Bitset, dim: Dim, counts: &mut Counts) {
        let st = self.st;
        match dim {
            Dim::Category => {
                for (c, b) in counts.category.iter_mut().zip(&st.categories) {
                    *c = set.and_count(b);
                }
            }
            Dim::Service => {
                for (c, b) in counts.service.iter_mut().zip(&st.services) {
                    *c = set.and_count(b);
                }
            }
            Dim::Capability => {
                for (c, b) in counts.capability.iter_mut().zip(&st.capabilities) {
                    *c = set.and_count(b);
                }
            }
            Dim::Scene => {
                for (c, b) in counts.scene.iter_mut().zip(&st.scenes) {
                    *c = set.and_count(b);
                }
            }
            Dim::Area => {
                for (c, post) in counts.area.iter_mut().zip(&st.area_postings) {
                    *c = post.iter().filter(|o| set.get(**o)).count() as u64;
                }
            }
        }
    }

    /// Size of the smallest candidate list from a spatial or municipality filter.
    pub(super) fn smallest_list(&self) -> usize {
        [
            self.near_candidates.as_ref().map(Vec::len),
            self.bbox.as_ref().map(|(_, c)| c.len()),
            self.serves.as_ref().map(|(_, _, c)| c.len()),
            self.municipality.map(<[u32]>::len),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(usize::MAX)
    }

    pub(super) fn is_filtered(&self, d: Dim) -> bool {
        match d {
            Dim::Category => self.category_mask.is_some(),
            Dim::Service => self.service_mask.is_some(),
            Dim::Capability => self.capability_mask.is_some(),
            Dim::Scene => self.scene_mask.is_some(),
            Dim::Area => self.area_filter.is_some(),
        }
    }

    /// Checks every filter except the facet dimension `skip` and the one `driver` guarantees.
    pub(super) fn matches(&self, ord: u32, h: &Hot, skip: Option<Dim>, driver: Driver) -> bool {
        // Cheapest tests first: the text's bitset (a few hundred kilobytes at most, in cache),
        // then the packed fields (the candidate's row: a cache miss when candidates are spread,
        // as a circle's are), then geometry, the text itself and schedules.
        if let Some(t) = &self.text
            && !t.bits.get(ord)
        {
            return false;
        }
        if self.status_mask & (1 << h.status) == 0 {
            return false;
        }
        if skip != Some(Dim::Category)
            && let Some(m) = self.category_mask
            && m & (1 << h.category) == 0
        {
            return false;
        }
        if skip != Some(Dim::Service)
            && let Some(m) = self.service_mask
            && m & h.services == 0
        {
            return false;
        }
        if skip != Some(Dim::Capability)
            && let Some(m) = self.capability_mask
            && m & h.capabilities != m
        {
            return false;
        }
        if skip != Some(Dim::Scene)
            && let Some(m) = self.scene_mask
            && !self
                .st
                .scenes
                .iter()
                .enumerate()
                .any(|(i, b)| m & (1 << i) != 0 && b.get(ord))
        {
            return false;
        }
        if let Some(m) = self.municipality_idx
            && (m == NONE || h.municipality != m)
        {
            return false;
        }
        if let Some(want) = self.accepting {
            // A status older than the freshness policy is unknown (shown as 「不明」).
            let current = if h.accepting_day >= self.fresh_from_day {
                h.accepting()
            } else {
                None
            };
            let ok = match current {
                Some(Accepting::Yes | Accepting::Limited) => want,
                Some(Accepting::No) => !want,
                None => false,
            };
            if !ok {
                return false;
            }
        }
        if let Some((b, _)) = &self.bbox
            && driver != Driver::Bbox
            && !h.location().is_some_and(|l| b.contains(l))
        {
            return false;
        }
        if let Some(t) = &self.radius
            && driver != Driver::Near
            && !t.contains(t.chord2(&self.st.xyz[ord as usize]), || h.location())
        {
            return false;
        }
        let doc = || self.st.docs[ord as usize].as_ref();
        if skip != Some(Dim::Area)
            && let Some(a) = &self.area_filter
        {
            let inline = h.areas.iter().any(|x| a.binary_search(x).is_ok());
            let more = || {
                h.flags & MORE_AREAS != 0
                    && doc().is_some_and(|d| d.areas.iter().any(|x| a.binary_search(x).is_ok()))
            };
            if !inline && !more() {
                return false;
            }
        }
        let cold = self.words.is_some()
            || self.serves.is_some()
            || self.open_at.is_some()
            || self.contact_at.is_some();
        if !cold {
            return true;
        }
        let Some(d) = doc() else {
            return false;
        };
        if let Some(ws) = &self.words
            && !ws.iter().all(|w| w.matches(d, self.st.grams.bytes_of(ord)))
        {
            return false;
        }
        if let Some((p, muni, _)) = &self.serves
            && !covers_point(d, *p, muni.as_deref())
        {
            return false;
        }
        if let Some(t) = self.open_at
            && !d.opening_hours().is_some_and(|s| s.is_open_at(t))
        {
            return false;
        }
        if let Some(t) = self.contact_at
            && !((d.windows_public() || self.clearance == Visibility::Professional)
                && d.windows().iter().any(|s| s.is_open_at(t)))
        {
            return false;
        }
        true
    }

    /// The cheapest candidate source allowed when `skip` is ignored, with its size.
    pub(super) fn source(&self, skip: Option<Dim>) -> (usize, Src<'_>) {
        let st = self.st;
        // The cheapest by candidates times what checking one costs: a list's members are
        // near each other in memory, a bitset's are spread over the whole table.
        let per = |src: &Src| match src {
            Src::Slice(..) => cost::CHECK,
            Src::Text | Src::Bits(_) | Src::All => cost::CHECK_SPREAD,
        };
        let mut best: (usize, Src) = (st.docs.len(), Src::All);
        if let Some(t) = &self.text
            && t.bits.len() < best.0
        {
            best = (t.bits.len(), Src::Text);
        }
        let lists = [
            self.near_candidates.as_deref().map(|l| (l, Driver::Near)),
            self.bbox
                .as_ref()
                .map(|(_, c)| (c.as_slice(), Driver::Bbox)),
            self.serves
                .as_ref()
                .map(|(_, _, c)| (c.as_slice(), Driver::Other)),
            self.municipality.map(|l| (l, Driver::Other)),
        ];
        for (list, driver) in lists.into_iter().flatten() {
            if list.len() * cost::CHECK < best.0 * per(&best.1) {
                best = (list.len(), Src::Slice(list, driver));
            }
        }
        let status_count: usize = (0..4)
            .filter(|i| self.status_mask & (1 << i) != 0)
            .map(|i| st.statuses[i].len())
            .sum();
        if status_count * cost::CHECK_SPREAD < best.0 * per(&best.1) {
            best = (
                status_count,
                Src::Bits(Bitset::union_of(&st.statuses, u64::from(self.status_mask))),
            );
        }
        let union = Bitset::union_of;
        let estimate = |sets: &[Bitset], mask: u64| {
            sets.iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, s)| s.len())
                .sum::<usize>()
        };
        if skip != Some(Dim::Category)
            && let Some(m) = self.category_mask
        {
            let n = estimate(&st.categories, m);
            if n * cost::CHECK_SPREAD < best.0 * per(&best.1) {
                best = (n, Src::Bits(union(&st.categories, m)));
            }
        }
        if skip != Some(Dim::Service)
            && let Some(m) = self.service_mask
        {
            let n = estimate(&st.services, m);
            if n * cost::CHECK_SPREAD < best.0 * per(&best.1) {
                best = (n, Src::Bits(union(&st.services, m)));
            }
        }
        if skip != Some(Dim::Scene)
            && let Some(m) = self.scene_mask
        {
            let n = estimate(&st.scenes, m);
            if n * cost::CHECK_SPREAD < best.0 * per(&best.1) {
                best = (n, Src::Bits(union(&st.scenes, m)));
            }
        }
        if skip != Some(Dim::Capability)
            && let Some(m) = self.capability_mask
        {
            let smallest = st
                .capabilities
                .iter()
                .enumerate()
                .filter(|(i, _)| m & (1 << i) != 0)
                .map(|(_, s)| s.len())
                .min()
                .unwrap_or(0);
            if smallest * cost::CHECK_SPREAD < best.0 * per(&best.1) {
                let mut b: Option<Bitset> = None;
                for (i, s) in st.capabilities.iter().enumerate() {
                    if m & (1 << i) != 0 {
                        match &mut b {
                            None => b = Some(s.clone()),
                            Some(b) => b.intersect_with(s),
                        }
                    }
                }
                best = (smallest, Src::Bits(b.unwrap_or_default()));
            }
        }
        if skip != Some(Dim::Area)
            && let Some(areas) = &self.area_filter
        {
            let n: usize = areas
                .iter()
                .map(|a| st.area_postings[*a as usize].len())
                .sum();
            if n * cost::CHECK_SPREAD < best.0 * per(&best.1) {
                let mut b = Bitset::default();
                for a in areas {
                    for &o in &st.area_postings[*a as usize] {
                        b.set(o);
                    }
                }
                best = (n, Src::Bits(b));
            }
        }
        best
    }

    /// Scans the smallest candidate source allowed when `skip` is ignored, calling `f` on
    /// matches.
    pub(super) fn scan(&self, skip: Option<Dim>, mut f: impl FnMut(u32, &Hot)) {
        let st = self.st;
        let (_, src) = self.source(skip);
        let mut visit = |o: u32, driver: Driver| {
            if let Some(h) = st.hot.get(o as usize)
                && self.matches(o, h, skip, driver)
            {
                f(o, h);
            }
        };
        match src {
            Src::Slice(s, driver) => s.iter().for_each(|&o| visit(o, driver)),
            Src::Text => {
                if let Some(t) = &self.text {
                    t.bits.iter().for_each(|o| visit(o, Driver::Other));
                }
            }
            Src::Bits(b) => b.iter().for_each(|o| visit(o, Driver::Other)),
            Src::All => (0..st.docs.len() as u32).for_each(|o| visit(o, Driver::Other)),
        }
    }
}

pub(super) fn covers_point(d: &Doc, p: LatLng, muni: Option<&str>) -> bool {
    match (d.coverage.as_ref(), d.location) {
        (Some(Coverage::Radius(r)), Some(l)) => haversine_m(p, l) <= *r,
        (Some(Coverage::Polygon(g)), _) => covers(g, p),
        (Some(Coverage::Municipalities(m)), _) => muni.is_some_and(|x| m.iter().any(|c| c == x)),
        _ => false,
    }
}
