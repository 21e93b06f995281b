//! Where the app's replay diagram draws each source file, table and join.
//!
//! The layout is computed once from the whole replay, so a node never moves
//! while the events play: the app only reveals what has happened so far.
//! Columns follow the steps: source files | gold tables | imputed tables,
//! with the published tables under the imputed ones (both are short lists,
//! and a fourth column would leave most of the picture empty). Within a
//! lane, nodes come in event order; source files are grouped by source with
//! a small gap. A join between tables of the same column is an arc in the
//! gutter to the column's left (an arc diagram: longer joins bulge further,
//! so arcs nest instead of crossing); a join across columns is an S-curve
//! through the gutter between them.
//!
//! Coordinates are integers in SVG user units, so the drawing is the same
//! on every platform and the app formats no floats.

use std::collections::BTreeMap;

use super::{EventKind, ReplayEvent, Step};

/// Width and height of a node's box.
pub const NODE_W: i32 = 190;
pub const NODE_H: i32 = 14;
/// Vertical distance between two nodes of a lane.
const ROW: i32 = 18;
/// Horizontal room between two columns, where the joins are drawn.
const GUTTER: i32 = 90;
const MARGIN: i32 = 8;
/// Room above a lane's first node for its heading.
pub const HEAD: i32 = 24;
/// Space between two lanes of the same column.
const LANE_GAP: i32 = 16;
/// Extra space between the files of two sources.
const GROUP_GAP: i32 = 6;
/// A label's longest text: about what fits in `NODE_W` at the app's
/// 10-unit font; the full name is in the node's tooltip and in the log.
pub const LABEL_CHARS: usize = 30;
/// The shallowest arc, so a join between neighbours is still visible.
const ARC_MIN: i32 = 10;
/// How far apart two joins between the same tables are drawn.
const PARALLEL: i32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Source,
    Table,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Source => "source",
            NodeKind::Table => "table",
        }
    }
}

/// A source file or a table, with its box's top-left corner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The event that makes it appear.
    pub seq: u32,
    pub kind: NodeKind,
    pub step: Step,
    /// The file's path or the table's name.
    pub name: String,
    /// What the box shows: the name (a file without its source folder),
    /// cut to [`LABEL_CHARS`].
    pub label: String,
    pub x: i32,
    pub y: i32,
}

/// A join, drawn as one cubic Bézier curve from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The relationship event that makes it appear.
    pub seq: u32,
    /// Indexes into [`Layout::nodes`].
    pub from: usize,
    pub to: usize,
    /// `a.col → b.col`.
    pub name: String,
    /// Start, two control points, end.
    pub points: [(i32, i32); 4],
}

impl Edge {
    /// The SVG path.
    pub fn path(&self) -> String {
        let [a, b, c, d] = self.points;
        format!(
            "M{} {}C{} {} {} {} {} {}",
            a.0, a.1, b.0, b.1, c.0, c.1, d.0, d.1
        )
    }
}

/// A step's lane: its heading's top-left corner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub step: Step,
    pub x: i32,
    pub y: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub width: i32,
    pub height: i32,
    /// One per step, in step order, even when the step has no node.
    pub lanes: Vec<Lane>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

fn column(step: Step) -> i32 {
    match step {
        Step::Sources => 0,
        Step::GoldTables => 1,
        Step::Imputation | Step::Published => 2,
    }
}

fn column_x(col: i32) -> i32 {
    MARGIN + col * (NODE_W + GUTTER)
}

/// Cuts `s` to [`LABEL_CHARS`] characters, with an ellipsis.
fn clip(s: &str) -> String {
    if s.chars().count() <= LABEL_CHARS {
        return s.to_string();
    }
    let mut t: String = s.chars().take(LABEL_CHARS - 1).collect();
    t.push('…');
    t
}

/// The source folder of a file path (`statcan-noc-2021/x.csv`).
fn source_of(path: &str) -> &str {
    path.split_once('/').map_or("", |(s, _)| s)
}

/// What a source or table event draws, if anything.
fn node_of(e: &ReplayEvent) -> Option<(NodeKind, &str)> {
    match e.kind {
        EventKind::Source => Some((NodeKind::Source, e.detail.as_deref()?)),
        EventKind::Table => Some((NodeKind::Table, e.table.as_deref()?)),
        _ => None,
    }
}

/// The diagram of `events` (as [`super::events`] gives them).
pub fn layout(events: &[ReplayEvent]) -> Layout {
    let mut lanes = Vec::with_capacity(Step::ALL.len());
    let mut nodes: Vec<Node> = Vec::new();
    // The next free y of each column.
    let mut bottom = [MARGIN; 3];
    for step in Step::ALL {
        let col = column(step);
        let x = column_x(col);
        let slot = &mut bottom[col as usize];
        if *slot > MARGIN {
            *slot += LANE_GAP;
        }
        lanes.push(Lane { step, x, y: *slot });
        let mut y = *slot + HEAD;
        let mut group: Option<&str> = None;
        for e in events.iter().filter(|e| e.step == step) {
            let Some((kind, name)) = node_of(e) else {
                continue;
            };
            let (label, source) = match kind {
                NodeKind::Source => (
                    name.rsplit_once('/').map_or(name, |(_, f)| f),
                    Some(source_of(name)),
                ),
                NodeKind::Table => (name, None),
            };
            if group.is_some() && source.is_some() && source != group {
                y += GROUP_GAP;
            }
            group = source.or(group);
            nodes.push(Node {
                seq: e.seq,
                kind,
                step,
                name: name.to_string(),
                label: clip(label),
                x,
                y,
            });
            y += ROW;
        }
        *slot = y - (ROW - NODE_H);
    }
    let height = bottom.iter().copied().max().unwrap_or(MARGIN) + MARGIN;
    let width = column_x(2) + NODE_W + MARGIN;

    // Tables by name, for the joins (a table appears once).
    let tables: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == NodeKind::Table)
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let mut edges: Vec<Edge> = Vec::new();
    let mut pairs: BTreeMap<(usize, usize), i32> = BTreeMap::new();
    for e in events.iter().filter(|e| e.kind == EventKind::Relationship) {
        let (Some(a), Some(b)) = (e.table.as_deref(), e.to_table.as_deref()) else {
            continue;
        };
        let (Some(&from), Some(&to)) = (tables.get(a), tables.get(b)) else {
            continue;
        };
        // The how-manieth join between these two tables, either way.
        let k = pairs.entry((from.min(to), from.max(to))).or_insert(0);
        let points = curve(&nodes[from], &nodes[to], *k, height);
        *k += 1;
        edges.push(Edge {
            seq: e.seq,
            from,
            to,
            name: e.detail.clone().unwrap_or_default(),
            points,
        });
    }
    Layout {
        width,
        height,
        lanes,
        nodes,
        edges,
    }
}

/// The curve of the `k`-th join between `a` and `b`.
fn curve(a: &Node, b: &Node, k: i32, height: i32) -> [(i32, i32); 4] {
    // Parallel joins start and end a little lower, within the boxes.
    let shift = PARALLEL * k.min((NODE_H / 2 - 1) / PARALLEL);
    let ya = a.y + NODE_H / 2 + shift;
    let yb = b.y + NODE_H / 2 + shift;
    let (ca, cb) = (column(a.step), column(b.step));
    if ca != cb {
        // From the side of `a` that faces `b` to the side of `b` facing `a`.
        let (xa, xb) = if ca < cb {
            (a.x + NODE_W, b.x)
        } else {
            (a.x, b.x + NODE_W)
        };
        let mid = (xa + xb) / 2;
        return [(xa, ya), (mid, ya), (mid, yb), (xb, yb)];
    }
    // The same column: an arc in the gutter on its left. Control points
    // never go left of 0, should a column without a gutter get a join.
    let x = a.x;
    let room = GUTTER - 2 * ARC_MIN;
    if ya == yb {
        let bulge = (2 * ARC_MIN + PARALLEL * 2 * k).min(GUTTER - ARC_MIN);
        let bx = (x - bulge).max(0);
        return [(x, ya - 4), (bx, ya - 12), (bx, ya + 12), (x, ya + 4)];
    }
    let span = (height - 2 * MARGIN).max(1);
    let bulge = (ARC_MIN + (yb - ya).abs() * room / span + PARALLEL * 2 * k).min(GUTTER - ARC_MIN);
    let bx = (x - bulge).max(0);
    [(x, ya), (bx, ya), (bx, yb), (x, yb)]
}

#[cfg(test)]
mod tests {
    use super::super::{events, tests::catalog};
    use super::*;
    use crate::ask::{Catalog, LineageEdge, Relationship, TableMeta};

    /// A catalogue the size of the real one: 7 sources of 8 files, 60 gold
    /// tables each reading one file and joined to the first (some twice,
    /// one to itself), 6 derived tables and 3 published ones.
    fn big() -> Catalog {
        let mut c = Catalog::default();
        let table = |c: &mut Catalog, name: String| {
            c.tables.push(TableMeta {
                table_name: name,
                row_count: Some(1234),
                ..Default::default()
            })
        };
        let edge = |t: &str, input: String, kind: &str| LineageEdge {
            table_name: t.into(),
            input,
            input_kind: kind.into(),
            transform: "t".into(),
        };
        let join = |from: &str, col: &str, to: &str| Relationship {
            from_table: from.into(),
            from_column: col.into(),
            to_table: to.into(),
            to_column: "id".into(),
            cardinality: "*:1".into(),
        };
        for i in 0..60 {
            let t = format!("gold_table_with_a_rather_long_name_{i:02}");
            table(&mut c, t.clone());
            let file = format!("source-{}/file_{i:02}_with_a_long_name.csv", i % 7);
            c.lineage.push(edge(&t, file, "file"));
            if i > 0 {
                c.relationships
                    .push(join(&t, "a_id", "gold_table_with_a_rather_long_name_00"));
            }
            if i % 10 == 3 {
                c.relationships
                    .push(join(&t, "b_id", "gold_table_with_a_rather_long_name_00"));
            }
        }
        let first = "gold_table_with_a_rather_long_name_00";
        c.relationships.push(join(first, "parent", first));
        for i in 0..6 {
            let t = format!("derived_{i}");
            table(&mut c, t.clone());
            c.lineage.push(edge(&t, first.into(), "table"));
            c.relationships.push(join(&t, "a_id", first));
            if i > 0 {
                c.relationships.push(join(&t, "up", "derived_0"));
            }
        }
        for t in ["catalog_tables", "lineage", "rejects"] {
            table(&mut c, t.into());
            c.lineage.push(edge(t, "derived_5".into(), "table"));
        }
        c.relationships
            .push(join("catalog_tables", "x", "derived_5"));
        c
    }

    fn overlap(a: &Node, b: &Node) -> bool {
        a.x < b.x + NODE_W && b.x < a.x + NODE_W && a.y < b.y + NODE_H && b.y < a.y + NODE_H
    }

    #[test]
    fn the_same_catalogue_gives_the_same_picture() {
        for c in [catalog(), big()] {
            let a = layout(&events(&c));
            let mut shuffled = c.clone();
            shuffled.lineage.reverse();
            assert_eq!(a, layout(&events(&c)));
            assert_eq!(a.nodes, layout(&events(&shuffled)).nodes);
        }
    }

    #[test]
    fn every_file_table_and_join_is_drawn_once() {
        for c in [catalog(), big()] {
            let ev = events(&c);
            let l = layout(&ev);
            let drawn: Vec<u32> = l.nodes.iter().map(|n| n.seq).collect();
            let want: Vec<u32> = ev
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Source | EventKind::Table))
                .map(|e| e.seq)
                .collect();
            assert_eq!(drawn, want);
            let joins: Vec<u32> = l.edges.iter().map(|e| e.seq).collect();
            let want: Vec<u32> = ev
                .iter()
                .filter(|e| e.kind == EventKind::Relationship)
                .map(|e| e.seq)
                .collect();
            assert_eq!(joins, want);
            assert_eq!(l.edges.len(), c.relationships.len());
            assert_eq!(l.lanes.len(), 4);
        }
    }

    #[test]
    fn a_join_appears_after_both_its_tables() {
        for c in [catalog(), big()] {
            let l = layout(&events(&c));
            for e in &l.edges {
                let (a, b) = (&l.nodes[e.from], &l.nodes[e.to]);
                assert!(e.seq > a.seq && e.seq > b.seq, "{}", e.name);
                assert_eq!(a.kind, NodeKind::Table);
                assert!(e.name.starts_with(&format!("{}.", a.name)), "{}", e.name);
                assert!(e.name.contains(&format!("→ {}.", b.name)), "{}", e.name);
            }
        }
    }

    #[test]
    fn nodes_do_not_overlap_and_everything_fits() {
        for c in [catalog(), big()] {
            let l = layout(&events(&c));
            for (i, a) in l.nodes.iter().enumerate() {
                for b in &l.nodes[i + 1..] {
                    assert!(!overlap(a, b), "{} and {}", a.name, b.name);
                }
                assert!(a.x >= 0 && a.x + NODE_W <= l.width, "{}", a.name);
                assert!(a.y >= 0 && a.y + NODE_H <= l.height, "{}", a.name);
                assert!(a.label.chars().count() <= LABEL_CHARS, "{}", a.label);
                // Below its lane's heading.
                let lane = l.lanes.iter().find(|x| x.step == a.step);
                assert!(lane.is_some_and(|x| x.x == a.x && a.y >= x.y + HEAD));
            }
            // Headings sit above every node of their column.
            for lane in &l.lanes {
                for n in l.nodes.iter().filter(|n| n.x == lane.x) {
                    assert!(n.y + NODE_H <= lane.y || n.y >= lane.y + HEAD);
                }
            }
            // A Bézier curve stays within its control points.
            for e in &l.edges {
                for (x, y) in e.points {
                    assert!((0..=l.width).contains(&x) && (0..=l.height).contains(&y));
                }
            }
        }
    }

    #[test]
    fn joins_between_the_same_tables_are_drawn_apart() {
        let l = layout(&events(&big()));
        for (i, a) in l.edges.iter().enumerate() {
            for b in &l.edges[i + 1..] {
                assert_ne!(a.points, b.points, "{} and {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn files_show_without_their_folder_and_long_names_are_cut() {
        let l = layout(&events(&big()));
        let f = &l.nodes[0];
        assert_eq!(f.kind, NodeKind::Source);
        assert_eq!(f.name, "source-0/file_00_with_a_long_name.csv");
        assert_eq!(f.label, "file_00_with_a_long_name.csv");
        let t = l.nodes.iter().find(|n| n.kind == NodeKind::Table);
        assert_eq!(
            t.map(|n| n.label.as_str()),
            Some("gold_table_with_a_rather_long…")
        );
        let e = Edge {
            seq: 0,
            from: 0,
            to: 0,
            name: String::new(),
            points: [(1, 2), (3, 4), (5, 6), (7, 8)],
        };
        assert_eq!(e.path(), "M1 2C3 4 5 6 7 8");
    }
}
