//! The embeddable widget inside a page of another origin (a city's site, played by a second
//! server on another port): it renders there — list, count and map — while the same page's
//! frame of the full site is refused by the browser.

use crate::browser::{Browser, PC};
use crate::{offline_server, run, total};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A one-page HTTP server on another port (another origin); stopped when dropped.
struct OtherSite {
    base: String,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl OtherSite {
    fn serving(page: String) -> OtherSite {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((mut conn, _)) => {
                        conn.set_nonblocking(false).unwrap();
                        let mut buf = [0u8; 4096];
                        let _ = conn.read(&mut buf);
                        let _ = write!(
                            conn,
                            "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                            page.len()
                        );
                    }
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
        });
        OtherSite {
            base,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for OtherSite {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[test]
fn the_widget_renders_in_another_sites_frame_and_the_site_itself_does_not() {
    let server = offline_server();
    let want = total(&server.search(&[("scene", "emergency")]));
    assert!(want > 10, "more than one page of the widget");
    let city = OtherSite::serving(format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>さくら野市</title></head><body>\
         <h1>さくら野市の在宅医療</h1>\
         <iframe id=\"widget\" src=\"{0}/embed?scene=emergency\" title=\"医療・介護資源マップ\" width=\"900\" height=\"600\"></iframe>\
         <iframe id=\"site\" src=\"{0}/?scene=emergency\" title=\"サイト\" width=\"300\" height=\"200\"></iframe>\
         </body></html>",
        server.base
    ));
    run(async {
        let b = Browser::start(PC).await;
        b.goto(&format!("{}/", city.base)).await;
        b.until(
            "the city's page",
            "return document.querySelector('#widget') !== null",
        )
        .await;
        b.client.enter_frame(0).await.unwrap();
        b.until(
            "the widget's list",
            "return document.querySelectorAll('.embed-hits li').length === 10",
        )
        .await;
        let count = b
            .js("return Number(document.querySelector('.embed-count strong').textContent)")
            .await;
        assert_eq!(count.as_u64(), Some(want));
        b.until(
            "the widget's map with markers",
            "return document.querySelectorAll('.embed-map .leaflet-marker-icon').length > 0",
        )
        .await;
        // Every way out opens the full site in a new tab.
        let targets = b
            .js("return [...document.querySelectorAll('.embed-hits a[href^=\"/facilities/\"], .embed-more, .embed-brand')].every(a => a.target === '_blank' && a.rel.includes('noopener'))")
            .await;
        assert_eq!(targets, true);
        let problems = b.accessibility_problems().await;
        assert!(problems.is_empty(), "axe in the widget: {problems:#?}");
        // The keyword box keeps the preset and stays in the frame.
        b.js("document.querySelector('#e-q').value = '訪問'; document.querySelector('.embed-form').submit(); return true")
            .await;
        b.until(
            "the widget's own search",
            "return location.pathname === '/embed' && location.search.includes('q=') && location.search.includes('scene=emergency')",
        )
        .await;
        b.until(
            "the new search's markers",
            "return document.querySelectorAll('.embed-map .leaflet-marker-icon').length > 0",
        )
        .await;
        b.client.enter_parent_frame().await.unwrap();
        b.screenshot("embed-in-another-site").await;
        // The full site in a frame: refused (Chromium shows its error page instead).
        b.client.enter_frame(1).await.unwrap();
        let blocked = b.js("return location.href").await;
        assert_eq!(
            blocked.as_str(),
            Some("chrome-error://chromewebdata/"),
            "{blocked}"
        );
        b.client.enter_parent_frame().await.unwrap();
        b.close().await;
    });
    drop(city);
}
