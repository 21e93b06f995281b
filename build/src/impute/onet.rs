//! O*NET attributes of each NOC unit group, through the Brookfield crosswalk.
//!
//! A unit group maps to one or more O*NET-SOC codes. Numeric attributes are
//! averaged with equal weight over the mapped codes that have the value;
//! lists (tasks, alternate titles) are pooled. Unit groups with no mapping
//! get no O*NET value at all: the coverage report shows them as missing.

use std::collections::{BTreeMap, BTreeSet};

use jobforge_core::provenance::{Method, ValueSource, ONET_CONFIDENCE};

use super::Attribute;
use crate::model::Gold;
use crate::table::{Table, TableError, Value};

/// Tasks listed per unit group at most.
const TOP_TASKS: usize = 5;

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// `Achievement/Effort` → `achievement_effort`.
fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('_') {
            s.push('_');
        }
    }
    s.trim_matches('_').to_string()
}

/// (O*NET code, element name) → value, for one scale of a rating table.
fn ratings(t: &Table, scale: &str) -> Result<BTreeMap<String, BTreeMap<String, f64>>, TableError> {
    let codes = t.text_column("onet_soc_code")?;
    let names = t.text_column("element_name")?;
    let scales = t.text_column("scale_id")?;
    let values = t.column("data_value")?;
    let mut out: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for i in 0..t.len() {
        if scales[i] != Some(scale) {
            continue;
        }
        if let (Some(c), Some(n), Some(v)) = (codes[i], names[i], num(&values[i])) {
            out.entry(c.to_string())
                .or_default()
                .insert(n.to_string(), v);
        }
    }
    Ok(out)
}

/// The O*NET-SOC codes of each unit group, from `bridge_noc_onet`.
pub fn mappings(gold: &Gold) -> Result<BTreeMap<String, BTreeSet<String>>, TableError> {
    let b = gold.table("bridge_noc_onet")?;
    let ugs = b.text_column("unit_group_id")?;
    let codes = b.text_column("onet_soc_code")?;
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (ug, c) in ugs.iter().zip(&codes) {
        if let (Some(ug), Some(c)) = (ug, c) {
            out.entry(ug.to_string()).or_default().insert(c.to_string());
        }
    }
    Ok(out)
}

struct Builder<'a> {
    ug: &'a str,
    mapped: &'a BTreeSet<String>,
    out: Vec<Attribute>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        attribute: String,
        text: Option<String>,
        value: Option<f64>,
        table: &str,
        how: String,
    ) {
        self.out.push(Attribute {
            entity_level: "L5",
            entity_code: self.ug.to_string(),
            unit_group_id: self.ug.to_string(),
            attribute,
            value_text: text,
            value_num: value,
            value_source: ValueSource::Imputed,
            source_table: table.to_string(),
            source_level: "L5",
            method: Method::OnetCrosswalk,
            confidence: ONET_CONFIDENCE,
            rationale: format!(
                "{how} over the O*NET-SOC codes mapped to unit group {} by the Brookfield crosswalk ({}).",
                self.ug,
                self.mapped.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        });
    }

    /// Equal-weight mean of one element over the mapped codes that rate it.
    fn averages(
        &mut self,
        prefix: &str,
        by_code: &BTreeMap<String, BTreeMap<String, f64>>,
        table: &str,
    ) {
        let mut sums: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
        for code in self.mapped {
            if let Some(elements) = by_code.get(code) {
                for (name, v) in elements {
                    let e = sums.entry(name.as_str()).or_default();
                    e.0 += v;
                    e.1 += 1;
                }
            }
        }
        for (name, (sum, n)) in sums {
            let how = format!(
                "Mean of {n} of {} mapped codes, each weighted equally,",
                self.mapped.len()
            );
            self.push(
                format!("{prefix}.{}", slug(name)),
                None,
                Some(round(sum / n as f64)),
                table,
                how,
            );
        }
    }
}

/// Rounded to 4 decimals so the value reads the same in every tool.
fn round(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// RIASEC letters in O*NET's element-name order.
const RIASEC: &[(&str, char)] = &[
    ("Realistic", 'R'),
    ("Investigative", 'I'),
    ("Artistic", 'A'),
    ("Social", 'S'),
    ("Enterprising", 'E'),
    ("Conventional", 'C'),
];

pub fn unit_group_attributes(gold: &Gold) -> Result<Vec<Attribute>, TableError> {
    let maps = mappings(gold)?;
    let interests = ratings(gold.table("onet_interests")?, "OI")?;
    let styles = ratings(gold.table("onet_work_styles")?, "IM")?;
    let values = ratings(gold.table("onet_work_values")?, "EX")?;

    let zones: BTreeMap<String, f64> = {
        let t = gold.table("onet_job_zones")?;
        let c = t.text_column("onet_soc_code")?;
        let z = t.column("job_zone")?;
        c.iter()
            .zip(z)
            .filter_map(|(c, z)| Some(((*c)?.to_string(), num(z)?)))
            .collect()
    };
    let mut tasks: BTreeMap<String, Vec<String>> = BTreeMap::new();
    {
        let t = gold.table("onet_tasks")?;
        let c = t.text_column("onet_soc_code")?;
        let task = t.text_column("task")?;
        let kind = t.text_column("task_type")?;
        for i in 0..t.len() {
            if let (Some(c), Some(task), Some("Core")) = (c[i], task[i], kind[i]) {
                tasks
                    .entry(c.to_string())
                    .or_default()
                    .push(task.to_string());
            }
        }
    }
    let mut alt_titles: BTreeMap<String, usize> = BTreeMap::new();
    {
        let t = gold.table("onet_alternate_titles")?;
        for c in t.text_column("onet_soc_code")?.into_iter().flatten() {
            *alt_titles.entry(c.to_string()).or_default() += 1;
        }
    }

    let mut out = Vec::new();
    for (ug, mapped) in &maps {
        let mut b = Builder {
            ug,
            mapped,
            out: Vec::new(),
        };
        b.averages("onet.interest", &interests, "onet_interests");
        b.averages("onet.work_style", &styles, "onet_work_styles");
        b.averages("onet.work_value", &values, "onet_work_values");

        // Holland code: the three highest mean interests.
        let mut means: Vec<(f64, char)> = RIASEC
            .iter()
            .filter_map(|(name, letter)| {
                let vals: Vec<f64> = mapped
                    .iter()
                    .filter_map(|c| interests.get(c)?.get(*name).copied())
                    .collect();
                (!vals.is_empty()).then(|| (vals.iter().sum::<f64>() / vals.len() as f64, *letter))
            })
            .collect();
        means.sort_by(|a, b| b.0.total_cmp(&a.0));
        if means.len() >= 3 {
            let code: String = means.iter().take(3).map(|m| m.1).collect();
            b.push(
                "onet.holland_code".into(),
                Some(code),
                None,
                "onet_interests",
                "The three highest mean RIASEC interests".into(),
            );
        }

        let z: Vec<f64> = mapped
            .iter()
            .filter_map(|c| zones.get(c).copied())
            .collect();
        if !z.is_empty() {
            let how = format!(
                "Mean job zone of {} of {} mapped codes, each weighted equally,",
                z.len(),
                mapped.len()
            );
            b.push(
                "onet.job_zone".into(),
                None,
                Some(round(z.iter().sum::<f64>() / z.len() as f64)),
                "onet_job_zones",
                how,
            );
        }
        let pooled: Vec<&String> = mapped
            .iter()
            .filter_map(|c| tasks.get(c))
            .flat_map(|t| t.iter())
            .take(TOP_TASKS)
            .collect();
        if !pooled.is_empty() {
            let text = pooled
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" | ");
            let how = format!(
                "The first {} core tasks, in code order and the publisher's order, pooled",
                pooled.len()
            );
            b.push("onet.top_tasks".into(), Some(text), None, "onet_tasks", how);
        }
        let n: usize = mapped.iter().filter_map(|c| alt_titles.get(c)).sum();
        if n > 0 {
            b.push(
                "onet.alternate_titles".into(),
                None,
                Some(n as f64),
                "onet_alternate_titles",
                "Count of alternate titles, summed".into(),
            );
        }
        out.extend(b.out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("Achievement/Effort"), "achievement_effort");
        assert_eq!(slug("Self-Control"), "self_control");
    }
}

/// What the O*NET Web Services pass did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebServicesStats {
    pub requested: usize,
    pub from_cache: usize,
    pub answered: usize,
    /// Requests that could not be answered (no key, HTTP errors, bad JSON).
    pub unanswered: usize,
    pub failures: Vec<String>,
}

/// Skills, abilities, knowledge and work activities of each unit group from
/// O*NET Web Services (importance 0–100, mean over the mapped codes that
/// have the element). Without a key, only cached answers are used.
pub fn web_services_attributes(
    gold: &Gold,
    client: &crate::clients::onet_ws::OnetClient,
) -> Result<(Vec<Attribute>, WebServicesStats), TableError> {
    use crate::clients::onet_ws::{Fetched, SECTIONS};
    let maps = mappings(gold)?;
    let codes: BTreeSet<&String> = maps.values().flatten().collect();
    let mut stats = WebServicesStats::default();
    // section → code → element name → importance
    let mut by_section: BTreeMap<&str, BTreeMap<String, BTreeMap<String, f64>>> = BTreeMap::new();
    for section in SECTIONS {
        for code in &codes {
            stats.requested += 1;
            match client.fetch(code, section) {
                Fetched::Elements {
                    elements,
                    from_cache,
                } => {
                    stats.answered += 1;
                    stats.from_cache += usize::from(from_cache);
                    let m = by_section
                        .entry(section)
                        .or_default()
                        .entry(code.to_string())
                        .or_default();
                    for e in elements {
                        if let Some(v) = e.importance {
                            m.insert(e.name, v);
                        }
                    }
                }
                Fetched::Off => stats.unanswered += 1,
                Fetched::Status(s) => {
                    stats.unanswered += 1;
                    stats.failures.push(format!("{code} {section}: HTTP {s}"));
                }
                Fetched::Failed(f) => {
                    stats.unanswered += 1;
                    stats
                        .failures
                        .push(format!("{code} {section}: {}", f.join("; ")));
                }
                Fetched::Unreadable(e) => {
                    stats.unanswered += 1;
                    stats.failures.push(format!("{code} {section}: {e}"));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (ug, mapped) in &maps {
        let mut b = Builder {
            ug,
            mapped,
            out: Vec::new(),
        };
        for (section, by_code) in &by_section {
            let prefix = format!("onet_ws.{section}");
            b.averages(&prefix, by_code, "onet_web_services");
        }
        out.extend(b.out);
    }
    Ok((out, stats))
}
