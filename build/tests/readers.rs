//! Each reader on the real files: the row counts the publishers give.

mod common;

use jobforge::ingest::{self, noc, Ingest};
use jobforge::manifest::Manifest;

fn ingest() -> Ingest {
    let pins = Manifest::builtin().expect("manifest").pins();
    Ingest::new(common::sources()).with_pins(pins)
}

#[test]
fn noc_structure_has_822_codes_over_five_levels() {
    let mut ing = ingest();
    let s = noc::read(&mut ing).expect("noc");
    assert_eq!(s.entries.len(), 822);
    let mut per_level = [0usize; 6];
    for e in s.entries.values() {
        per_level[e.level.number() as usize] += 1;
    }
    assert_eq!(&per_level[1..], &[10, 45, 89, 162, 516]);
    assert!(s.contains("00010"), "leading zeros are kept");
}

#[test]
fn every_source_reads_with_the_publishers_row_counts() {
    let mut ing = ingest();
    let gold = ingest::read_all(&mut ing).expect("read_all");
    let rows = |t: &str| gold.get(t).unwrap_or_else(|| panic!("no table {t}")).len();
    assert_eq!(rows("dim_noc"), 822);
    assert_eq!(rows("noc_example_titles"), 29_767 + 27_941);
    assert_eq!(rows("dim_oasis_profile"), 900);
    assert_eq!(rows("element_labels"), 900);
    assert_eq!(rows("element_lead_statement"), 900);
    assert_eq!(rows("element_main_duties"), 4991);
    assert_eq!(rows("element_example_titles"), 18666);
    assert_eq!(rows("element_employment_requirements"), 2851);
    assert_eq!(rows("element_additional_information"), 1158);
    assert_eq!(rows("element_exclusions"), 3074);
    assert_eq!(rows("element_workplaces_employers"), 3418);
    assert_eq!(rows("dim_oasis_descriptor"), 423);
    // Long form: profiles × descriptor columns of each matrix.
    assert_eq!(rows("oasis_skills"), 900 * 33);
    assert_eq!(rows("oasis_abilities"), 900 * 49);
    assert_eq!(rows("oasis_knowledges"), 900 * 44);
    assert_eq!(rows("oasis_personal_attributes"), 900 * 13);
    assert_eq!(rows("bridge_noc_onet"), 1467);
    assert_eq!(rows("bridge_noc_2016_2021"), 584);
    assert_eq!(rows("onet_occupations"), 1016);
    assert_eq!(rows("onet_alternate_titles"), 52754);
    assert_eq!(rows("onet_tasks"), 19265);
    assert_eq!(rows("onet_related_occupations"), 18460);
    assert_eq!(rows("dim_og"), 31);
    assert_eq!(rows("dim_og_subgroup"), 130);
    assert_eq!(rows("dim_og_definition"), 213);
    assert_eq!(rows("job_architecture"), 1341);
    // COPS: 516 unit groups in each of 13 files; 16 aggregate codes + 00000.
    for t in [
        "cops_employment",
        "cops_summary",
        "cops_future_conditions",
        "cops_recent_conditions",
    ] {
        assert_eq!(rows(t), 516, "{t}");
    }
    for (file, acct) in &ing.ledger.files {
        assert!(acct.balances(), "{file}: {acct:?}");
    }
}

#[test]
fn crosswalk_codes_are_padded_and_cover_515_unit_groups() {
    let mut ing = ingest();
    let gold = ingest::read_all(&mut ing).expect("read_all");
    let t = gold.get("bridge_noc_onet").expect("bridge");
    let ugs = t.text_column("unit_group_id").expect("column");
    assert!(ugs.iter().all(|c| c.is_some_and(|c| c.len() == 5)));
    assert!(ugs.contains(&Some("00010")), "`10` is read as `00010`");
    let distinct: std::collections::BTreeSet<_> = ugs.iter().flatten().collect();
    assert_eq!(distinct.len(), 515);
    assert!(!distinct.contains(&"64409"), "64409 has no O*NET mapping");
}

#[test]
fn french_unit_group_titles_come_from_cops_and_are_never_copied_from_english() {
    let mut ing = ingest();
    let gold = ingest::read_all(&mut ing).expect("read_all");
    let t = gold.get("dim_noc").expect("dim_noc");
    let codes = t.text_column("noc_code").unwrap();
    let fr = t.text_column("title_fr").unwrap();
    let missing = t.column("title_fr_missing").unwrap();
    let i = codes
        .iter()
        .position(|c| *c == Some("13110"))
        .expect("13110");
    assert_eq!(
        fr[i],
        Some("Adjoints administratifs/adjointes administratives")
    );
    for j in 0..t.len() {
        let flagged = missing[j] == jobforge::table::Value::Bool(true);
        assert_eq!(
            flagged,
            fr[j].is_none(),
            "flag matches null at {:?}",
            codes[j]
        );
        if codes[j].is_some_and(|c| c.len() < 5) {
            assert!(
                fr[j].is_none(),
                "no source gives French titles above unit groups"
            );
        }
    }
}

#[test]
fn profile_codes_written_as_numbers_are_restored() {
    let mut ing = ingest();
    let gold = ingest::read_all(&mut ing).expect("read_all");
    let duties = gold.get("element_main_duties").unwrap();
    let codes = duties.text_column("oasis_profile_code").unwrap();
    // The file writes `10010` for profile 10010.00 in 2,709 rows.
    assert!(codes.contains(&Some("10010.00")));
    assert!(codes.iter().all(|c| c.is_some_and(|c| c.len() == 8)));
}
