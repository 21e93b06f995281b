//! `wiq._wiq`, the native half of the `wiq` Python package.
//!
//! It only converts: every answer comes from the code the `jobforge` CLI
//! runs (`jobforge_core::batch::code_one`, `SearchIndex::search`,
//! `ResolverData::resolve`, `jobforge_core::fuzz`, and the CLI library's
//! `pipeline::load` and `search_data::build_index` for training), so the
//! package and the CLI agree to the byte. Python-side input handling
//! (pandas, Polars, lists) lives in `wiq/__init__.py`.

mod coding;
mod fuzz;

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_data::ArrayData;
use arrow_pyarrow::PyArrowType;
use jobforge_core::resolve::ResolverData;
use jobforge_core::search::{SearchConfig, SearchIndex};
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// An error of the CLI's library, as a Python `ValueError` with its chain.
fn value_error(e: impl std::error::Error) -> PyErr {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        // Many of the CLI's errors already print their source.
        let text = s.to_string();
        if !msg.contains(&text) {
            msg += &format!(": {text}");
        }
        source = s.source();
    }
    PyValueError::new_err(msg)
}

/// The gold tables of a sources folder, read as `jobforge code` reads them.
fn load_gold(
    sources: &std::path::Path,
    job_architecture: Option<&std::path::Path>,
    verify: bool,
) -> PyResult<jobforge::model::Gold> {
    jobforge::pipeline::load(sources, job_architecture, verify).map_err(value_error)
}

/// The 5-tier resolver's data from the gold tables, as `jobforge resolve`.
fn resolver_of(gold: &jobforge::model::Gold) -> PyResult<ResolverData> {
    jobforge::model::resolution::resolver_data(gold).map_err(value_error)
}

/// A search index (`data/search-index.bin`), with the resolver's data when
/// the sources were given.
#[pyclass(module = "wiq._wiq", frozen)]
struct NativeIndex {
    index: Arc<SearchIndex>,
    resolver: Option<Arc<ResolverData>>,
}

#[pymethods]
impl NativeIndex {
    /// Loads a built index file; `sources` adds the resolver's data.
    #[staticmethod]
    #[pyo3(signature = (path, sources=None, job_architecture=None, verify=true))]
    fn load(
        py: Python<'_>,
        path: PathBuf,
        sources: Option<PathBuf>,
        job_architecture: Option<PathBuf>,
        verify: bool,
    ) -> PyResult<NativeIndex> {
        py.detach(|| {
            let bytes = std::fs::read(&path)
                .map_err(|e| PyOSError::new_err(format!("{}: {e}", path.display())))?;
            let index = SearchIndex::from_bytes(&bytes)
                .map_err(|e| PyValueError::new_err(format!("{}: {e}", path.display())))?;
            let resolver = match sources {
                Some(s) => Some(Arc::new(resolver_of(&load_gold(
                    &s,
                    job_architecture.as_deref(),
                    verify,
                )?)?)),
                None => None,
            };
            Ok(NativeIndex {
                index: Arc::new(index),
                resolver,
            })
        })
    }

    /// Trains an index from a sources folder, as `jobforge build --app`
    /// and `jobforge code` do (the shipped settings).
    #[staticmethod]
    #[pyo3(signature = (sources, job_architecture=None, verify=true))]
    fn train(
        py: Python<'_>,
        sources: PathBuf,
        job_architecture: Option<PathBuf>,
        verify: bool,
    ) -> PyResult<NativeIndex> {
        py.detach(|| {
            let gold = load_gold(&sources, job_architecture.as_deref(), verify)?;
            let index = jobforge::search_data::build_index(&gold, &SearchConfig::default())
                .map_err(value_error)?;
            Ok(NativeIndex {
                index: Arc::new(index),
                resolver: Some(Arc::new(resolver_of(&gold)?)),
            })
        })
    }

    /// The index as the bytes of `data/search-index.bin`.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = self.index.to_bytes().map_err(value_error)?;
        Ok(PyBytes::new(py, &bytes))
    }

    fn has_resolver(&self) -> bool {
        self.resolver.is_some()
    }

    /// `jobforge search --json`, as JSON text, and whether the result
    /// needs review.
    fn search_json(&self, py: Python<'_>, title: &str, top: usize) -> PyResult<(String, bool)> {
        let index = &self.index;
        let r = py.detach(|| index.search(title, top));
        let json = serde_json::to_string(&r).map_err(value_error)?;
        Ok((json, r.needs_review()))
    }

    /// `jobforge resolve --json`, as JSON text.
    fn resolve_json(&self, title: &str, unit_group: &str) -> PyResult<String> {
        let resolver = self.resolver.as_ref().ok_or_else(no_resolver)?;
        let r = resolver.resolve(title, unit_group).map_err(value_error)?;
        serde_json::to_string(&r).map_err(value_error)
    }

    /// Codes one Arrow chunk of titles (and unit groups) as `jobforge code`
    /// does, on `threads` workers with the GIL released; returns a
    /// `pyarrow.RecordBatch` (see [`coding::schema`]).
    #[pyo3(signature = (titles, unit_groups=None, threads=1))]
    fn code_chunk(
        &self,
        py: Python<'_>,
        titles: PyArrowType<ArrayData>,
        unit_groups: Option<PyArrowType<ArrayData>>,
        threads: usize,
    ) -> PyResult<PyArrowType<RecordBatch>> {
        let titles = coding::array(titles.0);
        let unit_groups = unit_groups.map(|u| coding::array(u.0));
        if unit_groups.is_some() && self.resolver.is_none() {
            return Err(no_resolver());
        }
        let (index, resolver) = (&self.index, self.resolver.as_deref());
        let batch = py.detach(|| coding::code_chunk(index, resolver, titles, unit_groups, threads));
        match batch {
            Ok(b) => Ok(PyArrowType(b)),
            Err(e @ coding::CodingError::NotText { .. }) => {
                Err(PyTypeError::new_err(e.to_string()))
            }
            Err(e) => Err(value_error(e)),
        }
    }
}

fn no_resolver() -> PyErr {
    PyValueError::new_err(
        "this index has no resolver data: load it with Index.load(path, sources=...) \
         or train it with Index.train(sources) to resolve within unit groups",
    )
}

/// A resolver alone, for `wiq.resolve`.
#[pyclass(module = "wiq._wiq", frozen)]
struct NativeResolver {
    resolver: ResolverData,
}

#[pymethods]
impl NativeResolver {
    #[staticmethod]
    #[pyo3(signature = (sources, job_architecture=None, verify=true))]
    fn load(
        py: Python<'_>,
        sources: PathBuf,
        job_architecture: Option<PathBuf>,
        verify: bool,
    ) -> PyResult<NativeResolver> {
        py.detach(|| {
            let gold = load_gold(&sources, job_architecture.as_deref(), verify)?;
            Ok(NativeResolver {
                resolver: resolver_of(&gold)?,
            })
        })
    }

    fn resolve_json(&self, title: &str, unit_group: &str) -> PyResult<String> {
        let r = self
            .resolver
            .resolve(title, unit_group)
            .map_err(value_error)?;
        serde_json::to_string(&r).map_err(value_error)
    }
}

#[pymodule]
fn _wiq(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeIndex>()?;
    m.add_class::<NativeResolver>()?;
    m.add(
        "ADDED_COLUMNS",
        jobforge_core::batch::ADDED_COLUMNS.to_vec(),
    )?;
    m.add("INVALID_INPUT", jobforge_core::batch::INVALID_INPUT)?;
    fuzz::register(m)?;
    Ok(())
}
