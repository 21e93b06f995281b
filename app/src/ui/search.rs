//! Search as you type: every keystroke ranks unit groups with the build's
//! own index; arrows move through the results, Enter opens one, Escape
//! goes back to the box.

use jobforge_core::search::{explain, Hit, Lang, SearchResult, Status};
use leptos::prelude::*;

use super::{load, Ctx};
use crate::web;

/// How many unit groups a search lists.
const TOP: usize = 10;
const HIT_LINKS: &str = "#wiq-results a.hit-link";

#[component]
pub fn SearchView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let q = RwSignal::new(web::param("q").unwrap_or_default());
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            let q = q.get();
            ctx.state.set(vec![("q", q)]);
        });
    }
    let result = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let q = q.get();
            let ix = ctx.index.get().ready()?;
            // Matched titles in the page's language where the evidence
            // allows: an English page searching `chef` (read as French)
            // shows `Chefs`, not the French `Chefs`.
            let reader = if ctx.cfg.is_fr() { Lang::Fr } else { Lang::En };
            (!q.trim().is_empty()).then(|| ix.search_for(&q, None, reader, TOP))
        })
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" if web::move_focus(HIT_LINKS, true) => ev.prevent_default(),
        "Escape" => q.set(String::new()),
        _ => {}
    };
    let list_keys = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            web::move_focus(HIT_LINKS, ev.key() == "ArrowDown");
        }
        "Escape" => {
            ev.prevent_default();
            if let Some(input) = web::document().get_element_by_id("wiq-q") {
                use wasm_bindgen::JsCast;
                if let Ok(i) = input.dyn_into::<web_sys::HtmlElement>() {
                    let _ = i.focus();
                }
            }
        }
        _ => {}
    };
    let status = {
        let ctx = ctx.clone();
        move || {
            let r = result.get()?;
            Some(summary(&ctx, &r))
        }
    };
    let hits = {
        let ctx = ctx.clone();
        move || {
            let r = result.get()?;
            let review = r.status != Status::Confident;
            Some(
                r.hits
                    .iter()
                    .enumerate()
                    .map(|(i, h)| hit_view(&ctx, h, i == 0 && review))
                    .collect_view(),
            )
        }
    };
    view! {
        <form class="search-form app-search" role="search" on:submit=|ev| ev.prevent_default()>
            <label for="wiq-q">{ctx.t("search_label")}</label>
            <input
                type="search"
                id="wiq-q"
                name="q"
                autocomplete="off"
                spellcheck="false"
                aria-describedby="wiq-search-help"
                aria-controls="wiq-results"
                prop:value=move || q.get()
                on:input=move |ev| q.set(event_target_value(&ev))
                on:keydown=keys
            />
        </form>
        <p id="wiq-search-help" class="help">{ctx.t("search_help")}</p>
        {load::status(&ctx, ctx.index, load::index)}
        <p class="search-status" role="status" aria-live="polite">{status}</p>
        <ol
            id="wiq-results"
            class="hits"
            data-query=move || result.get().map(|r| r.query)
            on:keydown=list_keys
        >
            {hits}
        </ol>
    }
}

fn summary(ctx: &Ctx, r: &SearchResult) -> String {
    let n = r.hits.len();
    match r.status {
        Status::Abstain => ctx.t("search_abstain"),
        Status::NeedsReview => ctx.n("search_hits_review", n, &[]),
        Status::Confident => ctx.n("search_hits", n, &[]),
    }
}

/// One result on one or two lines: code, title, confidence and the review
/// badge; the evidence (profile, matched title, explanation) behind a
/// native disclosure, so ten results fit on a screen and the keyboard and
/// screen readers get the disclosure for free.
fn hit_view(ctx: &Ctx, h: &Hit, review: bool) -> impl IntoView {
    let fr = ctx.cfg.is_fr();
    let (title, title_en_only) = match (&h.title_fr, fr) {
        (Some(t), true) => (t.clone(), false),
        (None, true) => (h.title_en.clone(), true),
        _ => (h.title_en.clone(), false),
    };
    // English on a French page is marked (`lang`, and the site's notice).
    let en = |english: bool| english.then_some("en");
    let profile = h.profile_code.as_ref().map(|c| {
        let label = h.profile_label.clone().unwrap_or_default();
        // OaSIS publishes profile labels in English only.
        view! {
            <div><dt>{ctx.t("best_profile")}</dt>
            <dd><a href=ctx.cfg.profile_href(c)>{c.clone()}</a>" "<span lang=en(fr)>{label}</span>{ctx.english_only(true)}</dd></div>
        }
    });
    let matched = h.matched_title.as_ref().map(|m| {
        let source = h
            .matched_source
            .map(|s| if fr { s.label_fr() } else { s.label_en() })
            .unwrap_or_default();
        let lang = h.matched_lang.map(Lang::as_str);
        // A title in the other language is the evidence when it shares the
        // query's words; the reader is told which language it is in.
        let other = match h.matched_lang {
            Some(Lang::Fr) if !fr => Some(ctx.t("matched_in_fr")),
            Some(Lang::En) if fr => Some(ctx.t("matched_in_en")),
            _ => None,
        };
        view! {
            <div><dt>{ctx.t("matched_title")}</dt>
            <dd><q lang=lang>{m.clone()}</q>{other.map(|o| format!(" {o}"))}" — "{source}</dd></div>
        }
    });
    let confidence = ctx.f(
        "hit_confidence",
        &[("pct", &explain::percent(h.confidence, fr))],
    );
    let why = if fr {
        h.explanation_fr.clone()
    } else {
        h.explanation_en.clone()
    };
    view! {
        <li class="hit">
            <p class="hit-head">
                <a class="hit-link" href=ctx.cfg.noc_href(&h.unit_group)>
                    <span class="code">{h.unit_group.clone()}</span>" "
                    <span lang=en(title_en_only)>{title}</span>
                </a>
                {ctx.english_only(title_en_only)}
                " "<span class="hit-conf">{confidence}</span>
                {review.then(|| view! { <span class="badge review">{ctx.t("needs_review")}</span> })}
            </p>
            <details class="hit-more">
                <summary>{ctx.t("hit_details")}<span class="visually-hidden">" "{h.unit_group.clone()}</span></summary>
                <dl class="hit-facts">
                    {profile}
                    {matched}
                </dl>
                <p class="why">{why}</p>
            </details>
        </li>
    }
}
