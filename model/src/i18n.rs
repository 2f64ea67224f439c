//! The languages caremap speaks: Japanese (the default, and the language of the data) and
//! English, and how a request chooses one.
//!
//! A page's language comes, first to last, from `?lang=` in its address, the cookie
//! [`LANG_COOKIE`] (which the server sets whenever `?lang=` is given, so the choice is
//! remembered), and the browser's `Accept-Language`; Japanese when none of them names a language
//! caremap has. The API answers its labels in the language of `lang=` only (an API answer does
//! not change with the browser that asks).

use serde::{Deserialize, Serialize};

/// The query parameter that chooses the language (`lang=en`, `lang=ja`).
pub const LANG_PARAM: &str = "lang";
/// The cookie that remembers the language chosen with [`LANG_PARAM`].
pub const LANG_COOKIE: &str = "caremap_lang";

/// A language of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Japanese: the default, and the language of every listing's data.
    #[default]
    Ja,
    /// English: the interface, the taxonomy and the explanations; the data stays Japanese.
    En,
}

impl Lang {
    /// Both languages, the default first.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The language's BCP 47 code (`ja`, `en`), as in `<html lang>` and `?lang=`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The language named by a code (`ja`, `en`, any case; a region such as `en-GB` counts).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        Lang::ALL
            .into_iter()
            .find(|l| primary.eq_ignore_ascii_case(l.code()))
    }

    /// The language an `Accept-Language` header prefers among caremap's: the one of highest
    /// quality (`q`), the earlier on a tie; None when it names neither (`*` names none: the
    /// default is then the site's own).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let Some(lang) = Lang::from_code(tag) else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }

    /// The language of a page request: `?lang=` first, then the cookie, then `Accept-Language`,
    /// then Japanese. Values caremap does not know are passed over.
    pub fn negotiate(query: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> Lang {
        query
            .and_then(Lang::from_code)
            .or_else(|| cookie.and_then(Lang::from_code))
            .or_else(|| accept.and_then(Lang::from_accept_language))
            .unwrap_or_default()
    }

    /// The value of `lang=` in a query string (None: absent or not a language of the site).
    pub fn from_query(query: &str) -> Option<Lang> {
        form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .find(|(k, _)| k == LANG_PARAM)
            .and_then(|(_, v)| Lang::from_code(&v))
    }

    /// `ja` in Japanese, `en` in English.
    pub fn pick<T>(self, ja: T, en: T) -> T {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// Whether this is Japanese.
    pub fn is_ja(self) -> bool {
        self == Lang::Ja
    }

    /// Whether this is English.
    pub fn is_en(self) -> bool {
        self == Lang::En
    }

    /// The language's own name (「日本語」, "English"), as a language switch shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    /// The other language (the one a switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn codes_read_with_any_case_and_region() {
        assert_eq!(Lang::from_code("en"), Some(Lang::En));
        assert_eq!(Lang::from_code("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("ja_JP"), Some(Lang::Ja));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn accept_language_takes_the_best_quality_of_ours() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,ja;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr-FR, ja;q=0.5, en;q=0.4"),
            Some(Lang::Ja)
        );
        assert_eq!(
            Lang::from_accept_language("ja;q=0.2, en;q=0.7"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("en;q=0, ja;q=0.1"),
            Some(Lang::Ja)
        );
        assert_eq!(Lang::from_accept_language("de, *;q=0.5"), None);
        assert_eq!(Lang::from_accept_language(""), None);
    }

    #[test]
    fn the_address_beats_the_cookie_which_beats_the_browser() {
        assert_eq!(
            Lang::negotiate(Some("en"), Some("ja"), Some("ja")),
            Lang::En
        );
        assert_eq!(Lang::negotiate(None, Some("en"), Some("ja")), Lang::En);
        assert_eq!(
            Lang::negotiate(Some("xx"), Some("ja"), Some("en")),
            Lang::Ja
        );
        assert_eq!(Lang::negotiate(None, None, Some("en-GB")), Lang::En);
        assert_eq!(Lang::negotiate(None, Some("xx"), Some("de")), Lang::Ja);
        assert_eq!(Lang::negotiate(None, None, None), Lang::Ja);
    }

    #[test]
    fn the_query_parameter_is_found_among_others() {
        assert_eq!(Lang::from_query("?q=a&lang=en"), Some(Lang::En));
        assert_eq!(Lang::from_query("lang=ja&page=2"), Some(Lang::Ja));
        assert_eq!(Lang::from_query("q=lang"), None);
        assert_eq!(Lang::from_query("lang=xx"), None);
    }
}
