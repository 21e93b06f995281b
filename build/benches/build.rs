//! Benchmarks of the whole build and of parquet writing, each against a
//! named alternative measured in the same run:
//! - `full_build/jobforge` (ingest + model + parquet + catalogue + lineage)
//!   vs `full_build/csv_parse_only`: the csv crate reading every CSV/TSV
//!   source with no checks and no output, the floor any reader must pay;
//! - `parquet_write/snappy` (what the build writes) vs
//!   `parquet_write/uncompressed`, over all gold tables.
//!
//! Run: `cargo bench -p jobforge --bench build` (sources from
//! `$JOBFORGE_SOURCES` or `../shared/data`).

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use jobforge::emit::parquet::encode_with;
use jobforge::ingest::{self, Ingest};
use jobforge::pipeline::{self, BuildOptions};
use parquet::basic::Compression;

fn sources() -> PathBuf {
    std::env::var_os("JOBFORGE_SOURCES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

fn csv_parse_only(root: &Path) -> usize {
    let mut rows = 0;
    for dir in std::fs::read_dir(root).expect("sources") {
        let dir = dir.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).expect("dir") {
            let p = f.expect("entry").path();
            let delim = match p.extension().and_then(|e| e.to_str()) {
                Some("csv") => b',',
                Some("txt") => b'\t',
                _ => continue,
            };
            let mut r = csv::ReaderBuilder::new()
                .delimiter(delim)
                .flexible(true)
                .from_path(&p)
                .expect("open");
            rows += r.byte_records().filter(Result::is_ok).count();
        }
    }
    rows
}

fn bench(c: &mut Criterion) {
    let src = sources();
    let out = tempfile::tempdir().expect("tempdir");
    let opts = BuildOptions {
        sources: src.clone(),
        out: out.path().to_path_buf(),
        job_architecture: None,
        verify: true,
        content: Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"),
        source_date_epoch: 0,
        progress: false,
        llm: None,
        onet: None,
        app: None,
        index_cache: None,
    };
    let mut g = c.benchmark_group("full_build");
    g.sample_size(10);
    g.bench_function("jobforge", |b| {
        b.iter(|| pipeline::run(&opts).expect("build"))
    });
    g.bench_function("csv_parse_only", |b| b.iter(|| csv_parse_only(&src)));
    g.finish();

    let gold = ingest::read_all(&mut Ingest::new(&src)).expect("ingest");
    let mut g = c.benchmark_group("parquet_write");
    g.sample_size(10);
    for (name, codec) in [
        ("snappy", Compression::SNAPPY),
        ("uncompressed", Compression::UNCOMPRESSED),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                gold.tables
                    .iter()
                    .map(|t| encode_with(t, codec).expect("encode").len())
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
