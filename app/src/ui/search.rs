//! Search as you type: every keystroke ranks unit groups with the build's
//! own index; arrows move through the results, Enter opens one, Escape
//! goes back to the box.

use jobforge_core::search::{Hit, Lang, SearchResult, Status};
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
            (!q.trim().is_empty()).then(|| ix.search(&q, TOP))
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
    let n = r.hits.len().to_string();
    match r.status {
        Status::Abstain => ctx.t("search_abstain"),
        Status::NeedsReview => ctx.f("search_hits_review", &[("n", &n)]),
        Status::Confident => ctx.f("search_hits", &[("n", &n)]),
    }
}

fn hit_view(ctx: &Ctx, h: &Hit, review: bool) -> impl IntoView {
    let fr = ctx.cfg.is_fr();
    let title = if fr {
        h.title_fr.clone().unwrap_or_else(|| h.title_en.clone())
    } else {
        h.title_en.clone()
    };
    // A French page showing an English-only title marks its language.
    let title_lang = (fr && h.title_fr.is_none()).then_some("en");
    let profile = h.profile_code.as_ref().map(|c| {
        let label = h.profile_label.clone().unwrap_or_default();
        view! {
            <div><dt>{ctx.t("best_profile")}</dt>
            <dd><a href=ctx.cfg.profile_href(c)>{c.clone()}</a>" "<span lang=fr.then_some("en")>{label}</span></dd></div>
        }
    });
    let matched = h.matched_title.as_ref().map(|m| {
        let source = h
            .matched_source
            .map(|s| if fr { s.label_fr() } else { s.label_en() })
            .unwrap_or_default();
        let lang = h.matched_lang.map(Lang::as_str);
        view! {
            <div><dt>{ctx.t("matched_title")}</dt>
            <dd><q lang=lang>{m.clone()}</q>" — "{source}</dd></div>
        }
    });
    let confidence = format!("{:.0} %", h.confidence * 100.0);
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
                    <span lang=title_lang>{title}</span>
                </a>
                {review.then(|| view! { <span class="badge review">{ctx.t("needs_review")}</span> })}
            </p>
            <dl class="hit-facts">
                {profile}
                {matched}
                <div><dt>{ctx.t("confidence")}</dt><dd>{confidence}</dd></div>
            </dl>
            <p class="why">{why}</p>
        </li>
    }
}
