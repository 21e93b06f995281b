//! Treasury Board occupational groups (scraped Canada.ca pages, EN and FR).
//!
//! The group × subgroup pages give each group's English and French name; the
//! subgroup list gives subgroup codes; the definitions file gives the text.
//! Names arrive as `Air Traffic Control(AI)`: the code in parentheses is how
//! the English and French rows are joined, never their order on the page.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::ledger::RejectCode;
use super::reader::{Ingest, IngestError, RowError};
use crate::table::{col, Kind, Table, TableBuilder, Value};

pub const SOURCE: &str = "tbs-occupational-groups";

const GROUP_KEYS: &[&str] = &[
    "group_abbrev",
    "group_code",
    "group_name",
    "subgroup",
    "definition_url",
    "job_eval_standard_url",
    "qualification_standard_url",
];

/// Splits `Name(CODE)` into its name and code.
pub fn split_name_code(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    let open = s.rfind('(')?;
    let code = s[open + 1..].strip_suffix(')')?;
    if code.is_empty() {
        return None;
    }
    Some((s[..open].trim().to_string(), code.trim().to_string()))
}

/// Marks that a row has no subgroup: `N/A` in English, `S.o.` in French.
fn no_subgroup(s: &str) -> bool {
    matches!(s.trim(), "N/A" | "S.o." | "s.o." | "")
}

#[derive(Debug, Default, Clone)]
struct Group {
    code: String,
    numeric_code: String,
    name_en: Option<String>,
    name_fr: Option<String>,
    definition_url_en: Option<String>,
    definition_url_fr: Option<String>,
    job_eval_standard_url: Option<String>,
    qualification_standard_url: Option<String>,
}

pub fn read(ing: &mut Ingest) -> Result<Vec<Table>, IngestError> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    // Subgroup code → French name, from the French group × subgroup page.
    let mut sub_fr: BTreeMap<String, String> = BTreeMap::new();
    let mut sub_en_from_groups: BTreeMap<String, String> = BTreeMap::new();
    for (name, lang) in [
        ("occupational_groups_en.json", "en"),
        ("occupational_groups_fr.json", "fr"),
    ] {
        let file = ing.json_records(SOURCE, name, Some("rows"), GROUP_KEYS)?;
        for rec in &file.records {
            let abbrev = rec.get(0).trim().to_string();
            let row = if abbrev.is_empty() {
                Err(RowError::at(
                    0,
                    RejectCode::MissingValue,
                    "empty group abbreviation",
                ))
            } else {
                let group_name = rec.get(2);
                let name = split_name_code(group_name)
                    .filter(|(_, c)| *c == abbrev)
                    .map(|(n, _)| n)
                    .unwrap_or_else(|| group_name.trim().to_string());
                let sub = rec.get(3);
                if no_subgroup(sub) {
                    Ok((name, None))
                } else {
                    split_name_code(sub)
                        .map(|(n, c)| (name, Some((c, n))))
                        .ok_or_else(|| {
                            RowError::at(
                                3,
                                RejectCode::BadCode,
                                format!("subgroup {sub:?} has no (CODE)"),
                            )
                        })
                }
            };
            let Some((name, sub)) = ing.settle(&file, rec, row) else {
                continue;
            };
            let g = groups.entry(abbrev.clone()).or_insert_with(|| Group {
                code: abbrev.clone(),
                numeric_code: rec.get(1).trim().to_string(),
                ..Default::default()
            });
            let url = |i: usize| {
                Some(rec.get(i).trim().to_string()).filter(|u| !u.is_empty() && u != "None")
            };
            if lang == "en" {
                g.name_en.get_or_insert(name);
                if sub.is_none() {
                    g.definition_url_en = url(4).or(g.definition_url_en.take());
                }
                g.job_eval_standard_url = g.job_eval_standard_url.take().or_else(|| url(5));
                g.qualification_standard_url =
                    g.qualification_standard_url.take().or_else(|| url(6));
            } else {
                g.name_fr.get_or_insert(name);
                if sub.is_none() {
                    g.definition_url_fr = url(4).or(g.definition_url_fr.take());
                }
            }
            if let Some((code, name)) = sub {
                let map = if lang == "en" {
                    &mut sub_en_from_groups
                } else {
                    &mut sub_fr
                };
                map.entry(code).or_insert(name);
            }
        }
        ing.feeds(&file.id, "dim_og");
        ing.feeds(&file.id, "dim_og_subgroup");
    }

    let mut dim_og = TableBuilder::new(
        "dim_og",
        vec![
            col("og_code", Kind::Text),
            col("og_numeric_code", Kind::Text).nullable(),
            col("name_en", Kind::Text).nullable(),
            col("name_fr", Kind::Text).nullable(),
            col("name_fr_missing", Kind::Bool),
            col("definition_url_en", Kind::Text).nullable(),
            col("definition_url_fr", Kind::Text).nullable(),
            col("job_eval_standard_url", Kind::Text).nullable(),
            col("qualification_standard_url", Kind::Text).nullable(),
        ],
    );
    for g in groups.values() {
        dim_og.push(vec![
            Value::text(&g.code),
            Value::text_or_null(&g.numeric_code),
            Value::opt_text(g.name_en.clone()),
            Value::opt_text(g.name_fr.clone()),
            Value::Bool(g.name_fr.is_none()),
            Value::opt_text(g.definition_url_en.clone()),
            Value::opt_text(g.definition_url_fr.clone()),
            Value::opt_text(g.job_eval_standard_url.clone()),
            Value::opt_text(g.qualification_standard_url.clone()),
        ])?;
    }

    let sub_file = ing.json_records(
        SOURCE,
        "og_subgroups_en.json",
        None,
        &[
            "og_code",
            "subgroup_code",
            "subgroup_name",
            "definition_url",
            "qualification_standard_url",
            "rates_of_pay_url",
        ],
    )?;
    let mut dim_sub = TableBuilder::new(
        "dim_og_subgroup",
        vec![
            col("og_subgroup_code", Kind::Text),
            col("og_code", Kind::Text),
            col("name_en", Kind::Text),
            col("name_fr", Kind::Text).nullable(),
            col("name_fr_missing", Kind::Bool),
            col("definition_url", Kind::Text).nullable(),
            col("qualification_standard_url", Kind::Text).nullable(),
            col("rates_of_pay_url", Kind::Text).nullable(),
        ],
    );
    let mut seen = HashSet::new();
    for rec in &sub_file.records {
        let code = rec.get(1).trim().to_string();
        let row = if code.is_empty() {
            Err(RowError::at(
                1,
                RejectCode::MissingValue,
                "empty subgroup code",
            ))
        } else if !seen.insert((rec.get(0).trim().to_string(), code.clone())) {
            // SR-APP and its kin sit under both SRE and SRW: the key is the pair.
            Err(RowError::at(
                1,
                RejectCode::DuplicateKey,
                format!(
                    "subgroup {code} appears twice in group {}",
                    rec.get(0).trim()
                ),
            ))
        } else if !groups.contains_key(rec.get(0).trim()) {
            Err(RowError::at(
                0,
                RejectCode::UnknownCode,
                format!("group {:?} is not on the groups page", rec.get(0)),
            ))
        } else {
            Ok(())
        };
        if ing.settle(&sub_file, rec, row).is_some() {
            let fr = sub_fr.get(&code).cloned();
            let url = |i: usize| {
                Value::opt_text(Some(rec.get(i).trim()).filter(|u| !u.is_empty() && *u != "None"))
            };
            dim_sub.push(vec![
                Value::text(&code),
                Value::text(rec.get(0).trim()),
                Value::text(rec.get(2).trim()),
                Value::opt_text(fr.clone()),
                Value::Bool(fr.is_none()),
                url(3),
                url(4),
                url(5),
            ])?;
        }
    }
    ing.feeds(&sub_file.id, "dim_og_subgroup");

    let def_file = ing.json_records(
        SOURCE,
        "og_definitions_en.json",
        None,
        &[
            "og_code",
            "subgroup_code",
            "definition_text",
            "page_title",
            "source_url",
            "scraped_at",
        ],
    )?;
    let mut defs = TableBuilder::new(
        "dim_og_definition",
        vec![
            col("og_code", Kind::Text),
            col("og_subgroup_code", Kind::Text).nullable(),
            col("subgroup_code_published", Kind::Text).nullable(),
            col("definition_text_en", Kind::Text),
            col("page_title", Kind::Text).nullable(),
            col("source_url", Kind::Text).nullable(),
            col("scraped_at", Kind::Text).nullable(),
            col("rows_with_same_text", Kind::Int),
            col("group_paragraph_en", Kind::Text).nullable(),
        ],
    );
    // The scrape stored the whole (truncated) definitions page for every
    // group: count how many rows share each text, so the defect is visible
    // in the data, and keep the group's own paragraph where the page has it.
    let mut same: HashMap<&str, i64> = HashMap::new();
    for rec in &def_file.records {
        *same.entry(rec.get(2).trim()).or_default() += 1;
    }
    let group_names: HashMap<&str, &str> = groups
        .iter()
        .filter_map(|(code, g)| Some((code.as_str(), g.name_en.as_deref()?)))
        .collect();
    for rec in &def_file.records {
        let row = if !groups.contains_key(rec.get(0).trim()) {
            Err(RowError::at(
                0,
                RejectCode::UnknownCode,
                format!("group {:?} is not on the groups page", rec.get(0)),
            ))
        } else if rec.get(2).trim().is_empty() {
            Err(RowError::at(
                2,
                RejectCode::MissingValue,
                "empty definition",
            ))
        } else {
            Ok(())
        };
        if ing.settle(&def_file, rec, row).is_some() {
            let og = rec.get(0).trim();
            let published = Some(rec.get(1).trim()).filter(|s| !s.is_empty() && *s != "None");
            defs.push(vec![
                Value::text(og),
                Value::opt_text(published.map(|p| canonical_subgroup(og, p, &seen))),
                Value::opt_text(published),
                Value::text(rec.get(2).trim()),
                Value::text_or_null(rec.get(3)),
                Value::text_or_null(rec.get(4)),
                Value::text_or_null(rec.get(5)),
                Value::Int(same.get(rec.get(2).trim()).copied().unwrap_or(1)),
                Value::opt_text(
                    group_names
                        .get(og)
                        .and_then(|n| group_paragraph(rec.get(2), n)),
                ),
            ])?;
        }
    }
    ing.feeds(&def_file.id, "dim_og_definition");
    Ok(vec![dim_og.finish(), dim_sub.finish(), defs.finish()])
}

/// The paragraph "The {name} Group comprises …" of a definitions page, if
/// the page holds it.
fn group_paragraph(page: &str, name: &str) -> Option<String> {
    let start = page.find(&format!("The {name} Group comprises"))?;
    let rest = &page[start..];
    let end = rest.find("\n\n").unwrap_or(rest.len());
    Some(rest[..end].trim().to_string())
}

/// The definitions page writes `SRE-APP` where the subgroup list has
/// `SR-APP` under group `SRE`; map such codes to the list's spelling.
fn canonical_subgroup(og: &str, published: &str, known: &HashSet<(String, String)>) -> String {
    if known.contains(&(og.to_string(), published.to_string())) {
        return published.to_string();
    }
    if let Some(suffix) = published.strip_prefix(og).and_then(|s| s.strip_prefix('-')) {
        if let Some((_, code)) = known
            .iter()
            .find(|(g, c)| g == og && c.rsplit_once('-').is_some_and(|(_, s)| s == suffix))
        {
            return code.clone();
        }
    }
    published.to_string()
}

#[cfg(test)]
mod tests {
    use super::split_name_code;

    #[test]
    fn splits_names_and_codes() {
        assert_eq!(
            split_name_code("Air Traffic Control(AI)"),
            Some(("Air Traffic Control".into(), "AI".into()))
        );
        assert_eq!(
            split_name_code("Non-opérationnel(AI-NOP)"),
            Some(("Non-opérationnel".into(), "AI-NOP".into()))
        );
        assert_eq!(split_name_code("No code"), None);
    }
}
