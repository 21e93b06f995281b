//! Imputation coverage: native, inherited, imputed and missing values by
//! attribute and by level, as stacked bars and tables.
//!
//! When the build has the imputation layer's `imputation_coverage` table,
//! the counts come from it. Otherwise they are measured on the tables: an
//! expected value that is present is native, an absent or null one is
//! missing. Both feed the same [`Tally`].

use std::collections::{BTreeMap, BTreeSet};

use jobforge_core::noc::NocLevel;
use jobforge_site::layout::Site;
use jobforge_site::pages::{CoveragePage, CoverageRow, ProvKind};
use jobforge_site::svg::{self, Bar};
use jobforge_site::{Lang, Route, Strings, Text};

use super::data::{number, View};
use super::{Out, SiteError};
use crate::model::Gold;
use crate::table::Value;

/// Counts per key, in [`ProvKind::ALL`] order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Tally {
    pub by_attribute: BTreeMap<String, [u64; 4]>,
    pub by_level: BTreeMap<String, [u64; 4]>,
    /// Whether some counts come from `imputation_coverage`.
    pub from_table: bool,
    /// (level, attribute) pairs already counted by the coverage table, which
    /// measured counts must not count twice.
    covered: BTreeSet<(String, String)>,
}

fn slot(kind: ProvKind) -> usize {
    ProvKind::ALL.iter().position(|k| *k == kind).unwrap_or(3)
}

impl Tally {
    /// Adds `n` values of `attribute` at `level` with provenance `kind`.
    pub fn add(&mut self, level: &str, attribute: &str, kind: ProvKind, n: u64) {
        self.by_attribute.entry(attribute.to_string()).or_default()[slot(kind)] += n;
        self.by_level.entry(level.to_string()).or_default()[slot(kind)] += n;
    }

    /// A measured value: native if present, missing if not, unless the
    /// coverage table already counts this attribute at this level.
    fn present(&mut self, level: &str, attribute: &str, present: bool) {
        self.measured(level, attribute, u64::from(present), u64::from(!present));
    }

    fn measured(&mut self, level: &str, attribute: &str, native: u64, missing: u64) {
        if self
            .covered
            .contains(&(level.to_string(), attribute.to_string()))
        {
            return;
        }
        self.add(level, attribute, ProvKind::Native, native);
        self.add(level, attribute, ProvKind::Missing, missing);
    }

    /// Bars per attribute group (`cops`, `onet`…) when there are too many
    /// attributes for one chart.
    pub fn chart_rows(&self) -> BTreeMap<String, [u64; 4]> {
        if self.by_attribute.len() <= MAX_BARS {
            return self.by_attribute.clone();
        }
        let mut out: BTreeMap<String, [u64; 4]> = BTreeMap::new();
        for (k, c) in &self.by_attribute {
            let g = out
                .entry(k.split('.').next().unwrap_or(k).to_string())
                .or_default();
            for i in 0..4 {
                g[i] += c[i];
            }
        }
        out
    }
}

/// Pages per language: the coverage page.
pub const PAGES: usize = 1;

/// A chart stays readable up to this many bars; past it, attributes are
/// grouped by their prefix.
const MAX_BARS: usize = 24;

/// Coverage of every attribute the build knows: the imputation layer's
/// `imputation_coverage` where it exists, and, for what it does not count,
/// measured on the tables (present = native, absent or null = missing).
pub fn measure(gold: &Gold) -> Result<Tally, SiteError> {
    let mut t = Tally::default();
    let cov = View::of(gold, "imputation_coverage");
    if !cov.is_empty() && cov.has("value_source") {
        from_coverage_table(&cov, &mut t)?;
    }
    measured(gold, &mut t)?;
    Ok(t)
}

fn from_coverage_table(cov: &View<'_>, t: &mut Tally) -> Result<(), SiteError> {
    let levels = cov.text("entity_level")?;
    let attrs = cov.text("attribute")?;
    let sources = cov.text("value_source")?;
    t.from_table = true;
    for i in 0..cov.len() {
        let kind = sources[i]
            .and_then(ProvKind::parse)
            .unwrap_or(ProvKind::Missing);
        let (level, attr) = (levels[i].unwrap_or("?"), attrs[i].unwrap_or("?"));
        t.add(level, attr, kind, 1);
        t.covered.insert((level.to_string(), attr.to_string()));
    }
    Ok(())
}

/// Rating tables: every profile should have every descriptor of the table.
const RATING_TABLES: &[(&str, &str)] = &[
    ("oasis_skills", "oasis.skills"),
    ("oasis_abilities", "oasis.abilities"),
    ("oasis_knowledges", "oasis.knowledges"),
    ("oasis_workactivities", "oasis.work_activities"),
    ("oasis_workcontext", "oasis.work_context"),
    ("oasis_personal_attributes", "oasis.personal_attributes"),
];

/// Element tables (and interests): every profile should have at least one row.
const ELEMENT_TABLES: &[(&str, &str)] = &[
    ("element_main_duties", "oasis.main_duties"),
    ("element_example_titles", "oasis.example_titles"),
    (
        "element_employment_requirements",
        "oasis.employment_requirements",
    ),
    (
        "element_additional_information",
        "oasis.additional_information",
    ),
    ("element_exclusions", "oasis.exclusions"),
    ("element_workplaces_employers", "oasis.workplaces_employers"),
    ("oasis_interests", "oasis.interests"),
];

fn measured(gold: &Gold, t: &mut Tally) -> Result<(), SiteError> {
    let noc = View::of(gold, "dim_noc");
    let codes = noc.text("noc_code")?;
    let levels = noc.int("level")?;
    let title_fr = noc.text("title_fr")?;
    let defs = noc.text("definition_en")?;
    let teer = noc.int("teer")?;
    let prof = View::of(gold, "dim_oasis_profile");
    let with_profile: BTreeSet<&str> = prof.text("unit_group_id")?.into_iter().flatten().collect();
    let with_cops: BTreeSet<&str> = View::of(gold, "cops_summary")
        .text("unit_group_id")?
        .into_iter()
        .flatten()
        .collect();
    let with_onet: BTreeSet<&str> = View::of(gold, "bridge_noc_onet")
        .text("unit_group_id")?
        .into_iter()
        .flatten()
        .collect();
    // The coverage table, when there is one, already counts projections
    // and O*NET attributes one by one.
    let links = !t.from_table;
    for i in 0..noc.len() {
        let Some(code) = codes[i] else { continue };
        let level = NocLevel::of_noc_digits(code.len()).map_or("?", NocLevel::tag);
        t.present(level, "noc.title_fr", title_fr[i].is_some());
        t.present(level, "noc.definition", defs[i].is_some());
        if levels[i] == Some(5) {
            t.present(level, "noc.teer", teer[i].is_some());
            t.present(level, "oasis.profile", with_profile.contains(code));
            if links {
                t.present(level, "cops.projections", with_cops.contains(code));
                t.present(level, "onet.crosswalk", with_onet.contains(code));
            }
        }
    }

    let profiles: Vec<&str> = prof
        .text("oasis_profile_code")?
        .into_iter()
        .flatten()
        .collect();
    let l6 = NocLevel::Profile.tag();
    for lead in prof.text("lead_statement_en")? {
        t.present(l6, "oasis.lead_statement", lead.is_some());
    }
    for (name, attr) in ELEMENT_TABLES {
        let v = View::of(gold, name);
        let have: BTreeSet<&str> = v
            .text("oasis_profile_code")?
            .into_iter()
            .flatten()
            .collect();
        for p in &profiles {
            t.present(l6, attr, have.contains(p));
        }
    }
    for (name, attr) in RATING_TABLES {
        let v = View::of(gold, name);
        let pcs = v.text("oasis_profile_code")?;
        let descriptors: BTreeSet<&str> =
            v.text("descriptor_code")?.into_iter().flatten().collect();
        let values = v.values("value")?;
        let mut present: BTreeMap<&str, u64> = BTreeMap::new();
        for (pc, val) in pcs.iter().zip(values) {
            if let (Some(pc), false) = (pc, matches!(val, Value::Null)) {
                *present.entry(pc).or_default() += 1;
            }
        }
        let expected = descriptors.len() as u64;
        for p in &profiles {
            let have = present.get(p).copied().unwrap_or(0).min(expected);
            t.measured(l6, attr, have, expected - have);
        }
    }
    Ok(())
}

fn level_label(tag: &str, lang: Lang) -> String {
    let found = (1..=7)
        .filter_map(NocLevel::of_noc_digits)
        .chain([NocLevel::Profile, NocLevel::ExampleTitle])
        .find(|l| l.tag() == tag);
    match found {
        Some(l) => format!(
            "{tag} {}",
            if lang.is_fr() {
                l.name_fr()
            } else {
                l.name_en()
            }
        ),
        None => tag.to_string(),
    }
}

fn attribute_label(key: &str, s: &Strings) -> String {
    s.coverage
        .attributes
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

fn rows(
    counts: &BTreeMap<String, [u64; 4]>,
    label: impl Fn(&str) -> String,
    lang: Lang,
) -> (Vec<CoverageRow>, Vec<Bar>) {
    let mut table = Vec::new();
    let mut bars = Vec::new();
    for (key, c) in counts {
        let name = label(key);
        table.push(CoverageRow {
            label: Text::native(&name),
            counts: c.iter().map(|n| number(*n as i64, lang)).collect(),
            total: number(c.iter().sum::<u64>() as i64, lang),
        });
        bars.push(Bar {
            label: name,
            counts: *c,
        });
    }
    (table, bars)
}

pub fn render(site: &Site<'_>, gold: &Gold, out: &mut Out) -> Result<(), SiteError> {
    let tally = measure(gold)?;
    for lang in Lang::BOTH {
        let s = site.strings(lang);
        let legend: [String; 4] = ProvKind::ALL.map(|k| k.label(s).to_string());
        let (attribute_rows, _) = rows(&tally.by_attribute, |k| attribute_label(k, s), lang);
        let (_, attr_bars) = rows(&tally.chart_rows(), |k| attribute_label(k, s), lang);
        let (level_rows, level_bars) = rows(&tally.by_level, |k| level_label(k, lang), lang);
        let attribute_svg = svg::stacked_bars(
            "cov-attr",
            &s.coverage.by_attribute,
            &s.coverage.chart_note,
            &legend,
            &attr_bars,
        );
        let level_svg = svg::stacked_bars(
            "cov-level",
            &s.coverage.by_level,
            &s.coverage.chart_note,
            &legend,
            &level_bars,
        );
        let l = site.layout(
            &Route::Coverage,
            lang,
            Text::native(&s.coverage.title),
            &s.coverage.description,
            vec![],
        );
        out.page(
            &Route::Coverage,
            lang,
            &CoveragePage {
                l,
                attribute_svg,
                level_svg,
                attribute_rows,
                level_rows,
                legend: legend.to_vec(),
                measured_from: if tally.from_table {
                    s.coverage.source_table.clone()
                } else {
                    s.coverage.source_measured.clone()
                },
            },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_by_attribute_and_level() {
        let mut t = Tally::default();
        t.add("L5", "a", ProvKind::Native, 2);
        t.add("L6", "a", ProvKind::Imputed, 1);
        t.present("L6", "b", false);
        assert_eq!(t.by_attribute["a"], [2, 0, 1, 0]);
        assert_eq!(t.by_attribute["b"], [0, 0, 0, 1]);
        assert_eq!(t.by_level["L6"], [0, 0, 1, 1]);
        t.covered.insert(("L6".into(), "b".into()));
        t.present("L6", "b", true);
        assert_eq!(t.by_attribute["b"], [0, 0, 0, 1], "counted twice");
    }
}
