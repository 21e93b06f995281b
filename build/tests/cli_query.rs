//! `jobforge query` as a user runs it: the binary over a folder of parquet
//! files written here (no build of the sources needed), with the SQL from
//! the argument, `--file` or standard input, a time limit, and a reader
//! that closes the pipe early.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow_array::{ArrayRef, Int64Array, RecordBatch};
use parquet::arrow::ArrowWriter;

/// `t(x)` with x = 0..rows, as `<dir>/t.parquet`.
fn write_table(dir: &Path, rows: i64) {
    let x: ArrayRef = Arc::new(Int64Array::from_iter_values(0..rows));
    let batch = RecordBatch::try_from_iter([("x", x)]).expect("batch");
    let file = std::fs::File::create(dir.join("t.parquet")).expect("create");
    let mut w = ArrowWriter::try_new(file, batch.schema(), None).expect("writer");
    w.write(&batch).expect("write");
    w.close().expect("close");
}

fn data(rows: i64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write_table(dir.path(), rows);
    dir
}

fn jobforge(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jobforge"));
    c.arg("query").arg("--data").arg(dir);
    c
}

fn run(mut c: Command, stdin: Option<&str>) -> Output {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn jobforge");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("wait")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const COUNT: &str = "SELECT count(*) AS n, sum(x) AS s FROM t";

#[test]
fn sql_from_the_argument_a_file_or_standard_input() {
    let d = data(10);
    // CSV as RFC 4180 writes it: CRLF line ends.
    let expected = "n,s\r\n10,45\r\n";

    let mut c = jobforge(d.path());
    c.args(["--format", "csv", COUNT]);
    let o = run(c, None);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), expected);

    let sql = d.path().join("q.sql");
    std::fs::write(&sql, format!("\u{feff}-- a comment\r\n{COUNT}\r\n")).expect("write sql");
    let mut c = jobforge(d.path());
    c.args(["--format", "csv", "--file"]).arg(&sql);
    let o = run(c, None);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), expected);

    let mut c = jobforge(d.path());
    c.args(["--format", "csv", "-"]);
    let o = run(c, Some(COUNT));
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), expected);

    // No argument at all: standard input too.
    let mut c = jobforge(d.path());
    c.args(["--format", "csv"]);
    let o = run(c, Some(COUNT));
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), expected);

    // A long query, beyond what a command line comfortably takes.
    let long = format!(
        "SELECT count(*) AS n FROM t WHERE x IN ({})",
        (0..20_000)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut c = jobforge(d.path());
    c.args(["--format", "csv"]);
    let o = run(c, Some(&long));
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "n\r\n10\r\n");

    // An empty input and two sources are errors.
    let o = run(jobforge(d.path()), Some("  \n"));
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("empty"), "{}", text(&o.stderr));
    let mut c = jobforge(d.path());
    c.arg(COUNT).arg("--file").arg(&sql);
    let o = run(c, None);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("not both"), "{}", text(&o.stderr));
}

#[test]
fn a_deep_query_is_an_error_not_a_crash() {
    let d = data(3);
    let mut c = jobforge(d.path());
    c.arg(format!("SELECT {} AS x", vec!["1"; 5000].join("+")));
    let o = run(c, None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("nests 5000 levels deep; the limit is 200"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn a_slow_query_stops_at_its_time_limit() {
    let d = data(30_000);
    // 900 M pairs through a nested loop: minutes of work.
    let slow = "SELECT count(*) AS n FROM t a JOIN t b ON a.x + b.x < 0";
    let mut c = jobforge(d.path());
    c.args(["--timeout", "1", slow]);
    let started = Instant::now();
    let o = run(c, None);
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("stopped after 1 s"), "{err}");
    assert!(err.contains("--timeout"), "{err}");
    assert!(o.stdout.is_empty());
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[test]
fn a_reader_that_stops_early_ends_the_program_quietly() {
    let d = data(1000);
    // 100,000 rows (the answer's bound), megabytes: more than a pipe holds.
    let mut c = jobforge(d.path());
    c.args(["--format", "csv", "SELECT a.x, b.x AS y FROM t a, t b"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn jobforge");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("first line");
    // The reader is dropped here, as `head -1` exits.
    assert_eq!(first, "x,y\r\n");
    let o = child.wait_with_output().expect("wait");
    let err = text(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}
