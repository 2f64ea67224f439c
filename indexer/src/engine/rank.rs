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
//! listings holding its rarest pair of characters, plus those of the labels holding it): a rare
//! word weighs more than 介護 or ケア. A listing's score is the sum over the words; equal scores
//! go in kana order, as every list of the directory does.
//!
//! # Finding the first page
//! The score takes few values: a level per word, so at most 9 for one word and 81 for two. Each
//! frequent word keeps, in the word cache, its matches split by level ([`WordLevels`]); the page
//! is then read from the best combination of levels down — intersect it with the query's
//! matches, count, and stop once the page is full — so its cost follows the page, not the
//! hundreds of thousands of listings that hold 介護. Small result sets are scored one by one
//! instead. Both give the same answer (a test forces each, and compares them with a brute-force
//! scorer over the sample and the real files).

use super::bitset::Bitset;
use super::settings::Planner;
use super::state::State;
use super::table::Hot;
use super::word_cache::WordEntry;
use super::words::LabelMasks;
use crate::text::FIELD_SEPARATOR;
use memchr::memmem::Finder;
use std::cmp::Ordering;

/// A word's level in a listing: 0 absent, 1 (inside other text) to 9 (the whole name).
pub(super) type Level = u8;

/// The best level.
const TOP: Level = 9;

/// The field group of each field of [`crate::text::memory_text`] (name, kana, aliases,
/// description, address): 2 name, 1 reading, 0 other text.
const GROUPS: [u8; 5] = [2, 1, 1, 0, 0];

/// How a word occurs in a field: inside a word, at a word's start, or as a whole word.
const INSIDE: u8 = 0;
const START: u8 = 1;
const WHOLE: u8 = 2;

fn level(group: u8, kind: u8) -> Level {
    group * 3 + kind + 1
}

/// The weight of a level (see the module documentation).
pub(super) fn weight(level: Level) -> f64 {
    match level {
        0 => 0.0,
        l => f64::from((l - 1) / 3 + 1) + f64::from((l - 1) % 3) * 0.25,
    }
}

/// BM25's inverse document frequency of a word held by `df` of `n` listings.
pub(super) fn idf(df: usize, n: usize) -> f64 {
    let n = n.max(1) as f64;
    let df = (df as f64).min(n);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The kind of the occurrence at `at..at + len` of `field`.
fn kind(field: &[u8], at: usize, len: usize) -> u8 {
    let starts = at == 0 || field[at - 1] == b' ';
    let ends = at + len == field.len() || field[at + len] == b' ';
    match (starts, ends) {
        (true, true) => WHOLE,
        (true, false) => START,
        _ => INSIDE,
    }
}

/// The best kind of the finder's word in `field`, None when it does not occur.
fn best_kind(finder: &Finder<'_>, field: &[u8]) -> Option<u8> {
    let len = finder.needle().len();
    let mut best = None;
    for at in finder.find_iter(field) {
        let k = kind(field, at, len);
        if best.is_none_or(|b| k > b) {
            best = Some(k);
            if k == WHOLE {
                break;
            }
        }
    }
    best
}

/// One query word, ready to give its level in any listing.
pub(super) struct WordScorer {
    finder: Finder<'static>,
    /// The codes whose label holds the word, by the best kind it has there.
    labels: [LabelMasks; 3],
    /// The word's rarity ([`idf`]).
    pub(super) idf: f64,
}

impl WordScorer {
    /// A scorer for the normalised word `w` held by about `df` of `n` listings.
    pub(super) fn new(w: &str, df: usize, n: usize) -> WordScorer {
        let finder = Finder::new(w.as_bytes()).into_owned();
        let texts = crate::text::label_texts();
        let mut labels = [LabelMasks::NONE; 3];
        for (table, pick) in [
            (&texts.categories, 0usize),
            (&texts.services, 1),
            (&texts.capabilities, 2),
        ] {
            for (i, t) in table.iter().enumerate() {
                if let Some(k) = best_kind(&finder, t.as_bytes()) {
                    let m = &mut labels[k as usize];
                    let mask = [&mut m.categories, &mut m.services, &mut m.capabilities];
                    *mask[pick] |= 1 << i;
                }
            }
        }
        WordScorer {
            finder,
            labels,
            idf: idf(df, n),
        }
    }

    /// The word's level in a listing with searchable text `text` (fields joined by
    /// [`FIELD_SEPARATOR`]) and packed row `h`: one substring search over the whole text, each
    /// occurrence placed in its field.
    pub(super) fn level(&self, text: &[u8], h: &Hot) -> Level {
        let separator = FIELD_SEPARATOR as u8;
        let len = self.finder.needle().len();
        let mut best = 0;
        // The field of the last occurrence: its number and where it starts.
        let (mut field, mut start, mut scanned) = (0usize, 0usize, 0usize);
        for at in self.finder.find_iter(text) {
            for s in memchr::memchr_iter(separator, &text[scanned..at]) {
                field += 1;
                start = scanned + s + 1;
            }
            scanned = at;
            let group = GROUPS.get(field).copied().unwrap_or(0);
            // Fields come best group first: a later one cannot do better.
            if level(group, WHOLE) <= best {
                break;
            }
            let end = memchr::memchr(separator, &text[at..]).map_or(text.len(), |e| at + e);
            best = best.max(level(group, kind(&text[start..end], at - start, len)));
        }
        for k in [WHOLE, START, INSIDE] {
            if level(0, k) <= best {
                break;
            }
            if self.labels[k as usize].match_hot(h) {
                best = level(0, k);
                break;
            }
        }
        best
    }
}

/// The score of a listing whose words have `levels` (summed in word order, so that every path
/// computes the same number).
fn score(scorers: &[WordScorer], levels: impl Iterator<Item = Level>) -> f32 {
    let mut s = 0.0f64;
    for (w, l) in scorers.iter().zip(levels) {
        s += w.idf * weight(l);
    }
    s as f32
}

/// A set of ordinals: a sorted list when that is smaller than a bitset.
enum Members {
    List(Vec<u32>),
    Bits(Bitset),
}

impl Members {
    /// `list` (ascending) in its smaller form for a table of `n` ordinals.
    fn new(list: Vec<u32>, n: usize) -> Members {
        if list.len().saturating_mul(32) < n {
            Members::List(list)
        } else {
            Members::Bits(Bitset::from_sorted(&list))
        }
    }

    fn contains(&self, o: u32) -> bool {
        match self {
            Members::List(l) => l.binary_search(&o).is_ok(),
            Members::Bits(b) => b.get(o),
        }
    }

    fn insert(&mut self, o: u32) {
        match self {
            Members::List(l) => {
                if let Err(i) = l.binary_search(&o) {
                    l.insert(i, o);
                }
            }
            Members::Bits(b) => b.set(o),
        }
    }

    fn remove(&mut self, o: u32) -> bool {
        match self {
            Members::List(l) => match l.binary_search(&o) {
                Ok(i) => {
                    l.remove(i);
                    true
                }
                Err(_) => false,
            },
            Members::Bits(b) => {
                let had = b.get(o);
                b.clear(o);
                had
            }
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Members::List(l) => l.is_empty(),
            Members::Bits(b) => b.len() == 0,
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Members::List(l) => l.capacity() * 4,
            Members::Bits(b) => b.heap_bytes(),
        }
    }
}

/// A word's matches split by level, best first (every level present, none empty).
pub(super) struct WordLevels {
    levels: Vec<(Level, Members)>,
}

impl WordLevels {
    /// Splits the word's matches `bits` by their level.
    pub(super) fn build(scorer: &WordScorer, st: &State, bits: &Bitset) -> WordLevels {
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); TOP as usize + 1];
        for o in bits.iter() {
            let Some(h) = st.hot.get(o as usize) else {
                continue;
            };
            // Every match has a level; a text the scorer cannot place counts as the lowest.
            let l = scorer.level(st.grams.bytes_of(o), h).max(1);
            lists[l as usize].push(o);
        }
        let n = st.docs.len();
        let levels = lists
            .into_iter()
            .enumerate()
            .rev()
            .filter(|(_, l)| !l.is_empty())
            .map(|(l, list)| (l as Level, Members::new(list, n)))
            .collect();
        WordLevels { levels }
    }

    /// Puts `o` at `level` (0: out), after a write changed it.
    pub(super) fn place(&mut self, o: u32, level: Level) {
        if let Some(i) = self.levels.iter_mut().position(|(_, m)| m.remove(o))
            && self.levels[i].1.is_empty()
        {
            self.levels.remove(i);
        }
        if level == 0 {
            return;
        }
        match self.levels.iter().position(|(l, _)| *l <= level) {
            Some(i) if self.levels[i].0 == level => self.levels[i].1.insert(o),
            Some(i) => self.levels.insert(i, (level, Members::List(vec![o]))),
            None => self.levels.push((level, Members::List(vec![o]))),
        }
    }

    fn level_of(&self, o: u32) -> Level {
        self.levels
            .iter()
            .find(|(_, m)| m.contains(o))
            .map_or(0, |(l, _)| *l)
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.levels
            .iter()
            .map(|(_, m)| m.heap_bytes())
            .sum::<usize>()
            + self.levels.capacity() * std::mem::size_of::<(Level, Members)>()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_order_field_before_kind() {
        // name inside > reading whole > reading start > other whole.
        assert_eq!(weight(level(2, INSIDE)), 3.0);
        assert_eq!(weight(level(1, WHOLE)), 2.5);
        assert_eq!(weight(level(1, START)), 2.25);
        assert_eq!(weight(level(0, WHOLE)), 1.5);
        assert_eq!(weight(level(0, INSIDE)), 1.0);
        assert_eq!(weight(TOP), 3.5);
        let all: Vec<f64> = (1..=TOP).map(weight).collect();
        assert!(all.windows(2).all(|w| w[0] < w[1]), "{all:?}");
    }

    #[test]
    fn rarer_words_weigh_more() {
        assert!(idf(10, 1_000) > idf(500, 1_000));
        assert!(idf(1_000, 1_000) > 0.0);
        // An estimate above the directory's size is the directory's size.
        assert_eq!(idf(5_000, 1_000), idf(1_000, 1_000));
    }

    #[test]
    fn occurrences_are_placed_in_their_field() {
        let w = WordScorer::new("さくら", 1, 10);
        let level_in = |fields: [&str; 5]| {
            let text = fields.join(&FIELD_SEPARATOR.to_string());
            w.level(text.as_bytes(), &Hot::FREE)
        };
        assert_eq!(level_in(["さくら診療所", "", "", "", ""]), level(2, START));
        assert_eq!(
            level_in(["ひまわり", "", "", "よいさくら", "さくら町"]),
            level(0, START)
        );
        assert_eq!(
            level_in(["ひまわり", "", "あ さくら", "", ""]),
            level(1, WHOLE)
        );
        // A later occurrence in the same field may be better; a later field is never.
        assert_eq!(
            level_in(["よいさくら さくら", "さくら", "", "", ""]),
            level(2, WHOLE)
        );
        assert_eq!(level_in(["ひまわり", "", "", "", ""]), 0);
    }

    #[test]
    fn kinds_follow_spaces() {
        let f = Finder::new("さくら");
        assert_eq!(best_kind(&f, "さくら".as_bytes()), Some(WHOLE));
        assert_eq!(best_kind(&f, "医療法人 さくら".as_bytes()), Some(WHOLE));
        assert_eq!(best_kind(&f, "さくら診療所".as_bytes()), Some(START));
        assert_eq!(best_kind(&f, "よいさくら".as_bytes()), Some(INSIDE));
        // The best occurrence counts.
        assert_eq!(best_kind(&f, "よいさくら さくら会".as_bytes()), Some(START));
        assert_eq!(best_kind(&f, "もみじ".as_bytes()), None);
    }
}
