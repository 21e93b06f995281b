//! `jobforge code --input FILE.csv --title-column COL [--unit-group-column COL]
//! --output OUT.csv`: batch coding. Every input row and column is kept, in
//! order, with the coding columns appended. A row whose title is empty or
//! not valid UTF-8 is kept with `method` = `INVALID_INPUT`.

use std::io::Read;
use std::path::Path;

use jobforge_core::resolve::ResolverData;
use jobforge_core::search::SearchIndex;

pub const ADDED_COLUMNS: [&str; 8] = [
    "noc_code",
    "noc_title",
    "oasis_profile_code",
    "confidence",
    "method",
    "matched_title",
    "alternatives",
    "needs_review",
];

/// Resolver tiers at or above this confidence do not need review.
const TIER_REVIEW_BELOW: f64 = 0.7;

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

/// The coding of one row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coded {
    pub noc_code: String,
    pub noc_title: String,
    pub oasis_profile_code: String,
    pub confidence: String,
    pub method: String,
    pub matched_title: String,
    pub alternatives: String,
    pub needs_review: bool,
}

impl Coded {
    fn cells(&self) -> [String; 8] {
        [
            self.noc_code.clone(),
            self.noc_title.clone(),
            self.oasis_profile_code.clone(),
            self.confidence.clone(),
            self.method.clone(),
            self.matched_title.clone(),
            self.alternatives.clone(),
            self.needs_review.to_string(),
        ]
    }
}

/// Codes one title: through the 5-tier resolver when a unit group is given
/// (and known), otherwise by free-text search.
pub fn code_one(
    index: &SearchIndex,
    resolver: Option<&ResolverData>,
    title: Option<&str>,
    unit_group: Option<&str>,
) -> Coded {
    let Some(title) = title else {
        return Coded {
            method: "INVALID_INPUT".into(),
            needs_review: true,
            ..Coded::default()
        };
    };
    let r = index.search(title, 5);
    let codes: Vec<&str> = r.hits.iter().map(|h| h.unit_group.as_str()).collect();
    if let (Some(res), Some(ug)) = (resolver, unit_group) {
        let ug = pad_code(ug);
        if let Ok(x) = res.resolve(title, &ug) {
            let noc_title = index
                .unit_group(&x.unit_group)
                .map(|u| u.title_en.clone())
                .unwrap_or_default();
            return Coded {
                noc_code: x.unit_group.clone(),
                noc_title,
                oasis_profile_code: x.profile_code.clone().unwrap_or_default(),
                confidence: format!("{:.3}", x.confidence),
                method: x.tier.as_str().to_string(),
                matched_title: x.matched_text.clone().unwrap_or_default(),
                alternatives: codes
                    .iter()
                    .filter(|c| **c != x.unit_group)
                    .take(4)
                    .copied()
                    .collect::<Vec<_>>()
                    .join("|"),
                needs_review: x.confidence < TIER_REVIEW_BELOW,
            };
        }
        // An unknown unit group falls through to search, flagged for review.
    }
    let Some(best) = r.hits.first() else {
        return Coded {
            method: "SEARCH".into(),
            needs_review: true,
            confidence: "0.000".into(),
            ..Coded::default()
        };
    };
    Coded {
        noc_code: best.unit_group.clone(),
        noc_title: best.title_en.clone(),
        oasis_profile_code: best.profile_code.clone().unwrap_or_default(),
        confidence: format!("{:.3}", best.confidence),
        method: "SEARCH".into(),
        matched_title: best.matched_title.clone().unwrap_or_default(),
        alternatives: codes[1..].join("|"),
        needs_review: r.needs_review() || unit_group.is_some(),
    }
}

/// `1241` → `01241`: spreadsheets drop leading zeros.
pub fn pad_code(s: &str) -> String {
    let s = s.trim();
    if !s.is_empty() && s.len() < 5 && s.bytes().all(|b| b.is_ascii_digit()) {
        format!("{s:0>5}")
    } else {
        s.to_string()
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
        summary.invalid += usize::from(c.method == "INVALID_INPUT");
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
