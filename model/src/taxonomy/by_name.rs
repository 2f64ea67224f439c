//! Kinds of listing named in English words. The listings' names and addresses are Japanese, so an
//! English keyword ("dentist", "home nursing") matches no listing's text; it often names a kind
//! the taxonomy has, which the English site can offer as a filter instead.

use super::{CAPABILITIES, CATEGORIES, SCENES, SERVICE_TYPES};
use crate::i18n::Lang;

/// A kind of listing: the search parameter that selects it and its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedKind {
    /// `category`, `service`, `capability` or `scene`.
    pub param: &'static str,
    /// The code.
    pub code: &'static str,
    /// Its English label.
    pub label: &'static str,
}

/// Words too common in the labels (or in what people type) to tell kinds apart.
const STOP: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "from", "in", "near", "of", "on", "or", "the", "to",
    "with", "me", "my", "service", "services", "care",
];

/// What people type for what the labels say.
const SAME: &[(&str, &str)] = &[
    ("dentist", "dental"),
    ("dentistry", "dental"),
    ("nurse", "nursing"),
    ("pharmacist", "pharmacy"),
    ("chemist", "pharmacy"),
    ("drugstore", "pharmacy"),
    ("physician", "doctor"),
    ("gp", "clinic"),
    ("rehab", "rehabilitation"),
];

/// Lowercase ASCII words of `text`, plurals made singular, stop words left out.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_ascii_lowercase();
            let w = if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() >= 3) {
                format!("{stem}y")
            } else {
                match w.strip_suffix('s') {
                    Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_string(),
                    _ => w,
                }
            };
            SAME.iter()
                .find(|(typed, _)| *typed == w)
                .map_or(w, |(_, label)| (*label).to_string())
        })
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

/// Whether a typed word names a label's word: the same, or the start of it (three letters at
/// least: "dent" → "dental", "nurs" → "nursing").
fn names(typed: &str, label_word: &str) -> bool {
    typed == label_word || (typed.len() >= 3 && label_word.starts_with(typed))
}

/// The kinds whose English label every typed word names (at most `most`, categories first,
/// then service types, capabilities and scenes, each in the taxonomy's order). Text with
/// Japanese in it, or no word left after the stop words, names none.
pub fn kinds_named(text: &str, most: usize) -> Vec<NamedKind> {
    if !text.is_ascii() {
        return Vec::new();
    }
    let typed = words(text);
    if typed.is_empty() {
        return Vec::new();
    }
    let en = Lang::En;
    let every = CATEGORIES
        .iter()
        .map(|c| ("category", c.code, c.label_in(en)))
        .chain(
            SERVICE_TYPES
                .iter()
                .map(|s| ("service", s.code, s.label_in(en))),
        )
        .chain(
            CAPABILITIES
                .iter()
                .map(|c| ("capability", c.code, c.label_in(en))),
        )
        .chain(SCENES.iter().map(|s| ("scene", s.code, s.label_in(en))));
    every
        .filter(|(_, _, label)| {
            let label_words = words(label);
            typed
                .iter()
                .all(|t| label_words.iter().any(|l| names(t, l)))
        })
        .take(most)
        .map(|(param, code, label)| NamedKind { param, code, label })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        kinds_named(text, 20).into_iter().map(|k| k.code).collect()
    }

    #[test]
    fn english_words_name_kinds() {
        assert_eq!(codes("dentist"), codes("dental"));
        let dental = codes("Dentists");
        assert!(
            dental.contains(&"dental_clinic") && dental.contains(&"home_visit_dental"),
            "{dental:?}"
        );
        let nursing = codes("home nursing");
        assert!(nursing.contains(&"visiting_nursing"), "{nursing:?}");
        assert!(!nursing.contains(&"pharmacy"), "{nursing:?}");
        assert!(codes("Pharmacies").contains(&"pharmacy"));
        assert!(codes("nurse").contains(&"visiting_nursing"));
        // Every word must be named: a word no label has names nothing.
        assert!(codes("nursing zebra").is_empty());
        // Japanese text, stop words alone, and nothing: no kinds.
        assert!(codes("訪問看護").is_empty());
        assert!(codes("the care of").is_empty());
        assert!(codes("").is_empty());
    }

    #[test]
    fn at_most_as_many_as_asked() {
        assert!(kinds_named("a", 3).len() <= 3);
        assert!(kinds_named("nursing", 2).len() <= 2);
    }
}
