//! What the batch view codes: a pasted list (one title a line) or a CSV file
//! with a header, and the CSV it gives back — the input columns in order
//! with `jobforge code`'s columns appended.
//!
//! A file is read by `jobforge_core::table_file`, as `jobforge code` reads
//! it: the same encodings, delimiters and row alignment.

use jobforge_core::batch::{Coded, ADDED_COLUMNS};
/// Bytes that are not text (NUL characters, malformed UTF-16), no header,
/// or a CSV error with its line.
pub use jobforge_core::table_file::TableFileError as InputError;
use jobforge_core::table_file::{read_table, NoticeLang};

/// A table to code: its header and rows (every row has exactly a cell per
/// column: short rows padded, long ones cut and reported).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchInput {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// What the visitor should know about the file, in English and French:
    /// an encoding other than UTF-8, rows cut to the header's width.
    pub notices_en: Vec<String>,
    pub notices_fr: Vec<String>,
}

/// The header of a pasted list.
pub const PASTED_COLUMN: &str = "title";

impl BatchInput {
    /// One title a line; blank lines are kept (and coded `INVALID_INPUT`)
    /// except trailing ones, which a paste usually ends with.
    pub fn from_lines(text: &str) -> BatchInput {
        let mut rows: Vec<Vec<String>> = text.lines().map(|l| vec![l.trim().to_string()]).collect();
        while rows.last().is_some_and(|r| r[0].is_empty()) {
            rows.pop();
        }
        BatchInput {
            header: vec![PASTED_COLUMN.to_string()],
            rows,
            ..BatchInput::default()
        }
    }

    /// A file with a header row: UTF-8, UTF-16 with a BOM or Windows-1252;
    /// `,`, `;` or tab as its header shows (`jobforge_core::table_file`).
    pub fn from_csv(bytes: &[u8]) -> Result<BatchInput, InputError> {
        let t = read_table(bytes, None)?;
        Ok(BatchInput {
            notices_en: t.notices(NoticeLang::En),
            notices_fr: t.notices(NoticeLang::Fr),
            header: t.header,
            rows: t.rows,
        })
    }

    pub fn notices(&self, lang: &str) -> &[String] {
        if lang == "fr" {
            &self.notices_fr
        } else {
            &self.notices_en
        }
    }

    /// The column most likely to hold titles: one whose name says so, else
    /// the first.
    pub fn guess_title_column(&self) -> usize {
        const HINTS: [&str; 6] = ["title", "titre", "job", "poste", "position", "emploi"];
        self.header
            .iter()
            .position(|h| {
                let h = h.to_lowercase();
                HINTS.iter().any(|k| h.contains(k))
            })
            .unwrap_or(0)
    }

    /// A column that looks like a NOC unit group, if any.
    pub fn guess_unit_group_column(&self) -> Option<usize> {
        self.header.iter().position(|h| {
            let h = h.to_lowercase();
            h.contains("noc") || h.contains("cnp") || h.contains("unit_group")
        })
    }
}

/// How the coded CSV is written for the page's reader.
///
/// The English interface writes what `jobforge code` writes: `,`, the
/// machine column names of [`ADDED_COLUMNS`], `true`/`false`, decimal
/// points. The French interface writes what French Excel opens in columns:
/// `;` (its list separator), decimal commas, French headings (from the
/// page's strings) and `oui`/`non`. Method codes (`SEARCH`,
/// `DIRECT_MATCH`…) and NOC codes stay as they are in both.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvStyle {
    pub delimiter: u8,
    pub decimal_comma: bool,
    /// Headings of the added columns, in the order of [`ADDED_COLUMNS`].
    pub headers: Vec<String>,
    /// The review flag's (yes, no).
    pub yes_no: (String, String),
}

impl CsvStyle {
    /// `jobforge code`'s own format.
    pub fn machine() -> CsvStyle {
        CsvStyle {
            delimiter: b',',
            decimal_comma: false,
            headers: ADDED_COLUMNS.iter().map(|c| c.to_string()).collect(),
            yes_no: ("true".into(), "false".into()),
        }
    }

    /// The French interface's format, with `headers` and `yes_no` in French.
    pub fn french(headers: Vec<String>, yes_no: (String, String)) -> CsvStyle {
        CsvStyle {
            delimiter: b';',
            decimal_comma: true,
            headers,
            yes_no,
        }
    }

    fn cells(&self, c: &Coded) -> [String; 8] {
        let mut cells = c.cells();
        if self.decimal_comma {
            cells[3] = cells[3].replace('.', ",");
        }
        cells[7] = if c.needs_review {
            self.yes_no.0.clone()
        } else {
            self.yes_no.1.clone()
        };
        cells
    }
}

/// The coded table as CSV text (RFC 4180 quoting), with a byte-order mark
/// so that Excel reads it as UTF-8 ([`crate::csv_text`]).
pub fn to_csv(input: &BatchInput, coded: &[Coded], style: &CsvStyle) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(style.delimiter)
        .from_writer(Vec::new());
    let header = input
        .header
        .iter()
        .map(String::as_str)
        .chain(style.headers.iter().map(String::as_str));
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for (row, c) in input.rows.iter().zip(coded) {
        let cells = style.cells(c);
        let _ = w.write_record(
            row.iter()
                .map(String::as_str)
                .chain(cells.iter().map(String::as_str)),
        );
    }
    let bytes = w.into_inner().unwrap_or_default();
    crate::csv_text::with_bom(String::from_utf8(bytes).unwrap_or_default())
}

/// Characters of a cell the page's preview shows; the download has the
/// whole cell. A 10 MB cell laid out in a table cell would hold up the page
/// on its own.
pub const PREVIEW_CHARS: usize = 200;

/// `cell` cut to [`PREVIEW_CHARS`] characters, with "…" when cut.
pub fn preview_cell(cell: &str) -> String {
    match cell.char_indices().nth(PREVIEW_CHARS) {
        Some((end, _)) => format!("{}…", &cell[..end]),
        None => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_keep_blank_rows_but_not_trailing_ones() {
        let b = BatchInput::from_lines("Electricians\n\nWelders\n\n\n");
        assert_eq!(b.rows.len(), 3);
        assert_eq!(b.rows[1][0], "");
    }

    #[test]
    fn csv_with_bom_semicolons_and_short_rows() {
        let b =
            BatchInput::from_csv("\u{feff}id;Titre de poste\n1;Soudeur\n2\n".as_bytes()).unwrap();
        assert_eq!(b.header, ["id", "Titre de poste"]);
        assert_eq!(b.rows, [vec!["1", "Soudeur"], vec!["2", ""]]);
        assert_eq!(b.guess_title_column(), 1);
    }

    #[test]
    fn windows_files_and_long_rows() {
        // Windows-1252, `;`, and a row with a field too many.
        let b =
            BatchInput::from_csv(b"id;titre\r\n1;\xc9lectricien\r\n2;Infirmi\xe8re;x\r\n").unwrap();
        assert_eq!(b.header, ["id", "titre"]);
        assert_eq!(b.rows, [vec!["1", "Électricien"], vec!["2", "Infirmière"]]);
        assert_eq!(b.notices("en").len(), 2);
        assert!(b.notices("en")[0].contains("Windows-1252"));
        assert!(b.notices("fr")[1].starts_with("ligne 3"));
        let c = Coded::default();
        let out = to_csv(&b, &[c.clone(), c], &CsvStyle::machine());
        assert!(out
            .lines()
            .all(|l| l.split(',').count() == 2 + ADDED_COLUMNS.len()));
    }

    #[test]
    fn binary_and_empty_files_are_refused() {
        assert_eq!(
            BatchInput::from_csv(b"PK\x03\x04\x00\x00"),
            Err(InputError::NotText)
        );
        assert_eq!(BatchInput::from_csv(b"\xff\xfeA"), Err(InputError::NotText));
        assert_eq!(BatchInput::from_csv(b""), Err(InputError::Empty));
    }

    #[test]
    fn output_keeps_input_columns_and_appends_the_coding() {
        let b = BatchInput::from_csv(b"id,title\n1,\"Clerk, accounting\"\n").unwrap();
        let c = Coded {
            noc_code: "14200".into(),
            method: "SEARCH".into(),
            ..Coded::default()
        };
        let out = to_csv(&b, &[c], &CsvStyle::machine());
        // A byte-order mark, so that Excel on Windows reads UTF-8.
        let out = out.strip_prefix('\u{feff}').expect("a BOM");
        let mut lines = out.lines();
        assert_eq!(
            lines.next().unwrap(),
            "id,title,noc_code,noc_title,oasis_profile_code,confidence,method,matched_title,alternatives,needs_review"
        );
        assert_eq!(
            lines.next().unwrap(),
            "1,\"Clerk, accounting\",14200,,,,SEARCH,,,false"
        );
    }

    #[test]
    fn french_output_is_what_french_excel_opens_in_columns() {
        let b = BatchInput::from_csv("id,titre\n1,\"Commis; comptabilité\"\n".as_bytes()).unwrap();
        let c = Coded {
            noc_code: "14200".into(),
            noc_title: "Commis à la comptabilité et personnel assimilé".into(),
            confidence: "0.873".into(),
            method: "SEARCH".into(),
            needs_review: true,
            ..Coded::default()
        };
        let headers: Vec<String> = (1..=8).map(|i| format!("col {i}")).collect();
        let style = CsvStyle::french(headers, ("oui".into(), "non".into()));
        let out = to_csv(&b, &[c], &style);
        let mut lines = out.strip_prefix('\u{feff}').expect("a BOM").lines();
        assert_eq!(
            lines.next().unwrap(),
            "id;titre;col 1;col 2;col 3;col 4;col 5;col 6;col 7;col 8"
        );
        assert_eq!(
            lines.next().unwrap(),
            "1;\"Commis; comptabilité\";14200;Commis à la comptabilité et personnel assimilé;;0,873;SEARCH;;;oui"
        );
    }

    #[test]
    fn the_preview_cuts_a_huge_cell_and_keeps_a_title() {
        assert_eq!(preview_cell("Registered nurse"), "Registered nurse");
        let long = "é".repeat(10 * PREVIEW_CHARS);
        let shown = preview_cell(&long);
        assert_eq!(shown.chars().count(), PREVIEW_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(
            preview_cell(&"a".repeat(PREVIEW_CHARS)),
            "a".repeat(PREVIEW_CHARS)
        );
    }
}
