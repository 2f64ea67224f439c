//! The four scenes on the sample: the home page offers them; each scene's page lists every kind
//! of listing its preset promises with the count the search gives for that kind, and leads to
//! the search with the scene applied (its condition shown and its box ticked); in Chromium the
//! pages pass axe without a console problem.

use crate::browser::{Browser, PC};
use crate::{offline_server, run, total};

#[test]
fn each_scene_page_lists_what_its_preset_promises() {
    let server = offline_server();
    let home = server.get("/").text();
    for scene in model::taxonomy::SCENES {
        assert!(
            home.contains(&format!("href=\"/scenes/{}\"", scene.slug)),
            "the home page offers {}",
            scene.code
        );
        let page = server.get(&format!("/scenes/{}", scene.slug));
        assert_eq!(page.status, 200);
        let html = page.text();
        assert!(html.contains(scene.explanation), "{}", scene.code);
        let all = total(&server.search(&[("scene", scene.code)]));
        assert!(all > 0, "the sample serves {}", scene.code);
        assert!(
            html.contains(&format!("この場面の相談先を地図と一覧で探す（{all}件）")),
            "{}",
            scene.code
        );
        for rule in scene.rules {
            let mut params: Vec<(&str, &str)> = Vec::new();
            params.extend(rule.categories.iter().map(|c| ("category", *c)));
            params.extend(rule.services.iter().map(|c| ("service", *c)));
            params.extend(rule.capabilities.iter().map(|c| ("capability", *c)));
            let n = total(&server.search(&params));
            let item = html
                .split(&format!(">{}<", rule.label))
                .nth(1)
                .unwrap_or_else(|| panic!("{}: {} listed", scene.code, rule.label));
            let shown = item.split("class=\"n\">").nth(1).unwrap();
            assert!(
                shown.starts_with(&format!("{n}件")),
                "{} / {}: {n} expected, page says {}",
                scene.code,
                rule.label,
                &shown[..shown.len().min(20)]
            );
        }
    }
    assert_eq!(server.get("/scenes/nowhere").status, 404);
    assert_eq!(server.get("/scenes").status, 200);

    run(async {
        let b = Browser::start(PC).await;
        b.goto(&format!("{}/scenes/emergency", server.base)).await;
        b.until(
            "the scene page",
            "return document.querySelector('.scene-kinds')",
        )
        .await;
        b.screenshot("scene-emergency").await;
        let problems = b.accessibility_problems().await;
        assert!(problems.is_empty(), "axe on a scene page: {problems:#?}");
        // On to the search, with the scene applied.
        b.click(".scene-actions .primary-link").await;
        b.until(
            "the search with the scene",
            "return location.search.includes('scene=emergency') && document.querySelector('#f-scene-emergency') !== null",
        )
        .await;
        let want = total(&server.search(&[("scene", "emergency")]));
        b.until(
            "the scene's count",
            &format!("const c = document.querySelector('.results-pane .count'); return c && Number(c.textContent) === {want}"),
        )
        .await;
        assert_eq!(
            b.js("return document.querySelector('#f-scene-emergency').checked")
                .await,
            true
        );
        let chips = b
            .js("return document.querySelector('.active-conditions').textContent")
            .await;
        assert!(
            chips.as_str().unwrap().contains("場面：急変時の対応"),
            "{chips}"
        );
        let console = b.console_problems().await;
        assert!(console.is_empty(), "console: {console:#?}");
        b.close().await;
    });
}
