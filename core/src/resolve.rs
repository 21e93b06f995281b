//! 5-tier resolution: a job title and its NOC 2021 unit group → an OaSIS
//! profile, with a fixed confidence per tier and a rationale in EN and FR.
//!
//! The tiers are tried in order and the first that applies wins:
//!
//! | tier | confidence | applies when |
//! |---|---|---|
//! | `DIRECT_MATCH` | 1.00 | the title equals a profile label of the unit group, after normalisation |
//! | `EXAMPLE_MATCH` | 0.95 | the title equals an example title of the unit group |
//! | `UG_DOMINANT` | 0.85 | the unit group has exactly one profile |
//! | `LABEL_IMPUTATION` | 0.60 | the best WRatio against labels and example titles is ≥ 70 |
//! | `UG_IMPUTATION` | 0.40 | otherwise: the unit group, no specific profile |

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::fuzz::{self, Scorer};

/// The least WRatio that `LABEL_IMPUTATION` accepts.
pub const LABEL_THRESHOLD: f64 = 70.0;

/// Written out (JSON, tables, pages) with the original system's names:
/// `DIRECT_MATCH`, `EXAMPLE_MATCH`, `UG_DOMINANT`, `LABEL_IMPUTATION`,
/// `UG_IMPUTATION`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Tier {
    DirectMatch,
    ExampleMatch,
    UgDominant,
    LabelImputation,
    UgImputation,
}

impl Tier {
    pub const ALL: [Tier; 5] = [
        Tier::DirectMatch,
        Tier::ExampleMatch,
        Tier::UgDominant,
        Tier::LabelImputation,
        Tier::UgImputation,
    ];

    pub fn confidence(self) -> f64 {
        match self {
            Tier::DirectMatch => 1.0,
            Tier::ExampleMatch => 0.95,
            Tier::UgDominant => 0.85,
            Tier::LabelImputation => 0.60,
            Tier::UgImputation => 0.40,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::DirectMatch => "DIRECT_MATCH",
            Tier::ExampleMatch => "EXAMPLE_MATCH",
            Tier::UgDominant => "UG_DOMINANT",
            Tier::LabelImputation => "LABEL_IMPUTATION",
            Tier::UgImputation => "UG_IMPUTATION",
        }
    }
}

/// An OaSIS profile (L6) of a unit group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub code: String,
    pub label: String,
}

/// An example title (L7) and the profile it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub profile_code: String,
    pub title: String,
}

/// What the resolver knows about one unit group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitGroup {
    pub title_en: String,
    pub profiles: Vec<Profile>,
    pub examples: Vec<Example>,
}

/// Every unit group of `dim_noc`, with its profiles and example titles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResolverData {
    pub unit_groups: BTreeMap<String, UnitGroup>,
}

/// Where a profile or title came from, as the provenance columns name it.
pub const LABELS_TABLE: &str = "element_labels";
pub const EXAMPLES_TABLE: &str = "element_example_titles";
pub const PROFILES_TABLE: &str = "dim_oasis_profile";

/// One resolution with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    pub tier: Tier,
    pub confidence: f64,
    pub unit_group: String,
    pub profile_code: Option<String>,
    pub profile_label: Option<String>,
    pub matched_text: Option<String>,
    pub scorer: Option<String>,
    pub score: Option<f64>,
    pub source_table: Option<String>,
    pub rationale_en: String,
    pub rationale_fr: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("the job title is empty")]
    EmptyTitle,
    #[error("{0:?} is not a 5-digit NOC 2021 unit group")]
    NotUnitGroup(String),
}

/// Equality "after normalisation": RapidFuzz's `default_process` (case,
/// punctuation) with runs of spaces folded.
pub fn normalise(s: &str) -> String {
    fuzz::default_process(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl ResolverData {
    /// Joins the columns of `dim_noc` (code, English title),
    /// `dim_oasis_profile` (unit group, profile code, label) and
    /// `element_example_titles` (unit group, profile code, title), in the
    /// tables' order. The build and the app both read these columns, so the
    /// join lives here. Rows with a missing cell or a unit group absent from
    /// `dim_noc` cannot be resolved to and are left out.
    pub fn from_rows<'a>(
        noc: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>)>,
        profiles: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>, Option<&'a str>)>,
        examples: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>, Option<&'a str>)>,
    ) -> ResolverData {
        let mut groups: BTreeMap<String, UnitGroup> = BTreeMap::new();
        for (c, t) in noc {
            if let (Some(c), Some(t)) = (c, t) {
                if c.len() == 5 {
                    groups.insert(
                        c.to_string(),
                        UnitGroup {
                            title_en: t.to_string(),
                            ..Default::default()
                        },
                    );
                }
            }
        }
        for (ug, pc, label) in profiles {
            if let (Some(ug), Some(pc), Some(label)) = (ug, pc, label) {
                if let Some(g) = groups.get_mut(ug) {
                    g.profiles.push(Profile {
                        code: pc.to_string(),
                        label: label.to_string(),
                    });
                }
            }
        }
        for (ug, pc, title) in examples {
            if let (Some(ug), Some(pc), Some(title)) = (ug, pc, title) {
                if let Some(g) = groups.get_mut(ug) {
                    g.examples.push(Example {
                        profile_code: pc.to_string(),
                        title: title.to_string(),
                    });
                }
            }
        }
        ResolverData {
            unit_groups: groups,
        }
    }

    pub fn resolve(&self, title: &str, unit_group: &str) -> Result<Resolution, ResolveError> {
        let code = unit_group.trim();
        let ug = self
            .unit_groups
            .get(code)
            .filter(|_| code.len() == 5)
            .ok_or_else(|| ResolveError::NotUnitGroup(code.to_string()))?;
        let wanted = normalise(title);
        if wanted.is_empty() {
            return Err(ResolveError::EmptyTitle);
        }
        let label_of = |pc: &str| {
            ug.profiles
                .iter()
                .find(|p| p.code == pc)
                .map(|p| p.label.clone())
        };
        let base = |tier: Tier, en: String, fr: String| Resolution {
            tier,
            confidence: tier.confidence(),
            unit_group: code.to_string(),
            profile_code: None,
            profile_label: None,
            matched_text: None,
            scorer: None,
            score: None,
            source_table: None,
            rationale_en: en,
            rationale_fr: fr,
        };

        if let Some(p) = ug.profiles.iter().find(|p| normalise(&p.label) == wanted) {
            return Ok(Resolution {
                profile_code: Some(p.code.clone()),
                profile_label: Some(p.label.clone()),
                matched_text: Some(p.label.clone()),
                source_table: Some(LABELS_TABLE.into()),
                ..base(
                    Tier::DirectMatch,
                    format!(
                        "The title is the OaSIS label of profile {} in unit group {code}.",
                        p.code
                    ),
                    format!(
                        "Le titre est le libellé OaSIS du profil {} du groupe de base {code}.",
                        p.code
                    ),
                )
            });
        }
        if let Some(e) = ug.examples.iter().find(|e| normalise(&e.title) == wanted) {
            return Ok(Resolution {
                profile_code: Some(e.profile_code.clone()),
                profile_label: label_of(&e.profile_code),
                matched_text: Some(e.title.clone()),
                source_table: Some(EXAMPLES_TABLE.into()),
                ..base(
                    Tier::ExampleMatch,
                    format!("The title is an example title of profile {} in unit group {code}.", e.profile_code),
                    format!("Le titre est une appellation d'emploi du profil {} du groupe de base {code}.", e.profile_code),
                )
            });
        }
        if let [only] = ug.profiles.as_slice() {
            return Ok(Resolution {
                profile_code: Some(only.code.clone()),
                profile_label: Some(only.label.clone()),
                matched_text: Some(only.label.clone()),
                source_table: Some(PROFILES_TABLE.into()),
                ..base(
                    Tier::UgDominant,
                    format!(
                        "Unit group {code} has a single OaSIS profile, {}.",
                        only.code
                    ),
                    format!(
                        "Le groupe de base {code} n'a qu'un seul profil OaSIS, {}.",
                        only.code
                    ),
                )
            });
        }
        let candidates = ug
            .profiles
            .iter()
            .map(|p| (p.code.as_str(), p.label.as_str(), LABELS_TABLE))
            .chain(
                ug.examples
                    .iter()
                    .map(|e| (e.profile_code.as_str(), e.title.as_str(), EXAMPLES_TABLE)),
            );
        let mut best: Option<(f64, &str, &str, &str)> = None;
        for (pc, text, table) in candidates {
            let s = Scorer::WRatio.score(title, text);
            // Strictly greater: on ties the first candidate (labels before
            // examples, publisher's order) wins, so results are stable.
            if best.is_none_or(|b| s > b.0) {
                best = Some((s, pc, text, table));
            }
        }
        if let Some((score, pc, text, table)) = best.filter(|b| b.0 >= LABEL_THRESHOLD) {
            return Ok(Resolution {
                profile_code: Some(pc.to_string()),
                profile_label: label_of(pc),
                matched_text: Some(text.to_string()),
                scorer: Some("WRatio".into()),
                score: Some(score),
                source_table: Some(table.into()),
                ..base(
                    Tier::LabelImputation,
                    format!("The closest title in unit group {code} is \u{201c}{text}\u{201d} (WRatio {score:.1} ≥ {LABEL_THRESHOLD}), of profile {pc}."),
                    format!("Le titre le plus proche dans le groupe de base {code} est « {text} » (WRatio {score:.1} ≥ {LABEL_THRESHOLD}), du profil {pc}."),
                )
            });
        }
        let (score, text) = best.map_or((None, None), |b| (Some(b.0), Some(b.2.to_string())));
        Ok(Resolution {
            scorer: score.map(|_| "WRatio".into()),
            score,
            matched_text: text,
            ..base(
                Tier::UgImputation,
                format!("No profile of unit group {code} matches closely enough (best WRatio below {LABEL_THRESHOLD}); the unit group is kept without a profile."),
                format!("Aucun profil du groupe de base {code} ne correspond assez (meilleur WRatio inférieur à {LABEL_THRESHOLD}); le groupe de base est retenu sans profil."),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// JSON says a tier as the tables and pages do.
    #[test]
    fn tiers_are_written_with_the_seed_names() {
        for t in Tier::ALL {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
            assert_eq!(serde_json::from_str::<Tier>(&json).unwrap(), t);
        }
    }

    /// Titles from OaSIS 2023 (unit groups 13110 and 21231), not from any
    /// organisation's data.
    fn data() -> ResolverData {
        let mut d = ResolverData::default();
        d.unit_groups.insert(
            "13110".into(),
            UnitGroup {
                title_en: "Administrative assistants".into(),
                profiles: vec![Profile {
                    code: "13110.00".into(),
                    label: "Administrative assistants".into(),
                }],
                examples: vec![Example {
                    profile_code: "13110.00".into(),
                    title: "executive assistant".into(),
                }],
            },
        );
        d.unit_groups.insert(
            "21231".into(),
            UnitGroup {
                title_en: "Software engineers and designers".into(),
                profiles: vec![
                    Profile {
                        code: "21231.01".into(),
                        label: "Software engineers".into(),
                    },
                    Profile {
                        code: "21231.02".into(),
                        label: "Software designers".into(),
                    },
                ],
                examples: vec![
                    Example {
                        profile_code: "21231.01".into(),
                        title: "software architect".into(),
                    },
                    Example {
                        profile_code: "21231.02".into(),
                        title: "application architect".into(),
                    },
                ],
            },
        );
        d
    }

    #[test]
    fn tiers_in_order() {
        let d = data();
        let r = d.resolve("SOFTWARE  engineers!", "21231").unwrap();
        assert_eq!(
            (r.tier, r.profile_code.as_deref()),
            (Tier::DirectMatch, Some("21231.01"))
        );
        let r = d.resolve("Application Architect", "21231").unwrap();
        assert_eq!(
            (r.tier, r.profile_code.as_deref()),
            (Tier::ExampleMatch, Some("21231.02"))
        );
        assert_eq!(r.profile_label.as_deref(), Some("Software designers"));
        let r = d.resolve("Office manager", "13110").unwrap();
        assert_eq!((r.tier, r.confidence), (Tier::UgDominant, 0.85));
        let r = d.resolve("Senior software architect", "21231").unwrap();
        assert_eq!(r.tier, Tier::LabelImputation);
        assert_eq!(r.profile_code.as_deref(), Some("21231.01"));
        assert!(r.score.unwrap() >= LABEL_THRESHOLD);
        let r = d.resolve("Pastry chef", "21231").unwrap();
        assert_eq!((r.tier, r.profile_code), (Tier::UgImputation, None));
        assert!(r.rationale_en.ends_with('.') && r.rationale_fr.ends_with('.'));
    }

    #[test]
    fn typed_errors_not_guesses() {
        let d = data();
        assert_eq!(d.resolve("  ", "21231"), Err(ResolveError::EmptyTitle));
        assert_eq!(d.resolve("!!", "21231"), Err(ResolveError::EmptyTitle));
        assert!(matches!(
            d.resolve("x", "2123"),
            Err(ResolveError::NotUnitGroup(_))
        ));
        assert!(matches!(
            d.resolve("x", "99999"),
            Err(ResolveError::NotUnitGroup(_))
        ));
    }
}
