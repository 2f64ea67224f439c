//! Ranked text: an order a user can explain, and its first page found without scoring every
//! match.
//!
//! # The score
//! For each query word a listing gets a *level*: where the word occurs in it, the best place
//! counting.
//!
//! | where | whole word | start of a word | inside a word |
//! |---|---|---|---|
//! | name | 3.5 | 3.25 | 3 |
//! | kana reading, aliases | 2.5 | 2.25 | 2 |
//! | description, address, a category / service type / capability label | 1.5 | 1.25 | 1 |
//!
//! ("Word" here is a run of a field between spaces: 「さくら」 is a whole word of 「医療法人 さくら」
//! and the start of one in 「さくら診療所」.) The level's weight is multiplied by the query word's
//! rarity, BM25's inverse document frequency `ln(1 + (N − df + 0.5) / (df + 0.5))` over the `N`
//! listings of the directory, where `df` is the planner's estimate of the word's matches (the
//! listings holding its rarest pair of characters, or for one character the listings holding
//! it, plus those of the labels holding it): a rare
//! word weighs more than 介護 or ケア. A listing's score is the sum over the words; equal scores
//! go in kana order, as every list of the directory does.
//!
//! # Finding the first page
//! The score takes few values: a level per word, so at most 9 for one word and 81 for two. Each
//! frequent word keeps, in the word cache, its matches split by level
//! ([`super::levels::WordLevels`]); the page is then read from the best combination of levels
//! down — intersect it with the query's matches, count, and stop once the page is full — so its
//! cost follows the page, not the hundreds of thousands of listings that hold 介護. Small result
//! sets are scored one by one instead. Both give the same answer (a test forces each, and
//! compares them with a brute-force scorer over the sample and the real files).

use super::bitset::Bitset;
use super::levels::{Level, Members, TOP, WordLevels, WordScorer, weight};
use super::settings::Planner;
use super::state::State;
use super::word_cache::WordEntry;
use std::cmp::Ordering;

/// The score of a listing whose words have `levels` (summed in word order, so that every path
/// computes the same number).
fn score(scorers: &[WordScorer], levels: impl Iterator<Item = Level>) -> f32 {
    let mut s = 0.0f64;
    for (w, l) in scorers.iter().zip(levels) {
        s += w.idf * weight(l);
    }
    s as f32
}

/// The matches of a query, as the planner left them.
pub(super) enum Matched<'a> {
    Bits(&'a Bitset),
    List(&'a [u32]),
}

impl Matched<'_> {
    fn len(&self) -> usize {
        match self {
            Matched::Bits(b) => b.len(),
            Matched::List(l) => l.len(),
        }
    }

    fn for_each(&self, mut f: impl FnMut(u32)) {
        match self {
            Matched::Bits(b) => b.iter().for_each(f),
            Matched::List(l) => l.iter().for_each(|&o| f(o)),
        }
    }
}

/// Relative cost of scoring one match of one word ([`Ranker::page`] chooses by it).
const SCORE_ONE: usize = 8;

/// Most combinations of levels walked (beyond, matches are scored one by one).
const MAX_COMBINATIONS: usize = 729;

/// The words of one ranked query.
pub(super) struct Ranker<'a> {
    st: &'a State,
    scorers: Vec<WordScorer>,
    /// Each word's matches when the planner found them (None when it checked candidates
    /// instead).
    entries: Vec<Option<&'a WordEntry>>,
}

impl<'a> Ranker<'a> {
    /// A ranker for the words with their scorers and, when found, their matches.
    pub(super) fn new(
        st: &'a State,
        scorers: Vec<WordScorer>,
        entries: Vec<Option<&'a WordEntry>>,
    ) -> Ranker<'a> {
        Ranker {
            st,
            scorers,
            entries,
        }
    }

    /// Positions `offset..end` of the matches in relevance order (then kana order), with their
    /// scores.
    pub(super) fn page(
        &self,
        matched: Matched<'_>,
        offset: usize,
        end: usize,
        planner: Planner,
    ) -> Vec<(u32, f32)> {
        if end <= offset || matched.len() == 0 {
            return Vec::new();
        }
        // Walking levels needs every word's matches split by level. A word the cache keeps is
        // split now if it is not yet: the cache keeps the split, so it is paid once, and its
        // real number of levels counts. A word the cache does not keep would be split for this
        // query alone: it counts as every level, plus the split's cost. (Counting a kept word
        // as unsplit too made the walk look dear, so it was never split and every query
        // scored its 10⁵ matches one by one.)
        let by_levels = match planner {
            _ if self.entries.iter().any(Option::is_none) => false,
            Planner::Scan => false,
            Planner::Sets => true,
            Planner::Cost => {
                let words = self.st.docs.len() / 64 + 1;
                let (mut combinations, mut split) = (1usize, 0usize);
                for (i, e) in self.entries.iter().enumerate() {
                    let Some(e) = e else { continue };
                    let levels = if e.kept {
                        self.levels(i)
                    } else {
                        e.levels.get()
                    };
                    match levels {
                        Some(l) => combinations = combinations.saturating_mul(l.levels.len()),
                        None => {
                            combinations = combinations.saturating_mul(TOP as usize);
                            split += e.bits.len() * SCORE_ONE;
                        }
                    }
                }
                combinations
                    .saturating_mul(words * self.scorers.len())
                    .saturating_add(split)
                    < matched.len().saturating_mul(SCORE_ONE * self.scorers.len())
            }
        };
        let by_levels = by_levels
            && (0..self.scorers.len())
                .try_fold(1usize, |n, i| {
                    Some(n.saturating_mul(self.levels(i)?.levels.len()))
                })
                .is_some_and(|c| c <= MAX_COMBINATIONS);
        if by_levels {
            self.page_by_levels(&matched, offset, end)
        } else {
            self.page_by_scoring(&matched, offset, end)
        }
    }

    fn name_rank(&self, o: u32) -> u32 {
        self.st
            .name_rank
            .get(o as usize)
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// Scores every match.
    fn page_by_scoring(&self, matched: &Matched<'_>, offset: usize, end: usize) -> Vec<(u32, f32)> {
        let levels: Vec<Option<&WordLevels>> = self
            .entries
            .iter()
            .map(|e| e.and_then(|e| e.levels.get()))
            .collect();
        let st = self.st;
        let mut keyed: Vec<(f32, u32)> = Vec::with_capacity(matched.len());
        matched.for_each(|o| {
            let per_word = self.scorers.iter().zip(&levels).map(|(w, l)| match l {
                Some(l) => l.level_of(o),
                None => st
                    .hot
                    .get(o as usize)
                    .map_or(0, |h| w.level(st.grams.bytes_of(o), h)),
            });
            keyed.push((score(&self.scorers, per_word), o));
        });
        let cmp = |a: &(f32, u32), b: &(f32, u32)| -> Ordering {
            b.0.total_cmp(&a.0)
                .then_with(|| self.name_rank(a.1).cmp(&self.name_rank(b.1)))
        };
        if end < keyed.len() {
            keyed.select_nth_unstable_by(end - 1, cmp);
            keyed.truncate(end);
        }
        keyed.sort_unstable_by(cmp);
        keyed
            .into_iter()
            .skip(offset)
            .map(|(s, o)| (o, s))
            .collect()
    }

    /// Walks the combinations of levels from the best score down, counting their matches, until
    /// the page is full.
    fn page_by_levels(&self, matched: &Matched<'_>, offset: usize, end: usize) -> Vec<(u32, f32)> {
        let words: Vec<&WordLevels> = (0..self.scorers.len())
            .filter_map(|i| self.levels(i))
            .collect();
        // Every combination (an index into each word's levels) with its score, best first.
        let mut combos: Vec<(f32, Vec<usize>)> = vec![(0.0, Vec::new())];
        for w in &words {
            combos = combos
                .into_iter()
                .flat_map(|(_, c)| {
                    (0..w.levels.len()).map(move |i| {
                        let mut c = c.clone();
                        c.push(i);
                        (0.0, c)
                    })
                })
                .collect();
        }
        for (s, c) in &mut combos {
            *s = score(
                &self.scorers,
                c.iter().zip(&words).map(|(&i, w)| w.levels[i].0),
            );
        }
        combos.sort_by(|a, b| b.0.total_cmp(&a.0));
        let owned;
        let matched: &Bitset = match matched {
            Matched::Bits(b) => b,
            Matched::List(l) => {
                owned = Bitset::from_sorted(l);
                &owned
            }
        };
        let mut out = Vec::with_capacity(end - offset);
        let mut before = 0usize;
        for group in combos.chunk_by(|a, b| a.0 == b.0) {
            if before >= end {
                break;
            }
            let mut set: Option<Bitset> = None;
            for (_, c) in group {
                let part = self.combination(&words, c, matched);
                match &mut set {
                    None => set = Some(part),
                    Some(s) => s.union_with(&part),
                }
            }
            let Some(set) = set else { continue };
            let n = set.len();
            if before + n > offset {
                let from = offset.saturating_sub(before);
                let take = (end - before).min(n);
                let first = self.first_by_name(&set, n, take);
                out.extend(first.into_iter().skip(from).map(|o| (o, group[0].0)));
            }
            before += n;
        }
        out
    }

    /// The matches having, for each word, the level the combination names.
    fn combination(&self, words: &[&WordLevels], c: &[usize], matched: &Bitset) -> Bitset {
        let sets: Vec<&Members> = words.iter().zip(c).map(|(w, &i)| &w.levels[i].1).collect();
        // From the shortest list, when a level is one; else bitset algebra.
        let shortest = sets
            .iter()
            .enumerate()
            .filter_map(|(i, m)| match m {
                Members::List(l) => Some((i, l)),
                Members::Bits(_) => None,
            })
            .min_by_key(|(_, l)| l.len());
        match shortest {
            Some((i, list)) => {
                let mut out = Bitset::with_len(0);
                for &o in list {
                    if matched.get(o)
                        && sets
                            .iter()
                            .enumerate()
                            .all(|(j, m)| j == i || m.contains(o))
                    {
                        out.set(o);
                    }
                }
                out
            }
            None => {
                let mut acc = matched.clone();
                for m in sets {
                    if let Members::Bits(b) = m {
                        acc.intersect_with(b);
                    }
                }
                acc
            }
        }
    }

    /// The first `take` members of `set` (of `n` members) in kana order.
    fn first_by_name(&self, set: &Bitset, n: usize, take: usize) -> Vec<u32> {
        let st = self.st;
        if n <= 4_096 || n < take.saturating_mul(64) {
            let mut all: Vec<u32> = set.iter().collect();
            if take < all.len() {
                all.select_nth_unstable_by_key(take - 1, |&o| self.name_rank(o));
                all.truncate(take);
            }
            all.sort_unstable_by_key(|&o| self.name_rank(o));
            return all;
        }
        st.name_order
            .iter()
            .copied()
            .filter(|&o| set.get(o))
            .take(take)
            .collect()
    }

    /// Word `i`'s matches by level (split now when not yet), when the planner found them.
    fn levels(&self, i: usize) -> Option<&'a WordLevels> {
        let (e, w) = (
            self.entries.get(i).copied().flatten()?,
            self.scorers.get(i)?,
        );
        Some(
            e.levels
                .get_or_init(|| WordLevels::build(w, self.st, &e.bits)),
        )
    }
}
