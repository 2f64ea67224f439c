use super::bitset::Bitset;
use super::facets::{Counts, Dim};
use super::json::Row;
use super::labels::LabelMasks;
use super::levels::WordScorer;
use super::plan::Plan;
use super::rank::{Matched, Ranker};
use super::settings::Planner;
use super::state::State;
use super::word_cache::WordEntry;
use super::words::{TextMatches, WordCheck};
use super::{Engine, cost};
use crate::error::Result;
use crate::text::grams::Lookup;
use model::facility::Visibility;
use model::geo::{LatLng, haversine_m};
use model::search::{SearchQuery, SearchResponse, Sort};
use std::cmp::Ordering;
use std::time::Instant;

impl Engine {
    /// What finding every listing that contains `w` costs (see [`cost`]): a cached word is a
    /// bitset copy; a word of two characters is its pair's list; a longer one the rarest pair's
    /// list, intersected with the others and checked; a one-character word the lists of every
    /// pair that holds it. Label matches add their listings.
    ///
    /// A word the cache holds, or will hold once found (see `WordCache::worth`), costs only the
    /// copy: its search is paid once, not per query.
    pub(super) fn find_cost(&self, st: &State, w: &str) -> usize {
        let words = st.docs.len() / 64 + 1;
        let (estimate, per_match) = self.word_estimate(st, w);
        let generation = self.generation();
        let mut cache = self.word_cache.lock();
        if cache.get(w, generation).is_some() || cache.worth(estimate) {
            return words * cost::WORD;
        }
        words * cost::WORD + estimate * per_match
    }

    /// At most how many listings contain `w` (its rarest pair's list, or for one character
    /// the lists that hold it, plus the listings of matching labels), and what finding one of
    /// them costs.
    pub(super) fn word_estimate(&self, st: &State, w: &str) -> (usize, usize) {
        let labels = LabelMasks::for_word(w).upper_bound(st);
        let own = st.grams.estimate(w).unwrap_or(0);
        let per = match w.chars().count() {
            0..=2 => cost::POSTING,
            _ => cost::PAIR_CANDIDATE,
        };
        (own + labels, per)
    }

    /// Facilities containing every word: per word, its matches in the text fields (the bigram
    /// lists) OR the listings of the categories, service
    /// types and capabilities whose labels contain it; frequent words come from the word cache.
    pub(super) fn text_matches(&self, st: &State, words: &[String]) -> TextMatches {
        let mut acc: Option<Bitset> = None;
        let mut entries = Vec::with_capacity(words.len());
        let generation = self.generation();
        for w in words {
            let cached = self.word_cache.lock().get(w, generation);
            let entry = match cached {
                Some(e) => e,
                None => {
                    let mut bits = Bitset::with_len(st.docs.len());
                    match st.grams.lookup(w) {
                        Some(Lookup::Exact(list)) => list.iter().for_each(|&o| bits.set(o)),
                        Some(Lookup::Found(list)) => list.into_iter().for_each(|o| bits.set(o)),
                        Some(Lookup::Union(lists)) => lists
                            .iter()
                            .flat_map(|l| l.iter())
                            .for_each(|&o| bits.set(o)),
                        None => {}
                    }
                    bits.union_with(&LabelMasks::for_word(w).listings(st));
                    let (estimate, _) = self.word_estimate(st, w);
                    let mut cache = self.word_cache.lock();
                    let keep = cache.worth(estimate.max(bits.len()));
                    let entry = std::sync::Arc::new(WordEntry::new(bits, keep));
                    if keep {
                        cache.put(w, entry.clone(), generation);
                    }
                    entry
                }
            };
            match &mut acc {
                None => acc = Some(entry.bits.clone()),
                Some(a) => a.intersect_with(&entry.bits),
            }
            entries.push(entry);
        }
        TextMatches {
            bits: acc.unwrap_or_default(),
            words: entries,
        }
    }

    /// Answers a query for an anonymous visitor: filters see public fields only.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResponse> {
        self.search_as(q, Visibility::Public)
    }

    /// Answers a query for a viewer with `clearance`: professional viewers may also filter on
    /// professional-only fields (ケアマネタイム), and their hits carry the `professional`
    /// fields. Validates the query first.
    pub fn search_as(&self, q: &SearchQuery, clearance: Visibility) -> Result<SearchResponse> {
        self.run(q, clearance, false, |st, found| {
            let hits = found
                .rows
                .iter()
                .filter_map(|r| {
                    let d = st.docs.get(r.ord as usize)?.as_ref()?;
                    let mut h = d.hit()?;
                    h.distance_m = r.distance_m;
                    h.open_now = r.open_now;
                    h.score = r.score;
                    h.professional = d.professional_for(clearance).cloned().map(Box::new);
                    Some(h)
                })
                .collect();
            SearchResponse {
                total: found.total,
                page: found.page,
                per_page: found.per_page,
                hits,
                facets: found.counts.facets(st),
                took_ms: found.started.elapsed().as_secs_f64() * 1000.0,
            }
        })
    }

    /// The same answer as [`Engine::search_as`], already encoded as JSON: byte for byte what
    /// `serde_json::to_vec(&search_as(q, clearance)?)` gives (but `took_ms`), written from each
    /// listing's hit JSON encoded once at load time, with the per-query fields spliced in. The
    /// API's hot path.
    pub fn search_json_as(&self, q: &SearchQuery, clearance: Visibility) -> Result<Vec<u8>> {
        self.run(q, clearance, false, |st, found| {
            let mut out = Vec::with_capacity(512 + found.rows.len() * 512);
            out.extend_from_slice(b"{\"total\":");
            out.extend_from_slice(found.total.to_string().as_bytes());
            out.extend_from_slice(b",\"page\":");
            out.extend_from_slice(found.page.to_string().as_bytes());
            out.extend_from_slice(b",\"per_page\":");
            out.extend_from_slice(found.per_page.to_string().as_bytes());
            out.extend_from_slice(b",\"hits\":[");
            let mut first = true;
            for r in &found.rows {
                let Some(d) = st.docs.get(r.ord as usize).and_then(Option::as_ref) else {
                    continue;
                };
                if !first {
                    out.push(b',');
                }
                first = false;
                d.json.write(&mut out, r, d.professional_for(clearance));
            }
            out.extend_from_slice(b"],\"facets\":");
            found.counts.write_json(st, &mut out);
            out.extend_from_slice(b",\"took_ms\":");
            let _ =
                serde_json::to_writer(&mut out, &(found.started.elapsed().as_secs_f64() * 1000.0));
            out.push(b'}');
            out
        })
    }

    /// The query core shared by the typed and the JSON answers: plans, filters, counts facets,
    /// orders and pages under one read lock, then hands the page to `emit`.
    #[tracing::instrument(level = "debug", skip_all, fields(text = q.text.as_deref().unwrap_or("")))]
    pub(super) fn run<R>(
        &self,
        q: &SearchQuery,
        clearance: Visibility,
        every: bool,
        emit: impl FnOnce(&State, Found) -> R,
    ) -> Result<R> {
        q.validate()?;
        let started = Instant::now();
        let sort = match q.sort {
            Sort::Relevance if q.text().is_none() && q.near.is_some() => Sort::Distance,
            Sort::Relevance if q.text().is_none() => Sort::Name,
            s => s,
        };
        let st = self.state.read();
        let mut plan = Plan::new(&st, q, clearance);
        let words = q.text().map(crate::text::query_words).unwrap_or_default();
        let planner = self.planner();
        if !words.is_empty() {
            // Either every word's matches are found (bigram lists, the word cache, or the text
            // index for one character), or the spatial or municipal candidates are checked one
            // by one in memory, whichever costs less; both give the same answer.
            let in_memory = planner != Planner::Sets && {
                let candidates = plan.smallest_list();
                let find: usize = words.iter().map(|w| self.find_cost(&st, w)).sum();
                planner == Planner::Scan
                    || candidates.saturating_mul(words.len() * cost::SUBSTRING) < find
            };
            if in_memory {
                plan.words = Some(words.iter().map(|w| WordCheck::new(w)).collect());
            } else {
                plan.text = Some(self.text_matches(&st, &words));
            }
        }
        let mut counts = Counts::new(st.area_ids.len());
        let dims = [
            Dim::Category,
            Dim::Service,
            Dim::Capability,
            Dim::Scene,
            Dim::Area,
        ];
        let unfiltered: Vec<Dim> = dims.into_iter().filter(|d| !plan.is_filtered(*d)).collect();
        let mut matched: Vec<u32> = Vec::new();
        // Bitset plans keep the matching set as a bitset (counted, walked or listed below).
        let mut matched_bits: Option<Bitset> = None;
        if plan.prefer_bitsets(self.planner()) {
            // Bitset algebra: totals and facet counts are popcounts.
            let set = plan.bits(None);
            for dim in dims {
                if plan.is_filtered(dim) {
                    plan.count_dim(&plan.bits(Some(dim)), dim, &mut counts);
                } else {
                    plan.count_dim(&set, dim, &mut counts);
                }
            }
            matched_bits = Some(set);
        } else {
            plan.scan(None, |o, h| {
                matched.push(o);
                for dim in &unfiltered {
                    counts.add(&st, o, h, *dim);
                }
            });
            for dim in dims.into_iter().filter(|d| plan.is_filtered(*d)) {
                plan.scan(Some(dim), |o, h| counts.add(&st, o, h, dim));
            }
        }
        let total = match &matched_bits {
            Some(b) => b.len() as u64,
            None => matched.len() as u64,
        };
        let (page, per_page) = (q.page(), q.per_page());
        // `every` (map markers) asks for every match, in no particular order, instead of a page.
        let (offset, take) = if every {
            (0, usize::MAX)
        } else {
            (
                ((page - 1) as usize).saturating_mul(per_page as usize),
                per_page as usize,
            )
        };
        let end = offset
            .saturating_add(take)
            .min(usize::try_from(total).unwrap_or(usize::MAX));
        // A large id- or kana-sorted result takes the first `end` members along the precomputed
        // order instead of sorting them all.
        let walk = !every
            && matches!(sort, Sort::Id | Sort::Name)
            && total > 2_000
            && total > end as u64 * 4;
        // A ranked page is read from the words' levels (see `rank`), not from a sort.
        let ranked = !every && sort == Sort::Relevance && !words.is_empty();
        let ranked_page = ranked.then(|| {
            let n = st.live;
            let scorers = words
                .iter()
                .map(|w| WordScorer::new(w, self.word_estimate(&st, w).0, n))
                .collect();
            let entries = match &plan.text {
                Some(t) => t.words.iter().map(|e| Some(&**e)).collect(),
                None => vec![None; words.len()],
            };
            let matches = match &matched_bits {
                Some(b) => Matched::Bits(b),
                None => Matched::List(&matched),
            };
            Ranker::new(&st, scorers, entries).page(matches, offset, end, planner)
        });
        if let Some(b) = &matched_bits
            && !walk
            && !ranked
        {
            matched.extend(b.iter());
        }
        // Distance order is squared-chord order (monotonic in great-circle distance); the page's
        // distances are then measured with haversine_m.
        let center = plan.point.map(LatLng::to_unit_xyz);
        let chord2 = |o: u32| -> f64 {
            match &center {
                Some(c) => {
                    let d = crate::spatial::chord2(c, &st.xyz[o as usize]);
                    if d.is_nan() { f64::INFINITY } else { d }
                }
                None => f64::INFINITY,
            }
        };
        let rank = |ranks: &[u32], o: u32| ranks.get(o as usize).copied().unwrap_or(u32::MAX);
        let by_name = |a: u32, b: u32| rank(&st.name_rank, a).cmp(&rank(&st.name_rank, b));
        let mut keyed: Vec<(f64, u32)> = match sort {
            _ if ranked => Vec::new(),
            Sort::Distance => matched.iter().map(|&o| (chord2(o), o)).collect(),
            Sort::Name | Sort::Id | Sort::Relevance => matched.iter().map(|&o| (0.0, o)).collect(),
        };
        let cmp = |a: &(f64, u32), b: &(f64, u32)| -> Ordering {
            match sort {
                Sort::Id => rank(&st.id_rank, a.1).cmp(&rank(&st.id_rank, b.1)),
                Sort::Name => by_name(a.1, b.1),
                Sort::Distance => a.0.total_cmp(&b.0).then_with(|| by_name(a.1, b.1)),
                Sort::Relevance => Ordering::Equal,
            }
        };
        if walk {
            let member = matched_bits.unwrap_or_else(|| {
                let mut m = Bitset::with_len(st.docs.len());
                for &o in &matched {
                    m.set(o);
                }
                m
            });
            let order = if sort == Sort::Id {
                &st.id_order
            } else {
                &st.name_order
            };
            keyed = order
                .iter()
                .filter(|o| member.get(**o))
                .take(end)
                .map(|&o| (0.0, o))
                .collect();
        } else if !every && !ranked {
            if end < keyed.len() && end > 0 {
                keyed.select_nth_unstable_by(end - 1, cmp);
                keyed.truncate(end);
            }
            keyed.sort_unstable_by(cmp);
        }
        let page_ords: Vec<(u32, Option<f32>)> = match ranked_page {
            Some(p) => p.into_iter().map(|(o, s)| (o, Some(s))).collect(),
            None => keyed
                .iter()
                .skip(offset)
                .take(take)
                .map(|&(_, o)| (o, None))
                .collect(),
        };
        let mut rows: Vec<Row> = page_ords
            .into_iter()
            .filter_map(|(o, score)| {
                let h = st.hot.get(o as usize)?;
                let d = st.docs.get(o as usize)?.as_ref()?;
                Some(Row {
                    ord: o,
                    distance_m: plan
                        .point
                        .and_then(|p| h.location().map(|l| haversine_m(p, l))),
                    open_now: q
                        .open_at
                        .and_then(|t| d.opening_hours().map(|s| s.is_open_at(t))),
                    score,
                })
            })
            .collect();
        if sort == Sort::Distance {
            // Chords and haversine agree on order but for rounding (sub-nanometre): the page
            // follows the distances it shows.
            rows.sort_by(|a, b| {
                let d = |r: &Row| r.distance_m.unwrap_or(f64::INFINITY);
                d(a).total_cmp(&d(b)).then_with(|| by_name(a.ord, b.ord))
            });
        }
        Ok(emit(
            &st,
            Found {
                total,
                page,
                per_page,
                rows,
                counts,
                started,
            },
        ))
    }
}

/// A found page with its totals, handed to a writer under the same read lock.
pub(super) struct Found {
    pub(super) total: u64,
    pub(super) page: u32,
    pub(super) per_page: u32,
    pub(super) rows: Vec<Row>,
    pub(super) counts: Counts,
    pub(super) started: Instant,
}
