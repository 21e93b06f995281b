//! Row accounting and the rejects report.
//!
//! Every input row is either accepted into an output table or rejected with a
//! reason; the ledger counts both per file so that the build can prove
//! `rows_in = rows_out + rows_rejected` for every file it read.

use std::collections::BTreeMap;

use crate::table::{col, Kind, Table, TableBuilder, TableError, Value};

/// Why a row was set aside. The code is stable (for filtering); the message
/// says what was wrong with this row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RejectCode {
    ColumnCount,
    Encoding,
    BadCode,
    UnknownCode,
    DuplicateKey,
    BadNumber,
    MissingValue,
}

impl RejectCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::ColumnCount => "COLUMN_COUNT",
            RejectCode::Encoding => "ENCODING",
            RejectCode::BadCode => "BAD_CODE",
            RejectCode::UnknownCode => "UNKNOWN_CODE",
            RejectCode::DuplicateKey => "DUPLICATE_KEY",
            RejectCode::BadNumber => "BAD_NUMBER",
            RejectCode::MissingValue => "MISSING_VALUE",
        }
    }
}

/// One rejected input row.
#[derive(Debug, Clone)]
pub struct Reject {
    pub source_id: String,
    pub file: String,
    pub line: u64,
    /// 1-based column of the offending field, when one field is at fault.
    pub column: Option<u32>,
    pub column_name: Option<String>,
    pub code: RejectCode,
    pub reason: String,
    /// The raw row, shortened, so a reviewer can see it without the file.
    pub raw: String,
}

/// Counts for one input file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileAccount {
    pub source_id: String,
    pub sha256: String,
    pub rows_in: u64,
    pub rows_out: u64,
    pub rows_rejected: u64,
    /// Output tables this file's rows landed in.
    pub outputs: Vec<String>,
}

impl FileAccount {
    pub fn balances(&self) -> bool {
        self.rows_in == self.rows_out + self.rows_rejected
    }
}

#[derive(Debug, Default)]
pub struct Ledger {
    pub files: BTreeMap<String, FileAccount>,
    pub rejects: Vec<Reject>,
}

/// Raw text is cut to this many characters in the rejects report.
const RAW_MAX: usize = 300;

impl Ledger {
    pub fn account(&mut self, file: &str) -> &mut FileAccount {
        self.files.entry(file.to_string()).or_default()
    }

    pub fn reject(&mut self, mut r: Reject) {
        if r.raw.chars().count() > RAW_MAX {
            r.raw = r.raw.chars().take(RAW_MAX).collect::<String>() + "…";
        }
        self.account(&r.file).rows_rejected += 1;
        self.rejects.push(r);
    }

    /// Files whose counts do not balance: always empty unless a reader has a bug.
    pub fn unbalanced(&self) -> Vec<(&str, &FileAccount)> {
        self.files
            .iter()
            .filter(|(_, a)| !a.balances())
            .map(|(f, a)| (f.as_str(), a))
            .collect()
    }

    pub fn rejects_table(&self) -> Result<Table, TableError> {
        let mut b = TableBuilder::new(
            "rejects",
            vec![
                col("source_id", Kind::Text),
                col("file", Kind::Text),
                col("line", Kind::Int),
                col("column", Kind::Int).nullable(),
                col("column_name", Kind::Text).nullable(),
                col("reason_code", Kind::Text),
                col("reason", Kind::Text),
                col("raw", Kind::Text),
            ],
        );
        let mut rows: Vec<&Reject> = self.rejects.iter().collect();
        rows.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        for r in rows {
            b.push(vec![
                Value::text(&r.source_id),
                Value::text(&r.file),
                Value::Int(r.line as i64),
                Value::opt_int(r.column.map(i64::from)),
                Value::opt_text(r.column_name.clone()),
                Value::text(r.code.as_str()),
                Value::text(&r.reason),
                Value::text(&r.raw),
            ])?;
        }
        Ok(b.finish())
    }

    pub fn source_files_table(&self) -> Result<Table, TableError> {
        let mut b = TableBuilder::new(
            "source_files",
            vec![
                col("source_id", Kind::Text),
                col("file", Kind::Text),
                col("sha256", Kind::Text),
                col("rows_in", Kind::Int),
                col("rows_out", Kind::Int),
                col("rows_rejected", Kind::Int),
                col("output_tables", Kind::Text),
            ],
        );
        for (file, a) in &self.files {
            b.push(vec![
                Value::text(&a.source_id),
                Value::text(file),
                Value::text(&a.sha256),
                Value::Int(a.rows_in as i64),
                Value::Int(a.rows_out as i64),
                Value::Int(a.rows_rejected as i64),
                Value::text(a.outputs.join("|")),
            ])?;
        }
        Ok(b.finish())
    }
}
