//! `ask` and `replay` on the catalogue of the real sources: the adapter
//! agrees with the published parquet, every intent is understood in English
//! and French, and the replay respects the lineage.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use arrow_array::{Array, BooleanArray, Int64Array, RecordBatch, StringArray};
use jobforge::model::ask_catalog;
use jobforge::pipeline;
use jobforge_core::ask::{
    answer, Answer, Catalog, ColumnMeta, Intent, Lang, LineageEdge, Relationship, TableMeta,
};
use jobforge_core::replay::{self, EventKind, ReplayEvent, Step};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// The catalogue as `jobforge ask` computes it: from the model, nothing written.
fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let gold = pipeline::load_with_metadata(&common::sources(), None, true, &common::content())
            .expect("model of the real sources");
        ask_catalog::catalog(&gold).expect("catalogue from the model")
    })
}

// ---------------------------------------------------------------- adapter

/// One metadata table from the parquet folder; they are small enough for
/// one batch.
fn batch(dir: &Path, table: &str) -> RecordBatch {
    let file = std::fs::File::open(dir.join(format!("{table}.parquet"))).expect("parquet file");
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("parquet footer")
        .with_batch_size(1 << 20)
        .build()
        .expect("reader");
    let mut batches: Vec<RecordBatch> = reader.map(|b| b.expect("batch")).collect();
    assert_eq!(batches.len(), 1, "{table}: one batch expected");
    batches.remove(0)
}

fn strings(b: &RecordBatch, col: &str) -> Vec<Option<String>> {
    let a = b
        .column_by_name(col)
        .unwrap_or_else(|| panic!("column {col}"));
    let a = a
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap_or_else(|| panic!("{col} is not utf8"));
    (0..a.len())
        .map(|i| (!a.is_null(i)).then(|| a.value(i).to_string()))
        .collect()
}

fn req(b: &RecordBatch, col: &str) -> Vec<String> {
    strings(b, col)
        .into_iter()
        .map(|s| s.unwrap_or_else(|| panic!("null in {col}")))
        .collect()
}

fn ints(b: &RecordBatch, col: &str) -> Vec<Option<i64>> {
    let a = b
        .column_by_name(col)
        .unwrap_or_else(|| panic!("column {col}"));
    let a = a
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap_or_else(|| panic!("{col} is not int64"));
    (0..a.len())
        .map(|i| (!a.is_null(i)).then(|| a.value(i)))
        .collect()
}

fn bools(b: &RecordBatch, col: &str) -> Vec<bool> {
    let a = b
        .column_by_name(col)
        .unwrap_or_else(|| panic!("column {col}"));
    let a = a
        .as_any()
        .downcast_ref::<BooleanArray>()
        .unwrap_or_else(|| panic!("{col} is not boolean"));
    (0..a.len()).map(|i| a.value(i)).collect()
}

/// The catalogue as the browser app reads it: from the published parquet.
fn catalog_from_parquet(dir: &Path) -> Catalog {
    let t = batch(dir, "catalog_tables");
    let (name, domain) = (req(&t, "table_name"), strings(&t, "domain"));
    let (den, dfr) = (strings(&t, "description_en"), strings(&t, "description_fr"));
    let (gen, gfr) = (strings(&t, "grain_en"), strings(&t, "grain_fr"));
    let (rows, cols) = (ints(&t, "row_count"), ints(&t, "column_count"));
    let (src, lic, file) = (req(&t, "sources"), req(&t, "licence"), req(&t, "file"));
    let tables = (0..t.num_rows())
        .map(|i| TableMeta {
            table_name: name[i].clone(),
            domain: domain[i].clone(),
            description_en: den[i].clone(),
            description_fr: dfr[i].clone(),
            grain_en: gen[i].clone(),
            grain_fr: gfr[i].clone(),
            row_count: rows[i],
            column_count: cols[i],
            sources: src[i].clone(),
            licence: lic[i].clone(),
            file: file[i].clone(),
        })
        .collect();
    let c = batch(dir, "catalog_columns");
    let (tn, cn, pos) = (
        req(&c, "table_name"),
        req(&c, "column_name"),
        ints(&c, "position"),
    );
    let (dt, nl) = (req(&c, "data_type"), bools(&c, "nullable"));
    let (den, dfr) = (strings(&c, "description_en"), strings(&c, "description_fr"));
    let columns = (0..c.num_rows())
        .map(|i| ColumnMeta {
            table_name: tn[i].clone(),
            column_name: cn[i].clone(),
            position: pos[i].expect("position"),
            data_type: dt[i].clone(),
            nullable: nl[i],
            description_en: den[i].clone(),
            description_fr: dfr[i].clone(),
        })
        .collect();
    let r = batch(dir, "catalog_relationships");
    let (ft, fc, tt, tc, card) = (
        req(&r, "from_table"),
        req(&r, "from_column"),
        req(&r, "to_table"),
        req(&r, "to_column"),
        req(&r, "cardinality"),
    );
    let relationships = (0..r.num_rows())
        .map(|i| Relationship {
            from_table: ft[i].clone(),
            from_column: fc[i].clone(),
            to_table: tt[i].clone(),
            to_column: tc[i].clone(),
            cardinality: card[i].clone(),
        })
        .collect();
    let l = batch(dir, "lineage");
    let (lt, li, lk, ltr) = (
        req(&l, "table_name"),
        req(&l, "input"),
        req(&l, "input_kind"),
        req(&l, "transform"),
    );
    let lineage = (0..l.num_rows())
        .map(|i| LineageEdge {
            table_name: lt[i].clone(),
            input: li[i].clone(),
            input_kind: lk[i].clone(),
            transform: ltr[i].clone(),
        })
        .collect();
    Catalog {
        tables,
        columns,
        relationships,
        lineage,
    }
}

#[test]
fn the_model_catalogue_is_the_published_one() {
    let built = common::real_build();
    let published = catalog_from_parquet(&built.dir.path().join("data"));
    let model = catalog();
    assert_eq!(model.tables.len(), published.tables.len());
    for (m, p) in model.tables.iter().zip(&published.tables) {
        assert_eq!(m, p, "catalog_tables row {}", m.table_name);
    }
    assert_eq!(model.columns, published.columns);
    assert_eq!(model.relationships, published.relationships);
    assert_eq!(model.lineage, published.lineage);
    assert!(model.tables.len() > 50 && model.columns.len() > 400);
}

// ---------------------------------------------------------------- ask

/// (question, intent, language, a table and column the answer must cite).
#[rustfmt::skip]
const QUESTIONS: &[(&str, Intent, Lang, &str, Option<&str>)] = &[
    // Columns by exact name, and by words of names and descriptions.
    ("which tables have unit_group_id", Intent::FindColumn, Lang::En, "dim_oasis_profile", Some("unit_group_id")),
    ("Which tables contain the NOC code?", Intent::FindColumn, Lang::En, "dim_noc", Some("noc_code")),
    ("Which tables contain the NOC code?", Intent::FindColumn, Lang::En, "cops_summary", Some("unit_group_id")),
    ("quelles tables contiennent le code CNP ?", Intent::FindColumn, Lang::Fr, "element_main_duties", Some("unit_group_id")),
    ("quelles tables contiennent le code CNP ?", Intent::FindColumn, Lang::Fr, "dim_noc", Some("noc_code")),
    // Upstream, down to the files.
    ("where does dim_noc come from", Intent::Upstream, Lang::En, "dim_noc", None),
    ("Where does `job_architecture_resolution` come from?", Intent::Upstream, Lang::En, "element_example_titles", None),
    ("d'où vient dim_noc ?", Intent::Upstream, Lang::Fr, "dim_noc", None),
    ("D’où vient « imputation coverage » ?", Intent::Upstream, Lang::Fr, "dim_oasis_profile", None),
    // Direct inputs.
    ("what feeds job_architecture_resolution", Intent::Inputs, Lang::En, "dim_oasis_profile", None),
    ("qu'est-ce qui alimente job_architecture_resolution ?", Intent::Inputs, Lang::Fr, "element_example_titles", None),
    // Downstream.
    ("what uses dim_noc", Intent::Downstream, Lang::En, "bridge_noc_og", None),
    ("what does dim_noc feed?", Intent::Downstream, Lang::En, "unit_group_attributes", None),
    ("quelles tables utilisent dim_noc", Intent::Downstream, Lang::Fr, "descriptions", None),
    // Counts.
    ("how many rows in element_main_duties", Intent::RowCount, Lang::En, "element_main_duties", None),
    ("How many rows in \"Element Main Duties\"?", Intent::RowCount, Lang::En, "element_main_duties", None),
    ("combien de lignes dans element_main_duties ?", Intent::RowCount, Lang::Fr, "element_main_duties", None),
    // Description.
    ("describe dim_noc", Intent::Describe, Lang::En, "dim_noc", None),
    ("what is in dim_noc", Intent::Describe, Lang::En, "dim_noc", None),
    ("décris dim_noc", Intent::Describe, Lang::Fr, "dim_noc", None),
    // Joins.
    ("what joins dim_noc", Intent::Relationships, Lang::En, "dim_oasis_profile", Some("unit_group_id")),
    ("relations de dim_noc", Intent::Relationships, Lang::Fr, "dim_noc", Some("noc_code")),
    // Sources and domains.
    ("which tables come from OaSIS", Intent::TablesFromSource, Lang::En, "element_main_duties", None),
    ("quelles tables proviennent du SPPC (COPS) ?", Intent::TablesFromSource, Lang::Fr, "cops_summary", None),
    ("tables in the public service domain", Intent::TablesFromSource, Lang::En, "dim_og", None),
    ("list tables", Intent::ListTables, Lang::En, "catalog_tables", None),
    ("liste des tables", Intent::ListTables, Lang::Fr, "dim_noc", None),
    // Typos, recovered with WRatio.
    ("where does dim_nok come from", Intent::Upstream, Lang::En, "dim_noc", None),
    ("décris dim_oasis_profil", Intent::Describe, Lang::Fr, "dim_oasis_profile", None),
];

fn cites(a: &Answer, table: &str, column: Option<&str>) -> bool {
    a.cites
        .iter()
        .any(|c| c.table == table && c.column.as_deref() == column)
}

#[test]
fn every_intent_is_answered_in_english_and_french() {
    let c = catalog();
    for &(q, intent, lang, table, column) in QUESTIONS {
        let a = answer(c, q);
        assert_eq!(a.intent, intent, "{q}: {}", a.text_en);
        assert_eq!(a.lang, lang, "{q}");
        assert!(
            cites(&a, table, column),
            "{q}: {table} {column:?} not cited in {:?}",
            a.cites
        );
        assert!(!a.items.is_empty(), "{q}: no items");
        assert!(!a.text_en.is_empty() && !a.text_fr.is_empty(), "{q}");
        // Every cite names a real table, and a real column when it has one.
        for cite in &a.cites {
            assert!(c.table(&cite.table).is_some(), "{q}: cites {}", cite.table);
            if let Some(col) = &cite.column {
                assert!(
                    c.columns_of(&cite.table)
                        .iter()
                        .any(|x| &x.column_name == col),
                    "{q}: cites {}.{col}",
                    cite.table
                );
            }
        }
    }
}

#[test]
fn every_intent_is_covered_in_both_languages() {
    let covered: BTreeSet<(Intent, Lang)> = QUESTIONS.iter().map(|q| (q.1, q.2)).collect();
    for intent in Intent::ALL {
        if intent == Intent::Unknown {
            continue;
        }
        for lang in [Lang::En, Lang::Fr] {
            assert!(
                covered.contains(&(intent, lang)),
                "{intent:?} not asked in {lang:?}"
            );
        }
    }
}

#[test]
fn exact_column_lists_every_table_with_it() {
    let c = catalog();
    let a = answer(c, "which tables have unit_group_id");
    let want: BTreeSet<&str> = c
        .columns
        .iter()
        .filter(|x| x.column_name == "unit_group_id")
        .map(|x| x.table_name.as_str())
        .collect();
    let got: BTreeSet<&str> = a.items.iter().map(|i| i.table.as_str()).collect();
    assert_eq!(got, want);
    assert!(want.len() > 30);
    assert!(a
        .items
        .iter()
        .all(|i| i.column.as_deref() == Some("unit_group_id")));
}

#[test]
fn the_noc_code_concept_ranks_columns_named_for_it_first() {
    let a = answer(catalog(), "which tables contain the NOC code");
    assert_eq!(
        a.items[0].column.as_deref(),
        Some("noc_code"),
        "{:?}",
        a.items[0]
    );
    let fr = answer(catalog(), "quelles tables contiennent le code CNP");
    let en_cols: BTreeSet<_> = a.cites.iter().map(|c| c.column.clone()).collect();
    let fr_cols: BTreeSet<_> = fr.cites.iter().map(|c| c.column.clone()).collect();
    assert!(en_cols.contains(&Some("unit_group_id".into())));
    assert!(fr_cols.contains(&Some("unit_group_id".into())));
}

#[test]
fn upstream_reaches_the_source_files_and_their_transforms() {
    let c = catalog();
    let a = answer(c, "where does job_architecture_resolution come from");
    let files: BTreeSet<&str> = a.items.iter().filter_map(|i| i.file.as_deref()).collect();
    assert!(
        files.contains("jobforge-wiq/job_architecture.csv"),
        "{files:?}"
    );
    assert!(
        files.contains("statcan-noc-2021/noc_structure_en.csv"),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f.starts_with("esdc-oasis-2023-v1.0/")));
    assert!(a.text_en.contains("statcan-noc-2021"), "{}", a.text_en);
    assert!(a
        .text_fr
        .starts_with("job_architecture_resolution provient de"));
    let transform = &c
        .inputs_of("job_architecture_resolution")
        .first()
        .expect("lineage")
        .transform;
    assert!(a
        .items
        .iter()
        .any(|i| i.detail.contains(transform.as_str())));
}

#[test]
fn inputs_are_the_direct_lineage_rows() {
    let c = catalog();
    let a = answer(c, "what feeds job_architecture_resolution");
    let want: BTreeSet<&str> = c
        .inputs_of("job_architecture_resolution")
        .iter()
        .map(|e| e.input.as_str())
        .collect();
    let got: BTreeSet<&str> = a.cites[1..].iter().map(|x| x.table.as_str()).collect();
    assert_eq!(got, want);
}

#[test]
fn counts_come_from_the_catalogue() {
    let c = catalog();
    let meta = c.table("element_main_duties").expect("table");
    let rows = meta.row_count.expect("rows");
    let a = answer(c, "how many rows in element_main_duties");
    let digits: String = a.text_en.chars().filter(|ch| ch.is_ascii_digit()).collect();
    assert!(
        digits.starts_with(&rows.to_string()),
        "{} vs {rows}",
        a.text_en
    );
}

#[test]
fn describe_lists_every_column() {
    let c = catalog();
    let a = answer(c, "décris dim_noc");
    let got: Vec<&str> = a.items.iter().filter_map(|i| i.column.as_deref()).collect();
    let want: Vec<&str> = c
        .columns_of("dim_noc")
        .iter()
        .map(|x| x.column_name.as_str())
        .collect();
    assert_eq!(got, want);
    assert!(a.items[0]
        .detail
        .contains("Classification nationale des professions"));
}

#[test]
fn tables_of_a_source_are_exactly_those_it_feeds() {
    let c = catalog();
    let a = answer(c, "which tables come from OaSIS");
    let want: BTreeSet<&str> = c
        .tables
        .iter()
        .filter(|t| t.source_ids().any(|s| s == "esdc-oasis-2023-v1.0"))
        .map(|t| t.table_name.as_str())
        .collect();
    let got: BTreeSet<&str> = a.items.iter().map(|i| i.table.as_str()).collect();
    assert_eq!(got, want);
}

#[test]
fn unknown_questions_get_suggestions_that_work() {
    let c = catalog();
    for (q, lang) in [
        ("tell me a joke", Lang::En),
        ("quel temps fera-t-il demain ?", Lang::Fr),
    ] {
        let a = answer(c, q);
        assert_eq!(a.intent, Intent::Unknown, "{q}: {}", a.text_en);
        assert_eq!(a.lang, lang, "{q}");
        assert!(a.items.is_empty() && a.cites.is_empty());
        assert!(
            (3..=5).contains(&a.suggestions.len()),
            "{:?}",
            a.suggestions
        );
        for (en, fr) in &a.suggestions {
            let (e, f) = (answer(c, en), answer(c, fr));
            assert_ne!(e.intent, Intent::Unknown, "{en}");
            assert_eq!(e.intent, f.intent, "{en} / {fr}");
            assert_eq!(f.lang, Lang::Fr, "{fr}");
            assert!(!e.items.is_empty(), "{en}");
        }
    }
}

// ---------------------------------------------------------------- replay

fn events() -> Vec<ReplayEvent> {
    replay::events(catalog())
}

fn table_positions(ev: &[ReplayEvent]) -> BTreeMap<&str, usize> {
    let mut pos = BTreeMap::new();
    for (i, e) in ev.iter().enumerate() {
        if e.kind == EventKind::Table {
            let t = e.table.as_deref().expect("table event names its table");
            assert!(pos.insert(t, i).is_none(), "{t} appears twice");
        }
    }
    pos
}

#[test]
fn every_gold_table_appears_once() {
    let ev = events();
    let pos = table_positions(&ev);
    let want: BTreeSet<&str> = catalog()
        .tables
        .iter()
        .map(|t| t.table_name.as_str())
        .collect();
    let got: BTreeSet<&str> = pos.keys().copied().collect();
    assert_eq!(got, want);
}

#[test]
fn each_table_comes_after_its_inputs() {
    let ev = events();
    let pos = table_positions(&ev);
    let mut checked = 0;
    for e in &catalog().lineage {
        if e.is_file() || e.input == e.table_name {
            continue;
        }
        assert!(
            pos[e.input.as_str()] < pos[e.table_name.as_str()],
            "{} before its input {}",
            e.table_name,
            e.input
        );
        checked += 1;
    }
    assert!(checked > 100);
}

#[test]
fn every_relationship_follows_both_its_tables() {
    let ev = events();
    let pos = table_positions(&ev);
    for r in &catalog().relationships {
        let join = format!(
            "{}.{} → {}.{}",
            r.from_table, r.from_column, r.to_table, r.to_column
        );
        let at: Vec<usize> = ev
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.kind == EventKind::Relationship && e.detail.as_deref() == Some(&join)
            })
            .map(|(i, _)| i)
            .collect();
        assert_eq!(at.len(), 1, "{join}");
        let ready = pos[r.from_table.as_str()].max(pos[r.to_table.as_str()]);
        assert!(at[0] > ready, "{join} before its tables");
        // Nothing but other joins between the second table and the join.
        assert!(ev[ready + 1..at[0]]
            .iter()
            .all(|e| e.kind == EventKind::Relationship));
    }
}

#[test]
fn four_steps_start_and_complete_in_order() {
    let ev = events();
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
    // Steps never go back, and seq is the position.
    for (i, w) in ev.windows(2).enumerate() {
        assert!(w[0].step <= w[1].step, "event {i}");
    }
    assert!(ev.iter().enumerate().all(|(i, e)| e.seq as usize == i));
    let titles: Vec<Step> = replay::steps().iter().map(|s| s.step).collect();
    assert_eq!(titles, Step::ALL);
}

#[test]
fn tables_land_in_the_step_their_lineage_says() {
    let ev = events();
    let step: BTreeMap<&str, Step> = ev
        .iter()
        .filter(|e| e.kind == EventKind::Table)
        .filter_map(|e| e.table.as_deref().map(|t| (t, e.step)))
        .collect();
    for t in [
        "dim_noc",
        "element_main_duties",
        "dim_oasis_profile",
        "cops_summary",
    ] {
        assert_eq!(step[t], Step::GoldTables, "{t}");
    }
    for t in [
        "unit_group_attributes",
        "profile_attributes",
        "imputation_coverage",
        "descriptions",
        "job_architecture_resolution",
        "bridge_noc_og",
    ] {
        assert_eq!(step[t], Step::Imputation, "{t}");
    }
    for t in [
        "catalog_tables",
        "catalog_columns",
        "catalog_relationships",
        "lineage",
        "rejects",
        "source_files",
    ] {
        assert_eq!(step[t], Step::Published, "{t}");
    }
    let files: BTreeSet<&str> = catalog()
        .lineage
        .iter()
        .filter(|e| e.is_file())
        .map(|e| e.input.as_str())
        .collect();
    let sourced: BTreeSet<&str> = ev
        .iter()
        .filter(|e| e.kind == EventKind::Source)
        .filter_map(|e| e.detail.as_deref())
        .collect();
    assert_eq!(sourced, files);
    assert!(ev
        .iter()
        .filter(|e| e.kind == EventKind::Source)
        .all(|e| e.step == Step::Sources));
}

#[test]
fn the_replay_is_deterministic() {
    let mut shuffled = catalog().clone();
    shuffled.lineage.reverse();
    shuffled.relationships.reverse();
    let a = events();
    let b = replay::events(&shuffled);
    let tables = |ev: &[ReplayEvent]| -> Vec<Option<String>> {
        ev.iter()
            .filter(|e| e.kind == EventKind::Table)
            .map(|e| e.table.clone())
            .collect()
    };
    // Table order depends on the catalogue order and the lineage graph,
    // not on the order of lineage rows.
    assert_eq!(tables(&a), tables(&b));
    assert_eq!(a, events());
}

#[test]
fn the_replay_diagram_draws_every_file_table_and_join_apart() {
    use replay::layout::{layout, NodeKind, NODE_H, NODE_W};
    let ev = events();
    let l = layout(&ev);
    let files = ev.iter().filter(|e| e.kind == EventKind::Source).count();
    let kinds = |k: NodeKind| l.nodes.iter().filter(|n| n.kind == k).count();
    assert_eq!(kinds(NodeKind::Source), files);
    assert_eq!(kinds(NodeKind::Table), catalog().tables.len());
    assert_eq!(l.edges.len(), catalog().relationships.len());
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            let apart = a.x + NODE_W <= b.x
                || b.x + NODE_W <= a.x
                || a.y + NODE_H <= b.y
                || b.y + NODE_H <= a.y;
            assert!(apart, "{} and {}", a.name, b.name);
        }
    }
    for e in &l.edges {
        assert!(e.seq > l.nodes[e.from].seq && e.seq > l.nodes[e.to].seq);
        assert!(e
            .points
            .iter()
            .all(|&(x, y)| (0..=l.width).contains(&x) && (0..=l.height).contains(&y)));
    }
    // The same picture whatever the order of the lineage rows.
    let mut shuffled = catalog().clone();
    shuffled.lineage.reverse();
    assert_eq!(layout(&replay::events(&shuffled)).nodes, l.nodes);
}
