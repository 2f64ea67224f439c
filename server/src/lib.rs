//! The caremap HTTP server: the engine of [`indexer`] on the network.
//!
//! - [`api`]: `/api/v1` (search as query parameters or a JSON body, facilities, areas, taxonomy,
//!   the generated OpenAPI document) and `/health`.
//! - [`error`]: the `{ "code", "message" }` error answers.
//! - [`geojson`]: search hits as a GeoJSON FeatureCollection.
//!
//! [`start`] opens the engine (migrating the store, loading the sample municipality into an empty
//! one) and binds; [`run`] serves until SIGINT/SIGTERM and shuts down gracefully.

pub mod api;
pub mod error;
pub mod geojson;

use actix_cors::Cors;
use actix_web::dev::{Server, Service};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Compress;
use actix_web::{App, HttpMessage, HttpServer, web};
use api::{AppState, OpenApiDoc};
use indexer::engine::{Engine, EngineSettings};
use indexer::import::{fixture, geojson as area_geojson};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

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
}

impl Settings {
    /// Settings for a data folder, listening on `http_addr`.
    pub fn new(data_dir: &Path, http_addr: &str) -> Settings {
        Settings {
            data_dir: data_dir.to_path_buf(),
            database_url: None,
            http_addr: http_addr.to_string(),
            workers: None,
            text_cache_words: indexer::engine::DEFAULT_WORD_CACHE,
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
    )
)]
struct ApiDoc;

/// Loads the fictional sample municipality when the store holds no facility.
pub async fn load_sample_if_empty(engine: &Engine) -> anyhow::Result<()> {
    if engine.stats().await?.facilities > 0 {
        return Ok(());
    }
    let areas = area_geojson::parse_areas(
        Path::new("sample-areas.geojson"),
        fixtures::SAMPLE_AREAS_GEOJSON,
    )?;
    engine.upsert_areas(areas).await?;
    let (_, facilities) = fixture::parse_fixture(
        Path::new("sample-facilities.ndjson"),
        fixtures::SAMPLE_FACILITIES_NDJSON,
    )?;
    let n = facilities.len();
    engine.upsert(facilities).await?;
    tracing::info!(
        facilities = n,
        "store was empty: loaded the sample municipality さくら野市（架空）"
    );
    Ok(())
}

/// A bound server: await `server` to serve; `addrs` are the bound addresses.
pub struct Running {
    /// The server future (also gives a handle to stop it).
    pub server: Server,
    /// Where it listens.
    pub addrs: Vec<SocketAddr>,
    /// The engine it serves.
    pub engine: Arc<Engine>,
}

/// Opens the engine (migrations, sample data when empty, index reconciliation) and binds.
pub async fn start(settings: &Settings) -> anyhow::Result<Running> {
    let engine = Arc::new(Engine::open(&settings.engine()).await?);
    load_sample_if_empty(&engine).await?;
    let state = web::Data::new(AppState::new(engine.clone()));
    let request_id = HeaderName::from_static("x-request-id");
    let mut server = HttpServer::new(move || {
        let (app, mut doc) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(state.clone())
            .service(api::health)
            .service(
                utoipa_actix_web::scope("/api/v1")
                    .service(api::search)
                    .service(api::search_json)
                    .service(api::facility)
                    .service(api::areas)
                    .service(api::area)
                    .service(api::taxonomy_json)
                    .service(api::openapi_json),
            )
            .split_for_parts();
        doc.info.version = env!("CARGO_PKG_VERSION").to_string();
        let request_id = request_id.clone();
        app.app_data(web::Data::new(OpenApiDoc(doc)))
            .app_data(web::PayloadConfig::new(64 * 1024))
            .default_service(web::to(api::not_found))
            .wrap(Compress::default())
            .wrap(
                Cors::default()
                    .allow_any_origin()
                    .allowed_methods(["GET", "HEAD"])
                    .allow_any_header()
                    .expose_headers(["etag", "x-request-id"])
                    .max_age(86_400),
            )
            .wrap_fn(move |req, srv| {
                let id = req.extensions().get::<RequestId>().map(|r| r.to_string());
                let call = srv.call(req);
                let name = request_id.clone();
                async move {
                    let mut res = call.await?;
                    if let Some(v) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
                        res.headers_mut().insert(name, v);
                    }
                    Ok(res)
                }
            })
            .wrap(TracingLogger::default())
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

/// Serves until SIGINT/SIGTERM, then finishes in-flight requests and stops.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let running = start(&settings).await?;
    running.server.await?;
    running.engine.release_writer()?;
    tracing::info!("stopped");
    Ok(())
}
