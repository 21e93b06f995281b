//! The SQL console: read-only SQL over the gold tables, in the browser
//! (`jobforge-query`, the engine `jobforge query` runs). A query fetches
//! only the tables it names; results show as a table with a CSV download.
//! Queries stop at the chosen time limit.

use std::sync::Arc;

use jobforge_query::canned::CANNED;
use jobforge_query::{Database, QueryError, QueryOptions, QueryResult, Value};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{load, Ctx};
use crate::parquet_read::Frame;
use crate::{csv_text, data, sql, sql_error, web};

/// Result rows shown on the page (the CSV has them all).
const SHOWN: usize = 200;

#[derive(Debug, Clone, PartialEq)]
enum Run {
    Idle,
    Loading(String),
    Running,
    Done {
        result: Arc<QueryResult>,
        ms: f64,
    },
    Failed {
        message: String,
        /// The engine's own (English) words, shown as such.
        detail: Option<String>,
        at: Option<(u64, u64)>,
    },
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Loads the tables `text` names that are not loaded yet.
async fn load_tables(
    ctx: &Ctx,
    db: StoredValue<Database>,
    text: &str,
    state: RwSignal<Run>,
) -> Result<(), String> {
    let Some(catalog) = load::ready(ctx.catalog).await else {
        return Err(ctx.f("load_failed", &[("file", "catalog_tables.parquet")]));
    };
    let known: Vec<String> = catalog
        .tables
        .iter()
        .map(|t| t.table_name.clone())
        .collect();
    for name in sql::referenced(text, &known) {
        if db.with_value(|d| d.table(name).is_some()) {
            continue;
        }
        state.set(Run::Loading(name.to_string()));
        let file = data::parquet_file(name);
        let bytes = super::load::fetch_checked(ctx, &file)
            .await
            .map_err(|e| e.to_string())?;
        let frame = Frame::decode(&file, bytes).map_err(|e| e.to_string())?;
        let table = sql::table(name, &frame).map_err(|e| format!("{file}: {e}"))?;
        db.update_value(|d| d.add(table));
    }
    Ok(())
}

fn run(ctx: Ctx, db: StoredValue<Database>, text: String, limit_s: u32, state: RwSignal<Run>) {
    spawn_local(async move {
        if let Err(message) = load_tables(&ctx, db, &text, state).await {
            state.set(Run::Failed {
                message,
                detail: None,
                at: None,
            });
            return;
        }
        state.set(Run::Running);
        web::sleep(0).await; // paint "running" first
        let started = web::now();
        let deadline = started + f64::from(limit_s) * 1000.0;
        let outcome = db.with_value(|d| {
            d.query_with(&text, &QueryOptions::default(), &|| web::now() > deadline)
        });
        state.set(match outcome {
            Ok(result) => Run::Done {
                result: Arc::new(result),
                ms: web::now() - started,
            },
            Err(e) => failure(&ctx, &e, limit_s),
        });
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
    let db = StoredValue::new(Database::new());
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
                db,
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
                let head = result
                    .columns
                    .iter()
                    .map(|c| view! { <th scope="col">{c.clone()}</th> })
                    .collect_view();
                let body = result
                    .rows
                    .iter()
                    .take(SHOWN)
                    .map(|r| view! { <tr>{r.iter().map(|v| view! { <td>{cell(v)}</td> }).collect_view()}</tr> })
                    .collect_view();
                let n = result.rows.len();
                let ms = crate::strings::count(ms.max(0.0).round() as usize, ctx.cfg.is_fr());
                let mut summary = ctx.n("query_rows", n, &[("ms", &ms)]);
                if result.truncated {
                    summary.push(' ');
                    summary.push_str(&ctx.t("query_truncated"));
                }
                let csv = result.clone();
                let download = move |_| {
                    web::download(
                        "wiq-query.csv",
                        &csv_text::with_bom(csv.to_csv()),
                        "text/csv;charset=utf-8",
                    )
                };
                view! {
                    <p role="status" id="wiq-sql-summary" data-rows=n.to_string()>{summary}</p>
                    <button type="button" id="wiq-sql-download" on:click=download>{ctx.t("query_download")}</button>
                    <div class="table-scroll" tabindex="0" role="region" aria-label=ctx.t("query_results")>
                        <table class="app-table" id="wiq-sql-results">
                            <caption>{ctx.n("query_shown", SHOWN.min(n), &[])}</caption>
                            <thead><tr>{head}</tr></thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                }
                .into_any()
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
            <button type="submit" id="wiq-sql-run">{ctx.t("query_run")}</button>
        </form>
        {load::status(&ctx, ctx.catalog, load::catalog)}
        <div id="wiq-sql-output" aria-live="polite" data-run=move || runs.get().to_string()>{output}</div>
        <h2>{ctx.t("query_schema")}</h2>
        <div class="schema">{schema}</div>
    }
}
