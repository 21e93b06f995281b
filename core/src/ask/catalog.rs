//! The catalogue and lineage as the build publishes them.
//!
//! Each struct mirrors one row of a gold metadata table (`catalog_tables`,
//! `catalog_columns`, `catalog_relationships`, `lineage`) field for field,
//! with the parquet types, so the CLI fills it from the model and the
//! browser app from the published parquet without a translation layer.
//! Columns of those tables that questions never need (null counts, file
//! hashes, orphan keys) are left out.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Everything [`crate::ask::answer`] and [`crate::replay::events`] read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub tables: Vec<TableMeta>,
    pub columns: Vec<ColumnMeta>,
    pub relationships: Vec<Relationship>,
    pub lineage: Vec<LineageEdge>,
}

/// A row of `catalog_tables`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableMeta {
    pub table_name: String,
    pub domain: Option<String>,
    pub description_en: Option<String>,
    pub description_fr: Option<String>,
    pub grain_en: Option<String>,
    pub grain_fr: Option<String>,
    /// Null for `catalog_tables` itself, which cannot count its own rows.
    pub row_count: Option<i64>,
    pub column_count: Option<i64>,
    /// Source ids separated by `|` (`esdc-cops-2024-2033|statcan-noc-2021`);
    /// `jobforge` for tables the build derives.
    pub sources: String,
    pub licence: String,
    /// The parquet file, relative to the output folder (`data/dim_noc.parquet`).
    pub file: String,
}

impl TableMeta {
    /// The source ids of [`TableMeta::sources`].
    pub fn source_ids(&self) -> impl Iterator<Item = &str> {
        self.sources
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// A row of `catalog_columns`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnMeta {
    pub table_name: String,
    pub column_name: String,
    /// 1-based.
    pub position: i64,
    /// Arrow type name (`utf8`, `int64`, `float64`, `bool`).
    pub data_type: String,
    pub nullable: bool,
    pub description_en: Option<String>,
    pub description_fr: Option<String>,
}

/// A row of `catalog_relationships`: `from_table.from_column` references
/// `to_table.to_column`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Relationship {
    pub from_table: String,
    pub from_column: String,
    pub to_table: String,
    pub to_column: String,
    /// `1:1` or `*:1`.
    pub cardinality: String,
}

/// A row of `lineage`: `table_name` is made from `input` by `transform`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineageEdge {
    pub table_name: String,
    /// A source file (`source_id/file name`) or another table.
    pub input: String,
    /// `file` or `table`.
    pub input_kind: String,
    pub transform: String,
}

impl LineageEdge {
    pub fn is_file(&self) -> bool {
        self.input_kind == "file"
    }

    /// The source id of a file input: the folder before the first `/`.
    pub fn source_id(&self) -> Option<&str> {
        self.is_file()
            .then(|| self.input.split('/').next().unwrap_or(&self.input))
    }
}

impl Catalog {
    pub fn table(&self, name: &str) -> Option<&TableMeta> {
        self.tables.iter().find(|t| t.table_name == name)
    }

    /// Every table the catalogue or the lineage names, once: catalogue order
    /// first, then the names only the lineage knows, sorted, so that callers
    /// never miss a table the two metadata tables disagree about.
    pub fn table_names(&self) -> Vec<&str> {
        let mut seen = BTreeSet::new();
        let mut out: Vec<&str> = Vec::new();
        for t in &self.tables {
            if seen.insert(t.table_name.as_str()) {
                out.push(&t.table_name);
            }
        }
        let mut extra = BTreeSet::new();
        for e in &self.lineage {
            extra.insert(e.table_name.as_str());
            if !e.is_file() {
                extra.insert(e.input.as_str());
            }
        }
        out.extend(extra.into_iter().filter(|n| seen.insert(n)));
        out
    }

    /// The columns of a table, by position.
    pub fn columns_of(&self, table: &str) -> Vec<&ColumnMeta> {
        let mut cols: Vec<&ColumnMeta> = self
            .columns
            .iter()
            .filter(|c| c.table_name == table)
            .collect();
        cols.sort_by_key(|c| c.position);
        cols
    }

    /// The lineage rows that make `table`.
    pub fn inputs_of(&self, table: &str) -> Vec<&LineageEdge> {
        self.lineage
            .iter()
            .filter(|e| e.table_name == table)
            .collect()
    }

    /// Table → the tables it reads (no files, no self-loops), sorted.
    pub fn table_inputs(&self) -> BTreeMap<&str, BTreeSet<&str>> {
        let mut m: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for e in &self.lineage {
            if !e.is_file() && e.input != e.table_name {
                m.entry(&e.table_name).or_default().insert(&e.input);
            }
        }
        m
    }
}
