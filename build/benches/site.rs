//! Benchmark of the full site render (every page, feed and asset of both
//! languages, in memory), against a named alternative in the same run:
//! - `site_render/with_lineage_svg`: what the build renders (with the
//!   compliance pages, from the build's `data/compliance/*.json`);
//! - `site_render/without_lineage_svg`: the same site without the per-table
//!   lineage diagram, to show what drawing it costs.
//!
//! The tables are those of a real build, read back from its parquet files:
//! the site emitter reads only tables, so this is exactly its input.
//! Run: `cargo bench -p jobforge --bench site` (sources from
//! `$JOBFORGE_SOURCES` or `../shared/data`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{Array, BooleanArray, Float64Array, Int64Array, StringArray};
use arrow_schema::DataType;
use criterion::{criterion_group, criterion_main, Criterion};
use jobforge::emit::site::{self, config, SiteInput};
use jobforge::model::catalog::FileInfo;
use jobforge::model::Gold;
use jobforge::pipeline::{self, BuildOptions};
use jobforge::table::{ColumnSpec, Kind, Table, Value};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use sha2::{Digest, Sha256};

fn sources() -> PathBuf {
    std::env::var_os("JOBFORGE_SOURCES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

fn read_table(path: &Path, name: &str) -> Table {
    let file = std::fs::File::open(path).expect("parquet");
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("footer")
        .build()
        .expect("reader");
    let mut table: Option<Table> = None;
    for batch in reader {
        let batch = batch.expect("batch");
        let t = table.get_or_insert_with(|| Table {
            name: name.to_string(),
            columns: batch
                .schema()
                .fields()
                .iter()
                .map(|f| ColumnSpec {
                    name: f.name().clone(),
                    kind: match f.data_type() {
                        DataType::Int64 => Kind::Int,
                        DataType::Float64 => Kind::Float,
                        DataType::Boolean => Kind::Bool,
                        _ => Kind::Text,
                    },
                    nullable: f.is_nullable(),
                })
                .collect(),
            cells: vec![Vec::new(); batch.num_columns()],
        });
        for (c, col) in batch.columns().iter().enumerate() {
            let col: &Arc<dyn Array> = col;
            for r in 0..col.len() {
                let v = if col.is_null(r) {
                    Value::Null
                } else if let Some(a) = col.as_any().downcast_ref::<StringArray>() {
                    Value::Text(a.value(r).to_string())
                } else if let Some(a) = col.as_any().downcast_ref::<Int64Array>() {
                    Value::Int(a.value(r))
                } else if let Some(a) = col.as_any().downcast_ref::<Float64Array>() {
                    Value::Float(a.value(r))
                } else if let Some(a) = col.as_any().downcast_ref::<BooleanArray>() {
                    Value::Bool(a.value(r))
                } else {
                    Value::Null
                };
                t.cells[c].push(v);
            }
        }
    }
    table.expect("a table with rows")
}

/// Every table of a build, in catalogue order, with its parquet file.
fn load(data: &Path) -> (Gold, BTreeMap<String, FileInfo>) {
    let catalog = read_table(&data.join("catalog_tables.parquet"), "catalog_tables");
    let names: Vec<String> = catalog
        .text_column("table_name")
        .expect("table_name")
        .into_iter()
        .flatten()
        .map(str::to_string)
        .collect();
    let mut gold = Gold::default();
    let mut files = BTreeMap::new();
    for name in names {
        let path = data.join(format!("{name}.parquet"));
        let bytes = std::fs::read(&path).expect("parquet bytes");
        files.insert(
            name.clone(),
            FileInfo {
                path: format!("data/{name}.parquet"),
                bytes: bytes.len() as u64,
                sha256: hex::encode(Sha256::digest(&bytes)),
            },
        );
        gold.add(read_table(&path, &name));
    }
    (gold, files)
}

fn bench(c: &mut Criterion) {
    let out = tempfile::tempdir().expect("tempdir");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let opts = BuildOptions {
        sources: sources(),
        out: out.path().to_path_buf(),
        job_architecture: None,
        verify: true,
        content: content.clone(),
        source_date_epoch: 0,
        progress: false,
        llm: None,
        onet: None,
        app: None,
        index_cache: None,
    };
    pipeline::run(&opts).expect("build");
    let (gold, parquet) = load(&out.path().join("data"));
    let csv: BTreeMap<String, FileInfo> = site::csv_copies(&gold)
        .into_iter()
        .map(|(t, _, info)| (t, info))
        .collect();
    let (en, fr) = config::strings(&content).expect("site strings");
    let with = config::settings(&content).expect("site settings");
    let mut without = with.clone();
    without.lineage_svg = false;
    // The compliance results, as the build wrote them.
    let compliance: Vec<jobforge::compliance::Framework> = jobforge::compliance::FRAMEWORKS
        .into_iter()
        .map(|name| {
            let path = out.path().join(jobforge::compliance::json_path(name));
            let text = std::fs::read_to_string(&path).expect("compliance JSON");
            (name, serde_json::from_str(&text).expect("compliance JSON"))
        })
        .collect();
    let input = SiteInput {
        tables: &gold,
        parquet: &parquet,
        build_id: "bench",
        source_date_epoch: 0,
        compliance: &compliance,
        app: None,
    };
    let pages = site::render(&input, &csv, &with, &en, &fr).expect("render");
    eprintln!(
        "site: {} HTML files, {} files, {} bytes",
        pages.counts.html,
        pages.files.len(),
        pages.files.iter().map(|f| f.1.len()).sum::<usize>()
    );

    let mut g = c.benchmark_group("site_render");
    g.sample_size(10);
    for (name, config) in [
        ("with_lineage_svg", &with),
        ("without_lineage_svg", &without),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                site::render(&input, &csv, config, &en, &fr)
                    .expect("render")
                    .counts
                    .html
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
