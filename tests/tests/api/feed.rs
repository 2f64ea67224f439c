//! Two servers on one PostgreSQL (the change feed): what one saves, the other's search answers,
//! two saves of one listing at once give one save and one conflict, and failed sign-ins count
//! on every server. Each test starts a PostgreSQL of its own ([`tests::Postgres`]).

use crate::session::{Client, PASSWORD};
use model::Role;
use model::account::EditorScope;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tests::{Postgres, TestServer};

pub(crate) const ADMIN: &str = "admin@example.jp";

/// Two servers on a new database: the first loads the sample, the second opens what it wrote.
/// Bind them as `let (pg, a, b) = pair();`: variables drop in reverse order, so the servers
/// stop before their database.
pub(crate) fn pair() -> (Postgres, TestServer, TestServer) {
    let mut pg = Postgres::start();
    let url = pg.new_database();
    let at = |url: &str| {
        let url = url.to_string();
        TestServer::start_with(move |s| {
            s.database_url = Some(url);
            s.feed_poll_ms = 200;
        })
    };
    let a = at(&url);
    let b = at(&url);
    a.add_account(ADMIN, Role::Admin, PASSWORD, EditorScope::default());
    (pg, a, b)
}

/// Waits (up to 20 s) until `check` holds on the server; how long it took.
pub(crate) fn until(what: &str, mut check: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !check() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{what}: not seen after 20 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    started.elapsed()
}

fn ids(s: &TestServer, pairs: &[(&str, &str)]) -> Vec<String> {
    s.all_ids(pairs)
}

#[test]
fn what_one_server_saves_the_other_answers() {
    let (_pg, a, b) = pair();
    let id = tests::active_ids(|f| f.services.contains(&"clinic".to_string()))[0].clone();
    let on_a = Client::login(&a, ADMIN);
    let r = on_a.write(
        "patch",
        &format!("/api/v1/facilities/{id}"),
        &json!({ "fields": { "name": "ひばりフィード診療所" } }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let took = until("the edit on B", || {
        ids(&b, &[("q", "ひばりフィード")]) == vec![id.clone()]
    });
    eprintln!("edit on A searchable on B after {took:?}");

    // A listing made on B is found on A; retired on A, it leaves B's default answers.
    let on_b = Client::login(&b, ADMIN);
    let new = json!({
        "id": "feed-new-1", "name": "つばめフィード訪問看護ステーション",
        "category": "medical", "services": ["visiting_nursing"],
        "location": {"lat": 36.08, "lng": 140.11}
    });
    let r = on_b.write("post", "/api/v1/facilities", &new);
    assert_eq!(r.status, 201, "{}", r.text());
    until("the new listing on A", || {
        ids(&a, &[("q", "つばめフィード")]) == vec!["feed-new-1".to_string()]
    });
    let r = on_a.write("delete", "/api/v1/facilities/feed-new-1", &Value::Null);
    assert_eq!(r.status, 200, "{}", r.text());
    until("the retirement on B", || {
        ids(&b, &[("q", "つばめフィード")]).is_empty()
    });
    assert_eq!(
        ids(&b, &[("q", "つばめフィード"), ("status", "closed")]),
        vec!["feed-new-1".to_string()],
        "retired, not gone"
    );
    // B's own writes are in its answers at once, and not applied twice.
    assert_eq!(
        b.get("/api/v1/facilities/feed-new-1").json()["status"],
        "closed"
    );
}

#[test]
fn two_servers_saving_one_listing_at_once_give_one_save_and_one_conflict() {
    let (_pg, a, b) = pair();
    let id = tests::active_ids(|f| f.services.contains(&"pharmacy".to_string()))[0].clone();
    let path = format!("/api/v1/facilities/{id}");
    let on_a = Client::login(&a, ADMIN);
    let on_b = Client::login(&b, ADMIN);
    let first = on_a.write(
        "patch",
        &path,
        &json!({ "fields": { "name": "かもめ薬局" } }),
    );
    assert_eq!(first.status, 200, "{}", first.text());
    let version = first.json()["version"].as_i64().unwrap();
    until("the first save on B", || {
        b.get(&path).json()["name"] == "かもめ薬局"
    });
    let (ra, rb) = std::thread::scope(|t| {
        let x = t.spawn(|| {
            on_a.write(
                "patch",
                &path,
                &json!({ "fields": { "name": "かもめ薬局 本店" }, "version": version }),
            )
        });
        let y = t.spawn(|| {
            on_b.write(
                "patch",
                &path,
                &json!({ "fields": { "name": "かもめ薬局 駅前店" }, "version": version }),
            )
        });
        (x.join().unwrap(), y.join().unwrap())
    });
    let mut statuses = [ra.status, rb.status];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "A: {} / B: {}", ra.text(), rb.text());
    let winner = if ra.status == 200 { &ra } else { &rb };
    let name = winner.json()["facility"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    for s in [&a, &b] {
        until("the winning save on both", || {
            s.get(&path).json()["name"] == name.as_str()
        });
    }
    let loser = if ra.status == 409 { &ra } else { &rb };
    assert_eq!(loser.json()["code"], "conflict");
}

#[test]
fn failed_sign_ins_on_one_server_count_on_the_other() {
    let (_pg, a, b) = pair();
    for _ in 0..5 {
        assert_eq!(crate::session::login(&a, ADMIN, "guess guess").status, 401);
    }
    let blocked = crate::session::login(&b, ADMIN, PASSWORD);
    assert_eq!(blocked.status, 429, "{}", blocked.text());
}
