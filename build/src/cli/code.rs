//! `jobforge code --input FILE.csv --title-column COL [--unit-group-column COL]
//! --output OUT.csv`: batch coding. Every input row and column is kept, in
//! order, with the coding columns appended. A row whose title is empty or
//! not valid UTF-8 is kept with `method` = `INVALID_INPUT`.

use std::io::Read;
use std::path::Path;

use jobforge_core::batch::code_one;
pub use jobforge_core::batch::{pad_code, Coded, ADDED_COLUMNS};
use jobforge_core::resolve::ResolverData;
use jobforge_core::search::SearchIndex;

#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error("{path}: {source}")]
    Csv {
        path: String,
        #[source]
        source: csv::Error,
    },
    #[error("{path}: no column {column:?} in the header (columns: {columns})")]
    NoColumn {
        path: String,
        column: String,
        columns: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// A CSV file read as bytes: a bad cell never stops the batch.
pub struct Input {
    pub header: csv::ByteRecord,
    pub rows: Vec<csv::ByteRecord>,
}

impl Input {
    pub fn read(path: &Path) -> Result<Input, CodeError> {
        let p = path.display().to_string();
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|source| CodeError::Io {
                path: p.clone(),
                source,
            })?;
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(body);
        let header = r
            .byte_headers()
            .map_err(|source| CodeError::Csv {
                path: p.clone(),
                source,
            })?
            .clone();
        let mut rows = Vec::new();
        for rec in r.byte_records() {
            rows.push(rec.map_err(|source| CodeError::Csv {
                path: p.clone(),
                source,
            })?);
        }
        Ok(Input { header, rows })
    }

    pub fn column(&self, path: &Path, name: &str) -> Result<usize, CodeError> {
        self.header
            .iter()
            .position(|h| h == name.as_bytes())
            .ok_or_else(|| CodeError::NoColumn {
                path: path.display().to_string(),
                column: name.to_string(),
                columns: self
                    .header
                    .iter()
                    .map(|h| String::from_utf8_lossy(h).into_owned())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The cell as text, or `None` when missing, blank or not UTF-8.
    pub fn text(&self, row: usize, col: usize) -> Option<&str> {
        let s = std::str::from_utf8(self.rows[row].get(col)?).ok()?.trim();
        (!s.is_empty()).then_some(s)
    }
}

pub struct CodeArgs<'a> {
    pub input: &'a Path,
    pub output: &'a Path,
    pub title_column: &'a str,
    pub unit_group_column: Option<&'a str>,
    pub threads: usize,
}

#[derive(Debug, Default, PartialEq)]
pub struct CodeSummary {
    pub rows: usize,
    pub invalid: usize,
    pub needs_review: usize,
    pub by_method: std::collections::BTreeMap<String, usize>,
}

/// Codes a whole file; rows are split over `threads` workers and written
/// back in input order.
pub fn run(
    index: &SearchIndex,
    resolver: Option<&ResolverData>,
    args: &CodeArgs,
) -> Result<CodeSummary, CodeError> {
    let input = Input::read(args.input)?;
    let tcol = input.column(args.input, args.title_column)?;
    let ucol = args
        .unit_group_column
        .map(|c| input.column(args.input, c))
        .transpose()?;
    let n = input.rows.len();
    let threads = args.threads.clamp(1, 64).min(n.max(1));
    let chunk = n.div_ceil(threads).max(1);
    let mut coded: Vec<Coded> = Vec::with_capacity(n);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let input = &input;
                s.spawn(move || {
                    (start..(start + chunk).min(n))
                        .map(|i| {
                            let ug = ucol.and_then(|c| input.text(i, c));
                            code_one(index, resolver, input.text(i, tcol), ug)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A worker only panics on a bug; surface it as one.
            coded.extend(h.join().expect("coding worker panicked"));
        }
    });

    let p = args.output.display().to_string();
    let file = std::fs::File::create(args.output).map_err(|source| CodeError::Io {
        path: p.clone(),
        source,
    })?;
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(std::io::BufWriter::new(file));
    let mut header = input.header.clone();
    for c in ADDED_COLUMNS {
        header.push_field(c.as_bytes());
    }
    w.write_byte_record(&header)
        .map_err(|source| CodeError::Csv {
            path: p.clone(),
            source,
        })?;
    let mut summary = CodeSummary {
        rows: n,
        ..CodeSummary::default()
    };
    for (row, c) in input.rows.iter().zip(&coded) {
        let mut rec = row.clone();
        // Short rows are padded so the added columns line up.
        while rec.len() < input.header.len() {
            rec.push_field(b"");
        }
        for cell in c.cells() {
            rec.push_field(cell.as_bytes());
        }
        w.write_byte_record(&rec).map_err(|source| CodeError::Csv {
            path: p.clone(),
            source,
        })?;
        summary.invalid += usize::from(c.is_invalid());
        summary.needs_review += usize::from(c.needs_review);
        *summary.by_method.entry(c.method.clone()).or_default() += 1;
    }
    w.flush()
        .map_err(|source| CodeError::Io { path: p, source })?;
    Ok(summary)
}

pub fn summary_text(s: &CodeSummary, out: &Path) -> String {
    let mut t = format!("coded {} rows into {}\n", s.rows, out.display());
    for (m, n) in &s.by_method {
        t += &format!("  {m:<14} {n}\n");
    }
    t += &format!(
        "  needs review   {}\n  invalid input  {}\n",
        s.needs_review, s.invalid
    );
    t
}
