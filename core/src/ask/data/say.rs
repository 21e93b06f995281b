//! The one-sentence answer, in English and French, from the plan and the
//! rows the SQL returned. Numbers go through `crate::words::num`, French
//! through `crate::typography::french`.

use super::plan::{Crosswalk, Filter, GroupBy, Level, Plan, Side, Strength};
use super::Cell;
use crate::search::Lang;
use crate::typography::french;
use crate::words::{count, num};

/// How many rows a sentence names before "…".
const NAMED: usize = 3;

fn number(c: &Cell, lang: Lang) -> String {
    match c {
        Cell::Int(i) => num(*i, lang),
        Cell::Float(f) if f.is_finite() => {
            let r = f.round();
            if (f - r).abs() < 1e-9 {
                num(r as i64, lang)
            } else {
                // One decimal, in the language's format.
                let tenths = (f * 10.0).round() as i64;
                let sep = if lang == Lang::Fr { "," } else { "." };
                format!("{}{sep}{}", num(tenths / 10, lang), (tenths % 10).abs())
            }
        }
        Cell::Null => match lang {
            Lang::En => "no value".into(),
            Lang::Fr => "aucune valeur".into(),
        },
        other => other.to_text(),
    }
}

/// "in TEER 1 and with a strong risk of shortage".
fn filters_phrase(filters: &[Filter], lang: Lang) -> String {
    let parts: Vec<String> = filters
        .iter()
        .map(|f| match (f, lang) {
            (Filter::Teer(t), Lang::En) => format!("in TEER {t}"),
            (Filter::Teer(t), Lang::Fr) => format!("de la catégorie FEER {t}"),
            (Filter::Under(code), _) => {
                let level = Level::of_code(code).unwrap_or(Level::UnitGroup).label();
                match lang {
                    Lang::En => format!("in {} {code}", level.0),
                    Lang::Fr => format!("du {} {code}", level.1)
                        .replace("du grande catégorie", "de la grande catégorie"),
                }
            }
            (
                Filter::Outlook {
                    recent,
                    side,
                    strength,
                },
                _,
            ) => outlook(*recent, *side, *strength, lang),
            (Filter::Greater(a, b), Lang::En) => format!(
                "with more {} than {}",
                short(a.label().0),
                short(b.label().0)
            ),
            (Filter::Greater(a, b), Lang::Fr) => format!(
                "avec plus de {} que de {}",
                short(a.label().1),
                short(b.label().1)
            ),
        })
        .collect();
    match lang {
        Lang::En => parts.join(" and "),
        Lang::Fr => parts.join(" et "),
    }
}

/// "job openings (2024–2033)" for "job openings, 2024–2033".
fn paren(label: &str) -> String {
    match label.split_once(", ") {
        Some((m, years)) => format!("{m} ({years})"),
        None => label.to_string(),
    }
}

/// A measure's label without its years.
fn short(label: &str) -> &str {
    label.split(',').next().unwrap_or(label)
}

fn outlook(recent: bool, side: Side, strength: Option<Strength>, lang: Lang) -> String {
    let (s_en, s_fr) = match side {
        Side::Shortage => ("shortage", "pénurie"),
        Side::Surplus => ("surplus", "surplus"),
        Side::Balance => ("balance", "équilibre"),
    };
    match (lang, side, strength, recent) {
        (Lang::En, Side::Balance, _, _) => "in balance".to_string(),
        (Lang::Fr, Side::Balance, _, _) => "à l’équilibre".to_string(),
        (Lang::En, _, st, r) => format!(
            "with a {}{} {s_en}",
            match st {
                Some(Strength::Strong) => "strong ",
                Some(Strength::Moderate) => "moderate ",
                None => "",
            },
            if r { "signs of" } else { "risk of" }
        ),
        (Lang::Fr, _, st, r) => format!(
            "avec {} de {s_fr}{}",
            if r { "des signes" } else { "un risque" },
            match st {
                Some(Strength::Strong) => " (important)",
                Some(Strength::Moderate) => " (modéré)",
                None => "",
            }
        ),
    }
}

/// Up to three rows as "code title (value)".
fn named(rows: &[Vec<Cell>], value: Option<usize>, lang: Lang) -> String {
    let mut parts: Vec<String> = rows
        .iter()
        .take(NAMED)
        .map(|r| {
            let mut s = r
                .iter()
                .take(2)
                .map(Cell::to_text)
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(v) = value.and_then(|i| r.get(i)) {
                s += &format!(" ({})", number(v, lang));
            }
            s
        })
        .collect();
    if rows.len() > NAMED {
        parts.push("…".into());
    }
    parts.join("; ")
}

fn first_number(rows: &[Vec<Cell>], lang: Lang) -> String {
    rows.first()
        .and_then(|r| r.first())
        .map_or_else(|| number(&Cell::Null, lang), |c| number(c, lang))
}

fn suffix(p: &str) -> String {
    if p.is_empty() {
        String::new()
    } else {
        format!(" {p}")
    }
}

/// The sentence in `lang`.
pub(crate) fn sentence(plan: &Plan, rows: &[Vec<Cell>], lang: Lang) -> String {
    let n = rows.len();
    let fr = lang == Lang::Fr;
    let s = match plan {
        Plan::CountUnitGroups(f) => {
            let k = match rows.first().and_then(|r| r.first()) {
                Some(Cell::Int(k)) => (*k).max(0) as usize,
                _ => 0,
            };
            let p = filters_phrase(f, lang);
            if fr {
                format!(
                    "{}{}.",
                    count(k, "groupe de base", "groupes de base", lang),
                    suffix(&p)
                )
            } else if let Some(rest) = p.strip_prefix("with ") {
                // "38 unit groups have a strong risk of shortage."
                format!(
                    "{} {} {rest}.",
                    count(k, "unit group", "unit groups", lang),
                    if k == 1 { "has" } else { "have" },
                )
            } else {
                format!(
                    "{} {}{}.",
                    count(k, "unit group", "unit groups", lang),
                    if k == 1 { "is" } else { "are" },
                    suffix(&p)
                )
            }
        }
        Plan::ListUnitGroups(f) => {
            let p = filters_phrase(f, lang);
            if fr {
                format!(
                    "{}{} : {}.",
                    count(n, "groupe de base", "groupes de base", lang),
                    suffix(&p),
                    named(rows, None, lang)
                )
            } else {
                format!(
                    "{}{}: {}.",
                    count(n, "unit group", "unit groups", lang),
                    suffix(&p),
                    named(rows, None, lang)
                )
            }
        }
        Plan::Top {
            measure,
            descending,
            filters,
            ..
        } => {
            let p = filters_phrase(filters, lang);
            let (en, frl) = (paren(measure.label().0), paren(measure.label().1));
            if fr {
                format!(
                    "{} {}{} ayant le {} de {} : {}.",
                    if singular(n, lang) { "Le" } else { "Les" },
                    count(n, "groupe de base", "groupes de base", lang),
                    suffix(&p),
                    if *descending { "plus" } else { "moins" },
                    frl,
                    named(rows, Some(2), lang)
                )
            } else {
                format!(
                    "The {} {} the {} {en}: {}.",
                    count(n, "unit group", "unit groups", lang),
                    if p.is_empty() {
                        "with".to_string()
                    } else {
                        format!("{p} with")
                    },
                    if *descending { "most" } else { "fewest" },
                    named(rows, Some(2), lang)
                )
            }
        }
        Plan::Sum(m, f) | Plan::Average(m, f) => {
            let p = filters_phrase(f, lang);
            let v = first_number(rows, lang);
            let k = match rows.first().and_then(|r| r.get(1)) {
                Some(Cell::Int(k)) => (*k).max(0) as usize,
                _ => 0,
            };
            let avg = matches!(plan, Plan::Average(..));
            let (en, frl) = (paren(m.label().0), paren(m.label().1));
            if fr {
                format!(
                    "{} {frl}{} : {v} ({}).",
                    if avg { "Moyenne des" } else { "Total des" },
                    suffix(&p),
                    count(k, "groupe de base", "groupes de base", lang)
                )
            } else {
                format!(
                    "{} {en}{}: {v} ({}).",
                    if avg { "Average" } else { "Total" },
                    suffix(&p),
                    count(k, "unit group", "unit groups", lang)
                )
            }
        }
        Plan::Value(m, code) => {
            let name = rows
                .first()
                .and_then(|r| r.get(1))
                .map(Cell::to_text)
                .unwrap_or_default();
            let v = rows
                .first()
                .and_then(|r| r.get(2))
                .cloned()
                .unwrap_or(Cell::Null);
            let (en, frl) = m.label();
            if rows.is_empty() {
                if fr {
                    format!("Le SPPC ne donne pas de {frl} pour le groupe de base {code}.")
                } else {
                    format!("COPS gives no {en} for unit group {code}.")
                }
            } else if fr {
                format!("{code} {name} : {} {frl}.", number(&v, lang))
            } else {
                format!("{code} {name}: {} {en}.", number(&v, lang))
            }
        }
        Plan::PerGroup(g, m, f) => {
            let p = filters_phrase(f, lang);
            let by = match (g, fr) {
                (GroupBy::Teer, false) => "TEER",
                (GroupBy::Teer, true) => "catégorie FEER",
                (_, false) => "broad category",
                (_, true) => "grande catégorie",
            };
            let items: Vec<String> = rows
                .iter()
                .map(|r| {
                    let k = r.first().map(Cell::to_text).unwrap_or_default();
                    let v = r.get(1).map(|c| number(c, lang)).unwrap_or_default();
                    format!("{k} → {v}")
                })
                .collect();
            match (m, fr) {
                (None, false) => {
                    format!("Unit groups per {by}{}: {}.", suffix(&p), items.join(", "))
                }
                (None, true) => format!(
                    "Groupes de base par {by}{} : {}.",
                    suffix(&p),
                    items.join(", ")
                ),
                (Some(m), false) => format!(
                    "Total {} per {by}{}: {}.",
                    m.label().0,
                    suffix(&p),
                    items.join(", ")
                ),
                (Some(m), true) => format!(
                    "Total des {} par {by}{} : {}.",
                    m.label().1,
                    suffix(&p),
                    items.join(", ")
                ),
            }
        }
        Plan::Children(code) => {
            let level = Level::of_code(code).unwrap_or(Level::UnitGroup).label();
            if fr {
                format!(
                    "Le {} {code} comprend {} : {}.",
                    level.1,
                    count(n, "groupe", "groupes", lang),
                    named(rows, None, lang)
                )
                .replace("Le grande catégorie", "La grande catégorie")
            } else {
                format!(
                    "{} {code} contains {}: {}.",
                    capital(level.0),
                    count(n, "group", "groups", lang),
                    named(rows, None, lang)
                )
            }
        }
        Plan::Ancestors(code) => {
            let chain: Vec<String> = rows
                .iter()
                .rev()
                .map(|r| {
                    format!(
                        "{} {}",
                        r.first().map(Cell::to_text).unwrap_or_default(),
                        r.get(2).map(Cell::to_text).unwrap_or_default()
                    )
                })
                .collect();
            if fr {
                format!("Le code {code} appartient à : {}.", chain.join(" ← "))
            } else {
                format!("{code} belongs to: {}.", chain.join(" ← "))
            }
        }
        Plan::Crosswalk(x, code) => match (x, fr) {
            (Crosswalk::Onet, false) => format!(
                "Unit group {code} maps to {}: {}.",
                count(n, "O*NET occupation", "O*NET occupations", lang),
                named(rows, None, lang)
            ),
            (Crosswalk::Onet, true) => format!(
                "Le groupe de base {code} correspond à {} : {}.",
                count(n, "profession O*NET", "professions O*NET", lang),
                named(rows, None, lang)
            ),
            (Crosswalk::OccupationalGroup, false) => format!(
                "Unit group {code} is linked to {}: {}.",
                count(n, "occupational group", "occupational groups", lang),
                named(rows, None, lang)
            ),
            (Crosswalk::OccupationalGroup, true) => format!(
                "Le groupe de base {code} est lié à {} : {}.",
                count(n, "groupe professionnel", "groupes professionnels", lang),
                named(rows, None, lang)
            ),
        },
        Plan::WithoutCrosswalk(x) => match (x, fr) {
            (Crosswalk::Onet, false) => format!(
                "{} no O*NET occupation: {}.",
                count(n, "unit group has", "unit groups have", lang),
                named(rows, None, lang)
            ),
            (Crosswalk::Onet, true) => format!(
                "{} sans profession O*NET : {}.",
                count(n, "groupe de base", "groupes de base", lang),
                named(rows, None, lang)
            ),
            (Crosswalk::OccupationalGroup, false) => format!(
                "{} no occupational group: {}.",
                count(n, "unit group has", "unit groups have", lang),
                named(rows, None, lang)
            ),
            (Crosswalk::OccupationalGroup, true) => format!(
                "{} sans groupe professionnel : {}.",
                count(n, "groupe de base", "groupes de base", lang),
                named(rows, None, lang)
            ),
        },
        Plan::Rating {
            descriptor,
            min,
            exact,
            list,
            ..
        } => {
            let k = if *list {
                n
            } else {
                match rows.first().and_then(|r| r.first()) {
                    Some(Cell::Int(k)) => (*k).max(0) as usize,
                    _ => 0,
                }
            };
            if fr {
                format!(
                    "{} {descriptor} à {min}{}.",
                    count(k, "profil OaSIS évalue", "profils OaSIS évaluent", lang),
                    if *exact { "" } else { " ou plus" }
                )
            } else {
                format!(
                    "{} {descriptor} at {min}{}.",
                    count(k, "OaSIS profile rates", "OaSIS profiles rate", lang),
                    if *exact { "" } else { " or more" }
                )
            }
        }
        Plan::CountJobTitles(f) | Plan::ListJobTitles(f) => {
            let k = if matches!(plan, Plan::ListJobTitles(_)) {
                n
            } else {
                match rows.first().and_then(|r| r.first()) {
                    Some(Cell::Int(k)) => (*k).max(0) as usize,
                    _ => 0,
                }
            };
            if fr {
                let what: Vec<String> = f.iter().map(|j| format!("« {} »", j.value)).collect();
                format!(
                    "{} de l’architecture des emplois pour {}.",
                    count(k, "titre de poste", "titres de poste", lang),
                    what.join(" et ")
                )
            } else {
                let what: Vec<String> = f.iter().map(|j| format!("“{}”", j.value)).collect();
                format!(
                    "{} in the job architecture for {}.",
                    count(k, "job title", "job titles", lang),
                    what.join(" and ")
                )
            }
        }
        Plan::JobTitlesPer(g, _) => {
            let by = match (g, fr) {
                (GroupBy::ResolutionTier, false) => "resolution tier",
                (GroupBy::ResolutionTier, true) => "palier de résolution",
                (GroupBy::JobFunction, false) => "job function",
                (GroupBy::JobFunction, true) => "fonction",
                (GroupBy::JobFamily, false) => "job family",
                (GroupBy::JobFamily, true) => "famille d’emplois",
                (_, false) => "managerial level",
                (_, true) => "niveau de gestion",
            };
            let items: Vec<String> = rows
                .iter()
                .map(|r| {
                    let k = match r.first() {
                        Some(Cell::Null) | None => {
                            if fr {
                                "(aucun)".to_string()
                            } else {
                                "(none)".to_string()
                            }
                        }
                        Some(c) => c.to_text(),
                    };
                    format!(
                        "{k} → {}",
                        r.get(1).map(|c| number(c, lang)).unwrap_or_default()
                    )
                })
                .collect();
            if fr {
                format!("Titres de poste par {by} : {}.", items.join(", "))
            } else {
                format!("Job titles per {by}: {}.", items.join(", "))
            }
        }
    };
    if fr {
        french(&s)
    } else {
        s
    }
}

fn singular(n: usize, lang: Lang) -> bool {
    crate::words::singular(n, lang)
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
