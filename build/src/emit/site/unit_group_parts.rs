//! The parts of a unit-group page that come from other tables than
//! `dim_noc`: OaSIS elements of its profiles (main duties, employment
//! requirements, exclusions), the COPS employment by year and the
//! openings-against-seekers sentence, and the NOC 2016 concordance.

use std::collections::{BTreeMap, BTreeSet};

use jobforge_site::pages::{Exclusion, Noc2016Row, Row};
use jobforge_site::svg::{self, Column};
use jobforge_site::{Lang, Route, Strings, Text};

use super::data::{display, number, View};
use super::SiteError;
use crate::model::Gold;

/// A text column of an element table, by unit group, in the table's order.
struct Element<'a> {
    by_unit: BTreeMap<&'a str, Vec<usize>>,
    text: Vec<Option<&'a str>>,
}

impl<'a> Element<'a> {
    fn of(gold: &'a Gold, table: &str, column: &str) -> Result<Element<'a>, SiteError> {
        let v = View::of(gold, table);
        Ok(Element {
            by_unit: v.index("unit_group_id")?,
            text: v.text(column)?,
        })
    }

    /// The unit group's texts across its profiles, each once.
    fn of_unit(&self, code: &str, lang: Lang) -> Vec<Text> {
        let mut seen = BTreeSet::new();
        self.by_unit
            .get(code)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|&i| self.text[i])
            .filter(|t| seen.insert(*t))
            .map(|t| Text::english(lang, t))
            .collect()
    }
}

/// Years of `cops_employment`, as its columns name them.
const YEARS: std::ops::RangeInclusive<i64> = 2023..=2033;

pub struct UnitGroupParts<'a> {
    duties: Element<'a>,
    requirements: Element<'a>,
    excluded: Element<'a>,
    excluded_unit: Vec<Option<&'a str>>,
    employment: View<'a>,
    employment_by_unit: BTreeMap<&'a str, Vec<usize>>,
    summary: View<'a>,
    summary_by_unit: BTreeMap<&'a str, Vec<usize>>,
    noc2016_by_unit: BTreeMap<&'a str, Vec<usize>>,
    noc2016: [Vec<Option<&'a str>>; 3],
}

/// What [`UnitGroupParts::outlook`] gives a page.
pub struct Outlook {
    pub chart: Option<String>,
    pub employment: Vec<Row>,
    pub openings_vs_seekers: Option<String>,
}

impl<'a> UnitGroupParts<'a> {
    pub fn of(gold: &'a Gold) -> Result<UnitGroupParts<'a>, SiteError> {
        let exclusions = View::of(gold, "element_exclusions");
        let employment = View::of(gold, "cops_employment");
        let summary = View::of(gold, "cops_summary");
        let n16 = View::of(gold, "bridge_noc_2016_2021");
        Ok(UnitGroupParts {
            duties: Element::of(gold, "element_main_duties", "main_duty")?,
            requirements: Element::of(
                gold,
                "element_employment_requirements",
                "employment_requirement",
            )?,
            excluded: Element::of(gold, "element_exclusions", "excluded_title")?,
            excluded_unit: exclusions.text("excluded_unit_group_id")?,
            employment_by_unit: employment.index("unit_group_id")?,
            employment,
            summary_by_unit: summary.index("unit_group_id")?,
            summary,
            noc2016_by_unit: n16.index("unit_group_id")?,
            noc2016: [
                n16.text("noc2016_code")?,
                n16.text("noc2016_title")?,
                n16.text("change_type")?,
            ],
        })
    }

    pub fn main_duties(&self, code: &str, lang: Lang) -> Vec<Text> {
        self.duties.of_unit(code, lang)
    }

    pub fn requirements(&self, code: &str, lang: Lang) -> Vec<Text> {
        self.requirements.of_unit(code, lang)
    }

    /// Excluded occupations, each once, linked to their unit group's page.
    pub fn exclusions(&self, code: &str, lang: Lang, from: &str) -> Vec<Exclusion> {
        let mut seen = BTreeSet::new();
        self.excluded
            .by_unit
            .get(code)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|&i| Some((self.excluded.text[i]?, self.excluded_unit[i])))
            .filter(|(t, u)| seen.insert((*t, *u)))
            .map(|(t, u)| Exclusion {
                title: Text::english(lang, t),
                code: u.map(str::to_string),
                href: u.map(|u| Route::Noc(u.to_string()).href_from(from, lang)),
            })
            .collect()
    }

    pub fn noc2016(&self, code: &str, lang: Lang) -> Vec<Noc2016Row> {
        let [codes, titles, changes] = &self.noc2016;
        self.noc2016_by_unit
            .get(code)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|&i| {
                Some(Noc2016Row {
                    code: codes[i]?.to_string(),
                    title: Text::english(lang, titles[i].unwrap_or("")),
                    change: Text::english(lang, changes[i].unwrap_or("")),
                })
            })
            .collect()
    }

    /// Employment by year as a chart and rows, and openings against seekers.
    pub fn outlook(&self, code: &str, lang: Lang, s: &Strings) -> Result<Outlook, SiteError> {
        let mut cols = Vec::new();
        if let Some(&i) = self.employment_by_unit.get(code).and_then(|v| v.first()) {
            for y in YEARS {
                if let Some(v) = self.employment.int(&format!("y{y}"))?[i] {
                    cols.push(Column {
                        label: y.to_string(),
                        value: v as f64,
                        shown: number(v, lang),
                    });
                }
            }
        }
        let chart = match (cols.first(), cols.last()) {
            (Some(a), Some(b)) if cols.len() > 1 => {
                let desc = s
                    .occupations
                    .employment_chart_desc
                    .replace("{first}", &a.shown)
                    .replace("{y0}", &a.label)
                    .replace("{last}", &b.shown)
                    .replace("{y1}", &b.label);
                Some(svg::columns(
                    &format!("employment-{code}"),
                    &s.occupations.employment_chart,
                    &desc,
                    &cols,
                ))
            }
            _ => None,
        };
        let employment = cols
            .into_iter()
            .map(|c| Row {
                label: c.label,
                value: c.shown,
            })
            .collect();
        let mut openings_vs_seekers = None;
        if let Some(&i) = self.summary_by_unit.get(code).and_then(|v| v.first()) {
            let o = display(&self.summary.values("job_openings")?[i], lang);
            let k = display(&self.summary.values("job_seekers")?[i], lang);
            if let (Some(o), Some(k)) = (o, k) {
                openings_vs_seekers = Some(
                    s.occupations
                        .openings_vs_seekers
                        .replace("{openings}", &o)
                        .replace("{seekers}", &k),
                );
            }
        }
        Ok(Outlook {
            chart,
            employment,
            openings_vs_seekers,
        })
    }
}
