//! The typed reading of a data question: what to compute, over which
//! rows, grouped and ordered how. `sql.rs` writes it as SQL, `say.rs` as a
//! sentence; neither sees the question's words.

use serde::{Deserialize, Serialize};

/// A COPS 2024–2033 measure of `cops_summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Measure {
    JobOpenings,
    JobSeekers,
    Employment,
    EmploymentGrowth,
    Retirements,
    SchoolLeavers,
    Immigration,
    OtherReplacement,
    OtherSeekers,
}

impl Measure {
    pub const ALL: [Measure; 9] = [
        Measure::JobOpenings,
        Measure::JobSeekers,
        Measure::Employment,
        Measure::EmploymentGrowth,
        Measure::Retirements,
        Measure::SchoolLeavers,
        Measure::Immigration,
        Measure::OtherReplacement,
        Measure::OtherSeekers,
    ];

    pub fn column(self) -> &'static str {
        match self {
            Measure::JobOpenings => "job_openings",
            Measure::JobSeekers => "job_seekers",
            Measure::Employment => "employment_2023",
            Measure::EmploymentGrowth => "employment_growth",
            Measure::Retirements => "retirements",
            Measure::SchoolLeavers => "school_leavers",
            Measure::Immigration => "immigration",
            Measure::OtherReplacement => "other_replacement",
            Measure::OtherSeekers => "other_seekers",
        }
    }

    /// (English, French) name, as the site labels it.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Measure::JobOpenings => (
                "job openings, 2024–2033",
                "possibilités d’emploi, 2024 à 2033",
            ),
            Measure::JobSeekers => ("job seekers, 2024–2033", "chercheurs d’emploi, 2024 à 2033"),
            Measure::Employment => ("employment in 2023", "emploi en 2023"),
            Measure::EmploymentGrowth => (
                "employment growth, 2024–2033",
                "croissance de l’emploi, 2024 à 2033",
            ),
            Measure::Retirements => (
                "retirements, 2024–2033",
                "départs à la retraite, 2024 à 2033",
            ),
            Measure::SchoolLeavers => (
                "school leavers, 2024–2033",
                "sortants du système scolaire, 2024 à 2033",
            ),
            Measure::Immigration => ("immigrants, 2024–2033", "immigrants, 2024 à 2033"),
            Measure::OtherReplacement => (
                "other replacement demand, 2024–2033",
                "autres besoins de remplacement, 2024 à 2033",
            ),
            Measure::OtherSeekers => (
                "other job seekers, 2024–2033",
                "autres chercheurs d’emploi, 2024 à 2033",
            ),
        }
    }
}

/// Which side a COPS outlook leans to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Shortage,
    Surplus,
    Balance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strength {
    Moderate,
    Strong,
}

/// A NOC level named in a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    BroadCategory,
    MajorGroup,
    SubMajorGroup,
    MinorGroup,
    UnitGroup,
}

impl Level {
    /// The number of digits of a code at this level.
    pub fn digits(self) -> usize {
        match self {
            Level::BroadCategory => 1,
            Level::MajorGroup => 2,
            Level::SubMajorGroup => 3,
            Level::MinorGroup => 4,
            Level::UnitGroup => 5,
        }
    }

    pub fn of_code(code: &str) -> Option<Level> {
        match code.len() {
            1 => Some(Level::BroadCategory),
            2 => Some(Level::MajorGroup),
            3 => Some(Level::SubMajorGroup),
            4 => Some(Level::MinorGroup),
            5 => Some(Level::UnitGroup),
            _ => None,
        }
    }

    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Level::BroadCategory => ("broad category", "grande catégorie"),
            Level::MajorGroup => ("major group", "grand groupe"),
            Level::SubMajorGroup => ("sub-major group", "sous-grand groupe"),
            Level::MinorGroup => ("minor group", "groupe intermédiaire"),
            Level::UnitGroup => ("unit group", "groupe de base"),
        }
    }
}

/// A condition on unit groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Filter {
    Teer(u8),
    /// Within a broad category, major, sub-major or minor group.
    Under(String),
    Outlook {
        recent: bool,
        side: Side,
        strength: Option<Strength>,
    },
    /// `left` greater than `right` ("more openings than seekers").
    Greater(Measure, Measure),
}

/// A condition on the job architecture: the column and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobFilter {
    pub column: String,
    pub value: String,
}

/// How rows are grouped for "per" questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupBy {
    Teer,
    BroadCategory,
    ManagerialLevel,
    JobFunction,
    JobFamily,
    ResolutionTier,
}

/// The crosswalk a question asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Crosswalk {
    Onet,
    OccupationalGroup,
}

/// What to compute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Plan {
    CountUnitGroups(Vec<Filter>),
    ListUnitGroups(Vec<Filter>),
    Top {
        measure: Measure,
        n: usize,
        descending: bool,
        filters: Vec<Filter>,
    },
    Sum(Measure, Vec<Filter>),
    Average(Measure, Vec<Filter>),
    /// One unit group's measure.
    Value(Measure, String),
    /// Unit groups (or a measure's total) per TEER or broad category.
    PerGroup(GroupBy, Option<Measure>, Vec<Filter>),
    /// The groups or unit groups directly under a code.
    Children(String),
    /// The groups a code belongs to.
    Ancestors(String),
    Crosswalk(Crosswalk, String),
    WithoutCrosswalk(Crosswalk),
    /// OaSIS profiles rating a descriptor at `min` or more (exactly, with `exact`).
    Rating {
        table: String,
        descriptor: String,
        min: i64,
        exact: bool,
        list: bool,
    },
    CountJobTitles(Vec<JobFilter>),
    ListJobTitles(Vec<JobFilter>),
    JobTitlesPer(GroupBy, bool),
}
