//! The database restarting under two servers: what needs it answers a quick JSON 503 (no
//! hang), searches keep answering from memory, and afterwards the servers reconnect and the
//! change feed resumes without anyone restarting them.

use crate::feed::{ADMIN, pair, until};
use crate::session::Client;
use serde_json::json;
use std::time::{Duration, Instant};

#[test]
fn a_database_restart_gives_quick_503s_and_the_servers_recover_on_their_own() {
    let (mut pg, a, b) = pair();
    let on_a = Client::login(&a, ADMIN);
    let id = tests::active_ids(|f| f.services.contains(&"pharmacy".to_string()))[1].clone();
    let path = format!("/api/v1/facilities/{id}");
    let rename = |name: &str| on_a.write("patch", &path, &json!({ "fields": { "name": name } }));
    assert_eq!(rename("うみねこ薬局").status, 200);

    pg.stop();
    let started = Instant::now();
    let r = rename("停電中の薬局");
    let waited = started.elapsed();
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.json()["code"], "store_unavailable");
    assert_eq!(r.header("retry-after"), Some("2"));
    // Not a hang: the pool gives up within seconds (the bound only tells a hang apart).
    assert!(waited < Duration::from_secs(15), "the 503 took {waited:?}");
    // Searches need no database.
    for s in [&a, &b] {
        let hits = s.all_ids(&[("q", "うみねこ薬局")]);
        assert!(hits.contains(&id), "{hits:?}");
    }

    pg.resume();
    until("a save after the restart", || {
        rename("かいつぶり薬局").status == 200
    });
    until("the feed on B after the restart", || {
        b.get(&path).json()["name"] == "かいつぶり薬局"
    });
    assert_eq!(
        b.all_ids(&[("q", "停電中")]),
        Vec::<String>::new(),
        "the refused save is nowhere"
    );
}
