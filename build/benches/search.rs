//! Free-text search benchmarks, each against a named alternative in the
//! same run:
//! - `search_query_x50/model` (`SearchIndex::search`, top 5, with matched titles
//!   and explanations) vs `search_query_x50/wratio_bruteforce`: exact RapidFuzz
//!   WRatio (`jobforge_core::fuzz`) over every OaSIS title, keeping the best
//!   50 like `process.extract(limit=50)`;
//! - `code_10k/two_threads`: batch coding of 10,000 titles (`jobforge code`)
//!   vs `code_10k/one_thread`.
//!
//! Queries are every 37th OaSIS example title (the same ones
//! `tools/bench_rapidfuzz.py` times in Python). Run:
//! `cargo bench -p jobforge --bench search`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use jobforge::cli::code::{self, CodeArgs};
use jobforge_core::fuzz::{default_process, CachedScorer, Scorer};
use jobforge_core::search::{SearchConfig, SearchIndex};

fn sources() -> PathBuf {
    std::env::var_os("JOBFORGE_SOURCES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

fn bench(c: &mut Criterion) {
    let gold = jobforge::pipeline::load(&sources(), None, true).expect("sources");
    let data = jobforge::search_data::gather(&gold).expect("search data");
    let t = Instant::now();
    let index = SearchIndex::build(
        &data.entries,
        data.unit_groups.clone(),
        &SearchConfig::default(),
    )
    .expect("index");
    eprintln!("index built in {:.1} s", t.elapsed().as_secs_f64());
    let bytes = index.to_bytes().expect("encode");
    // WIQ_SEARCH_INDEX_OUT=path keeps the encoded index (to measure its
    // brotli size).
    if let Some(p) = std::env::var_os("WIQ_SEARCH_INDEX_OUT") {
        std::fs::write(p, &bytes).expect("write index");
    }
    let t = Instant::now();
    let _ = SearchIndex::from_bytes(&bytes).expect("decode");
    eprintln!(
        "index: {} bytes, decoded in {:.1} ms",
        bytes.len(),
        t.elapsed().as_secs_f64() * 1e3
    );

    let ex = gold.get("element_example_titles").expect("table");
    let titles: Vec<&str> = ex
        .text_column("job_title")
        .expect("col")
        .into_iter()
        .flatten()
        .collect();
    let queries: Vec<&str> = titles.iter().step_by(37).copied().collect();
    let choices: Vec<Vec<char>> = titles
        .iter()
        .map(|t| default_process(t).chars().collect())
        .collect();

    // Median single-query latency, printed once (criterion reports means).
    let mut lat: Vec<f64> = queries
        .iter()
        .map(|q| {
            let t = Instant::now();
            std::hint::black_box(index.search(q, 5));
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    lat.sort_by(f64::total_cmp);
    eprintln!(
        "model: median {:.3} ms/query over {} queries",
        lat[lat.len() / 2],
        lat.len()
    );

    // Brute-force WRatio costs tens of ms per query: both sides of the
    // comparison run the same first 50 queries.
    let few = &queries[..50.min(queries.len())];
    let mut g = c.benchmark_group("search_query_x50");
    g.sample_size(10);
    g.bench_function("model", |b| {
        b.iter(|| {
            for q in few {
                std::hint::black_box(index.search(q, 5));
            }
        })
    });
    g.bench_function("wratio_bruteforce", |b| {
        b.iter(|| {
            for q in few {
                let s = CachedScorer::new(Scorer::WRatio, q);
                std::hint::black_box(s.extract(choices.iter().map(Vec::as_slice), 50));
            }
        })
    });
    g.finish();

    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("titles.csv");
    let mut csv = String::from("id,title\n");
    for i in 0..10_000 {
        csv += &format!(
            "{i},\"{}\"\n",
            queries[i % queries.len()].replace('"', "\"\"")
        );
    }
    std::fs::write(&input, csv).expect("write");
    let output = dir.path().join("coded.csv");
    let mut g = c.benchmark_group("code_10k");
    g.sample_size(10);
    for (name, threads) in [("two_threads", 2), ("one_thread", 1)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let args = CodeArgs {
                    input: &input,
                    output: &output,
                    title_column: "title",
                    unit_group_column: None,
                    threads,
                    bom: false,
                };
                code::run(&index, None, &args).expect("code")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
