//! Impute: fill what the sources leave missing, each value with provenance.
//!
//! Unit-group (L5) attributes come from NOC and COPS (native) and from O*NET
//! through the crosswalk (imputed, confidence 0.5). Profiles (L6) keep their
//! own OaSIS values (native) and inherit every unit-group attribute. The
//! coverage report lists, for every entity and expected attribute, where its
//! value came from or that it is missing.

pub mod attributes;
pub mod coverage;
pub mod descriptions;
pub mod og_bridge;
pub mod onet;

use jobforge_core::provenance::{Method, ValueSource};

/// One value of one entity with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// `L5` (unit group) or `L6` (profile).
    pub entity_level: &'static str,
    pub entity_code: String,
    pub unit_group_id: String,
    /// Dotted name: `noc.teer`, `cops.job_openings_2024_2033`, `onet.work_style.integrity`.
    pub attribute: String,
    pub value_text: Option<String>,
    pub value_num: Option<f64>,
    pub value_source: ValueSource,
    pub source_table: String,
    pub source_level: &'static str,
    pub method: Method,
    pub confidence: f64,
    pub rationale: String,
}

impl Attribute {
    pub fn group(&self) -> &str {
        self.attribute.split('.').next().unwrap_or("")
    }
}
