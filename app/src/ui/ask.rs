//! Questions about the data, in plain English or French, answered from the
//! catalogue and lineage (`jobforge_core::ask`, the same as `jobforge ask`).
//! Every answer cites the tables and columns it used, linked to their
//! catalogue pages; an unrecognised question gets suggestions.

use jobforge_core::ask::{answer, Answer, Intent, Lang};
use leptos::prelude::*;

use super::{load, Ctx};
use crate::web;

#[component]
pub fn AskView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    load::catalog(&ctx);
    let question = RwSignal::new(web::param("question").unwrap_or_default());
    let asked = RwSignal::new(Some(question.get_untracked()).filter(|q| !q.trim().is_empty()));
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            if let Some(q) = asked.get() {
                ctx.state.set(vec![("question", q)]);
            }
        });
    }
    let result = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let q = asked.get()?;
            let catalog = ctx.catalog.get().ready()?;
            Some(answer(&catalog, &q))
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        asked.set(Some(question.get_untracked()));
    };
    let ask = move |q: String| {
        question.set(q.clone());
        asked.set(Some(q));
    };
    let examples = {
        let ctx = ctx.clone();
        move || {
            // The core's own suggestions, so every example is one it answers.
            let catalog = ctx.catalog.get().ready()?;
            let fr = ctx.cfg.is_fr();
            let s = answer(&catalog, "").suggestions;
            Some(
                s.into_iter()
                    .map(|(en, f)| {
                        let q = if fr { f } else { en };
                        let q2 = q.clone();
                        view! { <li><button type="button" class="link-button" on:click=move |_| ask(q2.clone())>{q}</button></li> }
                    })
                    .collect_view(),
            )
        }
    };
    let body = {
        let ctx = ctx.clone();
        move || result.get().map(|a| answer_view(&ctx, &a, ask))
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

fn answer_view(ctx: &Ctx, a: &Answer, ask: impl Fn(String) + Copy + 'static) -> impl IntoView {
    let fr = ctx.cfg.is_fr();
    let text = if fr {
        a.text_fr.clone()
    } else {
        a.text_en.clone()
    };
    // Details are in the question's language; transforms only in English.
    let detail_lang = match a.lang {
        Lang::En if fr => Some("en"),
        Lang::Fr if !fr => Some("fr"),
        _ => None,
    };
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
    let cites = a
        .cites
        .iter()
        .map(|c| {
            let label = match &c.column {
                Some(col) => format!("{}.{col}", c.table),
                None => c.table.clone(),
            };
            view! { <li><a href=ctx.cfg.table_href(&c.table)><code>{label}</code></a></li> }
        })
        .collect_view();
    let suggestions = a
        .suggestions
        .iter()
        .map(|(en, f)| {
            let q = if fr { f.clone() } else { en.clone() };
            let q2 = q.clone();
            view! { <li><button type="button" class="link-button" on:click=move |_| ask(q2.clone())>{q}</button></li> }
        })
        .collect_view();
    let unknown = a.intent == Intent::Unknown;
    view! {
        <div class="answer" data-intent=a.intent.as_str()>
            <p class="answer-text">{text}</p>
            {(!a.items.is_empty()).then(|| view! { <ul class="answer-items">{items}</ul> })}
            {(!a.cites.is_empty()).then(|| view! {
                <h3>{ctx.t("ask_cites")}</h3>
                <ul class="answer-cites">{cites}</ul>
            })}
            {(!a.suggestions.is_empty()).then(|| view! {
                <h3>{if unknown { ctx.t("ask_try") } else { ctx.t("ask_related") }}</h3>
                <ul class="examples">{suggestions}</ul>
            })}
        </div>
    }
}
