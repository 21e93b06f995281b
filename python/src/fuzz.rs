//! `wiq.fuzz`: RapidFuzz 3.14's scorers from `jobforge_core::fuzz`, the
//! code `jobforge score` and the resolver run.

use jobforge_core::fuzz::{default_process, Scorer};
use pyo3::prelude::*;

/// `scorer(a, b, processed, score_cutoff)`: `processed` applies RapidFuzz's
/// `default_process` to both strings first (`processor=default_process`).
#[pyfunction]
#[pyo3(signature = (scorer, a, b, processed=false, score_cutoff=0.0))]
fn score(scorer: &str, a: &str, b: &str, processed: bool, score_cutoff: f64) -> PyResult<f64> {
    let s = Scorer::from_name(scorer).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!("unknown scorer {scorer:?}"))
    })?;
    let (a, b): (Vec<char>, Vec<char>) = if processed {
        (
            jobforge_core::fuzz::default_process_chars(a),
            jobforge_core::fuzz::default_process_chars(b),
        )
    } else {
        (a.chars().collect(), b.chars().collect())
    };
    Ok(s.score_chars_with_cutoff(&a, &b, score_cutoff))
}

/// RapidFuzz's `utils.default_process`.
#[pyfunction(name = "default_process")]
fn default_process_py(s: &str) -> String {
    default_process(s)
}

/// Every scorer's name, in `Scorer::ALL` order.
fn names() -> Vec<&'static str> {
    Scorer::ALL.iter().map(|s| s.name()).collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(default_process_py, m)?)?;
    m.add("SCORERS", names())?;
    Ok(())
}
