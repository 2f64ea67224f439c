//! The taxonomy labels a query word occurs in: a word found in the label of a category,
//! service type or capability matches every listing with that code (a label match counts as a
//! text match).

use super::bitset::Bitset;
use super::codes::bits;
use super::state::State;
use super::table::{Doc, Hot};

/// The categories, service types and capabilities whose Japanese label contains a query word
/// (a label match counts as a text match), as masks over the taxonomy tables.
#[derive(Clone, Copy)]
pub(super) struct LabelMasks {
    pub(super) categories: u64,
    pub(super) services: u64,
    pub(super) capabilities: u64,
}

impl LabelMasks {
    /// No label.
    pub(super) const NONE: LabelMasks = LabelMasks {
        categories: 0,
        services: 0,
        capabilities: 0,
    };

    pub(super) fn for_word(w: &str) -> LabelMasks {
        let labels = crate::text::label_texts();
        let mask = |table: &[String]| {
            bits(
                table
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.contains(w))
                    .map(|(i, _)| i),
            )
        };
        LabelMasks {
            categories: mask(&labels.categories),
            services: mask(&labels.services),
            capabilities: mask(&labels.capabilities),
        }
    }

    /// At most how many listings these labels match (the sum of their sets' sizes).
    pub(super) fn upper_bound(&self, st: &State) -> usize {
        let sum = |sets: &[Bitset], mask: u64| -> usize {
            sets.iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, s)| s.len())
                .sum()
        };
        sum(&st.categories, self.categories)
            + sum(&st.services, self.services)
            + sum(&st.capabilities, self.capabilities)
    }

    /// The listings matched through these labels.
    pub(super) fn listings(&self, st: &State) -> Bitset {
        let mut b = Bitset::union_of(&st.categories, self.categories);
        b.union_with(&Bitset::union_of(&st.services, self.services));
        b.union_with(&Bitset::union_of(&st.capabilities, self.capabilities));
        b
    }

    pub(super) fn match_hot(&self, h: &Hot) -> bool {
        self.categories & (1 << h.category) != 0
            || self.services & h.services != 0
            || self.capabilities & h.capabilities != 0
    }

    pub(super) fn match_doc(&self, d: &Doc) -> bool {
        self.categories & (1 << d.category) != 0
            || self.services & d.services != 0
            || self.capabilities & d.capabilities != 0
    }
}
