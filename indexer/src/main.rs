//! `caremap-indexer`: import data, generate data sets, rebuild the index, print stats, search.

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use indexer::engine::{Engine, EngineSettings};
use indexer::import::{fixture, geojson, mhlw};
use indicatif::{ProgressBar, ProgressStyle};
use model::{Facility, SearchQuery};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "caremap-indexer",
    version,
    about = "caremap store, importers and search engine"
)]
struct Cli {
    /// Folder holding the SQLite database and the text index.
    #[arg(long, env = "CAREMAP_DATA_DIR", default_value = "data", global = true)]
    data_dir: PathBuf,
    /// Database URL; default `sqlite://<data-dir>/caremap.db`. `postgres://…` selects PostgreSQL.
    #[arg(long, env = "CAREMAP_DATABASE_URL", global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// caremap fixture NDJSON (see fixtures/README.md).
    Fixtures,
    /// MHLW 介護サービス情報公表 open-data CSV.
    MhlwCsv,
    /// Areas as GeoJSON polygons.
    Areas,
}

#[derive(Subcommand)]
enum Command {
    /// Imports files; each file commits whole or not at all, and nothing is written if any file is invalid.
    Import {
        /// Format of the files.
        format: Format,
        /// Files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Generates listings in the fixture format.
    Generate {
        /// Number of listings (national-scale generator).
        #[arg(long, default_value_t = 1000)]
        count: usize,
        /// Seed; the same seed gives the same listings.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the fictional sample municipality instead (facilities + areas into the --out folder).
        #[arg(long)]
        sample: bool,
        /// Output file (or folder with --sample); standard output when omitted.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Rebuilds the text index from the store into a new folder and swaps it in.
    RebuildIndex,
    /// Prints counts as JSON.
    Stats,
    /// Runs a search: a SearchQuery as JSON (argument, or `-` for standard input); prints the answer as JSON.
    Search {
        /// The query, e.g. '{"text":"訪問看護","near":{"point":{"lat":35.68,"lng":139.76},"radius_m":3000}}'.
        query: String,
    },
}

fn settings(cli: &Cli) -> EngineSettings {
    let mut s = EngineSettings::for_data_dir(&cli.data_dir);
    if let Some(url) = &cli.database_url {
        s.database_url = url.clone();
    }
    s
}

fn progress(len: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

fn parse_file(format: Format, path: &Path) -> indexer::Result<Vec<Facility>> {
    match format {
        Format::Fixtures => fixture::parse_fixture_file(path).map(|(_, f)| f),
        Format::MhlwCsv => mhlw::parse_mhlw_file(path),
        Format::Areas => Ok(Vec::new()),
    }
}

async fn import(cli: &Cli, format: Format, files: &[PathBuf]) -> anyhow::Result<()> {
    let engine = Engine::open(&settings(cli))
        .await
        .context("opening the engine")?;
    if let Format::Areas = format {
        let mut all = Vec::new();
        for f in files {
            all.extend(geojson::parse_areas_file(f)?);
        }
        let n = all.len();
        let report = engine.upsert_areas(all).await?;
        eprintln!(
            "imported {n} areas; {} facilities moved to new areas",
            report.updated
        );
        return Ok(());
    }
    // Parse every file first: nothing is written unless all are valid.
    let bar = progress(files.len() as u64, "reading");
    let mut parsed = Vec::new();
    for f in files {
        parsed.push((f, parse_file(format, f)?));
        bar.inc(1);
    }
    bar.finish_and_clear();
    for (path, records) in parsed {
        let bar = progress(records.len() as u64, "writing");
        let n = records.len();
        let report = engine
            .upsert_with_progress(records, &|k| bar.set_position(k as u64))
            .await?;
        bar.finish_and_clear();
        eprintln!(
            "{}: {n} records: {} new, {} updated, {} unchanged",
            path.display(),
            report.inserted,
            report.updated,
            report.unchanged
        );
    }
    engine.release_writer()?;
    Ok(())
}

fn generate(count: usize, seed: u64, sample: bool, out: Option<&Path>) -> anyhow::Result<()> {
    if sample {
        let dir = out.context("--sample needs --out FOLDER")?;
        std::fs::create_dir_all(dir)?;
        let city = fixtures::sample::sample_city();
        let header = fixtures::FixtureHeader {
            caremap_fixture: 1,
            dataset: "さくら野市（架空）サンプルデータ".into(),
            source: fixtures::sample::SOURCE.into(),
            fictional: true,
        };
        std::fs::write(
            dir.join("sample-facilities.ndjson"),
            fixture::to_fixture_ndjson(&header, &city.facilities),
        )?;
        let mut geo = serde_json::to_string_pretty(&geojson::to_geojson(&city.areas))?;
        geo.push('\n');
        std::fs::write(dir.join("sample-areas.geojson"), geo)?;
        eprintln!(
            "wrote {} listings and {} areas to {}",
            city.facilities.len(),
            city.areas.len(),
            dir.display()
        );
        return Ok(());
    }
    let header = fixtures::FixtureHeader {
        caremap_fixture: 1,
        dataset: format!("generated national set ({count} listings, seed {seed})"),
        source: format!("caremap-generated-{seed}"),
        fictional: true,
    };
    let mut w: Box<dyn Write> = match out {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    writeln!(w, "{}", serde_json::to_string(&header)?)?;
    for f in fixtures::national::generate(count, seed) {
        writeln!(w, "{}", serde_json::to_string(&f)?)?;
    }
    w.flush()?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match &cli.command {
        Command::Import { format, files } => import(&cli, *format, files).await?,
        Command::Generate {
            count,
            seed,
            sample,
            out,
        } => generate(*count, *seed, *sample, out.as_deref())?,
        Command::RebuildIndex => {
            let n = indexer::engine::rebuild_index(&settings(&cli)).await?;
            eprintln!("rebuilt the index with {n} facilities");
        }
        Command::Stats => {
            let engine = Engine::open(&settings(&cli)).await?;
            println!("{}", serde_json::to_string_pretty(&engine.stats().await?)?);
        }
        Command::Search { query } => {
            let text = if query == "-" {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s
            } else {
                query.clone()
            };
            let q: SearchQuery = match serde_json::from_str(&text) {
                Ok(q) => q,
                Err(e) => bail!("invalid query JSON: {e}"),
            };
            let engine = Engine::open(&settings(&cli)).await?;
            println!("{}", serde_json::to_string_pretty(&engine.search(&q)?)?);
        }
    }
    Ok(())
}
