//! The build, replayed as a sequence of events for the app's four-step
//! wizard (sources → gold tables → imputation → published), derived from
//! the lineage alone so that the replay shows what the build really did.
//!
//! * **Sources**: every source file the lineage names, by source id.
//! * **Gold tables**: tables read from files, each after the tables it
//!   also reads (`dim_oasis_profile` after `element_labels`).
//! * **Imputation**: tables built only from other tables
//!   (`unit_group_attributes`, `job_architecture_resolution`, …).
//! * **Published**: what the build writes about itself (catalogue, lineage,
//!   rejects, source accounting, compliance), whatever it reads.
//!
//! A table is never placed in an earlier step than one of its inputs, and
//! within a step tables come in topological order (ties in catalogue
//! order). A relationship is shown as soon as both its tables exist. The
//! sequence depends only on the catalogue, never on hash order.

pub mod layout;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::ask::Catalog;
use crate::search::Lang;
use crate::words::count;

/// A step of the wizard, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Sources,
    GoldTables,
    Imputation,
    Published,
}

impl Step {
    pub const ALL: [Step; 4] = [
        Step::Sources,
        Step::GoldTables,
        Step::Imputation,
        Step::Published,
    ];

    /// The snake_case name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Sources => "sources",
            Step::GoldTables => "gold_tables",
            Step::Imputation => "imputation",
            Step::Published => "published",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A step begins.
    Start,
    /// A source file is read (Sources step; `detail` is the file).
    Source,
    /// A table appears (`table` is set).
    Table,
    /// A join becomes checkable (`detail` is `a.col → b.col`, `table`
    /// and `to_table` its two tables).
    Relationship,
    /// A step ends.
    Complete,
}

impl EventKind {
    /// The snake_case name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Start => "start",
            EventKind::Source => "source",
            EventKind::Table => "table",
            EventKind::Relationship => "relationship",
            EventKind::Complete => "complete",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayEvent {
    /// 0-based position in the replay.
    pub seq: u32,
    pub kind: EventKind,
    pub step: Step,
    /// The table that appears, or the table a join starts from.
    pub table: Option<String>,
    /// The table a join points to, so the diagram needs no parsing of
    /// `detail`.
    #[serde(default)]
    pub to_table: Option<String>,
    /// The source file, the join, or a table's inputs.
    pub detail: Option<String>,
    pub label_en: String,
    pub label_fr: String,
}

/// A step's title in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StepInfo {
    pub step: Step,
    pub title_en: &'static str,
    pub title_fr: &'static str,
}

/// The four steps of the wizard, in order.
pub fn steps() -> [StepInfo; 4] {
    let info = |step, title_en, title_fr| StepInfo {
        step,
        title_en,
        title_fr,
    };
    [
        info(Step::Sources, "Sources", "Sources"),
        info(Step::GoldTables, "Gold tables", "Tables de référence"),
        info(Step::Imputation, "Imputation", "Imputation"),
        info(Step::Published, "Published", "Publication"),
    ]
}

/// Tables the build writes about itself: they come last whatever they
/// read (`rejects` reads every file, the catalogue every table).
const PUBLISHED: &[&str] = &[
    "catalog_",
    "compliance_",
    "lineage",
    "rejects",
    "source_files",
];

fn is_published(table: &str) -> bool {
    PUBLISHED
        .iter()
        .any(|p| table == *p || (p.ends_with('_') && table.starts_with(p)))
}

/// How many inputs a table event names before "and N more".
const LISTED_INPUTS: usize = 3;

fn list(inputs: &[&str]) -> Option<String> {
    if inputs.is_empty() {
        return None;
    }
    let shown = inputs
        .iter()
        .take(LISTED_INPUTS)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    Some(match inputs.len().saturating_sub(LISTED_INPUTS) {
        0 => shown,
        n => format!("{shown} +{n}"),
    })
}

/// Every table in topological order (inputs first), ties broken by
/// catalogue order; tables caught in a cycle (which a sound lineage never
/// has) follow in catalogue order rather than being lost.
fn topological<'a>(names: &[&'a str], inputs: &BTreeMap<&str, BTreeSet<&str>>) -> Vec<&'a str> {
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut waiting: Vec<usize> = names
        .iter()
        .map(|n| {
            inputs
                .get(n)
                .map_or(0, |s| s.iter().filter(|i| index.contains_key(*i)).count())
        })
        .collect();
    let mut ready: BTreeSet<usize> = (0..names.len()).filter(|&i| waiting[i] == 0).collect();
    let mut done = vec![false; names.len()];
    let mut out = Vec::with_capacity(names.len());
    while out.len() < names.len() {
        let next = match ready.pop_first() {
            Some(i) => i,
            None => match (0..names.len()).find(|&i| !done[i]) {
                Some(i) => i,
                None => break,
            },
        };
        if done[next] {
            continue;
        }
        done[next] = true;
        out.push(names[next]);
        for (j, n) in names.iter().enumerate() {
            if !done[j] && inputs.get(n).is_some_and(|s| s.contains(names[next])) {
                waiting[j] -= 1;
                if waiting[j] == 0 {
                    ready.insert(j);
                }
            }
        }
    }
    out
}

/// The step of every table: its own kind, moved later when an input is in
/// a later step, so that no table appears before what it reads.
fn assign_steps<'a>(
    catalog: &Catalog,
    order: &[&'a str],
    inputs: &BTreeMap<&str, BTreeSet<&str>>,
) -> BTreeMap<&'a str, Step> {
    let reads_files: BTreeSet<&str> = catalog
        .lineage
        .iter()
        .filter(|e| e.is_file())
        .map(|e| e.table_name.as_str())
        .collect();
    let mut step: BTreeMap<&str, Step> = BTreeMap::new();
    for &t in order {
        let own = if is_published(t) {
            Step::Published
        } else if reads_files.contains(t) || !inputs.contains_key(t) {
            Step::GoldTables
        } else {
            Step::Imputation
        };
        let after = inputs
            .get(t)
            .into_iter()
            .flatten()
            .filter_map(|i| step.get(i).copied())
            .max()
            .unwrap_or(Step::GoldTables);
        step.insert(t, own.max(after));
    }
    step
}

struct Log {
    events: Vec<ReplayEvent>,
}

impl Log {
    /// Appends an event with its labels; the caller fills in the rest.
    fn push(&mut self, kind: EventKind, step: Step, en: String, fr: String) -> &mut ReplayEvent {
        let seq = self.events.len() as u32;
        self.events.push(ReplayEvent {
            seq,
            kind,
            step,
            table: None,
            to_table: None,
            detail: None,
            label_en: en,
            label_fr: fr,
        });
        let last = self.events.len() - 1;
        &mut self.events[last]
    }
}

/// `Title: what` in English, `Titre : quoi` in French (no-break space
/// before the colon).
fn headed(title: &str, what: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{title}: {what}"),
        Lang::Fr => format!("{title}\u{a0}: {what}"),
    }
}

/// A table's label: its name and, when known, its rows.
fn table_label(table: &str, rows: Option<i64>, lang: Lang) -> String {
    let Some(n) = rows else {
        return table.to_string();
    };
    let n = usize::try_from(n).unwrap_or(0);
    let rows = match lang {
        Lang::En => count(n, "row", "rows", lang),
        Lang::Fr => count(n, "ligne", "lignes", lang),
    };
    headed(table, &rows, lang)
}

/// A step's closing line: its tables and the joins it made checkable.
fn step_summary(info: &StepInfo, tables: usize, joins: usize, lang: Lang) -> String {
    let (title, what) = match lang {
        Lang::En => (
            info.title_en,
            format!(
                "{}, {}",
                count(tables, "table", "tables", lang),
                count(joins, "join", "joins", lang)
            ),
        ),
        Lang::Fr => (
            info.title_fr,
            format!(
                "{}, {}",
                count(tables, "table", "tables", lang),
                count(joins, "jointure", "jointures", lang)
            ),
        ),
    };
    headed(title, &what, lang)
}

/// The replay of the build that produced `catalog`.
pub fn events(catalog: &Catalog) -> Vec<ReplayEvent> {
    let names = catalog.table_names();
    let inputs = catalog.table_inputs();
    let order = topological(&names, &inputs);
    let step = assign_steps(catalog, &order, &inputs);
    let titles = steps();
    let mut log = Log { events: Vec::new() };
    let (en, fr) = (Lang::En, Lang::Fr);

    let files: BTreeSet<&str> = catalog
        .lineage
        .iter()
        .filter(|e| e.is_file())
        .map(|e| e.input.as_str())
        .collect();
    let sources: BTreeSet<&str> = catalog
        .lineage
        .iter()
        .filter_map(|e| e.source_id())
        .collect();
    let s = &titles[0];
    let (nf, ns) = (files.len(), sources.len());
    log.push(
        EventKind::Start,
        s.step,
        headed(
            s.title_en,
            &format!(
                "{} from {}",
                count(nf, "file", "files", en),
                count(ns, "source", "sources", en)
            ),
            en,
        ),
        headed(
            s.title_fr,
            &format!(
                "{} de {}",
                count(nf, "fichier", "fichiers", fr),
                count(ns, "source", "sources", fr)
            ),
            fr,
        ),
    );
    for f in &files {
        // "du fichier": no elision to decide before a file name.
        log.push(
            EventKind::Source,
            s.step,
            format!("Read {f}"),
            format!("Lecture du fichier {f}"),
        )
        .detail = Some(f.to_string());
    }
    log.push(
        EventKind::Complete,
        s.step,
        count(nf, "file read", "files read", en),
        count(nf, "fichier lu", "fichiers lus", fr),
    );

    let mut present: BTreeSet<&str> = BTreeSet::new();
    let mut joined = vec![false; catalog.relationships.len()];
    for info in &titles[1..] {
        let here: Vec<&str> = order
            .iter()
            .copied()
            .filter(|t| step.get(t) == Some(&info.step))
            .collect();
        log.push(
            EventKind::Start,
            info.step,
            headed(info.title_en, &count(here.len(), "table", "tables", en), en),
            headed(info.title_fr, &count(here.len(), "table", "tables", fr), fr),
        );
        let mut joins = 0;
        for t in &here {
            let rows = catalog.table(t).and_then(|m| m.row_count);
            let read: Vec<&str> = catalog
                .inputs_of(t)
                .iter()
                .map(|e| e.input.as_str())
                .collect();
            let e = log.push(
                EventKind::Table,
                info.step,
                table_label(t, rows, en),
                table_label(t, rows, fr),
            );
            e.table = Some(t.to_string());
            e.detail = list(&read);
            present.insert(t);
            for (k, r) in catalog.relationships.iter().enumerate() {
                let ready = present.contains(r.from_table.as_str())
                    && present.contains(r.to_table.as_str());
                if joined[k] || !ready {
                    continue;
                }
                joined[k] = true;
                joins += 1;
                let join = format!(
                    "{}.{} → {}.{}",
                    r.from_table, r.from_column, r.to_table, r.to_column
                );
                let e = log.push(
                    EventKind::Relationship,
                    info.step,
                    format!("Join {join} ({})", r.cardinality),
                    format!("Jointure {join} ({})", r.cardinality),
                );
                e.table = Some(r.from_table.clone());
                e.to_table = Some(r.to_table.clone());
                e.detail = Some(join);
            }
        }
        log.push(
            EventKind::Complete,
            info.step,
            step_summary(info, here.len(), joins, en),
            step_summary(info, here.len(), joins, fr),
        );
    }
    log.events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::{LineageEdge, Relationship, TableMeta};

    fn edge(table: &str, input: &str, kind: &str) -> LineageEdge {
        LineageEdge {
            table_name: table.into(),
            input: input.into(),
            input_kind: kind.into(),
            transform: "t".into(),
        }
    }

    /// Also the layout's test catalogue.
    pub(super) fn catalog() -> Catalog {
        let table = |n: &str| TableMeta {
            table_name: n.into(),
            row_count: Some(1),
            ..Default::default()
        };
        Catalog {
            // Catalogue order puts a derived table before its input on
            // purpose: the replay must not follow it blindly.
            tables: [
                "attrs",
                "profile",
                "labels",
                "noc",
                "catalog_tables",
                "lineage",
            ]
            .map(table)
            .to_vec(),
            columns: Vec::new(),
            relationships: vec![
                Relationship {
                    from_table: "attrs".into(),
                    from_column: "noc_code".into(),
                    to_table: "noc".into(),
                    to_column: "noc_code".into(),
                    cardinality: "*:1".into(),
                },
                Relationship {
                    from_table: "profile".into(),
                    from_column: "unit_group_id".into(),
                    to_table: "noc".into(),
                    to_column: "noc_code".into(),
                    cardinality: "*:1".into(),
                },
            ],
            lineage: vec![
                edge("noc", "statcan/noc.csv", "file"),
                edge("labels", "esdc/labels.csv", "file"),
                edge("profile", "esdc/labels.csv", "file"),
                edge("profile", "labels", "table"),
                edge("attrs", "noc", "table"),
                edge("attrs", "profile", "table"),
                edge("catalog_tables", "attrs", "table"),
                edge("catalog_tables", "noc", "table"),
            ],
        }
    }

    #[test]
    fn tables_come_in_steps_after_their_inputs() {
        let ev = events(&catalog());
        let tables: Vec<(Step, &str)> = ev
            .iter()
            .filter(|e| e.kind == EventKind::Table)
            .map(|e| (e.step, e.table.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            tables,
            [
                (Step::GoldTables, "labels"),
                (Step::GoldTables, "profile"),
                (Step::GoldTables, "noc"),
                (Step::Imputation, "attrs"),
                (Step::Published, "catalog_tables"),
                (Step::Published, "lineage"),
            ]
        );
        for (i, e) in ev.iter().enumerate() {
            assert_eq!(e.seq as usize, i);
        }
    }

    #[test]
    fn sources_start_and_complete_frame_each_step() {
        let ev = events(&catalog());
        let frame: Vec<(EventKind, Step)> = ev
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Start | EventKind::Complete))
            .map(|e| (e.kind, e.step))
            .collect();
        let want: Vec<(EventKind, Step)> = Step::ALL
            .into_iter()
            .flat_map(|s| [(EventKind::Start, s), (EventKind::Complete, s)])
            .collect();
        assert_eq!(frame, want);
        let files: Vec<&str> = ev
            .iter()
            .filter(|e| e.kind == EventKind::Source)
            .filter_map(|e| e.detail.as_deref())
            .collect();
        assert_eq!(files, ["esdc/labels.csv", "statcan/noc.csv"]);
        assert!(ev[..4].iter().all(|e| e.step == Step::Sources));
    }

    #[test]
    fn a_join_follows_its_second_table_at_once() {
        let ev = events(&catalog());
        let pos = |kind: EventKind, what: &str| {
            ev.iter()
                .position(|e| {
                    e.kind == kind
                        && (e.table.as_deref() == Some(what) || e.detail.as_deref() == Some(what))
                })
                .unwrap_or(usize::MAX)
        };
        let profile_join = pos(
            EventKind::Relationship,
            "profile.unit_group_id → noc.noc_code",
        );
        assert_eq!(profile_join, pos(EventKind::Table, "noc") + 1);
        let attrs_join = pos(EventKind::Relationship, "attrs.noc_code → noc.noc_code");
        assert_eq!(attrs_join, pos(EventKind::Table, "attrs") + 1);
    }

    #[test]
    fn an_input_in_a_later_step_drags_the_table_along() {
        let mut c = catalog();
        // A file-reading table that also reads a derived table cannot be
        // shown before it.
        c.lineage.push(edge("noc", "attrs", "table"));
        c.lineage
            .retain(|e| !(e.table_name == "attrs" && e.input == "noc"));
        let ev = events(&c);
        let step_of = |t: &str| {
            ev.iter()
                .find(|e| e.kind == EventKind::Table && e.table.as_deref() == Some(t))
                .map(|e| e.step)
        };
        assert_eq!(step_of("attrs"), Some(Step::Imputation));
        assert_eq!(step_of("noc"), Some(Step::Imputation));
    }

    #[test]
    fn labels_follow_each_languages_typography_and_plurals() {
        let mut c = catalog();
        c.tables[2].row_count = Some(57708);
        let ev = events(&c);
        let labels = |k: EventKind| -> Vec<(&str, &str)> {
            ev.iter()
                .filter(|e| e.kind == k)
                .map(|e| (e.label_en.as_str(), e.label_fr.as_str()))
                .collect()
        };
        let starts = labels(EventKind::Start);
        assert_eq!(
            starts[0],
            (
                "Sources: 2 files from 2 sources",
                "Sources\u{a0}: 2 fichiers de 2 sources"
            )
        );
        assert_eq!(
            starts[2],
            ("Imputation: 1 table", "Imputation\u{a0}: 1 table")
        );
        let tables = labels(EventKind::Table);
        assert_eq!(
            tables[0],
            ("labels: 57,708 rows", "labels\u{a0}: 57\u{202f}708 lignes")
        );
        assert_eq!(tables[1], ("profile: 1 row", "profile\u{a0}: 1 ligne"));
        let done = labels(EventKind::Complete);
        assert_eq!(done[0], ("2 files read", "2 fichiers lus"));
        assert_eq!(
            done[3],
            (
                "Published: 2 tables, 0 joins",
                "Publication\u{a0}: 2 tables, 0 jointure"
            )
        );
        assert_eq!(
            labels(EventKind::Source)[0].1,
            "Lecture du fichier esdc/labels.csv"
        );
        // No French label has an ordinary space before : ; ? ! or %.
        for e in &ev {
            for p in [" :", " ;", " ?", " !", " %"] {
                assert!(!e.label_fr.contains(p), "{}", e.label_fr);
            }
        }
    }

    #[test]
    fn a_join_names_both_its_tables() {
        let ev = events(&catalog());
        let joins: Vec<(Option<&str>, Option<&str>)> = ev
            .iter()
            .filter(|e| e.kind == EventKind::Relationship)
            .map(|e| (e.table.as_deref(), e.to_table.as_deref()))
            .collect();
        assert_eq!(
            joins,
            [(Some("profile"), Some("noc")), (Some("attrs"), Some("noc"))]
        );
    }

    #[test]
    fn a_cycle_loses_no_table() {
        let mut c = catalog();
        c.lineage.push(edge("labels", "profile", "table"));
        let ev = events(&c);
        let n = ev.iter().filter(|e| e.kind == EventKind::Table).count();
        assert_eq!(n, c.tables.len());
    }
}
