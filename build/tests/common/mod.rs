//! Shared helpers for the integration tests: where the real sources are, and
//! a build of them made once per test binary.
#![allow(dead_code)]

pub mod duckdb;
pub mod loopback;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jobforge::pipeline::{self, BuildOptions, BuildReport};

/// The real sources: `$JOBFORGE_SOURCES`, or `../shared/data` beside the
/// checkout, as CI lays it out. A missing folder fails the test loudly.
pub fn sources() -> PathBuf {
    let p = std::env::var_os("JOBFORGE_SOURCES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    assert!(
        p.join("statcan-noc-2021").is_dir(),
        "real sources not found at {} (set JOBFORGE_SOURCES or put ../shared/data beside the checkout)",
        p.display()
    );
    p
}

pub fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

pub fn options(sources: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        sources: sources.to_path_buf(),
        out: out.to_path_buf(),
        job_architecture: None,
        verify: true,
        content: content(),
        source_date_epoch: 1_700_000_000,
        progress: false,
        llm: None,
        onet: None,
        app: None,
        index_cache: None,
    }
}

pub struct Built {
    pub dir: tempfile::TempDir,
    pub report: BuildReport,
}

/// One full build of the real sources, shared by the tests of a binary.
pub fn real_build() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = static_tempdir("real-build");
        let report =
            pipeline::run(&options(&sources(), dir.path())).expect("build of the real sources");
        Built { dir, report }
    })
}

/// Copies the real sources into a fresh folder, for corrupting.
pub fn copy_sources() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&sources(), dir.path());
    dir
}

/// [`copy_sources`] for a copy kept in a `static` (see [`static_tempdir`]).
pub fn copy_sources_static(what: &str) -> tempfile::TempDir {
    let dir = static_tempdir(what);
    copy_dir(&sources(), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// A temporary folder for a build kept in a `static`, which Rust never
/// drops: it goes under cargo's `target/tmp`, and the folders an earlier run
/// of the same test binary left there are removed first, so runs do not
/// pile up ~270 MB each in the system's temp folder.
pub fn static_tempdir(what: &str) -> tempfile::TempDir {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "tests".into());
    let prefix = format!("{what}-{exe}-");
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
    if let Ok(entries) = std::fs::read_dir(root) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(root)
        .expect("tempdir under target/tmp")
}
