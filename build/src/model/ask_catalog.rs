//! The [`Catalog`] that `jobforge_core::ask` and `jobforge_core::replay`
//! read, taken from the model's metadata tables (`catalog_tables`,
//! `catalog_columns`, `catalog_relationships`, `lineage`) — the same rows
//! the browser app reads from their parquet files.

use jobforge_core::ask::{Catalog, ColumnMeta, LineageEdge, Relationship, TableMeta};

use crate::model::Gold;
use crate::table::{Kind, Table, TableError, Value};

/// The catalogue of a model that holds the metadata tables
/// (`pipeline::load_with_metadata`).
pub fn catalog(gold: &Gold) -> Result<Catalog, TableError> {
    Ok(Catalog {
        tables: tables(gold.table("catalog_tables")?)?,
        columns: columns(gold.table("catalog_columns")?)?,
        relationships: relationships(gold.table("catalog_relationships")?)?,
        lineage: lineage(gold.table("lineage")?)?,
    })
}

/// A column's cells, read row by row with a typed accessor.
struct Col<'a> {
    table: &'a Table,
    name: &'a str,
    cells: &'a [Value],
}

impl<'a> Col<'a> {
    fn new(table: &'a Table, name: &'a str) -> Result<Col<'a>, TableError> {
        Ok(Col {
            table,
            name,
            cells: table.column(name)?,
        })
    }

    fn wrong(&self, row: usize, kind: Kind) -> TableError {
        TableError::Type {
            table: self.table.name.clone(),
            column: self.name.to_string(),
            value: self.cells[row].clone(),
            kind,
        }
    }

    fn opt_text(&self, row: usize) -> Result<Option<String>, TableError> {
        match &self.cells[row] {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s.clone())),
            _ => Err(self.wrong(row, Kind::Text)),
        }
    }

    fn text(&self, row: usize) -> Result<String, TableError> {
        self.opt_text(row)?.ok_or_else(|| TableError::Null {
            table: self.table.name.clone(),
            column: self.name.to_string(),
            row,
        })
    }

    fn opt_int(&self, row: usize) -> Result<Option<i64>, TableError> {
        match &self.cells[row] {
            Value::Null => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            _ => Err(self.wrong(row, Kind::Int)),
        }
    }

    fn int(&self, row: usize) -> Result<i64, TableError> {
        self.opt_int(row)?.ok_or_else(|| TableError::Null {
            table: self.table.name.clone(),
            column: self.name.to_string(),
            row,
        })
    }

    fn bool(&self, row: usize) -> Result<bool, TableError> {
        match &self.cells[row] {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.wrong(row, Kind::Bool)),
        }
    }
}

fn tables(t: &Table) -> Result<Vec<TableMeta>, TableError> {
    let c = |name| Col::new(t, name);
    let (name, domain, desc_en, desc_fr) = (
        c("table_name")?,
        c("domain")?,
        c("description_en")?,
        c("description_fr")?,
    );
    let (grain_en, grain_fr, rows, cols) = (
        c("grain_en")?,
        c("grain_fr")?,
        c("row_count")?,
        c("column_count")?,
    );
    let (sources, licence, file) = (c("sources")?, c("licence")?, c("file")?);
    (0..t.len())
        .map(|r| {
            Ok(TableMeta {
                table_name: name.text(r)?,
                domain: domain.opt_text(r)?,
                description_en: desc_en.opt_text(r)?,
                description_fr: desc_fr.opt_text(r)?,
                grain_en: grain_en.opt_text(r)?,
                grain_fr: grain_fr.opt_text(r)?,
                row_count: rows.opt_int(r)?,
                column_count: cols.opt_int(r)?,
                sources: sources.text(r)?,
                licence: licence.text(r)?,
                file: file.text(r)?,
            })
        })
        .collect()
}

fn columns(t: &Table) -> Result<Vec<ColumnMeta>, TableError> {
    let c = |name| Col::new(t, name);
    let (table, name, position, data_type) = (
        c("table_name")?,
        c("column_name")?,
        c("position")?,
        c("data_type")?,
    );
    let (nullable, desc_en, desc_fr) = (c("nullable")?, c("description_en")?, c("description_fr")?);
    (0..t.len())
        .map(|r| {
            Ok(ColumnMeta {
                table_name: table.text(r)?,
                column_name: name.text(r)?,
                position: position.int(r)?,
                data_type: data_type.text(r)?,
                nullable: nullable.bool(r)?,
                description_en: desc_en.opt_text(r)?,
                description_fr: desc_fr.opt_text(r)?,
            })
        })
        .collect()
}

fn relationships(t: &Table) -> Result<Vec<Relationship>, TableError> {
    let c = |name| Col::new(t, name);
    let (from_table, from_column, to_table, to_column, cardinality) = (
        c("from_table")?,
        c("from_column")?,
        c("to_table")?,
        c("to_column")?,
        c("cardinality")?,
    );
    (0..t.len())
        .map(|r| {
            Ok(Relationship {
                from_table: from_table.text(r)?,
                from_column: from_column.text(r)?,
                to_table: to_table.text(r)?,
                to_column: to_column.text(r)?,
                cardinality: cardinality.text(r)?,
            })
        })
        .collect()
}

fn lineage(t: &Table) -> Result<Vec<LineageEdge>, TableError> {
    let c = |name| Col::new(t, name);
    let (table, input, kind, transform) = (
        c("table_name")?,
        c("input")?,
        c("input_kind")?,
        c("transform")?,
    );
    (0..t.len())
        .map(|r| {
            Ok(LineageEdge {
                table_name: table.text(r)?,
                input: input.text(r)?,
                input_kind: kind.text(r)?,
                transform: transform.text(r)?,
            })
        })
        .collect()
}
