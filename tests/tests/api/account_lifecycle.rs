//! An account's life after its creation, as `caremap admin disable-user | enable-user |
//! reset-password | set-role` change it while the server runs: the next request sees it.

use crate::session::{Client, PASSWORD, login, sample_city, scope};
use indexer::store::account_lifecycle::AccountChange;
use model::Role;
use serde_json::json;
use tests::TestServer;

const EDITOR: &str = "ed@example.jp";

/// Runs a lifecycle change on the server's store, as the CLI does: the sessions it ended.
fn try_change(s: &TestServer, change: AccountChange) -> anyhow::Result<u64> {
    tests::on_store(s.data_dir(), |store| async move {
        server::cli::change_user(&store, EDITOR, change).await
    })
}

fn change(s: &TestServer, change: AccountChange) -> u64 {
    try_change(s, change).unwrap()
}

/// A server with the sample city's editor, signed in twice (two browsers).
fn with_editor() -> TestServer {
    let s = TestServer::start();
    s.add_account(EDITOR, Role::Editor, PASSWORD, scope(&sample_city()));
    s
}

fn signed_in(c: &Client<'_>) -> bool {
    c.get("/api/v1/auth/session").status == 200
}

#[test]
fn a_disabled_account_cannot_sign_in_and_its_sessions_end_at_once() {
    let s = with_editor();
    let (a, b) = (Client::login(&s, EDITOR), Client::login(&s, EDITOR));
    assert!(signed_in(&a) && signed_in(&b));
    assert_eq!(change(&s, AccountChange::Disabled(true)), 2);
    assert!(!signed_in(&a) && !signed_in(&b), "both sessions ended");
    assert_eq!(login(&s, EDITOR, PASSWORD).status, 401);
    change(&s, AccountChange::Disabled(false));
    assert!(signed_in(&Client::login(&s, EDITOR)), "enabled again");
}

#[test]
fn a_new_password_ends_the_sessions_and_only_it_signs_in() {
    let s = with_editor();
    let old = Client::login(&s, EDITOR);
    let new_password = "a brand new passphrase";
    let hash = server::cli::password_hash(new_password).unwrap();
    assert_eq!(change(&s, AccountChange::Password(hash)), 1);
    assert!(!signed_in(&old));
    assert_eq!(login(&s, EDITOR, PASSWORD).status, 401);
    assert_eq!(login(&s, EDITOR, new_password).status, 200);
    assert!(server::cli::password_hash("short").is_err(), "too short");
}

#[test]
fn a_new_role_holds_from_the_next_request_of_the_same_session() {
    let s = with_editor();
    let c = Client::login(&s, EDITOR);
    let id = tests::sample()
        .into_iter()
        .find(|f| f.municipality_code.as_deref() == Some(sample_city().as_str()))
        .unwrap()
        .id
        .0;
    let path = format!("/api/v1/facilities/{id}");
    let rename = json!({ "fields": { "name": "ひだまり本町クリニック" } });
    assert_eq!(c.write("patch", &path, &rename).status, 200);
    let ended = change(
        &s,
        AccountChange::Role(Role::Professional, Default::default()),
    );
    assert_eq!(ended, 0, "the session stays");
    assert!(signed_in(&c));
    let again = json!({ "fields": { "name": "ひだまり新町クリニック" } });
    assert_eq!(c.write("patch", &path, &again).status, 403);
    // An editor without a scope is refused before anything changes.
    assert!(try_change(&s, AccountChange::Role(Role::Editor, Default::default())).is_err());
}
