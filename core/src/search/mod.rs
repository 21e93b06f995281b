//! Free-text job title → NOC 2021 unit group search.
//!
//! The index holds every title the sources give for a unit group (OaSIS
//! labels and example titles, NOC titles at every level, the official NOC
//! example titles in EN and FR, COPS titles in EN and FR, O*NET alternate titles mapped through the crosswalk, and the
//! organisation's job-architecture titles in EN and FR) and a model trained
//! on them when the index is built:
//!
//! * [`text`] folds accents and ligatures, drops French feminine brackets
//!   (`Adjoint(e) administratif(ive)`), splits slash forms
//!   (`Infirmier/infirmière`) and keeps `title - domain` qualifiers;
//! * [`features`] turns a title into hashed word, word-pair, character
//!   n-gram and title-shape features;
//! * [`model`] is a linear softmax over unit groups whose weights are shared
//!   along the NOC hierarchy (broad category, major, sub-major and minor
//!   groups, TEER);
//! * [`siblings`] lets a `head - qualifier` title learn from the
//!   job-architecture titles that share its qualifier (or its nearest
//!   rewording), and from the level
//!   (TEER) its head's other titles file under;
//! * [`lexicon`] learns French → English words from the sources' bilingual
//!   pairs, so a French query is also scored through its English rendering;
//! * [`index`] ranks unit groups by combining the model with exact title
//!   matches, finds the title that matched, and decides whether the answer
//!   needs review.
//!
//! Everything is pure computation (no I/O, no threads) and the index
//! serialises with postcard, so the browser app runs the same search.

pub mod explain;
pub mod features;
pub mod index;
pub mod lexicon;
pub mod model;
pub mod siblings;
pub mod text;

use serde::{Deserialize, Serialize};

pub use index::{Hit, SearchConfig, SearchIndex, SearchResult, Status};

/// The language of a title or query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

/// Where an indexed title comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Source {
    /// OaSIS profile label (`element_labels`).
    OasisLabel,
    /// OaSIS example title of type `Example`.
    OasisExample,
    /// OaSIS example title of type `Index`.
    OasisIndex,
    /// OaSIS example title of type `Inclusion`.
    OasisInclusion,
    /// NOC 2021 title of a unit group or of a broader group.
    NocTitle,
    /// COPS occupation name (EN and FR).
    CopsTitle,
    /// O*NET alternate title, mapped to unit groups through the crosswalk.
    OnetAlternate,
    /// The organisation's job architecture.
    JobArchitecture,
    /// An official NOC 2021 example title (StatCan's elements files), in
    /// English or French. Last, so indexes serialised before it still decode.
    NocExample,
}

impl Source {
    pub const ALL: [Source; 9] = [
        Source::OasisLabel,
        Source::OasisExample,
        Source::OasisIndex,
        Source::OasisInclusion,
        Source::NocTitle,
        Source::CopsTitle,
        Source::OnetAlternate,
        Source::JobArchitecture,
        Source::NocExample,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::OasisLabel => "oasis_label",
            Source::OasisExample => "oasis_example_title",
            Source::OasisIndex => "oasis_index_title",
            Source::OasisInclusion => "oasis_inclusion",
            Source::NocTitle => "noc_title",
            Source::CopsTitle => "cops_title",
            Source::OnetAlternate => "onet_alternate_title_via_crosswalk",
            Source::JobArchitecture => "job_architecture",
            Source::NocExample => "noc_example_title",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Source::OasisLabel => "OaSIS profile label",
            Source::OasisExample => "OaSIS example title",
            Source::OasisIndex => "OaSIS index title",
            Source::OasisInclusion => "OaSIS inclusion",
            Source::NocTitle => "NOC 2021 title",
            Source::CopsTitle => "COPS occupation name",
            Source::OnetAlternate => "O*NET alternate title (via the NOC–O*NET crosswalk)",
            Source::JobArchitecture => "job architecture title",
            Source::NocExample => "NOC 2021 example title",
        }
    }

    /// The French label with its definite article, elided where French
    /// elides it (`l’exemple…`, `le titre…`), for sentences such as « la
    /// requête est l’exemple d’appellation… ».
    pub fn label_fr_defined(self) -> String {
        let label = self.label_fr();
        let elides = label
            .chars()
            .next()
            .is_some_and(|c| "aeéèêiîoôuhAEÉIOU".contains(c));
        // Every label is a masculine noun but `appellation` and `inclusion`.
        let feminine = label.starts_with("appellation") || label.starts_with("inclusion");
        match (elides, feminine) {
            (true, _) => format!("l’{label}"),
            (false, true) => format!("la {label}"),
            (false, false) => format!("le {label}"),
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Source::OasisLabel => "appellation de profil OaSIS",
            Source::OasisExample => "exemple d’appellation OaSIS",
            Source::OasisIndex => "appellation de l’index OaSIS",
            Source::OasisInclusion => "inclusion OaSIS",
            Source::NocTitle => "titre de la CNP 2021",
            Source::CopsTitle => "nom de profession du SPPC",
            Source::OnetAlternate => "appellation O*NET (par la table de concordance CNP–O*NET)",
            Source::JobArchitecture => "titre de l’architecture des emplois",
            Source::NocExample => "exemple d’appellation de la CNP 2021",
        }
    }
}

/// One title to index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TitleEntry {
    pub text: String,
    pub lang: Lang,
    pub source: Source,
    /// NOC codes the title is filed under: unit groups (5 digits), or a
    /// broader group for NOC titles of levels 1–4. An O*NET title has every
    /// unit group its O*NET occupation maps to.
    pub codes: Vec<String>,
    /// The OaSIS profile the title belongs to, when known.
    pub profile: Option<String>,
    /// The source row (e.g. `ja:123`): the English and French titles of one
    /// row share it, which is how the lexicon finds translation pairs and
    /// how an evaluation leaves a row out.
    pub key: Option<String>,
}

impl TitleEntry {
    /// A title with no known profile (most sources name none).
    pub fn new(
        text: impl Into<String>,
        lang: Lang,
        source: Source,
        codes: Vec<String>,
        key: Option<String>,
    ) -> TitleEntry {
        TitleEntry {
            text: text.into(),
            lang,
            source,
            codes,
            profile: None,
            key,
        }
    }
}

/// A unit group as search results show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitGroup {
    pub code: String,
    pub title_en: String,
    pub title_fr: Option<String>,
    /// OaSIS profiles `(code, label)`, the main (`.00`) profile first.
    pub profiles: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("no unit groups to index")]
    NoUnitGroups,
    #[error("title {title:?} is filed under unknown NOC code {code:?}")]
    UnknownCode { title: String, code: String },
    #[error("search index encoding: {0}")]
    Encoding(String),
}
