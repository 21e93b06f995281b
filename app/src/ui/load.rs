//! Loading the data on demand, once, with a visible state: loading, ready,
//! or an error the visitor can retry — never a blank page.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Ctx;
use crate::data::{self, Checksums, DataError};
use crate::web;

#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Idle,
    Loading,
    Ready(T),
    /// The file that failed and why.
    Failed {
        file: String,
        reason: String,
    },
}

impl<T: Clone> Load<T> {
    pub fn ready(&self) -> Option<T> {
        match self {
            Load::Ready(t) => Some(t.clone()),
            _ => None,
        }
    }
}

fn failed<T>(e: DataError) -> Load<T> {
    Load::Failed {
        file: e.file().to_string(),
        reason: e.to_string(),
    }
}

async fn fetch(ctx: &Ctx, file: &str) -> Result<Vec<u8>, DataError> {
    web::fetch_bytes(&ctx.cfg.data_url(file))
        .await
        .map_err(|message| DataError::Fetch {
            file: file.to_string(),
            message,
        })
}

thread_local! {
    /// `data/SHA256SUMS`, fetched once (the wasm has one thread).
    static CHECKSUMS: std::cell::RefCell<Option<Arc<Checksums>>> = const { std::cell::RefCell::new(None) };
}

async fn checksums(ctx: &Ctx) -> Result<Arc<Checksums>, DataError> {
    if let Some(sums) = CHECKSUMS.with(|c| c.borrow().clone()) {
        return Ok(sums);
    }
    let bytes = fetch(ctx, data::CHECKSUMS).await?;
    let sums = Arc::new(Checksums::parse(&String::from_utf8_lossy(&bytes))?);
    CHECKSUMS.with(|c| *c.borrow_mut() = Some(sums.clone()));
    Ok(sums)
}

/// Fetches a parquet file and checks it against `data/SHA256SUMS`, so the
/// decoder only ever sees the bytes the build wrote.
pub async fn fetch_checked(ctx: &Ctx, file: &str) -> Result<Vec<u8>, DataError> {
    let sums = checksums(ctx).await?;
    let bytes = fetch(ctx, file).await?;
    sums.check(file, &bytes)?;
    Ok(bytes)
}

/// Fetches and decodes the search index; records how long the first usable
/// search took (`wiqPerf.ready`), with the fetch and decode parts.
pub fn index(ctx: &Ctx) {
    if matches!(ctx.index.get_untracked(), Load::Loading | Load::Ready(_)) {
        return;
    }
    ctx.index.set(Load::Loading);
    let ctx = ctx.clone();
    spawn_local(async move {
        let t0 = web::now();
        let state = match fetch(&ctx, data::SEARCH_INDEX).await {
            Ok(bytes) => {
                let t1 = web::now();
                web::perf_record("indexBytes", bytes.len() as f64);
                web::perf_record("fetchMs", t1 - t0);
                match data::decode_index(&bytes) {
                    Ok(ix) => {
                        // The first search builds the exact-match tables;
                        // do it now rather than on the first keystroke.
                        let _ = ix.search("a", 1);
                        web::perf_record("decodeMs", web::now() - t1);
                        Load::Ready(Arc::new(ix))
                    }
                    Err(e) => failed(e),
                }
            }
            Err(e) => failed(e),
        };
        if matches!(state, Load::Ready(_)) {
            web::perf_record("ready", web::now());
        }
        let french_warm_up = match &state {
            Load::Ready(ix) => Some(ix.clone()),
            _ => None,
        };
        ctx.index.set(state);
        // French queries use a table of English cognates built on the
        // first one (≈ 100 ms here): build it once the page has drawn,
        // rather than on the visitor's first French keystroke.
        if let Some(ix) = french_warm_up {
            web::sleep(0).await;
            let _ = ix.search_lang("a", Some(jobforge_core::search::Lang::Fr), 1);
        }
    });
}

/// Fetches the parquet files of `tables` and decodes them into `signal`,
/// once.
fn parquet_tables<T, const N: usize>(
    ctx: &Ctx,
    signal: RwSignal<Load<Arc<T>>>,
    tables: [&'static str; N],
    decode: fn([Vec<u8>; N]) -> Result<T, DataError>,
) where
    T: Send + Sync + 'static,
{
    if matches!(signal.get_untracked(), Load::Loading | Load::Ready(_)) {
        return;
    }
    signal.set(Load::Loading);
    let ctx = ctx.clone();
    spawn_local(async move {
        let mut files: [Vec<u8>; N] = std::array::from_fn(|_| Vec::new());
        for (i, t) in tables.iter().enumerate() {
            match fetch_checked(&ctx, &data::parquet_file(t)).await {
                Ok(b) => files[i] = b,
                Err(e) => return signal.set(failed(e)),
            }
        }
        signal.set(match decode(files) {
            Ok(r) => Load::Ready(Arc::new(r)),
            Err(e) => failed(e),
        });
    });
}

/// The resolver's three parquet tables.
pub fn resolver(ctx: &Ctx) {
    parquet_tables(
        ctx,
        ctx.resolver,
        data::RESOLVER_TABLES,
        data::decode_resolver,
    );
}

/// The catalogue and lineage tables.
pub fn catalog(ctx: &Ctx) {
    parquet_tables(ctx, ctx.catalog, data::CATALOG_TABLES, data::decode_catalog);
}

/// Waits until `signal` is loaded; `None` if it failed (the view's
/// [`status`] shows the error and a retry).
pub async fn ready<T: Clone + Send + Sync + 'static>(signal: RwSignal<Load<T>>) -> Option<T> {
    loop {
        match signal.get_untracked() {
            Load::Ready(r) => return Some(r),
            Load::Failed { .. } => return None,
            _ => web::sleep(30).await,
        }
    }
}

/// What a view shows while its data is not ready: a status line while
/// loading, and on failure an alert with the file, the reason and a retry.
pub fn status<T: Clone + Send + Sync + 'static>(
    ctx: &Ctx,
    signal: RwSignal<Load<T>>,
    retry: fn(&Ctx),
) -> impl IntoView {
    let ctx = ctx.clone();
    move || match signal.get() {
        Load::Idle | Load::Ready(_) => ().into_any(),
        Load::Loading => {
            view! { <p class="app-loading" role="status">{ctx.t("loading")}</p> }.into_any()
        }
        Load::Failed { file, reason } => {
            let ctx2 = ctx.clone();
            let again = move |_| {
                signal.set(Load::Idle);
                retry(&ctx2);
            };
            view! {
                <div class="app-error" role="alert">
                    <p><strong>{ctx.f("load_failed", &[("file", &file)])}</strong></p>
                    <p class="app-error-detail">{reason}</p>
                    <button type="button" class="retry" on:click=again>{ctx.t("retry")}</button>
                </div>
            }
            .into_any()
        }
    }
}
