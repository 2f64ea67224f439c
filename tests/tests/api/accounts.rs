//! Accounts over HTTP: sign-in, sessions, CSRF, the login rate limit, role scopes in the write
//! path, the change log with revert, verification, and the professional fields.

use crate::session::{Client, PASSWORD, login, sample_city, scope};
use model::account::EditorScope;
use model::{Facility, Role};
use serde_json::{Value, json};
use tests::{TestServer, sample};

/// A server with an administrator's account.
fn with_admin() -> TestServer {
    let s = TestServer::start();
    s.add_account(
        "admin@example.jp",
        Role::Admin,
        PASSWORD,
        EditorScope::default(),
    );
    s
}

#[test]
fn a_wrong_password_and_an_unknown_email_look_the_same_and_forms_cannot_sign_in() {
    let s = with_admin();
    for (email, pw) in [
        ("admin@example.jp", "wrong password"),
        ("nobody@example.jp", PASSWORD),
    ] {
        let r = login(&s, email, pw);
        assert_eq!(r.status, 401);
        assert_eq!(r.json()["code"], "invalid_credentials");
        assert!(r.header("set-cookie").is_none());
    }
    // A form post (what a cross-site page could send) is refused.
    let form = s.send(
        "post",
        "/api/v1/auth/login",
        None,
        &[("content-type", "application/x-www-form-urlencoded")],
    );
    assert_eq!(form.status, 400);
    assert_eq!(form.json()["code"], "invalid_json");
}

#[test]
fn signing_in_sets_an_httponly_samesite_cookie_and_the_session_answers() {
    let s = with_admin();
    // The e-mail's case does not matter; not Secure on plain http.
    let r = login(&s, "Admin@Example.jp", PASSWORD);
    assert_eq!(r.status, 200, "{}", r.text());
    let set = r.header("set-cookie").unwrap().to_ascii_lowercase();
    assert!(set.starts_with("caremap_session="));
    assert!(set.contains("httponly") && set.contains("samesite=lax") && !set.contains("secure"));
    assert_eq!(r.json()["account"]["role"], "admin");
    let c = Client::login(&s, "admin@example.jp");
    let me = c.get("/api/v1/auth/session");
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["account"]["email"], "admin@example.jp");
    assert_eq!(me.json()["csrf_token"], c.csrf.as_str());
}

#[test]
fn state_changing_calls_need_the_csrf_token_of_their_own_session() {
    let s = with_admin();
    let c = Client::login(&s, "admin@example.jp");
    let path = "/api/v1/facilities/sample-clinic-001";
    let body = json!({ "fields": { "description": "CSRF の確認" } }).to_string();
    for headers in [
        vec![("cookie", c.cookie.as_str())],
        vec![("cookie", c.cookie.as_str()), ("x-csrf-token", "0000")],
    ] {
        let r = s.send("patch", path, Some(&body), &headers);
        assert_eq!(r.status, 403, "{}", r.text());
        assert_eq!(r.json()["code"], "csrf_rejected");
    }
    // Another session's token does not fit either.
    let other = Client::login(&s, "admin@example.jp");
    let r = s.send(
        "patch",
        path,
        Some(&body),
        &[("cookie", &c.cookie), ("x-csrf-token", &other.csrf)],
    );
    assert_eq!(r.status, 403);
    let r = s.send("patch", path, Some(&body), &[]);
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["code"], "not_signed_in");
    assert!(
        !s.get(path).text().contains("CSRF の確認"),
        "nothing was saved"
    );
    let ok = c.write(
        "patch",
        path,
        &json!({ "fields": { "description": "CSRF の確認" } }),
    );
    assert_eq!(ok.status, 200, "{}", ok.text());
}

#[test]
fn logging_out_ends_the_session_on_the_server_and_only_that_one() {
    let s = with_admin();
    let c = Client::login(&s, "admin@example.jp");
    let other = Client::login(&s, "admin@example.jp");
    let out = c.write("post", "/api/v1/auth/logout", &json!({}));
    assert_eq!(out.status, 204);
    assert_eq!(c.get("/api/v1/auth/session").status, 401);
    assert_eq!(other.get("/api/v1/auth/session").status, 200);
}

#[test]
fn five_failures_block_one_email_with_retry_after_and_no_other() {
    let s = with_admin();
    s.add_account(
        "editor@example.jp",
        Role::Editor,
        PASSWORD,
        scope(&sample_city()),
    );
    for _ in 0..5 {
        assert_eq!(login(&s, "editor@example.jp", "guess guess").status, 401);
    }
    // Blocked even with the right password.
    let blocked = login(&s, "editor@example.jp", PASSWORD);
    assert_eq!(blocked.status, 429, "{}", blocked.text());
    assert_eq!(blocked.json()["code"], "too_many_attempts");
    let wait: u64 = blocked.header("retry-after").unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60);
    // Other accounts from the same client still sign in.
    assert_eq!(login(&s, "admin@example.jp", PASSWORD).status, 200);
    // The failures are in the store: a restart does not forget them.
    let s = s.restart();
    assert_eq!(login(&s, "editor@example.jp", PASSWORD).status, 429);
    assert_eq!(login(&s, "admin@example.jp", PASSWORD).status, 200);
}

/// A server with an editor of the sample city (`city@…`), one of another city (`other@…`), a care
/// manager (`cm@…`, professional) and an administrator (`admin@…`), and a positioned listing of the
/// sample city to edit.
struct Editing {
    s: TestServer,
    target: Facility,
    /// `/api/v1/facilities/{id}` of the target.
    path: String,
}

const RENAMED: &str = "ひだまり新町クリニック";

impl Editing {
    fn start() -> Editing {
        let s = TestServer::start();
        let city = sample_city();
        s.add_account("city@example.jp", Role::Editor, PASSWORD, scope(&city));
        s.add_account("other@example.jp", Role::Editor, PASSWORD, scope("999999"));
        for (email, role) in [
            ("cm@example.jp", Role::Professional),
            ("admin@example.jp", Role::Admin),
        ] {
            s.add_account(email, role, PASSWORD, EditorScope::default());
        }
        let target = sample()
            .into_iter()
            .find(|f| f.municipality_code.as_deref() == Some(city.as_str()) && f.location.is_some())
            .unwrap();
        let path = format!("/api/v1/facilities/{}", target.id.as_str());
        Editing { s, target, path }
    }

    fn login(&self, email: &str) -> Client<'_> {
        Client::login(&self.s, email)
    }

    /// The city's editor renames the target; the save's answer.
    fn rename(&self, editor: &Client<'_>) -> Value {
        let r = editor.write(
            "patch",
            &self.path,
            &json!({ "fields": { "name": RENAMED } }),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    }
}

#[test]
fn writes_outside_the_scope_or_by_professionals_are_refused_and_change_nothing() {
    let e = Editing::start();
    let rename = json!({ "fields": { "name": RENAMED } });
    let r = e.login("other@example.jp").write("patch", &e.path, &rename);
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(r.json()["code"], "forbidden");
    let cm = e.login("cm@example.jp");
    assert_eq!(cm.write("patch", &e.path, &rename).status, 403);
    assert_eq!(cm.get(&format!("{}/history", e.path)).status, 403);
    assert_eq!(e.s.get(&e.path).json()["name"], e.target.name.as_str());
    // Moving a listing out of the editor's scope is refused too.
    let away = e.login("city@example.jp").write(
        "patch",
        &e.path,
        &json!({ "fields": { "municipality_code": "999999" } }),
    );
    assert_eq!(away.status, 403);
}

#[test]
fn a_save_in_scope_is_searchable_at_once_and_logged_field_by_field() {
    let e = Editing::start();
    let editor = e.login("city@example.jp");
    let saved = e.rename(&editor);
    assert_eq!(saved["changes"][0]["field"], "name");
    let found = e.s.search(&[("q", "ひだまり新町")]);
    assert_eq!(found["total"], 1);
    assert_eq!(found["hits"][0]["id"], e.target.id.as_str());
    let history = editor.get(&format!("{}/history", e.path)).json();
    let entry = &history[0];
    assert_eq!(entry["field"], "name");
    assert_eq!(entry["old"], e.target.name.as_str());
    assert_eq!(entry["new"], RENAMED);
    assert_eq!(entry["actor"], "city@example.jp");
    assert_eq!(entry["kind"], "edit");
    assert!(entry["at"].as_str().unwrap().starts_with("20"));
}

#[test]
fn a_stale_version_is_a_conflict_and_bad_values_name_their_field() {
    let e = Editing::start();
    let editor = e.login("city@example.jp");
    let version = e.rename(&editor)["version"].as_i64().unwrap();
    // A save from a stale version is a conflict, not a lost update.
    let mut stale = e.s.get(&e.path).json();
    stale["description"] = json!("古い版からの編集");
    let r = editor.write(
        "put",
        &e.path,
        &json!({ "facility": stale, "version": version - 1 }),
    );
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(r.json()["code"], "conflict");
    // Bad values are 400s with the field named; the id cannot change.
    let bad = editor.write(
        "patch",
        &e.path,
        &json!({ "fields": { "services": ["no_such_service"] } }),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["code"], "unknown_service");
    let r = editor.write("put", &e.path, &json!({ "facility": { "id": "x", "name": "x", "category": "medical", "services": ["clinic"] } }));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "invalid_field");
}

#[test]
fn one_change_is_reverted_once_and_the_revert_is_logged() {
    let e = Editing::start();
    let editor = e.login("city@example.jp");
    e.rename(&editor);
    let change_id = editor.get(&format!("{}/history", e.path)).json()[0]["id"]
        .as_i64()
        .unwrap();
    let revert = format!("/api/v1/changes/{change_id}/revert");
    let r = editor.write("post", &revert, &json!({}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(e.s.get(&e.path).json()["name"], e.target.name.as_str());
    assert_eq!(e.s.search(&[("q", "ひだまり新町")])["total"], 0);
    let history = editor.get(&format!("{}/history", e.path)).json();
    assert_eq!(history[0]["kind"], "revert");
    assert_eq!(history[0]["new"], e.target.name.as_str());
    // Reverting the same change again would undo the revert's own state: refused.
    assert_eq!(editor.write("post", &revert, &json!({})).status, 409);
    assert_eq!(
        editor
            .write("post", "/api/v1/changes/999999/revert", &json!({}))
            .json()["code"],
        "change_not_found"
    );
}

#[test]
fn reported_dates_after_today_are_refused_by_name_and_change_nothing() {
    let e = Editing::start();
    let editor = e.login("city@example.jp");
    let before = e.s.get(&e.path).json();
    let tomorrow = (tests::today() + chrono::Days::new(1)).to_string();
    // A confirmation dated tomorrow would keep the listing "confirmed" a day too long, a year
    // ahead one forever.
    let r = editor.write(
        "post",
        &format!("{}/verify", e.path),
        &json!({ "date": tomorrow }),
    );
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.json()["code"], "invalid_field");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("provenance.verified_at"),
        "{}",
        r.text()
    );
    // An acceptance status dated tomorrow, by an edit.
    let status = json!({ "accepting": "yes", "as_of": tomorrow });
    let r = editor.write(
        "patch",
        &e.path,
        &json!({ "fields": { "availability": status } }),
    );
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("availability.as_of"), "{}", r.text());
    assert_eq!(e.s.get(&e.path).json(), before, "nothing changed");
}

#[test]
fn a_new_status_cannot_be_older_than_the_one_on_record_but_a_revert_restores_it() {
    let e = Editing::start();
    let editor = e.login("city@example.jp");
    let today = tests::today();
    let recorded = json!({ "accepting": "yes", "as_of": today.to_string() });
    let r = editor.write(
        "patch",
        &e.path,
        &json!({ "fields": { "availability": recorded } }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // A report from last week does not replace today's.
    let week_ago = (today - chrono::Days::new(7)).to_string();
    let older = json!({ "accepting": "no", "as_of": week_ago });
    let r = editor.write(
        "patch",
        &e.path,
        &json!({ "fields": { "availability": older } }),
    );
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(
        r.text().contains("before the date on record"),
        "{}",
        r.text()
    );
    // Undoing today's report sets back what was on record before, whatever its date.
    let history = editor.get(&format!("{}/history", e.path)).json();
    let change_id = history[0]["id"].as_i64().unwrap();
    let r = editor.write(
        "post",
        &format!("/api/v1/changes/{change_id}/revert"),
        &json!({}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        e.s.get(&e.path).json()["availability"],
        serde_json::to_value(&e.target.availability).unwrap()
    );
}

#[test]
fn verification_and_retirement_are_records_of_their_own() {
    let e = Editing::start();
    let editor = e.login("city@example.jp");
    // Verification: the date and who, distinct from the last change.
    let r = editor.write(
        "post",
        &format!("{}/verify", e.path),
        &json!({ "date": tests::today().to_string() }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let public = e.s.get(&e.path).json();
    assert_eq!(
        public["provenance"]["verified_at"],
        tests::today().to_string()
    );
    let history = editor.get(&format!("{}/history", e.path)).json();
    assert_eq!(history[0]["kind"], "verify");
    assert_eq!(history[0]["actor"], "city@example.jp");
    // Retiring takes it out of the default search and keeps it on record.
    let r = editor.write("delete", &e.path, &json!({}));
    assert_eq!(r.status, 200);
    assert_eq!(e.s.get(&e.path).json()["status"], "closed");
    let hits =
        e.s.search(&[("q", e.target.name.as_str()), ("per_page", "200")]);
    assert!(
        hits["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["id"] != e.target.id.as_str())
    );
}

#[test]
fn administrators_create_listings_anywhere_and_editors_only_in_their_city() {
    let e = Editing::start();
    let admin = e.login("admin@example.jp");
    let at = e.target.location.unwrap();
    let new = json!({
        "id": "local-new-1", "name": "あおぞら訪問看護ステーション", "category": "medical",
        "services": ["visiting_nursing"], "municipality_code": "999999",
        "location": { "lat": at.lat, "lng": at.lng }
    });
    let r = admin.write("post", "/api/v1/facilities", &new);
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(
        !r.json()["facility"]["areas"].as_array().unwrap().is_empty(),
        "areas assigned"
    );
    // The id must be new.
    assert_eq!(admin.write("post", "/api/v1/facilities", &new).status, 409);
    assert_eq!(e.s.search(&[("q", "あおぞら訪問看護")])["total"], 1);
    // The city's editor cannot create outside the city.
    let mut elsewhere = new.clone();
    elsewhere["id"] = json!("local-new-2");
    assert_eq!(
        e.login("city@example.jp")
            .write("post", "/api/v1/facilities", &elsewhere)
            .status,
        403
    );
}

#[test]
fn professional_fields_travel_in_one_object_for_signed_in_accounts_only() {
    let s = TestServer::start();
    s.add_account(
        "cm@example.jp",
        Role::Professional,
        PASSWORD,
        EditorScope::default(),
    );
    let cm = Client::login(&s, "cm@example.jp");
    let with_windows = sample()
        .into_iter()
        .find(|f| !f.contact_windows.is_empty())
        .unwrap();
    let path = format!("/api/v1/facilities/{}", with_windows.id.as_str());

    let anon = s.get(&path).json();
    assert!(anon.get("professional").is_none());
    assert!(anon.get("contact_windows").is_none());

    let r = cm.get(&path);
    assert_eq!(r.status, 200);
    assert!(r.header("cache-control").unwrap().contains("private"));
    let pro = r.json();
    let windows = pro["professional"]["contact_windows"].as_array().unwrap();
    assert_eq!(windows.len(), with_windows.contact_windows.len());
    assert!(
        pro.get("contact_windows").is_none(),
        "not at the top level too"
    );

    // Search hits: every hit carries `professional` for the signed-in account, none for
    // anonymous visitors; the JSON and GeoJSON answers agree.
    let pro_hits = cm.get("/api/v1/search?per_page=200").json();
    let hits = pro_hits["hits"].as_array().unwrap();
    assert!(hits.iter().all(|h| h["professional"].is_object()));
    let by_name = format!(
        "/api/v1/search?{}",
        tests::qs(&[("q", with_windows.name.as_str()), ("per_page", "200")])
    );
    let named = cm.get(&by_name).json();
    let mine = named["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == with_windows.id.as_str())
        .expect("found by its name");
    assert_eq!(
        mine["professional"]["contact_windows"]
            .as_array()
            .unwrap()
            .len(),
        with_windows.contact_windows.len()
    );
    let anon_hits = s.search(&[("per_page", "200")]);
    assert!(
        anon_hits["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h.get("professional").is_none())
    );
    let geo = cm.get("/api/v1/search?per_page=200&format=geojson").json();
    assert!(geo["features"][0]["properties"]["professional"].is_object());
    let geo_anon = s.get("/api/v1/search?per_page=200&format=geojson").json();
    assert!(
        geo_anon["features"][0]["properties"]
            .get("professional")
            .is_none()
    );
}

/// Every string of a listing's professional fields that no listing's public fields carry (a
/// hospital's liaison desk is also a public listing of its own).
pub(crate) fn professional_strings(f: &model::Facility, all: &[model::Facility]) -> Vec<String> {
    fn leaves(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if s.chars().count() >= 4 => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| leaves(x, out)),
            Value::Object(o) => o.values().for_each(|x| leaves(x, out)),
            _ => {}
        }
    }
    let professional = f.split_professional().1;
    let public: String = all
        .iter()
        .map(|x| serde_json::to_string(&x.public_view()).unwrap())
        .collect();
    let mut out = Vec::new();
    leaves(&serde_json::to_value(&professional).unwrap(), &mut out);
    out.retain(|s| !public.contains(s.as_str()) && !s.contains(':'));
    out.sort();
    out.dedup();
    out
}

#[test]
fn site_pages_show_professional_fields_to_signed_in_accounts_only() {
    let s = TestServer::start();
    s.add_account(
        "cm@example.jp",
        Role::Professional,
        PASSWORD,
        EditorScope::default(),
    );
    let all = sample();
    let f = all
        .iter()
        .find(|f| f.id.as_str() == "sample-hospital-001")
        .unwrap()
        .clone();
    let secrets = professional_strings(&f, &all);
    assert!(
        secrets.iter().any(|x| x.contains("藤井")),
        "the desk's contact person is professional: {secrets:?}"
    );
    let w = &f.contact_windows[0].schedule.slots[0];
    let day = serde_json::to_value(w.day).unwrap();
    // Areas are assigned by the engine from the position.
    let area = s.get(&format!("/api/v1/facilities/{}", f.id)).json()["areas"][0]
        .as_str()
        .unwrap()
        .to_string();
    let q = tests::qs(&[("q", &f.name)]);
    // Every page route of the site that can show this listing, and the server functions the
    // browser calls after hydration.
    let pages = [
        format!("/facilities/{}", f.id),
        format!("/?{q}"),
        format!("/print?{q}"),
        format!("/print?area={area}"),
        format!(
            "/care-managers/contact-times?day={}&time={}",
            day.as_str().unwrap(),
            w.start
        ),
        "/care-managers/acceptance".to_string(),
        format!("/areas/{area}"),
        // Aggregates only: no professional field enters the planning page.
        "/planning?within_m=2000".to_string(),
    ];
    let rpc = [
        ("/rpc/facility", format!("id={}", f.id)),
        ("/rpc/search", tests::qs(&[("query", &q)])),
        ("/rpc/print", format!("query=area%3D{area}")),
        ("/rpc/planning", "query=within_m%3D2000".to_string()),
    ];
    let check = |body: &str, what: &str| -> Vec<String> {
        let _ = what;
        secrets
            .iter()
            .filter(|x| body.contains(x.as_str()))
            .cloned()
            .collect()
    };
    for p in &pages {
        let r = s.get(p);
        assert_eq!(r.status, 200, "{p}");
        assert_eq!(
            check(&r.text(), p),
            Vec::<String>::new(),
            "anonymous {p} shows professional fields"
        );
        assert!(!r.text().contains("関係者向けの情報"), "{p}");
    }
    for (path, body) in &rpc {
        let r = s.send_raw("post", path, body, "application/x-www-form-urlencoded", &[]);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        assert_eq!(
            check(&r.text(), path),
            Vec::<String>::new(),
            "anonymous {path}"
        );
    }
    // Signed in, the same pages carry them, and are not cacheable.
    let c = Client::login(&s, "cm@example.jp");
    let page = c.get(&format!("/facilities/{}", f.id));
    assert!(page.text().contains("関係者向けの情報"));
    assert!(page.text().contains("藤井"));
    assert_eq!(page.header("cache-control"), Some("private, no-store"));
    let print = c.get(&format!("/print?{q}"));
    assert!(
        print.text().contains("ケアマネタイム："),
        "print view for professionals"
    );
    let board = c.get(&pages[4]);
    assert!(
        board
            .text()
            .contains(f.contact_windows[0].contact_person.as_deref().unwrap()),
        "board shows the contact person"
    );
    let r = s.send_raw(
        "post",
        "/rpc/facility",
        &format!("id={}", f.id),
        "application/x-www-form-urlencoded",
        &[("cookie", &c.cookie)],
    );
    assert!(
        r.text().contains("藤井"),
        "server function for a signed-in page"
    );
}
