//! `caremap-indexer`: import data, generate data sets, rebuild the index, print stats, search.

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use indexer::engine::population::{PopulationFile, PopulationReport};
use indexer::engine::{Engine, EngineSettings};
use indexer::import::{
    addresses, fixture, geojson, kosei, mhlw, municipalities, population, table,
};
use indexer::ingest::Batch;
use indicatif::{ProgressBar, ProgressStyle};
use model::AreaKind;
use model::SearchQuery;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

// Imports allocate and free millions of small strings; glibc's allocator spent a fifth of a
// national import in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// caremap fixture NDJSON (see fixtures/README.md).
    Fixtures,
    /// MHLW 介護サービス情報公表 open-data CSV.
    MhlwCsv,
    /// The 厚生局 届出受理医療機関名簿 (xlsx as published).
    Kosei,
    /// A city's table (CSV, xlsx, GeoJSON points) with a mapping file (--mapping).
    Table,
    /// Areas as GeoJSON polygons (--id, --name … read other layouts).
    Areas,
    /// Municipal boundaries (国土数値情報 N03 GeoJSON) as areas of kind 市町村.
    Municipalities,
    /// 町丁目 address points for the geocoder: a folder with ja.json and ja/<都道府県>/<市区町村>.json.
    Addresses,
    /// Population tables: the 住民基本台帳 age table per municipality (.xlsx) or the census'
    /// small areas (.csv), joined to address points and loaded areas.
    Population,
}

/// Options of some import formats.
#[derive(clap::Args, Default)]
struct ImportOptions {
    /// `table`: the mapping file (TOML; see indexer/src/import/table.rs and mappings/).
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// `areas`: template of each area's id over its properties, e.g. 'hirakata-{area_id}' (default '{id}').
    #[arg(long)]
    id: Option<String>,
    /// `areas`: template of each area's name, e.g. '{center_name}圏域' (default '{name}').
    #[arg(long)]
    name: Option<String>,
    /// `areas`: template of each area's description, e.g. '{school_districts}小学校区'.
    #[arg(long)]
    description: Option<String>,
    /// `areas`: kind of every area (daily_life_area, secondary_medical_area, …).
    #[arg(long)]
    kind: Option<String>,
    /// `areas`: 6-digit code of the municipality the areas belong to.
    #[arg(long)]
    municipality: Option<String>,
    /// `areas`: id of the areas' source (recorded with --credit).
    #[arg(long)]
    source_id: Option<String>,
    /// `areas`: the credit line the areas' source requires.
    #[arg(long)]
    credit: Option<String>,
    /// `population`: the year of the census a small-area CSV is from (default: the four digits
    /// after `census` in its file name, e.g. census2020_….csv).
    #[arg(long)]
    census_year: Option<i32>,
}

#[derive(Subcommand)]
enum Command {
    /// Imports files; each file commits whole or not at all, and nothing is written if any file is invalid.
    Import {
        /// Format of the files.
        format: Format,
        /// Files to import (a folder for `addresses`).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        options: ImportOptions,
    },
    /// Resolves a typed address with the offline geocoder; prints the answer as JSON.
    Geocode {
        /// The address, e.g. 枚方市伊加賀北町5-1.
        address: String,
    },
    /// Measures the geocoder on MHLW CSV files, whose rows carry both an address and a
    /// surveyed point: the share resolved per level and the distances to the files' points.
    GeocodeCheck {
        /// MHLW open-data CSV files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also print up to this many addresses resolved only to their municipality or not at all.
        #[arg(long, default_value_t = 0)]
        show: usize,
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
    Stats {
        /// Also what each in-memory structure of the engine costs, and the process's resident
        /// memory (see `indexer::engine::memory`).
        #[arg(long)]
        memory: bool,
    },
    /// Runs a search: a SearchQuery as JSON (argument, or `-` for standard input); prints the
    /// answer as JSON. With `--lines`, standard input holds one query per line and each answer
    /// is printed on one line (a batch against one opened engine; `took_ms` times each).
    Search {
        /// One query per line of standard input, one answer per line of output.
        #[arg(long)]
        lines: bool,
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

async fn import(
    cli: &Cli,
    format: Format,
    files: &[PathBuf],
    o: &ImportOptions,
) -> anyhow::Result<()> {
    let table_only = o.mapping.is_some() && format != Format::Table;
    let areas_only = (o.id.is_some()
        || o.name.is_some()
        || o.description.is_some()
        || o.kind.is_some()
        || o.municipality.is_some()
        || o.credit.is_some()
        || o.source_id.is_some())
        && format != Format::Areas;
    if o.census_year.is_some() && format != Format::Population {
        bail!("--census-year is for `import population`");
    }
    if table_only || areas_only {
        bail!(
            "--mapping is for `import table`; --id, --name, --description, --kind, --municipality, --source-id and --credit are for `import areas`"
        );
    }
    // Read and check every file before the engine (and its writer lock) is opened.
    match format {
        Format::Areas => {
            let mut mapping = geojson::AreaMapping::default();
            if let Some(t) = &o.id {
                mapping.id = t.clone();
            }
            if let Some(t) = &o.name {
                mapping.name = t.clone();
            }
            mapping.description = o.description.clone();
            mapping.municipality_code = o.municipality.clone();
            if let Some(k) = &o.kind {
                mapping.kind = Some(
                    serde_json::from_value::<AreaKind>(serde_json::Value::String(k.clone()))
                        .with_context(|| format!("unknown area kind {k:?}"))?,
                );
            }
            let mut all = Vec::new();
            for f in files {
                all.extend(geojson::parse_areas_file_with(f, &mapping)?);
            }
            let source = match (&o.source_id, &o.credit) {
                (Some(id), Some(credit)) => Some(model::sources::DataSource {
                    id: id.clone(),
                    name: id.clone(),
                    credit: credit.clone(),
                    licence: None,
                    url: None,
                    as_of: None,
                    fictional: false,
                    priority: None,
                }),
                (None, None) => None,
                _ => bail!("--source-id and --credit go together"),
            };
            let n = all.len();
            let engine = open_engine(cli).await?;
            let report = engine.import_areas(all, source).await?;
            eprintln!(
                "imported {n} areas; {} listings placed again; {} put in the nearest area (queued for review)",
                report.updated, report.area_gaps
            );
            engine.release_writer()?;
            return Ok(());
        }
        Format::Municipalities => {
            let mut all = Vec::new();
            for f in files {
                all.extend(municipalities::parse_municipalities_file(f)?);
            }
            let n = all.len();
            let engine = open_engine(cli).await?;
            let report = engine
                .import_areas(all, Some(model::sources::boundaries()))
                .await?;
            eprintln!(
                "imported {n} municipal boundaries; {} listings placed again",
                report.updated
            );
            engine.release_writer()?;
            return Ok(());
        }
        Format::Population => {
            let mut parsed = Vec::new();
            for f in files {
                parsed.push((f, population_file(f, o.census_year)?));
            }
            let engine = open_engine(cli).await?;
            for (path, file) in parsed {
                let r = engine.import_population(file).await?;
                print_population_report(path, &r);
            }
            engine.release_writer()?;
            return Ok(());
        }
        Format::Addresses => {
            let [dir] = files else {
                bail!("`import addresses` reads one folder (with ja.json)");
            };
            let data = addresses::parse_addresses_dir(dir)?;
            let engine = open_engine(cli).await?;
            let (m, p) = engine.import_addresses(data).await?;
            eprintln!("imported the address points of {m} municipalities ({p} places)");
            engine.release_writer()?;
            return Ok(());
        }
        Format::Fixtures => {
            let mut parsed = Vec::new();
            for f in files {
                parsed.push((f, fixture::parse_fixture_file(f).map(|(_, f)| f)?));
            }
            let engine = open_engine(cli).await?;
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
            return Ok(());
        }
        Format::MhlwCsv | Format::Kosei | Format::Table => {}
    }
    let bar = progress(files.len() as u64, "reading");
    let batches: Vec<Batch> = match format {
        Format::MhlwCsv => {
            let mut v = Vec::new();
            for f in files {
                v.push(mhlw::parse_mhlw_batch(f)?);
                bar.inc(1);
            }
            v
        }
        Format::Kosei => vec![kosei::parse_kosei_batch(files)?],
        _ => {
            let path = o
                .mapping
                .as_ref()
                .context("`import table` needs --mapping FILE")?;
            let mapping = table::Mapping::read(path)?;
            let mut v = Vec::new();
            for f in files {
                v.push(table::parse_table(f, &mapping)?);
                bar.inc(1);
            }
            v
        }
    };
    bar.finish_and_clear();
    let engine = open_engine(cli).await?;
    for batch in batches {
        let bar = progress(batch.records.len() as u64, "writing");
        let files = batch.files.join(", ");
        let report = engine
            .import(batch, &|k| bar.set_position(k as u64))
            .await?;
        bar.finish_and_clear();
        eprintln!("{files}: {}", report.summary());
    }
    // The next server opens from the snapshot instead of re-deriving what was imported; the
    // import itself is committed whatever happens here. An import that changed no listing
    // (the national file again, unchanged) leaves the snapshot as it is.
    if let Err(e) = engine.save_snapshot_if_stale().await {
        eprintln!(
            "warning: the engine snapshot was not written ({e}); the next start reads the store"
        );
    }
    engine.close_for_exit().await?;
    Ok(())
}

/// This process's resident memory (Linux), for `stats --memory`.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    kb.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|k| k * 1024)
}

async fn open_engine(cli: &Cli) -> anyhow::Result<Engine> {
    Engine::open(&settings(cli))
        .await
        .context("opening the engine")
}

/// Share resolved per level and distance to the files' own points (see `geocode-check`).
async fn geocode_check(cli: &Cli, files: &[PathBuf], show: usize) -> anyhow::Result<()> {
    let engine = open_engine(cli).await?;
    anyhow::ensure!(
        engine.has_addresses(),
        "no address data: run `caremap-indexer import addresses DIR` first"
    );
    let started = std::time::Instant::now();
    let mut levels: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut distances: Vec<f64> = Vec::new();
    let mut rows = 0usize;
    let mut shown = 0usize;
    for f in files {
        for r in mhlw::parse_mhlw_file(f)? {
            rows += 1;
            let line = indexer::ingest::placement::address_line(&r);
            let g = engine.geocode(&line);
            if shown < show
                && g.as_ref()
                    .is_none_or(|g| g.level == model::geocode::GeoLevel::Municipality)
            {
                shown += 1;
                eprintln!("{line}\t{}", g.map_or("-".to_string(), |g| g.matched));
            }
            match engine.geocode(&line) {
                Some(g) => {
                    *levels.entry(g.level.code()).or_default() += 1;
                    if let Some(l) = r.location {
                        distances.push(model::geo::haversine_m(l.point(), g.point()));
                    }
                }
                None => *levels.entry("none").or_default() += 1,
            }
        }
    }
    let elapsed = started.elapsed();
    distances.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        distances
            .get(((distances.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    let share = |n: usize| 100.0 * n as f64 / rows.max(1) as f64;
    let fine = levels.get("town").copied().unwrap_or(0) + levels.get("oaza").copied().unwrap_or(0);
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({
            "rows": rows,
            "levels": levels,
            "town_or_oaza_percent": (share(fine) * 100.0).round() / 100.0,
            "with_official_point": distances.len(),
            "distance_m": {
                "median": pct(0.5).round(),
                "p75": pct(0.75).round(),
                "p90": pct(0.9).round(),
                "p95": pct(0.95).round(),
                "within_400_m_percent": (10_000.0 * distances.iter().filter(|d| **d <= 400.0).count() as f64 / distances.len().max(1) as f64).round() / 100.0,
            },
            "microseconds_per_address": (elapsed.as_micros() as f64 / rows.max(1) as f64 * 10.0).round() / 10.0,
        }))?
    );
    Ok(())
}

fn generate(count: usize, seed: u64, sample: bool, out: Option<&Path>) -> anyhow::Result<()> {
    if sample {
        let dir = out.context("--sample needs --out FOLDER")?;
        std::fs::create_dir_all(dir)?;
        let city = fixtures::sample::sample_city();
        let header = fixture::FixtureHeader {
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
    let header = fixture::FixtureHeader {
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
        Command::Import {
            format,
            files,
            options,
        } => import(&cli, *format, files, options).await?,
        Command::Geocode { address } => {
            let engine = open_engine(&cli).await?;
            match engine.geocode(address) {
                Some(g) => println!("{}", serde_json::to_string_pretty(&g)?),
                None => bail!("no place matches {address:?}"),
            }
        }
        Command::GeocodeCheck { files, show } => geocode_check(&cli, files, *show).await?,
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
        Command::Stats { memory } => {
            let engine = Engine::open(&settings(&cli)).await?;
            let mut out = serde_json::to_value(engine.stats().await?)?;
            if *memory {
                let parts = engine.memory();
                let total: u64 = parts.iter().map(|p| p.bytes).sum();
                out["memory"] = serde_json::json!({
                    "parts": parts,
                    "total_bytes": total,
                    "resident_bytes": resident_bytes(),
                });
            }
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        Command::Search { query, lines } if *lines => {
            if query != "-" {
                bail!("--lines reads the queries from standard input: give - as the query");
            }
            let engine = Engine::open(&settings(&cli)).await?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for (i, line) in std::io::stdin().lines().enumerate() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                let q: SearchQuery = match serde_json::from_str(&line) {
                    Ok(q) => q,
                    Err(e) => bail!("standard input, line {}: invalid query JSON: {e}", i + 1),
                };
                serde_json::to_writer(&mut out, &engine.search(&q)?)?;
                writeln!(out)?;
            }
        }
        Command::Search { query, .. } => {
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

/// Reads a population file: the age table (.xlsx) or the census' small areas (.csv).
fn population_file(path: &Path, census_year: Option<i32>) -> anyhow::Result<PopulationFile> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xls" => {
            let (rows, as_of) = population::parse_juki(path)?;
            Ok(PopulationFile::Municipal { rows, as_of })
        }
        "csv" => {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let from_name = name
                .find("census")
                .and_then(|i| name.get(i + 6..i + 10))
                .and_then(|y| y.parse().ok());
            let Some(year) = census_year.or(from_name) else {
                bail!(
                    "{}: which census is it? Give --census-year (e.g. 2020)",
                    path.display()
                );
            };
            let rows = population::parse_census_small_areas(path)?;
            Ok(PopulationFile::SmallAreas { rows, year })
        }
        _ => bail!(
            "{}: expected the age table (.xlsx) or the census' small areas (.csv)",
            path.display()
        ),
    }
}

/// What a population import wrote, for the person who ran it.
fn print_population_report(path: &Path, r: &PopulationReport) {
    let p = |x: &model::population::Population| {
        format!(
            "{} people, {} aged 65+, {} aged 75+",
            x.total, x.aged_65, x.aged_75
        )
    };
    eprintln!("{}: {}", path.display(), r.source.name);
    eprintln!(
        "  {} areas written ({} of them loaded here); {}",
        r.areas.len(),
        r.areas_loaded,
        p(&r.people)
    );
    if r.small_areas > 0 {
        // Rounded down, so that a share short of everyone never reads 100.0 %.
        let share = |a: u64, b: u64| {
            if b == 0 {
                0.0
            } else {
                (a as f64 * 1000.0 / b as f64).floor() / 10.0
            }
        };
        eprintln!(
            "  {} small areas; joined to an address point: {} ({:.1} % of the people, {:.1} % of those 75+)",
            r.small_areas,
            p(&r.people_joined),
            share(r.people_joined.total, r.people.total),
            share(r.people_joined.aged_75, r.people.aged_75)
        );
        if r.people_nearest.total > 0 {
            eprintln!(
                "  in a gap between the published 日常生活圏域, counted in the nearest one: {}",
                p(&r.people_nearest)
            );
        }
        if !r.unjoined.is_empty() {
            eprintln!(
                "  not joined ({} small areas with people; counted in their municipality only), largest first:",
                r.unjoined.len()
            );
            for a in r.unjoined.iter().take(20) {
                eprintln!(
                    "    {} {}{} ({} people)",
                    a.key, a.municipality, a.name, a.population.total
                );
            }
            if r.unjoined.len() > 20 {
                eprintln!("    … and {} more", r.unjoined.len() - 20);
            }
        }
    }
}
