//! Imputation on the real data: inheritance reaches every profile, O*NET
//! values come through the crosswalk at confidence 0.5, 64409 is reported as
//! missing, and provenance columns are never null.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use arrow_array::{Array, Float64Array, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn read(name: &str) -> Vec<RecordBatch> {
    let path = common::real_build()
        .dir
        .path()
        .join(format!("data/{name}.parquet"));
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect()
}

fn strings(batches: &[RecordBatch], col: &str) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            let a = b
                .column_by_name(col)
                .unwrap_or_else(|| panic!("no column {col}"));
            let s = a.as_any().downcast_ref::<StringArray>().expect("utf8");
            (0..s.len())
                .map(|i| s.is_valid(i).then(|| s.value(i).to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

const PROVENANCE: &[&str] = &[
    "value_source",
    "source_table",
    "source_level",
    "method",
    "rationale",
    "build_id",
];

#[test]
fn provenance_columns_are_never_null() {
    for t in ["unit_group_attributes", "profile_attributes"] {
        let b = read(t);
        for c in PROVENANCE.iter().chain(&["confidence"]) {
            let nulls: usize = b
                .iter()
                .map(|b| b.column_by_name(c).unwrap().null_count())
                .sum();
            assert_eq!(nulls, 0, "{t}.{c}");
        }
    }
}

#[test]
fn every_profile_inherits_its_unit_group_attributes() {
    let b = read("profile_attributes");
    let profiles = strings(&b, "oasis_profile_code");
    let attrs = strings(&b, "attribute");
    let sources = strings(&b, "value_source");
    let methods = strings(&b, "method");
    let mut inherited: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for i in 0..profiles.len() {
        if sources[i].as_deref() == Some("inherited") {
            inherited
                .entry(profiles[i].clone().unwrap())
                .or_default()
                .insert(attrs[i].clone().unwrap());
            assert!(matches!(
                methods[i].as_deref(),
                Some("INHERIT_L5" | "ONET_CROSSWALK")
            ));
        }
    }
    assert_eq!(inherited.len(), 900, "all 900 profiles inherit");
    // Each profile inherits exactly the attributes its unit group has.
    let ug = read("unit_group_attributes");
    let ug_codes = strings(&ug, "noc_code");
    let ug_attrs = strings(&ug, "attribute");
    let mut of_ug: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (c, a) in ug_codes.into_iter().zip(ug_attrs) {
        of_ug.entry(c.unwrap()).or_default().insert(a.unwrap());
    }
    for (p, a) in &inherited {
        assert_eq!(Some(a), of_ug.get(&p[..5]), "{p}");
        for want in ["noc.teer", "noc.broad_category", "noc.title_fr"] {
            assert!(a.contains(want), "{p} lacks inherited {want}");
        }
    }
    // Profiles keep their own values as native.
    let native: BTreeSet<_> = (0..profiles.len())
        .filter(|&i| sources[i].as_deref() == Some("native"))
        .map(|i| attrs[i].clone().unwrap())
        .collect();
    assert!(native.contains("oasis.label") && native.contains("oasis.holland_code_1"));
}

#[test]
fn onet_values_are_imputed_through_the_crosswalk_at_half_confidence() {
    let b = read("unit_group_attributes");
    let ugs = strings(&b, "noc_code");
    let attrs = strings(&b, "attribute");
    let methods = strings(&b, "method");
    let conf: Vec<f64> = b
        .iter()
        .flat_map(|b| {
            let a = b
                .column_by_name("confidence")
                .unwrap()
                .as_any()
                .downcast_ref::<Float64Array>()
                .unwrap()
                .clone();
            (0..a.len()).map(move |i| a.value(i))
        })
        .collect();
    let mut onet_ugs = BTreeSet::new();
    for i in 0..ugs.len() {
        if attrs[i].as_deref().is_some_and(|a| a.starts_with("onet.")) {
            assert_eq!(methods[i].as_deref(), Some("ONET_CROSSWALK"));
            assert_eq!(conf[i], 0.5);
            onet_ugs.insert(ugs[i].clone().unwrap());
        }
    }
    assert_eq!(onet_ugs.len(), 515, "515 of 516 unit groups are mapped");
    assert!(!onet_ugs.contains("64409"));
}

#[test]
fn the_unmapped_unit_group_64409_is_reported_missing() {
    assert_eq!(
        common::real_build().report.imputation.unmapped_unit_groups,
        ["64409"]
    );
    let b = read("imputation_coverage");
    let codes = strings(&b, "entity_code");
    let attrs = strings(&b, "attribute");
    let src = strings(&b, "value_source");
    let missing: Vec<_> = (0..codes.len())
        .filter(|&i| {
            codes[i].as_deref() == Some("64409")
                && attrs[i].as_deref().is_some_and(|a| a.starts_with("onet."))
        })
        .map(|i| src[i].clone().unwrap())
        .collect();
    assert!(!missing.is_empty());
    assert!(missing.iter().all(|s| s == "missing"), "{missing:?}");
    // Its profiles miss them too, rather than being filled silently.
    assert!((0..codes.len()).any(
        |i| codes[i].as_deref().is_some_and(|c| c.starts_with("64409."))
            && attrs[i].as_deref() == Some("onet.job_zone")
            && src[i].as_deref() == Some("missing")
    ));
}

#[test]
fn occupational_group_links_carry_provenance_and_reject_one_word_subsets() {
    let b = read("bridge_noc_og");
    let n: usize = b.iter().map(|b| b.num_rows()).sum();
    assert!(n > 100, "{n} links");
    for c in PROVENANCE
        .iter()
        .chain(&["confidence", "og_code", "unit_group_id"])
    {
        let nulls: usize = b
            .iter()
            .map(|b| b.column_by_name(c).unwrap().null_count())
            .sum();
        assert_eq!(nulls, 0, "bridge_noc_og.{c}");
    }
    let names = strings(&b, "og_name");
    let sources = strings(&b, "value_source");
    assert!(sources.iter().all(|s| s.as_deref() == Some("imputed")));
    // "Management" (SR-MGT) is a one-word subgroup name: "Project Management"
    // must not reach it through token_set_ratio's subset rule.
    let ugs = strings(&b, "unit_group_id");
    let bad = (0..n)
        .find(|&i| ugs[i].as_deref() == Some("13100") && names[i].as_deref() == Some("Management"));
    assert!(bad.is_none());
    // IT specialists end up in the IT group.
    let it = (0..n).any(|i| {
        ugs[i].as_deref() == Some("21222") && names[i].as_deref() == Some("Information Technology")
    });
    assert!(it, "21222 → IT");
}
