//! A server killed with SIGKILL in the middle of a burst of edits: after a restart on the same
//! data folder every edit that was answered 200 is there, in the store and in the search.
//!
//! The server runs in a child process: this test binary itself, started again with
//! `CAREMAP_TEST_CHILD_DATA_DIR` set, where [`child_server`] serves until killed.

use model::Role;
use model::account::EditorScope;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tests::{add_account_in, qs};

const CHILD_ENV: &str = "CAREMAP_TEST_CHILD_DATA_DIR";

/// The child started by [`spawn`] (run only there, with `--ignored`): serves the data folder
/// and prints the address.
#[test]
#[ignore = "the crash test's child server, started by that test"]
fn child_server() {
    let dir = std::env::var(CHILD_ENV).expect("started by the crash test");
    let mut settings = server::Settings::new(Path::new(&dir), "127.0.0.1:0");
    settings.sample = true;
    actix_web::rt::System::new().block_on(async move {
        let running = server::start(&settings).await.expect("server starts");
        println!("LISTENING {}", running.addrs[0]);
        running.server.await.expect("server runs");
    });
}

fn spawn(dir: &Path) -> (Child, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash::child_server",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let mut lines = BufReader::new(out).lines();
    let addr = loop {
        let line = lines.next().expect("child prints its address").unwrap();
        // (The harness prints the test's name on the same line first.)
        if let Some((_, a)) = line.split_once("LISTENING ") {
            break a.trim().to_string();
        }
    };
    // Keep draining the child's output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, format!("http://{addr}"))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn login(base: &str) -> (String, String) {
    let mut r = agent()
        .post(format!("{base}/api/v1/auth/login"))
        .header("content-type", "application/json")
        .send(
            json!({ "email": "admin@example.jp", "password": "correct horse battery" }).to_string(),
        )
        .unwrap();
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let body: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    (cookie, body["csrf_token"].as_str().unwrap().to_string())
}

#[test]
fn sigkill_during_a_burst_of_edits_loses_no_answered_edit() {
    let dir = tempfile::tempdir().unwrap();
    // First start loads the sample; stop it cleanly, then add the account.
    let (mut first, _) = spawn(dir.path());
    first.kill().unwrap();
    first.wait().unwrap();
    add_account_in(
        dir.path(),
        "admin@example.jp",
        Role::Admin,
        "correct horse battery",
        EditorScope::default(),
    );
    let (mut child, base) = spawn(dir.path());
    let (cookie, csrf) = login(&base);
    let ids: Vec<String> = tests::sample()
        .into_iter()
        .filter(|f| f.status == model::facility::LifecycleStatus::Active)
        .take(40)
        .map(|f| f.id.0)
        .collect();

    // Four writers rename listings as fast as they can; every 200 is recorded.
    let answered: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (base, cookie, csrf, ids) =
                (base.clone(), cookie.clone(), csrf.clone(), ids.clone());
            let (answered, stop) = (answered.clone(), stop.clone());
            std::thread::spawn(move || {
                let a = agent();
                for n in 0.. {
                    if stop.load(std::sync::atomic::Ordering::SeqCst) {
                        break;
                    }
                    let id = &ids[(w * 10 + n) % ids.len()];
                    let name = format!("耐障害テスト{w}号{n}番");
                    let body = json!({ "fields": { "name": name } }).to_string();
                    let r = a
                        .patch(format!("{base}/api/v1/facilities/{id}"))
                        .header("cookie", &cookie)
                        .header("x-csrf-token", &csrf)
                        .header("content-type", "application/json")
                        .send(body);
                    match r {
                        Ok(r) if r.status() == 200 => {
                            answered.lock().unwrap().push((id.clone(), name));
                        }
                        Ok(r) if !stop.load(std::sync::atomic::Ordering::SeqCst) => {
                            panic!("PATCH {id} answered {} before the kill", r.status());
                        }
                        // The server died under us: this edit may or may not be committed.
                        _ => break,
                    }
                }
            })
        })
        .collect();
    // Let the burst run, then kill the server without warning.
    while answered.lock().unwrap().len() < 60 {
        assert!(
            writers.iter().any(|w| !w.is_finished()),
            "every writer stopped before the kill"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for w in writers {
        w.join().unwrap();
    }
    let answered = answered.lock().unwrap().clone();
    assert!(answered.len() >= 60);

    // Restart: each edited listing holds a name from the burst that is not older than any
    // answered edit of the same writer (a later edit may have committed without its answer
    // arriving), and the index finds it.
    let (mut child, base) = spawn(dir.path());
    let a = agent();
    let edited: std::collections::BTreeSet<&String> = answered.iter().map(|(id, _)| id).collect();
    for id in edited {
        let mut r = a
            .get(format!("{base}/api/v1/facilities/{id}"))
            .call()
            .unwrap();
        let f: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        let now = f["name"].as_str().unwrap().to_string();
        let answered_for_id: Vec<&String> = answered
            .iter()
            .filter(|(i, _)| i == id)
            .map(|(_, n)| n)
            .collect();
        let pos = |n: &str| {
            let (w, rest) = n
                .trim_start_matches("耐障害テスト")
                .split_once('号')
                .unwrap();
            let k: usize = rest.trim_end_matches('番').parse().unwrap();
            (w.to_string(), k)
        };
        // Each writer's edits of a listing are in order; the stored one is not older than the
        // last answered one of any writer.
        let (w_now, k_now) = pos(&now);
        for n in answered_for_id {
            let (w, k) = pos(n);
            assert!(
                w != w_now || k_now >= k,
                "{id}: {now} is older than answered {n}"
            );
        }
        assert!(
            now.starts_with("耐障害テスト"),
            "{id} lost its edits: {now}"
        );
        // The index agrees with the store: the stored name is found by text search.
        let q = qs(&[("q", now.as_str()), ("per_page", "5")]);
        let mut r = a.get(format!("{base}/api/v1/search?{q}")).call().unwrap();
        let hits: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        assert!(
            hits["hits"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["id"] == id.as_str()),
            "{id} ({now}) not found by its name after the restart"
        );
    }
    // Every answered edit is in the change log (it was committed with its save), and the
    // session survived the crash (sessions live in the store).
    for (id, name) in &answered {
        let mut r = a
            .get(format!("{base}/api/v1/facilities/{id}/history"))
            .header("cookie", &cookie)
            .call()
            .unwrap();
        assert_eq!(r.status(), 200);
        let log: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        assert!(
            log.as_array()
                .unwrap()
                .iter()
                .any(|c| c["field"] == "name" && c["new"] == name.as_str()),
            "{id}: answered edit {name} missing from the change log"
        );
    }
    child.kill().unwrap();
    child.wait().unwrap();
}
