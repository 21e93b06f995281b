//! The organisation's job architecture: bilingual job titles with their
//! function, family, managerial level and NOC 2016 / 2021 codes.
//!
//! It is the organisation's own input (given with `--job-architecture PATH`),
//! so its checksum is not pinned. A NOC 2021 code that is not a unit group of
//! `dim_noc` is rejected with its reason; a row with no NOC 2021 code is kept
//! with a null code (the organisation has not coded it yet).

use std::collections::HashSet;

use super::crosswalk::noc2016_code;
use super::ledger::RejectCode;
use super::noc::NocStructure;
use super::reader::{Header, Ingest, IngestError, Record, RowError, CSV};
use crate::table::{col, Kind, Table, TableBuilder, Value};

pub const SOURCE: &str = "jobforge-wiq";
pub const FILE: &str = "job_architecture.csv";

const HEADER: &[&str] = &[
    "JT_ID",
    "Job_Title",
    "Titre_de_poste",
    "Job_Function",
    "Fonction_professionnelle",
    "Job_Family",
    "Famille_d'emplois",
    "Managerial_Level",
    "Niveau_de_gestion",
    "2016_NOC_UID",
    "2016_NOC_Title",
    "2016_CNP_Titre",
    "2021_NOC_UID",
    "2021_NOC_Title",
    "2021_CNP_Titre",
    "Match_Key",
    "PSES_Subset_Mapping",
    "Job_Bank_GC",
    "NOC match",
    "Change to \"title\" / \"NOC\"",
    "GEDS_adv search - title/contains (where JobBank=n)",
    "",
    "Other consideration",
    "Alternate option_Job Title / Consideration",
    "Alt op_JT secondary",
];

/// Output column ← source column index. Columns 19–24 are curators' working
/// notes; they are not published.
const TEXT_COLUMNS: &[(&str, usize)] = &[
    ("job_title_en", 1),
    ("job_title_fr", 2),
    ("job_function_en", 3),
    ("job_function_fr", 4),
    ("job_family_en", 5),
    ("job_family_fr", 6),
    ("managerial_level_en", 7),
    ("managerial_level_fr", 8),
];

/// `0012 Senior government managers` → `Senior government managers`.
fn strip_code_prefix(s: &str) -> &str {
    let s = s.trim();
    match s.split_once(' ') {
        Some((code, rest)) if code.bytes().all(|b| b.is_ascii_digit()) => rest.trim(),
        _ => s,
    }
}

pub fn read(ing: &mut Ingest, noc: &NocStructure) -> Result<Table, IngestError> {
    let file = ing.delimited(SOURCE, FILE, CSV, Header::Exact(HEADER))?;
    let mut cols = vec![col("jt_id", Kind::Int)];
    cols.extend(
        TEXT_COLUMNS
            .iter()
            .map(|(n, _)| col(n, Kind::Text).nullable()),
    );
    cols.extend([
        col("noc2016_code", Kind::Text).nullable(),
        col("noc2016_title_en", Kind::Text).nullable(),
        col("noc2016_title_fr", Kind::Text).nullable(),
        col("unit_group_id", Kind::Text).nullable(),
        col("noc2021_title_en", Kind::Text).nullable(),
        col("noc2021_title_fr", Kind::Text).nullable(),
        col("match_key", Kind::Text).nullable(),
        col("pses_subset_mapping", Kind::Text).nullable(),
        col("job_bank_gc", Kind::Text).nullable(),
        col("noc_match", Kind::Text).nullable(),
    ]);
    let mut b = TableBuilder::new("job_architecture", cols);
    let mut ids = HashSet::new();
    for rec in &file.records {
        let row = parse_row(rec, noc, &mut ids);
        if let Some(row) = ing.settle(&file, rec, row) {
            b.push(row)?;
        }
    }
    ing.feeds(&file.id, "job_architecture");
    Ok(b.finish())
}

fn parse_row(
    rec: &Record,
    noc: &NocStructure,
    ids: &mut HashSet<i64>,
) -> Result<Vec<Value>, RowError> {
    let raw_id = rec.get(0).trim();
    let id: i64 = raw_id.parse().map_err(|_| {
        RowError::at(
            0,
            RejectCode::BadNumber,
            format!("JT_ID {raw_id:?} is not a whole number"),
        )
    })?;
    if !ids.insert(id) {
        return Err(RowError::at(
            0,
            RejectCode::DuplicateKey,
            format!("JT_ID {id} appears twice"),
        ));
    }
    if rec.get(1).trim().is_empty() && rec.get(2).trim().is_empty() {
        return Err(RowError::at(
            1,
            RejectCode::MissingValue,
            "no job title in either language",
        ));
    }
    let noc16 = rec.get(9).trim();
    let noc16 = if noc16.is_empty() {
        None
    } else {
        Some(noc2016_code(noc16).map_err(|e| RowError::at(9, RejectCode::BadCode, e))?)
    };
    let ug = rec.get(12).trim();
    let ug = if ug.is_empty() {
        None
    } else if ug.len() != 5 || !ug.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowError::at(
            12,
            RejectCode::BadCode,
            format!("{ug:?} is not a 5-digit NOC 2021 code"),
        ));
    } else if !noc.is_unit_group(ug) {
        return Err(RowError::at(
            12,
            RejectCode::UnknownCode,
            format!("{ug} is not a unit group in dim_noc"),
        ));
    } else {
        Some(ug.to_string())
    };
    let mut v = vec![Value::Int(id)];
    v.extend(
        TEXT_COLUMNS
            .iter()
            .map(|(_, i)| Value::text_or_null(rec.get(*i))),
    );
    v.extend([
        Value::opt_text(noc16),
        Value::text_or_null(strip_code_prefix(rec.get(10))),
        Value::text_or_null(strip_code_prefix(rec.get(11))),
        Value::opt_text(ug),
        Value::text_or_null(rec.get(13)),
        Value::text_or_null(rec.get(14)),
        Value::text_or_null(rec.get(15)),
        Value::text_or_null(rec.get(16)),
        Value::text_or_null(rec.get(17)),
        Value::text_or_null(rec.get(18)),
    ]);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::strip_code_prefix;

    #[test]
    fn strips_noc_code_prefixes() {
        assert_eq!(
            strip_code_prefix("0012 Senior government managers"),
            "Senior government managers"
        );
        assert_eq!(strip_code_prefix("Senior managers"), "Senior managers");
    }
}
