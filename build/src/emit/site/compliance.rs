//! Compliance: a summary of every framework's requirements by status, and
//! one page per framework with each requirement's applicability, status and
//! evidence. The results are the build's own (`crate::compliance`), the
//! same as `data/compliance/*.json`.

use std::collections::{BTreeMap, BTreeSet};

use jobforge_site::layout::Site;
use jobforge_site::pages::{
    ArtefactPart, CompliancePage, ComplianceStatus, EvidenceItem, FrameworkPage, FrameworkRow,
    RequirementRow,
};
use jobforge_site::route::rel;
use jobforge_site::{Lang, Route, Strings, Text};

use super::catalogue::entries;
use super::data::number;
use super::{Out, SiteError, SiteInput, LINEAGE_EVENTS};
use crate::compliance::{json_path, Requirement, Status, TABLE_PATH};
use crate::model::catalog::FileInfo;

/// Pages per language: the summary and one page per framework.
pub fn pages(frameworks: usize) -> usize {
    1 + frameworks
}

fn status(s: Status) -> ComplianceStatus {
    match s {
        Status::Met => ComplianceStatus::Met,
        Status::Partial => ComplianceStatus::Partial,
        Status::NotMet => ComplianceStatus::NotMet,
        Status::NotApplicable => ComplianceStatus::NotApplicable,
    }
}

/// Requirements per status, in [`ComplianceStatus::ALL`] order.
fn tally(reqs: &[Requirement]) -> [usize; 4] {
    let mut c = [0; 4];
    for r in reqs {
        let s = status(r.status);
        if let Some(i) = ComplianceStatus::ALL.iter().position(|k| *k == s) {
            c[i] += 1;
        }
    }
    c
}

/// (name, description) of a framework, or its id where the words lack it.
fn words<'s>(s: &'s Strings, id: &'s str) -> (&'s str, &'s str) {
    s.compliance
        .frameworks
        .get(id)
        .map_or((id, ""), |f| (f.name.as_str(), f.description.as_str()))
}

/// What an evidence artefact may link to: the catalogue page of a table,
/// or a file the build publishes. Anything else (the repository's code and
/// tests, which the matrix cites) is shown without a link.
struct Artefacts<'a> {
    /// Tables with a catalogue page.
    tables: BTreeSet<&'a str>,
    /// Files under the output folder, root-relative.
    files: BTreeSet<String>,
}

impl<'a> Artefacts<'a> {
    fn of(input: &SiteInput<'a>, csv: &BTreeMap<String, FileInfo>) -> Result<Self, SiteError> {
        let tables = entries(input.tables)?
            .into_iter()
            .filter(|e| e.table.is_some())
            .map(|e| e.name)
            .collect();
        let mut files: BTreeSet<String> = input
            .parquet
            .values()
            .chain(csv.values())
            .map(|f| f.path.clone())
            .collect();
        files.extend(
            input
                .compliance
                .iter()
                .map(|(name, _)| json_path(name))
                .chain([
                    TABLE_PATH.to_string(),
                    LINEAGE_EVENTS.to_string(),
                    "data/catalog.dcat.json".to_string(),
                ])
                .chain(Lang::BOTH.map(|l| Route::Home.path(l))),
        );
        Ok(Artefacts { tables, files })
    }

    /// The root-relative file a path of an artefact points to: the file
    /// itself, or for a folder its `index.html` or else its first file.
    fn file(&self, path: &str) -> Option<&str> {
        if !path.ends_with('/') {
            return self.files.get(path).map(String::as_str);
        }
        self.files
            .get(&format!("{path}index.html"))
            .or_else(|| self.files.range(path.to_string()..).next())
            .filter(|f| f.starts_with(path))
            .map(String::as_str)
    }

    /// Every path of `artefact` (comma-separated), linked from the page at
    /// `from` where the site has it.
    fn parts(&self, artefact: &str, from: &str, lang: Lang) -> Vec<ArtefactPart> {
        artefact
            .split(", ")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                let table = p
                    .strip_prefix("data/")
                    .and_then(|t| t.strip_suffix(".parquet"))
                    .filter(|t| self.tables.contains(t));
                let href = match table {
                    Some(t) => Some(Route::Table(t.to_string()).href_from(from, lang)),
                    None => self.file(p).map(|f| rel(from, f)),
                };
                ArtefactPart {
                    path: p.to_string(),
                    href,
                }
            })
            .collect()
    }
}

/// A figure the build wrote: English on a French page when it has words.
fn figure(lang: Lang, f: &str) -> Text {
    if f.chars().any(char::is_alphabetic) {
        Text::english(lang, f)
    } else {
        Text::native(f)
    }
}

fn row(r: &Requirement, s: &Strings, lang: Lang, from: &str, a: &Artefacts<'_>) -> RequirementRow {
    let pick = |en: &str, fr: &str| Text::pick(lang, en, Some(fr));
    let title = pick(&r.title_en, &r.title_fr);
    let text = pick(&r.text_en, &r.text_fr);
    let st = status(r.status);
    RequirementRow {
        id: r.id.clone(),
        text: (text.value != title.value).then_some(text),
        title,
        applicable: r.applicability.applicable,
        reason: pick(&r.applicability.reason_en, &r.applicability.reason_fr),
        status: st,
        status_label: st.label(s).to_string(),
        evidence: r
            .evidence
            .iter()
            .map(|e| EvidenceItem {
                label: pick(&e.label_en, &e.label_fr),
                figure: figure(lang, &e.figure),
                artefact: a.parts(&e.artefact, from, lang),
                passed: e.passed,
            })
            .collect(),
    }
}

pub fn render(
    site: &Site<'_>,
    input: &SiteInput<'_>,
    csv: &BTreeMap<String, FileInfo>,
    out: &mut Out,
) -> Result<(), SiteError> {
    let artefacts = Artefacts::of(input, csv)?;
    for lang in Lang::BOTH {
        let s = site.strings(lang);
        let path = Route::Compliance.path(lang);
        let frameworks = input
            .compliance
            .iter()
            .map(|(id, reqs)| {
                let (name, description) = words(s, id);
                let counts = tally(reqs);
                FrameworkRow {
                    name: name.to_string(),
                    description: description.to_string(),
                    href: Route::Framework(id.to_string()).href_from(&path, lang),
                    json_href: rel(&path, &json_path(id)),
                    counts: counts.iter().map(|n| number(*n as i64, lang)).collect(),
                    total: number(reqs.len() as i64, lang),
                }
            })
            .collect();
        let l = site.layout(
            &Route::Compliance,
            lang,
            Text::native(&s.compliance.title),
            &s.compliance.description,
            vec![],
        );
        out.page(
            &Route::Compliance,
            lang,
            &CompliancePage {
                l,
                frameworks,
                legend: ComplianceStatus::ALL
                    .iter()
                    .map(|k| k.label(s).to_string())
                    .collect(),
                table_href: rel(&path, TABLE_PATH),
            },
        )?;
    }

    for (id, reqs) in input.compliance {
        let route = Route::Framework(id.to_string());
        let counts = tally(reqs);
        for lang in Lang::BOTH {
            let s = site.strings(lang);
            let path = route.path(lang);
            let (name, description) = words(s, id);
            let rows: Vec<RequirementRow> = reqs
                .iter()
                .map(|r| row(r, s, lang, &path, &artefacts))
                .collect();
            let figures_en = rows.iter().flat_map(|r| &r.evidence).any(|e| e.figure.en);
            let mut intro = vec![description.to_string()];
            intro.extend(s.compliance.intro.first().cloned());
            let l = site.layout(
                &route,
                lang,
                Text::native(name),
                description,
                vec![(Text::native(&s.compliance.title), Route::Compliance)],
            );
            out.page(
                &route,
                lang,
                &FrameworkPage {
                    l,
                    intro,
                    counts: ComplianceStatus::ALL
                        .iter()
                        .zip(counts)
                        .map(|(k, n)| (k.label(s).to_string(), number(n as i64, lang)))
                        .collect(),
                    json_href: rel(&path, &json_path(id)),
                    rows,
                    figures_en,
                },
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artefacts() -> Artefacts<'static> {
        Artefacts {
            tables: ["dim_noc"].into_iter().collect(),
            files: [
                "data/dim_noc.parquet",
                "data/lineage/01-ingest.json",
                "data/lineage/02-model.json",
                "data/compliance/rtm.json",
                "en/index.html",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        }
    }

    #[test]
    fn artefacts_link_to_catalogue_pages_files_or_nothing() {
        let a = artefacts();
        let from = "fr/conformite/rtm.html";
        let parts = a.parts(
            "data/dim_noc.parquet, data/lineage/, en/, build/src/pipeline.rs, data/nope.parquet",
            from,
            Lang::Fr,
        );
        let hrefs: Vec<Option<&str>> = parts.iter().map(|p| p.href.as_deref()).collect();
        assert_eq!(
            hrefs,
            [
                Some("../../fr/catalogue/dim_noc.html"),
                Some("../../data/lineage/01-ingest.json"),
                Some("../../en/index.html"),
                None,
                None,
            ]
        );
        assert_eq!(parts[3].path, "build/src/pipeline.rs");
        assert!(a.parts("", from, Lang::Fr).is_empty());
        assert_eq!(a.file("data/"), Some("data/compliance/rtm.json"));
        assert_eq!(a.file("other/"), None);
    }

    #[test]
    fn figures_with_words_are_english_on_french_pages() {
        assert!(figure(Lang::Fr, "822 codes").en);
        assert!(!figure(Lang::Fr, "93.2%").en);
        assert!(!figure(Lang::En, "822 codes").en);
    }
}
