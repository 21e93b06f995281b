//! Unit-group and profile attributes with provenance:
//! `unit_group_attributes` (L5) and `profile_attributes` (L6).

use std::collections::BTreeMap;

use jobforge_core::provenance::{Method, ValueSource, INHERITED_CONFIDENCE, NATIVE_CONFIDENCE};

use super::Attribute;
use crate::model::Gold;
use crate::table::{col, Kind, Table, TableBuilder, TableError, Value};

fn native(
    level: &'static str,
    code: &str,
    ug: &str,
    attribute: &str,
    v: &Value,
    table: &str,
) -> Option<Attribute> {
    let (text, num) = match v {
        Value::Null => return None,
        Value::Text(s) => (Some(s.clone()), None),
        Value::Int(i) => (None, Some(*i as f64)),
        Value::Float(f) => (None, Some(*f)),
        Value::Bool(b) => (Some(b.to_string()), None),
    };
    Some(Attribute {
        entity_level: level,
        entity_code: code.to_string(),
        unit_group_id: ug.to_string(),
        attribute: attribute.to_string(),
        value_text: text,
        value_num: num,
        value_source: ValueSource::Native,
        source_table: table.to_string(),
        source_level: level,
        method: Method::Published,
        confidence: NATIVE_CONFIDENCE,
        rationale: format!("Published in {table} for {code}."),
    })
}

/// Columns of a table keyed by `unit_group_id`, as (attribute name, column).
const COPS_SUMMARY: &[(&str, &str)] = &[
    ("cops.employment_2023", "employment_2023"),
    ("cops.employment_growth_2024_2033", "employment_growth"),
    ("cops.retirements_2024_2033", "retirements"),
    ("cops.job_openings_2024_2033", "job_openings"),
    ("cops.job_seekers_2024_2033", "job_seekers"),
    ("cops.recent_conditions_en", "recent_conditions_en"),
    ("cops.recent_conditions_fr", "recent_conditions_fr"),
    ("cops.future_conditions_en", "future_conditions_en"),
    ("cops.future_conditions_fr", "future_conditions_fr"),
];

fn keyed_columns(
    gold: &Gold,
    t: &str,
    key: &str,
    cols: &[(&str, &str)],
    level: &'static str,
    out: &mut Vec<Attribute>,
) -> Result<(), TableError> {
    let tb = gold.table(t)?;
    let keys = tb.text_column(key)?;
    for &(attr, c) in cols {
        let values = tb.column(c)?;
        for (k, v) in keys.iter().zip(values) {
            if let Some(k) = k {
                let ug = &k[..5.min(k.len())];
                out.extend(native(level, k, ug, attr, v, t));
            }
        }
    }
    Ok(())
}

/// Native unit-group attributes (NOC, COPS) and O*NET imputations.
pub fn unit_group(gold: &Gold) -> Result<Vec<Attribute>, TableError> {
    let mut out = Vec::new();
    let noc = gold.table("dim_noc")?;
    let codes = noc.text_column("noc_code")?;
    let levels = noc.column("level")?;
    let titles: BTreeMap<&str, &str> = codes
        .iter()
        .zip(noc.text_column("title_en")?)
        .filter_map(|(c, t)| Some(((*c)?, t?)))
        .collect();
    for (name, column) in [
        ("noc.title_en", "title_en"),
        ("noc.title_fr", "title_fr"),
        ("noc.teer", "teer"),
    ] {
        let values = noc.column(column)?;
        for i in 0..noc.len() {
            if let (Some(c), Value::Int(5)) = (codes[i], &levels[i]) {
                out.extend(native("L5", c, c, name, &values[i], "dim_noc"));
            }
        }
    }
    // The broad category is published at L1; the unit group belongs to it.
    for i in 0..noc.len() {
        if let (Some(c), Value::Int(5)) = (codes[i], &levels[i]) {
            let bc = &c[..1];
            if let Some(t) = titles.get(bc) {
                let mut a = native(
                    "L5",
                    c,
                    c,
                    "noc.broad_category",
                    &Value::text(format!("{bc} {t}")),
                    "dim_noc",
                )
                .expect("text value is not null");
                a.source_level = "L1";
                a.rationale =
                    format!("Broad category {bc} of unit group {c}, as published in dim_noc.");
                out.push(a);
            }
        }
    }
    keyed_columns(
        gold,
        "cops_summary",
        "unit_group_id",
        COPS_SUMMARY,
        "L5",
        &mut out,
    )?;
    keyed_columns(
        gold,
        "cops_employment",
        "unit_group_id",
        &[("cops.employment_2033", "y2033")],
        "L5",
        &mut out,
    )?;
    out.extend(super::onet::unit_group_attributes(gold)?);
    Ok(out)
}

/// Native profile attributes, and every unit-group attribute inherited.
pub fn profile(gold: &Gold, ug_attrs: &[Attribute]) -> Result<Vec<Attribute>, TableError> {
    let mut out = Vec::new();
    keyed_columns(
        gold,
        "dim_oasis_profile",
        "oasis_profile_code",
        &[
            ("oasis.label", "label_en"),
            ("oasis.lead_statement", "lead_statement_en"),
        ],
        "L6",
        &mut out,
    )?;
    let interests = gold.table("oasis_interests")?;
    let pcs = interests.text_column("oasis_profile_code")?;
    let ranks = interests.column("rank")?;
    let letters = interests.column("holland_code")?;
    for i in 0..interests.len() {
        if let (Some(pc), Value::Int(r)) = (pcs[i], &ranks[i]) {
            out.extend(native(
                "L6",
                pc,
                &pc[..5],
                &format!("oasis.holland_code_{r}"),
                &letters[i],
                "oasis_interests",
            ));
        }
    }

    let mut by_ug: BTreeMap<&str, Vec<&Attribute>> = BTreeMap::new();
    for a in ug_attrs {
        by_ug.entry(a.unit_group_id.as_str()).or_default().push(a);
    }
    let prof = gold.table("dim_oasis_profile")?;
    for pc in prof
        .text_column("oasis_profile_code")?
        .into_iter()
        .flatten()
    {
        let ug = &pc[..5];
        for a in by_ug.get(ug).map(Vec::as_slice).unwrap_or_default() {
            let imputed = a.value_source == ValueSource::Imputed;
            out.push(Attribute {
                entity_level: "L6",
                entity_code: pc.to_string(),
                value_source: ValueSource::Inherited,
                // An inherited imputation is no surer than the imputation.
                confidence: if imputed {
                    a.confidence
                } else {
                    INHERITED_CONFIDENCE.min(a.confidence)
                },
                method: if imputed { a.method } else { Method::InheritL5 },
                rationale: format!("Inherited from unit group {ug}: {}", a.rationale),
                ..(*a).clone()
            });
        }
    }
    Ok(out)
}

/// Rank of each value among the values of the same entity and attribute:
/// 1 is the most confident. Nothing is overwritten; all values are kept.
fn ranks(attrs: &[Attribute]) -> Vec<i64> {
    let keys: Vec<(&str, &str)> = attrs
        .iter()
        .map(|a| (a.entity_code.as_str(), a.attribute.as_str()))
        .collect();
    let confidence: Vec<f64> = attrs.iter().map(|a| a.confidence).collect();
    super::rank_by_confidence(&keys, &confidence)
}

pub fn to_table(
    name: &str,
    key: &str,
    attrs: &[Attribute],
    build_id: &str,
) -> Result<Table, TableError> {
    let mut b = TableBuilder::new(
        name,
        vec![
            col(key, Kind::Text),
            col("unit_group_id", Kind::Text),
            col("attribute", Kind::Text),
            col("attribute_group", Kind::Text),
            col("value_text", Kind::Text).nullable(),
            col("value_num", Kind::Float).nullable(),
            col("value_source", Kind::Text),
            col("source_table", Kind::Text),
            col("source_level", Kind::Text),
            col("method", Kind::Text),
            col("confidence", Kind::Float),
            col("rationale", Kind::Text),
            col("build_id", Kind::Text),
            col("rank", Kind::Int),
        ],
    );
    let ranks = ranks(attrs);
    for (a, rank) in attrs.iter().zip(ranks) {
        b.push(vec![
            Value::text(&a.entity_code),
            Value::text(&a.unit_group_id),
            Value::text(&a.attribute),
            Value::text(a.group()),
            Value::opt_text(a.value_text.clone()),
            Value::opt_float(a.value_num),
            Value::text(a.value_source.as_str()),
            Value::text(&a.source_table),
            Value::text(a.source_level),
            Value::text(a.method.as_str()),
            Value::Float(a.confidence),
            Value::text(&a.rationale),
            Value::text(build_id),
            Value::Int(rank),
        ])?;
    }
    Ok(b.finish())
}
