//! `jobforge query ["SQL" | --file PATH | -] [--data DIR | --sources DIR]
//! [--format table|csv|json] [--timeout SECONDS]`: the SQL console's engine
//! (`jobforge-query`) over the gold parquet tables of a built site, or of a
//! fresh build of the sources.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use jobforge_query::{Database, Position, QueryError, QueryOptions, QueryResult, Table, Value};

/// The default `--timeout`, in seconds: long enough for any query over the
/// gold tables that is not a mistake (the slowest canned question takes
/// well under a second), short enough that an accidental cross join ends.
pub const DEFAULT_TIMEOUT_S: u64 = 60;

/// The SQL text: the argument, or the file of `--file`, or standard input
/// (no argument, or `-`) for SQL too long for a command line.
pub fn read_sql(arg: Option<&str>, file: Option<&Path>) -> Result<String> {
    let sql = match (arg, file) {
        (Some(a), Some(f)) if a != "-" => {
            bail!(
                "give the SQL either as an argument or with --file {}, not both",
                f.display()
            )
        }
        (_, Some(f)) => std::fs::read_to_string(f)
            .with_context(|| format!("reading the SQL from {}", f.display()))?,
        (Some(a), None) if a != "-" => a.to_string(),
        _ => {
            let mut stdin = std::io::stdin();
            if stdin.is_terminal() {
                bail!(
                    "no SQL: give it as an argument, with --file PATH, or on standard input \
                     (`jobforge query - < query.sql`)"
                );
            }
            let mut s = String::new();
            stdin
                .read_to_string(&mut s)
                .context("reading the SQL from standard input")?;
            s
        }
    };
    // A file saved by a Windows editor may start with a BOM.
    let sql = sql
        .strip_prefix('\u{feff}')
        .map_or(sql.clone(), str::to_string);
    if sql.trim().is_empty() {
        bail!("the SQL is empty");
    }
    Ok(sql)
}

/// Runs a query, stopped after `timeout` (none when `None`). The error is
/// the user's message: the SQL's line with a caret, or the time limit.
pub fn run(db: &Database, sql: &str, timeout: Option<Duration>) -> Result<QueryResult> {
    let started = Instant::now();
    let should_stop = || timeout.is_some_and(|t| started.elapsed() >= t);
    db.query_with(sql, &QueryOptions::default(), &should_stop)
        .map_err(|e| match (e, timeout) {
            (QueryError::Cancelled, Some(t)) => anyhow::anyhow!(
                "the query was stopped after {} s, its time limit: \
                 add a filter or a join condition, \
                 or give it more time with --timeout SECONDS (0: no limit)",
                t.as_secs_f64()
            ),
            (e, _) => anyhow::anyhow!(explain_error(sql, &e)),
        })
}

/// `--timeout SECONDS`: 0 means no limit.
pub fn timeout(seconds: u64) -> Option<Duration> {
    (seconds > 0).then(|| Duration::from_secs(seconds))
}
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
