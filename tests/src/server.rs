//! A real `caremap` server on a random port with its own temporary data folder, and a small
//! HTTP client with one call per kind of request (and typed helpers for the search).

use actix_web::dev::ServerHandle;
use serde_json::Value;
use std::path::Path;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;
use tempfile::TempDir;

/// A server started by [`TestServer::start`]; stopped (gracefully) when dropped.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    handle: Option<ServerHandle>,
    thread: Option<JoinHandle<()>>,
    agent: ureq::Agent,
    /// The store the server uses (its data folder's SQLite file unless the settings name one).
    database_url: String,
    _dir: TempDir,
}

/// An HTTP answer.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl TestServer {
    /// Starts the server exactly as the README's run command does (`caremap serve --sample`:
    /// an empty store gets the sample municipality), on 127.0.0.1 and a free port.
    pub fn start() -> TestServer {
        TestServer::start_with(|_| {})
    }

    /// [`TestServer::start`] with adjusted settings (e.g. the map tiles).
    pub fn start_with(adjust: impl FnOnce(&mut server::Settings)) -> TestServer {
        TestServer::start_in(tempfile::tempdir().unwrap(), adjust)
    }

    /// [`TestServer::start_with`] on the machine's clock ([`crate::Clock::Live`]).
    pub fn live_with(adjust: impl FnOnce(&mut server::Settings)) -> TestServer {
        crate::Clock::Live.choose();
        TestServer::start_with(adjust)
    }

    /// [`TestServer::start_in`] on the machine's clock ([`crate::Clock::Live`]).
    pub fn live_in(dir: TempDir, adjust: impl FnOnce(&mut server::Settings)) -> TestServer {
        crate::Clock::Live.choose();
        TestServer::start_in(dir, adjust)
    }

    /// [`TestServer::start_with`] on a data folder prepared beforehand (real data imported).
    pub fn start_in(
        dir: tempfile::TempDir,
        adjust: impl FnOnce(&mut server::Settings),
    ) -> TestServer {
        crate::Clock::current();
        let mut settings = server::Settings::new(dir.path(), "127.0.0.1:0");
        settings.workers = Some(2);
        settings.sample = true;
        adjust(&mut settings);
        let database_url = settings
            .database_url
            .clone()
            .unwrap_or_else(|| indexer::store::default_database_url(dir.path()));
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let running = server::start(&settings).await.expect("server starts");
                tx.send((running.addrs[0], running.server.handle()))
                    .unwrap();
                running.server.await.expect("server runs");
            });
        });
        let (addr, handle) = rx
            .recv_timeout(Duration::from_secs(300))
            .expect("server listening");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Redirects are answers to check (the admin pages' 303s), not to follow.
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        TestServer {
            base: format!("http://{addr}"),
            handle: Some(handle),
            thread: Some(thread),
            agent,
            database_url,
            _dir: dir,
        }
    }

    /// GET with extra request headers.
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Resp {
        let mut req = self.agent.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        into_resp(req.call().unwrap_or_else(|e| panic!("GET {path}: {e}")))
    }

    pub fn get(&self, path: &str) -> Resp {
        self.get_with(path, &[])
    }

    /// Any method, with an optional JSON body and extra headers.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let url = format!("{}{path}", self.base);
        let mut req = ureq::http::Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(url.as_str());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if body.is_some() {
            req = req.header("content-type", "application/json");
        }
        let req = req.body(body.unwrap_or("").to_string()).unwrap();
        let res = self
            .agent
            .run(req)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        into_resp(res)
    }

    /// POST of an HTML form (`application/x-www-form-urlencoded`) with extra headers.
    pub fn post_form(&self, path: &str, pairs: &[(&str, &str)], headers: &[(&str, &str)]) -> Resp {
        let mut req = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        into_resp(
            req.send(qs(pairs))
                .unwrap_or_else(|e| panic!("POST {path}: {e}")),
        )
    }

    /// Any method with a raw body of the given content type.
    pub fn send_raw(
        &self,
        method: &str,
        path: &str,
        body: &str,
        content_type: &str,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = ureq::http::Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(format!("{}{path}", self.base).as_str())
            .header("content-type", content_type);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(body.to_string()).unwrap();
        into_resp(
            self.agent
                .run(req)
                .unwrap_or_else(|e| panic!("{method} {path}: {e}")),
        )
    }

    /// The server's data folder.
    pub fn data_dir(&self) -> &Path {
        self._dir.path()
    }

    /// Creates an account in the server's store, as `caremap admin create-user` does.
    pub fn add_account(
        &self,
        email: &str,
        role: model::Role,
        password: &str,
        scope: model::account::EditorScope,
    ) {
        on_database(&self.database_url, |store| async move {
            server::cli::create_user(&store, email, role, password, &scope)
                .await
                .unwrap();
        });
    }

    pub fn post_json(&self, path: &str, body: &str) -> Resp {
        let res = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .send(body)
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        into_resp(res)
    }

    /// `GET /api/v1/search?<pairs>`, asserting a 200.
    pub fn search(&self, pairs: &[(&str, &str)]) -> Value {
        let path = format!("/api/v1/search?{}", qs(pairs));
        let r = self.get(&path);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        r.json()
    }

    /// Every hit id of a search, paging with per_page=200 (checks totals and no duplicates).
    pub fn all_ids(&self, pairs: &[(&str, &str)]) -> Vec<String> {
        let mut ids = Vec::new();
        let mut total = None;
        for page in 1.. {
            let page = page.to_string();
            let mut p = pairs.to_vec();
            p.extend([("per_page", "200"), ("page", page.as_str())]);
            let r = self.search(&p);
            let t = r["total"].as_u64().unwrap();
            assert_eq!(*total.get_or_insert(t), t, "total changes between pages");
            let hits = r["hits"].as_array().unwrap();
            ids.extend(hits.iter().map(|h| h["id"].as_str().unwrap().to_string()));
            if hits.len() < 200 {
                break;
            }
        }
        let mut dedup = ids.clone();
        dedup.sort();
        dedup.dedup();
        assert_eq!(dedup.len(), ids.len(), "duplicate ids across pages");
        assert_eq!(
            ids.len() as u64,
            total.unwrap_or(0),
            "pages add up to total"
        );
        ids
    }
}

fn into_resp(mut res: ureq::http::Response<ureq::Body>) -> Resp {
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let body = res
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    Resp {
        status,
        headers,
        body,
    }
}

impl TestServer {
    /// Stops the server and starts a new one on the same data folder and database (a
    /// restart), with the settings of [`TestServer::start_in`].
    pub fn restart(mut self) -> TestServer {
        self.stop();
        let url = self.database_url.clone();
        let dir = tempfile::tempdir().unwrap();
        let dir = std::mem::replace(&mut self._dir, dir);
        TestServer::start_in(dir, move |s| s.database_url = Some(url))
    }

    fn stop(&mut self) {
        if let Some(h) = self.handle.take()
            && let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
        {
            rt.block_on(h.stop(true));
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs `f` on the store of a data folder (a connection of its own beside the server's), as
/// the `caremap admin` commands do.
pub fn on_store<T, F: std::future::Future<Output = T>>(
    dir: &Path,
    f: impl FnOnce(indexer::store::Store) -> F,
) -> T {
    on_database(&indexer::store::default_database_url(dir), f)
}

/// Runs `f` on the store at a database URL (a connection of its own).
pub fn on_database<T, F: std::future::Future<Output = T>>(
    url: &str,
    f: impl FnOnce(indexer::store::Store) -> F,
) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async { f(indexer::store::Store::connect(url).await.unwrap()).await })
}

/// Creates an account in the store of a data folder, as `caremap admin create-user` does.
pub fn add_account_in(
    dir: &Path,
    email: &str,
    role: model::Role,
    password: &str,
    scope: model::account::EditorScope,
) {
    on_store(dir, |store| async move {
        server::cli::create_user(&store, email, role, password, &scope)
            .await
            .unwrap();
    });
}

/// A percent-encoded query string.
pub fn qs(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}
