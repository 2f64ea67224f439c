//! Japanese-aware text analysis that needs no dictionary download.
//!
//! # Why character bigrams and not a morphological analyzer
//!
//! Facility names are dense compounds of proper nouns (「さくら訪問看護ステーション」,
//! 「三軒茶屋ケアプランセンター」) and users type fragments of them. A morphological analyzer
//! segments words but misses substrings inside a word (茶屋 inside 三軒茶屋), and the embedded
//! dictionaries of lindera are downloaded by its build script, which fails offline. Character
//! bigrams with increasing positions find every substring of two or more characters: a query is a
//! phrase of its bigrams, which matches exactly where the query occurs as a substring. One-character
//! queries go to a separate unigram field.
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
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc().flat_map(char::to_lowercase) {
        // Control characters count as space (the engine uses one as a field separator).
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(fold_kana(c));
    }
    out
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
/// Positions increase by one per bigram and jump by two between words, so a phrase of bigrams
/// never matches across a word boundary. Words of one character yield no bigram.
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

/// Tokenizer emitting the bigrams of already-normalised text (see [`bigrams`]).
#[derive(Clone, Default)]
pub struct BigramTokenizer;

/// Tokenizer emitting every non-space character of already-normalised text.
#[derive(Clone, Default)]
pub struct UnigramTokenizer;

/// A token stream over precomputed tokens.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl VecTokenStream {
    fn new(tokens: Vec<Token>) -> Self {
        VecTokenStream {
            tokens,
            index: usize::MAX,
        }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.index = self.index.wrapping_add(1);
        self.index < self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index]
    }
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = bigrams(text)
            .into_iter()
            .map(|(position, text)| Token {
                position,
                text,
                offset_from: 0,
                offset_to: 0,
                position_length: 1,
            })
            .collect();
        VecTokenStream::new(tokens)
    }
}

impl Tokenizer for UnigramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = text
            .chars()
            .filter(|c| *c != ' ')
            .enumerate()
            .map(|(position, c)| Token {
                position,
                text: c.to_string(),
                offset_from: 0,
                offset_to: 0,
                position_length: 1,
            })
            .collect();
        VecTokenStream::new(tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
