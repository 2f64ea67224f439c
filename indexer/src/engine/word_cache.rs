use super::bitset::Bitset;
use super::levels::{WordLevels, WordScorer};
use super::state::State;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// A query word's matches, and once a ranked query asked, the same split by level.
pub(super) struct WordEntry {
    pub(super) bits: Bitset,
    pub(super) levels: OnceLock<WordLevels>,
    /// Whether the cache keeps it (what is computed on it is then paid once, not per query).
    pub(super) kept: bool,
}

impl WordEntry {
    pub(super) fn new(bits: Bitset, kept: bool) -> WordEntry {
        WordEntry {
            bits,
            levels: OnceLock::new(),
            kept,
        }
    }

    fn heap_bytes(&self) -> usize {
        self.bits.heap_bytes() + self.levels.get().map_or(0, WordLevels::heap_bytes)
    }

    /// Brings ordinal `o` up to the table: in or out of the matches, at its level.
    fn place(&mut self, st: &State, scorer: &WordScorer, o: u32) {
        let level = match (st.docs.get(o as usize), st.hot.get(o as usize)) {
            (Some(Some(_)), Some(h)) => scorer.level(st.grams.bytes_of(o), h),
            _ => 0,
        };
        if level > 0 {
            self.bits.set(o);
        } else {
            self.bits.clear(o);
        }
        if let Some(l) = self.levels.get_mut() {
            l.place(o, level);
        }
    }
}

/// Most listings a write may change for the cache to follow it (a larger import empties it).
const FOLLOW_AT_MOST: usize = 256;

/// The matching sets (and their levels, see [`super::rank`]) of frequent, expensive query words (訪問看護, ケア, ステーション …), so a word
/// that matches 10⁵ listings is found once rather than on every query. Only words with at least
/// `min_matches` possible matches (the candidates their search reads: rarest bigram list or
/// index frequency, plus label matches) are kept, since fewer are cheap to find again; the least
/// recently used goes when full; every write to the directory empties it (its generation
/// changes).
pub(super) struct WordCache {
    capacity: usize,
    min_matches: usize,
    /// The directory generation the kept sets belong to.
    generation: u64,
    /// A use counter: each word remembers when it was last used.
    tick: u64,
    words: HashMap<String, (Arc<WordEntry>, u64)>,
}

impl WordCache {
    /// Heap bytes of the kept sets and their words.
    pub(super) fn heap_bytes(&self) -> usize {
        self.words
            .iter()
            .map(|(w, (set, _))| w.capacity() + set.heap_bytes() + 48)
            .sum()
    }

    /// A cache of at most `capacity` words of at least `min_matches` possible matches.
    pub(super) fn new(capacity: usize, min_matches: usize) -> WordCache {
        WordCache {
            capacity,
            min_matches,
            generation: 0,
            tick: 0,
            words: HashMap::new(),
        }
    }

    /// The set of `word` when kept for this `generation` (an older generation empties the
    /// cache).
    pub(super) fn get(&mut self, word: &str, generation: u64) -> Option<Arc<WordEntry>> {
        if self.generation != generation {
            self.words.clear();
            self.generation = generation;
        }
        self.tick += 1;
        let tick = self.tick;
        self.words.get_mut(word).map(|(b, used)| {
            *used = tick;
            b.clone()
        })
    }

    /// Brings every kept word up to the listings `ords` as the table `st` now holds them, when
    /// the cache is at `from`, the generation before the write; it is then at `to`, the one the
    /// write makes, and its words need not be found again. Under the table's write lock, so no
    /// search holds an entry. (A cache at another generation, or a large write, is emptied by
    /// the next search instead.)
    pub(super) fn follow(&mut self, st: &State, ords: &[u32], from: u64, to: u64) {
        if self.generation != from || ords.len() > FOLLOW_AT_MOST || self.words.is_empty() {
            return;
        }
        self.words
            .retain(|w, (entry, _)| match Arc::get_mut(entry) {
                Some(e) => {
                    let scorer = WordScorer::new(w, 0, 1);
                    for &o in ords {
                        e.place(st, &scorer, o);
                    }
                    true
                }
                None => false,
            });
        self.generation = to;
    }

    /// How many words are kept for `generation`.
    pub(super) fn len_at(&self, generation: u64) -> usize {
        if self.generation == generation {
            self.words.len()
        } else {
            0
        }
    }

    /// Whether a word whose search may give `estimate` matches (an upper bound) is worth
    /// keeping: finding it costs about as much as it has candidates.
    pub(super) fn worth(&self, estimate: usize) -> bool {
        self.capacity > 0 && estimate >= self.min_matches
    }

    /// Keeps the set of `word` found at `generation`, making room by dropping the least
    /// recently used word.
    pub(super) fn put(&mut self, word: &str, bits: Arc<WordEntry>, generation: u64) {
        if self.capacity == 0 || self.generation != generation {
            return;
        }
        if self.words.len() >= self.capacity
            && let Some(oldest) = self
                .words
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(w, _)| w.clone())
        {
            self.words.remove(&oldest);
        }
        self.tick += 1;
        self.words.insert(word.to_string(), (bits, self.tick));
    }
}

#[cfg(test)]
mod tests {
    use super::{Arc, Bitset, WordCache, WordEntry};

    fn set(ords: &[u32]) -> Arc<WordEntry> {
        Arc::new(WordEntry::new(Bitset::from_sorted(ords), true))
    }

    #[test]
    fn keeps_words_for_one_generation() {
        let mut c = WordCache::new(4, 10);
        assert!(c.get("ケア", 1).is_none());
        c.put("ケア", set(&[1, 2]), 1);
        assert_eq!(c.get("ケア", 1).map(|b| b.bits.len()), Some(2));
        // A write to the directory (a new generation) empties it, and a set found under the
        // old generation is not kept under the new one.
        assert!(c.get("ケア", 2).is_none());
        c.put("訪問", set(&[3]), 1);
        assert!(c.get("訪問", 2).is_none());
    }

    #[test]
    fn drops_the_least_recently_used_when_full() {
        let mut c = WordCache::new(2, 10);
        assert!(c.get("a", 1).is_none()); // the cache takes generation 1
        c.put("a", set(&[1]), 1);
        c.put("b", set(&[2]), 1);
        assert!(c.get("a", 1).is_some()); // "b" is now the least recently used
        c.put("c", set(&[3]), 1);
        assert!(c.get("b", 1).is_none());
        assert!(c.get("a", 1).is_some() && c.get("c", 1).is_some());
    }

    #[test]
    fn keeps_only_words_worth_it() {
        let c = WordCache::new(2, 10);
        assert!(!c.worth(9) && c.worth(10));
        let mut off = WordCache::new(0, 0);
        assert!(!off.worth(1_000_000));
        off.put("a", set(&[1]), 0);
        assert!(off.get("a", 0).is_none());
    }
}
