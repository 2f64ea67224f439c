//! The engine snapshot through the server: written in the background after a start that had to
//! build the table from the store, a restart opens with every edit saved after it, and a
//! damaged snapshot costs only time (it is replaced).

use crate::feed::{ADMIN, until};
use crate::session::{Client, PASSWORD};
use model::Role;
use model::account::EditorScope;
use serde_json::json;
use tests::TestServer;

fn snapshot(s: &TestServer) -> std::path::PathBuf {
    s.data_dir().join(indexer::engine::snapshot::FILE)
}

fn written(s: &TestServer) -> bool {
    std::fs::read(snapshot(s)).is_ok_and(|b| b.len() > 100)
}

#[test]
fn a_server_keeps_its_snapshot_and_restarts_with_every_edit() {
    let s = TestServer::start();
    until("the snapshot of a new server", || written(&s));
    s.add_account(ADMIN, Role::Admin, PASSWORD, EditorScope::default());
    let id = tests::active_ids(|_| true)[0].clone();
    let c = Client::login(&s, ADMIN);
    let r = c.write(
        "patch",
        &format!("/api/v1/facilities/{id}"),
        &json!({ "fields": { "name": "かいつぶり訪問診療所" } }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    drop(c);

    // Saved after the snapshot: the restart takes it from the store's feed.
    let s = s.restart();
    assert_eq!(s.all_ids(&[("q", "かいつぶり")]), vec![id.clone()]);

    // A damaged snapshot: the table is built from the store and a good snapshot written again.
    std::fs::write(snapshot(&s), b"not a snapshot").unwrap();
    let s = s.restart();
    assert_eq!(s.all_ids(&[("q", "かいつぶり")]), vec![id]);
    until("a good snapshot again", || written(&s));
}
