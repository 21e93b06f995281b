//! What the batch view codes: a pasted list (one title a line) or a CSV file
//! with a header, and the CSV it gives back — the input columns in order
//! with `jobforge code`'s columns appended.

use jobforge_core::batch::{Coded, ADDED_COLUMNS};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    /// Bytes that are not UTF-8 text, or that hold NUL bytes: a spreadsheet
    /// or an image rather than a CSV.
    #[error("the file is not a text CSV file")]
    NotText,
    #[error("the file has no header row")]
    Empty,
    #[error("line {line}: {message}")]
    Csv { line: u64, message: String },
}

/// A table to code: its header and rows (short rows padded, so every row
/// has a cell per column).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchInput {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
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
        }
    }

    /// A CSV file with a header row. The separator is a comma, or a
    /// semicolon or tab when the header has one of those and no comma (as
    /// spreadsheets in French locales write).
    pub fn from_csv(bytes: &[u8]) -> Result<BatchInput, InputError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.contains(&0) {
            return Err(InputError::NotText);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| InputError::NotText)?;
        let first = text.lines().next().unwrap_or("");
        if first.trim().is_empty() {
            return Err(InputError::Empty);
        }
        let delimiter = if !first.contains(',') && first.contains(';') {
            b';'
        } else if !first.contains(',') && first.contains('\t') {
            b'\t'
        } else {
            b','
        };
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let csv_err = |e: csv::Error| InputError::Csv {
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        };
        let header: Vec<String> = r
            .headers()
            .map_err(csv_err)?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let mut rows = Vec::new();
        for rec in r.records() {
            let rec = rec.map_err(csv_err)?;
            let mut row: Vec<String> = rec.iter().map(str::to_string).collect();
            row.resize(row.len().max(header.len()), String::new());
            rows.push(row);
        }
        Ok(BatchInput { header, rows })
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

/// The coded table as CSV text (RFC 4180 quoting).
pub fn to_csv(input: &BatchInput, coded: &[Coded]) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let header = input
        .header
        .iter()
        .map(String::as_str)
        .chain(ADDED_COLUMNS.iter().copied());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for (row, c) in input.rows.iter().zip(coded) {
        let cells = c.cells();
        let _ = w.write_record(
            row.iter()
                .map(String::as_str)
                .chain(cells.iter().map(String::as_str)),
        );
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
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
        let out = to_csv(&b, &[c]);
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
}
