//! The browser app in the site: Trunk's output copied under `app/`, and the
//! search pages that mount it.

use std::path::Path;

use jobforge_site::layout::Site;
use jobforge_site::pages::{AppMount, QueryPage, SearchPage};
use jobforge_site::route::{rel, Route};
use jobforge_site::{Lang, Text};

use super::{Out, SiteError};

/// The files of Trunk's build that the site serves; `index.html` (Trunk's
/// own page) is not among them.
pub const FILES: [&str; 3] = ["boot.js", "wiq-app.js", "wiq-app_bg.wasm"];
/// The SQL console's files, in the `query/` sub-folder (a second Trunk
/// build: the console's wasm loads only on its own page). The page starts
/// `query-worker.js`, which runs the same wasm's engine in a Web Worker.
pub const QUERY_FILES: [&str; 3] = ["wiq-query.js", "wiq-query_bg.wasm", "query-worker.js"];
/// Pages per language: search and the SQL console.
pub const PAGES: usize = 2;
/// Where they go, relative to the site root.
pub const DIR: &str = "app";
/// The search index the app fetches, under `data/`.
pub const SEARCH_INDEX: &str = "data/search-index.bin";

/// The app's files, read from Trunk's output folder.
#[derive(Debug, Clone)]
pub struct AppFiles {
    /// (path under `app/`, bytes).
    pub files: Vec<(String, Vec<u8>)>,
}

impl AppFiles {
    /// Reads [`FILES`] from `dir`; a missing one is an error that says how
    /// to build the app.
    pub fn read(dir: &Path) -> Result<AppFiles, SiteError> {
        let mut files = Vec::new();
        let all = FILES
            .iter()
            .map(|f| f.to_string())
            .chain(QUERY_FILES.iter().map(|f| format!("query/{f}")));
        for f in all {
            let p = dir.join(&f);
            let bytes = std::fs::read(&p).map_err(|e| SiteError::Io {
                path: p.display().to_string(),
                source: std::io::Error::new(
                    e.kind(),
                    format!("{e}; build the app first: bash scripts/build-app.sh (see README)"),
                ),
            })?;
            files.push((f, bytes));
        }
        Ok(AppFiles { files })
    }
}

pub(crate) fn render(
    site: &Site<'_>,
    app: Option<&AppFiles>,
    out: &mut Out,
) -> Result<(), SiteError> {
    if let Some(app) = app {
        for (name, bytes) in &app.files {
            out.file(&format!("{DIR}/{name}"), bytes.clone());
        }
    }
    for lang in Lang::BOTH {
        let s = site.strings(lang);
        let l = site.layout(
            &Route::Search,
            lang,
            Text::native(&s.search.title),
            &s.search.description,
            vec![],
        );
        let mount = |route: &Route, id: &'static str, boot: &str| {
            let from = route.path(lang);
            app.map(|_| AppMount {
                id,
                boot: rel(&from, &format!("{DIR}/{boot}")),
                data: rel(&from, "data/"),
                noc_href: rel(&from, &Route::Noc("{code}".into()).path(lang)),
                profile_href: rel(&from, &Route::Profile("{code}".into()).path(lang)),
                table_href: rel(&from, &Route::Table("{table}".into()).path(lang)),
                query_href: rel(&from, &Route::Query.path(lang)),
                strings: jobforge_site::json::script_safe(&serde_json::json!(s.app)),
            })
        };
        out.page(
            &Route::Search,
            lang,
            &SearchPage {
                l,
                app: mount(&Route::Search, "wiq-app", "boot.js"),
            },
        )?;
        let l = site.layout(
            &Route::Query,
            lang,
            Text::native(&s.search.query_title),
            &s.search.query_description,
            vec![],
        );
        out.page(
            &Route::Query,
            lang,
            &QueryPage {
                l,
                app: mount(&Route::Query, "wiq-query", "boot.js?bin=wiq-query"),
            },
        )?;
    }
    Ok(())
}
