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

/// Rank of each row among the rows that share its key, by confidence (1 is
/// the most confident; ties keep input order). Used wherever several values
/// compete for one slot: nothing is overwritten, everything is ranked.
pub fn rank_by_confidence<K: Ord>(keys: &[K], confidence: &[f64]) -> Vec<i64> {
    let mut groups: std::collections::BTreeMap<&K, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        groups.entry(k).or_default().push(i);
    }
    let mut out = vec![1; keys.len()];
    for idx in groups.values_mut() {
        idx.sort_by(|&x, &y| confidence[y].total_cmp(&confidence[x]).then(x.cmp(&y)));
        for (r, &i) in idx.iter().enumerate() {
            out[i] = r as i64 + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::rank_by_confidence;

    #[test]
    fn ranks_within_keys_by_confidence() {
        let keys = ["a", "b", "a", "a"];
        let conf = [0.5, 0.9, 1.0, 0.5];
        assert_eq!(rank_by_confidence(&keys, &conf), [2, 1, 1, 3]);
    }
}
