//! Accounts over HTTP: sign-in, sessions, CSRF, the login rate limit, role scopes in the write
//! path, the change log with revert, verification, and the professional fields.

use crate::helpers::{Resp, TestServer, sample};
use model::Role;
use model::account::EditorScope;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";

/// A signed-in client: its cookie and CSRF token.
struct Client<'a> {
    s: &'a TestServer,
    cookie: String,
    csrf: String,
}

impl<'a> Client<'a> {
    fn login(s: &'a TestServer, email: &str) -> Client<'a> {
        let r = login(s, email, PASSWORD);
        assert_eq!(r.status, 200, "login {email}: {}", r.text());
        let set = r
            .header("set-cookie")
            .expect("a session cookie")
            .to_string();
        let cookie = set.split(';').next().unwrap().to_string();
        Client {
            s,
            cookie,
            csrf: r.json()["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    fn get(&self, path: &str) -> Resp {
        self.s.send("get", path, None, &[("cookie", &self.cookie)])
    }

    /// A state-changing call with the session's CSRF token.
    fn write(&self, method: &str, path: &str, body: &Value) -> Resp {
        self.s.send(
            method,
            path,
            Some(&body.to_string()),
            &[("cookie", &self.cookie), ("x-csrf-token", &self.csrf)],
        )
    }
}

fn login(s: &TestServer, email: &str, password: &str) -> Resp {
    s.post_json(
        "/api/v1/auth/login",
        &json!({ "email": email, "password": password }).to_string(),
    )
}

fn sample_city() -> String {
    sample()[0].municipality_code.clone().unwrap()
}

fn scope(municipality: &str) -> EditorScope {
    EditorScope {
        municipalities: vec![municipality.to_string()],
        associations: Vec::new(),
    }
}

#[test]
fn login_sessions_csrf_and_the_rate_limit() {
    let s = TestServer::start();
    s.add_account(
        "admin@example.jp",
        Role::Admin,
        PASSWORD,
        EditorScope::default(),
    );

    // Wrong password and unknown e-mail look the same.
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

    // Sign in (e-mail case does not matter): an HttpOnly, SameSite cookie, not Secure on http.
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

    // State-changing calls need the CSRF token of the session.
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

    // Logout ends the session on the server, not only in the browser.
    let out = c.write("post", "/api/v1/auth/logout", &json!({}));
    assert_eq!(out.status, 204);
    assert_eq!(c.get("/api/v1/auth/session").status, 401);
    assert_eq!(other.get("/api/v1/auth/session").status, 200);

    // Five failures for one e-mail block it, even with the right password, with Retry-After;
    // other accounts from the same client still sign in.
    s.add_account(
        "editor@example.jp",
        Role::Editor,
        PASSWORD,
        scope(&sample_city()),
    );
    for _ in 0..5 {
        assert_eq!(login(&s, "editor@example.jp", "guess guess").status, 401);
    }
    let blocked = login(&s, "editor@example.jp", PASSWORD);
    assert_eq!(blocked.status, 429, "{}", blocked.text());
    assert_eq!(blocked.json()["code"], "too_many_attempts");
    let wait: u64 = blocked.header("retry-after").unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60);
    assert_eq!(login(&s, "admin@example.jp", PASSWORD).status, 200);
}

#[test]
fn editors_change_only_their_scope_and_every_change_is_logged_and_revertible() {
    let s = TestServer::start();
    let city = sample_city();
    s.add_account("city@example.jp", Role::Editor, PASSWORD, scope(&city));
    s.add_account("other@example.jp", Role::Editor, PASSWORD, scope("999999"));
    s.add_account(
        "cm@example.jp",
        Role::Professional,
        PASSWORD,
        EditorScope::default(),
    );
    let target = sample()
        .into_iter()
        .find(|f| f.municipality_code.as_deref() == Some(city.as_str()) && f.location.is_some())
        .unwrap();
    let path = format!("/api/v1/facilities/{}", target.id.as_str());
    let rename = json!({ "fields": { "name": "ひだまり新町クリニック" } });

    // Outside the scope, or read-only: refused by the write path, nothing changes.
    let other = Client::login(&s, "other@example.jp");
    let r = other.write("patch", &path, &rename);
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(r.json()["code"], "forbidden");
    let cm = Client::login(&s, "cm@example.jp");
    assert_eq!(cm.write("patch", &path, &rename).status, 403);
    assert_eq!(cm.get(&format!("{path}/history")).status, 403);
    assert_eq!(s.get(&path).json()["name"], target.name.as_str());

    // Inside the scope: saved, searchable at once, logged field by field.
    let city_ed = Client::login(&s, "city@example.jp");
    let saved = city_ed.write("patch", &path, &rename);
    assert_eq!(saved.status, 200, "{}", saved.text());
    let saved = saved.json();
    assert_eq!(saved["changes"][0]["field"], "name");
    let version = saved["version"].as_i64().unwrap();
    let found = s.search(&[("q", "ひだまり新町")]);
    assert_eq!(found["total"], 1);
    assert_eq!(found["hits"][0]["id"], target.id.as_str());
    let history = city_ed.get(&format!("{path}/history")).json();
    let entry = &history[0];
    assert_eq!(entry["field"], "name");
    assert_eq!(entry["old"], target.name.as_str());
    assert_eq!(entry["new"], "ひだまり新町クリニック");
    assert_eq!(entry["actor"], "city@example.jp");
    assert_eq!(entry["kind"], "edit");
    assert!(entry["at"].as_str().unwrap().starts_with("20"));

    // Moving a listing out of the editor's scope is refused too.
    let away = city_ed.write(
        "patch",
        &path,
        &json!({ "fields": { "municipality_code": "999999" } }),
    );
    assert_eq!(away.status, 403);

    // A save from a stale version is a conflict, not a lost update.
    let mut stale = s.get(&path).json();
    stale["description"] = json!("古い版からの編集");
    let r = city_ed.write(
        "put",
        &path,
        &json!({ "facility": stale, "version": version - 1 }),
    );
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(r.json()["code"], "conflict");
    // Bad values are 400s with the field named; the id cannot change.
    let bad = city_ed.write(
        "patch",
        &path,
        &json!({ "fields": { "services": ["no_such_service"] } }),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["code"], "unknown_service");
    let r = city_ed.write("put", &path, &json!({ "facility": { "id": "x", "name": "x", "category": "medical", "services": ["clinic"] } }));
    assert_eq!(r.status, 400);

    // Revert the rename: the old name is back and searchable; the revert is logged.
    let change_id = entry["id"].as_i64().unwrap();
    let r = city_ed.write(
        "post",
        &format!("/api/v1/changes/{change_id}/revert"),
        &json!({}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(s.get(&path).json()["name"], target.name.as_str());
    assert_eq!(s.search(&[("q", "ひだまり新町")])["total"], 0);
    let history = city_ed.get(&format!("{path}/history")).json();
    assert_eq!(history[0]["kind"], "revert");
    assert_eq!(history[0]["new"], target.name.as_str());
    // Reverting the same change again would undo the revert's own state: refused.
    let again = city_ed.write(
        "post",
        &format!("/api/v1/changes/{change_id}/revert"),
        &json!({}),
    );
    assert_eq!(again.status, 409);
    assert_eq!(
        city_ed
            .write("post", "/api/v1/changes/999999/revert", &json!({}))
            .json()["code"],
        "change_not_found"
    );

    // Verification is its own record: the date and who, distinct from the last change.
    let r = city_ed.write(
        "post",
        &format!("{path}/verify"),
        &json!({ "date": "2026-12-01" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let public = s.get(&path).json();
    assert_eq!(public["provenance"]["verified_at"], "2026-12-01");
    assert_eq!(
        city_ed.get(&format!("{path}/history")).json()[0]["kind"],
        "verify"
    );

    // Retiring takes it out of the default search and keeps it on record.
    let r = city_ed.write("delete", &path, &json!({}));
    assert_eq!(r.status, 200);
    assert_eq!(s.get(&path).json()["status"], "closed");
    let hits = s.search(&[("q", target.name.as_str()), ("per_page", "200")]);
    assert!(
        hits["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["id"] != target.id.as_str())
    );

    // An administrator creates a listing anywhere; the id must be new.
    s.add_account(
        "admin@example.jp",
        Role::Admin,
        PASSWORD,
        EditorScope::default(),
    );
    let admin = Client::login(&s, "admin@example.jp");
    let new = json!({
        "id": "local-new-1", "name": "あおぞら訪問看護ステーション", "category": "medical",
        "services": ["visiting_nursing"], "municipality_code": "999999",
        "location": { "lat": target.location.unwrap().lat, "lng": target.location.unwrap().lng }
    });
    let r = admin.write("post", "/api/v1/facilities", &new);
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(
        !r.json()["facility"]["areas"].as_array().unwrap().is_empty(),
        "areas assigned"
    );
    assert_eq!(admin.write("post", "/api/v1/facilities", &new).status, 409);
    assert_eq!(s.search(&[("q", "あおぞら訪問看護")])["total"], 1);
    // The city's editor cannot create outside the city.
    let mut elsewhere = new.clone();
    elsewhere["id"] = json!("local-new-2");
    assert_eq!(
        city_ed
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
        crate::helpers::qs(&[("q", with_windows.name.as_str()), ("per_page", "200")])
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

#[test]
fn change_requests_go_from_the_facility_link_through_review_to_the_public_search() {
    let s = TestServer::start();
    let city = sample_city();
    s.add_account("city@example.jp", Role::Editor, PASSWORD, scope(&city));
    s.add_account("other@example.jp", Role::Editor, PASSWORD, scope("999999"));
    let editor = Client::login(&s, "city@example.jp");
    let station = sample()
        .into_iter()
        .find(|f| {
            f.services.iter().any(|x| x == "visiting_nursing")
                && f.municipality_code.as_deref() == Some(city.as_str())
        })
        .unwrap();
    let id = station.id.as_str();

    // The editor issues the private link; an editor of another city cannot.
    let other = Client::login(&s, "other@example.jp");
    let r = other.write(
        "post",
        &format!("/api/v1/facilities/{id}/update-link"),
        &json!({}),
    );
    assert_eq!(r.status, 403);
    let r = editor.write(
        "post",
        &format!("/api/v1/facilities/{id}/update-link"),
        &json!({}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let link = r.json();
    let token = link["token"].as_str().unwrap().to_string();
    assert!(
        link["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/update/{token}"))
    );

    // The facility opens it without an account and sees its own record.
    let own = s.get(&format!("/api/v1/update/{token}"));
    assert_eq!(own.status, 200);
    assert_eq!(own.json()["facility"]["id"], id);
    assert!(own.json()["facility"]["professional"].is_object());

    // Bad proposals are refused with the field named; nothing is queued.
    let bad = [
        json!({ "fields": { "provenance": { "source": "x" } }, "submitter": "所長 山田", "contact": "000-1" }),
        json!({ "fields": { "nmae": "x" }, "submitter": "所長 山田", "contact": "000-1" }),
        json!({ "fields": { "name": station.name }, "submitter": "所長 山田", "contact": "000-1" }),
        json!({ "fields": { "phone": "000-1" }, "submitter": " ", "contact": "000-1" }),
    ];
    for b in &bad {
        let r = s.send(
            "post",
            &format!("/api/v1/update/{token}"),
            Some(&b.to_string()),
            &[],
        );
        assert_eq!(r.status, 400, "{b}: {}", r.text());
    }
    // This week's acceptance status and a new name.
    let proposal = json!({
        "fields": {
            "availability": { "accepting": "limited", "as_of": "2026-12-01", "note": "土日の新規は要相談" },
            "name": "みらい訪問看護ステーション本町"
        },
        "submitter": "管理者 佐藤", "contact": "000-123-4567", "note": "名称変更しました"
    });
    let r = s.send(
        "post",
        &format!("/api/v1/update/{token}"),
        Some(&proposal.to_string()),
        &[],
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let request = r.json();
    let request_id = request["id"].as_i64().unwrap();
    assert_eq!(request["status"], "pending");
    let fields: Vec<&str> = request["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["availability", "name"]);
    assert_eq!(request["changes"][1]["old"], station.name.as_str());
    // Nothing is public before review.
    assert_eq!(
        s.search(&[("q", "みらい訪問看護ステーション本町")])["total"],
        0
    );
    assert_eq!(
        s.get(&format!("/api/v1/update/{token}")).json()["pending"][0]["id"],
        request_id
    );

    // The queue shows it to the city's editor with its diff, not to the other city's.
    let queue = editor.get("/api/v1/change-requests").json();
    assert_eq!(queue[0]["id"], request_id);
    assert!(
        other
            .get("/api/v1/change-requests")
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.get("/api/v1/change-requests").status, 401);
    assert_eq!(
        other
            .write(
                "post",
                &format!("/api/v1/change-requests/{request_id}/approve"),
                &json!({})
            )
            .status,
        403
    );

    // Approve: live at once, logged as a request save by the reviewer.
    let r = editor.write(
        "post",
        &format!("/api/v1/change-requests/{request_id}/approve"),
        &json!({ "note": "電話で確認済み" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["request"]["status"], "approved");
    assert_eq!(r.json()["request"]["reviewed_by"], "city@example.jp");
    let found = s.search(&[("q", "みらい訪問看護ステーション本町")]);
    assert_eq!(found["total"], 1);
    assert_eq!(found["hits"][0]["accepting"], "limited");
    assert_eq!(found["hits"][0]["accepting_as_of"], "2026-12-01");
    let history = editor
        .get(&format!("/api/v1/facilities/{id}/history"))
        .json();
    assert_eq!(history[0]["kind"], "request");
    assert!(history[0]["note"].as_str().unwrap().contains("管理者 佐藤"));
    // A second decision on the same request is a conflict.
    let again = editor.write(
        "post",
        &format!("/api/v1/change-requests/{request_id}/reject"),
        &json!({}),
    );
    assert_eq!(again.status, 409);

    // A rejected proposal changes nothing and keeps the reviewer's note.
    let p2 = json!({ "fields": { "phone": "000-999-0000" }, "submitter": "佐藤", "contact": "000-123-4567" });
    let r2 = s.send(
        "post",
        &format!("/api/v1/update/{token}"),
        Some(&p2.to_string()),
        &[],
    );
    assert_eq!(r2.status, 201);
    let r2_id = r2.json()["id"].as_i64().unwrap();
    let rej = editor.write(
        "post",
        &format!("/api/v1/change-requests/{r2_id}/reject"),
        &json!({ "note": "番号を確認できませんでした" }),
    );
    assert_eq!(rej.status, 200);
    assert_eq!(rej.json()["status"], "rejected");
    assert_ne!(
        s.get(&format!("/api/v1/facilities/{id}")).json()["phone"],
        "000-999-0000"
    );

    // Re-issuing the link revokes the old one; revoking ends the new one too.
    let r = editor.write(
        "post",
        &format!("/api/v1/facilities/{id}/update-link"),
        &json!({}),
    );
    let token2 = r.json()["token"].as_str().unwrap().to_string();
    assert_eq!(s.get(&format!("/api/v1/update/{token}")).status, 404);
    assert_eq!(s.get(&format!("/api/v1/update/{token2}")).status, 200);
    assert_eq!(
        editor
            .write(
                "delete",
                &format!("/api/v1/facilities/{id}/update-link"),
                &json!({})
            )
            .status,
        204
    );
    let gone = s.get(&format!("/api/v1/update/{token2}"));
    assert_eq!(gone.status, 404);
    assert_eq!(gone.json()["code"], "link_not_found");
}

#[test]
fn the_staleness_report_lists_old_confirmations_and_statuses_in_scope() {
    let s = TestServer::start();
    let city = sample_city();
    s.add_account("city@example.jp", Role::Editor, PASSWORD, scope(&city));
    s.add_account(
        "cm@example.jp",
        Role::Professional,
        PASSWORD,
        EditorScope::default(),
    );
    let editor = Client::login(&s, "city@example.jp");
    let today = model::clock::today();
    let policy = model::freshness::FreshnessPolicy::default();
    let report = editor.get("/api/v1/reports/staleness");
    assert_eq!(report.status, 200, "{}", report.text());
    let listed: Vec<String> = report
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    // Exactly the active listings of the city that the policy marks, computed from the data.
    let expected: Vec<String> = {
        let mut v: Vec<String> = sample()
            .iter()
            .filter(|f| {
                f.status != model::facility::LifecycleStatus::Closed
                    && f.municipality_code.as_deref() == Some(city.as_str())
                    && model::freshness::StaleListing::of(f, &policy, today).is_some()
            })
            .map(|f| f.id.0.clone())
            .collect();
        v.sort();
        v
    };
    assert!(!expected.is_empty(), "the sample has stale listings");
    assert_eq!(listed, expected);

    // Confirming a listing takes it off the report (unless its status is old too).
    let due = sample()
        .into_iter()
        .find(|f| {
            f.municipality_code.as_deref() == Some(city.as_str())
                && f.availability.is_none()
                && f.status == model::facility::LifecycleStatus::Active
                && policy.verification_due(f.provenance.verified_at, today)
        })
        .expect("a listing due for re-confirmation");
    let r = editor.write(
        "post",
        &format!("/api/v1/facilities/{}/verify", due.id.as_str()),
        &json!({}),
    );
    assert_eq!(r.status, 200);
    let after = editor.get("/api/v1/reports/staleness").json();
    assert!(
        after
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["id"] != due.id.as_str())
    );
    assert_eq!(after.as_array().unwrap().len(), expected.len() - 1);

    // A shorter policy lists more; professionals get no report.
    let strict = editor.get("/api/v1/reports/staleness?verify_within_months=1&availability_days=1");
    assert!(strict.json().as_array().unwrap().len() > after.as_array().unwrap().len());
    let cm = Client::login(&s, "cm@example.jp");
    assert_eq!(cm.get("/api/v1/reports/staleness").status, 403);
}

#[test]
fn the_weekly_availability_round_records_statuses_in_a_few_calls() {
    let s = TestServer::start();
    let city = sample_city();
    s.add_account("center@example.jp", Role::Editor, PASSWORD, scope(&city));
    let c = Client::login(&s, "center@example.jp");
    let round = c.get("/api/v1/availability-round");
    assert_eq!(round.status, 200, "{}", round.text());
    let lines = round.json();
    let lines = lines.as_array().unwrap();
    let expected = sample()
        .iter()
        .filter(|f| {
            f.status == model::facility::LifecycleStatus::Active
                && f.municipality_code.as_deref() == Some(city.as_str())
                && f.services.iter().any(|x| {
                    ["visiting_nursing", "short_stay", "short_stay_medical"].contains(&x.as_str())
                })
        })
        .count();
    assert_eq!(lines.len(), expected);
    // The due ones (no status, or an old one) come first.
    let due: Vec<bool> = lines.iter().map(|l| l["due"].as_bool().unwrap()).collect();
    assert!(due.windows(2).all(|w| w[0] >= w[1]));
    assert!(due.contains(&true));

    // Record every due station as accepting, dated today, in one call.
    let due_ids: Vec<String> = lines
        .iter()
        .filter(|l| l["due"] == true)
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    let body: Vec<Value> = due_ids
        .iter()
        .map(|id| json!({ "id": id, "accepting": "yes" }))
        .collect();
    let r = c.write("post", "/api/v1/availability-round", &json!(body));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["saved"].as_array().unwrap().len(), due_ids.len());
    let after = c.get("/api/v1/availability-round").json();
    assert!(after.as_array().unwrap().iter().all(|l| l["due"] == false));
    // They are found as accepting now, and each save is in the change log.
    let accepting = s.search(&[("accepting", "true"), ("per_page", "200")]);
    for id in &due_ids {
        assert!(
            accepting["hits"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["id"] == id.as_str())
        );
        let log = c.get(&format!("/api/v1/facilities/{id}/history")).json();
        assert_eq!(log[0]["field"], "availability");
    }
    // A listing outside the scope rejects the whole round before anything is saved.
    let outside = sample()
        .into_iter()
        .find(|f| f.municipality_code.as_deref() != Some(city.as_str()))
        .unwrap();
    let mixed = json!([
        { "id": due_ids[0], "accepting": "no" },
        { "id": outside.id.as_str(), "accepting": "no" }
    ]);
    assert_eq!(
        c.write("post", "/api/v1/availability-round", &mixed).status,
        403
    );
    let first = s.get(&format!("/api/v1/facilities/{}", due_ids[0])).json();
    assert_eq!(first["availability"]["accepting"], "yes");
}

/// Every string of a listing's professional fields that no listing's public fields carry (a
/// hospital's liaison desk is also a public listing of its own).
fn professional_strings(f: &model::Facility, all: &[model::Facility]) -> Vec<String> {
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
    let q = crate::helpers::qs(&[("q", &f.name)]);
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
    ];
    let rpc = [
        ("/rpc/facility", format!("id={}", f.id)),
        ("/rpc/search", crate::helpers::qs(&[("query", &q)])),
        ("/rpc/print", format!("query=area%3D{area}")),
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

#[test]
fn admin_pages_need_a_session_and_their_forms_the_csrf_token() {
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
    // Anonymous: every admin page sends to the sign-in page and comes back after.
    for p in [
        "/admin",
        &format!("/admin/facilities/{id}"),
        "/admin/requests",
        "/admin/staleness",
        "/admin/round",
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
    // The sign-in form needs the token of its own cookie.
    let r = s.post_form(
        "/admin/login",
        &[("email", "ed@example.jp"), ("password", PASSWORD)],
        &[],
    );
    assert_eq!(r.status, 403);
    let (cookie, token) = login_form(&s);
    let r = s.post_form(
        "/admin/login",
        &[
            ("email", "ed@example.jp"),
            ("password", PASSWORD),
            ("login_csrf", &token),
            ("next", "/admin/round"),
        ],
        &[("cookie", &cookie)],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.header("location"), Some("/admin/round"));
    let session = r
        .headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.split(';').next().unwrap().to_string())
        .find(|v| v.starts_with("caremap_session="))
        .unwrap();
    // An editor of one municipality starts with its listings, and may see the others.
    let list = s.get_with("/admin", &[("cookie", &session)]).text();
    assert!(
        list.contains("担当外も表示"),
        "the list is the editor's municipality"
    );
    let all = s.get_with("/admin?all=1", &[("cookie", &session)]).text();
    assert!(!all.contains("担当外も表示"));
    // A signed-in page carries the CSRF token in its forms; a post without it changes nothing.
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
        before
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
    // Professionals read but cannot open the editor.
    let cm = Client::login(&s, "cm@example.jp");
    assert_eq!(cm.get("/admin").status, 200);
    assert_eq!(cm.get(&format!("/admin/facilities/{id}")).status, 403);
    // The sign-in form is rate-limited like the API.
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

/// The sign-in page's cookie and the token its form must send back.
fn login_form(s: &TestServer) -> (String, String) {
    let form = s.get("/admin/login");
    let cookie = form
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    (
        cookie,
        between(&form.text(), "name=\"login_csrf\" value=\"", "\""),
    )
}

fn between(text: &str, start: &str, end: &str) -> String {
    let i = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in page"))
        + start.len();
    text[i..].split(end).next().unwrap().to_string()
}

#[test]
fn exports_hold_the_whole_directory_and_professional_fields_only_when_signed_in() {
    let s = TestServer::start();
    s.add_account(
        "cm@example.jp",
        Role::Professional,
        PASSWORD,
        EditorScope::default(),
    );
    let all = sample();
    let open: Vec<&model::Facility> = all
        .iter()
        .filter(|f| f.status != model::facility::LifecycleStatus::Closed)
        .collect();
    let f = all
        .iter()
        .find(|f| f.id.as_str() == "sample-hospital-001")
        .unwrap();
    let secrets = professional_strings(f, &all);
    let c = Client::login(&s, "cm@example.jp");
    for (path, signed_in) in [
        ("/api/v1/exports/facilities.csv", false),
        ("/api/v1/exports/facilities.geojson", false),
        ("/api/v1/exports/hsds.json", false),
        ("/api/v1/exports/facilities.csv", true),
        ("/api/v1/exports/facilities.geojson", true),
        ("/api/v1/exports/hsds.json", true),
    ] {
        let r = if signed_in { c.get(path) } else { s.get(path) };
        assert_eq!(r.status, 200, "{path}");
        let text = r.text();
        let leaked: Vec<&String> = secrets
            .iter()
            .filter(|x| text.contains(x.as_str()))
            .collect();
        if signed_in {
            assert!(
                !leaked.is_empty(),
                "{path} signed in carries the professional fields"
            );
            assert_eq!(
                r.header("cache-control"),
                Some("private, no-store"),
                "{path}"
            );
        } else {
            assert!(leaked.is_empty(), "anonymous {path} leaks {leaked:?}");
        }
        // Every listing that is not closed, once.
        let count = if path.ends_with(".csv") {
            let mut rd = csv::ReaderBuilder::new()
                .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            let h = rd.headers().unwrap().clone();
            assert_eq!(h.get(0), Some("都道府県コード又は市町村コード"));
            assert_eq!(h.get(23), Some("備考"));
            assert_eq!(h.get(24), Some("caremap_id"));
            let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
            let row = rows
                .iter()
                .find(|r| r.get(24) == Some(f.id.as_str()))
                .unwrap();
            assert_eq!(row.get(4), Some(f.name.as_str()));
            assert_eq!(row.get(11), f.phone.as_deref());
            rows.len()
        } else if path.ends_with(".geojson") {
            let v = r.json();
            assert_eq!(v["type"], "FeatureCollection");
            let feat = v["features"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["id"] == f.id.as_str())
                .unwrap()
                .clone();
            assert_eq!(
                feat["geometry"]["coordinates"][0].as_f64(),
                f.location.map(|l| l.lng)
            );
            assert_eq!(feat["properties"].get("professional").is_some(), signed_in);
            v["features"].as_array().unwrap().len()
        } else {
            let v = r.json();
            let svc = v["services"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["id"] == f.id.as_str())
                .unwrap()
                .clone();
            assert_eq!(
                svc["service_at_locations"][0]["location"]["latitude"].as_f64(),
                f.location.map(|l| l.lat)
            );
            assert!(!svc["schedules"].as_array().unwrap().is_empty());
            v["services"].as_array().unwrap().len()
        };
        assert_eq!(count, open.len(), "{path}");
    }
}

#[test]
fn a_yearly_campaign_tracks_responses_and_an_approved_response_confirms_the_listing() {
    let s = TestServer::start();
    let city = sample_city();
    s.add_account("ed@example.jp", Role::Editor, PASSWORD, scope(&city));
    s.add_account("other@example.jp", Role::Editor, PASSWORD, scope("000000"));
    let ed = Client::login(&s, "ed@example.jp");
    let all = sample();
    let open: Vec<&model::Facility> = all
        .iter()
        .filter(|f| {
            f.status != model::facility::LifecycleStatus::Closed
                && f.municipality_code.as_deref() == Some(city.as_str())
        })
        .collect();
    // Start: every listing of the editor's municipality is asked.
    let c = ed.write(
        "post",
        "/api/v1/campaigns",
        &json!({ "title": "2026年度 掲載内容の確認", "municipality": city }),
    );
    assert_eq!(c.status, 201, "{}", c.text());
    let c = c.json();
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["members"].as_u64().unwrap() as usize, open.len());
    assert_eq!(c["responded"], 0);
    // A listing answers "no change" through its link: accepted during the campaign only.
    let fid = open[0].id.0.clone();
    let link = ed.write(
        "post",
        &format!("/api/v1/facilities/{fid}/update-link"),
        &json!({}),
    );
    let token = link.json()["token"].as_str().unwrap().to_string();
    let answer = json!({ "fields": {}, "submitter": "事務 佐藤", "contact": "000-200-0000" });
    let r = s.post_json(&format!("/api/v1/update/{token}"), &answer.to_string());
    assert_eq!(r.status, 201, "{}", r.text());
    let request = r.json()["id"].as_i64().unwrap();
    let detail = ed.get(&format!("/api/v1/campaigns/{id}")).json();
    assert_eq!(detail["campaign"]["responded"], 1);
    let member = detail["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["facility_id"] == fid.as_str())
        .unwrap()
        .clone();
    assert_eq!(member["response"], "request");
    assert_eq!(member["request_id"], request);
    // Approving the response confirms the listing today.
    let r = ed.write(
        "post",
        &format!("/api/v1/change-requests/{request}/approve"),
        &json!({}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let f = s.get(&format!("/api/v1/facilities/{fid}")).json();
    assert_eq!(f["provenance"]["verified_by"], "ed@example.jp");
    assert_eq!(
        f["provenance"]["verified_at"],
        crate::helpers::today().to_string()
    );
    // An editor's confirmation (after a FAX) is a response too.
    let other = open[1].id.0.clone();
    assert_eq!(
        ed.write(
            "post",
            &format!("/api/v1/facilities/{other}/verify"),
            &json!({})
        )
        .status,
        200
    );
    let detail = ed.get(&format!("/api/v1/campaigns/{id}")).json();
    assert_eq!(detail["campaign"]["responded"], 2);
    let pending = detail["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m.get("responded_at").is_none())
        .count();
    assert_eq!(pending, open.len() - 2, "non-responders");
    // The admin page prints the non-responders' forms, each with a working link.
    let page = ed.get(&format!("/admin/campaigns/{id}"));
    assert_eq!(page.status, 200);
    let csrf = between(&page.text(), "name=\"csrf_token\" value=\"", "\"");
    let forms = s.post_form(
        &format!("/admin/campaigns/{id}/forms"),
        &[("csrf_token", &csrf)],
        &[("cookie", &ed.cookie)],
    );
    assert_eq!(forms.status, 200);
    let text = forms.text();
    assert_eq!(text.matches("class=\"a4-form\"").count(), pending);
    let url = between(&text, "class=\"update-url\">", "<");
    let path = &url[url.find("/update/").unwrap()..];
    let form = s.get(path);
    assert_eq!(form.status, 200);
    assert!(
        form.text().contains("変更なし"),
        "the update form explains the campaign"
    );
    // Closed, a proposal that changes nothing is refused again.
    assert_eq!(
        ed.write("post", &format!("/api/v1/campaigns/{id}/close"), &json!({}))
            .status,
        204
    );
    let r = s.post_json(&format!("/api/v1/update/{token}"), &answer.to_string());
    assert_eq!(r.status, 400, "{}", r.text());
}

#[test]
fn a_municipality_sets_its_own_confirmation_interval() {
    let s = TestServer::start();
    let city = sample_city();
    s.add_account("ed@example.jp", Role::Editor, PASSWORD, scope(&city));
    s.add_account("other@example.jp", Role::Editor, PASSWORD, scope("000000"));
    let ed = Client::login(&s, "ed@example.jp");
    let other = Client::login(&s, "other@example.jp");
    let due = |c: &Client| -> usize {
        c.get("/api/v1/reports/staleness")
            .json()
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["verification_due"] == true)
            .count()
    };
    let before = due(&ed);
    // Another municipality's editor may not set this one's policy.
    let r = other.write(
        "put",
        &format!("/api/v1/freshness-policies/{city}"),
        &json!({ "verify_within_months": 3 }),
    );
    assert_eq!(r.status, 403);
    let r = ed.write(
        "put",
        &format!("/api/v1/freshness-policies/{city}"),
        &json!({ "verify_within_months": 0 }),
    );
    assert_eq!(r.status, 400);
    let r = ed.write(
        "put",
        &format!("/api/v1/freshness-policies/{city}"),
        &json!({ "verify_within_months": 3 }),
    );
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(
        ed.get("/api/v1/freshness-policies").json()["verify_months_by_municipality"][&city],
        3
    );
    // Three months instead of twelve: more listings are due, exactly those confirmed before.
    let today = crate::helpers::today();
    let limit = today.checked_sub_months(chrono::Months::new(3)).unwrap();
    let expected = sample()
        .iter()
        .filter(|f| {
            f.status != model::facility::LifecycleStatus::Closed
                && f.municipality_code.as_deref() == Some(city.as_str())
        })
        .filter(|f| f.provenance.verified_at.is_none_or(|d| d < limit))
        .count();
    assert!(
        expected > before,
        "the sample has listings confirmed 3–12 months ago"
    );
    assert_eq!(due(&ed), expected);
}

#[test]
fn the_round_page_records_this_weeks_statuses_in_one_post() {
    let s = TestServer::start();
    s.add_account(
        "ed@example.jp",
        Role::Editor,
        PASSWORD,
        scope(&sample_city()),
    );
    let ed = Client::login(&s, "ed@example.jp");
    let page = ed.get("/admin/round");
    assert_eq!(page.status, 200);
    let text = page.text();
    let csrf = between(&text, "name=\"csrf_token\" value=\"", "\"");
    let stations: Vec<String> = sample()
        .into_iter()
        .filter(|f| f.services.iter().any(|x| x == "visiting_nursing"))
        .map(|f| f.id.0)
        .take(2)
        .collect();
    for id in &stations {
        assert!(
            text.contains(&format!("name=\"acc_{id}\"")),
            "{id} is on the board"
        );
    }
    let (a, b) = (
        format!("acc_{}", stations[0]),
        format!("acc_{}", stations[1]),
    );
    let note = format!("note_{}", stations[0]);
    let r = s.post_form(
        "/admin/round",
        &[
            ("csrf_token", &csrf),
            (&a, "no"),
            (&note, "今月は新規停止"),
            (&b, ""),
        ],
        &[("cookie", &ed.cookie)],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let f = s.get(&format!("/api/v1/facilities/{}", stations[0])).json();
    assert_eq!(f["availability"]["accepting"], "no");
    assert_eq!(f["availability"]["note"], "今月は新規停止");
    assert_eq!(
        f["availability"]["as_of"],
        crate::helpers::today().to_string()
    );
    // 「記録しない」 leaves a station as it was.
    let before = sample()
        .into_iter()
        .find(|f| f.id.0 == stations[1])
        .unwrap()
        .availability;
    let after =
        s.get(&format!("/api/v1/facilities/{}", stations[1])).json()["availability"].clone();
    assert_eq!(after, serde_json::to_value(before).unwrap());
}
