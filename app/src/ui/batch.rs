//! Batch coding: a pasted list or a CSV file in, the same columns as
//! `jobforge code` out, as a CSV download made in the browser.

use std::collections::BTreeMap;
use std::sync::Arc;

use jobforge_core::batch::{code_one_for, Coded, ADDED_COLUMNS};
use jobforge_core::search::{explain, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::{load, Ctx};
use crate::batch_input::{preview_cell, to_csv, BatchInput, CsvStyle, InputError};
use crate::strings::count;
use crate::web;

/// Rows coded between two repaints of the progress bar.
const CHUNK: usize = 200;
/// Rows shown in the preview table.
const PREVIEW: usize = 20;

/// The coded rows, and which of them carry an English unit-group title on
/// a French page (a unit group the sources give no French title for).
struct Coding {
    rows: Vec<Coded>,
    title_english: Vec<bool>,
}

#[derive(Clone, Copy)]
struct Batch {
    input: RwSignal<Option<Arc<BatchInput>>>,
    error: RwSignal<Option<String>>,
    title_col: RwSignal<usize>,
    ug_col: RwSignal<Option<usize>>,
    progress: RwSignal<Option<(usize, usize)>>,
    output: RwSignal<Option<Arc<Coding>>>,
    file_name: RwSignal<String>,
}

fn input_error(ctx: &Ctx, e: &InputError) -> String {
    match e {
        InputError::NotText => ctx.t("batch_not_csv"),
        InputError::Empty => ctx.t("batch_empty_file"),
        InputError::Csv { line, message } => ctx.f(
            "batch_bad_csv",
            &[("line", &line.to_string()), ("reason", message)],
        ),
    }
}

impl Batch {
    fn new() -> Batch {
        Batch {
            input: RwSignal::new(None),
            error: RwSignal::new(None),
            title_col: RwSignal::new(0),
            ug_col: RwSignal::new(None),
            progress: RwSignal::new(None),
            output: RwSignal::new(None),
            file_name: RwSignal::new(String::new()),
        }
    }

    fn set_input(&self, input: BatchInput) {
        self.title_col.set(input.guess_title_column());
        self.ug_col.set(input.guess_unit_group_column());
        self.error.set(None);
        self.output.set(None);
        self.input.set(Some(Arc::new(input)));
    }
}

fn run(ctx: Ctx, b: Batch) {
    let Some(input) = b.input.get_untracked() else {
        return;
    };
    let tcol = b.title_col.get_untracked();
    let ucol = b.ug_col.get_untracked();
    spawn_local(async move {
        // A click before the index has loaded waits for it.
        let Some(index) = load::ready(ctx.index).await else {
            return;
        };
        let resolver = match ucol {
            Some(_) => {
                load::resolver(&ctx);
                match load::ready(ctx.resolver).await {
                    Some(r) => Some(r),
                    None => return,
                }
            }
            None => None,
        };
        let n = input.rows.len();
        let started = web::now();
        let fr = ctx.cfg.is_fr();
        let reader = if fr { Lang::Fr } else { Lang::En };
        let mut out = Vec::with_capacity(n);
        let mut title_english = Vec::with_capacity(n);
        b.output.set(None);
        b.progress.set(Some((0, n)));
        for chunk in input.rows.chunks(CHUNK) {
            for row in chunk {
                let cell = |c: usize| row.get(c).map(String::as_str);
                let mut c = code_one_for(
                    &index,
                    resolver.as_deref(),
                    cell(tcol),
                    ucol.and_then(cell),
                    Some(reader),
                );
                // `jobforge code` writes the English title; a French page
                // gives the French one where the sources have it.
                let french = fr
                    .then(|| index.unit_group(&c.noc_code))
                    .flatten()
                    .and_then(|u| u.title_fr.clone());
                title_english.push(fr && french.is_none() && !c.noc_title.is_empty());
                if let Some(t) = french {
                    c.noc_title = t;
                }
                out.push(c);
            }
            b.progress.set(Some((out.len(), n)));
            web::sleep(0).await;
        }
        web::perf_record("batchRows", n as f64);
        web::perf_record("batchMs", web::now() - started);
        b.output.set(Some(Arc::new(Coding {
            rows: out,
            title_english,
        })));
    });
}

#[component]
pub fn BatchView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let b = Batch::new();
    let pasted = RwSignal::new(String::new());

    let use_paste = {
        // The pasted list's one column is named in the page's language.
        let column = ctx.t("batch_pasted_column");
        move |_| {
            b.file_name.set("wiq-coded.csv".into());
            let mut input = BatchInput::from_lines(&pasted.get_untracked());
            input.header = vec![column.clone()];
            b.set_input(input);
        }
    };
    let choose_file = {
        let ctx = ctx.clone();
        move |ev: leptos::ev::Event| {
            let Some(file) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            let ctx = ctx.clone();
            spawn_local(async move {
                let name = file.name();
                let stem = name
                    .rsplit_once('.')
                    .map_or(name.as_str(), |(s, _)| s)
                    .to_string();
                b.file_name.set(format!("{stem}-coded.csv"));
                match web::file_bytes(&file).await {
                    Ok(bytes) => match BatchInput::from_csv(&bytes) {
                        Ok(input) => b.set_input(input),
                        Err(e) => {
                            b.input.set(None);
                            b.error.set(Some(input_error(&ctx, &e)));
                        }
                    },
                    Err(reason) => b.error.set(Some(reason)),
                }
            });
        }
    };
    let start = {
        let ctx = ctx.clone();
        move |_| run(ctx.clone(), b)
    };
    let style = csv_style(&ctx);
    let download = {
        move |_| {
            if let (Some(i), Some(o)) = (b.input.get_untracked(), b.output.get_untracked()) {
                web::download(
                    &b.file_name.get_untracked(),
                    &to_csv(&i, &o.rows, &style),
                    "text/csv;charset=utf-8",
                );
            }
        }
    };

    let columns = {
        let ctx = ctx.clone();
        move || {
            let input = b.input.get()?;
            let options = |selected: Option<usize>| {
                input
                    .header
                    .iter()
                    .enumerate()
                    .map(|(i, h)| view! { <option value=i.to_string() selected=selected == Some(i)>{h.clone()}</option> })
                    .collect_view()
            };
            let (b1, b2) = (b, b);
            Some(view! {
                <p>{ctx.n("batch_rows", input.rows.len(), &[])}</p>
                {(!input.notices(&ctx.cfg.lang).is_empty()).then(|| view! {
                    <ul class="batch-notices" role="status">
                        {input.notices(&ctx.cfg.lang).iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                    </ul>
                })}
                <div class="field">
                    <label for="wiq-b-title">{ctx.t("batch_title_column")}</label>
                    <select id="wiq-b-title" on:change=move |ev| {
                        b1.title_col.set(event_target_value(&ev).parse().unwrap_or(0));
                    }>{options(Some(b.title_col.get_untracked()))}</select>
                </div>
                <div class="field">
                    <label for="wiq-b-ug">{ctx.t("batch_ug_column")}</label>
                    <select id="wiq-b-ug" on:change=move |ev| {
                        b2.ug_col.set(event_target_value(&ev).parse().ok());
                    }>
                        <option value="" selected=b.ug_col.get_untracked().is_none()>{ctx.t("batch_no_ug_column")}</option>
                        {options(b.ug_col.get_untracked())}
                    </select>
                </div>
                <button type="button" id="wiq-b-run" on:click=start.clone()>{ctx.t("batch_run")}</button>
            })
        }
    };
    let progress = {
        let ctx = ctx.clone();
        move || {
            let (done, n) = b.progress.get()?;
            Some(view! {
                <div class="batch-progress">
                    <label for="wiq-b-progress">{ctx.t("batch_progress")}</label>
                    <progress id="wiq-b-progress" max=n.max(1).to_string() value=done.to_string()>{format!("{done}/{n}")}</progress>
                    <span role="status">{ctx.n("batch_done", n, &[("done", &count(done, ctx.cfg.is_fr()))])}</span>
                </div>
            })
        }
    };
    let results = {
        let ctx = ctx.clone();
        let headers = style_headers(&ctx);
        move || {
            let (input, out) = (b.input.get()?, b.output.get()?);
            let fr = ctx.cfg.is_fr();
            let mut by_method: BTreeMap<&str, usize> = BTreeMap::new();
            for c in out.rows.iter() {
                *by_method.entry(c.method.as_str()).or_default() += 1;
            }
            let review = out.rows.iter().filter(|c| c.needs_review).count();
            let tcol = b.title_col.get_untracked();
            let rows = input
                .rows
                .iter()
                .zip(out.rows.iter().zip(&out.title_english))
                .take(PREVIEW)
                .map(|(r, (c, &english))| {
                    let confidence = c
                        .confidence
                        .parse::<f32>()
                        .map(|p| explain::percent(p, fr))
                        .unwrap_or_default();
                    view! {
                        <tr>
                            <td>{r.get(tcol).map(|t| preview_cell(t)).unwrap_or_default()}</td>
                            <td><code>{c.noc_code.clone()}</code></td>
                            <td lang=english.then_some("en")>{c.noc_title.clone()}{ctx.english_only(english)}</td>
                            <td>{confidence}</td>
                            <td><code>{c.method.clone()}</code>" "{method_label(&ctx, &c.method)}</td>
                            <td>{if c.needs_review { ctx.t("yes") } else { ctx.t("no") }}</td>
                        </tr>
                    }
                })
                .collect_view();
            let methods = by_method
                .into_iter()
                .map(|(m, n)| {
                    let label = method_label(&ctx, m);
                    let text = ctx.f("batch_method", &[("label", &label), ("n", &count(n, fr))]);
                    view! { <li><code>{m.to_string()}</code>" "{text}</li> }
                })
                .collect_view();
            let shown = PREVIEW.min(out.rows.len());
            // The preview's headings are the CSV's: machine names in
            // English, French headings in French (ADDED_COLUMNS order).
            let h = |name: &str| {
                ADDED_COLUMNS
                    .iter()
                    .position(|c| *c == name)
                    .and_then(|i| headers.get(i).cloned())
                    .unwrap_or_default()
            };
            Some(view! {
                <h2>{ctx.t("batch_results")}</h2>
                <ul class="batch-summary">
                    {methods}
                    <li>{ctx.n("batch_review", review, &[])}</li>
                </ul>
                <button type="button" id="wiq-b-download" on:click=download.clone()>{ctx.t("batch_download")}</button>
                <div class="table-scroll" tabindex="0" role="region" aria-label=ctx.t("batch_results")>
                <table class="batch-preview">
                    <caption>{ctx.n("batch_preview", shown, &[])}</caption>
                    <thead><tr>
                        <th scope="col">{ctx.t("batch_col_title")}</th>
                        <th scope="col">{h("noc_code")}</th>
                        <th scope="col">{h("noc_title")}</th>
                        <th scope="col">{h("confidence")}</th>
                        <th scope="col">{h("method")}</th>
                        <th scope="col">{h("needs_review")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            })
        }
    };
    let error = move || {
        b.error
            .get()
            .map(|e| view! { <p class="app-error" role="alert">{e}</p> })
    };

    view! {
        <p>{ctx.t("batch_intro")}</p>
        <div class="batch-inputs">
            <div class="field">
                <label for="wiq-b-paste">{ctx.t("batch_paste")}</label>
                <textarea id="wiq-b-paste" rows="8" prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                <button type="button" id="wiq-b-use-paste" on:click=use_paste>{ctx.t("batch_use_paste")}</button>
            </div>
            <div class="field">
                <label for="wiq-b-file">{ctx.t("batch_file")}</label>
                <input type="file" id="wiq-b-file" accept=".csv,text/csv,text/plain" on:change=choose_file />
            </div>
        </div>
        {error}
        {columns}
        {load::status(&ctx, ctx.index, load::index)}
        {load::status(&ctx, ctx.resolver, load::resolver)}
        {progress}
        <div id="wiq-batch-results">{results}</div>
    }
}

/// The headings of the added columns in the page's language: the machine
/// names (`noc_code`…) in English, as `jobforge code` writes them; French
/// headings from the page's strings in French.
fn style_headers(ctx: &Ctx) -> Vec<String> {
    if ctx.cfg.is_fr() {
        ADDED_COLUMNS
            .iter()
            .map(|c| ctx.t(&format!("batch_col_{c}")))
            .collect()
    } else {
        CsvStyle::machine().headers
    }
}

fn csv_style(ctx: &Ctx) -> CsvStyle {
    if ctx.cfg.is_fr() {
        CsvStyle::french(style_headers(ctx), (ctx.t("csv_yes"), ctx.t("csv_no")))
    } else {
        CsvStyle::machine()
    }
}

/// A method code's label (`SEARCH` → "search by title"); the code itself
/// stays, as the CSV and the seed name it.
fn method_label(ctx: &Ctx, method: &str) -> String {
    ctx.t(&format!("method_{}", method.to_ascii_lowercase()))
}
