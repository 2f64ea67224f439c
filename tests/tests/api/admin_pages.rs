//! The admin pages over HTTP: the sign-in redirect and form, the editor's list, CSRF on form
//! posts, professionals' access and the sign-in rate limit.

use crate::session::{Client, PASSWORD, between, login_form, sample_city, scope};
use model::Role;
use model::account::EditorScope;
use tests::{TestServer, sample};

/// A server with an editor of the sample city (`ed@…`) and a professional (`cm@…`), and the
/// id of a listing of the city.
fn with_editor() -> (TestServer, String) {
    let s = TestServer::start();
    s.add_account(
        "ed@example.jp",
        Role::Editor,
        PASSWORD,
        scope(&sample_city()),
    );
    s.add_account(
        "cm@example.jp",
        Role::Professional,
        PASSWORD,
        EditorScope::default(),
    );
    let id = sample()[0].id.0.clone();
    (s, id)
}

/// Signs in through the admin sign-in form (its cookie's token sent back) and answers the
/// redirect and the session cookie.
fn form_login(s: &TestServer, email: &str, next: &str) -> (tests::Resp, String) {
    let (cookie, token) = login_form(s);
    let r = s.post_form(
        "/admin/login",
        &[
            ("email", email),
            ("password", PASSWORD),
            ("login_csrf", &token),
            ("next", next),
        ],
        &[("cookie", &cookie)],
    );
    let session = r
        .headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.split(';').next().unwrap().to_string())
        .find(|v| v.starts_with("caremap_session="))
        .unwrap_or_default();
    (r, session)
}

#[test]
fn admin_pages_send_anonymous_visitors_to_sign_in_and_back() {
    let (s, id) = with_editor();
    for p in [
        "/admin",
        &format!("/admin/facilities/{id}"),
        "/admin/requests",
        "/admin/staleness",
        "/admin/round",
        "/admin/embed",
    ] {
        let r = s.get(p);
        assert_eq!(r.status, 303, "{p}");
        assert!(
            r.header("location")
                .unwrap()
                .starts_with("/admin/login?next="),
            "{p}"
        );
    }
}

#[test]
fn the_sign_in_form_needs_its_cookies_token_and_returns_where_it_was_asked() {
    let (s, _) = with_editor();
    let r = s.post_form(
        "/admin/login",
        &[("email", "ed@example.jp"), ("password", PASSWORD)],
        &[],
    );
    assert_eq!(r.status, 403);
    let (r, session) = form_login(&s, "ed@example.jp", "/admin/round");
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.header("location"), Some("/admin/round"));
    assert!(!session.is_empty(), "a session cookie is set");
}

#[test]
fn an_editor_starts_with_their_municipalitys_listings_and_may_see_the_others() {
    let (s, _) = with_editor();
    let (_, session) = form_login(&s, "ed@example.jp", "/admin");
    let list = s.get_with("/admin", &[("cookie", &session)]).text();
    assert!(
        list.contains("担当外も表示"),
        "the list is the editor's municipality"
    );
    let all = s.get_with("/admin?all=1", &[("cookie", &session)]).text();
    assert!(!all.contains("担当外も表示"));
}

#[test]
fn an_admin_form_post_needs_the_pages_csrf_token() {
    let (s, id) = with_editor();
    let (_, session) = form_login(&s, "ed@example.jp", "/admin");
    let page = s.get_with(&format!("/admin/facilities/{id}"), &[("cookie", &session)]);
    assert_eq!(page.status, 200);
    let csrf = between(&page.text(), "name=\"csrf_token\" value=\"", "\"");
    let before = s.get(&format!("/api/v1/facilities/{id}")).json()["provenance"].clone();
    let r = s.post_form(
        &format!("/admin/facilities/{id}/verify"),
        &[("csrf_token", "wrong")],
        &[("cookie", &session)],
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        s.get(&format!("/api/v1/facilities/{id}")).json()["provenance"],
        before,
        "a refused post changes nothing"
    );
    let r = s.post_form(
        &format!("/admin/facilities/{id}/verify"),
        &[("csrf_token", &csrf)],
        &[("cookie", &session)],
    );
    assert_eq!(r.status, 303);
    assert_eq!(
        r.header("location").unwrap(),
        format!("/admin/facilities/{id}?done=verified")
    );
    assert_eq!(
        s.get(&format!("/api/v1/facilities/{id}")).json()["provenance"]["verified_by"],
        "ed@example.jp"
    );
}

#[test]
fn professionals_read_the_admin_pages_but_cannot_open_the_editor() {
    let (s, id) = with_editor();
    let cm = Client::login(&s, "cm@example.jp");
    assert_eq!(cm.get("/admin").status, 200);
    assert_eq!(cm.get(&format!("/admin/facilities/{id}")).status, 403);
}

#[test]
fn the_sign_in_form_is_rate_limited_like_the_api() {
    let (s, _) = with_editor();
    let mut last = 0;
    for _ in 0..6 {
        let (cookie, token) = login_form(&s);
        last = s
            .post_form(
                "/admin/login",
                &[
                    ("email", "ed@example.jp"),
                    ("password", "wrong"),
                    ("login_csrf", &token),
                ],
                &[("cookie", &cookie)],
            )
            .status;
    }
    assert_eq!(last, 429);
}

/// The CSRF token of an admin page.
fn page_csrf(s: &TestServer, path: &str, session: &str) -> String {
    let page = s.get_with(path, &[("cookie", session)]);
    assert_eq!(page.status, 200, "{path}: {}", page.text());
    between(&page.text(), "name=\"csrf_token\" value=\"", "\"")
}

#[test]
fn administrators_manage_accounts_on_their_page_and_no_one_else_may() {
    let (s, _) = with_editor();
    s.add_account(
        "admin@example.jp",
        Role::Admin,
        PASSWORD,
        EditorScope::default(),
    );
    let (_, admin) = form_login(&s, "admin@example.jp", "/admin");
    let csrf = page_csrf(&s, "/admin/accounts", &admin);
    let post = |path: &str, fields: &[(&str, &str)]| {
        let mut all = vec![("csrf_token", csrf.as_str())];
        all.extend_from_slice(fields);
        s.post_form(path, &all, &[("cookie", &admin)])
    };
    let page = s.get_with("/admin/accounts", &[("cookie", &admin)]).text();
    assert!(page.contains("ed@example.jp") && page.contains("cm@example.jp"));

    // A new editor needs a scope, and a password long enough.
    let new = |scope: &str, password: &str| {
        post(
            "/admin/accounts",
            &[
                ("email", "new@example.jp"),
                ("role", "editor"),
                ("municipalities", scope),
                ("password", password),
            ],
        )
    };
    assert_eq!(new("", "a long enough passphrase").status, 400);
    assert_eq!(new(&sample_city(), "short").status, 400);
    let r = new(&sample_city(), "a long enough passphrase");
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        r.header("location"),
        Some("/admin/accounts?done=account_created")
    );
    assert_eq!(
        new(&sample_city(), "a long enough passphrase").status,
        409,
        "taken"
    );

    // Stopping the editor ends its session at once; resuming lets it sign in again.
    let (_, editor) = form_login(&s, "ed@example.jp", "/admin");
    assert_eq!(s.get_with("/admin", &[("cookie", &editor)]).status, 200);
    assert_eq!(
        post("/admin/accounts/disable", &[("email", "ed@example.jp")]).status,
        303
    );
    assert_eq!(
        s.get_with("/admin", &[("cookie", &editor)]).status,
        303,
        "signed out"
    );
    assert!(
        form_login(&s, "ed@example.jp", "/admin").1.is_empty(),
        "cannot sign in"
    );
    assert!(
        s.get_with("/admin/accounts", &[("cookie", &admin)])
            .text()
            .contains("停止中")
    );
    assert_eq!(
        post("/admin/accounts/enable", &[("email", "ed@example.jp")]).status,
        303
    );
    let (_, editor) = form_login(&s, "ed@example.jp", "/admin");
    assert!(!editor.is_empty(), "signs in again");

    // A new password ends the session; the old password no longer works.
    let r = post(
        "/admin/accounts/password",
        &[
            ("email", "ed@example.jp"),
            ("password", "another long passphrase"),
        ],
    );
    assert_eq!(r.status, 303);
    assert_eq!(s.get_with("/admin", &[("cookie", &editor)]).status, 303);
    assert!(form_login(&s, "ed@example.jp", "/admin").1.is_empty());

    // The professional becomes an editor of the sample city: the editing pages open to it.
    let (_, cm) = form_login(&s, "cm@example.jp", "/admin");
    assert_eq!(
        s.get_with("/admin/staleness", &[("cookie", &cm)]).status,
        403
    );
    let r = post(
        "/admin/accounts/role",
        &[
            ("email", "cm@example.jp"),
            ("role", "editor"),
            ("municipalities", &sample_city()),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        s.get_with("/admin/staleness", &[("cookie", &cm)]).status,
        200
    );

    // An administrator may not stop or demote themselves; others may not use the page.
    assert_eq!(
        post("/admin/accounts/disable", &[("email", "admin@example.jp")]).status,
        403
    );
    assert_eq!(
        post(
            "/admin/accounts/role",
            &[("email", "admin@example.jp"), ("role", "professional")]
        )
        .status,
        403
    );
    assert_eq!(
        s.get_with("/admin/accounts", &[("cookie", &cm)]).status,
        403
    );
    let cm_csrf = page_csrf(&s, "/admin/staleness", &cm);
    let r = s.post_form(
        "/admin/accounts/disable",
        &[("csrf_token", &cm_csrf), ("email", "admin@example.jp")],
        &[("cookie", &cm)],
    );
    assert_eq!(r.status, 403);
}

#[test]
fn the_embed_page_writes_the_snippet_of_the_chosen_preset() {
    let (s, _) = with_editor();
    let (_, session) = form_login(&s, "ed@example.jp", "/admin");
    let page = s.get_with(
        "/admin/embed?area=sample-area-6&scene=emergency&height=5000&service=",
        &[("cookie", &session)],
    );
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    // The snippet names this site's address, the preset, a title and the clamped height; the
    // preview frames the same widget.
    let want = format!(
        "<iframe src=\"{}/embed?area=sample-area-6&amp;scene=emergency\" title=\"医療・介護資源マップ\" width=\"100%\" height=\"1200\"",
        s.base
    );
    assert!(html.contains(&want), "{want} in {html}");
    assert!(html.contains("src=\"/embed?area=sample-area-6&amp;scene=emergency\""));
    // Unknown values never reach the snippet (it is written out as text).
    let forged = s
        .get_with(
            "/admin/embed?area=%3C%2Ftextarea%3E%3Cb%3Ex&scene=nope",
            &[("cookie", &session)],
        )
        .text();
    // (The language switch keeps the page's query, encoded; the snippet drops what is unknown.)
    let snippet = between(&forged, "class=\"snippet\"", "</textarea>");
    assert!(
        !forged.contains("</textarea><b>") && !snippet.contains("nope"),
        "{snippet}"
    );
    assert!(forged.contains(&format!("{}/embed\" title=", s.base)));
    // The preview's address is the widget, and it answers.
    let widget = s.get("/embed?area=sample-area-6&scene=emergency");
    assert_eq!(widget.status, 200);
    assert!(widget.text().contains("embed-hits"));
}
