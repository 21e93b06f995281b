//! Questions about the data, in plain English or French, turned into SQL
//! over the gold tables (run by `jobforge-query` on the CLI and in the
//! browser), with no LLM.
//!
//! ```text
//! "combien de groupes de base dans le FEER 1 ?"
//!     ─ words   ─▶ tokens (folded, singular, typos read as keywords)
//!     ─ reader  ─▶ Plan::CountUnitGroups([Teer(1)]) + "FEER read as TEER"
//!     ─ sql     ─▶ SELECT COUNT(*) AS unit_groups FROM dim_noc n WHERE …
//!     ─ (caller runs it)
//!     ─ say     ─▶ « 97 groupes de base de la catégorie FEER 1. »
//! ```
//!
//! Precision over coverage: every content word must be explained by a
//! rule, or the question is not answered. A named occupation is resolved
//! by the caller's [`Resolver`] (WiQ's search: `SearchIndex` implements
//! it), and an ambiguous name is listed back, never guessed. The names the
//! reader knows (OaSIS descriptors, job-architecture values, NOC codes)
//! come from the data through [`Vocab`].

mod plan;
mod reader;
mod say;
mod sql;
mod words;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use plan::{Crosswalk, Filter, GroupBy, JobFilter, Level, Measure, Plan, Side, Strength};

use super::{Catalog, Cite};
use crate::search::{Lang, SearchIndex, Status};

/// One cell of a result, as the caller's SQL engine returned it (and on
/// the wire between the browser app's page and its query worker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Cell {
    pub fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Text(s) => s.clone(),
        }
    }
}

/// One line of "how it read the question".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub en: String,
    pub fr: String,
}

/// A unit group a name may mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub code: String,
    pub title_en: String,
    pub title_fr: Option<String>,
    pub confidence: f32,
}

/// What a name resolved to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Resolution {
    One(Candidate),
    /// Several unit groups are plausible: the question is listed back.
    Ambiguous(Vec<Candidate>),
    None,
}

/// Resolves an occupation's name to a unit group; the caller supplies it
/// so `core` stays free of I/O.
pub trait Resolver {
    fn resolve(&self, name: &str) -> Resolution;
}

/// How many candidates an ambiguous name lists.
const CANDIDATES: usize = 5;

impl Resolver for SearchIndex {
    /// WiQ's search: a confident top hit is the unit group; a top hit that
    /// needs review (weak, or close to the second) makes the name ambiguous.
    fn resolve(&self, name: &str) -> Resolution {
        let r = self.search(name, CANDIDATES);
        let hits: Vec<Candidate> = r
            .hits
            .iter()
            .map(|h| Candidate {
                code: h.unit_group.clone(),
                title_en: h.title_en.clone(),
                title_fr: h.title_fr.clone(),
                confidence: h.confidence,
            })
            .collect();
        match (r.status, hits.first()) {
            (Status::Confident, Some(h)) => Resolution::One(h.clone()),
            (Status::NeedsReview, Some(_)) => Resolution::Ambiguous(hits),
            _ => Resolution::None,
        }
    }
}

/// A resolver that knows no names (codes still work).
pub struct NoNames;

impl Resolver for NoNames {
    fn resolve(&self, _: &str) -> Resolution {
        Resolution::None
    }
}

/// The rating tables of OaSIS whose `descriptor` names the reader knows.
pub const RATING_TABLES: &[&str] = &[
    "oasis_skills",
    "oasis_abilities",
    "oasis_knowledges",
    "oasis_workactivities",
    "oasis_workcontext",
    "oasis_personal_attributes",
];

/// Every table a data question's SQL may read, and those [`Vocab::queries`]
/// reads: the browser app fetches these for its question box.
pub fn tables() -> impl Iterator<Item = &'static str> {
    [
        "dim_noc",
        "cops_summary",
        "bridge_noc_onet",
        "bridge_noc_og",
    ]
    .into_iter()
    .chain(RATING_TABLES.iter().copied())
    .chain(["job_architecture", "job_architecture_resolution"])
}

/// The job-architecture columns whose values the reader knows.
pub const JOB_COLUMNS: &[&str] = &[
    "job_function_en",
    "job_function_fr",
    "job_family_en",
    "job_family_fr",
    "managerial_level_en",
    "managerial_level_fr",
];

/// The names in the data the reader matches questions against.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// (descriptor name, rating table), names found in one table only.
    pub descriptors: Vec<(String, String)>,
    /// (job_architecture column, its distinct values).
    pub job_values: Vec<(String, Vec<String>)>,
    /// NOC code → (English title, French title).
    pub noc: BTreeMap<String, (String, Option<String>)>,
}

impl Vocab {
    /// The SQL that fills a vocabulary, in the order [`Vocab::from_results`]
    /// takes the results: `dim_noc`, then each of [`RATING_TABLES`], then
    /// `job_architecture`.
    pub fn queries() -> Vec<String> {
        let mut q = vec!["SELECT noc_code, title_en, title_fr FROM dim_noc".to_string()];
        for t in RATING_TABLES {
            q.push(format!("SELECT DISTINCT descriptor FROM {t}"));
        }
        q.push(format!(
            "SELECT DISTINCT {} FROM job_architecture",
            JOB_COLUMNS.join(", ")
        ));
        q
    }

    /// The vocabulary from the rows of [`Vocab::queries`]; a missing
    /// result (a table the caller does not have) leaves that part empty.
    pub fn from_results(results: &[Vec<Vec<Cell>>]) -> Vocab {
        let text = |c: Option<&Cell>| match c {
            Some(Cell::Text(s)) if !s.trim().is_empty() => Some(s.clone()),
            _ => None,
        };
        let mut v = Vocab::default();
        if let Some(rows) = results.first() {
            for r in rows {
                if let (Some(code), Some(en)) = (text(r.first()), text(r.get(1))) {
                    v.noc.insert(code, (en, text(r.get(2))));
                }
            }
        }
        let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (i, t) in RATING_TABLES.iter().enumerate() {
            for r in results.get(i + 1).into_iter().flatten() {
                if let Some(d) = text(r.first()) {
                    seen.entry(d).or_default().push(t.to_string());
                }
            }
        }
        v.descriptors = seen
            .into_iter()
            .filter(|(_, t)| t.len() == 1)
            .map(|(d, mut t)| (d, t.remove(0)))
            .collect();
        if let Some(rows) = results.get(RATING_TABLES.len() + 1) {
            for (k, col) in JOB_COLUMNS.iter().enumerate() {
                let mut vals: Vec<String> = rows.iter().filter_map(|r| text(r.get(k))).collect();
                vals.sort();
                vals.dedup();
                v.job_values.push((col.to_string(), vals));
            }
        }
        v
    }

    pub fn has_code(&self, code: &str) -> bool {
        self.noc.contains_key(code)
    }
}

/// A data question read: the SQL to run and how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct DataQuery {
    pub lang: Lang,
    pub plan: Plan,
    pub sql: String,
    pub notes: Vec<Note>,
    pub cites: Vec<Cite>,
}

impl DataQuery {
    /// The one-sentence answer in the question's language.
    pub fn sentence(&self, rows: &[Vec<Cell>]) -> String {
        say::sentence(&self.plan, rows, self.lang)
    }

    /// The sentence in both languages (English, French).
    pub fn sentences(&self, rows: &[Vec<Cell>]) -> (String, String) {
        (
            say::sentence(&self.plan, rows, Lang::En),
            say::sentence(&self.plan, rows, Lang::Fr),
        )
    }
}

/// A question that was not answered, and what to ask instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotUnderstood {
    pub lang: Lang,
    pub text_en: String,
    pub text_fr: String,
    /// The unit groups an ambiguous name may mean.
    pub candidates: Vec<Candidate>,
    /// Questions that work, as (English, French).
    pub suggestions: Vec<(String, String)>,
}

impl NotUnderstood {
    pub fn text(&self) -> &str {
        match self.lang {
            Lang::En => &self.text_en,
            Lang::Fr => &self.text_fr,
        }
    }
}

/// The answer to any question: about the data, the metadata, or neither.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Data(DataQuery),
    Metadata(super::Answer),
    NotUnderstood(NotUnderstood),
}

impl Reply {
    pub fn kind(&self) -> &'static str {
        match self {
            Reply::Data(_) => "data",
            Reply::Metadata(_) => "metadata",
            Reply::NotUnderstood(_) => "not_understood",
        }
    }
}

/// Reads `question` as a data question only.
pub fn read(
    question: &str,
    vocab: &Vocab,
    resolver: &dyn Resolver,
) -> Result<DataQuery, NotUnderstood> {
    let lang = super::text::detect_lang(question).unwrap_or(Lang::En);
    match reader::read(question, lang, vocab, resolver) {
        Ok(r) => {
            let s = sql::write(&r.plan, lang);
            Ok(DataQuery {
                lang,
                plan: r.plan,
                sql: s.text,
                notes: r.notes,
                cites: s.cites,
            })
        }
        Err(miss) => Err(not_understood(miss, lang, vocab)),
    }
}

/// One question box: a data question becomes SQL; otherwise a question
/// about the catalogue and lineage is answered from `catalog`; otherwise
/// it is not understood, with suggestions from the data's own names.
pub fn ask(catalog: &Catalog, vocab: &Vocab, resolver: &dyn Resolver, question: &str) -> Reply {
    match read(question, vocab, resolver) {
        Ok(q) => Reply::Data(q),
        Err(miss) => or_metadata(catalog, question, miss),
    }
}

/// What [`ask`] answers when `question` is not a data question it reads:
/// a question about the catalogue and lineage, unless the miss was an
/// ambiguous name (listed back, never answered as something else).
fn or_metadata(catalog: &Catalog, question: &str, miss: NotUnderstood) -> Reply {
    if miss.candidates.is_empty() {
        let meta = super::answer(catalog, question);
        if meta.intent != super::Intent::Unknown {
            return Reply::Metadata(meta);
        }
    }
    Reply::NotUnderstood(miss)
}

fn not_understood(miss: reader::Miss, lang: Lang, vocab: &Vocab) -> NotUnderstood {
    use reader::Miss;
    let (text_en, text_fr, candidates) = match miss {
        Miss::NotData => (
            "I did not understand the question; try one of these.".to_string(),
            "Je n’ai pas compris la question ; essayez l’une de celles-ci.".to_string(),
            Vec::new(),
        ),
        Miss::Unexplained(words) => {
            let w = words.join(" ");
            (
                format!("I did not understand “{w}” in the question; try one of these."),
                format!("Je n’ai pas compris « {w} » dans la question ; essayez l’une de celles-ci."),
                Vec::new(),
            )
        }
        Miss::Ambiguous(name, c) => (
            format!("“{name}” may mean several unit groups; ask again with one of these codes."),
            format!(
                "« {name} » peut désigner plusieurs groupes de base ; reposez la question avec l’un de ces codes."
            ),
            c,
        ),
        Miss::NoOccupation(name) => (
            format!("No unit group matches “{name}”; try one of these."),
            format!("Aucun groupe de base ne correspond à « {name} » ; essayez l’une de celles-ci."),
            Vec::new(),
        ),
        Miss::NoSuchCode(code) => (
            format!("{code} is not a NOC 2021 code; try one of these."),
            format!("{code} n’est pas un code de la CNP 2021 ; essayez l’une de celles-ci."),
            Vec::new(),
        ),
    };
    NotUnderstood {
        lang,
        text_en,
        text_fr: crate::typography::french(&text_fr),
        candidates,
        suggestions: suggestions(vocab),
    }
}

/// Example questions built from the data's own names, each of which the
/// reader answers (a test asks them all back).
pub fn suggestions(vocab: &Vocab) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "How many unit groups are in TEER 1?".to_string(),
            "Combien de groupes de base dans le FEER 1 ?".to_string(),
        ),
        (
            "Which occupations have the most job openings?".to_string(),
            "Quelles professions ont le plus de possibilités d’emploi ?".to_string(),
        ),
        (
            "Which unit groups have more job openings than job seekers?".to_string(),
            "Quels groupes de base ont plus de possibilités d’emploi que de chercheurs d’emploi ?"
                .to_string(),
        ),
    ];
    if let Some(code) = vocab.noc.keys().find(|c| c.len() == 5) {
        out.push((
            format!("Which O*NET occupations does unit group {code} map to?"),
            format!("À quelles professions O*NET correspond le groupe de base {code} ?"),
        ));
    }
    if let Some((d, _)) = vocab
        .descriptors
        .iter()
        .find(|(d, t)| t == "oasis_skills" && !d.is_empty())
    {
        out.push((
            format!("How many profiles rate {d} at 4 or more?"),
            format!("Combien de profils évaluent {d} à 4 ou plus ?"),
        ));
    }
    out.into_iter()
        .map(|(en, fr)| (en, crate::typography::french(&fr)))
        .collect()
}
