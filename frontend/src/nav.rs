//! The search page's address, inside its island: the query string the page shows, and going
//! from one search to the next without loading the page again.
//!
//! The site is rendered by the server and only its interactive parts ("islands") run in the
//! browser, so the browser has no router. On the server the query string is the request's
//! (the router's location); in the browser it is `window.location`'s, kept in a signal that
//! [`PageQuery::go`] changes (adding a history entry) and the back and forward buttons change
//! back. Links to other pages load those pages from the server.

use leptos::prelude::*;

/// The page's query string (without the `?`), which the island's resources follow.
#[derive(Clone, Copy)]
pub struct PageQuery(RwSignal<String>);

impl PageQuery {
    /// The query string of the page being rendered (server) or shown (browser).
    pub fn new() -> Self {
        #[cfg(feature = "ssr")]
        let now = leptos_router::hooks::use_location()
            .search
            .get_untracked()
            .trim_start_matches('?')
            .to_string();
        #[cfg(not(feature = "ssr"))]
        let now = shown();
        let query = RwSignal::new(now);
        #[cfg(feature = "hydrate")]
        {
            // Back and forward move between the searches this page went through.
            let _ = window_event_listener(leptos::ev::popstate, move |_| query.set(shown()));
        }
        Self(query)
    }

    /// The query string, tracked.
    pub fn get(&self) -> String {
        self.0.get()
    }

    /// The query string, untracked.
    pub fn get_untracked(&self) -> String {
        self.0.get_untracked()
    }

    /// Shows the search at `href` (a URL of this page): a new history entry, the top of the
    /// page, and every resource of the island following the new query string.
    pub fn go(&self, href: &str) {
        #[cfg(feature = "hydrate")]
        {
            let w = window();
            if let Ok(h) = w.history() {
                let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
            }
            w.scroll_to_with_x_and_y(0.0, 0.0);
            self.0.set(shown());
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = href;
    }

    /// Takes a click on a link to another search of this page (`/` or `/?…`) and shows that
    /// search in place; other links, and clicks meant for a new tab or window, are left to
    /// the browser.
    pub fn follow(&self, ev: &leptos::ev::MouseEvent) {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if ev.default_prevented()
                || ev.button() != 0
                || ev.meta_key()
                || ev.ctrl_key()
                || ev.shift_key()
                || ev.alt_key()
            {
                return;
            }
            let Some(link) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("a[href]").ok().flatten())
            else {
                return;
            };
            if link.has_attribute("target") || link.has_attribute("download") {
                return;
            }
            let href = link.get_attribute("href").unwrap_or_default();
            if href == "/" || href.starts_with("/?") {
                ev.prevent_default();
                self.go(&href);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    }
}

impl Default for PageQuery {
    fn default() -> Self {
        Self::new()
    }
}

/// The query string the browser shows (empty outside a browser).
#[cfg(any(not(feature = "ssr"), feature = "hydrate"))]
fn shown() -> String {
    #[cfg(feature = "hydrate")]
    {
        window()
            .location()
            .search()
            .unwrap_or_default()
            .trim_start_matches('?')
            .to_string()
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}
