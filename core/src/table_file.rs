//! A table file as staff save it, read the same way by `jobforge code` and
//! the app's batch view: the encoding and the delimiter are found, rows are
//! kept aligned with the header.
//!
//! Excel on Windows saves "CSV" in Windows-1252 (UTF-8 only when asked),
//! "Unicode text" in UTF-16 LE with a BOM and tabs, and, in French locales,
//! with `;`. [`decode`] is the one place bytes become text; [`read_table`]
//! reads the rows. No I/O: the caller has the bytes.

use std::borrow::Cow;

/// How the bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little-endian with a BOM (Excel's "Unicode text").
    Utf16Le,
    Utf16Be,
    /// UTF-8 with some bytes that are not (a file pieced together, or
    /// damaged): they are replaced by U+FFFD, and a title holding one is
    /// coded `INVALID_INPUT` rather than guessed.
    Utf8Damaged,
    /// Not UTF-8 and no BOM: Excel's "CSV" on Windows in Western locales.
    /// Every byte is a character, so the guess never fails; it is said.
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (with BOM)",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Utf8Damaged => "UTF-8 (with invalid bytes)",
            Encoding::Windows1252 => "Windows-1252",
        }
    }

    /// What to tell the user about the file's encoding: nothing for UTF-8,
    /// which needs no decision.
    pub fn notice(self, lang: NoticeLang) -> Option<String> {
        let name = self.name();
        match (self, lang) {
            (Encoding::Utf8 | Encoding::Utf8Bom, _) => None,
            (Encoding::Windows1252, NoticeLang::En) => Some(format!(
                "The file is not UTF-8: it was read as {name} (Excel's \"CSV\" on Windows). \
                 Check that accented letters look right; save as \"CSV UTF-8\" to be sure."
            )),
            (Encoding::Windows1252, NoticeLang::Fr) => Some(format!(
                "Le fichier n'est pas en UTF-8 : il a été lu en {name} (le « CSV » d'Excel \
                 sous Windows). Vérifiez les lettres accentuées; enregistrez-le en \
                 « CSV UTF-8 » pour en être sûr."
            )),
            (Encoding::Utf8Damaged, NoticeLang::En) => Some(
                "The file is UTF-8 but has bytes that are not: they show as \u{fffd}, \
                 and titles holding them are marked INVALID_INPUT."
                    .into(),
            ),
            (Encoding::Utf8Damaged, NoticeLang::Fr) => Some(
                "Le fichier est en UTF-8 mais contient des octets qui ne le sont pas : \
                 ils s'affichent \u{fffd}, et les titres qui en contiennent sont marqués \
                 INVALID_INPUT."
                    .into(),
            ),
            (_, NoticeLang::En) => Some(format!("The file was read as {name}.")),
            (_, NoticeLang::Fr) => Some(format!("Le fichier a été lu en {name}.")),
        }
    }
}

/// The language of the notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLang {
    En,
    Fr,
}

/// Bytes to text: UTF-8 (a BOM is dropped), UTF-16 LE or BE when the file
/// starts with its BOM, otherwise Windows-1252 when the bytes are not UTF-8.
/// A file that is UTF-8 but for a few bytes (at least as many valid
/// multi-byte characters as invalid sequences; Windows-1252 text has
/// almost none)
/// stays UTF-8, the bad bytes U+FFFD: read as Windows-1252, every accented
/// letter in it would be garbled. `None` when a UTF-16 file is malformed
/// (an odd length, a lone surrogate): that is not text.
pub fn decode(bytes: &[u8]) -> Option<(Cow<'_, str>, Encoding)> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        let which = if enc == encoding_rs::UTF_8 {
            Encoding::Utf8Bom
        } else if enc == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        };
        // A UTF-8 file with a BOM and a stray byte is still mostly text:
        // the byte becomes U+FFFD, as it would without the BOM's promise.
        if had_errors && which != Encoding::Utf8Bom {
            return None;
        }
        return Some((text, which));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((Cow::Borrowed(s), Encoding::Utf8));
    }
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if multibyte >= invalid {
        return Some((String::from_utf8_lossy(bytes), Encoding::Utf8Damaged));
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Some((text, Encoding::Windows1252))
}

/// The delimiter of a header line: whichever of `,` `;` and tab occurs
/// most outside double quotes (a tie goes to the comma, then `;`); a comma
/// when there is none (a one-column file).
pub fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delims = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    delims[best]
}

/// A row with more fields than the header, not all of the extra ones
/// blank. It is kept with the header's number of cells (the added columns
/// stay under their headings); the extra fields are reported, not shifted.
#[derive(Debug, Clone, PartialEq)]
pub struct LongRow {
    /// 0-based index among the data rows.
    pub row: usize,
    /// 1-based line of the file where the row starts.
    pub line: u64,
    pub fields: usize,
    /// The fields past the header's width.
    pub extra: Vec<String>,
}

impl LongRow {
    pub fn message(&self, header_width: usize, lang: NoticeLang) -> String {
        let extra = self
            .extra
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        match lang {
            NoticeLang::En => format!(
                "line {}: {} fields but the header has {header_width}; \
                 the extra fields were left out: {extra}",
                self.line, self.fields
            ),
            NoticeLang::Fr => format!(
                "ligne {} : {} champs, mais l'en-tête en a {header_width}; \
                 les champs en trop ont été laissés de côté : {extra}",
                self.line, self.fields
            ),
        }
    }
}

/// A file's table: every data row has exactly one cell per header column
/// (short rows padded with empty cells, long ones cut and reported).
#[derive(Debug, Clone, PartialEq)]
pub struct TableFile {
    /// Header cells, trimmed.
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The 1-based line of the file where each row starts.
    pub lines: Vec<u64>,
    pub encoding: Encoding,
    pub delimiter: u8,
    pub long_rows: Vec<LongRow>,
}

impl TableFile {
    /// The encoding notice and one line per long row, for the user.
    pub fn notices(&self, lang: NoticeLang) -> Vec<String> {
        self.encoding
            .notice(lang)
            .into_iter()
            .chain(
                self.long_rows
                    .iter()
                    .map(|r| r.message(self.header.len(), lang)),
            )
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TableFileError {
    /// NUL characters or malformed UTF-16: a spreadsheet, an archive or an
    /// image rather than a text file.
    #[error("the file is not a text CSV file")]
    NotText,
    #[error("the file has no header row")]
    Empty,
    #[error("line {line}: {message}")]
    Csv { line: u64, message: String },
}

/// Reads a delimited file with a header row. `delimiter` is detected from
/// the header line when not given.
pub fn read_table(bytes: &[u8], delimiter: Option<u8>) -> Result<TableFile, TableFileError> {
    let (text, encoding) = decode(bytes).ok_or(TableFileError::NotText)?;
    if text.contains('\0') {
        return Err(TableFileError::NotText);
    }
    if text.lines().next().is_none_or(|l| l.trim().is_empty()) {
        return Err(TableFileError::Empty);
    }
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(&text));
    let body = text.as_bytes();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body);
    let mut lines = LineCounter::new(body);
    let mut rec = csv::StringRecord::new();
    let csv_err = |e: csv::Error, line: u64| TableFileError::Csv {
        line,
        message: e.to_string(),
    };
    // The header is on line 1 (a blank first line was refused above).
    r.read_record(&mut rec).map_err(|e| csv_err(e, 1))?;
    let header: Vec<String> = rec.iter().map(|h| h.trim().to_string()).collect();
    let width = header.len();
    let mut rows = Vec::new();
    let mut row_lines = Vec::new();
    let mut long_rows = Vec::new();
    loop {
        let start = r.position().byte() as usize;
        let more = r
            .read_record(&mut rec)
            .map_err(|e| csv_err(e, lines.line_at(start)))?;
        if !more {
            break;
        }
        let at = rec.position().map_or(start, |p| p.byte() as usize);
        let line = lines.line_at(at);
        let mut row: Vec<String> = rec.iter().map(str::to_string).collect();
        // Extra fields that are all blank (a trailing delimiter) lose
        // nothing: cut without a word.
        if row[width.min(row.len())..]
            .iter()
            .any(|f| !f.trim().is_empty())
        {
            long_rows.push(LongRow {
                row: rows.len(),
                line,
                fields: row.len(),
                extra: row[width..].to_vec(),
            });
        }
        row.resize(width, String::new());
        rows.push(row);
        row_lines.push(line);
    }
    Ok(TableFile {
        header,
        rows,
        lines: row_lines,
        encoding,
        delimiter,
        long_rows,
    })
}

/// Lines of a delimited text, for records met in increasing order (the
/// ingest readers use it too). csv's own record positions can point at the
/// `\n` of the previous line's `\r\n` or at blank lines it skipped: those
/// line breaks are passed first. A `\r\n`, `\n` or lone `\r` ends a line.
pub struct LineCounter<'a> {
    text: &'a [u8],
    /// Bytes before `at` are counted; `line` is the line at `at`.
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a [u8]) -> LineCounter<'a> {
        LineCounter {
            text,
            at: 0,
            line: 1,
        }
    }

    /// The span (without its leading and final line breaks) and 1-based
    /// line of the record csv placed at `start..end`.
    pub fn locate(&mut self, start: usize, end: usize) -> (std::ops::Range<usize>, u64) {
        let t = self.text;
        let end = end.min(t.len());
        let mut s = start.min(end);
        while s < end && matches!(t[s], b'\r' | b'\n') {
            s += 1;
        }
        let mut e = end;
        while e > s && matches!(t[e - 1], b'\r' | b'\n') {
            e -= 1;
        }
        if s > self.at {
            for i in self.at..s {
                match t[i] {
                    b'\n' => self.line += 1,
                    b'\r' if t.get(i + 1) != Some(&b'\n') => self.line += 1,
                    _ => {}
                }
            }
            self.at = s;
        }
        (s..e, self.line)
    }

    /// The 1-based line of the record starting at `start`.
    pub fn line_at(&mut self, start: usize) -> u64 {
        self.locate(start, self.text.len()).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        let mut b = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        b
    }

    fn utf16be(s: &str) -> Vec<u8> {
        let mut b = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        b
    }

    /// "Infirmière autorisée" and "Électricien" in Windows-1252.
    const LATIN1: &[u8] = b"id,titre\r\n1,Infirmi\xe8re autoris\xe9e\r\n2,\xc9lectricien\r\n";

    fn titles(t: &TableFile) -> Vec<&str> {
        t.rows.iter().map(|r| r[1].as_str()).collect()
    }

    #[test]
    fn the_encodings_excel_writes() {
        let want = ["Infirmière autorisée", "Électricien"];
        let text = "id,titre\r\n1,Infirmière autorisée\r\n2,Électricien\r\n";

        let t = read_table(text.as_bytes(), None).unwrap();
        assert_eq!((t.encoding, titles(&t)), (Encoding::Utf8, want.to_vec()));
        assert_eq!(t.notices(NoticeLang::En), Vec::<String>::new());

        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let t = read_table(&bom, None).unwrap();
        assert_eq!((t.encoding, titles(&t)), (Encoding::Utf8Bom, want.to_vec()));
        assert_eq!(t.header, ["id", "titre"]);

        let t = read_table(LATIN1, None).unwrap();
        assert_eq!(
            (t.encoding, titles(&t)),
            (Encoding::Windows1252, want.to_vec())
        );
        let notices = t.notices(NoticeLang::En);
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("Windows-1252"), "{notices:?}");
        assert!(t.notices(NoticeLang::Fr)[0].contains("Windows-1252"));

        // Excel's "Unicode text": UTF-16 LE with a BOM, tab-delimited.
        let tabs = "id\ttitre\r\n1\tInfirmière autorisée\r\n2\tÉlectricien\r\n";
        let t = read_table(&utf16le(tabs), None).unwrap();
        assert_eq!(
            (t.encoding, t.delimiter, titles(&t)),
            (Encoding::Utf16Le, b'\t', want.to_vec())
        );
        assert!(t.notices(NoticeLang::En)[0].contains("UTF-16 LE"));
        let t = read_table(&utf16be(tabs), None).unwrap();
        assert_eq!((t.encoding, titles(&t)), (Encoding::Utf16Be, want.to_vec()));
    }

    #[test]
    fn a_utf8_file_with_a_bad_byte_stays_utf8() {
        // Two accented letters, two bad bytes.
        let bytes = b"id,titre\n1,Infirmi\xc3\xa8re autoris\xc3\xa9e\n2,\xff\xfe bad\n";
        let t = read_table(bytes, None).unwrap();
        assert_eq!(t.encoding, Encoding::Utf8Damaged);
        assert_eq!(titles(&t), ["Infirmière autorisée", "\u{fffd}\u{fffd} bad"]);
        assert!(t.notices(NoticeLang::En)[0].contains("INVALID_INPUT"));
    }

    #[test]
    fn delimiters_are_found_in_the_header_or_given() {
        let semi = "id;Titre de poste;CNP\n1;Soudeur, chantier;72106\n";
        let t = read_table(semi.as_bytes(), None).unwrap();
        assert_eq!(t.delimiter, b';');
        assert_eq!(t.rows, [vec!["1", "Soudeur, chantier", "72106"]]);
        // A quoted comma in the header does not count.
        assert_eq!(detect_delimiter("\"Titre, poste\";id;cnp\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("title"), b',');
        assert_eq!(detect_delimiter("a,b;c"), b',');
        // Given: not detected.
        let t = read_table(b"a;b,c\n1;2,3\n", Some(b',')).unwrap();
        assert_eq!(t.header, ["a;b", "c"]);
    }

    #[test]
    fn rows_stay_aligned_with_the_header() {
        let text = "id,title,noc\r\n1,Welder\r\n2,Nurse,31301,extra,more\r\n3,\"Clerk\nnight\",14100\r\n4,Baker,63202,\r\n";
        let t = read_table(text.as_bytes(), None).unwrap();
        assert!(t.rows.iter().all(|r| r.len() == 3), "{:?}", t.rows);
        assert_eq!(t.rows[0], ["1", "Welder", ""]);
        assert_eq!(t.rows[1], ["2", "Nurse", "31301"]);
        assert_eq!(t.rows[3], ["4", "Baker", "63202"]);
        assert_eq!(t.lines, [2, 3, 4, 6]);
        assert_eq!(
            t.long_rows,
            [
                LongRow {
                    row: 1,
                    line: 3,
                    fields: 5,
                    extra: vec!["extra".into(), "more".into()],
                },
                // Row 4's trailing comma cuts nothing: not reported.
            ]
        );
        assert_eq!(
            t.long_rows[0].message(3, NoticeLang::En),
            "line 3: 5 fields but the header has 3; the extra fields were left out: \"extra\", \"more\""
        );
    }

    #[test]
    fn what_is_not_a_text_table() {
        assert_eq!(
            read_table(b"PK\x03\x04\x00\x00", None),
            Err(TableFileError::NotText)
        );
        // An odd number of UTF-16 bytes.
        assert_eq!(read_table(b"\xff\xfeA", None), Err(TableFileError::NotText));
        assert_eq!(read_table(b"", None), Err(TableFileError::Empty));
        assert_eq!(read_table(b"\n\nid\n", None), Err(TableFileError::Empty));
    }
}
