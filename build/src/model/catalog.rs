//! `catalog_tables` and `catalog_columns`: what every table and column is,
//! in English and French, with figures computed from the data itself.
//!
//! Descriptions live in `content/catalog.toml`, where writers can edit them
//! without touching code; everything else here is measured.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use super::Gold;
use crate::table::{col, Kind, Table, TableBuilder, TableError, Value};

/// The bilingual prose for one table, from `content/catalog.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TableText {
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub description_fr: String,
    #[serde(default)]
    pub grain_en: String,
    #[serde(default)]
    pub grain_fr: String,
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnText>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ColumnText {
    #[serde(default)]
    pub en: String,
    #[serde(default)]
    pub fr: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CatalogText {
    #[serde(default)]
    pub tables: BTreeMap<String, TableText>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Toml { path: String, message: String },
}

impl CatalogText {
    pub fn load(path: &Path) -> Result<CatalogText, CatalogError> {
        let text = std::fs::read_to_string(path).map_err(|e| CatalogError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        crate::content::parse(&text, crate::content::French::Keyed).map_err(|message| {
            CatalogError::Toml {
                path: path.display().to_string(),
                message,
            }
        })
    }

    /// Tables and columns of the build that have no description in either
    /// language, as `table` or `table.column`.
    pub fn missing(&self, gold: &Gold) -> Vec<String> {
        let mut out = Vec::new();
        for t in &gold.tables {
            match self.tables.get(&t.name) {
                None => out.push(t.name.clone()),
                Some(tt) => {
                    if tt.description_en.trim().is_empty() || tt.description_fr.trim().is_empty() {
                        out.push(t.name.clone());
                    }
                    for c in &t.columns {
                        let ok = tt
                            .columns
                            .get(&c.name)
                            .is_some_and(|ct| !ct.en.trim().is_empty() && !ct.fr.trim().is_empty());
                        if !ok {
                            out.push(format!("{}.{}", t.name, c.name));
                        }
                    }
                }
            }
        }
        out
    }
}

/// Where a table came from, for the catalogue's source and licence columns.
#[derive(Debug, Clone, Default)]
pub struct TableOrigin {
    pub sources: BTreeSet<String>,
    pub licences: BTreeSet<String>,
}

/// The written file of a table.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

fn nonempty(s: &str) -> Value {
    Value::text_or_null(s)
}

pub fn tables_table(
    gold: &Gold,
    text: &CatalogText,
    origins: &BTreeMap<String, TableOrigin>,
    files: &BTreeMap<String, FileInfo>,
    extra_names: &[&str],
) -> Result<Table, TableError> {
    let mut b = TableBuilder::new(
        "catalog_tables",
        vec![
            col("table_name", Kind::Text),
            col("domain", Kind::Text).nullable(),
            col("description_en", Kind::Text).nullable(),
            col("description_fr", Kind::Text).nullable(),
            col("grain_en", Kind::Text).nullable(),
            col("grain_fr", Kind::Text).nullable(),
            col("row_count", Kind::Int).nullable(),
            col("column_count", Kind::Int).nullable(),
            col("sources", Kind::Text),
            col("licence", Kind::Text),
            col("file", Kind::Text),
            col("file_bytes", Kind::Int).nullable(),
            col("sha256", Kind::Text).nullable(),
        ],
    );
    let default = TableText::default();
    let derived = TableOrigin {
        sources: ["jobforge".to_string()].into(),
        licences: ["MIT (JobForge build output)".to_string()].into(),
    };
    let mut push =
        |name: &str, rows: Option<usize>, cols: Option<usize>| -> Result<(), TableError> {
            let tt = text.tables.get(name).unwrap_or(&default);
            let origin = origins.get(name).unwrap_or(&derived);
            let file = files.get(name);
            b.push(vec![
                Value::text(name),
                nonempty(&tt.domain),
                nonempty(&tt.description_en),
                nonempty(&tt.description_fr),
                nonempty(&tt.grain_en),
                nonempty(&tt.grain_fr),
                Value::opt_int(rows.map(|r| r as i64)),
                Value::opt_int(cols.map(|c| c as i64)),
                Value::text(origin.sources.iter().cloned().collect::<Vec<_>>().join("|")),
                Value::text(
                    origin
                        .licences
                        .iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("|"),
                ),
                Value::text(format!("data/{name}.parquet")),
                Value::opt_int(file.map(|f| f.bytes as i64)),
                Value::opt_text(file.map(|f| f.sha256.clone())),
            ])
        };
    for t in &gold.tables {
        push(&t.name, Some(t.len()), Some(t.columns.len()))?;
    }
    // The catalogue tables describe themselves too; their own counts and
    // hashes are not knowable inside themselves, so they stay null.
    for name in extra_names {
        push(name, None, None)?;
    }
    Ok(b.finish())
}

/// How many distinct example values a column lists.
const EXAMPLES: usize = 3;
/// Example values are cut to this many characters.
const EXAMPLE_CHARS: usize = 80;

pub fn columns_table(gold: &Gold, text: &CatalogText) -> Result<Table, TableError> {
    let mut b = TableBuilder::new(
        "catalog_columns",
        vec![
            col("table_name", Kind::Text),
            col("column_name", Kind::Text),
            col("position", Kind::Int),
            col("data_type", Kind::Text),
            col("nullable", Kind::Bool),
            col("description_en", Kind::Text).nullable(),
            col("description_fr", Kind::Text).nullable(),
            col("null_count", Kind::Int),
            col("null_pct", Kind::Float),
            col("distinct_count", Kind::Int),
            col("example_values", Kind::Text).nullable(),
        ],
    );
    for t in &gold.tables {
        let tt = text.tables.get(&t.name);
        for (i, (spec, cells)) in t.columns.iter().zip(&t.cells).enumerate() {
            let ct = tt.and_then(|tt| tt.columns.get(&spec.name));
            let nulls = cells.iter().filter(|v| v.is_null()).count();
            let mut distinct = BTreeSet::new();
            let mut examples = Vec::new();
            for v in cells.iter().filter_map(Value::display) {
                if distinct.insert(v.clone()) && examples.len() < EXAMPLES {
                    examples.push(v.chars().take(EXAMPLE_CHARS).collect::<String>());
                }
            }
            let pct = if cells.is_empty() {
                0.0
            } else {
                // Rounded so the figure reads the same in every tool.
                (nulls as f64 * 10000.0 / cells.len() as f64).round() / 100.0
            };
            b.push(vec![
                Value::text(&t.name),
                Value::text(&spec.name),
                Value::Int(i as i64 + 1),
                Value::text(spec.kind.name()),
                Value::Bool(spec.nullable),
                Value::opt_text(ct.map(|c| c.en.clone()).filter(|s| !s.trim().is_empty())),
                Value::opt_text(ct.map(|c| c.fr.clone()).filter(|s| !s.trim().is_empty())),
                Value::Int(nulls as i64),
                Value::Float(pct),
                Value::Int(distinct.len() as i64),
                Value::opt_text((!examples.is_empty()).then(|| examples.join(" | "))),
            ])?;
        }
    }
    Ok(b.finish())
}
