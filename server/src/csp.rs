//! The pages' Content-Security-Policy.
//!
//! The site runs no inline script except leptos' hydration scripts, and those carry the
//! request's nonce (leptos_actix makes one per page render), so a page's policy names that nonce
//! and nothing else inline: an injected `<script>` or `style` attribute does not run. The
//! hydrating wasm needs `'wasm-unsafe-eval'`; the map's tiles come from the configured tile
//! server, the only other origin a page loads from. Pages without hydration (the admin pages, the
//! update form, error answers) get the same policy without a nonce. Only the embeddable widget
//! ([`framable`]) may be shown in another site's frame.

use actix_web::http::header::{self, HeaderValue};

/// Whether `path` is the embeddable widget's ([`frontend::pages::embed::EMBED_PATH`]), the one
/// page other sites may show in a frame.
pub fn framable(path: &str) -> bool {
    path == frontend::pages::embed::EMBED_PATH
}

/// The policy of this server's pages (the tile server is the one setting it depends on).
#[derive(Clone, Debug)]
pub struct Policy {
    /// Where images may come from: this server, data URLs (Leaflet's), the tile server.
    img_src: String,
    /// The policy without a nonce, made once (pages without hydration; every other answer).
    plain: HeaderValue,
}

impl Policy {
    /// The policy for a server whose map tiles come from `tile_url` (a URL template; empty: no
    /// tiles).
    pub fn new(tile_url: &str) -> Policy {
        let mut img_src = "'self' data:".to_string();
        if let Some(origin) = origin_of(tile_url) {
            img_src.push(' ');
            img_src.push_str(&origin);
        }
        let mut p = Policy {
            img_src,
            plain: HeaderValue::from_static(""),
        };
        p.plain = HeaderValue::from_str(&p.header(None))
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
        p
    }

    /// The header value without a nonce, made once.
    pub fn plain(&self) -> &HeaderValue {
        &self.plain
    }

    /// The header value, naming `nonce` as the one inline script source when there is one.
    pub fn header(&self, nonce: Option<&str>) -> String {
        self.header_for(nonce, false)
    }

    /// The header value; `framable`: any site may show the page in a frame.
    pub fn header_for(&self, nonce: Option<&str>, framable: bool) -> String {
        let scripts = match nonce {
            Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
            None => "'self' 'wasm-unsafe-eval'".to_string(),
        };
        format!(
            "default-src 'self'; script-src {scripts}; style-src 'self'; img-src {}; \
             connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors {}",
            self.img_src,
            if framable { "*" } else { "'none'" }
        )
    }

    /// For a page render (leptos' context): the policy naming this render's nonce, set on the
    /// page's answer.
    pub fn name_this_pages_nonce(&self) {
        let Some(res) = leptos::prelude::use_context::<leptos_actix::ResponseOptions>() else {
            return;
        };
        let nonce = leptos::nonce::use_nonce();
        let embed = leptos::prelude::use_context::<leptos_actix::Request>()
            .is_some_and(|r| framable(r.path()));
        if let Ok(v) = HeaderValue::from_str(&self.header_for(nonce.as_deref(), embed)) {
            res.insert_header(header::CONTENT_SECURITY_POLICY, v);
        }
    }
}

/// `scheme://host[:port]` of a URL template such as `https://tiles.example/{z}/{x}/{y}.png`.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    valid.then(|| format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tile_servers_origin_is_the_only_other_image_source() {
        let p = Policy::new("https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png");
        let h = p.header(Some("abc"));
        assert!(h.contains("img-src 'self' data: https://cyberjapandata.gsi.go.jp;"));
        assert!(h.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(h.contains("frame-ancestors 'none'"));
        assert!(!h.contains("unsafe-inline"));
        assert!(p.header_for(None, true).ends_with("frame-ancestors *"));
        assert!(framable("/embed") && !framable("/embed/x") && !framable("/"));
        assert!(
            Policy::new("")
                .header(None)
                .contains("img-src 'self' data:;")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8081/t/{z}/{x}/{y}.png").as_deref(),
            Some("http://127.0.0.1:8081")
        );
        // Anything that is not a plain origin stays out of the policy.
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://a.example; script-src *"), None);
        assert_eq!(origin_of("https:///x"), None);
    }
}
