//! The site's static files (`/pkg/*`: the wasm and its loader; `/assets/*`: styles, scripts,
//! Leaflet), served as `scripts/build-site.sh` left them: compressed ahead of time (a `.br` and
//! a `.gz` beside each text file and the wasm) and named or versioned by their content, so a
//! browser keeps them for a year and never asks again.
//!
//! - A request whose `Accept-Encoding` takes brotli (or gzip) gets the `.br` (or `.gz`) file with
//!   its `Content-Encoding`; everyone else the file itself. `Vary: Accept-Encoding` always.
//! - `/pkg/` names carry their content's hash (`caremap.<hash>.wasm`): immutable for a year.
//!   `/assets/` URLs carry the build's version (`?v=<version>`, see [`SiteFiles::version`]):
//!   immutable when the version is the current one; without it (an image a stylesheet names)
//!   they are revalidated (`no-cache`, with the file's ETag).

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentEncoding};
use actix_web::{HttpRequest, HttpResponse, web};
use std::path::{Path, PathBuf};

/// `Cache-Control` of a file whose URL changes with its content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of a file whose URL does not.
const REVALIDATE: &str = "no-cache";

/// The built site's folder and the version its pages put on asset URLs.
#[derive(Debug, Clone)]
pub struct SiteFiles {
    root: PathBuf,
    version: Option<String>,
    /// The `/pkg/` names `hash.txt` gives the loader and the wasm (the immutable ones).
    hashed: Vec<String>,
}

impl SiteFiles {
    /// The site built into `root` with the wasm and loader named `name.<hash>.wasm|js`; its
    /// version is the `site:` line of `pkg/hash.txt` (absent when the site was not built).
    pub fn new(root: &Path, name: &str) -> SiteFiles {
        let text = std::fs::read_to_string(root.join("pkg").join("hash.txt")).unwrap_or_default();
        let hashed = ["js", "wasm"]
            .into_iter()
            .filter_map(|ext| Some(format!("{name}.{}.{ext}", hash_line(&text, ext)?)))
            .collect();
        SiteFiles {
            // Absolute: leptos reads `hash.txt` relative to its executable's folder otherwise.
            root: std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
            version: hash_line(&text, "site"),
            hashed,
        }
    }

    /// The build's version, which the pages append to asset URLs as `?v=`.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The file `hash.txt` names the wasm loader and the wasm by (for leptos' hydration
    /// scripts), when the site was built.
    pub fn hash_file(&self) -> Option<PathBuf> {
        let path = self.root.join("pkg").join("hash.txt");
        path.exists().then_some(path)
    }

    /// Registers `/pkg/*` and `/assets/*`.
    pub fn configure(self, cfg: &mut web::ServiceConfig) {
        let files = web::Data::new(self);
        cfg.service(
            web::resource("/pkg/{path:.*}")
                .app_data(files.clone())
                .route(web::get().to(pkg)),
        )
        .service(
            web::resource("/assets/{path:.*}")
                .app_data(files)
                .route(web::get().to(assets)),
        );
    }
}

/// The value of `name: value` in a `hash.txt`.
fn hash_line(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == name && !value.trim().is_empty()).then(|| value.trim().to_string())
    })
}

async fn pkg(
    req: HttpRequest,
    path: web::Path<String>,
    files: web::Data<SiteFiles>,
) -> HttpResponse {
    let rel = path.into_inner();
    // The loader and the wasm are named by their content; anything else is revalidated.
    let hashed = files.hashed.contains(&rel);
    serve(&req, &files.root.join("pkg"), &rel, hashed)
}

async fn assets(
    req: HttpRequest,
    path: web::Path<String>,
    files: web::Data<SiteFiles>,
) -> HttpResponse {
    let versioned = files.version.as_deref().is_some_and(|v| {
        form_urlencoded::parse(req.query_string().as_bytes())
            .any(|(k, value)| k == "v" && value == v)
    });
    serve(
        &req,
        &files.root.join("assets"),
        &path.into_inner(),
        versioned,
    )
}

/// One file under `dir`, in the best encoding the request takes.
fn serve(req: &HttpRequest, dir: &Path, rel: &str, immutable: bool) -> HttpResponse {
    let Some(path) = inside(dir, rel) else {
        return not_found();
    };
    if !path.is_file() {
        return not_found();
    }
    let mime = actix_files::file_extension_to_mime(
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
    );
    let accepted = accepted_encodings(req);
    let variant = [
        (ContentEncoding::Brotli, "br"),
        (ContentEncoding::Gzip, "gz"),
    ]
    .into_iter()
    .filter(|(encoding, _)| accepted.contains(encoding))
    .map(|(encoding, ext)| (encoding, with_extension(&path, ext)))
    .find(|(_, p)| p.is_file());
    let opened = match &variant {
        Some((encoding, p)) => NamedFile::open(p).map(|f| f.set_content_encoding(*encoding)),
        // Said explicitly, so the compression middleware leaves it alone (an image gains
        // nothing; a text file without a copy is too small to).
        None => NamedFile::open(&path).map(|f| f.set_content_encoding(ContentEncoding::Identity)),
    };
    let Ok(file) = opened else {
        return not_found();
    };
    let mut res = file
        .set_content_type(mime)
        .disable_content_disposition()
        .into_response(req);
    let headers = res.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(if immutable { IMMUTABLE } else { REVALIDATE }),
    );
    headers.insert(
        header::VARY,
        header::HeaderValue::from_static("Accept-Encoding"),
    );
    res
}

/// `dir/rel` when `rel` names something inside `dir` (no `..`, no hidden or empty segment).
fn inside(dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for segment in rel.split('/') {
        if segment.is_empty() || segment.starts_with('.') || segment.contains('\\') {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// `path` with `.ext` appended (`caremap.css` → `caremap.css.br`).
fn with_extension(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// The precompressed encodings the request accepts (`q=0` refuses one).
fn accepted_encodings(req: &HttpRequest) -> Vec<ContentEncoding> {
    let mut accepted = Vec::new();
    for value in req.headers().get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            let encoding = match coding.as_str() {
                "br" => ContentEncoding::Brotli,
                "gzip" => ContentEncoding::Gzip,
                _ => continue,
            };
            if !refused {
                accepted.push(encoding);
            }
        }
    }
    accepted
}

fn not_found() -> HttpResponse {
    HttpResponse::NotFound()
        .insert_header((header::CACHE_CONTROL, REVALIDATE))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let dir = Path::new("/site/assets");
        assert_eq!(
            inside(dir, "vendor/leaflet/leaflet.js"),
            Some(PathBuf::from("/site/assets/vendor/leaflet/leaflet.js"))
        );
        for bad in ["../secret", "a/../../b", ".hidden", "a//b", "", "a\\..\\b"] {
            assert_eq!(inside(dir, bad), None, "{bad}");
        }
    }

    #[test]
    fn hash_lines_are_read_by_name() {
        let text = "js: 0a1b\nwasm: 2c3d\nsite: 4e5f\n";
        assert_eq!(hash_line(text, "wasm").as_deref(), Some("2c3d"));
        assert_eq!(hash_line(text, "site").as_deref(), Some("4e5f"));
        assert_eq!(hash_line(text, "css"), None);
    }

    #[test]
    fn refused_encodings_are_not_offered() {
        let req = actix_web::test::TestRequest::default()
            .insert_header((header::ACCEPT_ENCODING, "gzip;q=1.0, br;q=0, deflate"))
            .to_http_request();
        assert_eq!(accepted_encodings(&req), vec![ContentEncoding::Gzip]);
    }
}
