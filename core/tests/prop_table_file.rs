//! Property tests of `table_file`, the batch files' reader: any bytes give
//! a table or an error (never a panic), every row has the header's width,
//! and a table written in any of the accepted encodings and delimiters
//! reads back as written.
//!
//! 256 cases per property keep `cargo test` fast; for a longer hunt run
//! e.g. `PROPTEST_CASES=100000 cargo test -j 1 -p jobforge-core --test prop_table_file`.

use jobforge_core::table_file::{decode, detect_delimiter, read_table, Encoding, NoticeLang};
use proptest::prelude::*;

/// proptest's default: 256 cases, or `PROPTEST_CASES` from the environment.
fn config() -> ProptestConfig {
    ProptestConfig::default()
}

/// Bytes that look like a CSV more often than random ones do.
fn csvish_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\xFE\xFF".to_vec()),
        Just("Infirmière".as_bytes().to_vec()),
        Just(b"\xc9lectricien".to_vec()),
        Just(b"\x00".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..6),
        "[a-zA-Z0-9 ]{0,8}".prop_map(String::into_bytes),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_read_without_panicking(bytes in prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        csvish_bytes(),
    ]) {
        let _ = decode(&bytes);
        for delimiter in [None, Some(b','), Some(b';'), Some(b'\t')] {
            if let Ok(t) = read_table(&bytes, delimiter) {
                let width = t.header.len();
                prop_assert!(t.rows.iter().all(|r| r.len() == width));
                prop_assert_eq!(t.rows.len(), t.lines.len());
                prop_assert!(t.lines.windows(2).all(|w| w[0] < w[1]));
                prop_assert!(t.lines.iter().all(|&l| l >= 2));
                for r in &t.long_rows {
                    prop_assert!(r.row < t.rows.len());
                    prop_assert_eq!(r.fields, width + r.extra.len());
                }
                let _ = t.notices(NoticeLang::En);
                let _ = t.notices(NoticeLang::Fr);
            }
        }
    }

    #[test]
    fn any_text_has_a_delimiter(s in any::<String>()) {
        prop_assert!([b',', b';', b'\t'].contains(&detect_delimiter(&s)));
    }

    /// A table of Latin-1 cells (so Windows-1252 can hold it), quoted as
    /// RFC 4180 says, in each encoding a spreadsheet writes, reads back
    /// cell for cell with the delimiter found.
    #[test]
    fn written_tables_read_back(
        header in proptest::collection::vec("[a-zA-Zéè_]{1,8}", 1..5),
        cells in proptest::collection::vec(
            proptest::collection::vec("[ -~\u{e0}-\u{ff}]{0,10}", 5),
            0..8,
        ),
        delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
        encoding in 0..4u8,
    ) {
        let width = header.len();
        // A one-column header shows no delimiter: a comma is assumed.
        let delimiter = if width == 1 { b',' } else { delimiter };
        // Cells are read back as they are; the header's are trimmed (these
        // have no spaces).
        let rows: Vec<Vec<String>> = cells.iter().map(|r| r[..width].to_vec()).collect();
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .quote_style(csv::QuoteStyle::Necessary)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        w.write_record(&header).unwrap();
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let bytes: Vec<u8> = match encoding {
            0 => text.clone().into_bytes(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            2 => {
                let mut b = vec![0xFF, 0xFE];
                for u in text.encode_utf16() {
                    b.extend_from_slice(&u.to_le_bytes());
                }
                b
            }
            _ => text.chars().map(|c| c as u32 as u8).collect(),
        };
        let t = read_table(&bytes, None).unwrap();
        prop_assert_eq!(t.delimiter, delimiter);
        prop_assert_eq!(&t.header, &header);
        // A row of one empty cell is a blank line to a CSV reader, which
        // skips it; compare without those.
        let want: Vec<Vec<String>> = rows
            .into_iter()
            .filter(|r| !(r.len() == 1 && r[0].is_empty()))
            .collect();
        let got: Vec<Vec<String>> = t
            .rows
            .into_iter()
            .filter(|r| !(r.len() == 1 && r[0].is_empty()))
            .collect();
        prop_assert_eq!(got, want);
        let expected = match encoding {
            0 => Encoding::Utf8,
            1 => Encoding::Utf8Bom,
            2 => Encoding::Utf16Le,
            _ if text.is_ascii() => Encoding::Utf8,
            _ => Encoding::Windows1252,
        };
        prop_assert_eq!(t.encoding, expected);
    }
}
