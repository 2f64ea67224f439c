//! A query word's *level* in each listing (where it occurs, the best place counting; see
//! [`super::rank`] for the table and the score), and a word's matches split by level, which
//! the word cache keeps for frequent words and the ranker reads best level first.

use super::bitset::Bitset;
use super::labels::LabelMasks;
use super::state::State;
use super::table::Hot;
use crate::text::FIELD_SEPARATOR;
use memchr::memmem::Finder;

/// A word's level in a listing: 0 absent, 1 (inside other text) to 9 (the whole name).
pub(super) type Level = u8;

/// The best level.
pub(super) const TOP: Level = 9;

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

/// A set of ordinals: a sorted list when that is smaller than a bitset.
pub(super) enum Members {
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

    pub(super) fn contains(&self, o: u32) -> bool {
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
    pub(super) levels: Vec<(Level, Members)>,
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

    pub(super) fn level_of(&self, o: u32) -> Level {
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
