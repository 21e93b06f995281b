//! The build, replayed step by step from its own lineage
//! (`jobforge_core::replay`): sources → gold tables → imputation →
//! published. Play and pause, one event at a time, or a step at a time;
//! the latest event is announced to screen readers, and nothing moves
//! until the visitor presses Play. The model is drawn as it grows
//! (`replay_diagram`), with the event log as its text alternative.

use std::sync::Arc;
use std::time::Duration;

use jobforge_core::replay::layout::{layout, Layout};
use jobforge_core::replay::{events, steps, EventKind, ReplayEvent, Step};
use jobforge_core::search::Lang;
use jobforge_core::words;
use leptos::prelude::*;

use super::replay_diagram::diagram;
use super::{load, Ctx};

/// Time between two events while playing.
const TICK: Duration = Duration::from_millis(250);

#[component]
pub fn ReplayView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    load::catalog(&ctx);
    let evs: Memo<Option<Arc<Vec<ReplayEvent>>>> = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let catalog = ctx.catalog.get().ready()?;
            Some(Arc::new(events(&catalog)))
        })
    };
    // Computed once per catalogue: nodes keep their places while playing.
    let pic: Memo<Option<Arc<Layout>>> = Memo::new(move |_| Some(Arc::new(layout(&evs.get()?))));
    let total = move || evs.get().map_or(0, |e| e.len());
    // How many events are shown.
    let pos = RwSignal::new(0usize);
    let playing = RwSignal::new(false);
    let timer: StoredValue<Option<IntervalHandle>> = StoredValue::new(None);
    let stop = move || {
        playing.set(false);
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(None);
    };
    let step_forward = move || {
        let n = total();
        if pos.get_untracked() < n {
            pos.update(|p| *p += 1);
        }
        if pos.get_untracked() >= n {
            stop();
        }
    };
    let play = move |_| {
        if playing.get_untracked() {
            stop();
            return;
        }
        if pos.get_untracked() >= total() {
            pos.set(0);
        }
        playing.set(true);
        if let Ok(h) = set_interval_with_handle(step_forward, TICK) {
            timer.set_value(Some(h));
        }
    };
    // The step of the last event shown (the first step before any).
    let current = move || {
        let p = pos.get();
        evs.get()
            .and_then(|e| (p > 0).then(|| e[p - 1].step))
            .unwrap_or(Step::Sources)
    };
    // Jumps to the end of the current step, or of the next one.
    let next_step = move |_| {
        stop();
        let Some(e) = evs.get_untracked() else { return };
        let p = pos.get_untracked();
        let at_end = p > 0 && e.get(p).is_none_or(|x| x.step != e[p - 1].step);
        let from = if at_end { p } else { p.saturating_sub(1) };
        let Some(step) = e.get(from).map(|x| x.step) else {
            return;
        };
        let end = e.iter().rposition(|x| x.step == step).map_or(p, |i| i + 1);
        pos.set(end);
    };
    let restart = move |_| {
        stop();
        pos.set(0);
    };

    let wizard = {
        let ctx = ctx.clone();
        move || {
            let cur = current();
            let p = pos.get();
            let done_all = p > 0 && p >= total();
            steps()
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let title = if ctx.cfg.is_fr() {
                        s.title_fr
                    } else {
                        s.title_en
                    };
                    let state = if done_all || s.step < cur {
                        ctx.t("replay_done")
                    } else if s.step == cur && p > 0 {
                        ctx.t("replay_current")
                    } else {
                        ctx.t("replay_upcoming")
                    };
                    let aria = (s.step == cur && p > 0 && !done_all).then_some("step");
                    view! {
                        <li class="wizard-step" aria-current=aria data-step=s.step.as_str()>
                            <span class="wizard-num">{i + 1}</span>" "
                            <span class="wizard-title">{title}</span>
                            <span class="wizard-state">" ("{state}")"</span>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    // Source files, tables and joins shown so far.
    let shown = Memo::new(move |_| {
        let e = evs.get()?;
        let shown = &e[..pos.get().min(e.len())];
        let n = |k: EventKind| shown.iter().filter(|x| x.kind == k).count();
        Some([
            n(EventKind::Source),
            n(EventKind::Table),
            n(EventKind::Relationship),
        ])
    });
    // "{sources}, {tables}, {relationships}" filled in, with plurals.
    let so_far = {
        let ctx = ctx.clone();
        move |key: &str| {
            let [s, t, r] = shown.get()?;
            Some(ctx.f(
                key,
                &[
                    (
                        "sources",
                        &count(&ctx, s, "replay_sources_one", "replay_sources_other"),
                    ),
                    (
                        "tables",
                        &count(&ctx, t, "replay_tables_one", "replay_tables_other"),
                    ),
                    (
                        "relationships",
                        &count(
                            &ctx,
                            r,
                            "replay_relationships_one",
                            "replay_relationships_other",
                        ),
                    ),
                ],
            ))
        }
    };
    let counts = {
        let so_far = so_far.clone();
        move || so_far("replay_counts")
    };
    let picture = {
        let ctx = ctx.clone();
        move || {
            let so_far = so_far.clone();
            pic.get().map(|l| {
                diagram(&ctx, &l, pos, move || {
                    so_far("replay_diagram").unwrap_or_default()
                })
            })
        }
    };
    let latest = {
        let ctx = ctx.clone();
        move || {
            let e = evs.get()?;
            let p = pos.get();
            let ev = e.get(p.checked_sub(1)?)?;
            Some(label(&ctx, ev))
        }
    };
    // The current step's events so far, newest first, as a list.
    let log = {
        let ctx = ctx.clone();
        move || {
            let e = evs.get()?;
            let p = pos.get().min(e.len());
            let cur = current();
            Some(
                e[..p]
                    .iter()
                    .filter(|x| x.step == cur)
                    .rev()
                    .map(|x| {
                        view! {
                            <li class="replay-event" data-kind=x.kind.as_str()>
                                <span class="event-kind">{kind(&ctx, x.kind)}</span>" "
                                {label(&ctx, x)}
                            </li>
                        }
                    })
                    .collect_view(),
            )
        }
    };
    let play_label = {
        let ctx = ctx.clone();
        move || {
            if playing.get() {
                ctx.t("replay_pause")
            } else {
                ctx.t("replay_play")
            }
        }
    };
    let progress = move || format!("{} / {}", pos.get(), total());

    view! {
        <p>{ctx.t("replay_intro")}</p>
        {load::status(&ctx, ctx.catalog, load::catalog)}
        <ol class="wizard">{wizard}</ol>
        <div class="replay-controls" role="group" aria-label=ctx.t("replay_controls")>
            <button type="button" id="wiq-replay-play" aria-pressed=move || playing.get().to_string() on:click=play>{play_label}</button>
            <button type="button" id="wiq-replay-step" on:click=move |_| { stop(); step_forward(); }>{ctx.t("replay_step")}</button>
            <button type="button" id="wiq-replay-next" on:click=next_step>{ctx.t("replay_next_step")}</button>
            <button type="button" id="wiq-replay-restart" on:click=restart>{ctx.t("replay_restart")}</button>
            <span class="replay-progress">{progress}</span>
        </div>
        <p class="replay-counts">{counts}</p>
        <p class="replay-latest" role="status" aria-live="polite">{latest}</p>
        {picture}
        // Scrolls when long: focusable, so keyboard users can scroll it too.
        <div class="replay-log" tabindex="0" role="region" aria-label=ctx.t("replay_log")>
            <ol id="wiq-replay-log">{log}</ol>
        </div>
    }
}

fn label(ctx: &Ctx, e: &ReplayEvent) -> String {
    if ctx.cfg.is_fr() {
        e.label_fr.clone()
    } else {
        e.label_en.clone()
    }
}

/// An event kind's name in the page's language.
fn kind(ctx: &Ctx, k: EventKind) -> String {
    ctx.t(match k {
        EventKind::Start => "replay_kind_start",
        EventKind::Source => "replay_kind_source",
        EventKind::Table => "replay_kind_table",
        EventKind::Relationship => "replay_kind_relationship",
        EventKind::Complete => "replay_kind_complete",
    })
}

/// `{n}` in the singular or plural string, by the page language's rule
/// (French: 0 and 1 are singular), with its thousands separator.
fn count(ctx: &Ctx, n: usize, one: &str, other: &str) -> String {
    let lang = if ctx.cfg.is_fr() { Lang::Fr } else { Lang::En };
    let key = if words::singular(n, lang) { one } else { other };
    ctx.f(key, &[("n", &words::num(n as i64, lang))])
}
