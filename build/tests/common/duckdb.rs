//! DuckDB as the reference for the SQL engine and the data questions: the
//! helper script runs queries over a built site's parquet, and [`same`]
//! compares one of our cells with DuckDB's JSON cell.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use jobforge_query::Value;

/// DuckDB's answers to `sqls` over the parquet in `data`, one JSON object
/// per query (`{"columns", "rows"}` or `{"error"}`).
pub fn run(data: &Path, sqls: &[&str]) -> Vec<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/query/duckdb_query.py");
    let mut child = Command::new("python3")
        .arg(&script)
        .arg(data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("python3 is needed to compare with DuckDB ({e}); install python3 and `pip install duckdb`")
        });
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(sqls).expect("json").as_bytes())
        .expect("write the queries");
    let out = child.wait_with_output().expect("python3");
    assert!(
        out.status.success(),
        "the DuckDB helper failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the helper's JSON")
}

pub fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Our cell equals DuckDB's: integers exactly (or within 1e-9 when DuckDB
/// gives a float), floats within 1e-9, and DuckDB's "nan"/"inf" strings.
pub fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (ours, theirs) {
        (Value::Null, J::Null) => true,
        (Value::Bool(a), J::Bool(b)) => a == b,
        (Value::Text(a), J::String(b)) => a.as_ref() == b,
        (Value::Int(a), J::Number(b)) => match b.as_i64() {
            Some(b) => *a == b,
            None => b.as_f64().is_some_and(|b| close(*a as f64, b)),
        },
        (Value::Float(a), J::Number(b)) => b.as_f64().is_some_and(|b| close(*a, b)),
        (Value::Float(a), J::String(s)) => match s.as_str() {
            "nan" => a.is_nan(),
            "inf" => *a == f64::INFINITY,
            "-inf" => *a == f64::NEG_INFINITY,
            _ => false,
        },
        _ => false,
    }
}
