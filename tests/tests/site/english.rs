//! The English site in a browser: the search island hydrates in English (no console or
//! hydration error), an English keyword's kinds lead to that kind's search, a filter ticked
//! answers through the server functions in English too, and every state the browser draws has
//! no Japanese outside data and passes axe.

use crate::browser::{Browser, PC};
use crate::{offline_server, run};
use tests::english::{assert_none, problems};

/// The page as the browser has it now (after hydration and any redraw): its problems.
async fn drawn_problems(b: &Browser, label: &str) -> Vec<String> {
    let html = b.js("return document.documentElement.outerHTML").await;
    problems(label, html.as_str().unwrap())
}

fn count(v: &serde_json::Value) -> u64 {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn the_search_hydrates_answers_and_redraws_in_english() {
    let server = offline_server();
    run(async {
        // The browser asks for Japanese (`--accept-lang=ja`); the address chooses English.
        let b = Browser::start(PC).await;
        let mut found = Vec::new();
        b.goto(&format!("{}/?q=dentists&lang=en", server.base))
            .await;
        b.map_ready().await;
        found.extend(drawn_problems(&b, "keyword").await);
        let kinds = b
            .js("return [...document.querySelectorAll('.named-kinds a')].map(a => a.textContent)")
            .await;
        assert!(
            kinds.to_string().contains("Dental clinic"),
            "the kinds the keyword names: {kinds}"
        );
        b.click(".named-kinds a").await;
        b.until(
            "the dental clinics",
            "return location.search.includes('service=dental_clinic') && !location.search.includes('q=') && Number(document.querySelector('.results-head .count').textContent) > 0",
        )
        .await;
        let heading = b
            .js("return document.querySelector('#results-heading').textContent")
            .await;
        assert!(heading.as_str().unwrap().contains("listing"), "{heading}");
        found.extend(drawn_problems(&b, "the kind's search").await);

        // A filter ticked: the island asks the server (the cookie keeps English) and redraws.
        let before = b
            .js("return document.querySelector('.results-head .count').textContent")
            .await;
        b.click("#f-cap-home_visit_dental").await;
        b.until(
            "the redrawn list",
            "return location.search.includes('capability=home_visit_dental')",
        )
        .await;
        // The conditions are drawn from the server's answer: its chip says the new filter.
        b.until(
            "the new filter's chip, in English",
            "const c = document.querySelector('.active-conditions'); return c && c.textContent.includes('Home-visit dentistry')",
        )
        .await;
        let after = b
            .js("return document.querySelector('.results-head .count').textContent")
            .await;
        assert!(count(&after) <= count(&before), "{before} → {after}");
        found.extend(drawn_problems(&b, "after a filter").await);
        b.screenshot("english-search-redrawn").await;

        let axe = b.accessibility_problems().await;
        assert!(axe.is_empty(), "{axe:#?}");
        let console = b.console_problems().await;
        assert!(console.is_empty(), "{console:#?}");
        assert_none(&found);
        b.close().await;
    });
}
