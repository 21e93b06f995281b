//! Reading one source file: delimited text with an explicit header, or JSON.
//!
//! Problems with the *file* (missing, unreadable, wrong header) are hard
//! errors that name `file:line:column`. Problems with a *row* (wrong column
//! count, bytes that are not UTF-8) set the row aside in the ledger's rejects
//! report and reading goes on.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use jobforge_core::table_file::LineCounter;

use super::ledger::{Ledger, Reject, RejectCode};
use crate::table::TableError;

/// A hard ingest error. Its message always names the file, and the line and
/// column where there is one.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{file}: missing source file. {hint}")]
    Missing { file: String, hint: String },
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: header column {column} is {found:?}, expected {expected:?}")]
    Header {
        file: String,
        line: u64,
        column: usize,
        expected: String,
        found: String,
    },
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        file: String,
        line: u64,
        column: u64,
        message: String,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("{file}: sha256 is {found} but data/sources.toml pins {expected}: the file is corrupt or another version. Run `jobforge fetch` (or `jobforge fetch --mirror DIR`) to get the pinned file.")]
    Checksum {
        file: String,
        expected: String,
        found: String,
    },
    #[error(transparent)]
    Table(#[from] TableError),
}

/// How a delimited file is written.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    pub delimiter: u8,
    /// O*NET's tab files do not quote; their fields may contain `"`.
    pub quoting: bool,
}

pub const CSV: Dialect = Dialect {
    delimiter: b',',
    quoting: true,
};
pub const TSV: Dialect = Dialect {
    delimiter: b'\t',
    quoting: false,
};

/// What the header must be.
#[derive(Debug, Clone, Copy)]
pub enum Header<'a> {
    /// Exactly these columns (compared after trimming spaces).
    Exact(&'a [&'a str]),
    /// These columns first, then one or more further named columns (the
    /// descriptor columns of OaSIS rating matrices).
    Prefix(&'a [&'a str]),
}

/// One data row: the 1-based physical line of the file where it starts,
/// its fields, and where its text is in [`InputFile::text`].
#[derive(Debug, Clone)]
pub struct Record {
    pub line: u64,
    pub fields: Vec<String>,
    /// The row's bytes as written (delimiters, quotes, and the line breaks
    /// of a multi-line row; not its final line break).
    pub span: Range<usize>,
}

impl Record {
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", String::as_str)
    }
}

/// Why one row cannot be used, found by a reader after the row was parsed.
#[derive(Debug, Clone)]
pub struct RowError {
    /// 0-based column index, when one field is at fault.
    pub column: Option<usize>,
    pub code: RejectCode,
    pub reason: String,
}

impl RowError {
    pub fn at(column: usize, code: RejectCode, reason: impl Into<String>) -> RowError {
        RowError {
            column: Some(column),
            code,
            reason: reason.into(),
        }
    }

    pub fn row(code: RejectCode, reason: impl Into<String>) -> RowError {
        RowError {
            column: None,
            code,
            reason: reason.into(),
        }
    }
}

/// A delimited file, read and checked, whose rows a reader now maps.
#[derive(Debug)]
pub struct InputFile {
    pub source_id: String,
    /// `source_id/file name`, as errors and the ledger name it.
    pub id: String,
    pub dialect: Dialect,
    /// Header cells, trimmed, BOM removed.
    pub header: Vec<String>,
    pub records: Vec<Record>,
    /// The file's bytes (for JSON, each record's JSON text on its own
    /// line), kept so that a rejected row is reported as it was written.
    pub text: Vec<u8>,
}

impl InputFile {
    /// A record's text as written in the file; bytes that are not UTF-8
    /// become U+FFFD.
    pub fn raw(&self, rec: &Record) -> String {
        raw_text(&self.text, rec.span.clone())
    }
}

fn raw_text(text: &[u8], span: Range<usize>) -> String {
    String::from_utf8_lossy(text.get(span).unwrap_or_default()).into_owned()
}

/// The reading context: where sources live, and the ledger all readers share.
pub struct Ingest {
    pub root: PathBuf,
    pub ledger: Ledger,
    /// Overrides for files given by path (the organisation's job architecture).
    pub overrides: Vec<(String, PathBuf)>,
    /// `source_id/name` → pinned sha256; a file that differs is a hard error.
    pub pins: HashMap<String, String>,
}

impl Ingest {
    pub fn new(root: impl Into<PathBuf>) -> Ingest {
        Ingest {
            root: root.into(),
            ledger: Ledger::default(),
            overrides: Vec::new(),
            pins: HashMap::new(),
        }
    }

    pub fn with_pins(mut self, pins: HashMap<String, String>) -> Ingest {
        self.pins = pins;
        self
    }

    pub fn with_override(mut self, file_id: &str, path: PathBuf) -> Ingest {
        self.overrides.push((file_id.to_string(), path));
        self
    }

    pub fn path_of(&self, source_id: &str, name: &str) -> PathBuf {
        let id = format!("{source_id}/{name}");
        self.overrides
            .iter()
            .find(|(f, _)| *f == id)
            .map_or_else(|| self.root.join(source_id).join(name), |(_, p)| p.clone())
    }

    fn read_bytes(
        &mut self,
        source_id: &str,
        name: &str,
    ) -> Result<(String, Vec<u8>), IngestError> {
        let id = format!("{source_id}/{name}");
        let path = self.path_of(source_id, name);
        let bytes = read_file(&path, &id, &self.root)?;
        let sha = hex::encode(Sha256::digest(&bytes));
        if let Some(expected) = self.pins.get(&id) {
            if *expected != sha {
                return Err(IngestError::Checksum {
                    file: id,
                    expected: expected.clone(),
                    found: sha,
                });
            }
        }
        let acct = self.ledger.account(&id);
        acct.source_id = source_id.to_string();
        acct.sha256 = sha;
        Ok((id, bytes))
    }

    /// Reads a delimited file, checks its header, and sets aside rows with the
    /// wrong number of fields or bytes that are not UTF-8.
    pub fn delimited(
        &mut self,
        source_id: &str,
        name: &str,
        dialect: Dialect,
        header: Header<'_>,
    ) -> Result<InputFile, IngestError> {
        let (id, mut bytes) = self.read_bytes(source_id, name)?;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        let body = bytes.as_slice();
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(dialect.delimiter)
            .quoting(dialect.quoting)
            .has_headers(false)
            .flexible(true)
            .from_reader(body);
        let mut lines = LineCounter::new(body);
        let mut row = csv::ByteRecord::new();
        if !rdr
            .read_byte_record(&mut row)
            .map_err(|e| csv_error(&id, e))?
        {
            return Err(IngestError::Invalid {
                file: id,
                message: "empty file: no header row".into(),
            });
        }
        let header_cells = check_header(&id, &row, header)?;
        let width = header_cells.len();
        let mut records = Vec::new();
        let mut rows_in = 0u64;
        while rdr
            .read_byte_record(&mut row)
            .map_err(|e| csv_error(&id, e))?
        {
            rows_in += 1;
            let start = row.position().map_or(0, |p| p.byte() as usize);
            let (span, line) = lines.locate(start, rdr.position().byte() as usize);
            match decode_row(&row, width) {
                Ok(fields) => records.push(Record { line, fields, span }),
                Err(e) => {
                    let raw = raw_text(body, span);
                    self.ledger.reject(Reject {
                        source_id: source_id.to_string(),
                        file: id.clone(),
                        line,
                        column: e.column.map(|c| c as u32 + 1),
                        column_name: e.column.and_then(|c| header_cells.get(c).cloned()),
                        code: e.code,
                        reason: e.reason,
                        raw,
                    });
                }
            }
        }
        self.ledger.account(&id).rows_in = rows_in;
        Ok(InputFile {
            source_id: source_id.to_string(),
            id,
            dialect,
            header: header_cells,
            records,
            text: bytes,
        })
    }

    /// Reads a JSON file; `rows_in` is set by the caller, who knows what a row is.
    pub fn json(
        &mut self,
        source_id: &str,
        name: &str,
    ) -> Result<(String, serde_json::Value), IngestError> {
        let (id, bytes) = self.read_bytes(source_id, name)?;
        let v = serde_json::from_slice(&bytes).map_err(|e| IngestError::Parse {
            file: id.clone(),
            line: e.line() as u64,
            column: e.column() as u64,
            message: e.to_string(),
        })?;
        Ok((id, v))
    }

    /// Reads a JSON array of objects (at the top level, or under `rows_key`)
    /// as records with the given keys as columns. A record's `line` is the
    /// 1-based position of the object in the array. An object that lacks a
    /// key, or is not an object, is rejected.
    pub fn json_records(
        &mut self,
        source_id: &str,
        name: &str,
        rows_key: Option<&str>,
        keys: &[&str],
    ) -> Result<InputFile, IngestError> {
        let (id, value) = self.json(source_id, name)?;
        let items = match rows_key {
            Some(k) => value.get(k),
            None => Some(&value),
        }
        .and_then(|v| v.as_array())
        .ok_or_else(|| IngestError::Invalid {
            file: id.clone(),
            message: match rows_key {
                Some(k) => format!("expected an array under key {k:?}"),
                None => "expected a top-level array".into(),
            },
        })?;
        let header: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        let mut records = Vec::with_capacity(items.len());
        let mut text = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let line = i as u64 + 1;
            let start = text.len();
            text.extend_from_slice(item.to_string().as_bytes());
            let span = start..text.len();
            text.push(b'\n');
            let fields: Result<Vec<String>, RowError> = match item.as_object() {
                None => Err(RowError::row(
                    RejectCode::ColumnCount,
                    "item is not a JSON object",
                )),
                Some(obj) => keys
                    .iter()
                    .enumerate()
                    .map(|(c, k)| match obj.get(*k) {
                        None => Err(RowError::at(
                            c,
                            RejectCode::MissingValue,
                            format!("no key {k:?}"),
                        )),
                        Some(serde_json::Value::Null) => Ok(String::new()),
                        Some(serde_json::Value::String(s)) => Ok(s.clone()),
                        Some(other) => Ok(other.to_string()),
                    })
                    .collect(),
            };
            match fields {
                Ok(fields) => records.push(Record { line, fields, span }),
                Err(e) => self.ledger.reject(Reject {
                    source_id: source_id.to_string(),
                    file: id.clone(),
                    line,
                    column: e.column.map(|c| c as u32 + 1),
                    column_name: e.column.map(|c| header[c].clone()),
                    code: e.code,
                    reason: e.reason,
                    raw: raw_text(&text, span),
                }),
            }
        }
        self.ledger.account(&id).rows_in = items.len() as u64;
        Ok(InputFile {
            source_id: source_id.to_string(),
            id,
            dialect: CSV,
            header,
            records,
            text,
        })
    }

    /// Records that a row of `file` landed in an output.
    pub fn accept(&mut self, file: &InputFile) {
        self.ledger.account(&file.id).rows_out += 1;
    }

    /// Sets a parsed row aside with the reason a reader found.
    pub fn reject(&mut self, file: &InputFile, rec: &Record, err: RowError) {
        self.ledger.reject(Reject {
            source_id: file.source_id.clone(),
            file: file.id.clone(),
            line: rec.line,
            column: err.column.map(|c| c as u32 + 1),
            column_name: err.column.and_then(|c| file.header.get(c).cloned()),
            code: err.code,
            reason: err.reason,
            raw: file.raw(rec),
        });
    }

    /// Accepts or rejects according to a reader's verdict on one row.
    pub fn settle<T>(
        &mut self,
        file: &InputFile,
        rec: &Record,
        r: Result<T, RowError>,
    ) -> Option<T> {
        match r {
            Ok(v) => {
                self.accept(file);
                Some(v)
            }
            Err(e) => {
                self.reject(file, rec, e);
                None
            }
        }
    }

    /// Notes which output table a file feeds (for lineage and the summary).
    pub fn feeds(&mut self, file_id: &str, table: &str) {
        let outs = &mut self.ledger.account(file_id).outputs;
        if !outs.iter().any(|t| t == table) {
            outs.push(table.to_string());
        }
    }
}

fn read_file(path: &Path, id: &str, root: &Path) -> Result<Vec<u8>, IngestError> {
    std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            IngestError::Missing {
                file: id.to_string(),
                hint: format!(
                    "Looked for {}. Run `jobforge fetch` (or `jobforge fetch --mirror DIR`) to get the sources into {}, or pass --sources DIR.",
                    path.display(),
                    root.display()
                ),
            }
        } else {
            IngestError::Io {
                file: id.to_string(),
                source: e,
            }
        }
    })
}

fn csv_error(id: &str, e: csv::Error) -> IngestError {
    let (line, column) = match e.position() {
        Some(p) => (p.line(), 1),
        None => (0, 0),
    };
    IngestError::Parse {
        file: id.to_string(),
        line,
        column,
        message: e.to_string(),
    }
}

fn check_header(
    id: &str,
    head: &csv::ByteRecord,
    want: Header<'_>,
) -> Result<Vec<String>, IngestError> {
    let mut cells = Vec::with_capacity(head.len());
    for (i, raw) in head.iter().enumerate() {
        let s = std::str::from_utf8(raw).map_err(|e| IngestError::Parse {
            file: id.to_string(),
            line: 1,
            column: i as u64 + 1,
            message: format!("header is not UTF-8: {e}"),
        })?;
        cells.push(s.trim().to_string());
    }
    let (expected, exact) = match want {
        Header::Exact(cols) => (cols, true),
        Header::Prefix(cols) => (cols, false),
    };
    for (i, exp) in expected.iter().enumerate() {
        let found = cells.get(i).map_or("<none>", String::as_str);
        if found != exp.trim() {
            return Err(IngestError::Header {
                file: id.to_string(),
                line: 1,
                column: i + 1,
                expected: exp.to_string(),
                found: found.to_string(),
            });
        }
    }
    if exact && cells.len() != expected.len() {
        let extra = cells.get(expected.len()).cloned().unwrap_or_default();
        return Err(IngestError::Header {
            file: id.to_string(),
            line: 1,
            column: expected.len() + 1,
            expected: "<end of header>".into(),
            found: extra,
        });
    }
    if !exact {
        if cells.len() == expected.len() {
            return Err(IngestError::Invalid {
                file: id.to_string(),
                message: "header has no descriptor columns".into(),
            });
        }
        if let Some(i) = cells.iter().position(String::is_empty) {
            return Err(IngestError::Header {
                file: id.to_string(),
                line: 1,
                column: i + 1,
                expected: "a column name".into(),
                found: String::new(),
            });
        }
    }
    Ok(cells)
}

fn decode_row(row: &csv::ByteRecord, width: usize) -> Result<Vec<String>, RowError> {
    if row.len() != width {
        return Err(RowError::row(
            RejectCode::ColumnCount,
            format!("{} fields, header has {width}", row.len()),
        ));
    }
    row.iter()
        .enumerate()
        .map(|(i, f)| {
            std::str::from_utf8(f).map(str::to_string).map_err(|e| {
                RowError::at(
                    i,
                    RejectCode::Encoding,
                    format!("not UTF-8 at byte {}", e.valid_up_to()),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record's (line, raw text) as `delimited` finds them.
    fn located(body: &[u8]) -> Vec<(u64, String)> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(body);
        let mut lines = LineCounter::new(body);
        let mut row = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut row).expect("csv") {
            let start = row.position().map_or(0, |p| p.byte() as usize);
            let (span, line) = lines.locate(start, rdr.position().byte() as usize);
            out.push((line, raw_text(body, span)));
        }
        out
    }

    fn owned(v: &[(u64, &str)]) -> Vec<(u64, String)> {
        v.iter().map(|(l, s)| (*l, s.to_string())).collect()
    }

    #[test]
    fn lines_and_text_of_records_in_crlf_lf_and_cr_files() {
        let crlf = b"a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n4,5,6\r\n";
        assert_eq!(
            located(crlf),
            owned(&[(1, "a,b"), (2, "1,2"), (3, "3,\"x\r\ny\""), (5, "4,5,6")])
        );
        let lf = b"a,b\n\n1,2\n\n\n\"q,\"\"\",\n7,8";
        assert_eq!(
            located(lf),
            owned(&[(1, "a,b"), (3, "1,2"), (6, "\"q,\"\"\","), (7, "7,8")])
        );
        let cr = b"a,b\r1,2\r3,4";
        assert_eq!(located(cr), owned(&[(1, "a,b"), (2, "1,2"), (3, "3,4")]));
        let bad = b"a,b\r\n\xff,2\r\n";
        assert_eq!(located(bad), owned(&[(1, "a,b"), (2, "\u{fffd},2")]));
    }
}
