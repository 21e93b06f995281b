//! Lineage: which files and tables each output table comes from and how,
//! plus OpenLineage-style run events for every stage of the build.
//!
//! Times come from `SOURCE_DATE_EPOCH`, and run ids from the input hashes,
//! so that the same inputs give byte-identical lineage.

use serde_json::json;

use crate::table::{col, Kind, Table, TableBuilder, TableError, Value};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub table: String,
    pub input: String,
    /// `file` (a source file, `source_id/name`) or `table` (another output).
    pub input_kind: &'static str,
    pub transform: String,
}

/// What a reader or model step does to make a table, in one sentence.
pub fn transform_for(table: &str) -> &'static str {
    match table {
        "dim_noc" => "NOC codes checked (digits, level, parent); TEER from the unit group's second digit; French unit-group titles joined from COPS; missing French left null and flagged",
        "dim_oasis_profile" => "one row per labelled OaSIS profile, with its unit group, lead statement and the number of profiles in its unit group",
        "element_labels" => "profile code split into unit_group_id and noc_element_code; duplicate profiles rejected",
        "dim_oasis_descriptor" => "guide rows kept as published; the scale sentence ('measured by …') extracted from the description",
        "oasis_interests" => "Holland code columns unpivoted to one row per profile and rank; codes checked against RIASEC",
        "cops_aggregates" => "aggregate rows (00000, TEER_n, NOC1_n) of every COPS file, unpivoted to one row per code and measure",
        "bridge_noc_onet" => "unpadded NOC codes left-padded to 5 digits and checked against dim_noc; O*NET-SOC codes checked; fan-out per unit group counted",
        "bridge_noc_2016_2021" => "NOC 2016 codes padded to 4 digits, NOC 2021 codes to 5 and checked against dim_noc",
        "dim_og" => "EN and FR group pages joined on the group code, never on row order",
        "dim_og_subgroup" => "subgroup list, with French names joined on the subgroup code in parentheses",
        "dim_og_definition" => "definition texts kept as scraped, checked against dim_og",
        "job_architecture" => "bilingual job titles kept; NOC 2021 codes checked against dim_noc unit groups; curators' working-note columns not published",
        "unit_group_attributes" => "native NOC and COPS values per unit group; O*NET interests, work styles, work values, job zone, core tasks and alternate titles averaged (equal weight) or pooled over the crosswalk's codes, imputed at confidence 0.5",
        "profile_attributes" => "native OaSIS label, lead statement and Holland codes per profile; every unit-group attribute inherited (INHERIT_L5), values ranked by confidence",
        "imputation_coverage" => "every expected attribute of every unit group and profile with its value source, or missing",
        "job_architecture_resolution" => "each job title resolved to an OaSIS profile of its unit group by the 5-tier resolver (direct, example, dominant, WRatio ≥ 70, unit group)",
        "bridge_noc_og" => "job-architecture functions and families of the titles coded to each unit group matched to occupational group and subgroup names (token_set_ratio ≥ 85), weighted by the share of titles; else the NOC title at half confidence",
        "descriptions" => "job titles: the lead statement of the resolved profile (or the unit group's NOC definition); families and functions: a synthesis of their members' most frequent profiles' lead statements; else an LLM answer from a NOC-style prompt (cached), else missing",
        "rejects" => "every row set aside by a reader, with file, line, column and reason",
        "source_files" => "per input file: sha256 and rows in = rows out + rows rejected",
        "catalog_tables" | "catalog_columns" => "descriptions from content/catalog.toml; counts, nulls and examples measured on the built tables",
        "catalog_relationships" => "joins found by column-name convention and checked for orphan keys",
        "lineage" => "this table: inputs and transforms of every output table",
        t if t.starts_with("element_") => "profile code split into unit_group_id and noc_element_code and checked against the labels; publisher's order kept in seq",
        t if t.starts_with("oasis_") => "wide rating matrix unpivoted to long form (one row per profile and descriptor); headers trimmed and matched to guide codes",
        t if t.starts_with("cops_") => "unit-group rows checked against dim_noc; N/A and N/D read as null; aggregate rows moved to cops_aggregates",
        t if t.starts_with("onet_") => "tab-separated file read with its explicit schema; O*NET-SOC codes checked; n/a read as null",
        _ => "built by jobforge",
    }
}

pub fn table(edges: &[Edge]) -> Result<Table, TableError> {
    let mut b = TableBuilder::new(
        "lineage",
        vec![
            col("table_name", Kind::Text),
            col("input", Kind::Text),
            col("input_kind", Kind::Text),
            col("transform", Kind::Text),
        ],
    );
    let mut sorted = edges.to_vec();
    sorted.sort();
    sorted.dedup();
    for e in sorted {
        b.push(vec![
            Value::text(e.table),
            Value::text(e.input),
            Value::text(e.input_kind),
            Value::text(e.transform),
        ])?;
    }
    Ok(b.finish())
}

/// `SOURCE_DATE_EPOCH` seconds as an RFC 3339 UTC time.
pub fn rfc3339(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// A UUID-shaped run id taken from a hex digest, so reruns get the same id.
pub fn run_id(hex_digest: &str, stage: &str) -> String {
    use sha2::{Digest, Sha256};
    let h = hex::encode(Sha256::digest(format!("{hex_digest}:{stage}").as_bytes()));
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// One stage of the build, for its START and COMPLETE events.
pub struct Stage<'a> {
    pub name: &'a str,
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
}

pub const NAMESPACE: &str = "jobforge";

/// The START/COMPLETE pair of one stage, OpenLineage run-event shaped.
pub fn stage_events(stage: &Stage<'_>, build_id: &str, time: &str) -> serde_json::Value {
    let run = run_id(build_id, stage.name);
    let datasets = |names: &[String]| {
        names
            .iter()
            .map(|n| json!({ "namespace": NAMESPACE, "name": n }))
            .collect::<Vec<_>>()
    };
    let event = |kind: &str| {
        json!({
            "eventType": kind,
            "eventTime": time,
            "producer": "https://github.com/jobforge/wiq",
            "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
            "run": { "runId": run },
            "job": { "namespace": NAMESPACE, "name": stage.name },
            "inputs": datasets(&stage.inputs),
            "outputs": if kind == "COMPLETE" { datasets(&stage.outputs) } else { Vec::new() },
        })
    };
    json!([event("START"), event("COMPLETE")])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn run_ids_are_stable_and_distinct_per_stage() {
        assert_eq!(run_id("ab", "ingest"), run_id("ab", "ingest"));
        assert_ne!(run_id("ab", "ingest"), run_id("ab", "model"));
        assert_eq!(run_id("ab", "x").len(), 36);
    }
}
