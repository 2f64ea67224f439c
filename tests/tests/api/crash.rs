//! Servers killed with SIGKILL in the middle of a burst of edits: every edit that was answered
//! 200 is kept — after a restart on the same data folder (one server on SQLite), and on the
//! other server of two on one PostgreSQL, which keeps answering throughout.
//!
//! The servers run in child processes: this test binary itself, started again with
//! `CAREMAP_TEST_CHILD_DATA_DIR` (and `CAREMAP_TEST_CHILD_DATABASE_URL`) set, where
//! [`child_server`] serves until killed.

use model::Role;
use model::account::EditorScope;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tests::{Postgres, add_account_in, qs};

const CHILD_ENV: &str = "CAREMAP_TEST_CHILD_DATA_DIR";
const CHILD_DB_ENV: &str = "CAREMAP_TEST_CHILD_DATABASE_URL";
const ADMIN: &str = "admin@example.jp";
const PASSWORD: &str = "correct horse battery";

/// The child started by [`ChildServer::spawn`] (run only there, with `--ignored`): serves the
/// data folder and prints the address.
#[test]
#[ignore = "the crash tests' child server, started by those tests"]
fn child_server() {
    let dir = std::env::var(CHILD_ENV).expect("started by a crash test");
    let mut settings = server::Settings::new(Path::new(&dir), "127.0.0.1:0");
    settings.sample = true;
    settings.database_url = std::env::var(CHILD_DB_ENV).ok();
    settings.feed_poll_ms = 200;
    actix_web::rt::System::new().block_on(async move {
        let running = server::start(&settings).await.expect("server starts");
        println!("LISTENING {}", running.addrs[0]);
        running.server.await.expect("server runs");
    });
}

/// A server in a child process; killed (SIGKILL) when dropped, on every path.
struct ChildServer {
    child: Child,
    base: String,
}

impl ChildServer {
    fn spawn(dir: &Path, database_url: Option<&str>) -> ChildServer {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "--exact",
            "crash::child_server",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
        if let Some(url) = database_url {
            cmd.env(CHILD_DB_ENV, url);
        }
        let mut child = cmd.spawn().unwrap();
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
        ChildServer {
            child,
            base: format!("http://{addr}"),
        }
    }

    /// SIGKILL, and wait for it to be gone.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        self.kill();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// A signed-in session: (cookie, CSRF token).
fn login(base: &str) -> (String, String) {
    let mut r = agent()
        .post(format!("{base}/api/v1/auth/login"))
        .header("content-type", "application/json")
        .send(json!({ "email": ADMIN, "password": PASSWORD }).to_string())
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

fn get_json(base: &str, path: &str, cookie: Option<&str>) -> (u16, Value) {
    let mut req = agent().get(format!("{base}{path}"));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let mut r = req.call().unwrap();
    let status = r.status().as_u16();
    let body = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    (status, body)
}

/// An answered edit: (listing, name, writer, whether the writer's server had been killed).
type Answered = (String, String, usize, bool);

/// Writers renaming listings as fast as they can, each on ten listings of its own, through the
/// server it was given; every 200 is recorded.
struct Burst {
    answered: Arc<Mutex<Vec<Answered>>>,
    killed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    writers: Vec<JoinHandle<()>>,
}

impl Burst {
    /// `through[w]`: the server writer `w` writes through, and whether it is the one that
    /// will be killed (its errors after the kill end that writer; any other error fails).
    fn start(through: &[(String, bool)], ids: &[String]) -> Burst {
        let answered: Arc<Mutex<Vec<Answered>>> = Arc::default();
        let killed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let writers = through
            .iter()
            .enumerate()
            .map(|(w, (base, doomed))| {
                let (base, doomed) = (base.clone(), *doomed);
                let (cookie, csrf) = login(&base);
                let ids = ids[w * 10..w * 10 + 10].to_vec();
                let (answered, killed, stop) = (answered.clone(), killed.clone(), stop.clone());
                std::thread::spawn(move || {
                    let a = agent();
                    for n in 0.. {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let id = &ids[n % ids.len()];
                        let name = format!("耐障害テスト{w}号{n}番");
                        let was_killed = killed.load(Ordering::SeqCst);
                        let r = a
                            .patch(format!("{base}/api/v1/facilities/{id}"))
                            .header("cookie", &cookie)
                            .header("x-csrf-token", &csrf)
                            .header("content-type", "application/json")
                            .send(json!({ "fields": { "name": name } }).to_string());
                        match r {
                            Ok(r) if r.status() == 200 => {
                                answered
                                    .lock()
                                    .unwrap()
                                    .push((id.clone(), name, w, was_killed));
                            }
                            // The server died under us: this edit may or may not be committed.
                            _ if doomed && killed.load(Ordering::SeqCst) => break,
                            Ok(r) => panic!("writer {w}: PATCH {id} answered {}", r.status()),
                            Err(e) => panic!("writer {w}: PATCH {id}: {e}"),
                        }
                    }
                })
            })
            .collect();
        Burst {
            answered,
            killed,
            stop,
            writers,
        }
    }

    fn count(&self, pred: impl Fn(&Answered) -> bool) -> usize {
        self.answered
            .lock()
            .unwrap()
            .iter()
            .filter(|a| pred(a))
            .count()
    }

    /// Waits until `n` edits matching `pred` were answered.
    fn wait_for(&self, n: usize, pred: impl Fn(&Answered) -> bool) {
        let started = Instant::now();
        while self.count(&pred) < n {
            assert!(
                self.writers.iter().any(|w| !w.is_finished()),
                "every writer stopped"
            );
            assert!(started.elapsed() < Duration::from_secs(120), "too slow");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn finish(self) -> Vec<Answered> {
        self.stop.store(true, Ordering::SeqCst);
        for w in self.writers {
            w.join().unwrap();
        }
        self.answered.lock().unwrap().clone()
    }
}

/// The sample's first 40 active listings.
fn burst_ids() -> Vec<String> {
    tests::sample()
        .into_iter()
        .filter(|f| f.status == model::facility::LifecycleStatus::Active)
        .take(40)
        .map(|f| f.id.0)
        .collect()
}

/// (writer, edit number) of a burst name.
fn position(name: &str) -> Option<(usize, usize)> {
    let rest = name.strip_prefix("耐障害テスト")?;
    let (w, k) = rest.split_once('号')?;
    Some((w.parse().ok()?, k.trim_end_matches('番').parse().ok()?))
}

/// Every listing edited holds a name of its writer that is not older than the writer's last
/// answered edit of it (a later edit may have committed without its answer arriving), and the
/// server's search finds it by that name. Retries for up to 20 s: another server's edits reach
/// this one through the change feed.
fn check_kept(base: &str, answered: &[Answered]) {
    let edited: BTreeSet<&String> = answered.iter().map(|(id, ..)| id).collect();
    let started = Instant::now();
    for id in edited {
        loop {
            let problem = kept(base, id, answered).err();
            let Some(problem) = problem else { break };
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{problem} (after 20 s)"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn kept(base: &str, id: &str, answered: &[Answered]) -> Result<(), String> {
    let (_, f) = get_json(base, &format!("/api/v1/facilities/{id}"), None);
    let now = f["name"].as_str().unwrap().to_string();
    let Some((w_now, k_now)) = position(&now) else {
        return Err(format!("{id} lost its edits: {now}"));
    };
    for (_, name, ..) in answered.iter().filter(|(i, ..)| i == id) {
        let (w, k) = position(name).unwrap();
        if w == w_now && k_now < k {
            return Err(format!("{id}: {now} is older than answered {name}"));
        }
    }
    let q = qs(&[("q", now.as_str()), ("per_page", "5")]);
    let (_, hits) = get_json(base, &format!("/api/v1/search?{q}"), None);
    if !hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["id"] == id)
    {
        return Err(format!("{id} ({now}) not found by its name"));
    }
    Ok(())
}

/// Every answered edit is in the change log (it was committed with its save).
fn check_logged(base: &str, cookie: &str, answered: &[Answered]) {
    for (id, name, ..) in answered {
        let (status, log) = get_json(
            base,
            &format!("/api/v1/facilities/{id}/history"),
            Some(cookie),
        );
        assert_eq!(status, 200);
        assert!(
            log.as_array()
                .unwrap()
                .iter()
                .any(|c| c["field"] == "name" && c["new"] == name.as_str()),
            "{id}: answered edit {name} missing from the change log"
        );
    }
}

#[test]
fn sigkill_during_a_burst_of_edits_loses_no_answered_edit() {
    let dir = tempfile::tempdir().unwrap();
    // First start loads the sample; stop it, then add the account.
    ChildServer::spawn(dir.path(), None).kill();
    add_account_in(
        dir.path(),
        ADMIN,
        Role::Admin,
        PASSWORD,
        EditorScope::default(),
    );
    let mut server = ChildServer::spawn(dir.path(), None);
    let (cookie, _) = login(&server.base);
    let through: Vec<(String, bool)> = (0..4).map(|_| (server.base.clone(), true)).collect();
    let burst = Burst::start(&through, &burst_ids());
    burst.wait_for(60, |_| true);
    burst.killed.store(true, Ordering::SeqCst);
    server.kill();
    let answered = burst.finish();
    assert!(answered.len() >= 60);

    // Restart: the store and the index kept every answered edit, and the session signed in
    // before the crash still works (sessions live in the store).
    let server = ChildServer::spawn(dir.path(), None);
    check_kept(&server.base, &answered);
    check_logged(&server.base, &cookie, &answered);
}

#[test]
fn sigkill_of_one_of_two_servers_loses_no_answered_edit_and_the_other_keeps_answering() {
    let mut pg = Postgres::start();
    let url = pg.new_database();
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = ChildServer::spawn(dir_a.path(), Some(&url));
    tests::on_database(&url, |store| async move {
        server::cli::create_user(
            &store,
            ADMIN,
            Role::Admin,
            PASSWORD,
            &EditorScope::default(),
        )
        .await
        .unwrap();
    });
    let b = ChildServer::spawn(dir_b.path(), Some(&url));
    // Writers 0 and 2 through A (to be killed), 1 and 3 through B.
    let through: Vec<(String, bool)> = (0..4)
        .map(|w| match w % 2 {
            0 => (a.base.clone(), true),
            _ => (b.base.clone(), false),
        })
        .collect();
    let burst = Burst::start(&through, &burst_ids());
    burst.wait_for(60, |_| true);
    burst.killed.store(true, Ordering::SeqCst);
    a.kill();
    // B keeps answering: its writers go on after the kill.
    burst.wait_for(20, |(_, _, w, after)| w % 2 == 1 && *after);
    let answered = burst.finish();
    assert!(
        answered.iter().any(|(_, _, w, after)| w % 2 == 0 && !after),
        "A answered edits before it was killed"
    );
    check_kept(&b.base, &answered);
    let (cookie, _) = login(&b.base);
    check_logged(&b.base, &cookie, &answered);
    drop(b);
    drop(pg);
}
