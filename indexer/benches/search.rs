//! Search-engine benchmarks on the shared workload (`../shared/bench/`).
//!
//! Sets: `54k` (the two real open-data files) and `500k` (`make_sets.py`'s national-scale set in
//! the MHLW layout, `target/bench-data/kaigo_500k.csv`). Each set is imported once into
//! `target/bench-data/caremap-<size>`; the bench then measures the index build (text index from
//! the store, and the in-memory table + R-trees at open), resident memory, per-query latency
//! percentiles over the 1,000 workload queries of each type, and criterion's own statistics.
//!
//!     python3 ../shared/bench/make_sets.py --out target/bench-data --mhlw
//!     cargo bench -p indexer --bench search
//!
//! `CAREMAP_BENCH_SIZES=54k` limits the sizes. Results are printed as a Markdown table.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]

use criterion::Criterion;
use indexer::engine::{Engine, EngineSettings, rebuild_index};
use indexer::import::mhlw;
use model::SearchQuery;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn service_code(v: &Value) -> &'static str {
    match v["service_code"].as_str() {
        Some("130") => "visiting_nursing",
        _ => "care_management",
    }
}

/// Maps one workload line (semantics in ../shared/bench/README.md) to a SearchQuery.
fn to_query(v: &Value) -> (String, SearchQuery) {
    let t = v["type"].as_str().unwrap().to_string();
    let point = json!({"lat": v["lat"], "lng": v["lng"]});
    let q = match t.as_str() {
        "Q1" => {
            json!({"services": [service_code(v)], "near": {"point": point, "radius_m": 3000}, "sort": "distance", "per_page": 20})
        }
        "Q2" => {
            json!({"text": v["text"], "near": {"point": point, "radius_m": 10000}, "sort": "distance", "per_page": 20})
        }
        "Q3" => {
            let b = &v["bbox"];
            json!({"bbox": {"min_lat": b["min_lat"], "min_lng": b["min_lng"], "max_lat": b["max_lat"], "max_lng": b["max_lng"]}, "sort": "id", "per_page": 200})
        }
        "Q4" => json!({"text": v["text"], "sort": "id", "per_page": 20}),
        _ => {
            json!({"municipality": v["muni_code"], "services": [service_code(v)], "sort": "name", "per_page": 20})
        }
    };
    (t, serde_json::from_value(q).unwrap())
}

struct Prepared {
    engine: Engine,
    import_s: Option<f64>,
    text_build_s: f64,
    open_s: f64,
    rss_mib: f64,
}

fn prepare(rt: &tokio::runtime::Runtime, size: &str) -> Prepared {
    let base = workspace().join("target/bench-data");
    let dir = base.join(format!("caremap-{size}"));
    let settings = EngineSettings::for_data_dir(&dir);
    let files: Vec<PathBuf> = if size == "54k" {
        let real = workspace().join("../shared/data/real");
        vec![
            real.join("kaigo_130_houmonkango.csv"),
            real.join("kaigo_430_kyotaku.csv"),
        ]
    } else {
        let f = base.join("kaigo_500k.csv");
        assert!(
            f.exists(),
            "run: python3 ../shared/bench/make_sets.py --out target/bench-data --mhlw"
        );
        vec![f]
    };
    let mut import_s = None;
    // A fresh checkout has no data folder yet (the store file goes inside it).
    std::fs::create_dir_all(&dir).expect("the bench data folder");
    rt.block_on(async {
        // Only a count: a full open here would leave its memory (and allocator state) in the
        // process that is measured below.
        let stored = indexer::store::Store::connect(&settings.database_url)
            .await
            .unwrap()
            .count_facilities()
            .await
            .unwrap();
        if stored == 0 {
            let engine = Engine::open(&settings).await.unwrap();
            let t = Instant::now();
            for f in &files {
                engine
                    .upsert(mhlw::parse_mhlw_file(f).unwrap())
                    .await
                    .unwrap();
            }
            import_s = Some(t.elapsed().as_secs_f64());
            engine.release_writer().unwrap();
        }
    });
    let t = Instant::now();
    rt.block_on(rebuild_index(&settings)).unwrap();
    let text_build_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let engine = rt.block_on(Engine::open(&settings)).unwrap();
    let open_s = t.elapsed().as_secs_f64();
    Prepared {
        engine,
        import_s,
        text_build_s,
        open_s,
        rss_mib: rss_mib(),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let sizes = std::env::var("CAREMAP_BENCH_SIZES").unwrap_or_else(|_| "54k,500k".into());
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut report = String::new();
    for size in sizes.split(',') {
        let p = prepare(&rt, size);
        let stats = rt.block_on(p.engine.stats()).unwrap();
        let workload = std::fs::read_to_string(
            workspace().join(format!("../shared/bench/workload_{size}.jsonl")),
        )
        .unwrap();
        let queries: Vec<(String, SearchQuery)> = workload
            .lines()
            .map(|l| to_query(&serde_json::from_str(l).unwrap()))
            .collect();
        report.push_str(&format!(
            "\n### {size}: {} listings\n\nimport (store + index): {}; text index build: {:.1} s; engine open (store load, in-memory table, R-trees, reconcile): {:.1} s; resident memory after open: {:.0} MiB\n\n| type | p50 ms | p99 ms | max ms | mean hits | mean total |\n|---|---|---|---|---|---|\n",
            stats.facilities,
            p.import_s.map(|s| format!("{s:.1} s")).unwrap_or_else(|| "(already imported)".into()),
            p.text_build_s,
            p.open_s,
            p.rss_mib
        ));
        for ty in ["Q1", "Q2", "Q3", "Q4", "Q5"] {
            let qs: Vec<&SearchQuery> = queries
                .iter()
                .filter(|(t, _)| t == ty)
                .map(|(_, q)| q)
                .collect();
            // Warm-up pass, then three timed passes.
            let mut hits = 0usize;
            let mut totals = 0u64;
            for q in &qs {
                let r = p.engine.search(q).unwrap();
                hits += r.hits.len();
                totals += r.total;
            }
            let mut ms = Vec::with_capacity(qs.len() * 3);
            for _ in 0..3 {
                for q in &qs {
                    let t = Instant::now();
                    let r = p.engine.search(q).unwrap();
                    ms.push(t.elapsed().as_secs_f64() * 1000.0);
                    std::hint::black_box(r);
                }
            }
            ms.sort_by(f64::total_cmp);
            report.push_str(&format!(
                "| {ty} | {:.3} | {:.3} | {:.3} | {:.1} | {:.0} |\n",
                percentile(&ms, 0.5),
                percentile(&ms, 0.99),
                ms[ms.len() - 1],
                hits as f64 / qs.len() as f64,
                totals as f64 / qs.len() as f64
            ));
            let mut group = criterion.benchmark_group(format!("search_{size}"));
            let mut i = 0usize;
            group.bench_function(ty, |b| {
                b.iter(|| {
                    i = (i + 1) % qs.len();
                    p.engine.search(qs[i]).unwrap()
                })
            });
            group.finish();
        }
        p.engine.release_writer().unwrap();
    }
    println!("{report}");
    let out = workspace().join("target/bench-results.md");
    std::fs::write(&out, &report).unwrap();
    eprintln!("written to {}", out.display());
}
