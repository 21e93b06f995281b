//! The CSV files the app offers for download (batch coding, the SQL
//! console's results) start with a UTF-8 byte-order mark.
//!
//! Why: Excel on Windows opens a CSV without one in the system's ANSI code
//! page, so `Électricien` shows as `Ã‰lectricien`; with the mark it reads
//! UTF-8. pandas, DuckDB, R and LibreOffice skip the mark, and
//! `jobforge_core::table_file` (the batch reader) strips it, so a
//! downloaded file can be coded again.

/// U+FEFF, which UTF-8 writes as `EF BB BF`.
pub const BOM: char = '\u{feff}';

/// `csv` with a byte-order mark in front (once: a text that already has
/// one is returned as is).
pub fn with_bom(csv: String) -> String {
    if csv.starts_with(BOM) {
        return csv;
    }
    let mut out = String::with_capacity(csv.len() + BOM.len_utf8());
    out.push(BOM);
    out.push_str(&csv);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_is_added_once_and_is_three_bytes_of_utf8() {
        let s = with_bom("titre\nÉlectricien\n".to_string());
        assert_eq!(&s.as_bytes()[..3], b"\xef\xbb\xbf");
        assert_eq!(with_bom(s.clone()), s);
        assert_eq!(with_bom(String::new()), "\u{feff}");
    }
}
