//! The site's static files: the encoding the browser takes, from the copies the build
//! compressed ahead of time, and caching for good exactly when the URL names the content.

use std::path::Path;
use tests::TestServer;

/// A built site in miniature: the hashed wasm with its two compressed copies, a stylesheet
/// with one, an image with none. Each copy holds a different text, so the answer shows which
/// file was sent.
fn site(dir: &Path) {
    let pkg = dir.join("pkg");
    let assets = dir.join("assets");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::create_dir_all(assets.join("images")).unwrap();
    std::fs::write(
        pkg.join("hash.txt"),
        "js: 00112233aabbccdd\nwasm: 44556677eeff0011\nsite: 8899aabbccddeeff\n",
    )
    .unwrap();
    let wasm = pkg.join("caremap.44556677eeff0011.wasm");
    std::fs::write(&wasm, "wasm itself").unwrap();
    std::fs::write(
        pkg.join("caremap.44556677eeff0011.wasm.br"),
        "wasm as brotli",
    )
    .unwrap();
    std::fs::write(pkg.join("caremap.44556677eeff0011.wasm.gz"), "wasm as gzip").unwrap();
    // A leftover of an earlier build: named like a hashed file, but not this build's.
    std::fs::write(pkg.join("caremap.0000000000000000.wasm"), "old wasm").unwrap();
    std::fs::write(assets.join("caremap.css"), "css itself").unwrap();
    std::fs::write(assets.join("caremap.css.gz"), "css as gzip").unwrap();
    std::fs::write(assets.join("images").join("marker.png"), "png").unwrap();
    std::fs::write(dir.join("secret.txt"), "outside").unwrap();
}

fn server() -> (TestServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let root = dir.path().to_path_buf();
    (TestServer::start_with(move |s| s.site_dir = root), dir)
}

#[test]
fn the_best_accepted_precompressed_copy_is_sent_with_its_encoding() {
    let (s, _dir) = server();
    let path = "/pkg/caremap.44556677eeff0011.wasm";
    for (accept, body, encoding) in [
        ("gzip, deflate, br, zstd", "wasm as brotli", Some("br")),
        ("gzip", "wasm as gzip", Some("gzip")),
        ("br;q=0, gzip;q=0.8", "wasm as gzip", Some("gzip")),
        ("identity", "wasm itself", None),
    ] {
        let r = s.get_with(path, &[("accept-encoding", accept)]);
        assert_eq!(r.status, 200, "{accept}");
        assert_eq!(r.text(), body, "{accept}");
        // The file itself is said to be `identity` (so the compression middleware passes it).
        assert_eq!(
            r.header("content-encoding").filter(|e| *e != "identity"),
            encoding,
            "{accept}"
        );
        assert_eq!(
            r.header("content-type"),
            Some("application/wasm"),
            "{accept}"
        );
        assert!(
            r.header("vary").unwrap_or("").contains("Accept-Encoding"),
            "{accept}: {:?}",
            r.header("vary")
        );
    }
    // Without an accepted copy the file itself (the stylesheet has no brotli copy).
    let r = s.get_with("/assets/caremap.css", &[("accept-encoding", "br")]);
    assert_eq!(
        (r.text().as_str(), r.header("content-encoding")),
        ("css itself", Some("identity"))
    );
    let r = s.get_with("/assets/caremap.css", &[("accept-encoding", "br, gzip")]);
    assert_eq!(r.text(), "css as gzip");
    assert!(r.header("content-type").unwrap().starts_with("text/css"));
}

#[test]
fn content_named_urls_are_immutable_and_the_others_revalidated() {
    let (s, _dir) = server();
    let year = "public, max-age=31536000, immutable";
    let r = s.get("/pkg/caremap.44556677eeff0011.wasm");
    assert_eq!(r.header("cache-control"), Some(year));
    let r = s.get("/assets/caremap.css?v=8899aabbccddeeff");
    assert_eq!(r.header("cache-control"), Some(year));
    // Another build's version, no version, an image a stylesheet names, the hash list.
    for p in [
        "/assets/caremap.css?v=0000000000000000",
        "/assets/caremap.css",
        "/assets/images/marker.png",
        "/pkg/hash.txt",
        "/pkg/caremap.0000000000000000.wasm",
    ] {
        let r = s.get(p);
        assert_eq!(r.status, 200, "{p}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{p}");
        assert!(r.header("etag").is_some(), "{p}: revalidated by its ETag");
    }
    // A revalidation that finds the file unchanged costs no body.
    let etag = s
        .get("/assets/caremap.css")
        .header("etag")
        .unwrap()
        .to_string();
    let r = s.get_with("/assets/caremap.css", &[("if-none-match", &etag)]);
    assert_eq!(r.status, 304);
}

#[test]
fn the_pages_load_the_content_named_files() {
    let (s, _dir) = server();
    let html = s.get("/").text();
    assert!(html.contains("/pkg/caremap.00112233aabbccdd.js"), "{html}");
    assert!(html.contains("/pkg/caremap.44556677eeff0011.wasm"));
    assert!(html.contains("/assets/caremap.css?v=8899aabbccddeeff"));
    assert!(!html.contains("caremap_bg.wasm"));
}

#[test]
fn nothing_outside_the_site_folders_is_served() {
    let (s, _dir) = server();
    for p in [
        "/assets/../secret.txt",
        "/assets/%2e%2e/secret.txt",
        "/pkg/..%2fsecret.txt",
        "/assets/images/",
        "/assets/no-such.css",
    ] {
        let r = s.get(p);
        assert_eq!(r.status, 404, "{p}");
        assert!(!r.text().contains("outside"), "{p}");
    }
}
