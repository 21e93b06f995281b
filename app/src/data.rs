//! The data the app loads from the site's `data/` folder, decoded from the
//! very files the build wrote: the search index, and the parquet tables the
//! resolver needs.

use jobforge_core::ask::{Catalog, ColumnMeta, LineageEdge, Relationship, TableMeta};
use jobforge_core::resolve::ResolverData;
use jobforge_core::search::SearchIndex;

use crate::parquet_read::{Frame, ReadError};

/// The search index the build trained (postcard, see `SearchIndex::to_bytes`).
pub const SEARCH_INDEX: &str = "search-index.bin";
/// The tables the 5-tier resolver reads, in `ResolverData::from_rows` order.
pub const RESOLVER_TABLES: [&str; 3] = ["dim_noc", "dim_oasis_profile", "element_example_titles"];

/// The tables metadata questions and the build replay read, in
/// [`decode_catalog`] order.
pub const CATALOG_TABLES: [&str; 4] = [
    "catalog_tables",
    "catalog_columns",
    "catalog_relationships",
    "lineage",
];

/// The build's list of every file under `data/` with its sha256
/// (`sha256sum` format); see [`Checksums`].
pub const CHECKSUMS: &str = "SHA256SUMS";

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{file}: {message}")]
    Decode { file: String, message: String },
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{file}: {message}")]
    Fetch { file: String, message: String },
    #[error("{file}: the download is damaged (its sha256 is {found}, the build wrote {expected})")]
    Damaged {
        file: String,
        expected: String,
        found: String,
    },
}

impl DataError {
    /// The file the error is about, for the message shown to the visitor.
    pub fn file(&self) -> &str {
        match self {
            DataError::Decode { file, .. }
            | DataError::Fetch { file, .. }
            | DataError::Damaged { file, .. } => file,
            DataError::Read(
                ReadError::Parquet { file, .. }
                | ReadError::NoColumn { file, .. }
                | ReadError::Type { file, .. },
            ) => file,
        }
    }
}

/// `data/SHA256SUMS`: the sha256 the build wrote for each file. The app
/// checks every parquet file against it before decoding, because the
/// parquet crate's record reader can panic on a damaged page (found by
/// `tests/prop_parquet.rs`), and a panic in the wasm is a dead page rather
/// than an error the visitor can retry.
#[derive(Debug, Clone, Default)]
pub struct Checksums(std::collections::HashMap<String, String>);

impl Checksums {
    /// Reads `<hex>  <path>` lines; anything else is an error naming the line.
    pub fn parse(text: &str) -> Result<Checksums, DataError> {
        let mut sums = std::collections::HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let parsed = line.split_once("  ").filter(|(hex, path)| {
                hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) && !path.is_empty()
            });
            match parsed {
                Some((hex, path)) => sums.insert(path.to_string(), hex.to_ascii_lowercase()),
                None => {
                    return Err(DataError::Decode {
                        file: CHECKSUMS.to_string(),
                        message: format!("line {}: not \"<sha256>  <file>\"", i + 1),
                    })
                }
            };
        }
        Ok(Checksums(sums))
    }

    /// `bytes` are `file` as the build wrote it, or the error says not.
    pub fn check(&self, file: &str, bytes: &[u8]) -> Result<(), DataError> {
        let found = sha256_hex(bytes);
        match self.0.get(file) {
            Some(expected) if *expected == found => Ok(()),
            Some(expected) => Err(DataError::Damaged {
                file: file.to_string(),
                expected: expected.clone(),
                found,
            }),
            None => Err(DataError::Decode {
                file: file.to_string(),
                message: format!("not listed in {CHECKSUMS}"),
            }),
        }
    }
}

/// The sha256 of `bytes` in lower-case hex, as `sha256sum` writes it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn decode_index(bytes: &[u8]) -> Result<SearchIndex, DataError> {
    SearchIndex::from_bytes(bytes).map_err(|e| DataError::Decode {
        file: SEARCH_INDEX.to_string(),
        message: e.to_string(),
    })
}

/// `file` of a table under `data/`.
pub fn parquet_file(table: &str) -> String {
    format!("{table}.parquet")
}

/// The resolver's data from the bytes of [`RESOLVER_TABLES`], in order.
pub fn decode_resolver(files: [Vec<u8>; 3]) -> Result<ResolverData, DataError> {
    let [noc, prof, ex] = files;
    let noc = Frame::decode(&parquet_file(RESOLVER_TABLES[0]), noc)?;
    let prof = Frame::decode(&parquet_file(RESOLVER_TABLES[1]), prof)?;
    let ex = Frame::decode(&parquet_file(RESOLVER_TABLES[2]), ex)?;
    let (codes, titles) = (noc.text("noc_code")?, noc.text("title_en")?);
    let p = [
        prof.text("unit_group_id")?,
        prof.text("oasis_profile_code")?,
        prof.text("label_en")?,
    ];
    let e = [
        ex.text("unit_group_id")?,
        ex.text("oasis_profile_code")?,
        ex.text("job_title")?,
    ];
    Ok(ResolverData::from_rows(
        codes.into_iter().zip(titles),
        (0..prof.rows).map(|i| (p[0][i], p[1][i], p[2][i])),
        (0..ex.rows).map(|i| (e[0][i], e[1][i], e[2][i])),
    ))
}

fn owned(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

fn opt(v: Option<&str>) -> Option<String> {
    v.map(str::to_string)
}

/// The catalogue and lineage from the bytes of [`CATALOG_TABLES`], in order.
pub fn decode_catalog(files: [Vec<u8>; 4]) -> Result<Catalog, DataError> {
    let [t, c, r, l] = files;
    let t = Frame::decode(&parquet_file(CATALOG_TABLES[0]), t)?;
    let c = Frame::decode(&parquet_file(CATALOG_TABLES[1]), c)?;
    let r = Frame::decode(&parquet_file(CATALOG_TABLES[2]), r)?;
    let l = Frame::decode(&parquet_file(CATALOG_TABLES[3]), l)?;

    let (name, domain) = (t.text("table_name")?, t.text("domain")?);
    let (den, dfr) = (t.text("description_en")?, t.text("description_fr")?);
    let (gen, gfr) = (t.text("grain_en")?, t.text("grain_fr")?);
    let (rows, cols) = (t.int("row_count")?, t.int("column_count")?);
    let (sources, licence, file) = (t.text("sources")?, t.text("licence")?, t.text("file")?);
    let tables = (0..t.rows)
        .map(|i| TableMeta {
            table_name: owned(name[i]),
            domain: opt(domain[i]),
            description_en: opt(den[i]),
            description_fr: opt(dfr[i]),
            grain_en: opt(gen[i]),
            grain_fr: opt(gfr[i]),
            row_count: rows[i],
            column_count: cols[i],
            sources: owned(sources[i]),
            licence: owned(licence[i]),
            file: owned(file[i]),
        })
        .collect();

    let (table, column) = (c.text("table_name")?, c.text("column_name")?);
    let (position, data_type) = (c.int("position")?, c.text("data_type")?);
    let nullable = c.boolean("nullable")?;
    let (den, dfr) = (c.text("description_en")?, c.text("description_fr")?);
    let columns = (0..c.rows)
        .map(|i| ColumnMeta {
            table_name: owned(table[i]),
            column_name: owned(column[i]),
            position: position[i].unwrap_or_default(),
            data_type: owned(data_type[i]),
            nullable: nullable[i].unwrap_or(true),
            description_en: opt(den[i]),
            description_fr: opt(dfr[i]),
        })
        .collect();

    let (ft, fc) = (r.text("from_table")?, r.text("from_column")?);
    let (tt, tc) = (r.text("to_table")?, r.text("to_column")?);
    let card = r.text("cardinality")?;
    let relationships = (0..r.rows)
        .map(|i| Relationship {
            from_table: owned(ft[i]),
            from_column: owned(fc[i]),
            to_table: owned(tt[i]),
            to_column: owned(tc[i]),
            cardinality: owned(card[i]),
        })
        .collect();

    let (lt, input) = (l.text("table_name")?, l.text("input")?);
    let (kind, transform) = (l.text("input_kind")?, l.text("transform")?);
    let lineage = (0..l.rows)
        .map(|i| LineageEdge {
            table_name: owned(lt[i]),
            input: owned(input[i]),
            input_kind: owned(kind[i]),
            transform: owned(transform[i]),
        })
        .collect();

    Ok(Catalog {
        tables,
        columns,
        relationships,
        lineage,
    })
}
