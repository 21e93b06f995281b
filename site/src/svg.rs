//! Charts drawn at build time as inline SVG: the lineage diagram of a
//! table, 100 % stacked bars for imputation coverage, and columns of a
//! value by year (a unit group's projected employment).
//!
//! Every text goes through [`escape`]. Colours are presentation attributes,
//! not `style`, so the pages' Content-Security-Policy needs no
//! `'unsafe-inline'`. Each chart is `role="img"` with a title and a
//! description; the pages give the same figures as a table or a list.

use std::fmt::Write;

/// XML-escapes text for SVG content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The opening of a chart: `role="img"`, labelled by its escaped title
/// and description, scaled by its view box.
fn open_chart(class: &str, id: &str, width: i64, height: i64, title: &str, desc: &str) -> String {
    format!(
        "<svg class=\"chart {class}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(desc)
    )
}

/// Cuts `s` to `max` characters, with an ellipsis.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    File,
    Table,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub label: String,
    pub kind: NodeKind,
}

/// Words of the lineage diagram, in the page's language.
#[derive(Debug, Clone)]
pub struct LineageWords {
    pub title: String,
    pub desc: String,
    pub upstream: String,
    pub downstream: String,
    /// "{n} more", `{n}` replaced by the count.
    pub more: String,
    pub none: String,
}

/// Nodes drawn per side; the rest are counted in a last "{n} more" node
/// (the page lists them all).
pub const MAX_NODES: usize = 12;

const NODE_W: i64 = 250;
const NODE_H: i64 = 28;
const GAP_Y: i64 = 8;
const COL_GAP: i64 = 70;
const TOP: i64 = 30;

const INK: &str = "#333333";
const TABLE_FILL: &str = "#e1e4e7";
const FILE_FILL: &str = "#ffffff";
const CENTER_FILL: &str = "#26374a";
const EDGE: &str = "#595959";

/// Upstream inputs → `center` → downstream outputs, as an SVG element.
pub fn lineage(
    id: &str,
    center: &str,
    upstream: &[Node],
    downstream: &[Node],
    w: &LineageWords,
) -> String {
    let side = |nodes: &[Node]| -> Vec<(String, Option<NodeKind>)> {
        if nodes.is_empty() {
            return vec![(w.none.clone(), None)];
        }
        let mut v: Vec<(String, Option<NodeKind>)> = nodes
            .iter()
            .take(MAX_NODES)
            .map(|n| (n.label.clone(), Some(n.kind)))
            .collect();
        if nodes.len() > MAX_NODES {
            let more = w
                .more
                .replace("{n}", &(nodes.len() - MAX_NODES).to_string());
            v.push((more, None));
        }
        v
    };
    let left = side(upstream);
    let right = side(downstream);
    let rows = left.len().max(right.len()).max(1) as i64;
    let height = TOP + rows * (NODE_H + GAP_Y) + GAP_Y;
    let width = 3 * NODE_W + 2 * COL_GAP;
    let cx = NODE_W + COL_GAP;
    let rx = 2 * (NODE_W + COL_GAP);
    let column_top = |n: usize| TOP + (rows - n as i64) * (NODE_H + GAP_Y) / 2;
    let cy = TOP + (rows - 1) * (NODE_H + GAP_Y) / 2;

    let mut s = open_chart("lineage", id, width, height, &w.title, &w.desc);
    let _ = write!(
        s,
        "<defs><marker id=\"{id}-a\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" \
         orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"{EDGE}\"/></marker></defs>"
    );
    let _ = write!(
        s,
        "<text x=\"0\" y=\"18\" fill=\"{INK}\" font-weight=\"700\">{}</text>\
         <text x=\"{rx}\" y=\"18\" fill=\"{INK}\" font-weight=\"700\">{}</text>",
        escape(&w.upstream),
        escape(&w.downstream)
    );
    let mut edges = String::new();
    let mut boxes = String::new();
    let mut draw_side = |nodes: &[(String, Option<NodeKind>)], x: i64, incoming: bool| {
        let top = column_top(nodes.len());
        for (i, (label, kind)) in nodes.iter().enumerate() {
            let y = top + i as i64 * (NODE_H + GAP_Y);
            let (fill, dash) = match kind {
                Some(NodeKind::Table) => (TABLE_FILL, ""),
                Some(NodeKind::File) => (FILE_FILL, " stroke-dasharray=\"4 3\""),
                None => (FILE_FILL, " stroke-dasharray=\"1 3\""),
            };
            let _ = write!(
                boxes,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"3\" fill=\"{fill}\" stroke=\"{EDGE}\"{dash}/>\
                 <text x=\"{}\" y=\"{}\" fill=\"{INK}\" font-size=\"13\">{}</text>",
                x + 8,
                y + 19,
                escape(&clip(label, 34))
            );
            if kind.is_some() {
                let my = y + NODE_H / 2;
                let ty = cy + NODE_H / 2;
                let (x1, y1, x2, y2) = if incoming {
                    (x + NODE_W, my, cx, ty)
                } else {
                    (cx + NODE_W, ty, x, my)
                };
                let mid = (x1 + x2) / 2;
                let _ = write!(
                    edges,
                    "<path d=\"M{x1} {y1}C{mid} {y1} {mid} {y2} {x2} {y2}\" fill=\"none\" stroke=\"{EDGE}\" marker-end=\"url(#{id}-a)\"/>"
                );
            }
        }
    };
    draw_side(&left, 0, true);
    draw_side(&right, rx, false);
    s.push_str(&edges);
    s.push_str(&boxes);
    let _ = write!(
        s,
        "<rect x=\"{cx}\" y=\"{cy}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"3\" fill=\"{CENTER_FILL}\"/>\
         <text x=\"{}\" y=\"{}\" fill=\"#ffffff\" font-size=\"13\" font-weight=\"700\">{}</text></svg>",
        cx + 8,
        cy + 19,
        escape(&clip(center, 34))
    );
    s
}

/// One bar of a stacked chart: counts per status, in legend order.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub counts: [u64; 4],
}

/// Native, inherited, imputed, missing: dark to light, and each at least
/// 3:1 against white (WCAG 1.4.11).
pub const STATUS_COLOURS: [&str; 4] = ["#26374a", "#2b6cb0", "#b35c00", "#767676"];

const LABEL_W: i64 = 300;
const BAR_W: i64 = 560;
const BAR_H: i64 = 22;
const ROW_H: i64 = 32;

/// 100 % stacked horizontal bars with a legend.
pub fn stacked_bars(
    id: &str,
    title: &str,
    desc: &str,
    legend: &[String; 4],
    bars: &[Bar],
) -> String {
    let legend_h = 34;
    let height = legend_h + bars.len() as i64 * ROW_H + 8;
    let width = LABEL_W + BAR_W + 10;
    let mut s = open_chart("bars", id, width, height, title, desc);
    let mut x = LABEL_W;
    for (i, name) in legend.iter().enumerate() {
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"6\" width=\"16\" height=\"16\" fill=\"{}\"/><text x=\"{}\" y=\"19\" fill=\"{INK}\" font-size=\"13\">{}</text>",
            STATUS_COLOURS[i],
            x + 22,
            escape(name)
        );
        x += 30 + 8 * name.chars().count() as i64;
    }
    for (r, bar) in bars.iter().enumerate() {
        let y = legend_h + r as i64 * ROW_H;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" fill=\"{INK}\" font-size=\"13\" text-anchor=\"end\">{}</text>",
            LABEL_W - 10,
            y + 16,
            escape(&clip(&bar.label, 40))
        );
        let total: u64 = bar.counts.iter().sum();
        if total == 0 {
            continue;
        }
        // Cumulative rounding: the segments always add up to BAR_W.
        let mut acc = 0u64;
        let mut prev = 0i64;
        for (i, &n) in bar.counts.iter().enumerate() {
            acc += n;
            let end = (acc as i64 * BAR_W) / total as i64;
            if end > prev {
                let _ = write!(
                    s,
                    "<rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{BAR_H}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
                    LABEL_W + prev,
                    end - prev,
                    STATUS_COLOURS[i]
                );
            }
            prev = end;
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> LineageWords {
        LineageWords {
            title: "Lineage of <t>".into(),
            desc: "d".into(),
            upstream: "Upstream".into(),
            downstream: "Downstream".into(),
            more: "{n} more".into(),
            none: "None".into(),
        }
    }

    #[test]
    fn lineage_escapes_labels_and_caps_nodes() {
        let up: Vec<Node> = (0..20)
            .map(|i| Node {
                label: format!("<script>{i}"),
                kind: NodeKind::File,
            })
            .collect();
        let s = lineage("x", "a&b", &up, &[], &words());
        assert!(!s.contains("<script>"));
        assert!(s.contains("a&amp;b"));
        assert!(s.contains("8 more"));
        assert!(s.contains("Lineage of &lt;t&gt;"));
        assert_eq!(s.matches("marker-end").count(), MAX_NODES);
    }

    #[test]
    fn stacked_segments_fill_the_bar() {
        let bars = [Bar {
            label: "x".into(),
            counts: [1, 1, 1, 0],
        }];
        let legend = ["n".into(), "h".into(), "i".into(), "m".into()];
        let s = stacked_bars("c", "t", "d", &legend, &bars);
        let widths: i64 = s
            .split(" width=\"")
            .skip(1)
            .filter_map(|w| w.split('"').next()?.parse::<i64>().ok())
            .filter(|w| *w != 16)
            .sum();
        assert_eq!(widths, BAR_W);
    }
}

/// One column of [`columns`]: its axis label, value and value as shown.
pub struct Column {
    pub label: String,
    pub value: f64,
    pub shown: String,
}

const COL_W: i64 = 52;
const COL_H: i64 = 150;

/// Vertical columns from a zero baseline, with the first and last values
/// written above their columns; the page gives every value in a table.
pub fn columns(id: &str, title: &str, desc: &str, cols: &[Column]) -> String {
    let top = 28;
    let height = top + COL_H + 30;
    let width = COL_W * cols.len().max(1) as i64 + 10;
    let max = cols.iter().map(|c| c.value).fold(0.0_f64, f64::max);
    let mut s = open_chart("columns", id, width, height, title, desc);
    let base = top + COL_H;
    for (i, c) in cols.iter().enumerate() {
        let h = if max > 0.0 {
            ((c.value.max(0.0) / max) * COL_H as f64).round() as i64
        } else {
            0
        };
        let x = 5 + i as i64 * COL_W;
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{h}\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"{INK}\" font-size=\"13\" text-anchor=\"middle\">{}</text>",
            x + 6,
            base - h,
            COL_W - 12,
            STATUS_COLOURS[0],
            x + COL_W / 2,
            base + 18,
            escape(&c.label)
        );
        if i == 0 || i + 1 == cols.len() {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" fill=\"{INK}\" font-size=\"13\" text-anchor=\"middle\">{}</text>",
                x + COL_W / 2,
                base - h - 6,
                escape(&c.shown)
            );
        }
    }
    let _ = write!(
        s,
        "<line x1=\"5\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"{INK}\" stroke-width=\"1\"/></svg>",
        width - 5
    );
    s
}

#[cfg(test)]
mod column_tests {
    use super::*;

    #[test]
    fn columns_scale_to_the_largest_value_and_escape_text() {
        let cols: Vec<Column> = [("2023", 100.0), ("2033", 200.0)]
            .iter()
            .map(|(l, v)| Column {
                label: l.to_string(),
                value: *v,
                shown: format!("<{v}>"),
            })
            .collect();
        let svg = columns("c", "Emploi & co", "d", &cols);
        assert!(svg.contains("height=\"150\""), "{svg}");
        assert!(svg.contains("height=\"75\""), "{svg}");
        assert!(svg.contains("Emploi &amp; co") && svg.contains("&lt;200&gt;"));
        assert!(svg.contains("role=\"img\""));
    }
}
