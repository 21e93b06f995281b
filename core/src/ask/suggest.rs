//! Example and follow-up questions, written with names from the catalogue
//! itself so that every suggestion, asked back, is understood.

use std::collections::BTreeMap;

use super::{Catalog, Cite, Intent};

/// How to ask about one table, per intent: (English, French).
const ABOUT_TABLE: &[(Intent, &str, &str)] = &[
    (Intent::Describe, "describe {t}", "décris {t}"),
    (
        Intent::Upstream,
        "where does {t} come from?",
        "d’où vient {t} ?",
    ),
    (
        Intent::Inputs,
        "what feeds {t}?",
        "qu’est-ce qui alimente {t} ?",
    ),
    (
        Intent::Downstream,
        "what uses {t}?",
        "quelles tables utilisent {t} ?",
    ),
    (Intent::Relationships, "what joins {t}?", "relations de {t}"),
    (
        Intent::RowCount,
        "how many rows in {t}?",
        "combien de lignes dans {t} ?",
    ),
];

/// How many follow-ups an answer offers.
const FOLLOW_UPS: usize = 3;

fn about(intent: Intent, table: &str) -> Option<(String, String)> {
    ABOUT_TABLE
        .iter()
        .find(|(i, _, _)| *i == intent)
        .map(|(_, en, fr)| (en.replace("{t}", table), fr.replace("{t}", table)))
}

/// The table with most joins: the centre of the model (`dim_noc`).
fn hub(catalog: &Catalog) -> String {
    let mut joins: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &catalog.relationships {
        *joins.entry(&r.from_table).or_default() += 1;
        *joins.entry(&r.to_table).or_default() += 1;
    }
    let names = catalog.table_names();
    names
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (joins.get(*n).copied().unwrap_or(0), std::cmp::Reverse(*i)))
        .map_or_else(|| "dim_noc".to_string(), |(_, n)| n.to_string())
}

/// The first table built only from other tables, the catalogue's own
/// tables aside (they read every table).
fn derived(catalog: &Catalog) -> Option<String> {
    let inputs = catalog.table_inputs();
    catalog
        .table_names()
        .into_iter()
        .find(|t| {
            inputs.contains_key(t)
                && !t.starts_with("catalog_")
                && catalog.inputs_of(t).iter().all(|e| !e.is_file())
        })
        .map(str::to_string)
}

/// The column most tables share (`unit_group_id`).
fn shared_column(catalog: &Catalog) -> Option<String> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &catalog.columns {
        *n.entry(&c.column_name).or_default() += 1;
    }
    n.into_iter()
        .max_by_key(|&(name, k)| (k, std::cmp::Reverse(name)))
        .map(|(name, _)| name.to_string())
}

/// The source most tables come from, by the last word of its id that is
/// not a version (`esdc-oasis-2023-v1.0` → `oasis`); the build's own id is
/// left out.
fn main_source(catalog: &Catalog) -> Option<String> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &catalog.tables {
        for s in t.source_ids().filter(|s| *s != "jobforge") {
            *n.entry(s).or_default() += 1;
        }
    }
    let (id, _) = n
        .into_iter()
        .max_by_key(|&(id, k)| (k, std::cmp::Reverse(id)))?;
    id.split(['-', '.'])
        .rfind(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
}

/// Questions to try when one was not understood: one per kind of answer,
/// about this catalogue's own tables, columns and sources.
pub fn examples(catalog: &Catalog) -> Vec<(String, String)> {
    let hub = hub(catalog);
    let mut out: Vec<(String, String)> = [Intent::Describe, Intent::Upstream]
        .into_iter()
        .filter_map(|i| about(i, &hub))
        .collect();
    if let Some(c) = shared_column(catalog) {
        out.push((
            format!("which tables have {c}?"),
            format!("quelles tables contiennent {c} ?"),
        ));
    }
    if let Some(t) = derived(catalog) {
        out.extend(about(Intent::Inputs, &t));
    }
    match main_source(catalog) {
        Some(s) => out.push((
            format!("which tables come from {s}?"),
            format!("quelles tables proviennent de {s} ?"),
        )),
        None => out.push(("list tables".into(), "liste des tables".into())),
    }
    out
}

/// After an answer: other questions about the first table it cites, or
/// about the catalogue's hub when it cites none.
pub(crate) fn follow_ups(
    catalog: &Catalog,
    intent: Intent,
    cites: &[Cite],
) -> Vec<(String, String)> {
    let table = cites
        .first()
        .map_or_else(|| hub(catalog), |c| c.table.clone());
    let mut out: Vec<(String, String)> = ABOUT_TABLE
        .iter()
        .filter(|(i, _, _)| *i != intent)
        .filter_map(|(i, _, _)| about(*i, &table))
        .take(FOLLOW_UPS)
        .collect();
    if intent != Intent::ListTables {
        out.push(("list tables".into(), "liste des tables".into()));
    }
    out
}
