//! The security headers: every page has a Content-Security-Policy that names the page's own
//! nonce as its only inline script source, nothing is sniffed, nothing is framed.

use tests::TestServer;

/// The `'nonce-…'` a policy names, if any.
fn nonce_of(policy: &str) -> Option<String> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(policy[start..start + len].to_string())
}

/// Every `<script …>` tag of a page.
fn script_tags(html: &str) -> Vec<&str> {
    html.match_indices("<script")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap_or(0) + 1])
        .collect()
}

#[test]
fn site_pages_name_their_own_nonce_and_run_no_other_inline_script() {
    let s = TestServer::start();
    let mut nonces = Vec::new();
    let pages = [
        "/",
        "/?q=%E8%A8%AA%E5%95%8F",
        "/facilities/sample-hospital-001",
        "/areas/sample-area-2",
        "/print?category=medical",
        "/care-managers/contact-times",
        "/care-managers/acceptance",
        "/planning?service=visiting_nursing",
        "/no-such-page",
    ];
    for p in pages {
        let r = s.get(p);
        let policy = r
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{p} has no policy"))
            .to_string();
        assert!(!policy.contains("unsafe-inline"), "{p}: {policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "{p}");
        assert!(policy.contains("style-src 'self';"), "{p}");
        // The map's tiles are the one other origin a page loads from.
        assert!(
            policy.contains("img-src 'self' data: https://cyberjapandata.gsi.go.jp;"),
            "{p}: {policy}"
        );
        let nonce = nonce_of(&policy).unwrap_or_else(|| panic!("{p}: no nonce in {policy}"));
        let html = r.text();
        let inline: Vec<&str> = script_tags(&html)
            .into_iter()
            .filter(|t| !t.contains(" src="))
            .collect();
        assert!(!inline.is_empty(), "{p}: the hydration scripts are inline");
        for t in inline {
            assert!(
                t.contains(&format!("nonce=\"{nonce}\"")),
                "{p}: an inline script without the page's nonce: {t}"
            );
        }
        assert!(!html.contains(" style=\""), "{p}: an inline style");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{p}");
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{p}");
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), pages.len(), "a new nonce for every page");
}

#[test]
fn pages_without_hydration_allow_no_inline_script_at_all() {
    let s = TestServer::start();
    for p in ["/admin/login", "/update/not-a-token"] {
        let r = s.get(p);
        let policy = r.header("content-security-policy").unwrap_or_default();
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{p}: {policy}"
        );
        assert!(nonce_of(policy).is_none(), "{p}");
        let html = r.text();
        assert!(
            script_tags(&html).iter().all(|t| t.contains(" src=")),
            "{p}: inline script"
        );
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{p}");
    }
}

#[test]
fn api_answers_are_never_sniffed() {
    let s = TestServer::start();
    for p in [
        "/api/v1/search?per_page=1",
        "/api/v1/taxonomy",
        "/api/v1/nope",
        "/api/v1/exports/facilities.csv",
    ] {
        let r = s.get(p);
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{p}");
    }
}

#[test]
fn only_the_widget_may_be_framed_by_other_sites() {
    let s = TestServer::start();
    let embed = s.get("/embed?scene=emergency");
    assert_eq!(embed.status, 200);
    let policy = embed.header("content-security-policy").unwrap();
    assert!(policy.ends_with("frame-ancestors *"), "{policy}");
    assert!(
        nonce_of(policy).is_some(),
        "the widget's map hydrates: {policy}"
    );
    assert_eq!(embed.header("x-frame-options"), None);
    // Its site frame is left out: no header, no footer.
    let html = embed.text();
    assert!(html.contains("class=\"embed\"") && !html.contains("site-header"));
    for p in [
        "/",
        "/embed/x",
        "/embedded",
        "/scenes",
        "/admin/login",
        "/api/v1/openapi.json",
    ] {
        let r = s.get(p);
        if r.header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
        {
            assert_eq!(r.header("x-frame-options"), Some("DENY"), "{p}");
            assert!(
                r.header("content-security-policy")
                    .unwrap()
                    .contains("frame-ancestors 'none'"),
                "{p}"
            );
        }
    }
}
