//! `jobforge query "SQL" [--data DIR | --sources DIR] [--format table|csv|json]`:
//! the SQL console's engine (`jobforge-query`) over the gold parquet tables
//! of a built site, or of a fresh build of the sources.

use std::path::Path;

use anyhow::{bail, Context, Result};
use jobforge_query::{Database, Position, QueryError, QueryResult, Table, Value};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// Every `*.parquet` of a folder (a site's `data/`) as a table named after
/// its file.
pub fn load_parquet_dir(dir: &Path) -> Result<Database> {
    let mut db = Database::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("no parquet files in {}", dir.display());
    }
    for p in paths {
        let name = p
            .file_stem()
            .and_then(|s| s.to_str())
            .with_context(|| format!("file name {}", p.display()))?
            .to_string();
        let file = std::fs::File::open(&p).with_context(|| p.display().to_string())?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)
            .with_context(|| p.display().to_string())?;
        let schema = builder.schema().clone();
        let batches = builder
            .build()?
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| p.display().to_string())?;
        db.add(Table::from_record_batches(&name, &schema, &batches)?);
    }
    Ok(db)
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format> {
        Ok(match s {
            "table" => Format::Table,
            "csv" => Format::Csv,
            "json" => Format::Json,
            other => bail!("--format {other:?}: use table, csv or json"),
        })
    }
}

pub fn render(r: &QueryResult, format: Format) -> Result<String> {
    Ok(match format {
        Format::Csv => r.to_csv(),
        Format::Json => serde_json::to_string_pretty(&json(r))? + "\n",
        Format::Table => table(r),
    })
}

/// `{"columns": [...], "rows": [[...]], "truncated": false}`.
pub fn json(r: &QueryResult) -> serde_json::Value {
    let cell = |v: &Value| match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Int(i) => (*i).into(),
        // Non-finite floats have no JSON number: null.
        Value::Float(f) => (*f).into(),
        Value::Text(s) => s.as_ref().into(),
    };
    serde_json::json!({
        "columns": r.columns,
        "rows": r.rows.iter().map(|row| row.iter().map(cell).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "truncated": r.truncated,
    })
}

const MAX_CELL: usize = 48;

/// An aligned text table, numbers to the right, long cells cut.
fn table(r: &QueryResult) -> String {
    let show = |v: &Value| {
        let s = v.to_string().replace(['\n', '\r', '\t'], " ");
        if s.chars().count() > MAX_CELL {
            s.chars().take(MAX_CELL - 1).collect::<String>() + "…"
        } else {
            s
        }
    };
    let cells: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| row.iter().map(show).collect())
        .collect();
    let mut widths: Vec<usize> = r.columns.iter().map(|c| c.chars().count()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let numeric: Vec<bool> = (0..widths.len())
        .map(|i| {
            r.rows.iter().all(|row| {
                matches!(
                    row.get(i),
                    Some(Value::Int(_) | Value::Float(_) | Value::Null)
                )
            })
        })
        .collect();
    let line = |row: &[String]| {
        let mut s = String::new();
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = " ".repeat(w.saturating_sub(c.chars().count()));
            if numeric[i] {
                s += &pad;
                s += c;
            } else {
                s += c;
                s += &pad;
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(&r.columns);
    out += &line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
    for row in &cells {
        out += &line(row);
    }
    out += &format!(
        "({} row{}{})\n",
        r.rows.len(),
        if r.rows.len() == 1 { "" } else { "s" },
        if r.truncated { ", truncated" } else { "" }
    );
    out
}

/// The error, and for errors with a position, the SQL line with a caret
/// under the place.
pub fn explain_error(sql: &str, e: &QueryError) -> String {
    let mut s = e.to_string();
    if let Some(Position { line, column }) = e.position() {
        if let Some(text) = sql.lines().nth((line as usize).saturating_sub(1)) {
            let pad = " ".repeat((column as usize).saturating_sub(1));
            s += &format!("\n  {text}\n  {pad}^");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobforge_query::{Column, DataType};

    #[test]
    fn renders_a_table_and_a_caret() {
        let mut db = Database::new();
        db.add(
            Table::new(
                "t",
                vec![
                    Column::new("name", DataType::Text, vec!["a".into(), Value::Null]),
                    Column::new("n", DataType::Int, vec![Value::Int(10), Value::Int(2)]),
                ],
            )
            .expect("table"),
        );
        let r = db.query("SELECT name, n FROM t ORDER BY n").expect("query");
        assert_eq!(
            render(&r, Format::Table).expect("render"),
            "name   n\n----  --\nNULL   2\na     10\n(2 rows)\n"
        );
        let sql = "SELECT nam\nFROM t";
        let e = db.query(sql).expect_err("unknown column");
        assert!(explain_error(sql, &e).ends_with("\n  SELECT nam\n         ^"));
    }
}
