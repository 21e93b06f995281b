//! NOC 2021 example titles in English and French (StatCan's elements files,
//! flattened: one row per unit group, language and title). This is the only
//! source of French example titles, and the official French title index
//! (`Serrurier/serrurière`).
//!
//! An older mirror may not have the file: the build then publishes an empty
//! `noc_example_titles` and says that the French example titles are missing
//! (see [`read`]); every other table is built as before.

use std::collections::HashSet;

use jobforge_core::noc::NocCode;
use jobforge_core::search::text::gender_forms;
use jobforge_core::search::Lang;

use super::ledger::RejectCode;
use super::noc::NocStructure;
use super::reader::{Header, Ingest, IngestError, Record, RowError, CSV};
use crate::table::{col, Kind, Table, TableBuilder, Value};

pub const SOURCE: &str = "statcan-noc-2021";
pub const FILE: &str = "noc_2021_example_titles_en_fr.csv";
pub const TABLE: &str = "noc_example_titles";
const HEADER: &[&str] = &["Code - NOC 2021 V1.0", "Language", "Example title"];

/// What the build says when the file is absent.
pub const MISSING_NOTICE: &str =
    "statcan-noc-2021/noc_2021_example_titles_en_fr.csv is not in the sources: \
     noc_example_titles is empty, the French example titles are missing (French pages show \
     OaSIS's English titles) and the search is trained without the official titles. \
     Run `jobforge fetch --mirror DIR` with a mirror that has the file.";

fn schema() -> Vec<crate::table::ColumnSpec> {
    vec![
        col("unit_group_id", Kind::Text),
        col("language", Kind::Text),
        // The title's position in its unit group's list for that language
        // (the publisher's order: illustrative examples first).
        col("position", Kind::Int),
        col("example_title", Kind::Text),
        col("title_masculine", Kind::Text).nullable(),
        col("title_feminine", Kind::Text).nullable(),
    ]
}

/// Reads the example titles, or returns `None` (and an empty table) when the
/// file is not in the sources.
pub fn read(ing: &mut Ingest, noc: &NocStructure) -> Result<(Table, bool), IngestError> {
    if !ing.path_of(SOURCE, FILE).exists() {
        return Ok((TableBuilder::new(TABLE, schema()).finish(), false));
    }
    let file = ing.delimited(SOURCE, FILE, CSV, Header::Exact(HEADER))?;
    let mut b = TableBuilder::new(TABLE, schema());
    let mut seen: HashSet<(String, String, String)> = HashSet::new();
    let mut position: Option<(String, String, i64)> = None;
    for rec in &file.records {
        let row = parse_row(rec, noc, &mut seen).map(|(code, lang, title)| {
            let n = match &mut position {
                Some((c, l, n)) if *c == code && *l == lang.as_str() => {
                    *n += 1;
                    *n
                }
                slot => {
                    *slot = Some((code.clone(), lang.as_str().to_string(), 1));
                    1
                }
            };
            let (masc, fem) = gender_forms(&title, lang).unzip();
            vec![
                Value::text(code),
                Value::text(lang.as_str()),
                Value::Int(n),
                Value::text(title),
                Value::opt_text(masc),
                Value::opt_text(fem),
            ]
        });
        if let Some(row) = ing.settle(&file, rec, row) {
            b.push(row)?;
        }
    }
    ing.feeds(&file.id, TABLE);
    Ok((b.finish(), true))
}

fn parse_row(
    rec: &Record,
    noc: &NocStructure,
    seen: &mut HashSet<(String, String, String)>,
) -> Result<(String, Lang, String), RowError> {
    let code = NocCode::parse(rec.get(0))
        .map_err(|e| RowError::at(0, RejectCode::BadCode, e.to_string()))?;
    if !noc.is_unit_group(code.as_str()) {
        return Err(RowError::at(
            0,
            RejectCode::UnknownCode,
            format!("{code} is not a NOC 2021 unit group"),
        ));
    }
    let lang = match rec.get(1).trim() {
        "en" => Lang::En,
        "fr" => Lang::Fr,
        other => {
            return Err(RowError::at(
                1,
                RejectCode::BadCode,
                format!("language {other:?} is neither \"en\" nor \"fr\""),
            ))
        }
    };
    // The publisher's titles carry stray trailing spaces.
    let title = rec.get(2).trim();
    if title.is_empty() {
        return Err(RowError::at(2, RejectCode::MissingValue, "empty title"));
    }
    let key = (
        code.as_str().to_string(),
        lang.as_str().to_string(),
        title.to_string(),
    );
    if !seen.insert(key) {
        return Err(RowError::at(
            2,
            RejectCode::DuplicateKey,
            format!("{title:?} appears twice for {code} ({})", lang.as_str()),
        ));
    }
    Ok((code.as_str().to_string(), lang, title.to_string()))
}
