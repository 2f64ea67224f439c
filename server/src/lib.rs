//! The caremap HTTP server: the engine of [`indexer`] on the network.
//!
//! - [`api`]: `/api/v1` and `/health`, one module per resource of the URL tree (search,
//!   facilities and their editing, change requests, areas, taxonomy, campaigns, exports,
//!   geocoding, the review queue, sign-in) and the generated OpenAPI document.
//! - [`admin`]: the administration pages (`/admin/*`), one module per part of the URL tree.
//! - [`update`]: a facility's update form (`/update/{token}`).
//! - [`auth`]: passwords, sessions, CSRF and the login rate limit.
//! - [`state`]: what every handler shares (the engine and its caches).
//! - [`error`]: the `{ "code", "message" }` error answers.
//! - [`geojson`]: search hits as a GeoJSON FeatureCollection.
//! - [`cli`]: `caremap admin …` on the server's command line.
//!
//! [`start`] opens the engine (migrating the store, loading the fictional sample municipality
//! when asked and the store has never held real data) and binds; [`run`] serves until
//! SIGINT/SIGTERM and shuts down gracefully.

// The site's page types (leptos views) are deep.
#![recursion_limit = "256"]

/// The value of one step of a page handler, or — when the step answered with a page of its own
/// (the sign-in redirect, a 403, an error page) — that page, returned from the handler.
macro_rules! try_page {
    ($step:expr) => {
        match $step {
            Ok(value) => value,
            Err(page) => return page,
        }
    };
}

pub mod admin;
pub mod api;
pub mod auth;
pub mod cli;
pub mod csp;
pub mod demo;
pub mod error;
pub mod geojson;
pub mod headers;
mod language;
mod method;
mod request_span;
pub mod state;
pub mod static_files;
pub mod update;

use actix_cors::Cors;
use actix_web::dev::Server;

use actix_web::middleware::Compress;
use actix_web::{App, HttpServer, web};
use api::OpenApiDoc;
use indexer::engine::{Engine, EngineSettings};
use leptos::config::LeptosOptions;
use leptos_actix::{LeptosRoutes, generate_route_list};
use state::AppState;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

/// Base name of the site's wasm and JS files (`pkg/caremap.<hash>.js`, `pkg/caremap.<hash>.wasm`).
pub const SITE_NAME: &str = "caremap";

/// Server settings (flags or `CAREMAP_*` environment variables).
#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// Folder holding the SQLite database and the text index.
    #[arg(long, env = "CAREMAP_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Database URL; default `sqlite://<data-dir>/caremap.db`. `postgres://…` selects PostgreSQL.
    #[arg(long, env = "CAREMAP_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "CAREMAP_HTTP_ADDR", default_value = "127.0.0.1:8080")]
    pub http_addr: String,
    /// HTTP worker threads (default: one per physical core).
    #[arg(long, env = "CAREMAP_HTTP_WORKERS")]
    pub workers: Option<usize>,
    /// Frequent query words whose matching sets stay in memory (0 turns the cache off).
    #[arg(long, env = "CAREMAP_TEXT_CACHE_WORDS", default_value_t = indexer::engine::DEFAULT_WORD_CACHE)]
    pub text_cache_words: usize,
    /// Folder with the site's browser files (`pkg/` wasm, `assets/`), built by
    /// `scripts/build-site.sh`. Without it pages still render, without scripts and map.
    #[arg(long, env = "CAREMAP_SITE_DIR", default_value = DEFAULT_SITE_DIR)]
    pub site_dir: PathBuf,
    /// Map tile URL template (`{z}/{x}/{y}`); empty for no background map (outlines and
    /// markers still show).
    #[arg(long, env = "CAREMAP_TILE_URL", default_value = GSI_TILES)]
    pub tile_url: String,
    /// Attribution shown for the tiles (HTML).
    #[arg(long, env = "CAREMAP_TILE_ATTRIBUTION", default_value = GSI_ATTRIBUTION)]
    pub tile_attribution: String,
    /// How often a server on a shared PostgreSQL checks the change feed for other servers'
    /// writes when no notification woke it (milliseconds; notifications usually come first).
    #[arg(long, env = "CAREMAP_FEED_POLL_MS", default_value_t = 500)]
    pub feed_poll_ms: u64,
    /// How often the engine's snapshot (`<data dir>/engine.snapshot`, what the next start opens
    /// from) is written again when listings changed (minutes; 0: only at shutdown).
    #[arg(long, env = "CAREMAP_SNAPSHOT_MINUTES", default_value_t = 10)]
    pub snapshot_minutes: u64,
    /// Load the fictional sample municipality (さくら野市) into an empty store that has never
    /// received real data: the demo. A store meant for real data never gets it.
    #[arg(long, env = "CAREMAP_SAMPLE")]
    pub sample: bool,
}

/// Where `scripts/build-site.sh` puts the site's browser files (relative to the repository).
pub const DEFAULT_SITE_DIR: &str = "target/site";
/// 地理院タイル (GSI standard map).
pub const GSI_TILES: &str = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png";
/// The attribution the GSI tiles ask for.
pub const GSI_ATTRIBUTION: &str =
    "<a href=\"https://maps.gsi.go.jp/development/ichiran.html\">地理院タイル</a>";

impl Settings {
    /// Settings for a data folder, listening on `http_addr`.
    pub fn new(data_dir: &Path, http_addr: &str) -> Settings {
        Settings {
            data_dir: data_dir.to_path_buf(),
            database_url: None,
            http_addr: http_addr.to_string(),
            workers: None,
            text_cache_words: indexer::engine::DEFAULT_WORD_CACHE,
            site_dir: Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join(DEFAULT_SITE_DIR),
            tile_url: GSI_TILES.to_string(),
            tile_attribution: GSI_ATTRIBUTION.to_string(),
            feed_poll_ms: 500,
            snapshot_minutes: 10,
            sample: false,
        }
    }

    fn engine(&self) -> EngineSettings {
        let mut s = EngineSettings::for_data_dir(&self.data_dir);
        if let Some(url) = &self.database_url {
            s.database_url = url.clone();
        }
        s.word_cache = self.text_cache_words;
        s
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "caremap API",
        description = "医療・介護資源マップ: search the directory of clinics, home-visit services, visiting-nurse stations, care managers and care services. Anonymous answers carry public fields only. Errors are {\"code\", \"message\"} with a 4xx status.",
        license(name = "MIT")
    ),
    tags(
        (name = "search", description = "Search with filters, facets, distance and paging"),
        (name = "facilities", description = "Single listings"),
        (name = "areas", description = "日常生活圏域 (daily-life areas) and municipalities"),
        (name = "meta", description = "Taxonomy, health and this document"),
        (name = "auth", description = "Sign-in for administrators, editors and professionals (session cookie + CSRF token)"),
        (name = "change requests", description = "Facilities propose changes through a private update link; editors review them"),
        (name = "exports", description = "The whole directory as CSV (MHLW open-data layout + caremap columns), GeoJSON and HSDS-style JSON; professional fields for signed-in accounts only"),
        (name = "editing", description = "Changes to listings with a field-level change log (signed-in editors and administrators)"),
        (name = "places", description = "Addresses to positions, offline (町丁目 points of the whole country)"),
    )
)]
struct ApiDoc;

/// A bound server: await `server` to serve; `addrs` are the bound addresses.
pub struct Running {
    /// The server future (also gives a handle to stop it).
    pub server: Server,
    /// Where it listens.
    pub addrs: Vec<SocketAddr>,
    /// The engine it serves.
    pub engine: Arc<Engine>,
}

/// Opens the engine (migrations, the sample when asked and the store is empty, index
/// reconciliation) and binds.
pub async fn start(settings: &Settings) -> anyhow::Result<Running> {
    let engine = Arc::new(Engine::open(&settings.engine()).await?);
    if settings.sample {
        demo::load_sample_if_empty(&engine).await?;
    }
    if engine.follows_feed() {
        // Other servers on the same PostgreSQL: apply their writes as they commit. A task of the
        // Tokio runtime itself (not actix's local set), so that when the runtime shuts down the
        // task's database connections are dropped inside it.
        tokio::spawn(indexer::engine::follow::follow(
            Arc::downgrade(&engine),
            std::time::Duration::from_millis(settings.feed_poll_ms.max(10)),
        ));
    }
    // The snapshot the next start opens from: at once when this start had to build the table
    // from the store, then every --snapshot-minutes when listings changed (and at shutdown).
    tokio::spawn(indexer::engine::snapshot::keep_saving(
        Arc::downgrade(&engine),
        (settings.snapshot_minutes > 0)
            .then(|| std::time::Duration::from_secs(settings.snapshot_minutes * 60)),
    ));
    let tiles = frontend::wire::Tiles {
        url: settings.tile_url.clone(),
        attribution: settings.tile_attribution.clone(),
    };
    let state = web::Data::new(AppState::new(engine.clone(), tiles.clone()));
    let site = frontend::ssr::Site::new(engine.clone(), tiles, demo::places(&engine));
    let site_dir = settings.site_dir.clone();
    let site_files = static_files::SiteFiles::new(&site_dir, SITE_NAME);
    if site_files.hash_file().is_none() {
        tracing::warn!(
            site_dir = %site_dir.display(),
            "site scripts not built (run scripts/build-site.sh): pages render without map and scripts"
        );
    }
    let asset_version: Arc<str> = site_files.version().unwrap_or("").into();
    let leptos_options = LeptosOptions::builder()
        .output_name(SITE_NAME)
        .site_root(site_dir.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        // The loader and the wasm are named by their content (`hash.txt`, written by the
        // build; an absolute path, which leptos joins to its executable's folder unchanged).
        .hash_files(site_files.hash_file().is_some())
        .hash_file(
            site_files
                .hash_file()
                .map(|p| std::sync::Arc::<str>::from(p.to_string_lossy()))
                .unwrap_or_default(),
        )
        .build();
    let routes = site_routes().to_vec();
    let mut server = HttpServer::new(move || {
        let site = site.clone();
        let policy = state.policy.clone();
        let context = move || {
            leptos::prelude::provide_context(site.clone());
            frontend::i18n::provide_request_lang();
            policy.name_this_pages_nonce();
        };
        let options = leptos_options.clone();
        let version = asset_version.clone();
        let shell = move || frontend::app::shell(options.clone(), version.clone());
        let site_files = site_files.clone();
        let (app, mut doc) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(state.clone())
            .service(api::health)
            .service(
                utoipa_actix_web::scope("/api/v1")
                    .service(api::search::search)
                    .service(api::search::search_json)
                    .service(api::coverage::coverage)
                    .service(api::facilities::facility)
                    .service(api::areas::areas)
                    .service(api::areas::area)
                    .service(api::taxonomy::taxonomy_json)
                    .service(api::openapi_json)
                    .service(api::auth::login)
                    .service(api::auth::logout)
                    .service(api::auth::session)
                    .service(api::facilities::create)
                    .service(api::facilities::replace)
                    .service(api::facilities::patch_fields)
                    .service(api::facilities::retire)
                    .service(api::facilities::verify)
                    .service(api::facilities::history)
                    .service(api::changes::revert)
                    .service(api::reports::staleness)
                    .service(api::availability_round::round)
                    .service(api::availability_round::record_round)
                    .service(api::facilities::issue_link)
                    .service(api::facilities::revoke_link)
                    .service(api::update::read_linked)
                    .service(api::update::propose)
                    .service(api::change_requests::queue)
                    .service(api::change_requests::approve)
                    .service(api::change_requests::reject)
                    .service(api::freshness_policies::policies)
                    .service(api::freshness_policies::set_policy)
                    .service(api::campaigns::list)
                    .service(api::campaigns::start)
                    .service(api::campaigns::detail)
                    .service(api::campaigns::close)
                    .service(api::exports::csv)
                    .service(api::exports::geojson)
                    .service(api::exports::hsds)
                    .service(api::geocode::geocode)
                    .service(api::geocode::suggest)
                    .service(api::sources::sources)
                    .service(api::reviews::list)
                    .service(api::reviews::resolve)
                    .service(api::imports::imports)
                    .default_service(web::to(api::not_found)),
            )
            .split_for_parts();
        doc.info.version = env!("CARGO_PKG_VERSION").to_string();
        app.app_data(web::Data::new(OpenApiDoc::new(doc)))
            .app_data(web::PayloadConfig::new(64 * 1024))
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            // Other methods on /health: 405 (the API's routes get theirs from its scope's
            // default service).
            .service(web::resource("/health").to(api::not_found))
            .route(
                "/rpc/{tail:.*}",
                leptos_actix::handle_server_fns_with_context(context.clone()),
            )
            .configure(admin::configure)
            .configure(update::configure)
            .configure(move |cfg| site_files.configure(cfg))
            .leptos_routes_with_context(routes.clone(), context.clone(), shell.clone())
            .default_service(leptos_actix::render_app_async_with_context(
                context,
                shell,
                leptos_router::Method::Get,
            ))
            .wrap(actix_web::middleware::from_fn(headers::secure))
            .wrap(actix_web::middleware::from_fn(language::remember))
            .wrap(actix_web::middleware::from_fn(method::head_as_get))
            .wrap(Compress::default())
            .wrap(
                Cors::default()
                    .allow_any_origin()
                    .allowed_methods(["GET", "HEAD"])
                    .allow_any_header()
                    .expose_headers(["etag", "x-request-id"])
                    .max_age(86_400),
            )
            .wrap(actix_web::middleware::from_fn(request_span::trace))
    });
    if let Some(w) = settings.workers {
        server = server.workers(w.max(1));
    }
    let server = server.bind(&settings.http_addr)?;
    let addrs = server.addrs();
    tracing::info!(addrs = ?addrs, "listening");
    Ok(Running {
        server: server.shutdown_timeout(10).run(),
        addrs,
        engine,
    })
}

/// The site's routes, generated once per process.
///
/// Generating them runs the app with resource loading suppressed by a process-wide flag
/// (leptos_server's `SuppressResourceLoad`): a page render whose resource first polls while
/// another server in the same process generates its routes waits forever (leptos issue 4773).
/// Generating once, before the first server listens, means no render can ever overlap it — the
/// tests start many servers in one process.
fn site_routes() -> &'static [leptos_actix::ActixRouteListing] {
    static ROUTES: std::sync::OnceLock<Vec<leptos_actix::ActixRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(frontend::app::App))
}

/// Serves until SIGINT/SIGTERM, then finishes in-flight requests and stops.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let running = start(&settings).await?;
    running.server.await?;
    if let Err(e) = running.engine.save_snapshot_if_stale().await {
        tracing::warn!(error = %e, "snapshot not written at shutdown");
    }
    // A large import's log may still be being copied into the database file.
    running.engine.settle().await;
    running.engine.release_writer()?;
    tracing::info!("stopped");
    Ok(())
}
