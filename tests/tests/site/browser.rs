//! Debian's headless Chromium driven through chromedriver (WebDriver) with fantoccini: no
//! browser is downloaded. One chromedriver per browser, on a free local port.

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A phone-sized and a PC-sized window.
pub const PHONE: (u32, u32) = (390, 844);
pub const PC: (u32, u32) = (1400, 900);

/// WebDriver key codes.
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const SPACE: &str = "\u{E00D}";

/// `session/{id}/{command}` under the driver's URL.
fn session_endpoint(
    base_url: &url::Url,
    session_id: Option<&str>,
    command: &str,
) -> Result<url::Url, url::ParseError> {
    base_url.join(&format!(
        "session/{}/{command}",
        session_id.unwrap_or_default()
    ))
}

/// chromedriver's console log command (`POST /session/{id}/se/log`), which fantoccini lacks.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        session_endpoint(base_url, session_id, "se/log")
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

/// chromedriver's network emulation (`POST /session/{id}/chromium/network_conditions`): every
/// request waits `latency` ms and moves at most the given bytes per second.
#[derive(Debug)]
struct NetworkConditions {
    latency_ms: u32,
    download_bytes_per_s: u32,
    upload_bytes_per_s: u32,
}

impl fantoccini::wd::WebDriverCompatibleCommand for NetworkConditions {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        session_endpoint(base_url, session_id, "chromium/network_conditions")
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(
                json!({ "network_conditions": {
                    "offline": false,
                    "latency": self.latency_ms,
                    "download_throughput": self.download_bytes_per_s,
                    "upload_throughput": self.upload_bytes_per_s,
                }})
                .to_string(),
            ),
        )
    }
}

/// One resource a page loaded.
#[derive(Debug, Clone)]
pub struct Transfer {
    pub url: String,
    /// Body bytes as sent (compressed).
    pub encoded: u64,
    /// Body bytes after decoding.
    pub decoded: u64,
    /// Bytes fetched over the network, headers included (0: served from the browser's cache).
    pub network: u64,
}

/// A browser session; chromedriver is killed when dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Where the tests write screenshots (kept as artifacts): `target/screenshots`.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session with a window of `size`.
    pub async fn start(size: (u32, u32)) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (Debian package chromium-driver) is installed");
        let profile = tempfile::tempdir().expect("profile dir");
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            // A Japanese browser: the site follows Accept-Language when no `?lang=` or cookie
            // chooses (headless Chromium otherwise asks for en-US).
            "--lang=ja".into(),
            "--accept-lang=ja".into(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={},{}", size.0, size.1),
        ];
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": args,
                "prefs": { "intl.accept_languages": "ja" },
            }),
        );
        // Keep the page's console for [`Browser::console_problems`].
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if started.elapsed() < Duration::from_secs(30) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("no WebDriver session: {e}"),
            }
        };
        let b = Browser {
            client,
            driver,
            profile,
        };
        b.resize(size).await;
        b
    }

    /// Sets the viewport size (the window's inner size in headless mode).
    pub async fn resize(&self, size: (u32, u32)) {
        self.client
            .set_window_size(size.0, size.1)
            .await
            .expect("resize");
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// Runs a script and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits until the script returns a truthy value (10 s), returning it.
    pub async fn until(&self, what: &str, script: &str) -> Value {
        let started = Instant::now();
        loop {
            let v = self.js(script).await;
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return v;
            }
            if started.elapsed() > Duration::from_secs(10) {
                let url = self.client.current_url().await.map(|u| u.to_string());
                panic!("timed out waiting for {what} (at {url:?})");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page is hydrated and its map shows markers; returns their count.
    pub async fn map_ready(&self) -> u64 {
        self.until(
            "map markers",
            "const m = document.querySelector('.map[data-markers]'); return m && m.getAttribute('data-markers');",
        )
        .await;
        self.js("return Number(document.querySelector('.map').getAttribute('data-markers'))")
            .await
            .as_u64()
            .unwrap_or(0)
    }

    /// Clicks the element, scrolled to the middle of the screen first as a visitor would (the
    /// driver's own scrolling may leave it under the sticky list/map tabs on a phone).
    pub async fn click(&self, css: &str) {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"));
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                vec![serde_json::to_value(&el).expect("element reference")],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot scroll to {css}: {e}"));
        el.click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("current url")
            .to_string()
    }

    /// Saves a PNG screenshot under `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// The page printed to PDF by Chromium (A4, the print style sheet applied), written to
    /// `target/screenshots/{name}.pdf`; answers its bytes.
    pub async fn pdf(&self, name: &str) -> Vec<u8> {
        let config = fantoccini::wd::PrintConfiguration::builder()
            .build()
            .expect("print configuration");
        let pdf = self.client.print(config).await.expect("print to PDF");
        let path = screenshot_dir().join(format!("{name}.pdf"));
        std::fs::write(&path, &pdf).expect("write the PDF");
        pdf
    }

    /// Runs axe-core (from npm, injected into the page) and returns the serious and critical
    /// violations as "rule: nodes" lines.
    pub async fn accessibility_problems(&self) -> Vec<String> {
        let axe = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../frontend/js/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe)
            .unwrap_or_else(|e| panic!("{} ({e}): run scripts/build-site.sh", axe.display()));
        self.client
            .execute(&source, vec![])
            .await
            .expect("inject axe-core");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact,
                      help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))
                   .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
                vec![],
            )
            .await
            .expect("axe.run");
        result
            .as_array()
            .into_iter()
            .flatten()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .map(|v| {
                format!(
                    "{} ({}): {} {}",
                    v["id"], v["impact"], v["help"], v["nodes"]
                )
            })
            .collect()
    }

    /// Slows every later request down to a phone's line: `latency_ms` per request, at most
    /// `download_kbit`/`upload_kbit` kilobits per second.
    pub async fn throttle(&self, latency_ms: u32, download_kbit: u32, upload_kbit: u32) {
        self.client
            .issue_cmd(NetworkConditions {
                latency_ms,
                download_bytes_per_s: download_kbit * 1000 / 8,
                upload_bytes_per_s: upload_kbit * 1000 / 8,
            })
            .await
            .expect("network conditions (chromedriver)");
    }

    /// What the page and each resource it loaded cost (Resource Timing), the page first.
    pub async fn transferred(&self) -> Vec<Transfer> {
        let v = self
            .js("const n = performance.getEntriesByType('navigation')[0]; \
                 return [n].concat(performance.getEntriesByType('resource')) \
                   .map(e => [e.name, e.encodedBodySize, e.decodedBodySize, e.transferSize]);")
            .await;
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| {
                Some(Transfer {
                    url: e[0].as_str()?.to_string(),
                    encoded: e[1].as_u64()?,
                    decoded: e[2].as_u64()?,
                    network: e[3].as_u64()?,
                })
            })
            .collect()
    }

    /// URLs of every resource the page loaded (Resource Timing), the page included.
    pub async fn requested_urls(&self) -> Vec<String> {
        let v = self
            .js("return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name));")
            .await;
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    }

    /// Errors and warnings the pages wrote to the console since the last call (script errors,
    /// failed loads, leptos hydration problems, Rust panics), as "LEVEL message" lines.
    pub async fn console_problems(&self) -> Vec<String> {
        let log = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("the browser's console log");
        log.as_array()
            .into_iter()
            .flatten()
            .filter(|e| matches!(e["level"].as_str(), Some("SEVERE" | "WARNING")))
            .map(|e| {
                format!(
                    "{} {}",
                    e["level"].as_str().unwrap_or(""),
                    e["message"].as_str().unwrap_or("")
                )
            })
            .collect()
    }

    /// Presses a key (a WebDriver key code such as [`TAB`]) in the focused element.
    pub async fn press(&self, key: &str) {
        self.client
            .active_element()
            .await
            .expect("a focused element")
            .send_keys(key)
            .await
            .expect("key press");
    }

    /// Tabs forward until the focused element matches `css` (at most `limit` presses);
    /// returns how many presses it took.
    pub async fn tab_to(&self, css: &str, limit: usize) -> usize {
        for n in 1..=limit {
            self.press(TAB).await;
            let hit = self
                .js(&format!(
                    "return document.activeElement && document.activeElement.matches({css:?})"
                ))
                .await;
            if hit == Value::Bool(true) {
                return n;
            }
        }
        let at = self
            .js("const e = document.activeElement; return e ? e.outerHTML.slice(0, 200) : null")
            .await;
        panic!("{css} not reached with {limit} tab presses (focus on {at})");
    }

    /// Ends the session; chromedriver stops when the browser is dropped.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // A session that was not closed (a test that ends without `close`, or panics) leaves
        // Chromium running once chromedriver is gone; every process of this browser carries
        // its own profile folder on its command line.
        let _ = Command::new("pkill")
            .arg("-KILL")
            .arg("-f")
            .arg("--")
            .arg(format!("--user-data-dir={}", self.profile.path().display()))
            .status();
    }
}
