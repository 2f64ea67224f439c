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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let Cli::Serve(settings) = Cli::parse();
    run(settings).await
}
