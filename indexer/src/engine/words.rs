//! Query words checked in memory: the substring and label test a scan runs on each candidate,
//! and the text matches a query carries (every word's own matches, see [`super::rank`]).

use super::bitset::Bitset;
use super::labels::LabelMasks;
use super::table::Doc;
use super::word_cache::WordEntry;
use std::sync::Arc;

/// One query word checked in memory: a substring finder built once per query, and its label
/// matches.
pub(super) struct WordCheck {
    pub(super) finder: memchr::memmem::Finder<'static>,
    pub(super) labels: LabelMasks,
}

impl WordCheck {
    pub(super) fn new(w: &str) -> WordCheck {
        WordCheck {
            finder: memchr::memmem::Finder::new(w.as_bytes()).into_owned(),
            labels: LabelMasks::for_word(w),
        }
    }

    pub(super) fn matches(&self, d: &Doc, text: &[u8]) -> bool {
        self.labels.match_doc(d) || self.finder.find(text).is_some()
    }
}

/// Text matches: the listings holding every word, and each word's own matches (which a ranked
/// query splits by level, see [`super::rank`]).
pub(super) struct TextMatches {
    pub(super) bits: Bitset,
    pub(super) words: Vec<Arc<WordEntry>>,
}
