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
        leptos::prelude::use_context::<Lang>()
            .or_else(|| ANSWERING.try_with(|a| a.lang).ok())
            .unwrap_or_else(request_lang)
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

/// The site's name in the page's language.
pub fn site_name() -> &'static str {
    tr("医療・介護資源マップ", "Medical and Care Resource Map")
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
    match leptos::prelude::use_context::<leptos_actix::Request>() {
        Some(req) => lang_of(&req),
        None => Lang::Ja,
    }
}

/// The language `req` asks for: `?lang=`, then the cookie, then `Accept-Language`.
#[cfg(feature = "ssr")]
pub fn lang_of(req: &actix_web::HttpRequest) -> Lang {
    let query = Lang::from_query(req.query_string()).map(Lang::code);
    let cookie = req.cookie(model::i18n::LANG_COOKIE);
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(query, cookie.as_ref().map(|c| c.value()), accept)
}

/// Builds what `f` returns with `lang` as the language of every view built in it (a letter to a
/// facility is Japanese whatever the page's language). Eager parts only: a closure the view
/// keeps runs later, outside.
#[cfg(feature = "ssr")]
pub fn in_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        leptos::prelude::provide_context(lang);
        f()
    })
}

/// The request a plain (non-leptos) handler is answering, with its language: the admin pages
/// and the update form build their views outside a leptos render, so the server runs each
/// request inside [`Answering::scope`] and [`lang`] reads it from there.
#[cfg(feature = "ssr")]
pub struct Answering {
    lang: Lang,
    /// Whether the request is a GET (a page of its own, which the switch can reload).
    get: bool,
    path: String,
    query: String,
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    static ANSWERING: Answering;
}

#[cfg(feature = "ssr")]
impl Answering {
    /// What the views answering `req` need of it: its language and address. (The request
    /// itself is not kept: actix needs it unshared to route it.)
    pub fn of(req: &actix_web::HttpRequest) -> Answering {
        Answering {
            lang: lang_of(req),
            get: req.method() == actix_web::http::Method::GET,
            path: req.path().to_string(),
            query: req.query_string().to_string(),
        }
    }

    /// Runs `f` (the handling of the request) with the request's language as the language of
    /// every view it builds.
    pub async fn scope<F: std::future::Future>(self, f: F) -> F::Output {
        ANSWERING.scope(self, f).await
    }
}

/// The address of the request being answered with `lang=` set to `to`, for the switch of a
/// page built outside a leptos render; None outside [`Answering::scope`]. A page answering a form
/// post switches to the administration's home (the post's address has no page of its own).
#[cfg(feature = "ssr")]
pub fn answering_switch_href(to: Lang) -> Option<String> {
    ANSWERING
        .try_with(|a| {
            if a.get {
                switch_href(&a.path, &a.query, to)
            } else {
                switch_href("/admin", "", to)
            }
        })
        .ok()
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
