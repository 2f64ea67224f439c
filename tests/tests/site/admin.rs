//! The administration pages and a facility's update form in the browser: sign in, edit a
//! listing and set its position by clicking the map, see it in the public search, revert the
//! change from the history, issue an update link, send this week's acceptance through it as
//! the facility, approve it in the review queue and find it in the public search.

use crate::browser::{Browser, PC};
use crate::{offline_server, run};
use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use model::Role;
use model::account::EditorScope;

const PASSWORD: &str = "correct horse battery";

async fn fill(b: &Browser, css: &str, text: &str) {
    let e = b
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no field {css}: {e}"));
    e.clear().await.expect("clear");
    e.send_keys(text).await.expect("type");
}

async fn value(b: &Browser, css: &str) -> String {
    b.js(&format!("return document.querySelector({css:?}).value"))
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn flash(b: &Browser) -> String {
    b.until(
        "a message",
        "const f = document.querySelector('.flash'); return f && f.textContent",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Clicks an element after scrolling it to the middle of the window (the form's sticky save
/// bar covers the bottom edge, where WebDriver would scroll it).
async fn click_centered(b: &Browser, css: &str) {
    b.js(&format!(
        "document.querySelector({css:?}).scrollIntoView({{block: 'center'}})"
    ))
    .await;
    b.click(css).await;
}

/// Clicks a form's submit button and waits for the next page.
async fn submit(b: &Browser, css: &str) {
    b.js("window.__before = true").await;
    click_centered(b, css).await;
    b.until(
        "the next page",
        "return window.__before !== true && document.readyState === 'complete'",
    )
    .await;
}

#[test]
fn an_editor_edits_on_the_map_reverts_and_approves_a_facility_update() {
    let server = offline_server();
    let city = tests::sample()[0].municipality_code.clone().unwrap();
    server.add_account(
        "ed@example.jp",
        Role::Editor,
        PASSWORD,
        EditorScope {
            municipalities: vec![city],
            associations: Vec::new(),
        },
    );
    let id = "sample-clinic-018";
    let old_name = server.get(&format!("/api/v1/facilities/{id}")).json()["name"]
        .as_str()
        .unwrap()
        .to_string();
    run(async {
        let b = Browser::start(PC).await;
        // An admin page sends to the sign-in page and back.
        b.goto(&format!("{}/admin/facilities/{id}", server.base))
            .await;
        b.until(
            "the sign-in form",
            "return document.querySelector('#l-email')",
        )
        .await;
        fill(&b, "#l-email", "ed@example.jp").await;
        fill(&b, "#l-password", PASSWORD).await;
        submit(&b, "form[action='/admin/login'] button").await;
        assert!(b.url().await.ends_with(&format!("/admin/facilities/{id}")));

        // The position map is there with the listing's marker; a click elsewhere moves it.
        b.until(
            "the position map",
            "return document.querySelector('.position-map.leaflet-container .leaflet-marker-icon')",
        )
        .await;
        let lat_before = value(&b, "#f-lat").await;
        let map = b.client.find(Locator::Css(".position-map")).await.unwrap();
        b.js("document.querySelector('.position-map').scrollIntoView({block: 'center'})")
            .await;
        let click = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: map,
                duration: None,
                x: 80.0,
                y: -60.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        b.client
            .perform_actions(click)
            .await
            .expect("click the map");
        let lat_after = value(&b, "#f-lat").await;
        assert_ne!(lat_before, lat_after, "a map click sets the latitude");
        let lng_after = value(&b, "#f-lng").await;
        let new_name = format!("{old_name}（新館）");
        fill(&b, "#f-name", &new_name).await;
        b.screenshot("admin-editor").await;
        let problems = b.accessibility_problems().await;
        assert!(problems.is_empty(), "axe on the editor: {problems:#?}");
        submit(&b, ".form-actions button").await;
        assert!(flash(&b).await.contains("保存しました"));

        // Live in the public search, at the clicked position.
        let found = server.search(&[("q", &new_name)]);
        assert_eq!(found["hits"][0]["id"], id, "{found}");
        let lat: f64 = lat_after.parse().unwrap();
        let lng: f64 = lng_after.parse().unwrap();
        let loc = &found["hits"][0]["location"];
        assert!((loc["lat"].as_f64().unwrap() - lat).abs() < 1e-6, "{loc}");
        assert!((loc["lng"].as_f64().unwrap() - lng).abs() < 1e-6, "{loc}");

        // The history lists the name change; reverting it brings the old name back.
        b.goto(&format!("{}/admin/facilities/{id}/history", server.base))
            .await;
        let row = b
            .until(
                "the name change",
                "const rows = [...document.querySelectorAll('.history tbody tr')];
                 const i = rows.findIndex(r => r.querySelector('th').textContent === '名称');
                 return i >= 0 ? String(i + 1) : '';",
            )
            .await;
        b.js("window.__before = true").await;
        b.click(&format!(
            ".history tbody tr:nth-child({}) button",
            row.as_str().unwrap()
        ))
        .await;
        b.client.accept_alert().await.expect("the confirmation");
        b.until(
            "the next page",
            "return window.__before !== true && document.readyState === 'complete'",
        )
        .await;
        assert!(flash(&b).await.contains("元に戻しました"));
        assert_eq!(server.search(&[("q", &new_name)])["total"], 0);
        assert_eq!(
            server.get(&format!("/api/v1/facilities/{id}")).json()["name"],
            old_name.as_str()
        );

        // An update link for the facility, shown once on the editor.
        b.goto(&format!("{}/admin/facilities/{id}", server.base))
            .await;
        submit(
            &b,
            &format!("form[action='/admin/facilities/{id}/update-link'] button"),
        )
        .await;
        let link = value(&b, "input.link-copy").await;
        assert!(link.contains("/update/"), "{link}");

        // The facility opens it (no account), reports this week's status and sends.
        b.goto(&link).await;
        b.until(
            "the update form",
            "return document.querySelector('#f-submitter')",
        )
        .await;
        click_centered(&b, "input[name=acc][value=no]").await;
        click_centered(&b, "input[name=acc_confirm]").await;
        fill(&b, "#f-submitter", "事務 佐藤").await;
        fill(&b, "#f-contact", "000-200-0000").await;
        b.screenshot("update-form").await;
        let problems = b.accessibility_problems().await;
        assert!(problems.is_empty(), "axe on the update form: {problems:#?}");
        submit(&b, ".form-actions button").await;
        b.until(
            "the receipt",
            "return document.querySelector('h1').textContent === '送信しました'",
        )
        .await;
        // Not live before review.
        let stopped = || server.all_ids(&[("accepting", "false"), ("category", "medical")]);
        assert!(!stopped().contains(&id.to_string()));

        // The editor approves it in the queue; the public search has it at once.
        b.goto(&format!("{}/admin/requests", server.base)).await;
        b.until(
            "the request",
            "return document.querySelector('.request .diff')",
        )
        .await;
        submit(&b, ".request form[action$='/approve'] button").await;
        assert!(flash(&b).await.contains("承認"));
        assert!(stopped().contains(&id.to_string()));
        let page = server.get(&format!("/facilities/{id}")).text();
        assert!(
            page.contains("受け入れ不可"),
            "the public page shows the status"
        );
    });
}

#[test]
fn a_campaign_prints_one_a4_page_per_listing_that_has_not_answered() {
    let server = offline_server();
    // The dental association's coordinator: its members are a few dozen listings, so the
    // printed PDF stays small enough for a busy CI machine.
    server.add_account(
        "shika@example.jp",
        Role::Editor,
        PASSWORD,
        EditorScope {
            municipalities: Vec::new(),
            associations: vec!["sakurano-shikaishikai".into()],
        },
    );
    run(async {
        let b = Browser::start(PC).await;
        b.goto(&format!("{}/admin/campaigns", server.base)).await;
        b.until(
            "the sign-in form",
            "return document.querySelector('#l-email')",
        )
        .await;
        fill(&b, "#l-email", "shika@example.jp").await;
        fill(&b, "#l-password", PASSWORD).await;
        submit(&b, "form[action='/admin/login'] button").await;
        assert!(b.url().await.ends_with("/admin/campaigns"));
        // Start it: every listing of the association is asked.
        submit(&b, "form[action='/admin/campaigns'] button").await;
        assert!(flash(&b).await.contains("始めました"));
        let rows = b
            .js("return document.querySelectorAll('.campaign tbody tr').length")
            .await
            .as_u64()
            .unwrap();
        let members = tests::sample()
            .iter()
            .filter(|f| {
                f.status != model::facility::LifecycleStatus::Closed
                    && f.associations.iter().any(|a| a == "sakurano-shikaishikai")
            })
            .count() as u64;
        assert!(rows > 5, "{rows} listings asked");
        assert_eq!(rows, members, "every member of the association");
        // Confirm one by FAX from the list; it leaves the non-responders.
        submit(&b, ".campaign tbody tr:first-child form button").await;
        assert!(flash(&b).await.contains("確認済み"));
        b.goto(&format!(
            "{}?only=pending",
            b.url().await.split('?').next().unwrap()
        ))
        .await;
        let pending = b
            .js("return document.querySelectorAll('.campaign tbody tr').length")
            .await
            .as_u64()
            .unwrap();
        let shown = b
            .js("return document.querySelector('main').innerText.slice(0, 400)")
            .await;
        assert_eq!(pending, rows - 1, "at {}: {shown}", b.url().await);
        let problems = b.accessibility_problems().await;
        assert!(problems.is_empty(), "axe on the campaign: {problems:#?}");
        // The forms of the non-responders: one A4 page each when printed.
        submit(&b, "form[action$='/forms'] button").await;
        let forms = b
            .js("return document.querySelectorAll('.a4-form').length")
            .await
            .as_u64()
            .unwrap();
        assert_eq!(forms, pending);
        b.screenshot("campaign-form").await;
        let pdf = b
            .client
            .print(
                fantoccini::wd::PrintConfiguration::builder()
                    .size(fantoccini::wd::PrintSize::A4)
                    .margins(fantoccini::wd::PrintMargins {
                        top: 1.2,
                        bottom: 1.2,
                        left: 1.2,
                        right: 1.2,
                    })
                    .build()
                    .expect("A4 settings"),
            )
            .await
            .expect("print to PDF");
        std::fs::write(
            crate::browser::screenshot_dir().join("campaign-forms.pdf"),
            &pdf,
        )
        .unwrap();
        let text = String::from_utf8_lossy(&pdf);
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        assert_eq!(pages as u64, forms, "one printed page per form");
    });
}

#[test]
fn the_admin_pages_refuse_forged_forms_other_scopes_and_repeated_failed_logins() {
    let server = offline_server();
    server.add_account(
        "elsewhere@example.jp",
        Role::Editor,
        PASSWORD,
        EditorScope {
            municipalities: vec!["000000".into()],
            associations: Vec::new(),
        },
    );
    server.add_account(
        "admin@example.jp",
        Role::Admin,
        PASSWORD,
        EditorScope::default(),
    );
    server.add_account(
        "chief@example.jp",
        Role::Admin,
        PASSWORD,
        EditorScope::default(),
    );
    let today = tests::today();
    // A listing whose acceptance report is older than two weeks (the sample has a few).
    let stale = tests::sample()
        .into_iter()
        .find(|f| {
            f.status == model::facility::LifecycleStatus::Active
                && f.availability
                    .as_ref()
                    .is_some_and(|a| (today - a.as_of).num_days() > 14)
        })
        .expect("a stale acceptance status in the sample");
    run(async {
        let b = Browser::start(PC).await;
        // Repeated wrong passwords: the sign-in page stops taking them.
        let mut last = String::new();
        for _ in 0..6 {
            b.goto(&format!("{}/admin/login", server.base)).await;
            fill(&b, "#l-email", "admin@example.jp").await;
            fill(&b, "#l-password", "not the password").await;
            submit(&b, "form[action='/admin/login'] button").await;
            last = flash(&b).await;
        }
        assert!(last.contains("しばらくログインできません"), "{last}");

        // An editor of another municipality cannot open this one's listings.
        b.goto(&format!("{}/admin/login", server.base)).await;
        fill(&b, "#l-email", "elsewhere@example.jp").await;
        fill(&b, "#l-password", PASSWORD).await;
        submit(&b, "form[action='/admin/login'] button").await;
        b.goto(&format!("{}/admin/facilities/{}", server.base, stale.id))
            .await;
        let h1 = b
            .js("return document.querySelector('h1').textContent")
            .await;
        assert_eq!(h1, "できませんでした");
        let text = b
            .js("return document.querySelector('main').innerText")
            .await;
        assert!(
            text.as_str().unwrap().contains("権限がありません"),
            "{text}"
        );

        // A form whose CSRF token was tampered with changes nothing.
        b.goto(&format!("{}/admin/round", server.base)).await;
        b.js("document.querySelector('form[action=\"/admin/round\"] input[name=csrf_token]').value = 'forged'")
            .await;
        submit(&b, "form[action='/admin/round'] .form-actions button").await;
        let h1 = b
            .js("return document.querySelector('h1').textContent")
            .await;
        assert_eq!(h1, "送信できませんでした");

        // Staleness: out of this editor's scope, the listing is not in its report.
        b.goto(&format!("{}/admin/staleness", server.base)).await;
        let row = format!(
            "const a = [...document.querySelectorAll('.admin-table a')].find(a => a.getAttribute('href') === '/admin/facilities/{}');
             return a ? a.closest('tr').innerText : '';",
            stale.id
        );
        assert_eq!(b.js(&row).await, "");
        // An administrator's report marks the old status; the public page shows it as unknown.
        submit(&b, ".signout button").await;
        fill(&b, "#l-email", "chief@example.jp").await;
        fill(&b, "#l-password", PASSWORD).await;
        submit(&b, "form[action='/admin/login'] button").await;
        b.goto(&format!("{}/admin/staleness", server.base)).await;
        let marked = b.js(&row).await;
        assert!(marked.as_str().unwrap().contains("（古い）"), "{marked}");
        b.goto(&format!("{}/facilities/{}", server.base, stale.id))
            .await;
        let shown = b
            .until(
                "the acceptance status",
                "const p = document.querySelector('.facility-main .accept'); return p && p.textContent",
            )
            .await;
        assert!(shown.as_str().unwrap().contains("不明"), "{shown}");
    });
}
