//! Resolution with a known unit group: the 5-tier resolver, the same as
//! `jobforge resolve`.

use jobforge_core::batch::pad_code;
use jobforge_core::resolve::{Resolution, ResolveError};
use leptos::prelude::*;

use super::{load, Ctx};
use crate::web;

#[component]
pub fn ResolveView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    load::resolver(&ctx);
    let title = RwSignal::new(web::param("title").unwrap_or_default());
    let noc = RwSignal::new(web::param("noc").unwrap_or_default());
    // What was last submitted: the answer follows the form only on submit.
    let asked = RwSignal::new(
        (!title.get_untracked().is_empty() || !noc.get_untracked().is_empty())
            .then(|| (title.get_untracked(), noc.get_untracked())),
    );
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            if let Some((t, n)) = asked.get() {
                ctx.state.set(vec![("title", t), ("noc", n)]);
            }
        });
    }
    let answer = {
        let ctx = ctx.clone();
        move || {
            let (t, n) = asked.get()?;
            let data = ctx.resolver.get().ready()?;
            Some(match data.resolve(&t, &pad_code(&n)) {
                Ok(r) => resolution_view(&ctx, &r).into_any(),
                Err(e) => {
                    let msg = match e {
                        ResolveError::EmptyTitle => ctx.t("resolve_empty_title"),
                        ResolveError::NotUnitGroup(c) => {
                            ctx.f("resolve_not_unit_group", &[("code", &c)])
                        }
                    };
                    view! { <p class="app-error" role="alert">{msg}</p> }.into_any()
                }
            })
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        asked.set(Some((title.get_untracked(), noc.get_untracked())));
    };
    view! {
        <p>{ctx.t("resolve_intro")}</p>
        <form class="app-form" on:submit=submit>
            <div class="field">
                <label for="wiq-r-title">{ctx.t("resolve_title")}</label>
                <input type="text" id="wiq-r-title" autocomplete="off"
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="wiq-r-noc">{ctx.t("resolve_noc")}</label>
                <input type="text" id="wiq-r-noc" inputmode="numeric" autocomplete="off" size="6"
                    aria-describedby="wiq-r-noc-help"
                    prop:value=move || noc.get() on:input=move |ev| noc.set(event_target_value(&ev)) />
                <p id="wiq-r-noc-help" class="help">{ctx.t("resolve_noc_help")}</p>
            </div>
            <button type="submit">{ctx.t("resolve_button")}</button>
        </form>
        {load::status(&ctx, ctx.resolver, load::resolver)}
        <div id="wiq-resolution" aria-live="polite">{answer}</div>
    }
}

fn resolution_view(ctx: &Ctx, r: &Resolution) -> impl IntoView {
    let fr = ctx.cfg.is_fr();
    let profile = match (&r.profile_code, &r.profile_label) {
        (Some(c), label) => view! {
            <a href=ctx.cfg.profile_href(c)>{c.clone()}</a>" "
            <span lang=fr.then_some("en")>{label.clone().unwrap_or_default()}</span>
            {ctx.english_only(true)}
        }
        .into_any(),
        _ => view! { <span>{ctx.t("resolve_no_profile")}</span> }.into_any(),
    };
    let score = r.score.map(|s| {
        let s = format!("{s:.1}");
        let s = if fr { s.replace('.', ",") } else { s };
        format!("{s} ({})", r.scorer.clone().unwrap_or_default())
    });
    // `0.95`; `0,95` in French.
    let confidence = {
        let c = format!("{:.2}", r.confidence);
        if fr {
            c.replace('.', ",")
        } else {
            c
        }
    };
    let rationale = if fr {
        r.rationale_fr.clone()
    } else {
        r.rationale_en.clone()
    };
    view! {
        <dl class="resolution" data-tier=r.tier.as_str()>
            <div><dt>{ctx.t("tier")}</dt><dd><code>{r.tier.as_str()}</code>" "{ctx.t(&format!("method_{}", r.tier.as_str().to_ascii_lowercase()))}</dd></div>
            <div><dt>{ctx.t("confidence")}</dt><dd>{confidence}</dd></div>
            <div><dt>{ctx.t("unit_group")}</dt><dd><a href=ctx.cfg.noc_href(&r.unit_group)>{r.unit_group.clone()}</a></dd></div>
            <div><dt>{ctx.t("profile")}</dt><dd>{profile}</dd></div>
            {r.matched_text.clone().map(|m| view! { <div><dt>{ctx.t("matched_title")}</dt><dd><q lang=fr.then_some("en")>{m}</q>{ctx.english_only(true)}</dd></div> })}
            {score.map(|s| view! { <div><dt>{ctx.t("score")}</dt><dd>{s}</dd></div> })}
            {r.source_table.clone().map(|s| view! { <div><dt>{ctx.t("source_table")}</dt><dd><a href=ctx.cfg.table_href(&s)><code>{s.clone()}</code></a></dd></div> })}
            <div><dt>{ctx.t("rationale")}</dt><dd>{rationale}</dd></div>
        </dl>
    }
}
