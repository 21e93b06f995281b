//! The NOC hierarchy: the occupations index, one page per group from broad
//! category to minor group, and the unit-group pages.

use std::collections::BTreeMap;

use jobforge_site::layout::Site;
use jobforge_site::pages::{
    AttrRow, Item, Link, NocGroupPage, OccupationsPage, OnetRow, Row, UnitGroupPage,
};
use jobforge_site::{Lang, Route, Text};

use super::data::{display, ProvColumns, View};
use super::{Out, SiteError};
use crate::model::Gold;
use crate::table::Value;

/// One row of `dim_noc`.
pub struct Noc<'a> {
    pub code: &'a str,
    pub level: i64,
    pub level_en: &'a str,
    pub level_fr: &'a str,
    pub parent: Option<&'a str>,
    pub title_en: &'a str,
    pub title_fr: Option<&'a str>,
    pub definition: Option<&'a str>,
    pub teer: Option<i64>,
}

impl Noc<'_> {
    pub fn title(&self, lang: Lang) -> Text {
        Text::pick(lang, self.title_en, self.title_fr)
    }

    /// "21231 Software engineers and designers".
    pub fn label(&self, lang: Lang) -> Text {
        let t = self.title(lang);
        Text {
            value: format!("{} {}", self.code, t.value),
            en: t.en,
        }
    }
}

/// `dim_noc` by code, with the children of each code in code order.
pub struct Hierarchy<'a> {
    pub nodes: BTreeMap<&'a str, Noc<'a>>,
    pub children: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> Hierarchy<'a> {
    pub fn of(gold: &'a Gold) -> Result<Hierarchy<'a>, SiteError> {
        let v = View::of(gold, "dim_noc");
        let codes = v.text("noc_code")?;
        let levels = v.int("level")?;
        let level_en = v.text("level_name_en")?;
        let level_fr = v.text("level_name_fr")?;
        let parents = v.text("parent_code")?;
        let en = v.text("title_en")?;
        let fr = v.text("title_fr")?;
        let defs = v.text("definition_en")?;
        let teer = v.int("teer")?;
        let mut nodes = BTreeMap::new();
        let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for i in 0..v.len() {
            let Some(code) = codes[i] else { continue };
            nodes.insert(
                code,
                Noc {
                    code,
                    level: levels[i].unwrap_or(code.len() as i64),
                    level_en: level_en[i].unwrap_or(""),
                    level_fr: level_fr[i].unwrap_or(""),
                    parent: parents[i],
                    title_en: en[i].unwrap_or(code),
                    title_fr: fr[i],
                    definition: defs[i],
                    teer: teer[i],
                },
            );
            if let Some(p) = parents[i] {
                children.entry(p).or_default().push(code);
            }
        }
        for c in children.values_mut() {
            c.sort_unstable();
        }
        Ok(Hierarchy { nodes, children })
    }

    /// The codes above `code`, broad category first.
    pub fn ancestors(&self, code: &str) -> Vec<&Noc<'a>> {
        let mut out = Vec::new();
        let mut cur = self.nodes.get(code).and_then(|n| n.parent);
        while let Some(p) = cur {
            match self.nodes.get(p) {
                Some(n) => {
                    out.push(n);
                    cur = n.parent;
                }
                None => break,
            }
        }
        out.reverse();
        out
    }

    /// Breadcrumbs from the occupations index down to `code`'s parent.
    pub fn crumbs(&self, code: &str, lang: Lang, s: &jobforge_site::Strings) -> Vec<(Text, Route)> {
        let mut c = vec![(Text::native(&s.common.occupations), Route::Occupations)];
        for a in self.ancestors(code) {
            c.push((a.label(lang), Route::Noc(a.code.to_string())));
        }
        c
    }
}

fn level_name(n: &Noc<'_>, lang: Lang) -> String {
    if lang.is_fr() { n.level_fr } else { n.level_en }.to_string()
}

/// Measures of `cops_summary` shown on a unit-group page, in order.
const COPS: &[&str] = &[
    "employment_2023",
    "employment_growth",
    "retirements",
    "other_replacement",
    "job_openings",
    "school_leavers",
    "immigration",
    "other_seekers",
    "job_seekers",
];

/// O*NET OnLine's page of an occupation: a plain outbound link to the
/// publisher, built only from a code of digits, `-` and `.`.
fn onet_url(code: &str) -> Option<String> {
    code.chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
        .then(|| format!("https://www.onetonline.org/link/summary/{code}"))
}

/// Pages per language: the index and one page per NOC code.
pub fn pages(gold: &Gold) -> Result<usize, SiteError> {
    Ok(1 + Hierarchy::of(gold)?.nodes.len())
}

pub fn render(site: &Site<'_>, gold: &Gold, out: &mut Out) -> Result<(), SiteError> {
    let h = Hierarchy::of(gold)?;
    let profiles = View::of(gold, "dim_oasis_profile");
    let prof_by_ug = profiles.index("unit_group_id")?;
    let prof_codes = profiles.text("oasis_profile_code")?;
    let prof_labels = profiles.text("label_en")?;
    let cops = View::of(gold, "cops_summary");
    let cops_by_ug = cops.index("unit_group_id")?;
    let bridge = View::of(gold, "bridge_noc_onet");
    let bridge_by_ug = bridge.index("unit_group_id")?;
    let onet_codes = bridge.text("onet_soc_code")?;
    let onet_titles = bridge.text("onet_title")?;
    // No NOC → TBS bridge exists yet; when a build has one, the section
    // appears on its own.
    let tbs = View::of(gold, "bridge_noc_og");
    let tbs_by_ug = if tbs.has("og_code") {
        tbs.index("unit_group_id")?
    } else {
        BTreeMap::new()
    };
    let tbs_codes = tbs.text_opt("og_code")?;
    let tbs_sub = tbs.text_opt("og_subgroup_code")?;
    let tbs_prov = ProvColumns::of(&tbs)?;
    let og = View::of(gold, "dim_og");
    let og_idx = og.index("og_code")?;
    let og_en = og.text_opt("name_en")?;
    let og_fr = og.text_opt("name_fr")?;
    let attrs = Attributes::of(gold, "unit_group_attributes", &["entity_code", "noc_code"])?;
    let examples = ExampleTitles::of(gold)?;
    let parts = super::unit_group_parts::UnitGroupParts::of(gold)?;

    for lang in Lang::BOTH {
        let s = site.strings(lang);
        let path = Route::Occupations.path(lang);
        let categories = h
            .nodes
            .values()
            .filter(|n| n.level == 1)
            .map(|n| Link {
                code: n.code.to_string(),
                label: n.title(lang),
                href: Route::Noc(n.code.to_string()).href_from(&path, lang),
            })
            .collect();
        let l = site.layout(
            &Route::Occupations,
            lang,
            Text::native(&s.occupations.title),
            &s.occupations.description,
            vec![],
        );
        out.page(
            &Route::Occupations,
            lang,
            &OccupationsPage { l, categories },
        )?;
    }

    for n in h.nodes.values() {
        let route = Route::Noc(n.code.to_string());
        for lang in Lang::BOTH {
            let s = site.strings(lang);
            let path = route.path(lang);
            let crumbs = h.crumbs(n.code, lang, s);
            let mut l = site.layout(
                &route,
                lang,
                n.label(lang),
                &s.occupations.description,
                crumbs,
            );
            l.description = format!("{} – {}", n.label(lang).value, s.occupations.title);
            let definition = n.definition.map(|d| Text::english(lang, d));
            if n.level < 5 {
                let children = h
                    .children
                    .get(n.code)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|c| h.nodes.get(c))
                    .map(|c| Link {
                        code: c.code.to_string(),
                        label: c.title(lang),
                        href: Route::Noc(c.code.to_string()).href_from(&path, lang),
                    })
                    .collect();
                out.page(
                    &route,
                    lang,
                    &NocGroupPage {
                        l,
                        code: n.code.to_string(),
                        level: level_name(n, lang),
                        definition,
                        children_heading: s.occupations.contents.clone(),
                        children,
                    },
                )?;
                continue;
            }
            let profiles = prof_by_ug
                .get(n.code)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|&i| {
                    let code = prof_codes[i]?;
                    Some(Link {
                        code: code.to_string(),
                        label: Text::english(lang, prof_labels[i].unwrap_or(code)),
                        href: Route::Profile(code.to_string()).href_from(&path, lang),
                    })
                })
                .collect();
            let (mut rows, mut recent, mut future) = (Vec::new(), None, None);
            if let Some(&i) = cops_by_ug.get(n.code).and_then(|v| v.first()) {
                for &m in COPS {
                    if let Some(v) = display(&cops.values(m)?[i], lang) {
                        rows.push(Row {
                            label: s
                                .occupations
                                .cops
                                .get(m)
                                .cloned()
                                .unwrap_or_else(|| m.into()),
                            value: v,
                        });
                    }
                }
                let pick = |en: &str, fr: &str| -> Result<Option<Text>, SiteError> {
                    let e = cops.text(en)?[i];
                    let f = cops.text(fr)?[i];
                    Ok(e.map(|e| Text::pick(lang, e, f)))
                };
                recent = pick("recent_conditions_en", "recent_conditions_fr")?;
                future = pick("future_conditions_en", "future_conditions_fr")?;
            }
            let onet = bridge_by_ug
                .get(n.code)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|&i| {
                    let code = onet_codes[i]?;
                    Some(OnetRow {
                        code: code.to_string(),
                        title: Text::english(lang, onet_titles[i].unwrap_or("")),
                        href: onet_url(code),
                    })
                })
                .collect();
            let tbs_links = tbs_by_ug
                .get(n.code)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|&i| {
                    let code = tbs_codes[i]?;
                    let j = og_idx.get(code).and_then(|v| v.first()).copied();
                    let en = j.and_then(|j| og_en[j]).unwrap_or(code);
                    let fr = j.and_then(|j| og_fr[j]);
                    let name = Text::pick(lang, en, fr);
                    let code = match tbs_sub[i] {
                        Some(sub) => format!("{code} ({sub})"),
                        None => code.to_string(),
                    };
                    Some(Item {
                        text: Text {
                            value: format!("{code} {}", name.value),
                            en: name.en,
                        },
                        href: None,
                        prov: tbs_prov.badge(i, lang, s, &s.provenance.native_rationale),
                    })
                })
                .collect();
            let attributes = attrs.rows(n.code, lang, site)?;
            let outlook = parts.outlook(n.code, lang, s)?;
            let teer = n
                .teer
                .and_then(|t| usize::try_from(t).ok())
                .and_then(|t| s.occupations.teer_names.get(t))
                .cloned();
            out.page(
                &route,
                lang,
                &UnitGroupPage {
                    l,
                    code: n.code.to_string(),
                    level: level_name(n, lang),
                    teer,
                    definition,
                    example_titles: examples.of_unit_group(n.code, lang),
                    main_duties: parts.main_duties(n.code, lang),
                    requirements: parts.requirements(n.code, lang),
                    exclusions: parts.exclusions(n.code, lang, &path),
                    profiles,
                    employment_chart: outlook.chart,
                    employment: outlook.employment,
                    openings_vs_seekers: outlook.openings_vs_seekers,
                    cops: rows,
                    recent,
                    future,
                    onet,
                    tbs: tbs_links,
                    noc2016: parts.noc2016(n.code, lang),
                    attributes,
                },
            )?;
        }
    }
    Ok(())
}

/// `noc_example_titles` by unit group and language, in the publisher's order
/// (the table keeps it).
struct ExampleTitles<'a> {
    by_unit: BTreeMap<(&'a str, &'a str), Vec<&'a str>>,
}

impl<'a> ExampleTitles<'a> {
    fn of(gold: &'a Gold) -> Result<ExampleTitles<'a>, SiteError> {
        let v = View::of(gold, crate::ingest::noc_examples::TABLE);
        let (ugs, langs, titles) = (
            v.text("unit_group_id")?,
            v.text("language")?,
            v.text("example_title")?,
        );
        let mut by_unit: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
        for i in 0..v.len() {
            if let (Some(u), Some(l), Some(t)) = (ugs[i], langs[i], titles[i]) {
                by_unit.entry((u, l)).or_default().push(t);
            }
        }
        Ok(ExampleTitles { by_unit })
    }

    fn of_unit_group(&self, code: &str, lang: Lang) -> Vec<String> {
        let key = if lang.is_fr() { "fr" } else { "en" };
        self.by_unit
            .get(&(code, key))
            .map(|v| v.iter().map(|t| t.to_string()).collect())
            .unwrap_or_default()
    }
}

/// An imputation attribute table (`unit_group_attributes`,
/// `profile_attributes`), read once and indexed by entity.
pub struct Attributes<'a> {
    by_entity: BTreeMap<&'a str, Vec<usize>>,
    names: Vec<Option<&'a str>>,
    texts: Vec<Option<&'a str>>,
    nums: &'a [Value],
    prov: ProvColumns<'a>,
}

impl<'a> Attributes<'a> {
    /// `keys`: the entity column, the first the table has.
    pub fn of(gold: &'a Gold, table: &str, keys: &[&str]) -> Result<Attributes<'a>, SiteError> {
        let v = View::of(gold, table);
        Ok(Attributes {
            by_entity: v.index_by_any(keys)?,
            names: v.text_opt("attribute")?,
            texts: v.text_opt("value_text")?,
            nums: if v.has("value_num") {
                v.values("value_num")?
            } else {
                &[]
            },
            prov: ProvColumns::of(&v)?,
        })
    }

    /// The values of one entity, each with its human label and badge. An
    /// attribute without a label in `coverage.attributes` of the page's
    /// language stops the build: readers never see a raw key.
    pub fn rows(
        &self,
        entity: &str,
        lang: Lang,
        site: &Site<'_>,
    ) -> Result<Vec<AttrRow>, SiteError> {
        let s = site.strings(lang);
        let Some(rows) = self.by_entity.get(entity) else {
            return Ok(Vec::new());
        };
        rows.iter()
            .map(|&i| {
                let key = self.names[i].unwrap_or("");
                let name =
                    s.coverage
                        .attributes
                        .get(key)
                        .cloned()
                        .ok_or_else(|| SiteError::Config {
                            path: format!("content/site.{}.toml", lang.code()),
                            message: format!("coverage.attributes has no label for {key:?}"),
                        })?;
                // `_en`/`_fr` attributes are in that language by design;
                // other text values are the sources' English.
                let written_in = if key.ends_with("_fr") {
                    Some(Lang::Fr)
                } else if key.ends_with("_en") {
                    Some(Lang::En)
                } else {
                    None
                };
                let (value, value_lang) = match (self.texts[i], self.nums.get(i), written_in) {
                    (Some(t), _, Some(w)) => (Text::native(t), (w != lang).then_some(w.code())),
                    (Some(t), _, None) => (Text::english(lang, t), None),
                    (None, Some(v), _) => {
                        (Text::native(display(v, lang).unwrap_or_default()), None)
                    }
                    (None, None, _) => (Text::default(), None),
                };
                Ok(AttrRow {
                    name,
                    value,
                    value_lang,
                    prov: self.prov.badge(i, lang, s, &s.provenance.native_rationale),
                })
            })
            .collect()
    }
}
