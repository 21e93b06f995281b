//! Bad input: corrupted copies of the real files. Every row is accounted for
//! (rows in = rows out + rows rejected), each reject names file, line and
//! column, and file-level faults stop the build with `file:line:column`.

mod common;

use std::path::Path;

use jobforge::ingest::ledger::RejectCode;
use jobforge::ingest::{self, Ingest, IngestError};
use jobforge::pipeline::{self, BuildError};

fn rewrite(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).expect("read");
    std::fs::write(path, f(text)).expect("write");
}

fn replace_line(text: &str, line_no: usize, new: &str) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line_no {
                let end = if l.ends_with("\r\n") {
                    "\r\n"
                } else if l.ends_with('\n') {
                    "\n"
                } else {
                    ""
                };
                format!("{new}{end}")
            } else {
                l.to_string()
            }
        })
        .collect()
}

#[test]
fn corrupted_rows_are_rejected_with_reasons_and_every_row_is_accounted_for() {
    let dir = common::copy_sources();
    let root = dir.path();
    let labels = root.join("esdc-oasis-2023-v1.0/labels_oasis_2023_v1.0.csv");
    rewrite(&labels, |t| {
        let t = replace_line(&t, 3, "99999.00,No such unit group"); // unknown code
        let t = replace_line(&t, 4, "00010.00,Legislators again"); // duplicate key
        replace_line(&t, 5, "00012.00,Too,many,fields") // wrong column count
    });
    let cops = root.join("esdc-cops-2024-2033/employment_emploi_2024_2033_noc2021.csv");
    rewrite(&cops, |t| {
        let t = replace_line(
            &t,
            30,
            "10022,Advertising managers,Directeurs,12x00,1,2,3,4,5,6,7,8,9,10",
        );
        let t = replace_line(&t, 11, "10011,\"Too, few\",fields");
        // As Excel on Windows saves it: CRLF line ends, where csv's own
        // record positions are a line short.
        t.replace("\r\n", "\n").replace('\n', "\r\n")
    });
    // A byte sequence that is not UTF-8 inside a quoted multi-line field.
    let noc = root.join("statcan-noc-2021/noc_structure_en.csv");
    let mut bytes = std::fs::read(&noc).unwrap();
    bytes.extend_from_slice(b"5,Unit Group,99998,\"Bad \xff title\nover two lines\",Def\r\n");
    std::fs::write(&noc, bytes).unwrap();
    let xwalk = root.join("brookfield-noc-onet-crosswalk/noc2021_onet26.csv");
    let mut xwalk_lines = 0;
    rewrite(&xwalk, |t| {
        xwalk_lines = t.trim_end().lines().count();
        format!("{}\r\n12,Not a code,11-ABCD.00,Nothing\r\n", t.trim_end())
    });

    let mut ing = Ingest::new(root);
    ingest::read_all(&mut ing).expect("row faults do not stop the build");
    for (file, acct) in &ing.ledger.files {
        assert!(
            acct.balances(),
            "{file}: in {} ≠ out {} + rejected {}",
            acct.rows_in,
            acct.rows_out,
            acct.rows_rejected
        );
    }
    let find = |file: &str, code: RejectCode| {
        ing.ledger
            .rejects
            .iter()
            .find(|r| r.file.ends_with(file) && r.code == code)
            .unwrap_or_else(|| panic!("no {code:?} reject for {file}: {:#?}", ing.ledger.rejects))
    };
    // Each reject: the 1-based physical line of the row in the file, and
    // the row as written (delimiters and quotes kept), whatever the reason.
    let r = find("labels_oasis_2023_v1.0.csv", RejectCode::UnknownCode);
    assert_eq!((r.line, r.column), (3, Some(1)));
    assert_eq!(r.raw, "99999.00,No such unit group");
    let r = find("labels_oasis_2023_v1.0.csv", RejectCode::DuplicateKey);
    assert_eq!(r.line, 4);
    assert_eq!(r.raw, "00010.00,Legislators again");
    let r = find("labels_oasis_2023_v1.0.csv", RejectCode::ColumnCount);
    assert_eq!(r.line, 5);
    assert_eq!(r.raw, "00012.00,Too,many,fields");
    let r = find(
        "employment_emploi_2024_2033_noc2021.csv",
        RejectCode::BadNumber,
    );
    assert_eq!(
        (r.line, r.column, r.column_name.as_deref()),
        (30, Some(4), Some("2023"))
    );
    assert_eq!(
        r.raw,
        "10022,Advertising managers,Directeurs,12x00,1,2,3,4,5,6,7,8,9,10"
    );
    let r = find(
        "employment_emploi_2024_2033_noc2021.csv",
        RejectCode::ColumnCount,
    );
    assert_eq!((r.line, r.column), (11, None));
    assert_eq!(r.raw, "10011,\"Too, few\",fields");
    let r = find("noc_structure_en.csv", RejectCode::Encoding);
    assert_eq!((r.line, r.column), (824, Some(4)));
    assert_eq!(
        r.raw,
        "5,Unit Group,99998,\"Bad \u{fffd} title\nover two lines\",Def"
    );
    let r = find("noc2021_onet26.csv", RejectCode::BadCode);
    assert_eq!(r.column, Some(3));
    assert_eq!(r.line, xwalk_lines as u64 + 1);
    assert_eq!(r.raw, "12,Not a code,11-ABCD.00,Nothing");

    // The rejected rows really are absent, and nothing else went missing.
    let acct = &ing.ledger.files["esdc-oasis-2023-v1.0/labels_oasis_2023_v1.0.csv"];
    assert_eq!(
        (acct.rows_in, acct.rows_out, acct.rows_rejected),
        (900, 897, 3)
    );
    let acct = &ing.ledger.files["statcan-noc-2021/noc_structure_en.csv"];
    assert_eq!(
        (acct.rows_in, acct.rows_rejected),
        (823, 1),
        "the quoted newline is one row"
    );
}

#[test]
fn a_wrong_header_stops_the_build_naming_file_line_and_column() {
    let dir = common::copy_sources();
    let labels = dir
        .path()
        .join("esdc-oasis-2023-v1.0/labels_oasis_2023_v1.0.csv");
    rewrite(&labels, |t| t.replacen("Label", "Libellé", 1));
    let out = tempfile::tempdir().unwrap();
    let mut opts = common::options(dir.path(), out.path());
    opts.verify = false;
    let err = pipeline::run(&opts).expect_err("bad header");
    let msg = err.to_string();
    assert!(
        msg.contains("esdc-oasis-2023-v1.0/labels_oasis_2023_v1.0.csv:1:2"),
        "{msg}"
    );
    assert!(msg.contains("Label"), "{msg}");
}

#[test]
fn a_missing_file_says_which_and_how_to_get_it() {
    let dir = common::copy_sources();
    std::fs::remove_file(dir.path().join("statcan-noc-2021/noc_structure_en.csv")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = pipeline::run(&common::options(dir.path(), out.path())).expect_err("missing file");
    let msg = err.to_string();
    assert!(
        msg.contains("statcan-noc-2021/noc_structure_en.csv"),
        "{msg}"
    );
    assert!(msg.contains("jobforge fetch"), "{msg}");
}

#[test]
fn a_corrupt_pinned_file_fails_its_checksum() {
    let dir = common::copy_sources();
    let f = dir.path().join("onet-27.0/Job Zones.txt");
    rewrite(&f, |t| t.replacen("11-1011.00\t5", "11-1011.00\t4", 1));
    let out = tempfile::tempdir().unwrap();
    let err = pipeline::run(&common::options(dir.path(), out.path())).expect_err("checksum");
    assert!(
        matches!(err, BuildError::Ingest(IngestError::Checksum { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("onet-27.0/Job Zones.txt"));
}

#[test]
fn the_rejects_report_is_a_parquet_table_in_the_build() {
    let built = common::real_build();
    let path = built.dir.path().join("data/rejects.parquet");
    let file = std::fs::File::open(&path).expect("rejects.parquet");
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("parquet")
        .build()
        .expect("reader");
    let rows: usize = reader.map(|b| b.expect("batch").num_rows()).sum();
    assert_eq!(rows, built.report.rejects);
    // On the real data one row is set aside: interests for profile 14404.01,
    // which the labels file does not have.
    assert_eq!(built.report.rejects, 1);
}
