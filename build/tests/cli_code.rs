//! `jobforge code` on files as staff save them: Windows-1252 with `;`,
//! UTF-16 "Unicode text" with tabs, rows with more fields than the header.
//! A tiny index stands in for the real one: these tests are about reading
//! the file and keeping the output aligned, not about search.

use std::path::Path;

use jobforge::cli::code::{self, CodeArgs};
use jobforge_core::search::{Lang, SearchConfig, SearchIndex, Source, TitleEntry, UnitGroup};

fn index() -> SearchIndex {
    let ug = |c: &str, t: &str| UnitGroup {
        code: c.into(),
        title_en: t.into(),
        title_fr: None,
        profiles: vec![(format!("{c}.00"), t.into())],
    };
    let title = |t: &str, lang, c: &str| {
        TitleEntry::new(t, lang, Source::OasisExample, vec![c.into()], None)
    };
    SearchIndex::build(
        &[
            title("registered nurse", Lang::En, "31301"),
            title("infirmière autorisée", Lang::Fr, "31301"),
            title("electrician", Lang::En, "72200"),
            title("électricien", Lang::Fr, "72200"),
        ],
        vec![
            ug("31301", "Registered nurses"),
            ug("72200", "Electricians"),
        ],
        &SearchConfig::default(),
    )
    .expect("index")
}

fn code(input: &Path, output: &Path, delimiter: Option<u8>) -> code::CodeSummary {
    code_bom(input, output, delimiter, false)
}

fn code_bom(input: &Path, output: &Path, delimiter: Option<u8>, bom: bool) -> code::CodeSummary {
    let args = CodeArgs {
        input,
        output,
        title_column: "titre",
        unit_group_column: None,
        threads: 2,
        bom,
    };
    code::run_delimited(&index(), None, &args, delimiter).expect("code")
}

#[test]
fn bom_puts_a_byte_order_mark_before_the_header_and_only_then() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, output) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
    std::fs::write(&input, "titre\nÉlectricien\n").expect("write");
    code_bom(&input, &output, None, true);
    let bytes = std::fs::read(&output).expect("output");
    assert!(
        bytes.starts_with(b"\xef\xbb\xbftitre,noc_code,"),
        "{bytes:?}"
    );
    // The coded file reads back (the reader strips the mark).
    code_bom(&output, &dir.path().join("again.csv"), None, false);
    code(&input, &output, None);
    assert!(std::fs::read(&output)
        .expect("output")
        .starts_with(b"titre,"));
}

/// The output as rows of cells (it is always UTF-8, comma-separated).
fn rows(output: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(output)
        .expect("output");
    r.records()
        .map(|x| x.expect("row").iter().map(str::to_string).collect())
        .collect()
}

fn utf16le(s: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    b
}

#[test]
fn a_windows_1252_file_with_semicolons_and_a_long_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, output) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
    // "Infirmière autorisée" and "Électricien" in Windows-1252; row 2 has a
    // field more than the header (an unquoted `;` in a note).
    std::fs::write(
        &input,
        b"id;titre;note\r\n1;Infirmi\xe8re autoris\xe9e;jour\r\n2;\xc9lectricien;chantier; nuit\r\n3;;vide\r\n",
    )
    .expect("write");
    let s = code(&input, &output, None);
    assert_eq!((s.rows, s.invalid, s.long_rows), (3, 1, 1));
    let out = rows(&output);
    assert_eq!(out[0][..3], ["id", "titre", "note"]);
    assert_eq!(out[0][3..], code::ADDED_COLUMNS);
    // Every row: the header's three cells, then the eight added ones.
    assert!(out.iter().all(|r| r.len() == 3 + code::ADDED_COLUMNS.len()));
    let noc = 3;
    let method = 3 + 4;
    assert_eq!(out[1][..noc], ["1", "Infirmière autorisée", "jour"]);
    assert_eq!(out[1][noc], "31301");
    // The long row: cut to the header's width, its coding in place.
    assert_eq!(out[2][..noc], ["2", "Électricien", "chantier"]);
    assert_eq!(out[2][noc], "72200");
    assert_eq!(out[2][method], "SEARCH");
    assert_eq!(out[3][method], "INVALID_INPUT");

    // The notices, as `jobforge code` prints them on standard error.
    let notices = code::Input::read(&input).expect("read").notices();
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(notices[0].contains("Windows-1252"), "{notices:?}");
    assert_eq!(
        notices[1],
        "line 3: 4 fields but the header has 3; the extra fields were left out: \" nuit\""
    );
}

#[test]
fn a_utf16_unicode_text_file_and_a_given_delimiter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, output) = (dir.path().join("in.txt"), dir.path().join("out.csv"));
    std::fs::write(
        &input,
        utf16le("titre\tid\r\nÉlectricien\t1\r\nInfirmière autorisée\t2\r\n"),
    )
    .expect("write");
    let s = code(&input, &output, None);
    assert_eq!((s.rows, s.invalid, s.long_rows), (2, 0, 0));
    let out = rows(&output);
    assert_eq!(out[1][..3], ["Électricien", "1", "72200"]);
    assert_eq!(out[2][..3], ["Infirmière autorisée", "2", "31301"]);

    // `--delimiter ,` on a file whose header has more `;` than `,`.
    std::fs::write(&input, "titre,coût;total;x\nÉlectricien,3;4;5\n").expect("write");
    let s = code(&input, &output, Some(b','));
    assert_eq!((s.rows, s.invalid), (1, 0));
    let out = rows(&output);
    assert_eq!(out[0][..2], ["titre", "coût;total;x"]);
    assert_eq!(out[1][..3], ["Électricien", "3;4;5", "72200"]);
    assert_eq!(code::parse_delimiter("tab").expect("tab"), b'\t');
    assert_eq!(code::parse_delimiter(";").expect(";"), b';');
    assert!(code::parse_delimiter(";;").is_err());
}
