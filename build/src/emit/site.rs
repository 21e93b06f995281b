//! The public site: every page in English under `en/` and in French under
//! `fr/`, a language page at the root, a 404 page, CSV copies of the tables,
//! `sitemap.xml`, a DCAT catalogue and the static assets.
//!
//! Like every emitter it reads only the built tables (and the build's own
//! file hashes), never a source file. Pages are plain structs of
//! `jobforge-site` rendered by askama; this module fills them.

mod about;
pub mod app;
mod catalogue;
mod compliance;
pub mod config;
mod coverage;
pub mod data;
mod feeds;
mod occupations;
mod profiles;
mod unit_group_parts;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::time::{Duration, Instant};

use jobforge_site::layout::Site;
use jobforge_site::{Lang, Route, SiteConfig, Strings};

use crate::emit::csv;
use crate::model::catalog::FileInfo;
use crate::model::lineage;
use crate::model::Gold;
use crate::table::TableError;

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Config { path: String, message: String },
    #[error("rendering {page}: {source}")]
    Render {
        page: String,
        #[source]
        source: jobforge_site::askama::Error,
    },
    #[error(transparent)]
    Table(#[from] TableError),
    #[error("the site rendered {rendered:?} but emit::site::plan counted {planned:?}: a page type is missing from the plan")]
    Plan { planned: Counts, rendered: Counts },
}

/// What the site is built from: the written tables, their parquet files
/// (size and hash), the build's identity and its compliance results.
pub struct SiteInput<'a> {
    pub tables: &'a Gold,
    pub parquet: &'a BTreeMap<String, FileInfo>,
    pub build_id: &'a str,
    pub source_date_epoch: i64,
    /// The evaluated frameworks, also written to `data/compliance/`.
    pub compliance: &'a [crate::compliance::Framework],
    /// The browser app, when the build includes it.
    pub app: Option<&'a app::AppFiles>,
}

/// The first lineage event file, which the catalogue links to.
pub(crate) const LINEAGE_EVENTS: &str = "data/lineage/01-ingest.json";

/// The size gates of GitHub Pages that the summary reports against.
pub const MAX_SITE_BYTES: u64 = 1_000_000_000;
pub const MAX_FILE_BYTES: u64 = 25_000_000;

/// What the site emitter wrote, for the build summary.
#[derive(Debug, Clone, Default)]
pub struct SiteReport {
    pub pages_en: usize,
    pub pages_fr: usize,
    /// HTML pages in total, with the language page and the 404 page.
    pub pages: usize,
    /// Every file under the output folder (pages, data, assets).
    pub files: usize,
    pub bytes: u64,
    /// (path under the output folder, bytes)
    pub largest: (String, u64),
    pub elapsed: Duration,
}

/// The rendered site, in memory: (path under the output folder, bytes).
pub struct Rendered {
    pub files: Vec<(String, Vec<u8>)>,
    pub counts: Counts,
}

/// Pages rendered, by language, and every HTML file (with the language
/// page and the 404).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pages_en: usize,
    pub pages_fr: usize,
    pub html: usize,
}

/// Where rendered files go: kept in memory, or handed to the writer thread.
enum Sink {
    Memory(Vec<(String, Vec<u8>)>),
    Writer(SyncSender<(String, Vec<u8>)>),
}

/// Collects rendered pages and the routes the sitemap lists.
pub(crate) struct Out {
    sink: Sink,
    routes: Vec<Route>,
    counts: Counts,
}

impl Out {
    /// Renders `page` into the file of `route` in `lang`.
    pub(crate) fn page<T: jobforge_site::askama::Template>(
        &mut self,
        route: &Route,
        lang: Lang,
        page: &T,
    ) -> Result<(), SiteError> {
        let path = route.path(lang);
        let html = page.render().map_err(|e| SiteError::Render {
            page: path.clone(),
            source: e,
        })?;
        match lang {
            Lang::En => {
                self.routes.push(route.clone());
                self.counts.pages_en += 1;
            }
            Lang::Fr => self.counts.pages_fr += 1,
        }
        self.file(&path, html.into_bytes());
        Ok(())
    }

    pub(crate) fn file(&mut self, path: &str, bytes: Vec<u8>) {
        if path.ends_with(".html") && !path.starts_with("en/") && !path.starts_with("fr/") {
            self.counts.html += 1;
        }
        match &mut self.sink {
            Sink::Memory(v) => v.push((path.to_string(), bytes)),
            // A closed channel means the writer failed; its error is
            // reported when it is joined.
            Sink::Writer(tx) => {
                let _ = tx.send((path.to_string(), bytes));
            }
        }
    }
}

/// `YYYY-MM-DD` of `SOURCE_DATE_EPOCH`: the "Date modified" of every page.
pub fn date_modified(epoch: i64) -> String {
    lineage::rfc3339(epoch)[..10].to_string()
}

fn render_into(
    input: &SiteInput<'_>,
    csv: &BTreeMap<String, FileInfo>,
    config: &SiteConfig,
    en: &Strings,
    fr: &Strings,
    out: &mut Out,
) -> Result<(), SiteError> {
    let site = Site {
        en,
        fr,
        config,
        date_modified: date_modified(input.source_date_epoch),
        build_id: input.build_id.to_string(),
    };
    let gold = input.tables;
    about::home(&site, gold, out)?;
    app::render(&site, input.app, out)?;
    about::about(&site, out)?;
    occupations::render(&site, gold, out)?;
    profiles::render(&site, gold, out)?;
    catalogue::render(&site, input, csv, out)?;
    coverage::render(&site, gold, out)?;
    compliance::render(&site, input, csv, out)?;
    about::splash_and_404(&site, out)?;
    feeds::sitemap(&site, out);
    feeds::dcat(&site, input, csv, out)?;
    for (path, bytes) in jobforge_site::assets::ALL {
        out.file(path, bytes.to_vec());
    }
    out.counts.html += out.counts.pages_en + out.counts.pages_fr;
    let planned = plan(gold, input.compliance.len())?;
    if planned != out.counts {
        return Err(SiteError::Plan {
            planned,
            rendered: out.counts,
        });
    }
    Ok(())
}

/// The pages the site will have for these tables and this many compliance
/// frameworks, counted without rendering anything. The compliance facts
/// cite the page count, and the site shows the compliance results, so the
/// count has to come first; rendering fails if it renders another count.
pub fn plan(gold: &Gold, frameworks: usize) -> Result<Counts, SiteError> {
    let per_language = about::PAGES
        + app::PAGES
        + occupations::pages(gold)?
        + profiles::pages(gold)?
        + catalogue::pages(gold)?
        + coverage::PAGES
        + compliance::pages(frameworks);
    Ok(Counts {
        pages_en: per_language,
        pages_fr: per_language,
        html: 2 * per_language + about::ROOT_PAGES,
    })
}

/// Renders every page and feed of the site into memory. `csv` has the size
/// and hash of each table's CSV copy.
pub fn render(
    input: &SiteInput<'_>,
    csv: &BTreeMap<String, FileInfo>,
    config: &SiteConfig,
    en: &Strings,
    fr: &Strings,
) -> Result<Rendered, SiteError> {
    let mut out = Out {
        sink: Sink::Memory(Vec::new()),
        routes: Vec::new(),
        counts: Counts::default(),
    };
    render_into(input, csv, config, en, fr, &mut out)?;
    let files = match out.sink {
        Sink::Memory(v) => v,
        Sink::Writer(_) => Vec::new(),
    };
    Ok(Rendered {
        files,
        counts: out.counts,
    })
}

/// CSV copies of every table: (table, bytes, size and hash).
pub fn csv_copies(gold: &Gold) -> Vec<(String, Vec<u8>, FileInfo)> {
    gold.tables
        .iter()
        .map(|t| {
            let bytes = csv::encode(t);
            let info = csv::info(t, &bytes);
            (t.name.clone(), bytes, info)
        })
        .collect()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SiteError + '_ {
    move |e| SiteError::Io {
        path: path.display().to_string(),
        source: e,
    }
}

/// Writes files as they arrive, so that writing overlaps rendering.
fn writer(out: &Path, rx: Receiver<(String, Vec<u8>)>) -> Result<(), SiteError> {
    let mut dirs = BTreeSet::new();
    for (rel, bytes) in rx {
        let path = out.join(&rel);
        if let Some(parent) = path.parent() {
            if dirs.insert(parent.to_path_buf()) {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
        }
        std::fs::write(&path, &bytes).map_err(io(&path))?;
    }
    Ok(())
}

/// Writes CSV copies of every table, then the site, into `out`.
pub fn write(input: &SiteInput<'_>, out: &Path, content: &Path) -> Result<SiteReport, SiteError> {
    let started = Instant::now();
    let config = config::settings(content)?;
    let (en, fr) = config::strings(content)?;
    // Bounded, so rendered pages wait for the disk rather than fill memory.
    let (tx, rx) = sync_channel::<(String, Vec<u8>)>(256);
    let counts = std::thread::scope(|scope| {
        let w = scope.spawn(|| writer(out, rx));
        let mut sink = Out {
            sink: Sink::Writer(tx),
            routes: Vec::new(),
            counts: Counts::default(),
        };
        let mut csvs = BTreeMap::new();
        for (table, bytes, info) in csv_copies(input.tables) {
            sink.file(&info.path, bytes);
            csvs.insert(table, info);
        }
        let rendered = render_into(input, &csvs, &config, &en, &fr, &mut sink);
        let counts = sink.counts;
        // Closing the channel ends the writer.
        drop(sink);
        let written = w.join().unwrap_or_else(|_| {
            Err(SiteError::Io {
                path: out.display().to_string(),
                source: std::io::Error::other("site writer thread panicked"),
            })
        });
        written?;
        rendered.map(|()| counts)
    })?;
    let mut report = measure(out)?;
    report.pages_en = counts.pages_en;
    report.pages_fr = counts.pages_fr;
    report.pages = counts.html;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Files, total size and largest file under `out`: what a host publishes.
pub fn measure(out: &Path) -> Result<SiteReport, SiteError> {
    let mut r = SiteReport::default();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let e = e.map_err(io(&dir))?;
            let p = e.path();
            let meta = e.metadata().map_err(io(&p))?;
            if meta.is_dir() {
                stack.push(p);
            } else {
                r.files += 1;
                r.bytes += meta.len();
                let rel = p
                    .strip_prefix(out)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                if meta.len() > r.largest.1 || (meta.len() == r.largest.1 && rel < r.largest.0) {
                    r.largest = (rel, meta.len());
                }
            }
        }
    }
    Ok(r)
}

/// The site's lines of the build summary, with the size gates.
pub fn summary(r: &SiteReport) -> String {
    let mut s = format!(
        "site: {} pages ({} EN, {} FR, language page, 404), {} files, {} bytes in all; largest file {} ({} bytes); rendered in {:.1} s\n",
        r.pages,
        r.pages_en,
        r.pages_fr,
        r.files,
        r.bytes,
        r.largest.0,
        r.largest.1,
        r.elapsed.as_secs_f64()
    );
    if r.bytes >= MAX_SITE_BYTES {
        s.push_str("  warning: the site is over 1 GB, the GitHub Pages limit\n");
    }
    if r.largest.1 >= MAX_FILE_BYTES {
        s.push_str("  warning: a file is over 25 MB\n");
    }
    s
}
