//! COPS 2024–2033 projections (ESDC): 13 bilingual files.
//!
//! Each file has one row per unit group plus aggregate rows (`00000` all
//! occupations, `TEER_n`, `NOC1_n`). Unit-group rows go to a `cops_*` table
//! linked to `dim_noc`; aggregate rows go, in long form, to `cops_aggregates`.

use std::collections::{BTreeMap, HashSet};

use super::ledger::RejectCode;
use super::noc::NocStructure;
use super::reader::{Header, Ingest, IngestError, Record, RowError, CSV};
use crate::table::{col, ColumnSpec, Kind, Table, TableBuilder, Value};

pub const SOURCE: &str = "esdc-cops-2024-2033";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Measure {
    /// Whole numbers (people, jobs).
    Count,
    /// Decimals (rates, percentages).
    Rate,
    /// Text assessments (labour market conditions).
    Text,
}

struct CopsFile {
    file: &'static str,
    table: &'static str,
    /// Source column → output column, after the three name columns.
    measures: &'static [(&'static str, &'static str, Measure)],
    /// The name columns are `Occupation_Name` rather than `Occupation Name`.
    underscored: bool,
}

const YEARS: &[(&str, &str, Measure)] = &[
    ("2023", "y2023", Measure::Count),
    ("2024", "y2024", Measure::Count),
    ("2025", "y2025", Measure::Count),
    ("2026", "y2026", Measure::Count),
    ("2027", "y2027", Measure::Count),
    ("2028", "y2028", Measure::Count),
    ("2029", "y2029", Measure::Count),
    ("2030", "y2030", Measure::Count),
    ("2031", "y2031", Measure::Count),
    ("2032", "y2032", Measure::Count),
    ("2033", "y2033", Measure::Count),
];

const YEAR_RATES: &[(&str, &str, Measure)] = &[
    ("2023", "y2023", Measure::Rate),
    ("2024", "y2024", Measure::Rate),
    ("2025", "y2025", Measure::Rate),
    ("2026", "y2026", Measure::Rate),
    ("2027", "y2027", Measure::Rate),
    ("2028", "y2028", Measure::Rate),
    ("2029", "y2029", Measure::Rate),
    ("2030", "y2030", Measure::Rate),
    ("2031", "y2031", Measure::Rate),
    ("2032", "y2032", Measure::Rate),
    ("2033", "y2033", Measure::Rate),
];

const FILES: &[CopsFile] = &[
    CopsFile {
        file: "employment_emploi_2024_2033_noc2021.csv",
        table: "cops_employment",
        measures: YEARS,
        underscored: false,
    },
    CopsFile {
        file: "employment_growth_croissance_emploi_2024_2033_noc2021.csv",
        table: "cops_employment_growth",
        measures: YEARS,
        underscored: false,
    },
    CopsFile {
        file: "retirements_retraites_2024_2033_noc2021.csv",
        table: "cops_retirements",
        measures: YEARS,
        underscored: false,
    },
    CopsFile {
        file: "retirement_rates_taux_de_retraite_2024_2033_noc2021.csv",
        table: "cops_retirement_rates",
        measures: YEAR_RATES,
        underscored: false,
    },
    CopsFile {
        file: "other_replacement_autre_remplacement_2024_2033_noc2021.csv",
        table: "cops_other_replacement",
        measures: YEARS,
        underscored: false,
    },
    CopsFile {
        file: "jo_pe_2024_2033_noc2021.csv",
        table: "cops_job_openings",
        measures: YEARS,
        underscored: false,
    },
    CopsFile {
        file: "school_leavers_sortants_scolaires_2024_2033_noc2021.csv",
        table: "cops_school_leavers",
        measures: YEARS,
        underscored: false,
    },
    CopsFile {
        file: "immigration_2024_2033_noc2021-.csv",
        table: "cops_immigration",
        measures: YEARS,
        underscored: false,
    },
    CopsFile {
        file: "other_seekers_autres_chercheurs_2024_2033_noc2021.csv",
        table: "cops_other_seekers",
        measures: YEARS,
        underscored: false,
    },
    CopsFile {
        file: "job_seekers_chercheurs_emploi_2024_2033_noc2021.csv",
        table: "cops_job_seekers",
        measures: YEARS,
        underscored: false,
    },
    CopsFile {
        file: "summary_sommaire_2024_2033_noc2021.csv",
        table: "cops_summary",
        measures: &[
            ("Employment_emploi_2023", "employment_2023", Measure::Count),
            (
                "Employment_Growth_croissance_emploi",
                "employment_growth",
                Measure::Count,
            ),
            ("Retirements_retraites", "retirements", Measure::Count),
            (
                "Other_Replacement_autre_remplacement",
                "other_replacement",
                Measure::Count,
            ),
            (
                "Total_Job_Openings_Perspective_d'emploi",
                "job_openings",
                Measure::Count,
            ),
            (
                "School_Leavers_Sortants_scolaires",
                "school_leavers",
                Measure::Count,
            ),
            ("Immigration", "immigration", Measure::Count),
            (
                "Other_Seekers_autres_chercheurs",
                "other_seekers",
                Measure::Count,
            ),
            (
                "Job_Seekers_Chercheurs_emploi",
                "job_seekers",
                Measure::Count,
            ),
            (
                "Recent_Labour_Market_Conditions",
                "recent_conditions_en",
                Measure::Text,
            ),
            (
                "Conditions_récentes_sur_le_marché_du_travail",
                "recent_conditions_fr",
                Measure::Text,
            ),
            (
                "Future_Labour_Market_Conditions",
                "future_conditions_en",
                Measure::Text,
            ),
            (
                "Conditions_futures_sur_le_marché_du_travail",
                "future_conditions_fr",
                Measure::Text,
            ),
        ],
        underscored: true,
    },
    CopsFile {
        file: "flmc_cfmt_2024_2033_noc2021.csv",
        table: "cops_future_conditions",
        measures: &[
            (
                "Future_Labour_Market_Conditions",
                "conditions_en",
                Measure::Text,
            ),
            (
                "Conditions_futures_sur_le_marché_du_travail",
                "conditions_fr",
                Measure::Text,
            ),
        ],
        underscored: true,
    },
    CopsFile {
        file: "rlmc_crmt_2021_2023_noc2021.csv",
        table: "cops_recent_conditions",
        measures: &[
            (
                "Recent_Labour_Market_Conditions",
                "conditions_en",
                Measure::Text,
            ),
            (
                "Conditions_récentes_sur_le_marché_du_travail",
                "conditions_fr",
                Measure::Text,
            ),
        ],
        underscored: true,
    },
];

/// What the COPS files give the rest of the build.
pub struct Cops {
    pub tables: Vec<Table>,
    /// Unit group → French title (`Nom de la profession`), with the file it came from.
    pub french_titles: BTreeMap<String, (String, String)>,
}

/// `N/A` and `N/D` mark a value COPS does not publish.
fn is_not_available(s: &str) -> bool {
    matches!(s, "N/A" | "N/D" | "")
}

/// Parses a COPS number. The summary file writes some totals with thousands
/// separators (`8,238,800`); commas are only accepted in that position.
fn parse_number(raw: &str, measure: Measure) -> Result<Option<Value>, String> {
    let s = raw.trim();
    if is_not_available(s) {
        return Ok(None);
    }
    let plain = strip_thousands(s).ok_or_else(|| format!("{s:?} is not a number"))?;
    match measure {
        Measure::Count => plain
            .parse::<i64>()
            .map(|v| Some(Value::Int(v)))
            .map_err(|_| format!("{s:?} is not a whole number")),
        Measure::Rate => plain
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(|v| Some(Value::Float(v)))
            .ok_or_else(|| format!("{s:?} is not a number")),
        Measure::Text => Ok(Some(Value::text(s))),
    }
}

/// `8,238,800` → `8238800`; `1,2` or `12,34` are not thousands groups.
fn strip_thousands(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_string());
    }
    let (sign, digits) = s.strip_prefix('-').map_or(("", s), |d| ("-", d));
    let mut groups = digits.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = format!("{sign}{first}");
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(g);
    }
    Some(out)
}

fn aggregate_kind(code: &str) -> Option<&'static str> {
    if code == "00000" {
        Some("ALL")
    } else if code.starts_with("TEER_") {
        Some("TEER")
    } else if code.starts_with("NOC1_") {
        Some("BROAD_CATEGORY")
    } else {
        None
    }
}

enum Parsed {
    UnitGroup(String, Vec<Value>),
    Aggregate(&'static str, String, Vec<Option<Value>>),
}

pub fn read(ing: &mut Ingest, noc: &NocStructure) -> Result<Cops, IngestError> {
    let mut agg = TableBuilder::new(
        "cops_aggregates",
        vec![
            col("source_table", Kind::Text),
            col("code", Kind::Text),
            col("aggregate_kind", Kind::Text),
            col("name_en", Kind::Text),
            col("name_fr", Kind::Text).nullable(),
            col("measure", Kind::Text),
            col("value_num", Kind::Float).nullable(),
            col("value_text", Kind::Text).nullable(),
        ],
    );
    let mut tables = Vec::new();
    let mut french_titles = BTreeMap::new();
    for spec in FILES {
        let (name_en, name_fr) = if spec.underscored {
            ("Occupation_Name", "Nom_de_la_profession")
        } else {
            ("Occupation Name", "Nom de la profession")
        };
        let mut header = vec!["Code", name_en, name_fr];
        header.extend(spec.measures.iter().map(|m| m.0));
        let file = ing.delimited(SOURCE, spec.file, CSV, Header::Exact(&header))?;
        let mut cols: Vec<ColumnSpec> = vec![
            col("unit_group_id", Kind::Text),
            col("occupation_name_en", Kind::Text),
            col("occupation_name_fr", Kind::Text).nullable(),
        ];
        for &(_, out, m) in spec.measures {
            cols.push(
                col(
                    out,
                    match m {
                        Measure::Count => Kind::Int,
                        Measure::Rate => Kind::Float,
                        Measure::Text => Kind::Text,
                    },
                )
                .nullable(),
            );
        }
        let mut b = TableBuilder::new(spec.table, cols);
        let mut seen = HashSet::new();
        for rec in &file.records {
            let parsed = parse_row(rec, spec, noc, &mut seen);
            match ing.settle(&file, rec, parsed) {
                Some(Parsed::UnitGroup(code, values)) => {
                    let fr = rec.get(2).trim();
                    if !fr.is_empty() && !french_titles.contains_key(&code) {
                        french_titles.insert(code.clone(), (fr.to_string(), file.id.clone()));
                    }
                    let mut row = vec![
                        Value::text(&code),
                        Value::text(rec.get(1).trim()),
                        Value::text_or_null(fr),
                    ];
                    row.extend(values);
                    b.push(row)?;
                }
                Some(Parsed::Aggregate(kind, code, values)) => {
                    for (&(_, measure, m), v) in spec.measures.iter().zip(values) {
                        let (num, text) = match v {
                            Some(Value::Int(i)) => (Value::Float(i as f64), Value::Null),
                            Some(Value::Float(f)) => (Value::Float(f), Value::Null),
                            Some(Value::Text(t)) if m == Measure::Text => {
                                (Value::Null, Value::Text(t))
                            }
                            _ => (Value::Null, Value::Null),
                        };
                        agg.push(vec![
                            Value::text(spec.table),
                            Value::text(&code),
                            Value::text(kind),
                            Value::text(rec.get(1).trim()),
                            Value::text_or_null(rec.get(2)),
                            Value::text(measure),
                            num,
                            text,
                        ])?;
                    }
                    ing.feeds(&file.id, "cops_aggregates");
                }
                None => {}
            }
        }
        ing.feeds(&file.id, spec.table);
        tables.push(b.finish());
    }
    tables.push(agg.finish());
    Ok(Cops {
        tables,
        french_titles,
    })
}

fn parse_row(
    rec: &Record,
    spec: &CopsFile,
    noc: &NocStructure,
    seen: &mut HashSet<String>,
) -> Result<Parsed, RowError> {
    let code = rec.get(0).trim().to_string();
    if rec.get(1).trim().is_empty() {
        return Err(RowError::at(
            1,
            RejectCode::MissingValue,
            "empty occupation name",
        ));
    }
    if !seen.insert(code.clone()) {
        return Err(RowError::at(
            0,
            RejectCode::DuplicateKey,
            format!("code {code} appears twice"),
        ));
    }
    let mut values = Vec::with_capacity(spec.measures.len());
    for (j, &(name, _, m)) in spec.measures.iter().enumerate() {
        let i = j + 3;
        let v = parse_number(rec.get(i), m)
            .map_err(|e| RowError::at(i, RejectCode::BadNumber, format!("{name}: {e}")))?;
        values.push(v);
    }
    if let Some(kind) = aggregate_kind(&code) {
        return Ok(Parsed::Aggregate(kind, code, values));
    }
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowError::at(
            0,
            RejectCode::BadCode,
            format!("{code:?} is neither a unit group nor a known aggregate"),
        ));
    }
    if !noc.is_unit_group(&code) {
        return Err(RowError::at(
            0,
            RejectCode::UnknownCode,
            format!("{code} is not a NOC 2021 unit group"),
        ));
    }
    Ok(Parsed::UnitGroup(
        code,
        values
            .into_iter()
            .map(|v| v.unwrap_or(Value::Null))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_thousands_groups_only() {
        assert_eq!(
            parse_number("8,238,800", Measure::Count),
            Ok(Some(Value::Int(8238800)))
        );
        assert_eq!(
            parse_number("-179200", Measure::Count),
            Ok(Some(Value::Int(-179200)))
        );
        assert_eq!(parse_number("N/A", Measure::Count), Ok(None));
        assert!(parse_number("12,34", Measure::Count).is_err());
        assert!(parse_number("2.5", Measure::Count).is_err());
        assert_eq!(
            parse_number("2.3", Measure::Rate),
            Ok(Some(Value::Float(2.3)))
        );
        assert!(parse_number("abc", Measure::Rate).is_err());
    }
}
