//! Resolution data for the 5-tier resolver, and `job_architecture_resolution`:
//! every job-architecture row resolved to an OaSIS profile with provenance.

use std::collections::BTreeMap;

use jobforge_core::resolve::{ResolverData, Tier};

use super::Gold;
use crate::table::{col, Kind, Table, TableBuilder, TableError, Value};

/// Unit groups from `dim_noc`, profiles from `dim_oasis_profile` and example
/// titles from `element_example_titles`, in the tables' order.
pub fn resolver_data(gold: &Gold) -> Result<ResolverData, TableError> {
    let noc = gold.table("dim_noc")?;
    let prof = gold.table("dim_oasis_profile")?;
    let ex = gold.table("element_example_titles")?;
    let noc_cols = [noc.text_column("noc_code")?, noc.text_column("title_en")?];
    let prof_cols = [
        prof.text_column("unit_group_id")?,
        prof.text_column("oasis_profile_code")?,
        prof.text_column("label_en")?,
    ];
    let ex_cols = [
        ex.text_column("unit_group_id")?,
        ex.text_column("oasis_profile_code")?,
        ex.text_column("job_title")?,
    ];
    Ok(ResolverData::from_rows(
        noc_cols[0].iter().copied().zip(noc_cols[1].iter().copied()),
        rows3(&prof_cols),
        rows3(&ex_cols),
    ))
}

/// Three columns as rows.
fn rows3<'a>(
    c: &[Vec<Option<&'a str>>; 3],
) -> Vec<(Option<&'a str>, Option<&'a str>, Option<&'a str>)> {
    (0..c[0].len())
        .map(|i| (c[0][i], c[1][i], c[2][i]))
        .collect()
}

/// Resolves every job-architecture row. A row the resolver cannot take (no
/// unit group, empty title) is kept with `tier` null and the reason in `error`.
pub fn job_architecture(
    gold: &Gold,
    data: &ResolverData,
) -> Result<(Table, BTreeMap<String, usize>), TableError> {
    let ja = gold.table("job_architecture")?;
    let ids = ja.column("jt_id")?;
    let titles = ja.text_column("job_title_en")?;
    let ugs = ja.text_column("unit_group_id")?;
    let mut b = TableBuilder::new(
        "job_architecture_resolution",
        vec![
            col("jt_id", Kind::Int),
            col("job_title_en", Kind::Text).nullable(),
            col("unit_group_id", Kind::Text).nullable(),
            col("tier", Kind::Text).nullable(),
            col("confidence", Kind::Float).nullable(),
            col("oasis_profile_code", Kind::Text).nullable(),
            col("profile_label", Kind::Text).nullable(),
            col("matched_text", Kind::Text).nullable(),
            col("scorer", Kind::Text).nullable(),
            col("score", Kind::Float).nullable(),
            col("source_table", Kind::Text).nullable(),
            col("rationale_en", Kind::Text).nullable(),
            col("rationale_fr", Kind::Text).nullable(),
            col("error", Kind::Text).nullable(),
        ],
    );
    let mut counts: BTreeMap<String, usize> = Tier::ALL
        .iter()
        .map(|t| (t.as_str().to_string(), 0))
        .collect();
    for i in 0..ja.len() {
        let title = titles[i];
        let ug = ugs[i];
        let result = match ug {
            None => Err("no NOC 2021 unit group in the job architecture".to_string()),
            Some(ug) => data
                .resolve(title.unwrap_or(""), ug)
                .map_err(|e| e.to_string()),
        };
        let mut row = vec![ids[i].clone(), Value::opt_text(title), Value::opt_text(ug)];
        match result {
            Ok(r) => {
                *counts.entry(r.tier.as_str().to_string()).or_default() += 1;
                row.extend([
                    Value::text(r.tier.as_str()),
                    Value::Float(r.confidence),
                    Value::opt_text(r.profile_code),
                    Value::opt_text(r.profile_label),
                    Value::opt_text(r.matched_text),
                    Value::opt_text(r.scorer),
                    Value::opt_float(r.score),
                    Value::opt_text(r.source_table),
                    Value::text(r.rationale_en),
                    Value::text(r.rationale_fr),
                    Value::Null,
                ]);
            }
            Err(e) => {
                *counts.entry("UNRESOLVED".to_string()).or_default() += 1;
                row.extend(std::iter::repeat_n(Value::Null, 10));
                row.push(Value::text(e));
            }
        }
        b.push(row)?;
    }
    Ok((b.finish(), counts))
}
