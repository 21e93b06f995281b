//! OaSIS 2023 v1.0 (ESDC): profiles, element files, rating matrices, guide.

use std::collections::{BTreeMap, HashMap};

use jobforge_core::noc::ProfileCode;

use super::ledger::RejectCode;
use super::noc::NocStructure;
use super::reader::{Header, Ingest, IngestError, InputFile, Record, RowError, CSV};
use crate::table::{col, ColumnSpec, Kind, Table, TableBuilder, Value};

pub const SOURCE: &str = "esdc-oasis-2023-v1.0";

/// Profiles from the labels file: code → label.
#[derive(Debug, Default)]
pub struct Profiles {
    pub labels: BTreeMap<String, String>,
}

/// The three keys every OaSIS-derived row carries, as the WiQ model has them.
fn key_columns() -> Vec<ColumnSpec> {
    vec![
        col("unit_group_id", Kind::Text),
        col("noc_element_code", Kind::Text),
        col("oasis_profile_code", Kind::Text),
    ]
}

fn key_values(p: &ProfileCode) -> Vec<Value> {
    let s = p.as_str();
    vec![Value::text(&s[..5]), Value::text(&s[6..]), Value::text(s)]
}

/// Parses the profile code in column `i` and checks its unit group is in NOC.
fn profile_in_noc(rec: &Record, i: usize, noc: &NocStructure) -> Result<ProfileCode, RowError> {
    let p = ProfileCode::parse_published(rec.get(i))
        .map_err(|e| RowError::at(i, RejectCode::BadCode, e.to_string()))?;
    if !noc.is_unit_group(p.unit_group().as_str()) {
        return Err(RowError::at(
            i,
            RejectCode::UnknownCode,
            format!(
                "unit group {} of profile {p} is not a NOC 2021 unit group",
                p.unit_group()
            ),
        ));
    }
    Ok(p)
}

/// Parses a profile code that must be one of the labelled profiles.
fn known_profile(
    rec: &Record,
    i: usize,
    noc: &NocStructure,
    profiles: &Profiles,
) -> Result<ProfileCode, RowError> {
    let p = profile_in_noc(rec, i, noc)?;
    if !profiles.labels.contains_key(p.as_str()) {
        return Err(RowError::at(
            i,
            RejectCode::UnknownCode,
            format!("profile {p} is not in the OaSIS labels file"),
        ));
    }
    Ok(p)
}

/// Reads the labels file: `element_labels` and the profile list.
pub fn read_labels(ing: &mut Ingest, noc: &NocStructure) -> Result<(Profiles, Table), IngestError> {
    let file = ing.delimited(
        SOURCE,
        "labels_oasis_2023_v1.0.csv",
        CSV,
        Header::Exact(&["OaSIS profile code", "Label"]),
    )?;
    let mut cols = key_columns();
    cols.push(col("label", Kind::Text));
    let mut b = TableBuilder::new("element_labels", cols);
    let mut profiles = Profiles::default();
    for rec in &file.records {
        let row = profile_in_noc(rec, 0, noc).and_then(|p| {
            let label = rec.get(1).trim();
            if label.is_empty() {
                Err(RowError::at(1, RejectCode::MissingValue, "empty label"))
            } else if profiles.labels.contains_key(p.as_str()) {
                Err(RowError::at(
                    0,
                    RejectCode::DuplicateKey,
                    format!("profile {p} appears twice"),
                ))
            } else {
                Ok((p, label.to_string()))
            }
        });
        if let Some((p, label)) = ing.settle(&file, rec, row) {
            let mut v = key_values(&p);
            v.push(Value::text(&label));
            b.push(v)?;
            profiles.labels.insert(p.as_str().to_string(), label);
        }
    }
    ing.feeds(&file.id, "element_labels");
    ing.feeds(&file.id, "dim_oasis_profile");
    Ok((profiles, b.finish()))
}

/// An element file: profile code first, then the listed columns.
struct ElementSpec {
    file: &'static str,
    table: &'static str,
    header: &'static [&'static str],
    /// (column index in the file, output name, kind, required)
    columns: &'static [(usize, &'static str, Kind, bool)],
    /// One row per profile (lead statements) rather than a list.
    unique: bool,
}

const ELEMENTS: &[ElementSpec] = &[
    ElementSpec {
        file: "lead-statement_oasis_2023_v1.0.csv",
        table: "element_lead_statement",
        header: &["OaSIS profile code", "Lead statement"],
        columns: &[(1, "lead_statement", Kind::Text, true)],
        unique: true,
    },
    ElementSpec {
        file: "main-duties_oasis-2023_v1.0.csv",
        table: "element_main_duties",
        header: &["OaSIS profile code", "Main duties"],
        columns: &[(1, "main_duty", Kind::Text, true)],
        unique: false,
    },
    ElementSpec {
        file: "example-titles_oasis_2023_v1.0.csv",
        table: "element_example_titles",
        header: &[
            "OaSIS profile code",
            "Concordance number",
            "Job title type",
            "Job title text",
        ],
        columns: &[
            (1, "concordance_number", Kind::Int, false),
            (2, "title_type", Kind::Text, true),
            (3, "job_title", Kind::Text, true),
        ],
        unique: false,
    },
    ElementSpec {
        file: "employment-requirements_oasis_2023_v1.0.csv",
        table: "element_employment_requirements",
        header: &["OaSIS profile code", "Employment requirement"],
        columns: &[(1, "employment_requirement", Kind::Text, true)],
        unique: false,
    },
    ElementSpec {
        file: "additional-information_oasis_2023_v1.0.csv",
        table: "element_additional_information",
        header: &["OaSIS profile code", "Additional information (EN)"],
        columns: &[(1, "additional_information", Kind::Text, true)],
        unique: false,
    },
    ElementSpec {
        file: "exclusions_oasis_2023_v1.0.csv",
        table: "element_exclusions",
        header: &["OaSIS profile code", "Excluded code", "Job title"],
        // Column 1 is expanded by `excluded_code_cells`.
        columns: &[
            (1, EXCLUDED_CODE, Kind::Text, true),
            (2, "excluded_title", Kind::Text, false),
        ],
        unique: false,
    },
    ElementSpec {
        file: "workplaces-employers_oasis_2023_v1.0.csv",
        table: "element_workplaces_employers",
        header: &[
            "OaSIS profile code",
            "Workplace/employer name",
            "Profile name",
        ],
        columns: &[
            (1, "workplace_employer", Kind::Text, true),
            (2, "profile_name", Kind::Text, false),
        ],
        unique: false,
    },
];

/// The exclusions file names either a unit group (`00011`) or a profile
/// (`00011.00`); the column becomes the code as published, its level, its
/// unit group and, for profiles, the profile code.
const EXCLUDED_CODE: &str = "excluded_code";

fn excluded_code_specs() -> Vec<ColumnSpec> {
    vec![
        col(EXCLUDED_CODE, Kind::Text),
        col("excluded_level", Kind::Text),
        col("excluded_unit_group_id", Kind::Text),
        col("excluded_profile_code", Kind::Text).nullable(),
    ]
}

fn excluded_code_cells(rec: &Record, i: usize, noc: &NocStructure) -> Result<Vec<Value>, RowError> {
    let raw = rec.get(i).trim();
    let (level, ug, profile) = if raw.len() == 5 && raw.bytes().all(|b| b.is_ascii_digit()) {
        ("L5", raw.to_string(), None)
    } else {
        let p = ProfileCode::parse(raw).map_err(|e| {
            RowError::at(
                i,
                RejectCode::BadCode,
                format!("{e}; nor a 5-digit unit group"),
            )
        })?;
        (
            "L6",
            p.unit_group().as_str().to_string(),
            Some(p.as_str().to_string()),
        )
    };
    if !noc.is_unit_group(&ug) {
        return Err(RowError::at(
            i,
            RejectCode::UnknownCode,
            format!("excluded unit group {ug} is not in NOC 2021"),
        ));
    }
    Ok(vec![
        Value::text(raw),
        Value::text(level),
        Value::text(ug),
        Value::opt_text(profile),
    ])
}

/// Reads every element file into its `element_*` table.
pub fn read_elements(
    ing: &mut Ingest,
    noc: &NocStructure,
    profiles: &Profiles,
) -> Result<Vec<Table>, IngestError> {
    ELEMENTS
        .iter()
        .map(|spec| read_element(ing, noc, profiles, spec))
        .collect()
}

fn read_element(
    ing: &mut Ingest,
    noc: &NocStructure,
    profiles: &Profiles,
    spec: &ElementSpec,
) -> Result<Table, IngestError> {
    let file = ing.delimited(SOURCE, spec.file, CSV, Header::Exact(spec.header))?;
    let mut cols = key_columns();
    cols.push(col("seq", Kind::Int));
    for &(_, name, kind, required) in spec.columns {
        if name == EXCLUDED_CODE {
            cols.extend(excluded_code_specs());
            continue;
        }
        let c = col(name, kind);
        cols.push(if required { c } else { c.nullable() });
    }
    let mut b = TableBuilder::new(spec.table, cols);
    // Position within the profile, so lists keep the publisher's order.
    let mut seq: HashMap<String, i64> = HashMap::new();
    for rec in &file.records {
        let row = known_profile(rec, 0, noc, profiles).and_then(|p| {
            if spec.unique && seq.contains_key(p.as_str()) {
                return Err(RowError::at(
                    0,
                    RejectCode::DuplicateKey,
                    format!("profile {p} appears twice"),
                ));
            }
            let mut cells = Vec::with_capacity(spec.columns.len());
            for &(i, name, kind, required) in spec.columns {
                if name == EXCLUDED_CODE {
                    cells.extend(excluded_code_cells(rec, i, noc)?);
                } else {
                    cells.push(cell(rec, i, name, kind, required)?);
                }
            }
            Ok((p, cells))
        });
        if let Some((p, cells)) = ing.settle(&file, rec, row) {
            let n = seq.entry(p.as_str().to_string()).or_insert(0);
            *n += 1;
            let mut v = key_values(&p);
            v.push(Value::Int(*n));
            v.extend(cells);
            b.push(v)?;
        }
    }
    ing.feeds(&file.id, spec.table);
    Ok(b.finish())
}

fn cell(rec: &Record, i: usize, name: &str, kind: Kind, required: bool) -> Result<Value, RowError> {
    let raw = rec.get(i).trim();
    if raw.is_empty() {
        return if required {
            Err(RowError::at(
                i,
                RejectCode::MissingValue,
                format!("empty {name}"),
            ))
        } else {
            Ok(Value::Null)
        };
    }
    match kind {
        Kind::Int => raw.parse::<i64>().map(Value::Int).map_err(|_| {
            RowError::at(
                i,
                RejectCode::BadNumber,
                format!("{name} {raw:?} is not a whole number"),
            )
        }),
        _ => Ok(Value::text(raw)),
    }
}

/// `dim_oasis_profile`: one row per profile, with its unit group and label.
pub fn profile_dimension(profiles: &Profiles, lead: &Table) -> Result<Table, IngestError> {
    let codes = lead.text_column("oasis_profile_code")?;
    let texts = lead.text_column("lead_statement")?;
    let lead_by: HashMap<&str, &str> = codes
        .iter()
        .zip(&texts)
        .filter_map(|(c, t)| Some(((*c)?, (*t)?)))
        .collect();
    let mut per_ug: HashMap<&str, i64> = HashMap::new();
    for code in profiles.labels.keys() {
        *per_ug.entry(&code[..5]).or_default() += 1;
    }
    let mut cols = key_columns();
    cols.extend([
        col("label_en", Kind::Text),
        col("lead_statement_en", Kind::Text).nullable(),
        col("profiles_in_unit_group", Kind::Int),
    ]);
    let mut b = TableBuilder::new("dim_oasis_profile", cols);
    for (code, label) in &profiles.labels {
        let p = ProfileCode::parse(code).map_err(|e| IngestError::Invalid {
            file: "dim_oasis_profile".into(),
            message: e.to_string(),
        })?;
        let mut v = key_values(&p);
        v.push(Value::text(label));
        v.push(Value::opt_text(lead_by.get(code.as_str()).copied()));
        v.push(Value::Int(per_ug.get(&code[..5]).copied().unwrap_or(1)));
        b.push(v)?;
    }
    Ok(b.finish())
}

/// One guide descriptor, for naming rating columns.
#[derive(Debug, Clone)]
struct Descriptor {
    code: String,
    measured_by: Option<String>,
}

/// (category, normalised name) → descriptor.
type DescriptorLookup = HashMap<(String, String), Descriptor>;

/// Reads the guide (`dim_oasis_descriptor`) and returns a name lookup by category.
fn read_guide(ing: &mut Ingest) -> Result<(Table, DescriptorLookup), IngestError> {
    let file = ing.delimited(
        SOURCE,
        "guide_oasis_2023_v1.0.csv",
        CSV,
        Header::Exact(&["Code", "Name", "Structure type", "Category", "Description"]),
    )?;
    let mut b = TableBuilder::new(
        "dim_oasis_descriptor",
        vec![
            col("descriptor_code", Kind::Text),
            col("name", Kind::Text),
            col("structure_type", Kind::Text),
            col("category", Kind::Text),
            col("description", Kind::Text).nullable(),
            col("measured_by", Kind::Text).nullable(),
        ],
    );
    let mut lookup = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for rec in &file.records {
        let code = rec.get(0).trim();
        let row = if code.is_empty() {
            Err(RowError::at(
                0,
                RejectCode::MissingValue,
                "empty descriptor code",
            ))
        } else if !seen.insert(code.to_string()) {
            Err(RowError::at(
                0,
                RejectCode::DuplicateKey,
                format!("descriptor {code} appears twice"),
            ))
        } else if rec.get(1).trim().is_empty() {
            Err(RowError::at(
                1,
                RejectCode::MissingValue,
                "empty descriptor name",
            ))
        } else {
            Ok(())
        };
        if ing.settle(&file, rec, row).is_some() {
            let desc = rec.get(4).trim();
            let measured_by = desc.find("measured by ").map(|i| {
                desc[i + "measured by ".len()..]
                    .trim_end_matches('.')
                    .to_string()
            });
            b.push(vec![
                Value::text(code),
                Value::text(rec.get(1).trim()),
                Value::text_or_null(rec.get(2)),
                Value::text_or_null(rec.get(3)),
                Value::text_or_null(desc),
                Value::opt_text(measured_by.clone()),
            ])?;
            if rec.get(2).trim() == "Descriptor" {
                lookup.insert(
                    (rec.get(3).trim().to_string(), normalise_name(rec.get(1))),
                    Descriptor {
                        code: code.to_string(),
                        measured_by,
                    },
                );
            }
        }
    }
    ing.feeds(&file.id, "dim_oasis_descriptor");
    Ok((b.finish(), lookup))
}

/// Matrix headers and guide names differ in case and spacing, and repeated
/// work-context columns carry a digit suffix (`Time Pressure2`).
fn normalise_name(s: &str) -> String {
    s.trim()
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A rating matrix: one row per profile, one column per descriptor.
struct MatrixSpec {
    file: &'static str,
    table: &'static str,
    category: &'static str,
    default_scale: &'static str,
}

const MATRICES: &[MatrixSpec] = &[
    MatrixSpec {
        file: "skills_oasis_2023_v1.0.csv",
        table: "oasis_skills",
        category: "Skills",
        default_scale: "proficiency level on a scale of 1-5",
    },
    MatrixSpec {
        file: "abilities_oasis_2023_v1.0.csv",
        table: "oasis_abilities",
        category: "Abilities",
        default_scale: "proficiency level on a scale of 1-5",
    },
    MatrixSpec {
        file: "knowledges_oasis_2023_v1.0.csv",
        table: "oasis_knowledges",
        category: "Knowledge",
        default_scale: "knowledge level on a scale of 1-3",
    },
    MatrixSpec {
        file: "workactivities_oasis_2023_v1.0.csv",
        table: "oasis_workactivities",
        category: "Work Activities",
        default_scale: "complexity level on a scale of 1-5",
    },
    MatrixSpec {
        file: "workcontext_oasis_2023_v1.0.csv",
        table: "oasis_workcontext",
        category: "Work Context",
        default_scale: "level on a scale of 1-5",
    },
    MatrixSpec {
        file: "personal-attributes_oasis_2023_v1.0.csv",
        table: "oasis_personal_attributes",
        category: "Personal Attributes",
        default_scale: "importance on a scale of 1-5",
    },
];

const MATRIX_KEYS: &[&str] = &["OaSIS Code - Final", "OaSIS Label - Final"];

/// Reads the guide, the six numeric rating matrices (long form) and interests.
pub fn read_ratings(
    ing: &mut Ingest,
    noc: &NocStructure,
    profiles: &Profiles,
) -> Result<Vec<Table>, IngestError> {
    let (guide, lookup) = read_guide(ing)?;
    let mut out = vec![guide];
    for spec in MATRICES {
        let file = ing.delimited(SOURCE, spec.file, CSV, Header::Prefix(MATRIX_KEYS))?;
        out.push(read_matrix(ing, noc, profiles, spec, &file, &lookup)?);
    }
    out.push(read_interests(ing, noc, profiles)?);
    Ok(out)
}

fn read_matrix(
    ing: &mut Ingest,
    noc: &NocStructure,
    profiles: &Profiles,
    spec: &MatrixSpec,
    file: &InputFile,
    lookup: &DescriptorLookup,
) -> Result<Table, IngestError> {
    let mut cols = key_columns();
    cols.extend([
        col("descriptor", Kind::Text),
        col("descriptor_code", Kind::Text).nullable(),
        col("scale", Kind::Text),
        col("value", Kind::Int),
    ]);
    let mut b = TableBuilder::new(spec.table, cols);
    let descriptors: Vec<(String, Option<&Descriptor>)> = file.header[MATRIX_KEYS.len()..]
        .iter()
        .map(|h| {
            (
                h.clone(),
                lookup.get(&(spec.category.to_string(), normalise_name(h))),
            )
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    for rec in &file.records {
        let row = known_profile(rec, 0, noc, profiles).and_then(|p| {
            if !seen.insert(p.as_str().to_string()) {
                return Err(RowError::at(
                    0,
                    RejectCode::DuplicateKey,
                    format!("profile {p} appears twice"),
                ));
            }
            let mut values = Vec::with_capacity(descriptors.len());
            for (j, (name, _)) in descriptors.iter().enumerate() {
                let i = j + MATRIX_KEYS.len();
                let raw = rec.get(i).trim();
                let v: i64 = raw.parse().map_err(|_| {
                    RowError::at(
                        i,
                        RejectCode::BadNumber,
                        format!("{name}: {raw:?} is not a whole number"),
                    )
                })?;
                values.push(v);
            }
            Ok((p, values))
        });
        if let Some((p, values)) = ing.settle(file, rec, row) {
            for ((name, d), v) in descriptors.iter().zip(values) {
                let mut row = key_values(&p);
                row.push(Value::text(name));
                row.push(Value::opt_text(d.map(|d| d.code.clone())));
                row.push(Value::text(
                    d.and_then(|d| d.measured_by.clone())
                        .unwrap_or_else(|| spec.default_scale.to_string()),
                ));
                row.push(Value::Int(v));
                b.push(row)?;
            }
        }
    }
    ing.feeds(&file.id, spec.table);
    Ok(b.finish())
}

const HOLLAND: &[(&str, &str)] = &[
    ("R", "Realistic"),
    ("I", "Investigative"),
    ("A", "Artistic"),
    ("S", "Social"),
    ("E", "Enterprising"),
    ("C", "Conventional"),
];

fn read_interests(
    ing: &mut Ingest,
    noc: &NocStructure,
    profiles: &Profiles,
) -> Result<Table, IngestError> {
    let file = ing.delimited(
        SOURCE,
        "interests_oasis_2023_v1.0.csv",
        CSV,
        Header::Exact(&[
            "OaSIS Code",
            "OaSIS Label",
            "Holland Codes - 1",
            "Holland Codes - 2",
            "Holland Codes - 3",
        ]),
    )?;
    let mut cols = key_columns();
    cols.extend([
        col("rank", Kind::Int),
        col("holland_code", Kind::Text),
        col("holland_name", Kind::Text),
    ]);
    let mut b = TableBuilder::new("oasis_interests", cols);
    let mut seen = std::collections::HashSet::new();
    for rec in &file.records {
        let row = known_profile(rec, 0, noc, profiles).and_then(|p| {
            if !seen.insert(p.as_str().to_string()) {
                return Err(RowError::at(
                    0,
                    RejectCode::DuplicateKey,
                    format!("profile {p} appears twice"),
                ));
            }
            let mut ranks = Vec::new();
            for i in 2..5 {
                // Some rows write the letter in lower case (`i`).
                let code = rec.get(i).trim().to_ascii_uppercase();
                let code = code.as_str();
                if code.is_empty() {
                    continue;
                }
                let name = HOLLAND
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map(|(_, n)| *n)
                    .ok_or_else(|| {
                        RowError::at(
                            i,
                            RejectCode::BadCode,
                            format!("{code:?} is not a Holland code (RIASEC)"),
                        )
                    })?;
                let code = HOLLAND
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map_or("", |(c, _)| *c);
                ranks.push((i as i64 - 1, code, name));
            }
            Ok((p, ranks))
        });
        if let Some((p, ranks)) = ing.settle(&file, rec, row) {
            for (rank, code, name) in ranks {
                let mut v = key_values(&p);
                v.extend([Value::Int(rank), Value::text(code), Value::text(name)]);
                b.push(v)?;
            }
        }
    }
    ing.feeds(&file.id, "oasis_interests");
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::normalise_name;

    #[test]
    fn names_match_across_spacing_case_and_suffixes() {
        assert_eq!(normalise_name(" Writing  "), "writing");
        assert_eq!(normalise_name("Time Pressure2"), "time pressure");
        assert_eq!(normalise_name("Sound and Noise 9"), "sound and noise");
    }
}
