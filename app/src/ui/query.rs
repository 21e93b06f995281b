//! The SQL console: read-only SQL over the gold tables, in the browser
//! (`jobforge-query`, the engine `jobforge query` runs). A query fetches
//! only the tables it names; results show as a table with a CSV download.
//!
//! Queries run in a Web Worker (`sql_worker`), so the page answers input
//! while one runs. Cancel, the time limit and a failure of the worker (a
//! wasm trap) all end the same way: the worker is terminated and a new one
//! started, and the tables fetched so far, kept here as bytes, are posted
//! to it with the next query. The user's SQL stays in the editor and the
//! address throughout.

use std::collections::HashMap;
use std::sync::Arc;

use jobforge_query::canned::CANNED;
use jobforge_query::QueryError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::sql_worker::{Heard, SqlWorker};
use super::{load, Ctx};
use crate::query_worker::{self, Reply};
use crate::{data, sql, sql_error, web};

/// How long past its limit the page waits for the worker's own time-out
/// before terminating it: the engine polls its clock every 1,024 rows of
/// work, so a query stuck elsewhere (or a wasm in a loop) is stopped too.
const GRACE_MS: u32 = 1_000;

#[derive(Debug, Clone, PartialEq)]
enum Run {
    Idle,
    Loading(String),
    Running,
    /// Cancelled by the user.
    Stopped,
    Done {
        result: Arc<query_worker::Shown>,
        ms: f64,
    },
    Failed {
        message: String,
        /// The engine's own (English) words, shown as such.
        detail: Option<String>,
        at: Option<(u64, u64)>,
    },
}

impl Run {
    fn busy(&self) -> bool {
        matches!(self, Run::Loading(_) | Run::Running)
    }
}

/// The console's worker, and the tables fetched for it.
#[derive(Default)]
struct Console {
    worker: Option<SqlWorker>,
    /// Parquet bytes, fetched once per page and posted again to a new
    /// worker.
    fetched: HashMap<String, Vec<u8>>,
    /// Bumped by every run and cancel: the fetches and timer of an older
    /// run see it change and stop.
    generation: u64,
}

type ConsoleCell = StoredValue<Console, LocalStorage>;

/// Starts a worker (dropping the old one terminates it). A worker that
/// cannot start leaves none: the next run tries again and says why.
fn restart(ctx: &Ctx, console: ConsoleCell, state: RwSignal<Run>) {
    console.update_value(|c| c.worker = None);
    let heard = {
        let ctx = ctx.clone();
        move |h: Heard| hear(&ctx, console, state, h)
    };
    match SqlWorker::start(ctx.cfg.is_fr(), heard) {
        Ok(w) => console.update_value(|c| c.worker = Some(w)),
        Err(e) => {
            if state.get_untracked().busy() {
                state.set(crashed(ctx, e));
            }
        }
    }
}

fn crashed(ctx: &Ctx, error: String) -> Run {
    Run::Failed {
        message: ctx.t("query_crashed"),
        detail: Some(error),
        at: None,
    }
}

/// A reply, or the worker's failure. Runs inside the worker's event
/// handler, so a restart waits for it to return.
fn hear(ctx: &Ctx, console: ConsoleCell, state: RwSignal<Run>, heard: Heard) {
    let running = state.get_untracked() == Run::Running;
    match heard {
        Ok(Reply::Done {
            columns,
            rows,
            truncated,
            ms,
        }) if running => state.set(Run::Done {
            result: Arc::new(query_worker::Shown::of(&query_worker::result(
                columns, rows, truncated,
            ))),
            ms,
        }),
        Ok(Reply::Failed { text, detail, at }) if running => state.set(Run::Failed {
            message: text,
            detail,
            at,
        }),
        Ok(_) => {}
        Err(e) => {
            if running {
                state.set(crashed(ctx, e));
            }
            let ctx = ctx.clone();
            spawn_local(async move { restart(&ctx, console, state) });
        }
    }
}

/// The names of the catalogue's tables that `text` names.
async fn named_tables(ctx: &Ctx, text: &str) -> Result<Vec<String>, String> {
    let Some(catalog) = load::ready(ctx.catalog).await else {
        return Err(ctx.f("load_failed", &[("file", "catalog_tables.parquet")]));
    };
    let known: Vec<String> = catalog
        .tables
        .iter()
        .map(|t| t.table_name.clone())
        .collect();
    Ok(sql::referenced(text, &known)
        .into_iter()
        .map(str::to_string)
        .collect())
}

/// Fetches the tables `names` the page does not have yet. `false` when a
/// newer run or a cancel took over meanwhile.
async fn fetch_tables(
    ctx: &Ctx,
    console: ConsoleCell,
    generation: u64,
    names: &[String],
    state: RwSignal<Run>,
) -> Result<bool, String> {
    for name in names {
        if console.with_value(|c| c.fetched.contains_key(name)) {
            continue;
        }
        state.set(Run::Loading(name.clone()));
        let file = data::parquet_file(name);
        let bytes = super::load::fetch_checked(ctx, &file)
            .await
            .map_err(|e| e.to_string())?;
        if console.with_value(|c| c.generation) != generation {
            return Ok(false);
        }
        console.update_value(|c| {
            c.fetched.insert(name.clone(), bytes);
        });
    }
    Ok(true)
}

fn run(ctx: Ctx, console: ConsoleCell, text: String, limit_s: u32, state: RwSignal<Run>) {
    // A run in flight is given up, and its worker with it.
    let busy = state.get_untracked().busy();
    let generation = console
        .try_update_value(|c| {
            c.generation += 1;
            c.generation
        })
        .unwrap_or_default();
    if busy {
        restart(&ctx, console, state);
    }
    let current = move || console.with_value(|c| c.generation) == generation;
    spawn_local(async move {
        let fetched = match named_tables(&ctx, &text).await {
            Ok(names) => fetch_tables(&ctx, console, generation, &names, state)
                .await
                .map(|ok| ok.then_some(names)),
            Err(e) => Err(e),
        };
        let names = match fetched {
            Ok(Some(names)) if current() => names,
            Ok(_) => return,
            Err(message) => {
                if current() {
                    state.set(Run::Failed {
                        message,
                        detail: None,
                        at: None,
                    });
                }
                return;
            }
        };
        state.set(Run::Running);
        if console.with_value(|c| c.worker.is_none()) {
            restart(&ctx, console, state);
        }
        let posted = console.try_update_value(|c| {
            let Console {
                worker, fetched, ..
            } = c;
            let w = worker.as_mut()?;
            let tables = names
                .iter()
                .filter(|n| !w.has(n))
                .filter_map(|n| fetched.get(n).map(|b| (n.clone(), b.clone())))
                .collect();
            w.run(tables, text.clone(), limit_s);
            Some(())
        });
        if posted.flatten().is_none() {
            // No worker could start: `restart` has said why.
            return;
        }
        // The page's own limit: it fires even if the wasm never polls its
        // clock, since the page's thread is free.
        web::sleep(i32::try_from(limit_s * 1000 + GRACE_MS).unwrap_or(i32::MAX)).await;
        if current() && state.get_untracked() == Run::Running {
            restart(&ctx, console, state);
            state.set(failure(&ctx, &QueryError::Cancelled, limit_s));
        }
    });
}

fn failure(ctx: &Ctx, e: &QueryError, limit_s: u32) -> Run {
    let m = sql_error::message(&ctx.t, e, ctx.cfg.is_fr(), limit_s);
    Run::Failed {
        message: m.text,
        detail: m.detail,
        at: e.position().map(|p| (p.line, p.column)),
    }
}

#[component]
pub fn QueryView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    load::catalog(&ctx);
    let console: ConsoleCell = StoredValue::new_local(Console::default());
    let text = RwSignal::new(web::param("sql").unwrap_or_else(|| CANNED[0].sql.to_string()));
    let state = RwSignal::new(Run::Idle);
    // Completed runs, in the page (`data-run`) for tests and tools to wait on.
    let runs = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(state.get(), Run::Done { .. } | Run::Failed { .. }) {
            runs.update(|n| *n += 1);
        }
    });
    let limit = RwSignal::new(15u32);
    // Started now, so the first query does not wait for the wasm to compile.
    restart(&ctx, console, state);
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            let sql = text.get();
            web::set_search(
                &web::query_string(&[("sql", sql.as_str())]),
                &ctx.cfg.toggle_base,
            );
        });
    }
    let go = {
        let ctx = ctx.clone();
        move || {
            run(
                ctx.clone(),
                console,
                text.get_untracked(),
                limit.get_untracked(),
                state,
            )
        }
    };
    let submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            go();
        }
    };
    // Stops the query at once: its worker is terminated and another
    // started. Focus goes back to Run, since Cancel is disabled again.
    let cancel = {
        let ctx = ctx.clone();
        move |_| {
            console.update_value(|c| c.generation += 1);
            restart(&ctx, console, state);
            state.set(Run::Stopped);
            if let Some(b) = web::document()
                .get_element_by_id("wiq-sql-run")
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = b.focus();
            }
        }
    };
    let fr = ctx.cfg.is_fr();
    let canned = CANNED
        .iter()
        .map(|c| {
            let go = go.clone();
            let title = if fr { c.title_fr } else { c.title_en };
            let click = move |_| {
                text.set(c.sql.to_string());
                go();
            };
            view! { <li><button type="button" class="link-button" data-canned=c.id on:click=click>{title}</button></li> }
        })
        .collect_view();
    let schema = {
        let ctx = ctx.clone();
        move || {
            let catalog = ctx.catalog.get().ready()?;
            Some(
                catalog
                    .tables
                    .iter()
                    .map(|t| {
                        let cols = catalog
                            .columns
                            .iter()
                            .filter(|c| c.table_name == t.table_name)
                            .map(|c| view! { <li><code>{c.column_name.clone()}</code>" "<span class="type">{c.data_type.clone()}</span></li> })
                            .collect_view();
                        let rows = t.row_count.map(|n| format!(" ({n})")).unwrap_or_default();
                        view! {
                            <details>
                                <summary><code>{t.table_name.clone()}</code>{rows}</summary>
                                <ul class="schema-columns">{cols}</ul>
                                <p><a href=ctx.cfg.table_href(&t.table_name)>{ctx.t("query_table_page")}</a></p>
                            </details>
                        }
                    })
                    .collect_view(),
            )
        }
    };
    let output = {
        let ctx = ctx.clone();
        move || match state.get() {
            Run::Idle => ().into_any(),
            Run::Loading(t) => {
                view! { <p role="status">{ctx.f("query_loading", &[("table", &t)])}</p> }.into_any()
            }
            Run::Running => view! { <p role="status">{ctx.t("query_running")}</p> }.into_any(),
            Run::Stopped => {
                view! { <p role="status" id="wiq-sql-stopped">{ctx.t("query_stopped")}</p> }
                    .into_any()
            }
            Run::Failed {
                message,
                detail,
                at,
            } => {
                let sql = text.get_untracked();
                let caret = at.and_then(|(line, col)| {
                    let l = sql
                        .lines()
                        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
                    let pad = " ".repeat(usize::try_from(col).ok()?.saturating_sub(1));
                    Some(format!("{l}\n{pad}^"))
                });
                let at = at.map(|(l, c)| {
                    ctx.f(
                        "query_at",
                        &[("line", &l.to_string()), ("column", &c.to_string())],
                    )
                });
                view! {
                    <div class="app-error" role="alert" id="wiq-sql-error">
                        <p><strong>{ctx.t("query_error")}</strong>" "{at}</p>
                        <p class="app-error-detail">{message}</p>
                        {detail.map(|d| {
                            let fr = ctx.cfg.is_fr();
                            view! {
                                <p class="app-error-detail">{ctx.t("sql_err_detail")}" "<span lang=fr.then_some("en")>{d}</span></p>
                            }
                        })}
                        {caret.map(|c| view! { <pre class="caret">{c}</pre> })}
                    </div>
                }
                .into_any()
            }
            Run::Done { result, ms } => {
                super::result_table::view(&ctx, "wiq-sql", "wiq-query.csv", result, ms).into_any()
            }
        }
    };
    view! {
        <p>{ctx.t("query_intro")}</p>
        <h2>{ctx.t("query_canned")}</h2>
        <ul class="examples">{canned}</ul>
        <form class="query-form" on:submit=submit>
            <div class="field">
                <label for="wiq-sql">{ctx.t("query_label")}</label>
                <textarea id="wiq-sql" rows="8" spellcheck="false" class="sql"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="wiq-sql-limit">{ctx.t("query_limit")}</label>
                <select id="wiq-sql-limit" on:change=move |ev| limit.set(event_target_value(&ev).parse().unwrap_or(15))>
                    <option value="5">"5\u{a0}s"</option>
                    <option value="15" selected=true>"15\u{a0}s"</option>
                    <option value="60">"60\u{a0}s"</option>
                </select>
            </div>
            <div class="query-actions">
                <button type="submit" id="wiq-sql-run">{ctx.t("query_run")}</button>
                <button type="button" id="wiq-sql-cancel"
                    disabled=move || !state.get().busy() on:click=cancel>{ctx.t("query_cancel")}</button>
            </div>
        </form>
        {load::status(&ctx, ctx.catalog, load::catalog)}
        <div id="wiq-sql-output" aria-live="polite" data-run=move || runs.get().to_string()>{output}</div>
        <h2>{ctx.t("query_schema")}</h2>
        <div class="schema">{schema}</div>
    }
}
