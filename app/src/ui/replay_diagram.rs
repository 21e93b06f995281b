//! The replay as a picture: the semantic model's source files, tables and
//! joins, placed by `jobforge_core::replay::layout` and revealed as the
//! events play. Every node and edge is drawn once and only its class
//! changes, so playing touches no more DOM than a class per tick.
//!
//! The SVG is one image (`role="img"`, its label the counts so far); the
//! event log next to it is the text alternative. Colours come from classes
//! in the site's CSS, not `style`, which the pages' CSP forbids.

use jobforge_core::replay::layout::{Edge, Layout, Node, HEAD, NODE_H, NODE_W};
use jobforge_core::replay::steps;
use leptos::prelude::*;

use super::Ctx;

/// A node's or an edge's classes: hidden until its event has played,
/// highlighted while it is the latest, then plainly shown.
const NODE: [&str; 3] = ["rp-node rp-hidden", "rp-node rp-new", "rp-node"];
const EDGE: [&str; 3] = ["rp-edge rp-hidden", "rp-edge rp-new", "rp-edge"];

fn class(
    names: [&'static str; 3],
    seq: u32,
    pos: RwSignal<usize>,
) -> impl Fn() -> &'static str + Send + Sync + 'static {
    let seq = seq as usize;
    move || {
        let p = pos.get();
        names[if p <= seq {
            0
        } else if p == seq + 1 {
            1
        } else {
            2
        }]
    }
}

fn node(n: &Node, pos: RwSignal<usize>) -> impl IntoView {
    view! {
        <g class=class(NODE, n.seq, pos) data-kind=n.kind.as_str() data-step=n.step.as_str()>
            <title>{n.name.clone()}</title>
            <rect x=n.x y=n.y width=NODE_W height=NODE_H rx="3"></rect>
            <text x=n.x + 4 y=n.y + NODE_H - 4>{n.label.clone()}</text>
        </g>
    }
}

fn edge(e: &Edge, pos: RwSignal<usize>) -> impl IntoView {
    view! {
        <path class=class(EDGE, e.seq, pos) d=e.path() marker-end="url(#wiq-rp-arrow)">
            <title>{e.name.clone()}</title>
        </path>
    }
}

/// The diagram of `layout` with the first `pos` events shown; `label`
/// names what it shows so far.
pub fn diagram(
    ctx: &Ctx,
    layout: &Layout,
    pos: RwSignal<usize>,
    label: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    let fr = ctx.cfg.is_fr();
    let lanes = layout
        .lanes
        .iter()
        .map(|l| {
            let title = steps().into_iter().find(|s| s.step == l.step).map(|s| {
                if fr {
                    s.title_fr
                } else {
                    s.title_en
                }
            });
            view! { <text class="rp-lane" x=l.x y=l.y + HEAD - 8>{title}</text> }
        })
        .collect_view();
    // Edges first, so that the boxes cover their ends.
    let edges = layout.edges.iter().map(|e| edge(e, pos)).collect_view();
    let nodes = layout.nodes.iter().map(|n| node(n, pos)).collect_view();
    view! {
        // Scrolls sideways when the screen is too narrow for the labels to
        // stay legible: focusable, so keyboard users can scroll it too.
        <div class="replay-diagram" tabindex="0" role="region" aria-label=ctx.t("replay_diagram_region")>
            <svg
                id="wiq-replay-diagram"
                viewBox=format!("0 0 {} {}", layout.width, layout.height)
                width=layout.width
                height=layout.height
                role="img"
                aria-label=label
            >
                <defs>
                    <marker id="wiq-rp-arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto">
                        <path class="rp-arrow" d="M0 0L6 3L0 6z"></path>
                    </marker>
                </defs>
                {lanes}
                {edges}
                {nodes}
            </svg>
        </div>
    }
}
