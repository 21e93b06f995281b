//! Provenance: where every value of the WiQ model comes from.
//!
//! Each value carries the source (`native`, `inherited`, `imputed`), the
//! table and level it was taken from, the method, a confidence in 0–1 and a
//! rationale. Values are never overwritten: when sources disagree, each is
//! kept and ranked by confidence.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ValueSource {
    /// Published for this very entity.
    Native,
    /// Published for a parent (a profile's unit group) and carried down.
    Inherited,
    /// Estimated: from another classification, a model or an LLM.
    Imputed,
    /// No source gives it.
    Missing,
}

impl ValueSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ValueSource::Native => "native",
            ValueSource::Inherited => "inherited",
            ValueSource::Imputed => "imputed",
            ValueSource::Missing => "missing",
        }
    }
}

/// How a value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Method {
    /// As the publisher gives it for the entity.
    Published,
    /// Carried from the unit group (L5) to its profiles (L6).
    InheritL5,
    /// Aggregated from O*NET occupations through the NOC ↔ O*NET crosswalk.
    OnetCrosswalk,
    /// Returned by a language model (cached).
    Llm,
    /// Taken from an authoritative statement (OaSIS lead statement).
    Authoritative,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Published => "PUBLISHED",
            Method::InheritL5 => "INHERIT_L5",
            Method::OnetCrosswalk => "ONET_CROSSWALK",
            Method::Llm => "LLM",
            Method::Authoritative => "AUTHORITATIVE",
        }
    }
}

/// Confidence of O*NET-derived values: a US classification reached through a
/// crosswalk ranks below every Canadian source.
pub const ONET_CONFIDENCE: f64 = 0.5;

/// Confidence of values published for the entity itself.
pub const NATIVE_CONFIDENCE: f64 = 1.0;

/// Confidence of values inherited from a unit group by its profiles: the
/// unit group's value is authoritative, but a profile may differ from it.
pub const INHERITED_CONFIDENCE: f64 = 0.9;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub value_source: ValueSource,
    pub source_table: String,
    /// `L1` … `L7`: the level of the entity the value was published for.
    pub source_level: String,
    pub method: Method,
    pub confidence: f64,
    pub rationale: String,
}
