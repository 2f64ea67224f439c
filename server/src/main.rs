//! `caremap`: the caremap server.

use clap::Parser;
use server::{Settings, run};

#[derive(Parser)]
#[command(name = "caremap", version, about = "caremap server")]
enum Cli {
    /// Migrates the store, loads the sample municipality when asked (--sample) into an empty
    /// store that never received real data, and serves.
    Serve(Settings),
    /// Administration on the command line.
    #[command(subcommand)]
    Admin(server::cli::Command),
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // The server logs its progress; administration commands print their result only.
    let default_level = match cli {
        Cli::Serve(_) => "info",
        Cli::Admin(_) => "warn",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| default_level.into());
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
    match cli {
        Cli::Serve(settings) => run(settings).await,
        Cli::Admin(cmd) => server::cli::run(cmd).await,
    }
}
