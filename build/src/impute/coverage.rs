//! `imputation_coverage`: for every unit group and profile, each expected
//! attribute with where its value came from, or `missing`.
//!
//! An attribute is expected at a level when any entity of that level has it;
//! an entity without it is missing it (64409, with no O*NET mapping, misses
//! every O*NET attribute).

use std::collections::{BTreeMap, BTreeSet};

use jobforge_core::provenance::ValueSource;

use super::Attribute;
use crate::table::{col, Kind, Table, TableBuilder, TableError, Value};

/// (level, entity, unit group) of every entity that should have attributes.
pub struct Entity {
    pub level: &'static str,
    pub code: String,
    pub unit_group_id: String,
}

/// (level, value_source) → cells of the report.
pub type Counts = BTreeMap<(String, String), usize>;

pub fn table(entities: &[Entity], attrs: &[Attribute]) -> Result<(Table, Counts), TableError> {
    // Best (first-ranked) source per entity and attribute: native beats
    // inherited beats imputed, as the provenance model ranks them.
    let mut have: BTreeMap<(&str, &str), ValueSource> = BTreeMap::new();
    let mut expected: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in attrs {
        expected
            .entry(a.entity_level)
            .or_default()
            .insert(&a.attribute);
        let e = have
            .entry((&a.entity_code, &a.attribute))
            .or_insert(a.value_source);
        if a.value_source < *e {
            *e = a.value_source;
        }
    }
    let mut b = TableBuilder::new(
        "imputation_coverage",
        vec![
            col("entity_level", Kind::Text),
            col("entity_code", Kind::Text),
            col("unit_group_id", Kind::Text),
            col("attribute", Kind::Text),
            col("attribute_group", Kind::Text),
            col("value_source", Kind::Text),
        ],
    );
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for e in entities {
        for attr in expected.get(e.level).into_iter().flatten() {
            let src = have
                .get(&(e.code.as_str(), *attr))
                .copied()
                .unwrap_or(ValueSource::Missing);
            *counts
                .entry((e.level.to_string(), src.as_str().to_string()))
                .or_default() += 1;
            b.push(vec![
                Value::text(e.level),
                Value::text(&e.code),
                Value::text(&e.unit_group_id),
                Value::text(*attr),
                Value::text(attr.split('.').next().unwrap_or("")),
                Value::text(src.as_str()),
            ])?;
        }
    }
    Ok((b.finish(), counts))
}
