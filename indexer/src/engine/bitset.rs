//! A growable bitset over ordinals. Adding and removing members keep their number current;
//! union and intersection leave it to be counted when asked (most of their results are never
//! asked, and counting in the same pass slowed text queries by a fifth).

/// A growable bitset over ordinals.
#[derive(Clone, Debug)]
pub(super) struct Bitset {
    words: Vec<u64>,
    /// Number of members, when known (`None` after a union or intersection).
    count: Option<usize>,
}

impl Default for Bitset {
    fn default() -> Bitset {
        Bitset::with_len(0)
    }
}

impl Bitset {
    /// An empty set with room for ordinals below `n`.
    pub(super) fn with_len(n: usize) -> Bitset {
        Bitset {
            words: vec![0; n.div_ceil(64)],
            count: Some(0),
        }
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }

    /// Number of members.
    pub(super) fn len(&self) -> usize {
        self.count
            .unwrap_or_else(|| self.words.iter().map(|w| w.count_ones() as usize).sum())
    }

    /// Adds `i`.
    pub(super) fn set(&mut self, i: u32) {
        let (w, b) = ((i / 64) as usize, i % 64);
        if w >= self.words.len() {
            self.words.resize(w + 1, 0);
        }
        if self.words[w] & (1 << b) == 0 {
            self.words[w] |= 1 << b;
            self.count = self.count.map(|c| c + 1);
        }
    }

    /// Removes `i`.
    pub(super) fn clear(&mut self, i: u32) {
        let (w, b) = ((i / 64) as usize, i % 64);
        if let Some(word) = self.words.get_mut(w)
            && *word & (1 << b) != 0
        {
            *word &= !(1 << b);
            self.count = self.count.map(|c| c - 1);
        }
    }

    /// Whether `i` is a member.
    pub(super) fn get(&self, i: u32) -> bool {
        self.words
            .get((i / 64) as usize)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// `self ∪= other`.
    pub(super) fn union_with(&mut self, other: &Bitset) {
        if other.words.len() > self.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= *b;
        }
        self.count = None;
    }

    /// `self ∩= other`.
    pub(super) fn intersect_with(&mut self, other: &Bitset) {
        self.words.truncate(other.words.len());
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= *b;
        }
        self.count = None;
    }

    /// The union of the sets whose index bit is set in `mask`.
    pub(super) fn union_of(sets: &[Bitset], mask: u64) -> Bitset {
        let mut b = Bitset::default();
        for (i, s) in sets.iter().enumerate() {
            if mask & (1 << i) != 0 {
                b.union_with(s);
            }
        }
        b
    }

    /// Number of members of `self ∩ other`.
    pub(super) fn and_count(&self, other: &Bitset) -> u64 {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| u64::from((a & b).count_ones()))
            .sum()
    }

    /// The set of `ords` (any order; "sorted" is what callers have).
    pub(super) fn from_sorted(ords: &[u32]) -> Bitset {
        let mut b = Bitset::default();
        for &o in ords {
            b.set(o);
        }
        b
    }

    /// The members in increasing order.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros();
                w &= w - 1;
                Some(wi as u32 * 64 + b)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Bitset;
    use std::collections::BTreeSet;

    /// A reference set for `Bitset` (ordinals spread over several words and an empty one).
    fn sample(seed: u32, n: usize) -> BTreeSet<u32> {
        (0..n as u32)
            .map(|i| i.wrapping_mul(2_654_435_761u32.wrapping_add(seed)) % 700)
            .filter(|o| !(128..192).contains(o))
            .collect()
    }

    fn of(set: &BTreeSet<u32>) -> Bitset {
        let v: Vec<u32> = set.iter().copied().collect();
        Bitset::from_sorted(&v)
    }

    #[test]
    fn members_and_count_follow_set_and_clear() {
        let mut b = Bitset::with_len(10);
        assert_eq!((b.len(), b.get(3)), (0, false));
        b.set(3);
        b.set(3);
        b.set(64);
        b.set(1_000); // beyond the room asked for: the set grows
        assert_eq!(b.len(), 3);
        assert!(b.get(3) && b.get(64) && b.get(1_000) && !b.get(63) && !b.get(5_000));
        b.clear(64);
        b.clear(64);
        b.clear(9_999); // never there, beyond the words
        assert_eq!(b.len(), 2);
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![3, 1_000]);
    }

    #[test]
    fn set_algebra_equals_the_reference() {
        let (x, y) = (sample(1, 300), sample(7, 40));
        let mut u = of(&x);
        u.union_with(&of(&y));
        let want: Vec<u32> = x.union(&y).copied().collect();
        assert_eq!(u.iter().collect::<Vec<_>>(), want);
        assert_eq!(u.len(), want.len());
        // A shorter set on either side.
        let mut i = of(&y);
        i.intersect_with(&of(&x));
        let want: Vec<u32> = x.intersection(&y).copied().collect();
        assert_eq!(i.iter().collect::<Vec<_>>(), want);
        assert_eq!(i.len(), want.len());
        let mut i = of(&x);
        i.intersect_with(&Bitset::from_sorted(&[1, 2]));
        assert_eq!(i.len(), x.intersection(&[1, 2].into()).count());
        assert_eq!(
            of(&x).and_count(&of(&y)) as usize,
            x.intersection(&y).count()
        );
    }

    #[test]
    fn union_of_takes_the_sets_the_mask_names() {
        let sets = [
            Bitset::from_sorted(&[1]),
            Bitset::from_sorted(&[2, 200]),
            Bitset::from_sorted(&[3]),
        ];
        let u = Bitset::union_of(&sets, 0b101);
        assert_eq!(u.iter().collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(u.len(), 2);
        assert_eq!(Bitset::union_of(&sets, 0).len(), 0);
    }
}
