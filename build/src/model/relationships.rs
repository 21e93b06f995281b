//! The WiQ semantic model's joins, and the orphan check on each.
//!
//! Joins follow a naming convention: a column called `unit_group_id` always
//! references `dim_noc.noc_code`, `oasis_profile_code` references
//! `dim_oasis_profile`, and so on ([`CONVENTIONS`]). A few joins that break
//! the convention are listed in [`EXTRA`]. Every join is checked: each key
//! value must exist in the referenced table, or it is counted as an orphan.

use std::collections::{BTreeSet, HashSet};

use super::Gold;
use crate::table::{col, Kind, Table, TableBuilder, TableError, Value};

/// (column name, referenced table, referenced column)
pub const CONVENTIONS: &[(&str, &str, &str)] = &[
    ("unit_group_id", "dim_noc", "noc_code"),
    (
        "oasis_profile_code",
        "dim_oasis_profile",
        "oasis_profile_code",
    ),
    ("onet_soc_code", "onet_occupations", "onet_soc_code"),
    ("og_code", "dim_og", "og_code"),
    ("og_subgroup_code", "dim_og_subgroup", "og_subgroup_code"),
    ("descriptor_code", "dim_oasis_descriptor", "descriptor_code"),
];

/// (from table, from column, to table, to column)
pub const EXTRA: &[(&str, &str, &str, &str)] = &[
    ("dim_noc", "parent_code", "dim_noc", "noc_code"),
    (
        "element_exclusions",
        "excluded_profile_code",
        "dim_oasis_profile",
        "oasis_profile_code",
    ),
    (
        "element_exclusions",
        "excluded_unit_group_id",
        "dim_noc",
        "noc_code",
    ),
    (
        "onet_related_occupations",
        "related_onet_soc_code",
        "onet_occupations",
        "onet_soc_code",
    ),
    (
        "onet_job_zones",
        "job_zone",
        "onet_job_zone_reference",
        "job_zone",
    ),
];

#[derive(Debug, Clone)]
pub struct Relationship {
    pub from_table: String,
    pub from_column: String,
    pub to_table: String,
    pub to_column: String,
    /// `*:1` or `1:1`, from the data: whether the from column repeats.
    pub cardinality: String,
    pub distinct_keys: usize,
    pub orphan_keys: Vec<String>,
    pub orphan_rows: usize,
}

/// Finds every join in the model and checks it.
pub fn check(gold: &Gold) -> Result<Vec<Relationship>, TableError> {
    let mut joins: Vec<(String, String, String, String)> = Vec::new();
    for t in &gold.tables {
        for c in &t.columns {
            for &(name, to_table, to_col) in CONVENTIONS {
                let is_own_key = t.name == to_table && c.name == to_col;
                if c.name == name && !is_own_key && gold.get(to_table).is_some() {
                    joins.push((
                        t.name.clone(),
                        c.name.clone(),
                        to_table.into(),
                        to_col.into(),
                    ));
                }
            }
        }
    }
    for &(ft, fc, tt, tc) in EXTRA {
        if gold.get(ft).is_some() && gold.get(tt).is_some() {
            joins.push((ft.into(), fc.into(), tt.into(), tc.into()));
        }
    }
    joins
        .into_iter()
        .filter_map(|(ft, fc, tt, tc)| Some((gold.get(&ft)?, fc, gold.get(&tt)?, tc)))
        .map(|(from, fc, to, tc)| check_one(from, &fc, to, &tc))
        .collect()
}

fn key_strings(t: &Table, column: &str) -> Result<Vec<Option<String>>, TableError> {
    Ok(t.column(column)?.iter().map(Value::display).collect())
}

fn check_one(from: &Table, fc: &str, to: &Table, tc: &str) -> Result<Relationship, TableError> {
    let targets: HashSet<String> = key_strings(to, tc)?.into_iter().flatten().collect();
    let keys = key_strings(from, fc)?;
    let mut distinct = HashSet::new();
    let mut orphans = BTreeSet::new();
    let mut orphan_rows = 0;
    let mut repeats = false;
    for k in keys.into_iter().flatten() {
        if !targets.contains(&k) {
            orphan_rows += 1;
            orphans.insert(k.clone());
        }
        if !distinct.insert(k) {
            repeats = true;
        }
    }
    Ok(Relationship {
        from_table: from.name.clone(),
        from_column: fc.to_string(),
        to_table: to.name.clone(),
        to_column: tc.to_string(),
        cardinality: if repeats { "*:1" } else { "1:1" }.to_string(),
        distinct_keys: distinct.len(),
        orphan_keys: orphans.into_iter().collect(),
        orphan_rows,
    })
}

/// Orphan keys listed in the table, at most; the count is always complete.
const ORPHAN_EXAMPLES: usize = 10;

pub fn table(rels: &[Relationship]) -> Result<Table, TableError> {
    let mut b = TableBuilder::new(
        "catalog_relationships",
        vec![
            col("from_table", Kind::Text),
            col("from_column", Kind::Text),
            col("to_table", Kind::Text),
            col("to_column", Kind::Text),
            col("cardinality", Kind::Text),
            col("distinct_keys", Kind::Int),
            col("orphan_keys", Kind::Int),
            col("orphan_rows", Kind::Int),
            col("orphan_examples", Kind::Text).nullable(),
        ],
    );
    for r in rels {
        let examples = r
            .orphan_keys
            .iter()
            .take(ORPHAN_EXAMPLES)
            .cloned()
            .collect::<Vec<_>>();
        b.push(vec![
            Value::text(&r.from_table),
            Value::text(&r.from_column),
            Value::text(&r.to_table),
            Value::text(&r.to_column),
            Value::text(&r.cardinality),
            Value::Int(r.distinct_keys as i64),
            Value::Int(r.orphan_keys.len() as i64),
            Value::Int(r.orphan_rows as i64),
            Value::opt_text((!examples.is_empty()).then(|| examples.join("|"))),
        ])?;
    }
    Ok(b.finish())
}
