//! Question → [`Plan`]: each rule finds its words, marks them used and
//! says how it read them; the question is answered only when every
//! content word was explained, otherwise it is not understood.

use super::plan::{Crosswalk, Filter, GroupBy, JobFilter, Level, Measure, Plan, Side, Strength};
use super::words::{find, has, number, take, tokens, Tok, FILLER};
use super::{Candidate, Note, Resolution, Resolver, Vocab};
use crate::search::text::fold;
use crate::search::Lang;

/// The words of each measure, English then French, as normal forms.
const MEASURES: &[(Measure, &[&str])] = &[
    (
        Measure::JobOpenings,
        &[
            "job opening",
            "opening",
            "openings",
            "job vacancy",
            "vacancy",
            "possibilite emploi",
            "possibilite",
            "poste a pourvoir",
            "ouverture poste",
            "offre emploi",
        ],
    ),
    (
        Measure::JobSeekers,
        &[
            "job seeker",
            "seeker",
            "chercheur emploi",
            "chercheur",
            "demandeur emploi",
        ],
    ),
    (
        Measure::EmploymentGrowth,
        &[
            "employment growth",
            "job growth",
            "growth",
            "expansion demand",
            "croissance emploi",
            "croissance",
        ],
    ),
    (
        Measure::Retirements,
        &[
            "retirement",
            "retiree",
            "depart a retraite",
            "retraite",
            "depart",
        ],
    ),
    (
        Measure::SchoolLeavers,
        &[
            "school leaver",
            "graduate",
            "new graduate",
            "sortant systeme scolaire",
            "sortant ecole",
            "sortant",
            "diplome",
        ],
    ),
    (Measure::Immigration, &["immigration", "immigrant"]),
    (
        Measure::OtherReplacement,
        &["other replacement", "autre besoin remplacement"],
    ),
    (Measure::OtherSeekers, &["other seeker", "autre chercheur"]),
    (
        Measure::Employment,
        &[
            "employment",
            "employed",
            "worker",
            "emploi",
            "travailleur",
            "personne en emploi",
        ],
    ),
];

const UNIT_GROUPS: &[&str] = &[
    "unit group",
    "noc unit group",
    "noc code",
    "noc occupation",
    "noc group",
    "occupation",
    "profession",
    "groupe base",
    "groupe base noc",
    "noc profession",
    "job",
    "career",
    "metier",
    "code noc",
];

const COUNT: &[&str] = &[
    "how many", "number", "count", "combien", "nombre", "how much",
];
const SUM: &[&str] = &["total", "sum", "somme", "in total", "au total", "overall"];
const AVERAGE: &[&str] = &["average", "mean", "moyenne", "moyen", "on average"];
const LIST: &[&str] = &[
    "list", "which", "what", "show", "liste", "lister", "quel", "quelle",
];
const MOST: &[&str] = &[
    "most",
    "highest",
    "largest",
    "biggest",
    "greatest",
    "top",
    "leading",
    "le plus",
    "la plus",
    "les plus",
    "plus forte",
    "plus fort",
    "plus grand",
    "plus grande",
    "plus eleve",
    "plus elevee",
    "plus",
    "forte",
    "fort",
    "grande",
    "grand",
    "elevee",
    "eleve",
];
const LEAST: &[&str] = &[
    "least",
    "fewest",
    "lowest",
    "smallest",
    "bottom",
    "le moins",
    "la moins",
    "plus faible",
    "plus bas",
    "plus basse",
    "moins",
];
const MORE: &[&str] = &["more", "greater", "plus", "higher"];
const FEWER: &[&str] = &["fewer", "less", "lower", "moins"];
const THAN: &[&str] = &["than", "que"];

const TEER: &[&str] = &[
    "teer",
    "feer",
    "teer category",
    "categorie feer",
    "categorie teer",
];
const LEVELS: &[(Level, &[&str])] = &[
    (
        Level::SubMajorGroup,
        &["sub major group", "submajor group", "sous grand groupe"],
    ),
    (Level::MajorGroup, &["major group", "grand groupe"]),
    (
        Level::BroadCategory,
        &[
            "broad category",
            "broad occupational category",
            "grande categorie",
            "category",
            "categorie",
        ],
    ),
    (
        Level::MinorGroup,
        &["minor group", "groupe intermediaire", "petit groupe"],
    ),
    (Level::UnitGroup, &["unit group", "groupe base"]),
];

const SHORTAGE: &[&str] = &["shortage", "penurie", "labour shortage"];
const SURPLUS: &[&str] = &["surplus", "excedent"];
const BALANCE: &[&str] = &["balance", "equilibre", "balanced"];
const STRONG: &[&str] = &["strong", "important", "fort", "forte", "severe", "high"];
const MODERATE: &[&str] = &["moderate", "modere", "moderee"];
const OUTLOOK_GLUE: &[&str] = &[
    "risk",
    "risque",
    "sign",
    "signe",
    "outlook",
    "perspective",
    "condition",
    "future",
    "futur",
    "en",
];
const RECENT: &[&str] = &[
    "recent", "recente", "recently", "current", "actuel", "actuelle",
];

const PER: &[&str] = &[
    "per",
    "by",
    "each",
    "par",
    "chaque",
    "for each",
    "pour chaque",
    "breakdown",
];
const BELONG: &[&str] = &[
    "belong",
    "belong to",
    "part of",
    "parent",
    "parent group",
    "appartient",
    "appartient a",
    "fait partie",
    "groupe parent",
];
const CONTAINS: &[&str] = &[
    "what in",
    "what s in",
    "whats in",
    "contain",
    "content",
    "under",
    "y a t il",
    "contient",
    "contiennent",
    "compose",
];
const ONET: &[&str] = &[
    "onet occupation",
    "onet soc",
    "onet code",
    "onet",
    "profession onet",
    "code onet",
];
const OG: &[&str] = &[
    "occupational group",
    "tbs group",
    "classification group",
    "groupe professionnel",
    "groupe professionnel sct",
];
const MAP: &[&str] = &[
    "map",
    "map to",
    "mapped",
    "mapped to",
    "maps to",
    "correspond",
    "correspond a",
    "corresponde",
    "correspondent",
    "correspondent a",
    "linked",
    "linked to",
    "crosswalk",
    "lie",
    "lies a",
    "associe",
    "associes",
];
const NONE: &[&str] = &[
    "no", "none", "without", "not", "aucun", "aucune", "sans", "n", "pas", "lack", "missing",
    "manque",
];
const PROFILES: &[&str] = &["oasis profile", "profile", "profil", "profil oasis"];
const RATE: &[&str] = &[
    "rate", "rated", "rating", "evalue", "evaluent", "note", "notent", "cote", "cotent", "score",
    "level", "niveau", "at", "a",
];
const OR_MORE: &[&str] = &[
    "or more",
    "or higher",
    "or above",
    "and above",
    "and up",
    "ou plus",
    "ou davantage",
    "et plus",
    "at least",
    "au moins",
    "minimum",
];
const JOB_TITLES: &[&str] = &[
    "job title",
    "title",
    "position",
    "titre poste",
    "titre emploi",
    "titre",
    "poste",
    "job architecture title",
];
const JOB_GROUPS: &[(GroupBy, &[&str])] = &[
    (
        GroupBy::ManagerialLevel,
        &[
            "managerial level",
            "management level",
            "niveau gestion",
            "niveau hierarchique",
        ],
    ),
    (
        GroupBy::JobFunction,
        &["job function", "function", "fonction"],
    ),
    (
        GroupBy::JobFamily,
        &["job family", "family", "famille", "famille emploi"],
    ),
    (
        GroupBy::ResolutionTier,
        &[
            "resolution tier",
            "tier",
            "palier resolution",
            "palier",
            "niveau resolution",
        ],
    ),
];

/// Every word the rules look for, for typo correction.
pub(crate) fn known_words() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    let lists: Vec<&[&str]> = vec![
        UNIT_GROUPS,
        COUNT,
        SUM,
        AVERAGE,
        LIST,
        MOST,
        LEAST,
        MORE,
        FEWER,
        THAN,
        TEER,
        SHORTAGE,
        SURPLUS,
        BALANCE,
        STRONG,
        MODERATE,
        OUTLOOK_GLUE,
        RECENT,
        PER,
        BELONG,
        CONTAINS,
        ONET,
        OG,
        MAP,
        PROFILES,
        RATE,
        OR_MORE,
        JOB_TITLES,
    ];
    for l in lists {
        for p in l {
            all.extend(p.split(' '));
        }
    }
    for (_, l) in MEASURES {
        for p in *l {
            all.extend(p.split(' '));
        }
    }
    for (_, l) in LEVELS {
        for p in *l {
            all.extend(p.split(' '));
        }
    }
    for (_, l) in JOB_GROUPS {
        for p in *l {
            all.extend(p.split(' '));
        }
    }
    all.sort_unstable();
    all.dedup();
    all
}

/// Why a question was not read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Miss {
    /// No rule applies.
    NotData,
    /// These words were not understood.
    Unexplained(Vec<String>),
    /// A named occupation matched several unit groups.
    Ambiguous(String, Vec<Candidate>),
    /// A named occupation matched nothing.
    NoOccupation(String),
    /// A code that is not in the NOC.
    NoSuchCode(String),
}

pub(crate) struct Reading {
    pub plan: Plan,
    pub notes: Vec<Note>,
}

struct Ctx<'a> {
    toks: Vec<Tok>,
    notes: Vec<Note>,
    vocab: &'a Vocab,
}

impl Ctx<'_> {
    fn note(&mut self, en: String, fr: String) {
        self.notes.push(Note { en, fr });
    }

    fn typed(&self, from: usize, to: usize) -> String {
        self.toks[from..=to]
            .iter()
            .map(|t| t.raw.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Reads `question` as a data question.
pub(crate) fn read(
    question: &str,
    lang: Lang,
    vocab: &Vocab,
    resolver: &dyn Resolver,
) -> Result<Reading, Miss> {
    let known = known_words();
    let (toks, corrected) = tokens(question, &known);
    let mut c = Ctx {
        toks,
        notes: Vec::new(),
        vocab,
    };
    for (from, to) in corrected {
        c.note(
            format!("“{from}” read as “{to}”"),
            format!("« {from} » lu comme « {to} »"),
        );
    }
    let plan = plan(&mut c, lang, resolver)?;
    let left: Vec<String> = c
        .toks
        .iter()
        .filter(|t| {
            !t.used && !FILLER.contains(&t.norm.as_str()) && !FILLER.contains(&t.raw.as_str())
        })
        .map(|t| t.raw.clone())
        .collect();
    if !left.is_empty() {
        return Err(Miss::Unexplained(left));
    }
    Ok(Reading {
        plan,
        notes: c.notes,
    })
}

fn plan(c: &mut Ctx, lang: Lang, resolver: &dyn Resolver) -> Result<Plan, Miss> {
    // OaSIS ratings and the job architecture name their own vocabulary.
    if let Some(p) = rating(c) {
        return Ok(p);
    }
    if let Some(p) = job_titles(c, lang) {
        return Ok(p);
    }
    let filters_first = filters(c)?;
    let crosswalk = take(&mut c.toks, ONET)
        .map(|_| Crosswalk::Onet)
        .or_else(|| take(&mut c.toks, OG).map(|_| Crosswalk::OccupationalGroup));
    if let Some(x) = crosswalk {
        let _ = take(&mut c.toks, UNIT_GROUPS);
        if take(&mut c.toks, NONE).is_some() {
            while take(&mut c.toks, NONE).is_some() {}
            if !filters_first.is_empty() {
                return Err(Miss::NotData);
            }
            let _ = take(&mut c.toks, &["have", "ont", "has", "a"]);
            return Ok(Plan::WithoutCrosswalk(x));
        }
        let _ = take(&mut c.toks, MAP);
        let code = match one_code(&filters_first) {
            Some(code) => code,
            None if !filters_first.is_empty() => return Err(Miss::NotData),
            None => unit_group(c, resolver)?.ok_or(Miss::NotData)?,
        };
        return Ok(Plan::Crosswalk(x, code));
    }
    if take(&mut c.toks, BELONG).is_some() {
        let code = match one_code(&filters_first) {
            Some(code) => code,
            None if !filters_first.is_empty() => return Err(Miss::NotData),
            None => match code_after_level(c)? {
                Some(code) => code,
                None => unit_group(c, resolver)?.ok_or(Miss::NotData)?,
            },
        };
        let _ = take(&mut c.toks, &["group", "groupe", "category", "categorie"]);
        return Ok(Plan::Ancestors(code));
    }
    let per = per_group(c);
    let subject = take(&mut c.toks, UNIT_GROUPS).is_some();
    let measures = measures(c);
    let mut filters = filters_first;
    filters.extend(filters_rest(c, &measures)?);
    let comparison = filters.iter().any(|f| matches!(f, Filter::Greater(..)));
    let measure = if comparison {
        None
    } else {
        measures.first().copied()
    };
    if measures.len() > 1 && !comparison {
        return Err(Miss::NotData);
    }
    if let Some(g) = per {
        let _ = take(&mut c.toks, COUNT);
        let _ = take(&mut c.toks, SUM);
        let _ = take(&mut c.toks, LIST);
        return Ok(Plan::PerGroup(g, measure, filters));
    }
    let count = take(&mut c.toks, COUNT).is_some();
    let average = take(&mut c.toks, AVERAGE).is_some();
    let sum = take(&mut c.toks, SUM).is_some();
    if let Some(m) = measure {
        let most = take(&mut c.toks, MOST).map(|_| true);
        let order = most.or_else(|| take(&mut c.toks, LEAST).map(|_| false));
        if let Some(descending) = order {
            while take(&mut c.toks, if descending { MOST } else { LEAST }).is_some() {}
            let _ = take(&mut c.toks, LIST);
            let n = top_n(c);
            return Ok(Plan::Top {
                measure: m,
                n,
                descending,
                filters,
            });
        }
        if average {
            return Ok(Plan::Average(m, filters));
        }
        if filters.is_empty() {
            if let Some(code) = unit_group(c, resolver)? {
                return Ok(Plan::Value(m, code));
            }
        }
        if sum || count {
            return Ok(Plan::Sum(m, filters));
        }
        return Err(Miss::NotData);
    }
    // What a group holds: "what is in major group 21".
    if !subject && !count {
        if let [Filter::Under(code)] = filters.as_slice() {
            if take(&mut c.toks, CONTAINS).is_some() || take(&mut c.toks, LIST).is_some() {
                return Ok(Plan::Children(code.clone()));
            }
        }
    }
    if count && (subject || !filters.is_empty()) {
        return Ok(Plan::CountUnitGroups(filters));
    }
    if !filters.is_empty() {
        let listed = take(&mut c.toks, LIST).is_some();
        if listed || subject {
            let _ = take(&mut c.toks, CONTAINS);
            return Ok(Plan::ListUnitGroups(filters));
        }
    }
    Err(Miss::NotData)
}

/// The unit group of a lone "unit group 31301" filter.
fn one_code(filters: &[Filter]) -> Option<String> {
    match filters {
        [Filter::Under(code)] if code.len() == 5 => Some(code.clone()),
        _ => None,
    }
}

/// The COPS measures named, in order.
fn measures(c: &mut Ctx) -> Vec<Measure> {
    let mut found: Vec<(usize, Measure)> = Vec::new();
    for (m, words) in MEASURES {
        while let Some((_, first, last)) = take(&mut c.toks, words) {
            let typed = c.typed(first, last);
            let (en, fr) = m.label();
            c.note(
                format!("“{typed}” read as {en} (cops_summary.{})", m.column()),
                format!("« {typed} » lu comme {fr} (cops_summary.{})", m.column()),
            );
            found.push((first, *m));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, m)| m).collect()
}

/// TEER, group codes and outlooks (the filters that need no measure).
fn filters(c: &mut Ctx) -> Result<Vec<Filter>, Miss> {
    let mut out = Vec::new();
    // "TEER 1" is a filter; a TEER without a number ("per TEER") is not.
    let teer_at = TEER.iter().find_map(|w| find(&c.toks, w)).filter(|at| {
        let next = at[at.len() - 1] + 1;
        c.toks
            .get(next)
            .is_some_and(|t| t.raw.chars().all(|ch| ch.is_ascii_digit()))
    });
    if let Some(at) = teer_at {
        let (first, last) = (at[0], at[at.len() - 1]);
        for &i in &at {
            c.toks[i].used = true;
        }
        let teer = number(&c.toks, last + 1).filter(|t| (0..=5).contains(t));
        let Some(t) = teer else {
            return Err(Miss::NotData);
        };
        c.toks[last + 1].used = true;
        let typed = c.typed(first, last);
        if typed.contains("feer") {
            c.note(
                "“FEER” read as TEER (dim_noc.teer)".into(),
                "« FEER » lu comme TEER (dim_noc.teer)".into(),
            );
        }
        out.push(Filter::Teer(t as u8));
    }
    if let Some(code) = code_after_level(c)? {
        out.push(Filter::Under(code));
    }
    let recent = take(&mut c.toks, RECENT).is_some();
    let side = take(&mut c.toks, SHORTAGE)
        .map(|_| Side::Shortage)
        .or_else(|| take(&mut c.toks, SURPLUS).map(|_| Side::Surplus))
        .or_else(|| take(&mut c.toks, BALANCE).map(|_| Side::Balance));
    match side {
        Some(side) => {
            let strength = take(&mut c.toks, STRONG)
                .map(|_| Strength::Strong)
                .or_else(|| take(&mut c.toks, MODERATE).map(|_| Strength::Moderate));
            while take(&mut c.toks, OUTLOOK_GLUE).is_some() {}
            let _ = take(&mut c.toks, &["of", "with", "avec", "a"]);
            out.push(Filter::Outlook {
                recent,
                side,
                strength,
            });
        }
        None if recent => return Err(Miss::NotData),
        None => {}
    }
    Ok(out)
}

/// "more openings than seekers" (needs the measures first).
fn filters_rest(c: &mut Ctx, measures: &[Measure]) -> Result<Vec<Filter>, Miss> {
    if measures.len() != 2 {
        return Ok(Vec::new());
    }
    let than = find(&c.toks, "than").or_else(|| find(&c.toks, "que"));
    let Some(than) = than else {
        return Err(Miss::NotData);
    };
    c.toks[than[0]].used = true;
    let greater = if take(&mut c.toks, MORE).is_some() {
        true
    } else if take(&mut c.toks, FEWER).is_some() {
        false
    } else {
        return Err(Miss::NotData);
    };
    let (a, b) = (measures[0], measures[1]);
    Ok(vec![if greater {
        Filter::Greater(a, b)
    } else {
        Filter::Greater(b, a)
    }])
}

/// A level word followed by a code of that level's length ("major group
/// 21"); a bare code of five digits is a unit group.
fn code_after_level(c: &mut Ctx) -> Result<Option<String>, Miss> {
    for (level, words) in LEVELS {
        if let Some(at) = words.iter().find_map(|w| find(&c.toks, w)) {
            let last = at[at.len() - 1];
            let Some(code) = c
                .toks
                .get(last + 1)
                .filter(|t| !t.used)
                .map(|t| t.raw.clone())
            else {
                continue;
            };
            if !code.chars().all(|ch| ch.is_ascii_digit()) {
                continue;
            }
            if code.len() != level.digits() {
                return Err(Miss::NotData);
            }
            if !c.vocab.has_code(&code) {
                return Err(Miss::NoSuchCode(code));
            }
            for p in at {
                c.toks[p].used = true;
            }
            c.toks[last + 1].used = true;
            return Ok(Some(code));
        }
    }
    Ok(None)
}

/// The one unit group the question names: by code, or by a name WiQ's
/// search resolves.
fn unit_group(c: &mut Ctx, resolver: &dyn Resolver) -> Result<Option<String>, Miss> {
    let _ = take(&mut c.toks, UNIT_GROUPS);
    let _ = take(&mut c.toks, &["noc", "cnp", "code"]);
    if let Some(i) = (0..c.toks.len())
        .find(|&i| !c.toks[i].used && c.toks[i].raw.len() == 5 && number(&c.toks, i).is_some())
    {
        let code = c.toks[i].raw.clone();
        if !c.vocab.has_code(&code) {
            return Err(Miss::NoSuchCode(code));
        }
        c.toks[i].used = true;
        return Ok(Some(code));
    }
    // The name: the unexplained words, which must be one run.
    let open: Vec<usize> = (0..c.toks.len())
        .filter(|&i| !c.toks[i].used && !FILLER.contains(&c.toks[i].norm.as_str()))
        .collect();
    let (Some(&first), Some(&last)) = (open.first(), open.last()) else {
        return Ok(None);
    };
    if (first..=last).any(|i| c.toks[i].used) {
        return Err(Miss::Unexplained(
            open.iter().map(|&i| c.toks[i].raw.clone()).collect(),
        ));
    }
    let name = c.typed(first, last);
    match resolver.resolve(&name) {
        Resolution::One(hit) => {
            for i in first..=last {
                c.toks[i].used = true;
            }
            c.note(
                format!("“{name}” read as unit group {} {}", hit.code, hit.title_en),
                format!(
                    "« {name} » lu comme le groupe de base {} {}",
                    hit.code,
                    hit.title_fr.as_deref().unwrap_or(&hit.title_en)
                ),
            );
            Ok(Some(hit.code))
        }
        Resolution::Ambiguous(hits) => Err(Miss::Ambiguous(name, hits)),
        Resolution::None => Err(Miss::NoOccupation(name)),
    }
}

/// "per TEER", "par grande catégorie".
fn per_group(c: &mut Ctx) -> Option<GroupBy> {
    for (g, words) in [
        (GroupBy::Teer, TEER),
        (
            GroupBy::BroadCategory,
            &[
                "broad category",
                "category",
                "grande categorie",
                "categorie",
            ][..],
        ),
    ] {
        for p in PER {
            for w in words {
                let phrase = format!("{p} {w}");
                if let Some(at) = find(&c.toks, &phrase) {
                    // Not "TEER 1": a number after means a filter.
                    let after = at[at.len() - 1] + 1;
                    if number(&c.toks, after).is_some() {
                        continue;
                    }
                    if c.toks[at[at.len() - 1]].raw == "feer" {
                        c.note(
                            "“FEER” read as TEER (dim_noc.teer)".into(),
                            "« FEER » lu comme TEER (dim_noc.teer)".into(),
                        );
                    }
                    for i in at {
                        c.toks[i].used = true;
                    }
                    return Some(g);
                }
            }
        }
    }
    None
}

/// The N of a top-N: a number in the question, else 10 (1 for a singular
/// "which occupation has the most").
fn top_n(c: &mut Ctx) -> usize {
    if let Some(i) =
        (0..c.toks.len()).find(|&i| number(&c.toks, i).is_some_and(|n| (1..=100).contains(&n)))
    {
        c.toks[i].used = true;
        return c.toks[i].raw.parse().unwrap_or(10);
    }
    let plural = c.toks.iter().any(|t| {
        matches!(
            t.raw.as_str(),
            "occupations" | "professions" | "metiers" | "groups" | "groupes" | "jobs"
        )
    });
    let singular = !plural
        && c.toks.iter().any(|t| {
            matches!(
                t.raw.as_str(),
                "occupation" | "profession" | "metier" | "group" | "groupe"
            )
        })
        && c.toks
            .iter()
            .any(|t| matches!(t.raw.as_str(), "which" | "what" | "quelle" | "quel" | "has"));
    if singular {
        1
    } else {
        10
    }
}

/// "how many profiles rate Critical Thinking at 4 or more".
fn rating(c: &mut Ctx) -> Option<Plan> {
    let folded: Vec<String> = c.toks.iter().map(|t| t.raw.clone()).collect();
    let text = format!(" {} ", folded.join(" "));
    // The longest descriptor name the question holds.
    let (name, table) = c
        .vocab
        .descriptors
        .iter()
        .filter(|(n, _)| {
            let f = fold(n);
            let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
            !f.is_empty() && text.contains(&format!(" {f} "))
        })
        .max_by_key(|(n, _)| n.len())?
        .clone();
    let f = fold(&name);
    let words: Vec<&str> = f.split_whitespace().collect();
    let start = (0..c.toks.len()).find(|&s| {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| c.toks.get(s + k).is_some_and(|t| t.raw == *w))
    })?;
    let count = has(&c.toks, COUNT);
    let list = !count && has(&c.toks, LIST);
    if !has(&c.toks, PROFILES) || !(count || list) {
        return None;
    }
    let _ = take(&mut c.toks, PROFILES);
    let _ = take(&mut c.toks, if count { COUNT } else { LIST });
    for k in 0..words.len() {
        c.toks[start + k].used = true;
    }
    while take(&mut c.toks, RATE).is_some() {}
    let at =
        (0..c.toks.len()).find(|&i| number(&c.toks, i).is_some_and(|n| (0..=5).contains(&n)))?;
    let min = number(&c.toks, at)?;
    c.toks[at].used = true;
    let exact = take(&mut c.toks, OR_MORE).is_none();
    let _ = take(&mut c.toks, &["have", "has", "ont"]);
    c.note(
        format!("“{name}” read as the OaSIS descriptor {name} ({table}.descriptor)"),
        format!("« {name} » lu comme le descripteur OaSIS {name} ({table}.descriptor)"),
    );
    Some(Plan::Rating {
        table,
        descriptor: name,
        min,
        exact,
        list,
    })
}

/// Questions about the organisation's job titles.
fn job_titles(c: &mut Ctx, lang: Lang) -> Option<Plan> {
    find(&c.toks, "title")
        .or_else(|| find(&c.toks, "titre"))
        .or_else(|| find(&c.toks, "position"))?;
    // A job-architecture value named in the question (function, family,
    // managerial level), longest first, English or French.
    let text = format!(
        " {} ",
        c.toks
            .iter()
            .map(|t| t.raw.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut best: Option<(String, String, String)> = None; // (column, value, folded)
    for (column, values) in &c.vocab.job_values {
        for v in values {
            let f = fold(v).split_whitespace().collect::<Vec<_>>().join(" ");
            if !f.is_empty()
                && text.contains(&format!(" {f} "))
                && best.as_ref().is_none_or(|b| f.len() > b.2.len())
            {
                best = Some((column.clone(), v.clone(), f));
            }
        }
    }
    let _ = take(&mut c.toks, JOB_TITLES);
    let count = take(&mut c.toks, COUNT).is_some();
    let mut filters = Vec::new();
    if let Some((column, value, f)) = best {
        let words: Vec<&str> = f.split(' ').collect();
        let start = (0..c.toks.len()).find(|&s| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| c.toks.get(s + k).is_some_and(|t| t.raw == *w && !t.used))
        })?;
        for k in 0..words.len() {
            c.toks[start + k].used = true;
        }
        // The word for the column ("function") may follow or precede.
        let _ = take(
            &mut c.toks,
            &[
                "function",
                "fonction",
                "family",
                "famille",
                "managerial level",
                "niveau gestion",
                "level",
                "niveau",
            ],
        );
        c.note(
            format!("“{value}” read as job_architecture.{column}"),
            format!("« {value} » lu comme job_architecture.{column}"),
        );
        filters.push(JobFilter { column, value });
        if count {
            return Some(Plan::CountJobTitles(filters));
        }
        let _ = take(&mut c.toks, LIST);
        return Some(Plan::ListJobTitles(filters));
    }
    for p in PER {
        for (g, words) in JOB_GROUPS {
            for w in *words {
                if let Some(at) = find(&c.toks, &format!("{p} {w}")) {
                    for i in at {
                        c.toks[i].used = true;
                    }
                    let _ = take(&mut c.toks, LIST);
                    return Some(Plan::JobTitlesPer(*g, lang == Lang::Fr));
                }
            }
        }
    }
    None
}
