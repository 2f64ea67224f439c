//! The `caremap` binary's command line: the commands the README documents are there. (Also
//! makes `cargo test` build the binary itself, which `scripts/fuzz-api.sh` then serves with.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly"
)]

use std::process::Command;

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_caremap"))
        .args(args)
        .arg("--help")
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{args:?} --help failed");
    String::from_utf8(out.stdout).expect("utf-8 help")
}

#[test]
fn the_documented_commands_and_settings_are_there() {
    let top = help(&[]);
    for c in ["serve", "admin"] {
        assert!(top.contains(c), "caremap --help lacks {c}:\n{top}");
    }
    let admin = help(&["admin"]);
    for c in [
        "create-user",
        "list-users",
        "disable-user",
        "enable-user",
        "reset-password",
        "set-role",
    ] {
        assert!(
            admin.contains(c),
            "caremap admin --help lacks {c}:\n{admin}"
        );
    }
    let serve = help(&["serve"]);
    for s in ["--database-url", "--feed-poll-ms", "--sample", "--data-dir"] {
        assert!(
            serve.contains(s),
            "caremap serve --help lacks {s}:\n{serve}"
        );
    }
}
