//! `jobforge score --scorer wratio`: one score per `A<TAB>B` input line,
//! with RapidFuzz's `default_process` applied, as RapidFuzz would print it.

use std::io::{BufRead, Write};

use jobforge_core::fuzz::Scorer;

#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    #[error("unknown scorer {0:?}; use one of: ratio, partial_ratio, token_sort_ratio, token_set_ratio, token_ratio, partial_token_sort_ratio, partial_token_set_ratio, partial_token_ratio, qratio, wratio")]
    UnknownScorer(String),
    #[error("stdin:{line}:1: expected two fields separated by a tab")]
    NoTab { line: usize },
    #[error("stdin:{line}: {source}")]
    Io {
        line: usize,
        #[source]
        source: std::io::Error,
    },
}

pub fn run(scorer: &str, input: impl BufRead, mut out: impl Write) -> Result<usize, ScoreError> {
    let s =
        Scorer::from_name(scorer).ok_or_else(|| ScoreError::UnknownScorer(scorer.to_string()))?;
    let mut n = 0;
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(|e| ScoreError::Io {
            line: i + 1,
            source: e,
        })?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let (a, b) = line
            .split_once('\t')
            .ok_or(ScoreError::NoTab { line: i + 1 })?;
        writeln!(out, "{}", s.score(a, b)).map_err(|e| ScoreError::Io {
            line: i + 1,
            source: e,
        })?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_each_line_and_names_bad_lines() {
        let mut out = Vec::new();
        let n = run(
            "wratio",
            "Software engineer\tsoftware engineers\nabc\tabc\n".as_bytes(),
            &mut out,
        )
        .unwrap();
        assert_eq!(n, 2);
        let lines: Vec<f64> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| l.parse().unwrap())
            .collect();
        assert!(lines[0] > 90.0 && lines[0] < 100.0);
        assert_eq!(lines[1], 100.0);
        assert!(matches!(
            run("wratio", "no tab here\n".as_bytes(), Vec::new()),
            Err(ScoreError::NoTab { line: 1 })
        ));
        assert!(matches!(
            run("nope", "".as_bytes(), Vec::new()),
            Err(ScoreError::UnknownScorer(_))
        ));
    }
}
