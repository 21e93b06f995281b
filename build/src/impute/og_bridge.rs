//! `bridge_noc_og`: NOC unit groups ↔ Treasury Board occupational groups.
//!
//! No official concordance exists, so every link is imputed and says how:
//! - `JA_NAME_MATCH`: job-architecture titles coded to the unit group carry a
//!   job function and family; when their name matches an occupational group
//!   or subgroup name (token_set_ratio ≥ 85), each title is a vote. The
//!   confidence is the match score times the share of the unit group's
//!   titles that voted for the group, so a unit group whose titles are split
//!   between groups gets several, weaker links.
//! - `NOC_TITLE_MATCH`: otherwise, the unit group's own title against the
//!   group and subgroup names (token_set_ratio ≥ 85), at half the score.
//!
//! One-word names ("Management") must match exactly: token_set_ratio scores
//! any name that contains the word at 100.
//!
//! The group definitions scraped from Canada.ca cannot serve: all 213 rows
//! carry the same truncated page (see `dim_og_definition`).

use std::collections::BTreeMap;

use jobforge_core::fuzz::Scorer;

use crate::model::Gold;
use crate::table::{col, Kind, Table, TableBuilder, TableError, Value};

/// Least token_set_ratio that counts as a name match.
pub const NAME_THRESHOLD: f64 = 85.0;

/// An occupational group or subgroup name to match against.
struct Target {
    og_code: String,
    og_subgroup_code: Option<String>,
    name: String,
}

fn targets(gold: &Gold) -> Result<Vec<Target>, TableError> {
    let mut out = Vec::new();
    let og = gold.table("dim_og")?;
    for (c, n) in og
        .text_column("og_code")?
        .into_iter()
        .zip(og.text_column("name_en")?)
    {
        if let (Some(c), Some(n)) = (c, n) {
            out.push(Target {
                og_code: c.into(),
                og_subgroup_code: None,
                name: n.into(),
            });
        }
    }
    let sub = gold.table("dim_og_subgroup")?;
    let codes = sub.text_column("og_subgroup_code")?;
    let groups = sub.text_column("og_code")?;
    let names = sub.text_column("name_en")?;
    for i in 0..sub.len() {
        if let (Some(c), Some(g), Some(n)) = (codes[i], groups[i], names[i]) {
            out.push(Target {
                og_code: g.into(),
                og_subgroup_code: Some(c.into()),
                name: n.into(),
            });
        }
    }
    Ok(out)
}

/// The best target for a name, if any reaches the threshold. Ties go to the
/// first target (groups before subgroups, then code order).
fn best<'a>(name: &str, targets: &'a [Target]) -> Option<(&'a Target, f64)> {
    let mut best: Option<(&Target, f64)> = None;
    let norm = jobforge_core::resolve::normalise;
    for t in targets {
        // token_set_ratio is 100 whenever one name's words are a subset of
        // the other's, so a one-word name ("Management", "Maintenance")
        // would match every title that contains it: those need equality.
        if !t.name.contains(' ') && norm(name) != norm(&t.name) {
            continue;
        }
        let s = Scorer::TokenSetRatio.score(name, &t.name);
        if s >= NAME_THRESHOLD && best.is_none_or(|b| s > b.1) {
            best = Some((t, s));
        }
    }
    best
}

/// Titles coded to a unit group, and per target index: (votes, best score,
/// the name that scored it).
type Votes = (usize, BTreeMap<usize, (usize, f64, String)>);

struct Link {
    unit_group: String,
    og_code: String,
    og_subgroup_code: Option<String>,
    og_name: String,
    method: &'static str,
    similarity: f64,
    confidence: f64,
    votes: usize,
    rationale: String,
}

pub fn build(gold: &Gold, build_id: &str) -> Result<Table, TableError> {
    let targets = targets(gold)?;
    let ja = gold.table("job_architecture")?;
    let ugs = ja.text_column("unit_group_id")?;
    let fns = ja.text_column("job_function_en")?;
    let fams = ja.text_column("job_family_en")?;
    // unit group → (titles coded to it, target index → (votes, best score, evidence))
    let mut votes: BTreeMap<&str, Votes> = BTreeMap::new();
    for i in 0..ja.len() {
        let Some(ug) = ugs[i] else { continue };
        let entry = votes.entry(ug).or_default();
        entry.0 += 1;
        let found = [fams[i], fns[i]]
            .into_iter()
            .flatten()
            .filter_map(|n| best(n, &targets).map(|(t, s)| (t, s, n)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((t, s, n)) = found {
            let idx = targets.iter().position(|x| std::ptr::eq(x, t)).unwrap_or(0);
            let v = entry.1.entry(idx).or_insert((0, 0.0, n.to_string()));
            v.0 += 1;
            if s > v.1 {
                v.1 = s;
                v.2 = n.to_string();
            }
        }
    }
    let mut links = Vec::new();
    let noc = gold.table("dim_noc")?;
    let codes = noc.text_column("unit_group_id")?;
    let titles = noc.text_column("title_en")?;
    for (ug, title) in codes.iter().zip(&titles) {
        let (Some(ug), Some(title)) = (ug, title) else {
            continue;
        };
        match votes.get(ug).filter(|(_, v)| !v.is_empty()) {
            Some((n, v)) => {
                for (&idx, (count, score, evidence)) in v {
                    let t = &targets[idx];
                    let share = *count as f64 / *n as f64;
                    links.push(Link {
                        unit_group: ug.to_string(),
                        og_code: t.og_code.clone(),
                        og_subgroup_code: t.og_subgroup_code.clone(),
                        og_name: t.name.clone(),
                        method: "JA_NAME_MATCH",
                        similarity: *score,
                        confidence: round(share * score / 100.0),
                        votes: *count,
                        rationale: format!(
                            "{count} of {n} job-architecture titles coded {ug} have a job function or family matching \u{201c}{}\u{201d} (best: \u{201c}{evidence}\u{201d}, token_set_ratio {score:.1}).",
                            t.name
                        ),
                    });
                }
            }
            None => {
                if let Some((t, s)) = best(title, &targets) {
                    links.push(Link {
                        unit_group: ug.to_string(),
                        og_code: t.og_code.clone(),
                        og_subgroup_code: t.og_subgroup_code.clone(),
                        og_name: t.name.clone(),
                        method: "NOC_TITLE_MATCH",
                        similarity: s,
                        confidence: round(0.5 * s / 100.0),
                        votes: 0,
                        rationale: format!(
                            "No job-architecture title is coded {ug}; its NOC title \u{201c}{title}\u{201d} matches \u{201c}{}\u{201d} (token_set_ratio {s:.1}), at half confidence.",
                            t.name
                        ),
                    });
                }
            }
        }
    }
    let mut b = TableBuilder::new(
        "bridge_noc_og",
        vec![
            col("unit_group_id", Kind::Text),
            col("og_code", Kind::Text),
            col("og_subgroup_code", Kind::Text).nullable(),
            col("og_name", Kind::Text),
            col("votes", Kind::Int),
            col("similarity", Kind::Float),
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
    let keys: Vec<&str> = links.iter().map(|l| l.unit_group.as_str()).collect();
    let confidence: Vec<f64> = links.iter().map(|l| l.confidence).collect();
    let ranks = super::rank_by_confidence(&keys, &confidence);
    for (l, r) in links.iter().zip(ranks) {
        b.push(vec![
            Value::text(&l.unit_group),
            Value::text(&l.og_code),
            Value::opt_text(l.og_subgroup_code.clone()),
            Value::text(&l.og_name),
            Value::Int(l.votes as i64),
            Value::Float(round(l.similarity)),
            Value::text("imputed"),
            Value::text(if l.method == "JA_NAME_MATCH" {
                "job_architecture"
            } else {
                "dim_noc"
            }),
            Value::text("L5"),
            Value::text(l.method),
            Value::Float(l.confidence),
            Value::text(&l.rationale),
            Value::text(build_id),
            Value::Int(r),
        ])?;
    }
    Ok(b.finish())
}

fn round(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}
