//! OaSIS profile pages: every element and rating of a profile, each value
//! with its provenance badge.

use std::collections::{BTreeMap, BTreeSet};

use jobforge_site::layout::Site;
use jobforge_site::pages::{Item, ItemList, Link, ProfilePage, Rating, RatingTable};
use jobforge_site::{Lang, Route, Strings, Text};

use super::data::{display, ProvColumns, View};
use super::occupations::{Attributes, Hierarchy};
use super::{Out, SiteError};
use crate::model::Gold;

/// An element table: (table, text column, anchor, heading).
type ElementSpec = (
    &'static str,
    &'static str,
    &'static str,
    fn(&Strings) -> &str,
);

const ELEMENTS: &[ElementSpec] = &[
    ("element_main_duties", "main_duty", "main-duties", |s| {
        &s.profile.main_duties
    }),
    (
        "element_example_titles",
        "job_title",
        "example-titles",
        |s| &s.profile.example_titles,
    ),
    (
        "element_employment_requirements",
        "employment_requirement",
        "employment-requirements",
        |s| &s.profile.employment_requirements,
    ),
    (
        "element_additional_information",
        "additional_information",
        "additional-information",
        |s| &s.profile.additional_information,
    ),
    ("element_exclusions", "excluded_title", "exclusions", |s| {
        &s.profile.exclusions
    }),
    (
        "element_workplaces_employers",
        "workplace_employer",
        "workplaces-employers",
        |s| &s.profile.workplaces_employers,
    ),
];

/// Rating tables in long form: (table, anchor, heading).
type RatingSpec = (&'static str, &'static str, fn(&Strings) -> &str);

const RATINGS: &[RatingSpec] = &[
    ("oasis_skills", "skills", |s| &s.profile.skills),
    ("oasis_abilities", "abilities", |s| &s.profile.abilities),
    ("oasis_knowledges", "knowledge", |s| &s.profile.knowledges),
    ("oasis_workactivities", "work-activities", |s| {
        &s.profile.work_activities
    }),
    ("oasis_workcontext", "work-context", |s| {
        &s.profile.work_context
    }),
    ("oasis_personal_attributes", "personal-attributes", |s| {
        &s.profile.personal_attributes
    }),
];

type TextColumn<'a> = Vec<Option<&'a str>>;

/// A table indexed by profile, with the columns a section needs.
struct Indexed<'a> {
    view: View<'a>,
    by_profile: BTreeMap<&'a str, Vec<usize>>,
    prov: ProvColumns<'a>,
}

impl<'a> Indexed<'a> {
    fn of(gold: &'a Gold, table: &str) -> Result<Indexed<'a>, SiteError> {
        let view = View::of(gold, table);
        Ok(Indexed {
            by_profile: view.index("oasis_profile_code")?,
            prov: ProvColumns::of(&view)?,
            view,
        })
    }

    fn rows(&self, code: &str) -> &[usize] {
        self.by_profile
            .get(code)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

fn native(s: &Strings, table: &str) -> String {
    format!("{} ({table})", s.provenance.native_rationale)
}

/// Pages per language: one per profile with a code and a unit group.
pub fn pages(gold: &Gold) -> Result<usize, SiteError> {
    let prof = View::of(gold, "dim_oasis_profile");
    let codes = prof.text("oasis_profile_code")?;
    let ugs = prof.text("unit_group_id")?;
    Ok(codes
        .iter()
        .zip(&ugs)
        .filter(|(c, u)| c.is_some() && u.is_some())
        .count())
}

pub fn render(site: &Site<'_>, gold: &Gold, out: &mut Out) -> Result<(), SiteError> {
    let h = Hierarchy::of(gold)?;
    let prof = View::of(gold, "dim_oasis_profile");
    let codes = prof.text("oasis_profile_code")?;
    let ugs = prof.text("unit_group_id")?;
    let labels = prof.text("label_en")?;
    let leads = prof.text("lead_statement_en")?;
    let lead_prov = ProvColumns::of(&prof)?;
    let known: BTreeSet<&str> = codes.iter().flatten().copied().collect();

    let elements: Vec<(ElementSpec, Indexed<'_>, Vec<Option<&str>>)> = ELEMENTS
        .iter()
        .map(|spec| {
            let ix = Indexed::of(gold, spec.0)?;
            let texts = ix.view.text_opt(spec.1)?;
            Ok((*spec, ix, texts))
        })
        .collect::<Result<_, SiteError>>()?;
    let excl = View::of(gold, "element_exclusions");
    let excl_profile = excl.text_opt("excluded_profile_code")?;
    let excl_ug = excl.text_opt("excluded_unit_group_id")?;
    let excl_code = excl.text_opt("excluded_code")?;

    let ratings: Vec<(RatingSpec, Indexed<'_>)> = RATINGS
        .iter()
        .map(|spec| Ok((*spec, Indexed::of(gold, spec.0)?)))
        .collect::<Result<_, SiteError>>()?;
    let rating_cols: Vec<(TextColumn<'_>, TextColumn<'_>)> = ratings
        .iter()
        .map(|(_, ix)| Ok((ix.view.text("descriptor")?, ix.view.text("scale")?)))
        .collect::<Result<_, SiteError>>()?;

    let interests = Indexed::of(gold, "oasis_interests")?;
    let int_rank = interests.view.int("rank")?;
    let int_name = interests.view.text("holland_name")?;

    let attrs = Attributes::of(
        gold,
        "profile_attributes",
        &["entity_code", "oasis_profile_code"],
    )?;

    for i in 0..prof.len() {
        let (Some(code), Some(ug)) = (codes[i], ugs[i]) else {
            continue;
        };
        let route = Route::Profile(code.to_string());
        for lang in Lang::BOTH {
            let s = site.strings(lang);
            let path = route.path(lang);
            let label = labels[i].unwrap_or(code);
            let title = Text::english(lang, &format!("{code} {label}"));
            let mut crumbs = h.crumbs(ug, lang, s);
            let unit_group = match h.nodes.get(ug) {
                Some(n) => {
                    crumbs.push((n.label(lang), Route::Noc(ug.to_string())));
                    Link {
                        code: ug.to_string(),
                        label: n.title(lang),
                        href: Route::Noc(ug.to_string()).href_from(&path, lang),
                    }
                }
                None => Link {
                    code: ug.to_string(),
                    label: Text::native(ug),
                    href: Route::Occupations.href_from(&path, lang),
                },
            };
            let mut l = site.layout(&route, lang, title, &s.profile.description, crumbs);
            l.description = format!("{code} {label}: {}", s.profile.description);

            let mut toc = Vec::new();
            let lead = leads[i].map(|t| Item {
                text: Text::english(lang, t),
                href: None,
                prov: lead_prov.badge(i, lang, s, &native(s, "element_lead_statement")),
            });
            if lead.is_some() {
                toc.push(("lead".to_string(), s.profile.lead_statement.clone()));
            }

            let mut lists = Vec::new();
            for ((table, _, id, heading), ix, texts) in &elements {
                let mut items = Vec::new();
                for &r in ix.rows(code) {
                    let (text, href) = if *table == "element_exclusions" {
                        exclusion(
                            r,
                            lang,
                            &path,
                            &h,
                            &known,
                            &excl_profile,
                            &excl_ug,
                            &excl_code,
                            texts,
                        )
                    } else {
                        (Text::english(lang, texts[r].unwrap_or("")), None)
                    };
                    items.push(Item {
                        text,
                        href,
                        prov: ix.prov.badge(r, lang, s, &native(s, table)),
                    });
                }
                toc.push((id.to_string(), heading(s).to_string()));
                lists.push(ItemList {
                    id: id.to_string(),
                    heading: heading(s).to_string(),
                    items,
                });
            }

            toc.push(("interests".to_string(), s.profile.interests.clone()));
            let mut int_rows: Vec<usize> = interests.rows(code).to_vec();
            int_rows.sort_by_key(|&r| int_rank[r]);
            let interest_items = int_rows
                .iter()
                .map(|&r| Item {
                    text: Text::english(lang, int_name[r].unwrap_or("")),
                    href: None,
                    prov: interests
                        .prov
                        .badge(r, lang, s, &native(s, "oasis_interests")),
                })
                .collect();

            let mut tables = Vec::new();
            for (((table, id, heading), ix), (names, scales)) in ratings.iter().zip(&rating_cols) {
                let rows = ix.rows(code);
                let shared = rows
                    .first()
                    .and_then(|&r| scales[r])
                    .filter(|first| rows.iter().all(|&r| scales[r] == Some(*first)));
                let values = ix.view.values("value")?;
                let rows = rows
                    .iter()
                    .map(|&r| Rating {
                        name: Text::english(lang, names[r].unwrap_or("")),
                        value: display(&values[r], lang).unwrap_or_else(|| "–".into()),
                        scale: if shared.is_some() {
                            None
                        } else {
                            scales[r].map(|sc| Text::english(lang, sc))
                        },
                        prov: ix.prov.badge(r, lang, s, &native(s, table)),
                    })
                    .collect();
                toc.push((id.to_string(), heading(s).to_string()));
                tables.push(RatingTable {
                    id: id.to_string(),
                    heading: heading(s).to_string(),
                    scale: shared.map(|sc| Text::english(lang, sc)),
                    rows,
                });
            }

            let attributes = attrs.rows(code, lang, site)?;
            if !attributes.is_empty() {
                toc.push(("attributes".to_string(), s.occupations.attributes.clone()));
            }
            out.page(
                &route,
                lang,
                &ProfilePage {
                    l,
                    code: code.to_string(),
                    unit_group,
                    lead,
                    lists,
                    interests: interest_items,
                    ratings: tables,
                    attributes,
                    toc,
                },
            )?;
        }
    }
    Ok(())
}

/// An exclusion: the excluded profile or unit group, linked when the site
/// has its page. Unit-group exclusions carry no title in OaSIS, so the
/// unit group's own title is shown.
#[allow(clippy::too_many_arguments)]
fn exclusion(
    r: usize,
    lang: Lang,
    from: &str,
    h: &Hierarchy<'_>,
    known: &BTreeSet<&str>,
    profile: &[Option<&str>],
    ug: &[Option<&str>],
    code: &[Option<&str>],
    titles: &[Option<&str>],
) -> (Text, Option<String>) {
    let c = code[r].unwrap_or("");
    if let Some(p) = profile[r].filter(|p| known.contains(p)) {
        let t = titles[r].unwrap_or(p);
        return (
            Text::english(lang, &format!("{p} {t}")),
            Some(Route::Profile(p.to_string()).href_from(from, lang)),
        );
    }
    if let Some(n) = ug[r].and_then(|u| h.nodes.get(u)) {
        let label = match titles[r] {
            Some(t) => Text::english(lang, &format!("{c} {t}")),
            None => n.label(lang),
        };
        return (
            label,
            Some(Route::Noc(n.code.to_string()).href_from(from, lang)),
        );
    }
    (
        Text::english(lang, &format!("{c} {}", titles[r].unwrap_or(""))),
        None,
    )
}
