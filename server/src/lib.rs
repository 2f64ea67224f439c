//! The caremap HTTP server: a thin shell over [`indexer::engine::Engine`].
//!
//! This first version serves health, search (the engine's [`model::SearchQuery`] as a JSON body)
//! and single facilities; the full `/api/v1` contract (query parameters, GeoJSON, OpenAPI) and
//! the site come with their own issues and call the same engine.

use actix_web::{App, HttpResponse, HttpServer, ResponseError, http::StatusCode, web};
use indexer::engine::{Engine, EngineSettings};
use indexer::import::{fixture, geojson};
use model::SearchQuery;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Server settings (flags or `CAREMAP_*` environment variables).
#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// Folder holding the SQLite database and the text index.
    #[arg(long, env = "CAREMAP_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Database URL; default `sqlite://<data-dir>/caremap.db`. `postgres://…` selects PostgreSQL.
    #[arg(long, env = "CAREMAP_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Address to listen on.
    #[arg(long, env = "CAREMAP_HTTP_ADDR", default_value = "127.0.0.1:8080")]
    pub http_addr: String,
}

impl Settings {
    fn engine(&self) -> EngineSettings {
        let mut s = EngineSettings::for_data_dir(&self.data_dir);
        if let Some(url) = &self.database_url {
            s.database_url = url.clone();
        }
        s
    }
}

/// An error answered as `{ "code", "message" }`.
#[derive(Debug)]
pub struct ApiError(indexer::Error);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ApiError {
    /// The one table from error to (status, code).
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        use model::ValidationError as V;
        match &self.0 {
            indexer::Error::Validation(v) => (
                StatusCode::BAD_REQUEST,
                match v {
                    V::InvalidLatitude(_) => "invalid_latitude",
                    V::InvalidLongitude(_) => "invalid_longitude",
                    V::InvalidRadius(_) => "invalid_radius",
                    V::InvalidBbox(_) => "invalid_bbox",
                    V::InvalidPage(_) => "invalid_page",
                    V::UnknownCategory(_) => "unknown_category",
                    V::UnknownService(_) => "unknown_service",
                    V::UnknownCapability(_) => "unknown_capability",
                    _ => "invalid_query",
                },
            ),
            indexer::Error::NotFound(_) => (StatusCode::NOT_FOUND, "facility_not_found"),
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal_error"),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status_and_code().0
    }

    fn error_response(&self) -> HttpResponse {
        let (status, code) = self.status_and_code();
        let message = if status.is_server_error() {
            tracing::error!(error = %self.0, "request failed");
            "internal error".to_string()
        } else {
            self.0.to_string()
        };
        HttpResponse::build(status).json(serde_json::json!({ "code": code, "message": message }))
    }
}

impl From<indexer::Error> for ApiError {
    fn from(e: indexer::Error) -> Self {
        ApiError(e)
    }
}

async fn health_check(engine: web::Data<Engine>) -> Result<HttpResponse, ApiError> {
    let stats = engine.stats().await?;
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "status": "ok", "facilities": stats.facilities })))
}

async fn search_facilities(
    engine: web::Data<Engine>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let query: SearchQuery = serde_json::from_slice(&body).map_err(|e| {
        ApiError(indexer::Error::Validation(
            model::ValidationError::InvalidQuery(e.to_string()),
        ))
    })?;
    Ok(HttpResponse::Ok().json(engine.search(&query)?))
}

async fn get_facility(
    engine: web::Data<Engine>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let f = engine.get(&id).await?;
    Ok(HttpResponse::Ok().json(f.public_view()))
}

/// Loads the fictional sample municipality when the store holds no facility.
pub async fn load_sample_if_empty(engine: &Engine) -> anyhow::Result<()> {
    if engine.stats().await?.facilities > 0 {
        return Ok(());
    }
    let areas = geojson::parse_areas(
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

/// Opens the engine and serves until SIGINT/SIGTERM.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let engine = Engine::open(&settings.engine()).await?;
    load_sample_if_empty(&engine).await?;
    let engine = web::Data::from(Arc::new(engine));
    tracing::info!(addr = %settings.http_addr, "listening");
    HttpServer::new(move || {
        App::new()
            .app_data(engine.clone())
            .app_data(web::PayloadConfig::new(64 * 1024))
            .route("/health", web::get().to(health_check))
            .route("/api/v1/search", web::post().to(search_facilities))
            .route("/api/v1/facilities/{id}", web::get().to(get_facility))
    })
    .bind(&settings.http_addr)?
    .run()
    .await?;
    Ok(())
}
