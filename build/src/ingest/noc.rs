//! NOC 2021 structure (StatCan): 822 codes over five levels.

use std::collections::BTreeMap;

use jobforge_core::noc::{NocCode, NocLevel};

use super::ledger::RejectCode;
use super::reader::{Header, Ingest, IngestError, RowError, CSV};

pub const SOURCE: &str = "statcan-noc-2021";
pub const FILE: &str = "noc_structure_en.csv";
const HEADER: &[&str] = &[
    "Level",
    "Hierarchical structure",
    "Code - NOC 2021 V1.0",
    "Class title",
    "Class definition",
];

/// One NOC code as the structure file gives it, checked.
#[derive(Debug, Clone)]
pub struct NocEntry {
    pub code: NocCode,
    pub level: NocLevel,
    pub title_en: String,
    pub definition_en: Option<String>,
    /// Line in the source file, for later rejects (an unknown parent).
    pub line: u64,
}

/// The NOC structure, keyed by code.
#[derive(Debug, Default)]
pub struct NocStructure {
    pub entries: BTreeMap<String, NocEntry>,
    pub file_id: String,
}

impl NocStructure {
    pub fn contains(&self, code: &str) -> bool {
        self.entries.contains_key(code)
    }

    /// True when `code` is a unit group (level 5) of the structure.
    pub fn is_unit_group(&self, code: &str) -> bool {
        self.entries
            .get(code)
            .is_some_and(|e| e.level == NocLevel::UnitGroup)
    }

    pub fn unit_groups(&self) -> impl Iterator<Item = &NocEntry> {
        self.entries
            .values()
            .filter(|e| e.level == NocLevel::UnitGroup)
    }

    pub fn title_en(&self, code: &str) -> Option<&str> {
        self.entries.get(code).map(|e| e.title_en.as_str())
    }
}

pub fn read(ing: &mut Ingest) -> Result<NocStructure, IngestError> {
    let file = ing.delimited(SOURCE, FILE, CSV, Header::Exact(HEADER))?;
    let mut out = NocStructure {
        file_id: file.id.clone(),
        ..Default::default()
    };
    for rec in &file.records {
        let parsed = parse_row(
            rec.get(0),
            rec.get(1),
            rec.get(2),
            rec.get(3),
            rec.get(4),
            rec.line,
        )
        .and_then(|e| {
            if out.entries.contains_key(e.code.as_str()) {
                Err(RowError::at(
                    2,
                    RejectCode::DuplicateKey,
                    format!("code {} appears twice", e.code),
                ))
            } else if let Some(p) = e
                .code
                .parent()
                .filter(|p| !out.entries.contains_key(p.as_str()))
            {
                // The file lists parents before children; a missing parent
                // means the hierarchy is broken at this row.
                Err(RowError::at(
                    2,
                    RejectCode::UnknownCode,
                    format!("parent {p} of {} is not in the structure", e.code),
                ))
            } else {
                Ok(e)
            }
        });
        if let Some(e) = ing.settle(&file, rec, parsed) {
            out.entries.insert(e.code.as_str().to_string(), e);
        }
    }
    ing.feeds(&file.id, "dim_noc");
    Ok(out)
}

fn parse_row(
    level: &str,
    level_name: &str,
    code: &str,
    title: &str,
    definition: &str,
    line: u64,
) -> Result<NocEntry, RowError> {
    let code =
        NocCode::parse(code).map_err(|e| RowError::at(2, RejectCode::BadCode, e.to_string()))?;
    let level_n: u8 = level.trim().parse().map_err(|_| {
        RowError::at(
            0,
            RejectCode::BadNumber,
            format!("level {level:?} is not a number"),
        )
    })?;
    if level_n != code.level().number() {
        return Err(RowError::at(
            0,
            RejectCode::BadCode,
            format!(
                "level {level_n} but code {code} has {} digits",
                code.as_str().len()
            ),
        ));
    }
    if !level_name
        .trim()
        .eq_ignore_ascii_case(code.level().name_en())
    {
        return Err(RowError::at(
            1,
            RejectCode::BadCode,
            format!("level name {level_name:?} does not match level {level_n}"),
        ));
    }
    let title_en = title.trim();
    if title_en.is_empty() {
        return Err(RowError::at(
            3,
            RejectCode::MissingValue,
            "empty class title",
        ));
    }
    let definition = definition.trim();
    Ok(NocEntry {
        level: code.level(),
        code,
        title_en: title_en.to_string(),
        definition_en: (!definition.is_empty()).then(|| definition.to_string()),
        line,
    })
}
