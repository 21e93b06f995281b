//! `dim_noc`: the 822 NOC 2021 codes, with French unit-group titles from COPS.

use std::collections::BTreeMap;

use jobforge_core::noc::NocLevel;

use crate::ingest::noc::NocStructure;
use crate::table::{col, Kind, Table, TableBuilder, TableError, Value};

/// Builds `dim_noc`. A French title that no source gives stays null, with
/// `title_fr_missing` set: it is never filled with the English title.
pub fn build(
    noc: &NocStructure,
    french: &BTreeMap<String, (String, String)>,
) -> Result<Table, TableError> {
    let mut b = TableBuilder::new(
        "dim_noc",
        vec![
            col("noc_code", Kind::Text),
            col("level", Kind::Int),
            col("level_name_en", Kind::Text),
            col("level_name_fr", Kind::Text),
            col("parent_code", Kind::Text).nullable(),
            col("broad_category_code", Kind::Text),
            col("unit_group_id", Kind::Text).nullable(),
            col("title_en", Kind::Text),
            col("title_fr", Kind::Text).nullable(),
            col("title_fr_missing", Kind::Bool),
            col("title_fr_source", Kind::Text).nullable(),
            col("definition_en", Kind::Text).nullable(),
            col("teer", Kind::Int).nullable(),
        ],
    );
    for e in noc.entries.values() {
        let is_ug = e.level == NocLevel::UnitGroup;
        let fr = if is_ug {
            french.get(e.code.as_str())
        } else {
            None
        };
        b.push(vec![
            Value::text(e.code.as_str()),
            Value::Int(i64::from(e.level.number())),
            Value::text(e.level.name_en()),
            Value::text(e.level.name_fr()),
            Value::opt_text(e.code.parent().map(|p| p.as_str().to_string())),
            Value::text(e.code.broad_category().as_str()),
            Value::opt_text(is_ug.then(|| e.code.as_str().to_string())),
            Value::text(&e.title_en),
            Value::opt_text(fr.map(|f| f.0.clone())),
            Value::Bool(fr.is_none()),
            Value::opt_text(fr.map(|f| f.1.clone())),
            Value::opt_text(e.definition_en.clone()),
            Value::opt_int(if is_ug {
                e.code.teer().map(i64::from)
            } else {
                None
            }),
        ])?;
    }
    Ok(b.finish())
}
