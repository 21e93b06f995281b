//! The question box: one box for questions about the data and about the
//! metadata, in plain English or French, answered in the browser with the
//! same core code as `jobforge ask`.
//!
//! The question goes to the SQL console's worker (`query_worker`), which
//! answers it with `jobforge_core::ask::data::ask` over the tables of
//! `data::tables()` and the catalogue, as `jobforge ask` does, and runs the
//! SQL of a data question. The worker and its wasm load only when the view
//! opens, and the reading, the engine and the formatting all stay there,
//! so the search page's own wasm stays small. A named occupation is
//! resolved here, with the search index the page already holds.
//!
//! A data answer shows its work: the sentence, the rows (with a CSV
//! download), the SQL with a link that opens it in the console, how the
//! question was read, and the tables and columns it used.

use std::collections::HashMap;
use std::sync::Arc;

use jobforge_core::ask::data::{self, NotUnderstood, Resolution, Resolver};
use jobforge_core::ask::{Answer, Cite, Intent, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::sql_worker::{Heard, SqlWorker};
use super::{load, Ctx};
use crate::query_worker::{DataAnswer, Reply};
use crate::web;

/// How many times the worker may ask for names before the page gives up
/// (each round resolves every name it asked for, so one is the norm).
const NAME_ROUNDS: u32 = 3;

#[derive(Debug, Clone, PartialEq)]
enum Asking {
    Idle,
    /// Fetching the tables, or waiting for the worker.
    Busy,
    Data(Arc<DataAnswer>),
    Meta(Arc<Answer>),
    Missed(Arc<NotUnderstood>),
    Failed(String),
}

/// The question box's worker, the tables fetched for it, and the question
/// in flight.
#[derive(Default)]
struct Asker {
    worker: Option<SqlWorker>,
    /// Parquet bytes of the tables the worker answers from, fetched once
    /// and posted again to a new worker.
    fetched: HashMap<String, Vec<u8>>,
    /// Names resolved with the search index, kept for later questions.
    names: HashMap<String, Resolution>,
    question: String,
    rounds: u32,
    /// When the question was asked (`wiqPerf.askMs`).
    started: f64,
    /// Bumped by every question: the fetches of an older one see it change
    /// and stop.
    generation: u64,
}

type AskerCell = StoredValue<Asker, LocalStorage>;

/// Starts the worker (dropping the old one terminates it).
fn restart(ctx: &Ctx, asker: AskerCell, state: RwSignal<Asking>) {
    asker.update_value(|a| a.worker = None);
    let heard = {
        let ctx = ctx.clone();
        move |h: Heard| hear(&ctx, asker, state, h)
    };
    match SqlWorker::start(ctx.cfg.is_fr(), heard) {
        Ok(w) => asker.update_value(|a| a.worker = Some(w)),
        Err(e) => {
            if state.get_untracked() == Asking::Busy {
                state.set(Asking::Failed(format!("{} {e}", ctx.t("query_crashed"))));
            }
        }
    }
}

/// The tables the worker answers from: the data questions' and the
/// catalogue's.
fn tables() -> impl Iterator<Item = &'static str> {
    data::tables().chain(crate::data::CATALOG_TABLES)
}

/// Posts the question in flight with the tables the worker lacks and the
/// names resolved so far.
fn post(asker: AskerCell) -> bool {
    asker
        .try_update_value(|a| {
            let Asker {
                worker,
                fetched,
                names,
                question,
                ..
            } = a;
            let w = worker.as_mut()?;
            let tables = tables()
                .filter(|t| !w.has(t))
                .filter_map(|t| fetched.get(t).map(|b| (t.to_string(), b.clone())))
                .collect();
            let names = names.iter().map(|(n, r)| (n.clone(), r.clone())).collect();
            w.ask(tables, question.clone(), names);
            Some(())
        })
        .flatten()
        .is_some()
}

fn finish(asker: AskerCell, state: RwSignal<Asking>, done: Asking) {
    let started = asker.with_value(|a| a.started);
    web::perf_record("askMs", web::now() - started);
    state.set(done);
}

/// A reply, or the worker's failure. Runs inside the worker's event
/// handler, so anything that restarts or waits is spawned.
fn hear(ctx: &Ctx, asker: AskerCell, state: RwSignal<Asking>, heard: Heard) {
    let busy = state.get_untracked() == Asking::Busy;
    match heard {
        Ok(_) if !busy => {}
        Ok(Reply::Answer(a)) => finish(asker, state, Asking::Data(Arc::from(a))),
        Ok(Reply::Names(names)) => {
            let ctx = ctx.clone();
            spawn_local(async move { resolve_names(&ctx, asker, state, names).await });
        }
        Ok(Reply::Metadata(a)) => finish(asker, state, Asking::Meta(Arc::from(a))),
        Ok(Reply::Missed(miss)) => finish(asker, state, Asking::Missed(Arc::from(miss))),
        Ok(Reply::Failed { text, .. }) => state.set(Asking::Failed(text)),
        Ok(Reply::Done { .. }) => {}
        Err(e) => {
            state.set(Asking::Failed(format!("{} {e}", ctx.t("query_crashed"))));
            let ctx = ctx.clone();
            spawn_local(async move { restart(&ctx, asker, state) });
        }
    }
}

/// Resolves the names the worker asked for with the search index, and asks
/// again.
async fn resolve_names(ctx: &Ctx, asker: AskerCell, state: RwSignal<Asking>, names: Vec<String>) {
    let generation = asker.with_value(|a| a.generation);
    let index = load::ready(ctx.index).await;
    if asker.with_value(|a| a.generation) != generation {
        return;
    }
    let rounds = asker
        .try_update_value(|a| {
            a.rounds += 1;
            for n in names {
                let r = index.as_ref().map_or(Resolution::None, |ix| ix.resolve(&n));
                a.names.insert(n, r);
            }
            a.rounds
        })
        .unwrap_or(NAME_ROUNDS + 1);
    if rounds > NAME_ROUNDS || !post(asker) {
        state.set(Asking::Failed(ctx.t("query_crashed")));
    }
}

/// Asks `question`: fetches the tables the worker needs (once), then posts
/// it. A question asked while another is in flight replaces it.
fn ask_now(ctx: &Ctx, asker: AskerCell, state: RwSignal<Asking>, question: String) {
    let busy = state.get_untracked() == Asking::Busy;
    let generation = asker
        .try_update_value(|a| {
            a.generation += 1;
            a.question = question;
            a.rounds = 0;
            a.started = web::now();
            a.generation
        })
        .unwrap_or_default();
    state.set(Asking::Busy);
    if busy || asker.with_value(|a| a.worker.is_none()) {
        restart(ctx, asker, state);
    }
    let ctx = ctx.clone();
    spawn_local(async move {
        for t in tables() {
            if asker.with_value(|a| a.fetched.contains_key(t)) {
                continue;
            }
            match load::fetch_checked(&ctx, &crate::data::parquet_file(t)).await {
                Ok(bytes) => asker.update_value(|a| {
                    a.fetched.insert(t.to_string(), bytes);
                }),
                Err(e) => {
                    if asker.with_value(|a| a.generation) == generation {
                        state.set(Asking::Failed(e.to_string()));
                    }
                    return;
                }
            }
        }
        if asker.with_value(|a| a.generation) == generation && !post(asker) {
            state.set(Asking::Failed(ctx.t("query_crashed")));
        }
    });
}

#[component]
pub fn AskView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    load::catalog(&ctx);
    let asker: AskerCell = StoredValue::new_local(Asker::default());
    let state = RwSignal::new(Asking::Idle);
    let question = RwSignal::new(web::param("question").unwrap_or_default());
    // Started now, so the first question does not wait for its wasm.
    restart(&ctx, asker, state);
    let ask = {
        let ctx = ctx.clone();
        move |q: String| {
            question.set(q.clone());
            if q.trim().is_empty() {
                return;
            }
            ctx.state.set(vec![("question", q.clone())]);
            ask_now(&ctx, asker, state, q);
        }
    };
    if !question.get_untracked().trim().is_empty() {
        ask(question.get_untracked());
    }
    let submit = {
        let ask = ask.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            ask(question.get_untracked());
        }
    };
    let ask: Arc<dyn Fn(String) + Send + Sync> = Arc::new(ask);
    let examples = {
        let ctx = ctx.clone();
        let ask = ask.clone();
        move || {
            // The core's own suggestions, so every example is one it answers.
            let catalog = ctx.catalog.get().ready()?;
            let mut s = data::suggestions(&data::Vocab::default());
            s.extend(jobforge_core::ask::examples(&catalog));
            Some(question_buttons(&ctx, &s, &ask))
        }
    };
    let body = {
        let ctx = ctx.clone();
        move || {
            let q = asker.with_value(|a| a.question.clone());
            match state.get() {
                Asking::Idle => ().into_any(),
                Asking::Busy => view! { <p role="status">{ctx.t("ask_working")}</p> }.into_any(),
                Asking::Failed(text) => view! {
                    <div class="app-error" role="alert"><p>{text}</p></div>
                }
                .into_any(),
                Asking::Data(a) => data_view(&ctx, &q, &a).into_any(),
                Asking::Meta(a) => answer_view(&ctx, &q, &a, &ask).into_any(),
                Asking::Missed(n) => missed_view(&ctx, &q, &n, &ask).into_any(),
            }
        }
    };
    view! {
        <p>{ctx.t("ask_intro")}</p>
        <form class="app-form" on:submit=submit>
            <div class="field">
                <label for="wiq-ask-q">{ctx.t("ask_label")}</label>
                <input type="text" id="wiq-ask-q" size="48" autocomplete="off"
                    prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev)) />
            </div>
            <button type="submit">{ctx.t("ask_button")}</button>
        </form>
        {load::status(&ctx, ctx.catalog, load::catalog)}
        <div id="wiq-answer" aria-live="polite">{body}</div>
        <h2>{ctx.t("ask_examples")}</h2>
        <ul class="examples">{examples}</ul>
    }
}

type AskFn = Arc<dyn Fn(String) + Send + Sync>;

/// Buttons that ask each question (English, French) in the page's language.
fn question_buttons(ctx: &Ctx, questions: &[(String, String)], ask: &AskFn) -> impl IntoView {
    let fr = ctx.cfg.is_fr();
    questions
        .iter()
        .map(|(en, f)| {
            let q = if fr { f.clone() } else { en.clone() };
            let (q2, ask) = (q.clone(), ask.clone());
            view! { <li><button type="button" class="link-button" on:click=move |_| ask(q2.clone())>{q}</button></li> }
        })
        .collect_view()
}

/// The `lang` of text in `lang` on this page: none when they agree.
fn lang_attr(ctx: &Ctx, lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::En if ctx.cfg.is_fr() => Some("en"),
        Lang::Fr if !ctx.cfg.is_fr() => Some("fr"),
        _ => None,
    }
}

fn cites_view(ctx: &Ctx, cites: &[Cite]) -> impl IntoView {
    let items = cites
        .iter()
        .map(|c| {
            let label = match &c.column {
                Some(col) => format!("{}.{col}", c.table),
                None => c.table.clone(),
            };
            view! { <li><a href=ctx.cfg.table_href(&c.table)><code>{label}</code></a></li> }
        })
        .collect_view();
    (!cites.is_empty()).then(|| {
        view! {
            <h3>{ctx.t("ask_cites")}</h3>
            <ul class="answer-cites">{items}</ul>
        }
    })
}

fn data_view(ctx: &Ctx, question: &str, a: &DataAnswer) -> impl IntoView {
    let lang = lang_attr(ctx, a.lang);
    let result = Arc::new(a.result.clone());
    let console = format!(
        "{}{}",
        ctx.cfg.query_href,
        web::query_string(&[("sql", a.sql.as_str())])
    );
    let notes = a
        .notes
        .iter()
        .map(|n| {
            let text = if a.lang == Lang::Fr { &n.fr } else { &n.en };
            view! { <li lang=lang>{text.clone()}</li> }
        })
        .collect_view();
    view! {
        <div class="answer" data-intent="data" data-question=question.to_string()>
            <p class="answer-text" lang=lang>{a.sentence.clone()}</p>
            {super::result_table::view(ctx, "wiq-ask", "wiq-answer.csv", result, a.ms)}
            <h3>{ctx.t("ask_sql")}</h3>
            <pre class="sql"><code id="wiq-ask-sql">{a.sql.clone()}</code></pre>
            <p><a id="wiq-ask-console" href=console>{ctx.t("ask_open_console")}</a></p>
            {(!a.notes.is_empty()).then(|| view! {
                <h3>{ctx.t("ask_read_as")}</h3>
                <ul class="answer-notes">{notes}</ul>
            })}
            {cites_view(ctx, &a.cites)}
        </div>
    }
}

fn missed_view(ctx: &Ctx, question: &str, n: &NotUnderstood, ask: &AskFn) -> impl IntoView {
    let fr = ctx.cfg.is_fr();
    let text = if fr {
        n.text_fr.clone()
    } else {
        n.text_en.clone()
    };
    let candidates = n
        .candidates
        .iter()
        .map(|c| {
            let title = match (&c.title_fr, fr) {
                (Some(t), true) => t.clone(),
                _ => c.title_en.clone(),
            };
            view! {
                <li><a href=ctx.cfg.noc_href(&c.code)><span class="code">{c.code.clone()}</span>" "{title}</a></li>
            }
        })
        .collect_view();
    view! {
        <div class="answer" data-intent="unknown" data-question=question.to_string()>
            <p class="answer-text">{text}</p>
            {(!n.candidates.is_empty()).then(|| view! { <ul class="answer-candidates">{candidates}</ul> })}
            {(!n.suggestions.is_empty()).then(|| view! {
                <h3>{ctx.t("ask_try")}</h3>
                <ul class="examples">{question_buttons(ctx, &n.suggestions, ask)}</ul>
            })}
        </div>
    }
}

fn answer_view(ctx: &Ctx, question: &str, a: &Answer, ask: &AskFn) -> impl IntoView {
    let fr = ctx.cfg.is_fr();
    let text = if fr {
        a.text_fr.clone()
    } else {
        a.text_en.clone()
    };
    // Details are in the question's language; transforms only in English.
    let detail_lang = lang_attr(ctx, a.lang);
    let items = a
        .items
        .iter()
        .map(|it| {
            let what = match (&it.column, &it.file) {
                (Some(c), _) => format!("{}.{c}", it.table),
                (None, Some(f)) => f.clone(),
                (None, None) => it.table.clone(),
            };
            view! {
                <li>
                    <a href=ctx.cfg.table_href(&it.table)><code>{what}</code></a>
                    {(!it.detail.is_empty()).then(|| view! { " — "<span lang=detail_lang>{it.detail.clone()}</span> })}
                </li>
            }
        })
        .collect_view();
    let unknown = a.intent == Intent::Unknown;
    view! {
        <div class="answer" data-intent=a.intent.as_str() data-question=question.to_string()>
            <p class="answer-text">{text}</p>
            {(!a.items.is_empty()).then(|| view! { <ul class="answer-items">{items}</ul> })}
            {cites_view(ctx, &a.cites)}
            {(!a.suggestions.is_empty()).then(|| view! {
                <h3>{if unknown { ctx.t("ask_try") } else { ctx.t("ask_related") }}</h3>
                <ul class="examples">{question_buttons(ctx, &a.suggestions, ask)}</ul>
            })}
        </div>
    }
}
