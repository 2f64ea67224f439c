//! The engine's searchable text in memory (see [`crate::text::memory_text`]) with bigram
//! postings over it, for substring matching.
//!
//! The texts live in one byte arena in ordinal order (a bulk load writes them in the order the
//! listings come), so checking thousands of candidates reads memory mostly forward instead of
//! chasing a pointer per listing.
//!
//! For every pair of adjacent characters inside a field (never across a space or the field
//! separator, which a query word cannot hold), the ordinals of the listings whose text holds the
//! pair, ascending. A word of two characters matches exactly the listings of its one pair; a
//! longer word can only occur where all its pairs occur, so the intersection of their lists is a
//! superset of its matches that the engine then checks with a substring search. A word of one
//! character in a text has a key of its own (the character with no second one), so a
//! character's listings are the union of the lists of every key that holds it, on either side.
//! This is the engine's path for "which listings contain this word" (ranking is
//! `engine/rank.rs`'s; the tantivy index answers the same and is the durable reference), and
//! its lists' lengths are upper bounds that the planner uses to choose between the text and
//! the spatial side.

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::text::FIELD_SEPARATOR;
use parking_lot::Mutex;
use rustc_hash::{FxHashMap, FxHashSet};

/// A pair of characters as one key (a char needs 21 bits).
fn key(a: char, b: char) -> u64 {
    (u64::from(u32::from(a)) << 21) | u64::from(u32::from(b))
}

/// The second half of the key of a word of one character: no character has it (the largest
/// is 0x10FFFF), so no pair's key is one.
const ALONE: u64 = (1 << 21) - 1;

/// The key of a word of one character.
fn alone(c: char) -> u64 {
    (u64::from(u32::from(c)) << 21) | ALONE
}

/// The distinct keys of normalised text, ascending: its words' character pairs, and each word
/// of one character.
fn grams_of(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 2);
    // The previous character of the word, and whether it began the word.
    let mut prev: Option<(char, bool)> = None;
    for c in text.chars() {
        if c == ' ' || c == FIELD_SEPARATOR {
            if let Some((p, true)) = prev {
                out.push(alone(p));
            }
            prev = None;
            continue;
        }
        if let Some((p, _)) = prev {
            out.push(key(p, c));
        }
        prev = Some((c, prev.is_none()));
    }
    if let Some((p, true)) = prev {
        out.push(alone(p));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The single character of a one-character word.
fn only_char(word: &str) -> Option<char> {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The listings that contain a query word.
pub enum Lookup<'a> {
    /// A two-character word: its one pair's list.
    Exact(&'a [u32]),
    /// A longer word: the candidates of its pairs, checked.
    Found(Vec<u32>),
    /// A word of one character: the lists of every key that holds it (each ascending; they
    /// overlap), whose union is its listings.
    Union(Vec<&'a [u32]>),
}

/// Texts and bigram posting lists (see the module documentation).
#[derive(Default)]
pub struct GramIndex {
    postings: FxHashMap<u64, Vec<u32>>,
    /// Lists appended to out of order by [`GramIndex::push`], sorted by [`GramIndex::finish`].
    unsorted: bool,
    /// Every text, back to back.
    bytes: Vec<u8>,
    /// Per ordinal: where its text starts in `bytes`, and its length (0: none).
    spans: Vec<(u32, u32)>,
    /// Bytes of replaced or removed texts still in `bytes`.
    garbage: usize,
    /// How many listings hold a character, for the characters asked about since the last
    /// change (counting unites all the lists that hold it; a rarity is asked for on every
    /// query with the word).
    counts: Mutex<FxHashMap<char, usize>>,
}

impl GramIndex {
    /// The text of an ordinal ("" when none).
    pub fn text(&self, ord: u32) -> &str {
        // Spans always cover whole strings written by `store`.
        std::str::from_utf8(self.bytes_of(ord)).unwrap_or("")
    }

    /// The text of an ordinal as UTF-8 bytes (for substring search without re-validating).
    pub fn bytes_of(&self, ord: u32) -> &[u8] {
        let (start, len) = self.spans.get(ord as usize).copied().unwrap_or((0, 0));
        &self.bytes[start as usize..(start + len) as usize]
    }

    /// Keeps a text in the arena (the ordinal must have none).
    fn store(&mut self, ord: u32, text: &str) {
        self.counts.get_mut().clear();
        let i = ord as usize;
        if i >= self.spans.len() {
            self.spans.resize(i + 1, (0, 0));
        }
        let start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(text.as_bytes());
        self.spans[i] = (start, text.len() as u32);
    }

    /// Forgets an ordinal's text, compacting the arena when it is mostly garbage.
    fn forget(&mut self, ord: u32) {
        self.counts.get_mut().clear();
        if let Some(span) = self.spans.get_mut(ord as usize) {
            self.garbage += span.1 as usize;
            *span = (0, 0);
        }
        if self.garbage > 1 << 20 && self.garbage * 2 > self.bytes.len() {
            let mut bytes = Vec::with_capacity(self.bytes.len() - self.garbage);
            for span in &mut self.spans {
                let (start, len) = (span.0 as usize, span.1 as usize);
                let at = bytes.len() as u32;
                bytes.extend_from_slice(&self.bytes[start..start + len]);
                span.0 = at;
            }
            self.bytes = bytes;
            self.garbage = 0;
        }
    }

    /// Adds a listing's text, keeping every list sorted (single edits). The ordinal must have
    /// no text (remove it first).
    pub fn insert(&mut self, ord: u32, text: &str) {
        self.store(ord, text);
        for g in grams_of(text) {
            let list = self.postings.entry(g).or_default();
            match list.last() {
                Some(&last) if last >= ord => {
                    if let Err(i) = list.binary_search(&ord) {
                        list.insert(i, ord);
                    }
                }
                _ => list.push(ord),
            }
        }
    }

    /// Adds a listing's text at the end of each list (bulk loads); call [`GramIndex::finish`]
    /// before searching.
    pub fn push(&mut self, ord: u32, text: &str) {
        self.store(ord, text);
        for g in grams_of(text) {
            let list = self.postings.entry(g).or_default();
            if list.last().is_some_and(|&l| l >= ord) {
                self.unsorted = true;
            }
            list.push(ord);
        }
    }

    /// Sorts the lists after [`GramIndex::push`] (a no-op when ordinals came in order) and
    /// returns the spare capacity.
    pub fn finish(&mut self) {
        for list in self.postings.values_mut() {
            if self.unsorted {
                list.sort_unstable();
                list.dedup();
            }
            list.shrink_to_fit();
        }
        self.unsorted = false;
        self.bytes.shrink_to_fit();
    }

    /// Removes a listing's text.
    pub fn remove(&mut self, ord: u32) {
        let text = self.text(ord).to_string();
        for g in grams_of(&text) {
            if let Some(list) = self.postings.get_mut(&g) {
                // Between `push` and `finish` a list may be out of order (and hold duplicates).
                if self.unsorted {
                    list.retain(|&o| o != ord);
                } else if let Ok(i) = list.binary_search(&ord) {
                    list.remove(i);
                }
                if list.is_empty() {
                    self.postings.remove(&g);
                }
            }
        }
        self.forget(ord);
    }

    /// The bytes [`GramIndex::write_to`] writes.
    fn encoded_len(&self) -> usize {
        let lists: usize = self.postings.values().map(|l| 8 + 4 + 4 * l.len()).sum();
        4 + self.bytes.len() + 4 + 8 * self.spans.len() + 8 + 4 + lists
    }

    /// Removes many listings' texts: each list holding one of them is filtered once. Removing
    /// them one by one shifts a long list once per listing — over a minute for a national
    /// re-import that changed every listing.
    pub fn remove_many(&mut self, ords: &[u32]) {
        let mut gone = vec![false; self.spans.len()];
        let mut touched: FxHashSet<u64> = FxHashSet::default();
        for &ord in ords {
            if let Some(g) = gone.get_mut(ord as usize) {
                *g = true;
                touched.extend(grams_of(self.text(ord)));
            }
        }
        for g in touched {
            if let Some(list) = self.postings.get_mut(&g) {
                list.retain(|&o| !gone.get(o as usize).copied().unwrap_or(false));
                if list.is_empty() {
                    self.postings.remove(&g);
                }
            }
        }
        for &ord in ords {
            self.forget(ord);
        }
    }

    /// Writes the texts and the lists for the engine's snapshot (after [`GramIndex::finish`]),
    /// into room taken once: at 500k they are 160 MB, which a growing buffer would copy on
    /// its way to twice that.
    pub(crate) fn write_to(&self, w: &mut Writer) {
        debug_assert!(!self.unsorted, "finish before writing");
        w.buf.reserve(self.encoded_len());
        w.bytes(&self.bytes);
        w.len(self.spans.len());
        for &(start, len) in &self.spans {
            w.u32(start);
            w.u32(len);
        }
        w.u64(self.garbage as u64);
        w.len(self.postings.len());
        for (gram, list) in &self.postings {
            w.u64(*gram);
            w.u32s(list);
        }
    }

    /// Reads what [`GramIndex::write_to`] wrote, checking that every text lies in the arena
    /// and every list is ascending and names known ordinals.
    pub(crate) fn read_from(r: &mut Reader) -> Result<GramIndex> {
        let bytes = r.bytes()?.to_vec();
        let n = r.len(8)?;
        let mut spans = Vec::with_capacity(n);
        for _ in 0..n {
            let (start, len) = (r.u32()?, r.u32()?);
            if start as usize + len as usize > bytes.len() {
                return Err(Error::Snapshot(
                    "damaged: a text lies outside the arena".into(),
                ));
            }
            spans.push((start, len));
        }
        let garbage = r.u64()? as usize;
        let lists = r.len(12)?;
        let mut postings = FxHashMap::with_capacity_and_hasher(lists, Default::default());
        for _ in 0..lists {
            let gram = r.u64()?;
            let list = r.u32s()?;
            let ascending = list.windows(2).all(|p| p[0] < p[1]);
            if !ascending || list.last().is_some_and(|&o| o as usize >= n) {
                return Err(Error::Snapshot("damaged: a bigram list".into()));
            }
            postings.insert(gram, list);
        }
        Ok(GramIndex {
            postings,
            unsorted: false,
            bytes,
            spans,
            garbage,
            counts: Mutex::default(),
        })
    }

    /// Heap bytes of the lists (with the map's entries) and of the text arena (with the spans).
    pub fn heap_bytes(&self) -> (usize, usize) {
        let lists = self
            .postings
            .values()
            .map(|l| l.capacity() * 4)
            .sum::<usize>()
            + self.postings.capacity() * (8 + std::mem::size_of::<Vec<u32>>() + 1);
        (lists, self.bytes.capacity() + self.spans.capacity() * 8)
    }

    /// Number of postings in all lists (memory accounting).
    pub fn len(&self) -> usize {
        self.postings.values().map(Vec::len).sum()
    }

    /// Whether no text has been added.
    pub fn is_empty(&self) -> bool {
        self.postings.is_empty()
    }

    /// The lists of a word's distinct pairs, shortest first (a word of two or more characters;
    /// a word of one is [`GramIndex::lists_holding`]'s); None for the empty word.
    fn lists(&self, word: &str) -> Option<Vec<&[u32]>> {
        let grams = grams_of(word);
        if grams.is_empty() {
            return None;
        }
        let mut lists: Vec<&[u32]> = grams
            .iter()
            .map(|g| self.postings.get(g).map_or(&[][..], Vec::as_slice))
            .collect();
        lists.sort_unstable_by_key(|l| l.len());
        Some(lists)
    }

    /// The lists of every key that holds `c`: its pairs, with it first or second, and its own
    /// (a word of one character). A walk over the keys (tens of thousands at the national
    /// scale), not over the postings.
    fn lists_holding(&self, c: char) -> Vec<&[u32]> {
        let c = u64::from(u32::from(c));
        self.postings
            .iter()
            .filter(|(k, _)| **k >> 21 == c || **k & ALONE == c)
            .map(|(_, l)| l.as_slice())
            .collect()
    }

    /// An upper bound on the listings containing `word`: the length of its rarest pair's list,
    /// or for one character exactly how many listings hold it (the lists holding it united in
    /// a bitset and counted: a character's rarity is the relevance order's, see
    /// `engine/rank.rs`); None for the empty word.
    pub fn estimate(&self, word: &str) -> Option<usize> {
        if let Some(c) = only_char(word) {
            if let Some(&n) = self.counts.lock().get(&c) {
                return Some(n);
            }
            let n = match self.lists_holding(c)[..] {
                [] => 0,
                [one] => one.len(),
                ref lists => {
                    let mut bits = vec![0u64; self.spans.len().div_ceil(64)];
                    for &o in lists.iter().flat_map(|l| l.iter()) {
                        if let Some(w) = bits.get_mut(o as usize / 64) {
                            *w |= 1 << (o % 64);
                        }
                    }
                    bits.iter().map(|w| w.count_ones() as usize).sum()
                }
            };
            self.counts.lock().insert(c, n);
            return Some(n);
        }
        self.lists(word).map(|l| l.first().map_or(0, |x| x.len()))
    }

    /// The listings whose text contains `word`, ascending (for one character, as the lists
    /// to unite); None for the empty word.
    pub fn lookup(&self, word: &str) -> Option<Lookup<'_>> {
        if let Some(c) = only_char(word) {
            return Some(Lookup::Union(self.lists_holding(c)));
        }
        let lists = self.lists(word)?;
        if lists.len() == 1 && word.chars().count() == 2 {
            return Some(Lookup::Exact(lists[0]));
        }
        let mut acc = lists[0].to_vec();
        for l in &lists[1..] {
            if acc.is_empty() {
                break;
            }
            intersect_into(&mut acc, l);
        }
        // Every pair present does not make the word present (order, adjacency): check.
        let finder = memchr::memmem::Finder::new(word.as_bytes());
        acc.retain(|&o| finder.find(self.bytes_of(o)).is_some());
        Some(Lookup::Found(acc))
    }
}

/// Keeps the members of `acc` that are in `other` (both ascending): a linear merge when the
/// lists are of similar length, a galloping search through `other` when `acc` is much shorter.
fn intersect_into(acc: &mut Vec<u32>, other: &[u32]) {
    if acc.len().saturating_mul(16) < other.len() {
        let mut from = 0usize;
        acc.retain(|&x| {
            // Gallop: double the step until past x, then binary-search that window.
            let mut step = 1usize;
            let mut hi = from;
            while hi < other.len() && other[hi] < x {
                from = hi;
                hi = hi.saturating_add(step);
                step *= 2;
            }
            let hi = hi.min(other.len());
            match other[from..hi].binary_search(&x) {
                Ok(i) => {
                    from += i;
                    true
                }
                Err(i) => {
                    from += i;
                    // `from` may now point at hi, where other[hi] >= x: x absent unless equal.
                    from < other.len() && other[from] == x
                }
            }
        });
    } else {
        let mut j = 0usize;
        acc.retain(|&x| {
            while j < other.len() && other[j] < x {
                j += 1;
            }
            j < other.len() && other[j] == x
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn contains(text: &str, word: &str) -> bool {
        text.split([' ', FIELD_SEPARATOR]).any(|f| f.contains(word))
    }

    /// A lookup's listings, ascending.
    fn ords(found: Option<Lookup<'_>>) -> Vec<u32> {
        match found {
            Some(Lookup::Exact(l)) => l.to_vec(),
            Some(Lookup::Found(l)) => l,
            Some(Lookup::Union(lists)) => {
                let mut all: Vec<u32> = lists.concat();
                all.sort_unstable();
                all.dedup();
                all
            }
            None => Vec::new(),
        }
    }

    #[test]
    fn the_snapshot_bytes_are_counted_before_they_are_written() {
        let mut g = GramIndex::default();
        g.insert(0, "さくら訪問看護");
        g.insert(2, &format!("ひまわり{FIELD_SEPARATOR}ケアプラン"));
        g.finish();
        let mut w = Writer::default();
        g.write_to(&mut w);
        assert_eq!(w.buf.len(), g.encoded_len());
        let back = GramIndex::read_from(&mut Reader::new(&w.buf)).unwrap();
        assert_eq!(back.text(2), g.text(2));
    }

    #[test]
    fn removing_many_at_once_leaves_what_removing_each_leaves() {
        let texts = [
            "さくら訪問看護",
            "ひまわり訪問看護",
            "訪問介護さくら",
            "ケアプラン",
            "さくらケア",
        ];
        let build = || {
            let mut g = GramIndex::default();
            for (o, t) in texts.iter().enumerate() {
                g.insert(o as u32, t);
            }
            g
        };
        let (mut each, mut many) = (build(), build());
        for o in [0, 2, 4] {
            each.remove(o);
        }
        many.remove_many(&[0, 2, 4, 99]);
        for word in ["さく", "訪問", "看護", "ケア", "プラ", "ひま", "介護"] {
            assert_eq!(ords(many.lookup(word)), ords(each.lookup(word)), "{word}");
        }
        assert_eq!(many.text(2), "");
        assert_eq!(many.text(3), "ケアプラン");
        assert!(matches!(many.lookup("さく"), Some(Lookup::Exact(&[]))));
    }

    #[test]
    fn pairs_stay_inside_fields() {
        let sep = FIELD_SEPARATOR;
        let mut g = GramIndex::default();
        g.insert(3, &format!("ab{sep}cd ef"));
        assert!(matches!(g.lookup("ab"), Some(Lookup::Exact(&[3]))));
        assert!(matches!(g.lookup("bc"), Some(Lookup::Exact(&[]))));
        assert!(matches!(g.lookup("de"), Some(Lookup::Exact(&[]))));
        assert_eq!(g.estimate("cdx"), Some(0));
        // A character, wherever it is in a word, or a word of its own; its count follows
        // every change.
        assert_eq!(g.estimate("a"), Some(1));
        g.insert(5, &format!("xa{sep}y z"));
        assert_eq!(g.estimate("a"), Some(2));
        for (c, want) in [
            ("a", vec![3, 5]),
            ("e", vec![3]),
            ("y", vec![5]),
            ("z", vec![5]),
        ] {
            assert_eq!(ords(g.lookup(c)), want, "{c}");
        }
        assert!(ords(g.lookup("q")).is_empty());
        assert!(g.lookup("").is_none());
        // Pairs stay pairs: a word of two characters is not the two alone.
        assert_eq!(ords(g.lookup("yz")), Vec::<u32>::new());
        g.remove(3);
        assert_eq!(g.estimate("a"), Some(1));
        assert_eq!(g.estimate("e"), Some(0));
    }

    #[test]
    fn inserts_and_removes_keep_lists_sorted() {
        let mut g = GramIndex::default();
        for o in [5u32, 1, 9, 3] {
            g.insert(o, "さくら");
        }
        assert!(matches!(
            g.lookup("さく"),
            Some(Lookup::Exact(&[1, 3, 5, 9]))
        ));
        g.remove(5);
        assert!(matches!(g.lookup("くら"), Some(Lookup::Exact(&[1, 3, 9]))));
        assert_eq!(g.text(3), "さくら");
        assert_eq!(g.text(5), "");
        for o in [3u32, 1, 9] {
            g.remove(o);
        }
        assert!(g.is_empty());
    }

    #[test]
    fn the_arena_compacts_and_keeps_every_live_text() {
        let mut g = GramIndex::default();
        let long = |i: u32| format!("{}{i}", "あいうえお".repeat(200));
        for o in 0..100u32 {
            g.insert(o, &long(o));
        }
        for round in 0..20u32 {
            for o in (0..100u32).filter(|o| o % 3 != 0) {
                g.remove(o);
                g.insert(o, &long(o + round));
            }
        }
        assert!(
            g.bytes.len() < 4 << 20,
            "compacted: {} bytes",
            g.bytes.len()
        );
        for o in 0..100u32 {
            let want = if o % 3 == 0 { long(o) } else { long(o + 19) };
            assert_eq!(g.text(o), want);
        }
    }

    #[test]
    fn galloping_and_merging_intersections_agree() {
        let long: Vec<u32> = (0..10_000).map(|i| i * 3).collect();
        for short in [vec![0, 3, 4, 2_997, 29_997, 29_998], vec![], vec![30_000]] {
            let mut a = short.clone();
            intersect_into(&mut a, &long);
            let want: Vec<u32> = short.iter().copied().filter(|x| long.contains(x)).collect();
            assert_eq!(a, want);
            let mut b = long.clone();
            intersect_into(&mut b, &short);
            assert_eq!(b, want);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Every listing containing a word is among the candidates (or exactly the answer for
        /// two characters), built in bulk or one by one, on a small alphabet (many collisions).
        #[test]
        fn lookups_never_miss_a_match(
            texts in proptest::collection::vec("[あいうえ \u{1}]{0,12}", 1..40),
            word in "[あいうえ]{1,4}",
        ) {
            let mut bulk = GramIndex::default();
            let mut single = GramIndex::default();
            for (o, t) in texts.iter().enumerate().rev() {
                bulk.push(o as u32, t);
                single.insert(o as u32, t);
            }
            bulk.finish();
            let want: Vec<u32> = texts
                .iter()
                .enumerate()
                .filter(|(_, t)| contains(t, &word))
                .map(|(o, _)| o as u32)
                .collect();
            for g in [&bulk, &single] {
                prop_assert_eq!(&ords(g.lookup(&word)), &want);
                prop_assert!(g.estimate(&word).unwrap() >= want.len());
                if word.chars().count() == 1 {
                    prop_assert_eq!(g.estimate(&word).unwrap(), want.len());
                }
            }
        }
    }
}
