//! A query's result as the page shows it: a count, a CSV download of every
//! row and a table of the first rows. The SQL console and the question box
//! both show their results this way.

use std::sync::Arc;

use leptos::prelude::*;

use super::Ctx;
use crate::query_worker::Shown;
use crate::{csv_text, web};

/// Result rows shown on the page (the CSV has them all).
const SHOWN: usize = 200;

/// `id` prefixes the elements' ids (`{id}-summary`, `{id}-download`,
/// `{id}-results`); `file` names the CSV download.
pub fn view(
    ctx: &Ctx,
    id: &'static str,
    file: &'static str,
    result: Arc<Shown>,
    ms: f64,
) -> impl IntoView {
    let head = result
        .columns
        .iter()
        .map(|c| view! { <th scope="col">{c.clone()}</th> })
        .collect_view();
    let body = result
        .rows
        .iter()
        .take(SHOWN)
        .map(|r| view! { <tr>{r.iter().map(|v| view! { <td>{v.clone()}</td> }).collect_view()}</tr> })
        .collect_view();
    let n = result.rows.len();
    let ms = crate::strings::count(ms.max(0.0).round() as usize, ctx.cfg.is_fr());
    let mut summary = ctx.n("query_rows", n, &[("ms", &ms)]);
    if result.truncated {
        summary.push(' ');
        summary.push_str(&ctx.t("query_truncated"));
    }
    let download = move |_| {
        web::download(
            file,
            &csv_text::with_bom(result.csv.clone()),
            "text/csv;charset=utf-8",
        )
    };
    view! {
        <p role="status" id=format!("{id}-summary") data-rows=n.to_string()>{summary}</p>
        <button type="button" id=format!("{id}-download") on:click=download>{ctx.t("query_download")}</button>
        <div class="table-scroll" tabindex="0" role="region" aria-label=ctx.t("query_results")>
            <table class="app-table" id=format!("{id}-results")>
                <caption>{ctx.n("query_shown", SHOWN.min(n), &[])}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
