//! O*NET 27.0 database text files (tab-separated, unquoted).
//!
//! Each file maps column for column to an `onet_*` table; the specs below are
//! the explicit schemas.

use super::ledger::RejectCode;
use super::reader::{Header, Ingest, IngestError, Record, RowError, TSV};
use crate::table::{col, Kind, Table, TableBuilder, Value};

pub const SOURCE: &str = "onet-27.0";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Check {
    None,
    /// An O*NET-SOC code, `NN-NNNN.NN`.
    SocCode,
}

struct Column {
    source: &'static str,
    name: &'static str,
    kind: Kind,
    required: bool,
    check: Check,
}

const fn c(source: &'static str, name: &'static str, kind: Kind, required: bool) -> Column {
    Column {
        source,
        name,
        kind,
        required,
        check: Check::None,
    }
}

const fn soc(source: &'static str, name: &'static str) -> Column {
    Column {
        source,
        name,
        kind: Kind::Text,
        required: true,
        check: Check::SocCode,
    }
}

struct FileSpec {
    file: &'static str,
    table: &'static str,
    columns: &'static [Column],
}

use Kind::{Float, Int, Text};

const FILES: &[FileSpec] = &[
    FileSpec {
        file: "Occupation Data.txt",
        table: "onet_occupations",
        columns: &[
            soc("O*NET-SOC Code", "onet_soc_code"),
            c("Title", "title", Text, true),
            c("Description", "description", Text, false),
        ],
    },
    FileSpec {
        file: "Alternate Titles.txt",
        table: "onet_alternate_titles",
        columns: &[
            soc("O*NET-SOC Code", "onet_soc_code"),
            c("Alternate Title", "alternate_title", Text, true),
            c("Short Title", "short_title", Text, false),
            c("Source(s)", "sources", Text, false),
        ],
    },
    FileSpec {
        file: "Sample of Reported Titles.txt",
        table: "onet_reported_titles",
        columns: &[
            soc("O*NET-SOC Code", "onet_soc_code"),
            c("Reported Job Title", "reported_title", Text, true),
            c(
                "Shown in My Next Move",
                "shown_in_my_next_move",
                Text,
                false,
            ),
        ],
    },
    FileSpec {
        file: "Task Statements.txt",
        table: "onet_tasks",
        columns: &[
            soc("O*NET-SOC Code", "onet_soc_code"),
            c("Task ID", "task_id", Int, true),
            c("Task", "task", Text, true),
            c("Task Type", "task_type", Text, false),
            c("Incumbents Responding", "incumbents_responding", Int, false),
            c("Date", "date", Text, false),
            c("Domain Source", "domain_source", Text, false),
        ],
    },
    FileSpec {
        file: "Emerging Tasks.txt",
        table: "onet_emerging_tasks",
        columns: &[
            soc("O*NET-SOC Code", "onet_soc_code"),
            c("Task", "task", Text, true),
            c("Category", "category", Text, false),
            c("Original Task ID", "original_task_id", Int, false),
            c("Original Task", "original_task", Text, false),
            c("Write-in Total", "write_in_total", Int, false),
            c("Date", "date", Text, false),
            c("Domain Source", "domain_source", Text, false),
        ],
    },
    FileSpec {
        file: "Interests.txt",
        table: "onet_interests",
        columns: &[
            soc("O*NET-SOC Code", "onet_soc_code"),
            c("Element ID", "element_id", Text, true),
            c("Element Name", "element_name", Text, true),
            c("Scale ID", "scale_id", Text, true),
            c("Data Value", "data_value", Float, true),
            c("Date", "date", Text, false),
            c("Domain Source", "domain_source", Text, false),
        ],
    },
    FileSpec {
        file: "Work Styles.txt",
        table: "onet_work_styles",
        columns: &[
            soc("O*NET-SOC Code", "onet_soc_code"),
            c("Element ID", "element_id", Text, true),
            c("Element Name", "element_name", Text, true),
            c("Scale ID", "scale_id", Text, true),
            c("Data Value", "data_value", Float, true),
            c("N", "n", Int, false),
            c("Standard Error", "standard_error", Float, false),
            c("Lower CI Bound", "lower_ci_bound", Float, false),
            c("Upper CI Bound", "upper_ci_bound", Float, false),
            c("Recommend Suppress", "recommend_suppress", Text, false),
            c("Date", "date", Text, false),
            c("Domain Source", "domain_source", Text, false),
        ],
    },
    FileSpec {
        file: "Work Values.txt",
        table: "onet_work_values",
        columns: &[
            soc("O*NET-SOC Code", "onet_soc_code"),
            c("Element ID", "element_id", Text, true),
            c("Element Name", "element_name", Text, true),
            c("Scale ID", "scale_id", Text, true),
            c("Data Value", "data_value", Float, true),
            c("Date", "date", Text, false),
            c("Domain Source", "domain_source", Text, false),
        ],
    },
    FileSpec {
        file: "Job Zones.txt",
        table: "onet_job_zones",
        columns: &[
            soc("O*NET-SOC Code", "onet_soc_code"),
            c("Job Zone", "job_zone", Int, true),
            c("Date", "date", Text, false),
            c("Domain Source", "domain_source", Text, false),
        ],
    },
    FileSpec {
        file: "Job Zone Reference.txt",
        table: "onet_job_zone_reference",
        columns: &[
            c("Job Zone", "job_zone", Int, true),
            c("Name", "name", Text, true),
            c("Experience", "experience", Text, false),
            c("Education", "education", Text, false),
            c("Job Training", "job_training", Text, false),
            c("Examples", "examples", Text, false),
            c("SVP Range", "svp_range", Text, false),
        ],
    },
    FileSpec {
        file: "Related Occupations.txt",
        table: "onet_related_occupations",
        columns: &[
            soc("O*NET-SOC Code", "onet_soc_code"),
            soc("Related O*NET-SOC Code", "related_onet_soc_code"),
            c("Relatedness Tier", "relatedness_tier", Text, true),
            c("Index", "relatedness_index", Int, true),
        ],
    },
    FileSpec {
        file: "Content Model Reference.txt",
        table: "onet_content_model",
        columns: &[
            c("Element ID", "element_id", Text, true),
            c("Element Name", "element_name", Text, true),
            c("Description", "description", Text, false),
        ],
    },
    FileSpec {
        file: "Scales Reference.txt",
        table: "onet_scales",
        columns: &[
            c("Scale ID", "scale_id", Text, true),
            c("Scale Name", "scale_name", Text, true),
            c("Minimum", "minimum", Float, true),
            c("Maximum", "maximum", Float, true),
        ],
    },
    FileSpec {
        file: "Level Scale Anchors.txt",
        table: "onet_level_scale_anchors",
        columns: &[
            c("Element ID", "element_id", Text, true),
            c("Element Name", "element_name", Text, true),
            c("Scale ID", "scale_id", Text, true),
            c("Anchor Value", "anchor_value", Float, true),
            c("Anchor Description", "anchor_description", Text, true),
        ],
    },
    FileSpec {
        file: "Work Context Categories.txt",
        table: "onet_work_context_categories",
        columns: &[
            c("Element ID", "element_id", Text, true),
            c("Element Name", "element_name", Text, true),
            c("Scale ID", "scale_id", Text, true),
            c("Category", "category", Int, true),
            c("Category Description", "category_description", Text, true),
        ],
    },
];

pub fn is_soc_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[2] == b'-'
        && b[7] == b'.'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || i == 7 || c.is_ascii_digit())
}

pub fn read(ing: &mut Ingest) -> Result<Vec<Table>, IngestError> {
    FILES.iter().map(|spec| read_file(ing, spec)).collect()
}

fn read_file(ing: &mut Ingest, spec: &FileSpec) -> Result<Table, IngestError> {
    let header: Vec<&str> = spec.columns.iter().map(|c| c.source).collect();
    let file = ing.delimited(SOURCE, spec.file, TSV, Header::Exact(&header))?;
    let cols = spec
        .columns
        .iter()
        .map(|c| {
            let s = col(c.name, c.kind);
            if c.required {
                s
            } else {
                s.nullable()
            }
        })
        .collect();
    let mut b = TableBuilder::new(spec.table, cols);
    for rec in &file.records {
        let row = spec
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| cell(rec, i, c))
            .collect::<Result<Vec<_>, _>>();
        if let Some(row) = ing.settle(&file, rec, row) {
            b.push(row)?;
        }
    }
    ing.feeds(&file.id, spec.table);
    Ok(b.finish())
}

fn cell(rec: &Record, i: usize, c: &Column) -> Result<Value, RowError> {
    let raw = rec.get(i).trim();
    // O*NET writes `n/a` for "not applicable".
    if raw.is_empty() || raw == "n/a" {
        return if c.required {
            Err(RowError::at(
                i,
                RejectCode::MissingValue,
                format!("empty {}", c.source),
            ))
        } else {
            Ok(Value::Null)
        };
    }
    if c.check == Check::SocCode && !is_soc_code(raw) {
        return Err(RowError::at(
            i,
            RejectCode::BadCode,
            format!("{raw:?} is not an O*NET-SOC code (NN-NNNN.NN)"),
        ));
    }
    match c.kind {
        Kind::Int => raw.parse().map(Value::Int).map_err(|_| {
            RowError::at(
                i,
                RejectCode::BadNumber,
                format!("{}: {raw:?} is not a whole number", c.source),
            )
        }),
        Kind::Float => raw
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Value::Float)
            .ok_or_else(|| {
                RowError::at(
                    i,
                    RejectCode::BadNumber,
                    format!("{}: {raw:?} is not a number", c.source),
                )
            }),
        _ => Ok(Value::text(raw)),
    }
}

#[cfg(test)]
mod tests {
    use super::is_soc_code;

    #[test]
    fn soc_codes() {
        assert!(is_soc_code("11-1011.00"));
        assert!(!is_soc_code("11-1011"));
        assert!(!is_soc_code("1111011.00"));
        assert!(!is_soc_code("11-1O11.00"));
    }
}
