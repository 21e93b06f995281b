//! Parity of `jobforge_core::fuzz` with Python RapidFuzz.
//!
//! The expected values in `tests/data/fuzz_vectors.jsonl.gz` (scorers with
//! `processor=rapidfuzz.utils.default_process`) and
//! `tests/data/fuzz_vectors_raw.jsonl.gz` (no processor) come from RapidFuzz
//! itself. To regenerate them, from the repository root:
//!
//! ```sh
//! pip install rapidfuzz==3.14.6
//! python3 tools/gen_fuzz_vectors.py            # vectors
//! python3 tools/gen_fuzz_vectors.py --tables   # also core/src/fuzz/process_table.rs
//! ```
//!
//! Each file is gzipped JSON lines (2.6 MB of text otherwise): a header
//! object naming the columns, then one JSON array per line in that order.

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;

use flate2::read::GzDecoder;

use jobforge_core::fuzz::{default_process, default_process_chars, CachedScorer, Scorer};
use serde_json::Value;

const TOLERANCE: f64 = 1e-6;
/// Cutoffs at which the `score_cutoff` contract is checked.
const CUTOFFS: [f64; 4] = [30.0, 75.0, 90.0, 97.5];
/// How many mismatches to print before giving up on detail.
const REPORT_LIMIT: usize = 25;

struct Vectors {
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
}

fn load(name: &str) -> Vectors {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", name]
        .iter()
        .collect();
    let mut text = String::new();
    File::open(&path)
        .map(GzDecoder::new)
        .and_then(|mut gz| gz.read_to_string(&mut text))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Value =
        serde_json::from_str(lines.next().expect("empty vector file")).expect("header is not JSON");
    assert_eq!(
        header["rapidfuzz"], "3.14.6",
        "vectors from another RapidFuzz"
    );
    let columns = header["columns"]
        .as_array()
        .expect("header has no columns")
        .iter()
        .map(|c| c.as_str().expect("column name").to_string())
        .collect();
    let rows = lines
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str::<Vec<Value>>(line)
                .unwrap_or_else(|e| panic!("{name} line {}: {e}", i + 2))
        })
        .collect();
    Vectors { columns, rows }
}

fn text(v: &Value) -> &str {
    v.as_str().expect("string column")
}

fn check(file: &str, processed: bool) {
    let vectors = load(file);
    let column = |name: &str| {
        vectors
            .columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("{file} has no column {name}"))
    };
    let (col_a, col_b) = (column("a"), column("b"));
    let scorers: Vec<(Scorer, usize)> =
        Scorer::ALL.iter().map(|&s| (s, column(s.name()))).collect();

    let mut failures = Vec::new();
    let mut checked = 0usize;
    for (line, row) in vectors.rows.iter().enumerate() {
        let (a, b) = (text(&row[col_a]), text(&row[col_b]));
        if processed {
            for (input, col) in [(a, "default_process(a)"), (b, "default_process(b)")] {
                let expected = text(&row[column(col)]);
                let got = default_process(input);
                checked += 1;
                if got != expected {
                    failures.push(format!(
                        "line {}: default_process({input:?}) = {got:?}, RapidFuzz {expected:?}",
                        line + 2
                    ));
                }
            }
        }
        let (pa, pb): (Vec<char>, Vec<char>) = if processed {
            (default_process_chars(a), default_process_chars(b))
        } else {
            (a.chars().collect(), b.chars().collect())
        };
        for &(scorer, col) in &scorers {
            let expected = row[col].as_f64().expect("score column");
            let got = if processed {
                scorer.score(a, b)
            } else {
                scorer.score_processed(a, b)
            };
            checked += 1;
            if (got - expected).abs() > TOLERANCE {
                failures.push(format!(
                    "line {}: {scorer}({a:?}, {b:?}) = {got}, RapidFuzz {expected}",
                    line + 2
                ));
            }

            // The cached query must agree with the one-off scorer.
            let cached = CachedScorer::from_chars(scorer, pa.clone()).score_chars(&pb);
            checked += 1;
            if (cached - expected).abs() > TOLERANCE {
                failures.push(format!(
                    "line {}: cached {scorer}({a:?}, {b:?}) = {cached}, RapidFuzz {expected}",
                    line + 2
                ));
            }

            // RapidFuzz's score_cutoff contract: the score if it reaches the
            // cutoff, else 0 (undecided within rounding of the cutoff).
            for cutoff in CUTOFFS {
                let got = scorer.score_chars_with_cutoff(&pa, &pb, cutoff);
                checked += 1;
                let ok = if expected >= cutoff + TOLERANCE {
                    (got - expected).abs() <= TOLERANCE
                } else if expected <= cutoff - TOLERANCE {
                    got == 0.0
                } else {
                    got == 0.0 || (got - expected).abs() <= TOLERANCE
                };
                if !ok {
                    failures.push(format!(
                        "line {}: {scorer}({a:?}, {b:?}, score_cutoff={cutoff}) = {got}, \
                         RapidFuzz without cutoff {expected}",
                        line + 2
                    ));
                }
            }
        }
    }

    assert!(
        vectors.rows.len() >= 1000,
        "{file}: only {} vectors",
        vectors.rows.len()
    );
    if !failures.is_empty() {
        let shown: Vec<&str> = failures
            .iter()
            .take(REPORT_LIMIT)
            .map(String::as_str)
            .collect();
        panic!(
            "{file}: {} of {checked} checks differ from RapidFuzz (first {}):\n{}",
            failures.len(),
            shown.len(),
            shown.join("\n")
        );
    }
}

#[test]
fn processed_scores_match_rapidfuzz() {
    check("fuzz_vectors.jsonl.gz", true);
}

#[test]
fn raw_scores_match_rapidfuzz() {
    check("fuzz_vectors_raw.jsonl.gz", false);
}
