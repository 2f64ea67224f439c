//! Japanese-aware text analysis that needs no dictionary download.
//!
//! # Why character bigrams and not a morphological analyzer
//!
//! Facility names are dense compounds of proper nouns (「さくら訪問看護ステーション」,
//! 「三軒茶屋ケアプランセンター」) and users type fragments of them. A morphological analyzer
//! segments words but misses substrings inside a word (茶屋 inside 三軒茶屋), and the embedded
//! dictionaries of lindera are downloaded by its build script, which fails offline. Character
//! bigrams find every substring of two or more characters: a text that contains a query word
//! holds each of the word's bigrams, and a substring search over the few texts that hold them all
//! confirms the word (`grams.rs`). A word of one character has no bigram: the index holds it
//! as a term of its own ([`terms`]), so every character of a text is in some term, and a
//! one-character query is the terms that hold it (`grams.rs` does the same with its lists).
//!
//! # Normalisation
//!
//! Both documents and queries go through [`normalize`]: Unicode NFKC (full-width ＡＢＣ and
//! half-width ｶﾀｶﾅ become ABC and カタカナ, ２４ becomes 24), lower case, and katakana folded to
//! hiragana (ホウモンカンゴ = ほうもんかんご), with runs of whitespace collapsed to one space.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

/// Normalises text for indexing and querying: NFKC, lower case, katakana → hiragana, single spaces.
///
/// # Examples
/// ```
/// use indexer::text::analysis::normalize;
/// assert_eq!(normalize("ﾎｳﾓﾝｶﾝｺﾞ　ＡＢＣ"), "ほうもんかんご abc");
/// assert_eq!(normalize("ホウモンカンゴ"), normalize("ほうもんかんご"));
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = Normalized::with_capacity(text.len());
    for c in text.chars() {
        match simple(c) {
            Some(c) => out.push(c),
            // A character that NFKC changes or composes: the whole text the long way.
            None => return normalize_fully(text),
        }
    }
    out.text
}

/// [`normalize`] through the full NFKC algorithm.
fn normalize_fully(text: &str) -> String {
    let mut out = Normalized::with_capacity(text.len());
    for c in text.nfkc().flat_map(char::to_lowercase) {
        out.push(c);
    }
    out.text
}

/// Normalised text being built from normalised, lower-case characters.
struct Normalized {
    text: String,
    pending_space: bool,
}

impl Normalized {
    fn with_capacity(n: usize) -> Normalized {
        Normalized {
            text: String::with_capacity(n),
            pending_space: false,
        }
    }

    fn push(&mut self, c: char) {
        // Control characters count as space (the engine uses one as a field separator).
        if c.is_whitespace() || c.is_control() {
            self.pending_space = !self.text.is_empty();
            return;
        }
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        self.text.push(fold_kana(c));
    }
}

/// A character's NFKC form in lower case when it takes no part in composition (NFKC leaves
/// it alone, or maps it to one ASCII character as it does the full-width forms, and nothing
/// composes with it), which is almost every character of Japanese text; `None` otherwise.
/// Text made of such characters is normalised character by character.
fn simple(c: char) -> Option<char> {
    match c {
        '\0'..='\u{7F}' => Some(c.to_ascii_lowercase()),
        // Hiragana, katakana and the unified ideographs: stable, caseless.
        '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'
        | '\u{4E00}'..='\u{9FFF}' => Some(c),
        // Full-width ASCII (ＡＢＣ, ２４, －) is its ASCII character under NFKC.
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(c as u32 - 0xFEE0).map(|a| a.to_ascii_lowercase())
        }
        _ => {
            let stable = unicode_normalization::is_nfkc_quick(std::iter::once(c))
                == unicode_normalization::IsNormalized::Yes
                && unicode_normalization::char::canonical_combining_class(c) == 0;
            if !stable {
                return None;
            }
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => Some(l),
                _ => None,
            }
        }
    }
}

/// Folds a katakana character to its hiragana counterpart (ァ..ヶ → ぁ..ゖ); others unchanged.
fn fold_kana(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Splits normalised text into character bigrams per whitespace-separated word.
///
/// Positions (those of the token stream; the index keeps none) increase by one per bigram and
/// jump by two between words. Words of one character yield no bigram.
pub fn bigrams(normalized: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for word in normalized.split(' ') {
        let chars: Vec<char> = word.chars().collect();
        for w in chars.windows(2) {
            out.push((pos, w.iter().collect()));
            pos += 1;
        }
        pos += 2;
    }
    out
}

/// The terms the text fields index: the bigrams of each word (see [`bigrams`]), and a word of
/// one character as itself (at the position its bigram would have; positions then jump by
/// three, as after a word of two characters).
pub fn terms(normalized: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for word in normalized.split(' ') {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() == 1 {
            out.push((pos, word.to_string()));
            pos += 1;
        }
        for w in chars.windows(2) {
            out.push((pos, w.iter().collect()));
            pos += 1;
        }
        pos += 2;
    }
    out
}

/// Tokenizer emitting the [`terms`] of already-normalised text.
#[derive(Clone, Default)]
pub struct BigramTokenizer;

/// The token of a stream, written over for each term (no allocation per term: indexing half a
/// million listings produces tens of millions of them).
fn reused_token() -> Token {
    Token {
        offset_from: 0,
        offset_to: 0,
        position: 0,
        text: String::with_capacity(8),
        position_length: 1,
    }
}

/// The terms of normalised text as a token stream: the same terms and positions as
/// [`terms`], read lazily.
pub struct BigramStream<'a> {
    words: std::str::Split<'a, char>,
    /// The previous character of the current word (None between words).
    prev: Option<char>,
    /// The rest of the current word.
    rest: &'a str,
    next_position: usize,
    token: Token,
}

impl TokenStream for BigramStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(p) = self.prev {
                let mut chars = self.rest.chars();
                if let Some(c) = chars.next() {
                    self.token.text.clear();
                    self.token.text.push(p);
                    self.token.text.push(c);
                    self.token.position = self.next_position;
                    self.next_position += 1;
                    self.prev = Some(c);
                    self.rest = chars.as_str();
                    return true;
                }
                // The end of a word: positions jump by two.
                self.next_position += 2;
                self.prev = None;
            }
            let Some(word) = self.words.next() else {
                return false;
            };
            let mut chars = word.chars();
            self.prev = chars.next();
            self.rest = chars.as_str();
            match self.prev {
                None => self.next_position += 2,
                Some(c) if self.rest.is_empty() => {
                    // A word of one character: itself.
                    self.token.text.clear();
                    self.token.text.push(c);
                    self.token.position = self.next_position;
                    self.next_position += 3;
                    self.prev = None;
                    return true;
                }
                Some(_) => {}
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream<'a> {
        BigramStream {
            words: text.split(' '),
            prev: None,
            rest: "",
            next_position: 0,
            token: reused_token(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_character_normalises_as_full_nfkc_does() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(normalize(&s), normalize_fully(&s), "U+{:04X}", c as u32);
            // Before and after a character that composes with what precedes it.
            let s = format!("か{c}\u{3099}");
            assert_eq!(
                normalize(&s),
                normalize_fully(&s),
                "U+{:04X} + dakuten",
                c as u32
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// Text mixing the simple characters with the ones that compose, decompose or change
        /// case normalises exactly as the full algorithm does.
        #[test]
        fn mixed_text_normalises_as_full_nfkc_does(
            text in "[あかは訪問看護カタヴーＡＢａ１２－ 　\t\u{3099}\u{309A}\u{301}ｶﾞﾊﾟ㈱①ﬁİΣAZaz09\u{1100}\u{1161}\u{11A8}]{0,24}"
        ) {
            prop_assert_eq!(normalize(&text), normalize_fully(&text));
        }
    }

    #[test]
    fn width_case_and_kana_variants_normalise_alike() {
        assert_eq!(normalize("ＡＢＣ"), "abc");
        assert_eq!(normalize("ABC"), "abc");
        assert_eq!(normalize("２４時間"), "24時間");
        assert_eq!(normalize("ﾃﾞｲｻｰﾋﾞｽ"), normalize("デイサービス"));
        assert_eq!(normalize("ヒマワリ"), "ひまわり");
        assert_eq!(normalize("  訪問　看護  "), "訪問 看護");
    }

    #[test]
    fn bigrams_do_not_cross_words() {
        let b = bigrams("あいう えお");
        assert_eq!(
            b,
            vec![
                (0, "あい".to_string()),
                (1, "いう".to_string()),
                (4, "えお".to_string())
            ]
        );
        assert!(bigrams("あ").is_empty());
        // The indexed terms add a word of one character as itself.
        assert_eq!(
            terms("前 あいう え"),
            vec![
                (0, "前".to_string()),
                (3, "あい".to_string()),
                (4, "いう".to_string()),
                (7, "え".to_string())
            ]
        );
    }

    fn streamed(mut stream: impl TokenStream) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.position, t.text.clone()));
        }
        out
    }

    #[test]
    fn the_token_streams_give_the_terms_and_positions_of_their_definitions() {
        for text in [
            "",
            "あ",
            "あいう えお",
            "訪問看護 ステーション 24時間",
            " 前 後 ",
            "a  b",
            "ひまわり",
            "こ ん に ち は",
        ] {
            assert_eq!(
                streamed(BigramTokenizer.token_stream(text)),
                terms(text),
                "{text:?}"
            );
        }
    }
}
