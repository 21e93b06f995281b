//! [`Plan`] → SQL for `jobforge-query` (DuckDB's dialect), and the tables
//! and columns it reads, for the answer's citations.

use super::plan::{Crosswalk, Filter, GroupBy, JobFilter, Plan, Side, Strength};
use crate::ask::Cite;
use crate::search::Lang;

/// SQL text and what it cites.
pub(crate) struct Sql {
    pub text: String,
    pub cites: Vec<Cite>,
}

struct W {
    cites: Vec<Cite>,
}

impl W {
    fn cite(&mut self, table: &str, column: Option<&str>) {
        Cite::add(&mut self.cites, table, column);
    }
}

/// A string literal, quotes doubled.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn needs_cops(filters: &[Filter]) -> bool {
    filters
        .iter()
        .any(|f| matches!(f, Filter::Outlook { .. } | Filter::Greater(..)))
}

/// The FROM clause and the conditions of unit groups under `filters`;
/// with COPS, `c` is `cops_summary` and `n` is `dim_noc`.
fn from_where(w: &mut W, filters: &[Filter], cops: bool) -> (String, Vec<String>) {
    let mut conds = Vec::new();
    let from = if cops {
        w.cite("cops_summary", Some("unit_group_id"));
        "cops_summary c JOIN dim_noc n ON n.noc_code = c.unit_group_id".to_string()
    } else {
        w.cite("dim_noc", Some("level"));
        conds.push("n.level = 5".to_string());
        "dim_noc n".to_string()
    };
    for f in filters {
        match f {
            Filter::Teer(t) => {
                w.cite("dim_noc", Some("teer"));
                conds.push(format!("n.teer = {t}"));
            }
            Filter::Under(code) => {
                w.cite("dim_noc", Some("noc_code"));
                conds.push(format!("n.noc_code LIKE {}", lit(&format!("{code}%"))));
            }
            Filter::Outlook {
                recent,
                side,
                strength,
            } => {
                let col = if *recent {
                    "recent_conditions_en"
                } else {
                    "future_conditions_en"
                };
                w.cite("cops_summary", Some(col));
                let word = if *recent { "signs" } else { "risk" };
                let side_word = match side {
                    Side::Shortage => "Shortage",
                    Side::Surplus => "Surplus",
                    Side::Balance => "Balance",
                };
                conds.push(match (side, strength) {
                    (Side::Balance, _) => format!("c.{col} = 'Balance'"),
                    (_, Some(Strength::Strong)) => {
                        format!("c.{col} = 'Strong {word} of {side_word}'")
                    }
                    (_, Some(Strength::Moderate)) => {
                        format!("c.{col} = 'Moderate {word} of {side_word}'")
                    }
                    (_, None) => format!("c.{col} LIKE '%{word} of {side_word}'"),
                });
            }
            Filter::Greater(a, b) => {
                w.cite("cops_summary", Some(a.column()));
                w.cite("cops_summary", Some(b.column()));
                conds.push(format!("c.{} > c.{}", a.column(), b.column()));
            }
        }
    }
    (from, conds)
}

fn where_clause(conds: &[String]) -> String {
    if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    }
}

fn title(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "title_en",
        Lang::Fr => "title_fr",
    }
}

/// Writes `plan` as one SELECT.
pub(crate) fn write(plan: &Plan, lang: Lang) -> Sql {
    let mut w = W { cites: Vec::new() };
    let t = title(lang);
    let text = match plan {
        Plan::CountUnitGroups(f) => {
            let (from, conds) = from_where(&mut w, f, needs_cops(f));
            format!(
                "SELECT COUNT(*) AS unit_groups FROM {from}{}",
                where_clause(&conds)
            )
        }
        Plan::ListUnitGroups(f) => {
            let (from, conds) = from_where(&mut w, f, needs_cops(f));
            w.cite("dim_noc", Some(t));
            format!(
                "SELECT n.noc_code, n.{t} FROM {from}{} ORDER BY n.noc_code",
                where_clause(&conds)
            )
        }
        Plan::Top {
            measure,
            n,
            descending,
            filters,
        } => {
            let (from, conds) = from_where(&mut w, filters, true);
            let m = measure.column();
            w.cite("cops_summary", Some(m));
            w.cite("dim_noc", Some(t));
            format!(
                "SELECT c.unit_group_id, n.{t}, c.{m} FROM {from}{} ORDER BY c.{m} {}, c.unit_group_id LIMIT {n}",
                where_clause(&conds),
                if *descending { "DESC" } else { "ASC" }
            )
        }
        Plan::Sum(m, f) | Plan::Average(m, f) => {
            let (from, conds) = from_where(&mut w, f, true);
            let col = m.column();
            w.cite("cops_summary", Some(col));
            let (func, alias) = match plan {
                Plan::Sum(..) => ("SUM", "total"),
                _ => ("AVG", "average"),
            };
            format!(
                "SELECT {func}(c.{col}) AS {alias}_{col}, COUNT(c.{col}) AS unit_groups FROM {from}{}",
                where_clause(&conds)
            )
        }
        Plan::Value(m, code) => {
            let col = m.column();
            w.cite("cops_summary", Some(col));
            let name = match lang {
                Lang::En => "occupation_name_en",
                Lang::Fr => "occupation_name_fr",
            };
            format!(
                "SELECT unit_group_id, {name}, {col} FROM cops_summary WHERE unit_group_id = {}",
                lit(code)
            )
        }
        Plan::PerGroup(g, m, f) => {
            let key = match g {
                GroupBy::Teer => "teer",
                _ => "broad_category_code",
            };
            w.cite("dim_noc", Some(key));
            match m {
                None => {
                    let (from, conds) = from_where(&mut w, f, needs_cops(f));
                    format!(
                        "SELECT n.{key}, COUNT(*) AS unit_groups FROM {from}{} GROUP BY n.{key} ORDER BY n.{key}",
                        where_clause(&conds)
                    )
                }
                Some(m) => {
                    let (from, conds) = from_where(&mut w, f, true);
                    let col = m.column();
                    w.cite("cops_summary", Some(col));
                    format!(
                        "SELECT n.{key}, SUM(c.{col}) AS total_{col} FROM {from}{} GROUP BY n.{key} ORDER BY n.{key}",
                        where_clause(&conds)
                    )
                }
            }
        }
        Plan::Children(code) => {
            w.cite("dim_noc", Some("parent_code"));
            w.cite("dim_noc", Some("title_en"));
            format!(
                "SELECT noc_code, title_en FROM dim_noc WHERE parent_code = {} ORDER BY noc_code",
                lit(code)
            )
        }
        Plan::Ancestors(code) => {
            w.cite("dim_noc", Some("noc_code"));
            w.cite("dim_noc", Some("title_en"));
            let list: Vec<String> = (1..code.len()).map(|k| lit(&code[..k])).collect();
            let list = if list.is_empty() {
                "''".to_string()
            } else {
                list.join(", ")
            };
            format!(
                "SELECT noc_code, level_name_{}, title_en FROM dim_noc WHERE noc_code IN ({list}) ORDER BY level",
                lang.as_str()
            )
        }
        Plan::Crosswalk(Crosswalk::Onet, code) => {
            w.cite("bridge_noc_onet", Some("onet_soc_code"));
            w.cite("bridge_noc_onet", Some("onet_title"));
            format!(
                "SELECT onet_soc_code, onet_title FROM bridge_noc_onet WHERE unit_group_id = {} ORDER BY onet_soc_code",
                lit(code)
            )
        }
        Plan::Crosswalk(Crosswalk::OccupationalGroup, code) => {
            w.cite("bridge_noc_og", Some("og_code"));
            w.cite("bridge_noc_og", Some("og_name"));
            format!(
                "SELECT og_code, og_subgroup_code, og_name, method, confidence FROM bridge_noc_og WHERE unit_group_id = {} ORDER BY og_code, og_subgroup_code",
                lit(code)
            )
        }
        Plan::WithoutCrosswalk(x) => {
            let table = match x {
                Crosswalk::Onet => "bridge_noc_onet",
                Crosswalk::OccupationalGroup => "bridge_noc_og",
            };
            w.cite("dim_noc", Some("noc_code"));
            w.cite(table, Some("unit_group_id"));
            format!(
                "SELECT noc_code, {t} FROM dim_noc WHERE level = 5 AND noc_code NOT IN (SELECT unit_group_id FROM {table}) ORDER BY noc_code"
            )
        }
        Plan::Rating {
            table,
            descriptor,
            min,
            exact,
            list,
        } => {
            w.cite(table, Some("descriptor"));
            w.cite(table, Some("value"));
            w.cite(table, Some("oasis_profile_code"));
            let op = if *exact { "=" } else { ">=" };
            let cond = format!("descriptor = {} AND value {op} {min}", lit(descriptor));
            if *list {
                format!(
                    "SELECT DISTINCT oasis_profile_code FROM {table} WHERE {cond} ORDER BY oasis_profile_code"
                )
            } else {
                format!("SELECT COUNT(DISTINCT oasis_profile_code) AS profiles FROM {table} WHERE {cond}")
            }
        }
        Plan::CountJobTitles(f) | Plan::ListJobTitles(f) => {
            let conds: Vec<String> = f
                .iter()
                .map(|JobFilter { column, value }| {
                    w.cite("job_architecture", Some(column));
                    format!("{column} = {}", lit(value))
                })
                .collect();
            if matches!(plan, Plan::CountJobTitles(_)) {
                format!(
                    "SELECT COUNT(*) AS job_titles FROM job_architecture{}",
                    where_clause(&conds)
                )
            } else {
                let jt = format!("job_title_{}", lang.as_str());
                w.cite("job_architecture", Some(&jt));
                format!(
                    "SELECT jt_id, {jt}, unit_group_id FROM job_architecture{} ORDER BY jt_id",
                    where_clause(&conds)
                )
            }
        }
        Plan::JobTitlesPer(g, fr) => {
            let l = if *fr { "fr" } else { "en" };
            let (table, key) = match g {
                GroupBy::ResolutionTier => ("job_architecture_resolution", "tier".to_string()),
                GroupBy::JobFunction => ("job_architecture", format!("job_function_{l}")),
                GroupBy::JobFamily => ("job_architecture", format!("job_family_{l}")),
                _ => ("job_architecture", format!("managerial_level_{l}")),
            };
            w.cite(table, Some(&key));
            format!(
                "SELECT {key}, COUNT(*) AS job_titles FROM {table} GROUP BY {key} ORDER BY {key}"
            )
        }
    };
    Sql {
        text,
        cites: w.cites,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::data::plan::Measure;

    #[test]
    fn quotes_are_doubled_and_measures_compared() {
        assert_eq!(lit("l'information"), "'l''information'");
        let s = write(
            &Plan::CountUnitGroups(vec![Filter::Greater(
                Measure::JobOpenings,
                Measure::JobSeekers,
            )]),
            Lang::En,
        );
        assert_eq!(
            s.text,
            "SELECT COUNT(*) AS unit_groups FROM cops_summary c JOIN dim_noc n ON n.noc_code = c.unit_group_id WHERE c.job_openings > c.job_seekers"
        );
    }
}
