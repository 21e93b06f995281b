//! `jobforge code --input FILE.csv --title-column COL [--unit-group-column COL]
//! [--delimiter D] [--bom] --output OUT.csv`: batch coding. Every input row and
//! column is kept, in order, with the coding columns appended. A row whose
//! title is empty is kept with `method` = `INVALID_INPUT`.
//!
//! The file is read by `jobforge_core::table_file`, as the app reads it:
//! UTF-8, UTF-16 with a BOM, or Windows-1252 (said on standard error); `,`,
//! `;` or tab, found from the header unless given. A row with more fields
//! than the header is reported and cut to the header's width, so the added
//! columns always stay under their headings. The output is UTF-8 CSV;
//! with `--bom` it starts with a byte-order mark, which Excel on Windows
//! needs to read UTF-8 (without it, accents come out as `Ã©`). The app's
//! downloads always carry one; the CLI's default stays plain UTF-8 for
//! the scripts that read it.

use std::io::Read;
use std::path::Path;

use jobforge_core::batch::code_one;
pub use jobforge_core::batch::{pad_code, Coded, ADDED_COLUMNS};
use jobforge_core::resolve::ResolverData;
use jobforge_core::search::SearchIndex;
use jobforge_core::table_file::{read_table, NoticeLang, TableFile, TableFileError};

#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error("{path}: {source}")]
    Csv {
        path: String,
        #[source]
        source: csv::Error,
    },
    #[error("{path}: {source}")]
    Input {
        path: String,
        #[source]
        source: TableFileError,
    },
    #[error("--delimiter {0:?}: use a single character such as , ; or tab (\\t)")]
    Delimiter(String),
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

/// `--delimiter`: one character (`\t` or `tab` for a tab).
pub fn parse_delimiter(s: &str) -> Result<u8, CodeError> {
    match s {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(CodeError::Delimiter(s.to_string())),
    }
}

/// The input table: every row has exactly one cell per header column.
pub struct Input {
    /// Header cells, trimmed.
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub table: TableFile,
}

impl Input {
    /// Reads the file, its delimiter found from the header.
    pub fn read(path: &Path) -> Result<Input, CodeError> {
        Input::read_with(path, None)
    }

    /// Reads the file as `jobforge_core::table_file` does for the app.
    pub fn read_with(path: &Path, delimiter: Option<u8>) -> Result<Input, CodeError> {
        let p = path.display().to_string();
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|source| CodeError::Io {
                path: p.clone(),
                source,
            })?;
        let mut table =
            read_table(&bytes, delimiter).map_err(|source| CodeError::Input { path: p, source })?;
        Ok(Input {
            header: std::mem::take(&mut table.header),
            rows: std::mem::take(&mut table.rows),
            table,
        })
    }

    /// What the user should know about the file: its encoding when not
    /// UTF-8, and the rows cut to the header's width.
    pub fn notices(&self) -> Vec<String> {
        let lang = NoticeLang::En;
        let long = self.table.long_rows.iter();
        let long = long.map(|r| r.message(self.header.len(), lang));
        self.table
            .encoding
            .notice(lang)
            .into_iter()
            .chain(long)
            .collect()
    }

    pub fn column(&self, path: &Path, name: &str) -> Result<usize, CodeError> {
        self.header
            .iter()
            .position(|h| h == name.trim())
            .ok_or_else(|| CodeError::NoColumn {
                path: path.display().to_string(),
                column: name.to_string(),
                columns: self.header.join(", "),
            })
    }

    /// The cell as text, or `None` when blank.
    pub fn text(&self, row: usize, col: usize) -> Option<&str> {
        let s = self.rows[row].get(col)?.trim();
        (!s.is_empty()).then_some(s)
    }
}

pub struct CodeArgs<'a> {
    pub input: &'a Path,
    pub output: &'a Path,
    pub title_column: &'a str,
    pub unit_group_column: Option<&'a str>,
    pub threads: usize,
    /// Start the output with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
}

#[derive(Debug, Default, PartialEq)]
pub struct CodeSummary {
    pub rows: usize,
    pub invalid: usize,
    pub needs_review: usize,
    pub by_method: std::collections::BTreeMap<String, usize>,
    /// Rows with more fields than the header (cut, and reported).
    pub long_rows: usize,
}

/// Codes a whole file; rows are split over `threads` workers and written
/// back in input order. The delimiter is found from the header.
pub fn run(
    index: &SearchIndex,
    resolver: Option<&ResolverData>,
    args: &CodeArgs,
) -> Result<CodeSummary, CodeError> {
    run_delimited(index, resolver, args, None)
}

/// [`run`], with the input's delimiter given (`--delimiter`) or, when
/// `None`, found from its header. Notices about the input (its encoding,
/// rows cut to the header's width) go to standard error.
pub fn run_delimited(
    index: &SearchIndex,
    resolver: Option<&ResolverData>,
    args: &CodeArgs,
    delimiter: Option<u8>,
) -> Result<CodeSummary, CodeError> {
    let input = Input::read_with(args.input, delimiter)?;
    for n in input.notices() {
        eprintln!("{}: {n}", args.input.display());
    }
    let tcol = input.column(args.input, args.title_column)?;
    let ucol = args
        .unit_group_column
        .map(|c| input.column(args.input, c))
        .transpose()?;
    let n = input.rows.len();
    let coded = code_rows(index, resolver, n, args.threads, |i| {
        (input.text(i, tcol), ucol.and_then(|c| input.text(i, c)))
    });

    let p = args.output.display().to_string();
    let file = std::fs::File::create(args.output).map_err(|source| CodeError::Io {
        path: p.clone(),
        source,
    })?;
    let mut out = std::io::BufWriter::new(file);
    if args.bom {
        use std::io::Write;
        out.write_all("\u{feff}".as_bytes())
            .map_err(|source| CodeError::Io {
                path: p.clone(),
                source,
            })?;
    }
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    let header = input.header.iter().map(String::as_str).chain(ADDED_COLUMNS);
    w.write_record(header).map_err(|source| CodeError::Csv {
        path: p.clone(),
        source,
    })?;
    let mut summary = CodeSummary {
        rows: n,
        long_rows: input.table.long_rows.len(),
        ..CodeSummary::default()
    };
    for (row, c) in input.rows.iter().zip(&coded) {
        // Every row has the header's width (`table_file`), so the added
        // columns line up under their headings.
        let cells = c.cells();
        let rec = row
            .iter()
            .map(String::as_str)
            .chain(cells.iter().map(String::as_str));
        w.write_record(rec).map_err(|source| CodeError::Csv {
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

/// Codes rows `0..n`, split over `threads` workers (1 to 64) and returned
/// in input order; `row(i)` gives row `i`'s title and unit group. The CLI
/// and the Python package (`python/`) both code through here.
pub fn code_rows<'a, F>(
    index: &SearchIndex,
    resolver: Option<&ResolverData>,
    n: usize,
    threads: usize,
    row: F,
) -> Vec<Coded>
where
    F: Fn(usize) -> (Option<&'a str>, Option<&'a str>) + Sync,
{
    let threads = threads.clamp(1, 64).min(n.max(1));
    let chunk = n.div_ceil(threads).max(1);
    let mut coded: Vec<Coded> = Vec::with_capacity(n);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let row = &row;
                s.spawn(move || {
                    (start..(start + chunk).min(n))
                        .map(|i| {
                            let (title, ug) = row(i);
                            code_one(index, resolver, title, ug)
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
    coded
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
    if s.long_rows > 0 {
        t += &format!("  rows cut to the header's width  {}\n", s.long_rows);
    }
    t
}
