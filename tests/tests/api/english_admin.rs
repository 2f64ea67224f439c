//! The administration in English: every page an administrator, an editor and a professional
//! open, the messages after each kind of form post, the pages saying why something failed, and
//! a facility's update form — each in English, with Japanese left only in data marked
//! `lang="ja"` (and the printed confirmation letters, which are Japanese documents for the
//! facilities). The walk signs in through the English sign-in form, so the language comes from
//! the cookie that form's `?lang=en` sets, as it does for a person.

use crate::session::{PASSWORD, between, sample_city, scope};
use model::Role;
use model::account::EditorScope;
use tests::english::{assert_none, english_path, problems};
use tests::{Resp, TestServer, sample};

/// Every `?done=` message of the admin pages.
const DONE: &[&str] = &[
    "saved",
    "created",
    "verified",
    "retired",
    "reverted",
    "revoked",
    "approved",
    "rejected",
    "round",
    "policy",
    "started",
    "closed",
    "unchanged",
    "reviewed",
    "account_created",
    "account_disabled",
    "account_enabled",
    "password_set",
    "role_changed",
];

/// A signed-in visitor who asked for English: the session cookie and the language cookie.
struct English<'a> {
    s: &'a TestServer,
    cookies: String,
    found: Vec<String>,
}

impl<'a> English<'a> {
    /// Signs in through the sign-in form opened in English (which is itself checked).
    fn sign_in(s: &'a TestServer, email: &str) -> English<'a> {
        let form = s.get("/admin/login?lang=en");
        assert_eq!(form.status, 200);
        let found = problems("/admin/login", &form.text());
        let cookies = set_cookies(&form);
        assert!(cookies.contains("caremap_lang=en"), "{cookies}");
        let token = between(&form.text(), "name=\"login_csrf\" value=\"", "\"");
        let r = s.post_form(
            "/admin/login",
            &[
                ("email", email),
                ("password", PASSWORD),
                ("login_csrf", &token),
                ("next", "/admin"),
            ],
            &[("cookie", &cookies)],
        );
        assert_eq!(r.status, 303, "sign in {email}: {}", r.text());
        let session = set_cookies(&r);
        assert!(session.starts_with("caremap_session="), "{session}");
        // The language is remembered: no `lang=` from here on.
        let cookies = format!("{session}; caremap_lang=en");
        English { s, cookies, found }
    }

    /// Opens a page (without `lang=`: the cookie chooses) and checks it.
    fn open(&mut self, path: &str, status: u16) -> String {
        let r = self.s.get_with(path, &[("cookie", &self.cookies)]);
        assert_eq!(r.status, status, "{path}: {}", r.text());
        let html = r.text();
        self.found.extend(problems(path, &html));
        html
    }

    /// Posts a form of `page` (its CSRF token added) and answers the response; an HTML answer
    /// (a page saying why) is checked.
    fn post(&mut self, page: &str, action: &str, fields: &[(&str, &str)]) -> Resp {
        let html = self.s.get_with(page, &[("cookie", &self.cookies)]).text();
        let csrf = between(&html, "name=\"csrf_token\" value=\"", "\"");
        let mut all = vec![("csrf_token", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(action, &all)
    }

    fn post_raw(&mut self, action: &str, fields: &[(&str, &str)]) -> Resp {
        let r = self
            .s
            .post_form(action, fields, &[("cookie", &self.cookies)]);
        if r.header("content-type")
            .is_some_and(|c| c.starts_with("text/html"))
        {
            self.found
                .extend(problems(&format!("POST {action}"), &r.text()));
        }
        r
    }
}

/// The `name=value` of each cookie a response sets, joined for a `Cookie` header.
fn set_cookies(r: &Resp) -> String {
    r.headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.split(';').next().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn location(r: &Resp) -> String {
    r.header("location").expect("a redirect").to_string()
}

#[test]
fn every_administration_page_in_english_has_no_japanese_outside_data() {
    let s = TestServer::start();
    let city = sample_city();
    s.add_account(
        "admin@example.jp",
        Role::Admin,
        PASSWORD,
        EditorScope::default(),
    );
    s.add_account("ed@example.jp", Role::Editor, PASSWORD, scope(&city));
    s.add_account(
        "cm@example.jp",
        Role::Professional,
        PASSWORD,
        EditorScope::default(),
    );
    let listings = sample();
    let station = listings
        .iter()
        .find(|f| {
            f.services.iter().any(|x| x == "visiting_nursing")
                && f.municipality_code.as_deref() == Some(city.as_str())
        })
        .unwrap();
    let station_record = station;
    let station = station.id.0.clone();
    let mut a = English::sign_in(&s, "admin@example.jp");

    // The start page, its search and every message a form post leads to.
    a.open("/admin", 200);
    a.open("/admin?q=%E8%A8%AA%E5%95%8F", 200);
    for done in DONE {
        let html = a.open(&format!("/admin?done={done}"), 200);
        assert!(html.contains("flash-done"), "{done}");
    }

    // Every listing's editor (each field group, its ケアマネタイム, desks and acceptance).
    a.open("/admin/facilities/new", 200);
    for f in &listings {
        a.open(&format!("/admin/facilities/{}", f.id.0), 200);
    }
    a.open("/admin/facilities/no-such-listing", 404);

    // A form that cannot be read says why, quoting what was typed (marked as Japanese).
    let editor = format!("/admin/facilities/{station}");
    let r = a.post(
        &editor,
        &editor,
        &[
            ("expect_seq", "0"),
            ("name", "テスト"),
            ("service", "visiting_nursing"),
            ("hours", "祝 10:00-11:00"),
        ],
    );
    assert_eq!(r.status, 400);
    assert!(r.text().contains("line 1"), "{}", r.text());
    let r = a.post(&editor, "/admin/facilities/new", &[("id", "a b")]);
    assert_eq!(r.status, 400);

    // A confirmation, an update link and the facility's own form, in English.
    let r = a.post(&editor, &format!("{editor}/verify"), &[]);
    assert_eq!(r.status, 303);
    let issued = a.post(&editor, &format!("{editor}/update-link"), &[]);
    assert_eq!(issued.status, 200);
    let update = format!("/update/{}", between(&issued.text(), "/update/", "\""));
    a.open(&update, 200);
    let same = a.post_raw(
        &update,
        &[("submitter", "佐藤"), ("contact", "06-0000-0000")],
    );
    assert_eq!(same.status, 400, "nothing changed is refused");
    let nameless = a.post_raw(&update, &[("name", "x")]);
    assert_eq!(nameless.status, 400, "a proposal needs a contact");
    // The form as the facility sees it (drawn from the record), one phone number changed.
    let mut fields = model::form::pairs_of(station_record);
    fields.retain(|(k, _)| k != "phone");
    fields.extend(
        [
            ("phone", "06-1234-5678"),
            ("submitter", "佐藤"),
            ("contact", "06-0000-0000"),
            ("note", "電話番号が変わりました"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sent = a.post_raw(&update, &fields);
    assert_eq!(sent.status, 201, "{}", sent.text());
    assert!(sent.text().contains("06-1234-5678"));
    a.open("/update/no-such-token", 404);

    // The review of what the facility sent, its approval, and the listing's history.
    let queue = a.open("/admin/requests", 200);
    let request = between(&queue, "id=\"request-", "\"");
    let r = a.post(
        "/admin/requests",
        &format!("/admin/requests/{request}/approve"),
        &[("note", "確認済み")],
    );
    assert_eq!(location(&r), "/admin/requests?done=approved");
    a.open(&format!("{editor}/history"), 200);

    // The other pages of the menu.
    a.open("/admin/staleness", 200);
    a.open("/admin/round", 200);
    a.open("/admin/reviews", 200);
    a.open("/admin/imports", 200);
    a.open(
        "/admin/embed?area=sample-area-2&scene=emergency&height=500",
        200,
    );
    a.open("/admin/accounts", 200);

    // The yearly confirmation: its page and its printed letters (Japanese documents).
    a.open("/admin/campaigns", 200);
    let r = a.post(
        "/admin/campaigns",
        "/admin/campaigns",
        &[
            ("title", "2026年度 掲載内容の確認"),
            ("municipality", &city),
        ],
    );
    let campaign = location(&r);
    let campaign = campaign.split('?').next().unwrap().to_string();
    a.open(&campaign, 200);
    a.open(&format!("{campaign}?only=pending"), 200);
    let letters = a.post(&campaign, &format!("{campaign}/forms"), &[]);
    assert_eq!(letters.status, 200);
    let html = letters.text();
    let forms: Vec<&str> = html
        .split("<section ")
        .skip(1)
        .map(|t| t.split('>').next().unwrap())
        .filter(|t| t.contains("a4-form"))
        .collect();
    assert!(
        !forms.is_empty() && forms.iter().all(|t| t.contains("lang=\"ja\"")),
        "{forms:?}"
    );

    // Refusals: a stale form, and a professional at an editor's page.
    let r = a.post_raw(&format!("{editor}/verify"), &[("csrf_token", "forged")]);
    assert_eq!(r.status, 403);
    let mut cm = English::sign_in(&s, "cm@example.jp");
    cm.open("/admin", 200);
    cm.open(&editor, 403);
    cm.open("/admin/embed", 200);
    let mut ed = English::sign_in(&s, "ed@example.jp");
    ed.open("/admin", 200);
    ed.open("/admin?all=1", 200);
    ed.open("/admin/accounts", 403);

    // A wrong password says so in English.
    let form = s.get("/admin/login?lang=en");
    let token = between(&form.text(), "name=\"login_csrf\" value=\"", "\"");
    let wrong = s.post_form(
        "/admin/login",
        &[
            ("email", "admin@example.jp"),
            ("password", "not the password"),
            ("login_csrf", &token),
        ],
        &[("cookie", &set_cookies(&form))],
    );
    assert!(wrong.status >= 400, "{}", wrong.status);
    assert!(wrong.text().contains("Wrong e-mail address or password"));
    let mut found = problems("POST /admin/login", &wrong.text());
    found.extend(a.found);
    found.extend(cm.found);
    found.extend(ed.found);
    assert_none(&found);
}

/// The address chooses over the cookie on the admin pages too, and the header offers the other
/// language on the same page.
#[test]
fn the_admin_pages_switch_language_like_the_site() {
    let s = TestServer::start();
    s.add_account(
        "admin@example.jp",
        Role::Admin,
        PASSWORD,
        EditorScope::default(),
    );
    let a = English::sign_in(&s, "admin@example.jp");
    let en =
        a.s.get_with("/admin/round", &[("cookie", &a.cookies)])
            .text();
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("href=\"/admin/round?lang=ja\""), "the switch");
    let ja = a.s.get_with(
        &english_path("/admin/round").replace("lang=en", "lang=ja"),
        &[("cookie", &a.cookies)],
    );
    assert!(ja.text().contains("<html lang=\"ja\""));
    assert!(ja.text().contains("今週の受け入れ状況"));
}
