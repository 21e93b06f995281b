//! The gold tables as files: determinism, and a round trip of every table
//! through the arrow reader with the row counts the sources give.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use jobforge::pipeline;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

#[test]
fn two_builds_of_the_same_inputs_are_byte_identical() {
    let first = common::real_build();
    let out = tempfile::tempdir().unwrap();
    pipeline::run(&common::options(&common::sources(), out.path())).expect("second build");
    let a = files(first.dir.path());
    let b = files(out.path());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between builds");
    }
    assert!(a.len() > 50);
}

/// Without `SOURCE_DATE_EPOCH` (0 here, as when it is unset) a build is
/// dated by its sources' retrieval dates: only lineage times and the pages'
/// dates change, and no page says 1970.
#[test]
fn an_unset_source_date_epoch_dates_the_build_by_its_sources_never_1970() {
    let first = common::real_build();
    let out = tempfile::tempdir().unwrap();
    let mut opts = common::options(&common::sources(), out.path());
    opts.source_date_epoch = 0;
    pipeline::run(&opts).expect("build");
    let a = files(first.dir.path());
    let b = files(out.path());
    for (name, bytes) in &a {
        if name.ends_with(".parquet") {
            assert!(bytes == &b[name], "{name} should not depend on the epoch");
        }
    }
    assert!(a
        .iter()
        .any(|(n, bytes)| n.starts_with("data/lineage/") && bytes != &b[n]));
    let home = String::from_utf8_lossy(&b["en/index.html"]);
    assert!(
        home.contains("2026-02-06"),
        "the home page should carry the newest retrieval date"
    );
    for (name, bytes) in &b {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("1970-01-01"),
            "{name} shows the Unix epoch as a date"
        );
    }
}

fn read_rows(path: &Path) -> (usize, arrow_schema::SchemaRef) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).expect("parquet footer");
    let schema = builder.schema().clone();
    let rows = builder
        .build()
        .expect("reader")
        .map(|b| b.expect("batch").num_rows())
        .sum();
    (rows, schema)
}

#[test]
fn every_gold_table_round_trips_through_the_arrow_reader() {
    let built = common::real_build();
    for (name, rows, _) in &built.report.tables {
        let path = built.dir.path().join(format!("data/{name}.parquet"));
        let (n, _) = read_rows(&path);
        assert_eq!(n, *rows, "{name}");
    }
    let expect = [
        ("dim_noc", 822),
        ("noc_example_titles", 57_708),
        ("dim_oasis_profile", 900),
        ("element_example_titles", 18666),
        ("bridge_noc_onet", 1467),
        ("onet_alternate_titles", 52754),
        ("job_architecture", 1341),
    ];
    for (name, want) in expect {
        let (n, schema) = read_rows(&built.dir.path().join(format!("data/{name}.parquet")));
        assert_eq!(n, want, "{name}");
        if let Ok(f) = schema.field_with_name("unit_group_id") {
            assert_eq!(
                f.data_type(),
                &arrow_schema::DataType::Utf8,
                "NOC codes are strings"
            );
        }
    }
}

#[test]
fn parquet_is_snappy_compressed() {
    let built = common::real_build();
    let file = std::fs::File::open(built.dir.path().join("data/dim_noc.parquet")).unwrap();
    let reader = parquet::file::serialized_reader::SerializedFileReader::new(file).unwrap();
    use parquet::file::reader::FileReader;
    let md = reader.metadata();
    for rg in md.row_groups() {
        for c in rg.columns() {
            assert_eq!(c.compression(), parquet::basic::Compression::SNAPPY);
        }
    }
}

#[test]
fn relationships_are_checked_and_the_model_has_no_orphans_on_real_data() {
    let built = common::real_build();
    let rels = &built.report.relationships;
    assert!(
        rels.len() >= 27,
        "the seed's model had 27 joins; found {}",
        rels.len()
    );
    for r in rels {
        assert!(
            r.orphan_keys.is_empty(),
            "{}.{} → {}.{}: {:?}",
            r.from_table,
            r.from_column,
            r.to_table,
            r.to_column,
            r.orphan_keys
        );
    }
    assert!(rels
        .iter()
        .any(|r| r.from_table == "element_lead_statement" && r.to_table == "dim_noc"));
}

#[test]
fn lineage_events_start_and_complete_every_stage() {
    let built = common::real_build();
    let dir = built.dir.path().join("data/lineage");
    let mut stages = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let kinds: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["eventType"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["START", "COMPLETE"]);
        assert_eq!(v[0]["eventTime"], "2023-11-14T22:13:20Z");
        stages += 1;
    }
    assert_eq!(stages, 3);
}

/// Every gold table, with the rows its sources give (exact where a source
/// fixes them; at least one otherwise). Naming each table here is also what
/// traces it to a test in the requirements traceability matrix.
const TABLE_ROWS: &[(&str, Option<usize>)] = &[
    ("dim_noc", Some(822)),
    ("noc_example_titles", Some(57_708)),
    ("dim_oasis_profile", Some(900)),
    ("element_labels", Some(900)),
    ("element_lead_statement", Some(900)),
    ("element_main_duties", Some(4991)),
    ("element_example_titles", Some(18666)),
    ("element_employment_requirements", Some(2851)),
    ("element_additional_information", Some(1158)),
    ("element_exclusions", Some(3074)),
    ("element_workplaces_employers", Some(3418)),
    ("dim_oasis_descriptor", Some(423)),
    ("oasis_skills", Some(900 * 33)),
    ("oasis_abilities", Some(900 * 49)),
    ("oasis_knowledges", Some(900 * 44)),
    ("oasis_workactivities", Some(900 * 40)),
    ("oasis_workcontext", Some(900 * 66)),
    ("oasis_personal_attributes", Some(900 * 13)),
    ("oasis_interests", None),
    ("cops_employment", Some(516)),
    ("cops_employment_growth", Some(516)),
    ("cops_retirements", Some(516)),
    ("cops_retirement_rates", Some(516)),
    ("cops_other_replacement", Some(516)),
    ("cops_job_openings", Some(516)),
    ("cops_school_leavers", Some(516)),
    ("cops_immigration", Some(516)),
    ("cops_other_seekers", Some(516)),
    ("cops_job_seekers", Some(516)),
    ("cops_summary", Some(516)),
    ("cops_future_conditions", Some(516)),
    ("cops_recent_conditions", Some(516)),
    ("cops_aggregates", None),
    ("bridge_noc_onet", Some(1467)),
    ("bridge_noc_2016_2021", Some(584)),
    ("onet_occupations", Some(1016)),
    ("onet_alternate_titles", Some(52754)),
    ("onet_reported_titles", Some(7541)),
    ("onet_tasks", Some(19265)),
    ("onet_emerging_tasks", Some(236)),
    ("onet_interests", Some(7866)),
    ("onet_work_styles", Some(13968)),
    ("onet_work_values", Some(7866)),
    ("onet_job_zones", Some(923)),
    ("onet_job_zone_reference", Some(5)),
    ("onet_related_occupations", Some(18460)),
    ("onet_content_model", Some(585)),
    ("onet_scales", Some(29)),
    ("onet_level_scale_anchors", Some(483)),
    ("onet_work_context_categories", Some(281)),
    ("dim_og", Some(31)),
    ("dim_og_subgroup", Some(130)),
    ("dim_og_definition", Some(213)),
    ("job_architecture", Some(1341)),
    ("job_architecture_resolution", Some(1341)),
    ("descriptions", None),
    ("bridge_noc_og", None),
    ("unit_group_attributes", None),
    ("profile_attributes", None),
    ("imputation_coverage", None),
    ("rejects", Some(1)),
    ("source_files", Some(53)),
    ("catalog_relationships", None),
    ("lineage", None),
    ("catalog_columns", None),
    ("catalog_tables", None),
];

#[test]
fn every_table_has_the_rows_its_sources_give() {
    let built = common::real_build();
    let rows: BTreeMap<&str, usize> = built
        .report
        .tables
        .iter()
        .map(|(t, n, _)| (t.as_str(), *n))
        .collect();
    for (table, want) in TABLE_ROWS {
        let n = *rows
            .get(table)
            .unwrap_or_else(|| panic!("no table {table}"));
        match want {
            Some(w) => assert_eq!(n, *w, "{table}"),
            None => assert!(n > 0, "{table} is empty"),
        }
    }
    // Cops aggregates: 17 codes (00000, TEER_0–5, NOC1_0–9) in each of 13
    // files, one row per measure.
    assert_eq!(rows["cops_aggregates"] % 17, 0);
    // Every table of the build is listed above: a new table needs a test.
    let listed: std::collections::BTreeSet<&str> = TABLE_ROWS.iter().map(|(t, _)| *t).collect();
    for t in rows.keys() {
        assert!(listed.contains(t), "{t} is not in TABLE_ROWS");
    }
}
