//! `caremap`: the caremap server.

use clap::Parser;
use server::{Settings, run};

#[derive(Parser)]
#[command(name = "caremap", version, about = "caremap server")]
enum Cli {
    /// Migrates the store, loads the sample municipality when the store is empty, and serves.
    Serve(Settings),
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    // CAREMAP_LOG_FORMAT=json writes one JSON object per event (with the request id of its
    // request span) for log collectors; the default is readable text.
    if std::env::var("CAREMAP_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let Cli::Serve(settings) = Cli::parse();
    run(settings).await
}
