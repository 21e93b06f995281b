//! `descriptions`: a description for every job title, job family and job
//! function of the job architecture, in English and French where possible.
//!
//! The cascade, first that applies:
//! 1. `AUTHORITATIVE`: for a job title, the OaSIS lead statement of its
//!    resolved profile (or, when only the unit group is known, the NOC
//!    definition of the unit group). For a family or function, a synthesis:
//!    one sentence naming how many titles it groups, then the first sentence
//!    of the lead statement of each of its (up to) three most frequent
//!    resolved profiles, most frequent first.
//! 2. `LLM`: a NOC-style prompt carrying the boundary words (unit-group
//!    title, definition and profile labels), answered through the cached
//!    client. OaSIS and NOC publish no French text, so French descriptions
//!    come only from here.
//! 3. `MISSING`, with the reason.

use std::collections::{BTreeMap, HashMap};

use serde_json::json;

use crate::clients::llm::{LlmClient, Outcome, ParseStatus, Prompt};
use crate::model::Gold;
use crate::table::{col, Kind, Table, TableBuilder, TableError, Value};

/// Bumped when the prompt or schema below changes.
pub const SCHEMA_VERSION: &str = "description-v1";

/// Profiles quoted in a family or function synthesis, at most.
const SYNTHESIS_PROFILES: usize = 3;

/// The first sentence of a statement (up to and including the first '. ').
fn first_sentence(s: &str) -> &str {
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s.trim(),
    }
}

/// One description with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Description {
    pub entity_type: &'static str,
    pub entity_id: String,
    pub name: Option<String>,
    pub language: &'static str,
    pub text: Option<String>,
    pub method: &'static str,
    pub value_source: &'static str,
    pub source_table: String,
    pub source_level: &'static str,
    pub confidence: f64,
    pub rationale: String,
    pub llm_prompt_hash: Option<String>,
    pub llm_parse_status: Option<String>,
}

/// What the generator knows about each resolved job title.
struct Member {
    jt_id: String,
    title_en: Option<String>,
    title_fr: Option<String>,
    family: (Option<String>, Option<String>),
    function: (Option<String>, Option<String>),
    unit_group: Option<String>,
    profile: Option<String>,
    confidence: f64,
}

fn members(gold: &Gold) -> Result<Vec<Member>, TableError> {
    let ja = gold.table("job_architecture")?;
    let res = gold.table("job_architecture_resolution")?;
    let t = |c: &str| ja.text_column(c);
    let (ids, ten, tfr) = (ja.column("jt_id")?, t("job_title_en")?, t("job_title_fr")?);
    let (fam_en, fam_fr, fun_en, fun_fr) = (
        t("job_family_en")?,
        t("job_family_fr")?,
        t("job_function_en")?,
        t("job_function_fr")?,
    );
    let ugs = t("unit_group_id")?;
    let r_ids = res.column("jt_id")?;
    let r_prof = res.text_column("oasis_profile_code")?;
    let r_conf = res.column("confidence")?;
    let mut by_id: HashMap<String, (Option<&str>, f64)> = HashMap::new();
    for i in 0..res.len() {
        let conf = match r_conf[i] {
            Value::Float(f) => f,
            _ => 0.0,
        };
        by_id.insert(r_ids[i].display().unwrap_or_default(), (r_prof[i], conf));
    }
    let s = |v: Option<&str>| v.map(str::to_string);
    Ok((0..ja.len())
        .map(|i| {
            let id = ids[i].display().unwrap_or_default();
            let (profile, confidence) = by_id.get(&id).copied().unwrap_or((None, 0.0));
            Member {
                jt_id: id,
                title_en: s(ten[i]),
                title_fr: s(tfr[i]),
                family: (s(fam_en[i]), s(fam_fr[i])),
                function: (s(fun_en[i]), s(fun_fr[i])),
                unit_group: s(ugs[i]),
                profile: s(profile),
                confidence,
            }
        })
        .collect())
}

/// Lookups of the authoritative statements.
struct Statements<'a> {
    lead: HashMap<&'a str, &'a str>,
    label: HashMap<&'a str, &'a str>,
    ug_definition: HashMap<&'a str, &'a str>,
    ug_title: HashMap<&'a str, &'a str>,
}

fn statements(gold: &Gold) -> Result<Statements<'_>, TableError> {
    let pairs = |t: &str, k: &str, v: &str| -> Result<HashMap<&str, &str>, TableError> {
        let tb = gold.table(t)?;
        let keys = tb.text_column(k)?;
        let vals = tb.text_column(v)?;
        Ok(keys
            .into_iter()
            .zip(vals)
            .filter_map(|(k, v)| Some((k?, v?)))
            .collect())
    };
    Ok(Statements {
        lead: pairs(
            "element_lead_statement",
            "oasis_profile_code",
            "lead_statement",
        )?,
        label: pairs("dim_oasis_profile", "oasis_profile_code", "label_en")?,
        ug_definition: pairs("dim_noc", "noc_code", "definition_en")?,
        ug_title: pairs("dim_noc", "noc_code", "title_en")?,
    })
}

fn prompt(kind: &str, name: &str, language: &str, ug: Option<&str>, st: &Statements<'_>) -> Prompt {
    let lang = if language == "fr" {
        "Canadian French"
    } else {
        "English"
    };
    let mut boundary = String::new();
    if let Some(ug) = ug {
        boundary += &format!(
            "NOC 2021 unit group {ug}: {}\n",
            st.ug_title.get(ug).unwrap_or(&"")
        );
        if let Some(d) = st.ug_definition.get(ug) {
            boundary += &format!("Definition: {d}\n");
        }
        let labels: Vec<&str> = st
            .label
            .iter()
            .filter(|(c, _)| c.starts_with(ug))
            .map(|(_, l)| *l)
            .collect();
        if !labels.is_empty() {
            let mut labels = labels;
            labels.sort_unstable();
            boundary += &format!("OaSIS profiles: {}\n", labels.join("; "));
        }
    }
    Prompt {
        system: "You write occupational descriptions in the style of Canada's National Occupational Classification: one or two sentences, present tense, third person plural, starting with the occupation's name, describing what its workers do and where they work. Stay within the boundaries of the unit group given; do not invent duties outside it.".into(),
        user: format!("Write the description, in {lang}, of the {kind} \"{name}\".\n{boundary}"),
        schema_name: "noc_description".into(),
        schema_version: SCHEMA_VERSION.into(),
        schema: json!({
            "type": "object",
            "properties": { "description": { "type": "string" } },
            "required": ["description"],
            "additionalProperties": false,
        }),
    }
}

/// Asks the LLM, or says why there is no description.
fn from_llm(llm: Option<&LlmClient>, p: &Prompt, base: Description) -> Description {
    let Some(client) = llm else {
        return Description {
            rationale: "No authoritative statement, and the LLM is not configured.".into(),
            ..base
        };
    };
    match client.ask(p) {
        Outcome::Answered(r) => {
            let text = (r.parse_status == ParseStatus::Ok)
                .then(|| {
                    r.parsed
                        .as_ref()
                        .and_then(|v| v["description"].as_str())
                        .map(str::to_string)
                })
                .flatten();
            let ok = text.is_some();
            Description {
                text,
                method: if ok { "LLM" } else { "MISSING" },
                value_source: if ok { "imputed" } else { "missing" },
                source_table: "llm_responses".into(),
                confidence: if ok { 0.3 } else { 0.0 },
                rationale: if ok {
                    format!("Generated by {} from a NOC-style prompt with the unit group's title, definition and profile labels (cached answer {}).", r.model, &r.prompt_hash[..12])
                } else {
                    format!(
                        "The LLM answer was not usable ({}).",
                        r.parse_status.as_str()
                    )
                },
                llm_prompt_hash: Some(r.prompt_hash),
                llm_parse_status: Some(r.parse_status.as_str().to_string()),
                ..base
            }
        }
        Outcome::Missing {
            prompt_hash,
            reason,
        } => Description {
            rationale: format!("No authoritative statement; {reason}."),
            llm_prompt_hash: Some(prompt_hash),
            ..base
        },
        Outcome::Failed {
            prompt_hash,
            failures,
        } => Description {
            rationale: format!(
                "No authoritative statement; the LLM request failed: {}.",
                failures.join("; ")
            ),
            llm_prompt_hash: Some(prompt_hash),
            ..base
        },
    }
}

fn missing(
    entity_type: &'static str,
    id: &str,
    name: Option<String>,
    language: &'static str,
) -> Description {
    Description {
        entity_type,
        entity_id: id.to_string(),
        name,
        language,
        text: None,
        method: "MISSING",
        value_source: "missing",
        source_table: "none".into(),
        source_level: "L7",
        confidence: 0.0,
        rationale: String::new(),
        llm_prompt_hash: None,
        llm_parse_status: None,
    }
}

pub fn generate(gold: &Gold, llm: Option<&LlmClient>) -> Result<Vec<Description>, TableError> {
    let st = statements(gold)?;
    let ms = members(gold)?;
    let mut out = Vec::new();
    for m in &ms {
        for (language, name) in [("en", &m.title_en), ("fr", &m.title_fr)] {
            let base = missing("job_title", &m.jt_id, name.clone(), language);
            let authoritative = (language == "en")
                .then(|| match (&m.profile, &m.unit_group) {
                    (Some(p), _) => st.lead.get(p.as_str()).map(|s| (s.to_string(), "element_lead_statement", "L6", format!("OaSIS lead statement of profile {p}, to which the title resolved."))),
                    (None, Some(ug)) => st.ug_definition.get(ug.as_str()).map(|s| (s.to_string(), "dim_noc", "L5", format!("NOC definition of unit group {ug}; the title resolved to the unit group only."))),
                    _ => None,
                })
                .flatten();
            out.push(match authoritative {
                Some((text, table, level, why)) => Description {
                    text: Some(text),
                    method: "AUTHORITATIVE",
                    value_source: "imputed",
                    source_table: table.into(),
                    source_level: level,
                    confidence: m.confidence,
                    rationale: why,
                    ..base
                },
                None => match name {
                    Some(n) => from_llm(
                        llm,
                        &prompt("job title", n, language, m.unit_group.as_deref(), &st),
                        base,
                    ),
                    None => Description {
                        rationale: format!("The job architecture gives no {language} title."),
                        ..base
                    },
                },
            });
        }
    }
    for (kind, pick) in [("job_family", 0usize), ("job_function", 1)] {
        // Group key: the English name (the French one travels with it).
        let mut groups: BTreeMap<String, (Option<String>, Vec<&Member>)> = BTreeMap::new();
        for m in &ms {
            let (en, fr) = if pick == 0 { &m.family } else { &m.function };
            if let Some(en) = en {
                let g = groups.entry(en.clone()).or_insert((fr.clone(), Vec::new()));
                g.1.push(m);
            }
        }
        for (en, (fr, group)) in &groups {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for m in group {
                if let Some(p) = &m.profile {
                    *counts.entry(p.as_str()).or_default() += 1;
                }
            }
            let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let quoted: Vec<(&str, &str)> = ranked
                .iter()
                .filter_map(|(p, _)| Some((*p, first_sentence(st.lead.get(p)?))))
                .take(SYNTHESIS_PROFILES)
                .collect();
            let kind_word = if pick == 0 { "family" } else { "function" };
            let base_en = missing(kind, en, Some(en.clone()), "en");
            out.push(if quoted.is_empty() {
                from_llm(llm, &prompt(&format!("job {kind_word}"), en, "en", None, &st), base_en)
            } else {
                let mut text = format!("The {en} job {kind_word} groups {} job titles. ", group.len());
                text += &quoted.iter().map(|(_, s)| *s).collect::<Vec<_>>().join(" ");
                let conf = group.iter().map(|m| m.confidence).sum::<f64>() / group.len() as f64;
                Description {
                    text: Some(text.trim().to_string()),
                    method: "AUTHORITATIVE",
                    value_source: "imputed",
                    source_table: "element_lead_statement".into(),
                    source_level: "L6",
                    confidence: (conf * 1000.0).round() / 1000.0,
                    rationale: format!(
                        "Synthesis: the first sentence of the lead statements of its most frequent resolved profiles ({}), most frequent first; confidence is the mean resolution confidence of its titles.",
                        quoted.iter().map(|(p, _)| *p).collect::<Vec<_>>().join(", ")
                    ),
                    ..base_en
                }
            });
            let base_fr = missing(kind, en, fr.clone(), "fr");
            out.push(match fr {
                Some(name) => from_llm(
                    llm,
                    &prompt(&format!("job {kind_word}"), name, "fr", None, &st),
                    base_fr,
                ),
                None => Description {
                    rationale: "The job architecture gives no French name.".into(),
                    ..base_fr
                },
            });
        }
    }
    Ok(out)
}

pub fn to_table(ds: &[Description], build_id: &str) -> Result<Table, TableError> {
    let mut b = TableBuilder::new(
        "descriptions",
        vec![
            col("entity_type", Kind::Text),
            col("entity_id", Kind::Text),
            col("name", Kind::Text).nullable(),
            col("language", Kind::Text),
            col("description", Kind::Text).nullable(),
            col("method", Kind::Text),
            col("value_source", Kind::Text),
            col("source_table", Kind::Text),
            col("source_level", Kind::Text),
            col("confidence", Kind::Float),
            col("rationale", Kind::Text),
            col("build_id", Kind::Text),
            col("llm_prompt_hash", Kind::Text).nullable(),
            col("llm_parse_status", Kind::Text).nullable(),
        ],
    );
    for d in ds {
        b.push(vec![
            Value::text(d.entity_type),
            Value::text(&d.entity_id),
            Value::opt_text(d.name.clone()),
            Value::text(d.language),
            Value::opt_text(d.text.clone()),
            Value::text(d.method),
            Value::text(d.value_source),
            Value::text(&d.source_table),
            Value::text(d.source_level),
            Value::Float(d.confidence),
            Value::text(&d.rationale),
            Value::text(build_id),
            Value::opt_text(d.llm_prompt_hash.clone()),
            Value::opt_text(d.llm_parse_status.clone()),
        ])?;
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn first_sentences() {
        assert_eq!(first_sentence("They plan. They direct."), "They plan.");
        assert_eq!(first_sentence("One only."), "One only.");
    }
}
