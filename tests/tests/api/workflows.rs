//! The editorial workflows over HTTP: change requests from a facility's link through review to
//! the public search, the staleness report, the weekly availability round, campaigns and
//! confirmation intervals.

use crate::session::{Client, PASSWORD, between, sample_city, scope};
use model::Facility;
use model::Role;
use model::account::EditorScope;
use serde_json::{Value, json};
use tests::{TestServer, sample};

/// A server with an editor of the sample city (`city@…`) and of another city (`other@…`), and a
/// visiting-nurse station of the sample city whose update link the city's editor has issued.
struct Linked {
    s: TestServer,
    station: Facility,
    /// The link's token, as the facility receives it.
    token: String,
    /// The issuing answer (`token`, `url`).
    link: Value,
}

impl Linked {
    fn start() -> Linked {
        let s = TestServer::start();
        let city = sample_city();
        s.add_account("city@example.jp", Role::Editor, PASSWORD, scope(&city));
        s.add_account("other@example.jp", Role::Editor, PASSWORD, scope("999999"));
        let station = sample()
            .into_iter()
            .find(|f| {
                f.services.iter().any(|x| x == "visiting_nursing")
                    && f.municipality_code.as_deref() == Some(city.as_str())
            })
            .unwrap();
        let r = Client::login(&s, "city@example.jp").write(
            "post",
            &format!("/api/v1/facilities/{}/update-link", station.id.as_str()),
            &json!({}),
        );
        assert_eq!(r.status, 201, "{}", r.text());
        let link = r.json();
        let token = link["token"].as_str().unwrap().to_string();
        Linked {
            s,
            station,
            token,
            link,
        }
    }

    fn editor(&self) -> Client<'_> {
        Client::login(&self.s, "city@example.jp")
    }

    fn other(&self) -> Client<'_> {
        Client::login(&self.s, "other@example.jp")
    }

    fn id(&self) -> &str {
        self.station.id.as_str()
    }

    /// Sends a proposal through the link.
    fn propose(&self, proposal: &Value) -> tests::Resp {
        self.s.send(
            "post",
            &format!("/api/v1/update/{}", self.token),
            Some(&proposal.to_string()),
            &[],
        )
    }
}

#[test]
fn only_an_editor_of_the_listing_issues_its_update_link() {
    let l = Linked::start();
    let r = l.other().write(
        "post",
        &format!("/api/v1/facilities/{}/update-link", l.id()),
        &json!({}),
    );
    assert_eq!(r.status, 403);
    assert!(
        l.link["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/update/{}", l.token))
    );
}

#[test]
fn the_link_opens_the_facilitys_own_record_without_an_account() {
    let l = Linked::start();
    let own = l.s.get(&format!("/api/v1/update/{}", l.token));
    assert_eq!(own.status, 200);
    assert_eq!(own.json()["facility"]["id"], l.id());
    assert!(own.json()["facility"]["professional"].is_object());
    assert!(own.json()["pending"].as_array().unwrap().is_empty());
}

#[test]
fn bad_proposals_are_refused_with_the_field_named_and_nothing_is_queued() {
    let l = Linked::start();
    let tomorrow = (tests::today() + chrono::Days::new(1)).to_string();
    let bad = [
        (
            json!({ "fields": { "availability": { "accepting": "yes", "as_of": tomorrow } }, "submitter": "所長 山田", "contact": "000-1" }),
            "availability.as_of",
        ),
        (
            json!({ "fields": { "provenance": { "source": "x" } }, "submitter": "所長 山田", "contact": "000-1" }),
            "provenance",
        ),
        (
            json!({ "fields": { "nmae": "x" }, "submitter": "所長 山田", "contact": "000-1" }),
            "nmae",
        ),
        (
            json!({ "fields": { "name": l.station.name }, "submitter": "所長 山田", "contact": "000-1" }),
            "fields",
        ),
        (
            json!({ "fields": { "phone": "000-1" }, "submitter": " ", "contact": "000-1" }),
            "submitter",
        ),
    ];
    for (b, field) in &bad {
        let r = l.propose(b);
        assert_eq!(r.status, 400, "{b}: {}", r.text());
        assert!(
            r.json()["message"].as_str().unwrap().contains(field),
            "{b}: {}",
            r.text()
        );
    }
    assert!(
        l.editor()
            .get("/api/v1/change-requests")
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_approved_proposal_goes_live_at_once_and_is_decided_only_once() {
    let l = Linked::start();
    let (editor, other) = (l.editor(), l.other());
    // This week's acceptance status and a new name.
    let r = l.propose(&json!({
        "fields": {
            "availability": { "accepting": "limited", "as_of": "2026-11-16", "note": "土日の新規は要相談" },
            "name": "みらい訪問看護ステーション本町"
        },
        "submitter": "管理者 佐藤", "contact": "000-123-4567", "note": "名称変更しました"
    }));
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
    assert_eq!(request["changes"][1]["old"], l.station.name.as_str());
    // Nothing is public before review.
    assert_eq!(
        l.s.search(&[("q", "みらい訪問看護ステーション本町")])["total"],
        0
    );
    assert_eq!(
        l.s.get(&format!("/api/v1/update/{}", l.token)).json()["pending"][0]["id"],
        request_id
    );

    // The queue shows it to the city's editor with its diff, not to the other city's.
    assert_eq!(
        editor.get("/api/v1/change-requests").json()[0]["id"],
        request_id
    );
    assert!(
        other
            .get("/api/v1/change-requests")
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(l.s.get("/api/v1/change-requests").status, 401);
    let approve = format!("/api/v1/change-requests/{request_id}/approve");
    assert_eq!(other.write("post", &approve, &json!({})).status, 403);

    // Approve: live at once, logged as a request save by the reviewer.
    let r = editor.write("post", &approve, &json!({ "note": "電話で確認済み" }));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["request"]["status"], "approved");
    assert_eq!(r.json()["request"]["reviewed_by"], "city@example.jp");
    let found = l.s.search(&[("q", "みらい訪問看護ステーション本町")]);
    assert_eq!(found["total"], 1);
    assert_eq!(found["hits"][0]["accepting"], "limited");
    assert_eq!(found["hits"][0]["accepting_as_of"], "2026-11-16");
    let history = editor
        .get(&format!("/api/v1/facilities/{}/history", l.id()))
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
}

#[test]
fn a_rejected_proposal_changes_nothing_and_keeps_the_reviewers_note() {
    let l = Linked::start();
    let r = l.propose(&json!({ "fields": { "phone": "000-999-0000" }, "submitter": "佐藤", "contact": "000-123-4567" }));
    assert_eq!(r.status, 201);
    let id = r.json()["id"].as_i64().unwrap();
    let rej = l.editor().write(
        "post",
        &format!("/api/v1/change-requests/{id}/reject"),
        &json!({ "note": "番号を確認できませんでした" }),
    );
    assert_eq!(rej.status, 200);
    assert_eq!(rej.json()["status"], "rejected");
    assert_eq!(rej.json()["review_note"], "番号を確認できませんでした");
    assert_ne!(
        l.s.get(&format!("/api/v1/facilities/{}", l.id())).json()["phone"],
        "000-999-0000"
    );
}

#[test]
fn reissuing_a_link_revokes_the_old_one_and_revoking_ends_the_new_one() {
    let l = Linked::start();
    let editor = l.editor();
    let path = format!("/api/v1/facilities/{}/update-link", l.id());
    let token2 = editor.write("post", &path, &json!({})).json()["token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(l.s.get(&format!("/api/v1/update/{}", l.token)).status, 404);
    assert_eq!(l.s.get(&format!("/api/v1/update/{token2}")).status, 200);
    assert_eq!(editor.write("delete", &path, &json!({})).status, 204);
    let gone = l.s.get(&format!("/api/v1/update/{token2}"));
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
    assert_eq!(f["provenance"]["verified_at"], tests::today().to_string());
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
    let today = tests::today();
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
    assert_eq!(f["availability"]["as_of"], tests::today().to_string());
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
