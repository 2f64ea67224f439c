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

/// The bigrams of normalised text as a token stream: the same terms and positions as
/// [`bigrams`], read lazily.
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
            if self.prev.is_none() {
                self.next_position += 2;
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

/// Every non-space character of normalised text as a token stream.
pub struct UnigramStream<'a> {
    chars: std::str::Chars<'a>,
    next_position: usize,
    token: Token,
}

impl TokenStream for UnigramStream<'_> {
    fn advance(&mut self) -> bool {
        for c in self.chars.by_ref() {
            if c == ' ' {
                continue;
            }
            self.token.text.clear();
            self.token.text.push(c);
            self.token.position = self.next_position;
            self.next_position += 1;
            return true;
        }
        false
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

impl Tokenizer for UnigramTokenizer {
    type TokenStream<'a> = UnigramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> UnigramStream<'a> {
        UnigramStream {
            chars: text.chars(),
            next_position: 0,
            token: reused_token(),
        }
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
                bigrams(text),
                "{text:?}"
            );
            let unigrams: Vec<(usize, String)> = text
                .chars()
                .filter(|c| *c != ' ')
                .enumerate()
                .map(|(i, c)| (i, c.to_string()))
                .collect();
            assert_eq!(streamed(UnigramTokenizer.token_stream(text)), unigrams);
        }
    }
}
