//! The language a page is written in, and the wording of its interface in both languages.
//!
//! The server decides a request's language ([`model::i18n::Lang::negotiate`]: `?lang=`, the
//! cookie, `Accept-Language`) and provides it to the page render and to server functions
//! ([`provide_request_lang`]); the page carries it in `<html lang>`, which the browser side reads
//! back, so an island hydrates in the language the server rendered it in.
//!
//! Interface strings are written in place as pairs, `tr("探す", "Search")`: both languages beside
//! each other where the page uses them, reviewable together. Data (names, addresses, notes,
//! credit lines) stays Japanese in both; an English page marks it `lang="ja"` ([`data_lang`]) so
//! that screen readers and translators treat it as Japanese.

pub use model::i18n::Lang;

/// The language of the page being rendered (server) or shown (browser).
pub fn lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<Lang>().unwrap_or_else(request_lang)
    }
    #[cfg(not(feature = "ssr"))]
    {
        shown_lang()
    }
}

/// `ja` on a Japanese page, `en` on an English one.
pub fn tr(ja: &'static str, en: &'static str) -> &'static str {
    lang().pick(ja, en)
}

/// The `lang` attribute for Japanese data shown on a page: `Some("ja")` on an English page (the
/// data's language differs from the page's), None on a Japanese one.
pub fn data_lang() -> Option<&'static str> {
    lang().is_en().then_some("ja")
}

/// The language of the request being answered: `?lang=`, then the cookie, then
/// `Accept-Language` (Japanese outside a request).
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    let Some(req) = leptos::prelude::use_context::<leptos_actix::Request>() else {
        return Lang::Ja;
    };
    let query = Lang::from_query(req.query_string()).map(Lang::code);
    let cookie = req.cookie(model::i18n::LANG_COOKIE);
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(query, cookie.as_ref().map(|c| c.value()), accept)
}

/// Decides the request's language once and provides it to everything rendered for it (called
/// by the server for every page render and server function).
#[cfg(feature = "ssr")]
pub fn provide_request_lang() {
    leptos::prelude::provide_context(request_lang());
}

/// The language the server rendered the page in (`<html lang>`), read once.
#[cfg(not(feature = "ssr"))]
fn shown_lang() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        thread_local! {
            static SHOWN: Lang = leptos::prelude::document()
                .document_element()
                .and_then(|e| e.get_attribute("lang"))
                .and_then(|l| Lang::from_code(&l))
                .unwrap_or_default();
        }
        SHOWN.with(|l| *l)
    }
    #[cfg(not(feature = "hydrate"))]
    Lang::Ja
}

/// The address of the page being rendered with `lang=` set to `to` (other parameters kept), for
/// the language switch.
pub fn switch_href(path: &str, query: &str, to: Lang) -> String {
    let mut pairs = crate::url::pairs(query);
    pairs.retain(|(k, _)| k != model::i18n::LANG_PARAM);
    pairs.push((model::i18n::LANG_PARAM.into(), to.code().into()));
    crate::url::href(path, &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_keeps_the_page_and_its_query() {
        assert_eq!(switch_href("/", "", Lang::En), "/?lang=en");
        assert_eq!(
            switch_href("/print", "?q=%E8%A8%AA&lang=ja&page=2", Lang::En),
            "/print?q=%E8%A8%AA&page=2&lang=en"
        );
    }

    #[test]
    fn outside_a_request_the_page_is_japanese() {
        assert_eq!(lang(), Lang::Ja);
        assert_eq!(tr("探す", "Search"), "探す");
        assert_eq!(data_lang(), None);
    }
}
