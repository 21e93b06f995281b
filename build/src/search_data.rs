//! What the free-text search indexes, gathered from the gold tables: OaSIS
//! labels and example titles, NOC titles at every level, the official NOC
//! example titles (EN and FR), COPS titles (EN and
//! FR, slash forms included), O*NET alternate titles mapped to unit groups
//! through the crosswalk, and the job architecture in EN and FR.

use std::collections::{BTreeMap, BTreeSet};

use jobforge_core::search::text::exact_key;
use jobforge_core::search::{Lang, SearchConfig, SearchIndex, Source, TitleEntry, UnitGroup};

use crate::model::Gold;
use crate::table::{Table, TableError, Value};

#[derive(Debug, thiserror::Error)]
pub enum SearchDataError {
    #[error("table {0} is missing from the build")]
    MissingTable(String),
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Search(#[from] jobforge_core::search::SearchError),
}

/// Gathers the titles and trains the search index.
pub fn build_index(gold: &Gold, config: &SearchConfig) -> Result<SearchIndex, SearchDataError> {
    let d = gather(gold)?;
    Ok(SearchIndex::build(&d.entries, d.unit_groups, config)?)
}

/// The titles and unit groups to index.
#[derive(Debug, Clone, Default)]
pub struct SearchData {
    pub entries: Vec<TitleEntry>,
    pub unit_groups: Vec<UnitGroup>,
}

fn table<'a>(gold: &'a Gold, name: &str) -> Result<&'a Table, SearchDataError> {
    gold.get(name)
        .ok_or_else(|| SearchDataError::MissingTable(name.to_string()))
}

/// A source title, trimmed.
fn entry(
    text: &str,
    lang: Lang,
    source: Source,
    codes: Vec<String>,
    key: Option<String>,
) -> TitleEntry {
    TitleEntry::new(text.trim(), lang, source, codes, key)
}

/// Every title of the open sources and of the job architecture.
pub fn gather(gold: &Gold) -> Result<SearchData, SearchDataError> {
    let mut d = gather_open(gold)?;
    d.entries.extend(job_architecture(gold)?);
    Ok(d)
}

/// The job-architecture titles, keyed `ja:<jt_id>` so an evaluation can
/// leave a row out. Rows without a unit group are not indexed.
pub fn job_architecture(gold: &Gold) -> Result<Vec<TitleEntry>, SearchDataError> {
    let ja = table(gold, "job_architecture")?;
    let ids = ja.column("jt_id")?;
    let en = ja.text_column("job_title_en")?;
    let fr = ja.text_column("job_title_fr")?;
    let ug = ja.text_column("unit_group_id")?;
    let mut out = Vec::new();
    for i in 0..ja.len() {
        let Some(ug) = ug[i] else { continue };
        let key = ids[i].display().map(|id| format!("ja:{id}"));
        for (t, lang) in [(en[i], Lang::En), (fr[i], Lang::Fr)] {
            if let Some(t) = t {
                out.push(entry(
                    t,
                    lang,
                    Source::JobArchitecture,
                    vec![ug.to_string()],
                    key.clone(),
                ));
            }
        }
    }
    Ok(out)
}

/// Everything but the job architecture.
pub fn gather_open(gold: &Gold) -> Result<SearchData, SearchDataError> {
    let mut entries = Vec::new();
    let mut units: BTreeMap<String, UnitGroup> = BTreeMap::new();

    let noc = table(gold, "dim_noc")?;
    let codes = noc.text_column("noc_code")?;
    let en = noc.text_column("title_en")?;
    let fr = noc.text_column("title_fr")?;
    for i in 0..noc.len() {
        let (Some(code), Some(t)) = (codes[i], en[i]) else {
            continue;
        };
        let key = Some(format!("noc:{code}"));
        entries.push(entry(
            t,
            Lang::En,
            Source::NocTitle,
            vec![code.to_string()],
            key.clone(),
        ));
        if let Some(f) = fr[i] {
            entries.push(entry(
                f,
                Lang::Fr,
                Source::NocTitle,
                vec![code.to_string()],
                key,
            ));
        }
        if code.len() == 5 {
            units.insert(
                code.to_string(),
                UnitGroup {
                    code: code.to_string(),
                    title_en: t.to_string(),
                    title_fr: fr[i].map(str::to_string),
                    profiles: Vec::new(),
                },
            );
        }
    }

    let prof = table(gold, "dim_oasis_profile")?;
    let ugs = prof.text_column("unit_group_id")?;
    let pcs = prof.text_column("oasis_profile_code")?;
    let labels = prof.text_column("label_en")?;
    for i in 0..prof.len() {
        let (Some(ug), Some(pc), Some(label)) = (ugs[i], pcs[i], labels[i]) else {
            continue;
        };
        if let Some(u) = units.get_mut(ug) {
            u.profiles.push((pc.to_string(), label.to_string()));
        }
        let mut e = entry(
            label,
            Lang::En,
            Source::OasisLabel,
            vec![ug.to_string()],
            None,
        );
        e.profile = Some(pc.to_string());
        entries.push(e);
    }
    // The main profile (`.00`) first: it is the default "best profile".
    for u in units.values_mut() {
        u.profiles.sort();
    }

    let ex = table(gold, "element_example_titles")?;
    let ugs = ex.text_column("unit_group_id")?;
    let pcs = ex.text_column("oasis_profile_code")?;
    let types = ex.text_column("title_type")?;
    let titles = ex.text_column("job_title")?;
    for i in 0..ex.len() {
        let (Some(ug), Some(t)) = (ugs[i], titles[i]) else {
            continue;
        };
        let source = match types[i] {
            Some("Index") => Source::OasisIndex,
            Some("Inclusion") => Source::OasisInclusion,
            _ => Source::OasisExample,
        };
        let mut e = entry(t, Lang::En, source, vec![ug.to_string()], None);
        e.profile = pcs[i].map(str::to_string);
        entries.push(e);
    }

    // The official NOC example titles, each language trained as written (the
    // French list is not a translation of the English one); an older
    // mirror without the file gives an empty table. An English title OaSIS
    // already lists for the unit group (most of them: OaSIS's index is the
    // same NOC index, by profile) is not added again, so the OaSIS copy,
    // which names its profile, is the one matched.
    let oasis: BTreeSet<(String, String)> = entries
        .iter()
        .filter(|e| e.profile.is_some())
        .flat_map(|e| {
            e.codes
                .iter()
                .map(|c| (c.clone(), exact_key(&e.text, e.lang)))
        })
        .collect();
    if let Some(ex) = gold.get(crate::ingest::noc_examples::TABLE) {
        let ugs = ex.text_column("unit_group_id")?;
        let langs = ex.text_column("language")?;
        let titles = ex.text_column("example_title")?;
        for i in 0..ex.len() {
            let (Some(ug), Some(t)) = (ugs[i], titles[i]) else {
                continue;
            };
            let lang = if langs[i] == Some("fr") {
                Lang::Fr
            } else {
                Lang::En
            };
            if lang == Lang::En && oasis.contains(&(ug.to_string(), exact_key(t, lang))) {
                continue;
            }
            entries.push(entry(
                t,
                lang,
                Source::NocExample,
                vec![ug.to_string()],
                None,
            ));
        }
    }

    let cops = table(gold, "cops_employment")?;
    let ugs = cops.text_column("unit_group_id")?;
    let en = cops.text_column("occupation_name_en")?;
    let fr = cops.text_column("occupation_name_fr")?;
    for i in 0..cops.len() {
        let Some(ug) = ugs[i] else { continue };
        let key = Some(format!("cops:{ug}"));
        for (t, lang) in [(en[i], Lang::En), (fr[i], Lang::Fr)] {
            if let Some(t) = t {
                entries.push(entry(
                    t,
                    lang,
                    Source::CopsTitle,
                    vec![ug.to_string()],
                    key.clone(),
                ));
            }
        }
    }

    // O*NET alternate titles take every unit group their occupation maps to.
    let bridge = table(gold, "bridge_noc_onet")?;
    let ugs = bridge.text_column("unit_group_id")?;
    let onet = bridge.text_column("onet_soc_code")?;
    let mut to_ug: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for i in 0..bridge.len() {
        if let (Some(u), Some(o)) = (ugs[i], onet[i]) {
            to_ug.entry(o).or_default().push(u.to_string());
        }
    }
    let alt = table(gold, "onet_alternate_titles")?;
    let codes = alt.text_column("onet_soc_code")?;
    let titles = alt.text_column("alternate_title")?;
    for i in 0..alt.len() {
        let (Some(c), Some(t)) = (codes[i], titles[i]) else {
            continue;
        };
        if let Some(u) = to_ug.get(c) {
            entries.push(entry(t, Lang::En, Source::OnetAlternate, u.clone(), None));
        }
    }

    Ok(SearchData {
        entries,
        unit_groups: units.into_values().collect(),
    })
}

/// A cell as text (ids may be numbers).
pub fn cell_text(v: &Value) -> Option<String> {
    v.display()
}
