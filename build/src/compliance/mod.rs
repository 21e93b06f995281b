//! Compliance models whose evidence is computed from the build: the
//! Directive on Automated Decision-Making (section 6), the 11 DAMA-DMBOK
//! knowledge areas, and a classification requirements traceability matrix.
//!
//! Requirement prose (EN/FR, applicability and its reason) lives in
//! `content/compliance.toml`; each applicable requirement names evidence
//! checks, and each check is a figure measured on this build's artefacts
//! with a pass/fail verdict. Status follows: all checks pass → `met`, some
//! → `partial`, none → `not_met`. An applicable requirement with no evidence
//! stops the build, and so does a `not_applicable` one without a reason.

pub mod evidence;
pub mod rtm;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use evidence::Facts;

#[derive(Debug, Clone, Deserialize)]
pub struct RequirementText {
    pub id: String,
    pub title_en: String,
    pub title_fr: String,
    pub text_en: String,
    pub text_fr: String,
    pub applicable: bool,
    pub reason_en: String,
    pub reason_fr: String,
    #[serde(default)]
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ComplianceText {
    pub dadm: Vec<RequirementText>,
    pub dama: Vec<RequirementText>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Partial,
    NotMet,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::NotMet => "not_met",
            Status::NotApplicable => "not_applicable",
        }
    }
}

/// One piece of evidence: an artefact of the build and a figure measured on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub check: String,
    pub label_en: String,
    pub label_fr: String,
    /// Path of the artefact, relative to the output folder.
    pub artefact: String,
    pub figure: String,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Applicability {
    pub applicable: bool,
    pub reason_en: String,
    pub reason_fr: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    pub id: String,
    pub title_en: String,
    pub title_fr: String,
    pub text_en: String,
    pub text_fr: String,
    pub applicability: Applicability,
    pub status: Status,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum ComplianceError {
    #[error("{0}: {1}")]
    Content(String, String),
    #[error("{0} is applicable but has no evidence: name evidence checks, or mark it not applicable with a reason")]
    NoEvidence(String),
    #[error("{0} is not applicable but gives no reason in both languages")]
    NoReason(String),
    #[error("{0} names an unknown evidence check {1:?}")]
    UnknownCheck(String, String),
}

impl ComplianceText {
    pub fn load(path: &Path) -> Result<ComplianceText, ComplianceError> {
        let s = std::fs::read_to_string(path)
            .map_err(|e| ComplianceError::Content(path.display().to_string(), e.to_string()))?;
        crate::content::parse(&s, crate::content::French::Keyed)
            .map_err(|e| ComplianceError::Content(path.display().to_string(), e))
    }
}

/// Evaluates one framework's requirements against the build's facts.
pub fn evaluate(
    reqs: &[RequirementText],
    facts: &Facts,
) -> Result<Vec<Requirement>, ComplianceError> {
    reqs.iter()
        .map(|r| {
            let (status, evidence) = if r.applicable {
                if r.evidence.is_empty() {
                    return Err(ComplianceError::NoEvidence(r.id.clone()));
                }
                let evidence = r
                    .evidence
                    .iter()
                    .map(|k| {
                        evidence::check(k, facts)
                            .ok_or_else(|| ComplianceError::UnknownCheck(r.id.clone(), k.clone()))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let passed = evidence.iter().filter(|e| e.passed).count();
                let status = if passed == evidence.len() {
                    Status::Met
                } else if passed > 0 {
                    Status::Partial
                } else {
                    Status::NotMet
                };
                (status, evidence)
            } else {
                if r.reason_en.trim().is_empty() || r.reason_fr.trim().is_empty() {
                    return Err(ComplianceError::NoReason(r.id.clone()));
                }
                (Status::NotApplicable, Vec::new())
            };
            Ok(Requirement {
                id: r.id.clone(),
                title_en: r.title_en.clone(),
                title_fr: r.title_fr.clone(),
                text_en: r.text_en.clone(),
                text_fr: r.text_fr.clone(),
                applicability: Applicability {
                    applicable: r.applicable,
                    reason_en: r.reason_en.clone(),
                    reason_fr: r.reason_fr.clone(),
                },
                status,
                evidence,
            })
        })
        .collect()
}

/// Counts by status, for summaries.
pub fn counts(reqs: &[Requirement]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for r in reqs {
        *m.entry(r.status.as_str()).or_default() += 1;
    }
    m
}

/// The frameworks, in the order [`all`] evaluates them: the Directive on
/// Automated Decision-Making, DAMA-DMBOK and the traceability matrix.
pub const FRAMEWORKS: [&str; 3] = ["dadm", "dama", "rtm"];

/// One framework's name and its evaluated requirements.
pub type Framework = (&'static str, Vec<Requirement>);

/// Where a framework's requirements are written, under the output folder.
pub fn json_path(framework: &str) -> String {
    format!("data/compliance/{framework}.json")
}

/// Every requirement of every framework, as one table, under the output folder.
pub const TABLE_PATH: &str = "data/compliance/compliance_requirements.parquet";

/// All three frameworks, evaluated.
pub fn all(text: &ComplianceText, facts: &Facts) -> Result<Vec<Framework>, ComplianceError> {
    let [dadm, dama, rtm] = FRAMEWORKS;
    Ok(vec![
        (dadm, evaluate(&text.dadm, facts)?),
        (dama, evaluate(&text.dama, facts)?),
        (rtm, rtm::matrix(facts)),
    ])
}

/// Markdown table of one framework.
pub fn markdown(reqs: &[Requirement]) -> String {
    let mut s = String::from("| id | requirement | status | evidence |\n|---|---|---|---|\n");
    for r in reqs {
        let ev = if r.evidence.is_empty() {
            r.applicability.reason_en.clone()
        } else {
            r.evidence
                .iter()
                .map(|e| {
                    format!(
                        "{}{}: {} (`{}`)",
                        if e.passed { "" } else { "✗ " },
                        e.label_en,
                        e.figure,
                        e.artefact
                    )
                })
                .collect::<Vec<_>>()
                .join("<br>")
        };
        s += &format!(
            "| {} | {} | {} | {} |\n",
            r.id,
            r.title_en,
            r.status.as_str(),
            ev.replace('|', "\\|")
        );
    }
    s
}
