//! Servers started in one process (as these tests do, or an embedding host) must not disturb
//! each other's page renders.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tests::TestServer;

/// Starting a server renders the app once to list its routes, with resource loading
/// suppressed process-wide; a page of another server rendered meanwhile used to wait forever.
#[test]
fn starting_servers_never_stalls_another_servers_pages() {
    let serving = TestServer::start();
    let done = Arc::new(AtomicBool::new(false));
    let starter = {
        let done = done.clone();
        std::thread::spawn(move || {
            // Empty servers start fastest: more starts, more chances to overlap a render.
            for _ in 0..30 {
                drop(TestServer::start_with(|s| s.sample = false));
            }
            done.store(true, Ordering::Relaxed);
        })
    };
    let mut renders = 0;
    while !done.load(Ordering::Relaxed) {
        // Every page with a resource; each must answer in full (the client gives up after 60 s).
        for p in [
            "/print?category=clinic",
            "/?q=%E8%A8%AA%E5%95%8F",
            "/care-managers/acceptance",
        ] {
            let r = serving.get(p);
            assert_eq!(r.status, 200, "{p}");
            assert!(
                r.text().contains("</html>"),
                "{p}: the page stopped mid-way"
            );
            renders += 1;
        }
    }
    starter.join().unwrap();
    assert!(renders > 0);
}
