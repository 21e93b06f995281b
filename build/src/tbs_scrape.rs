//! `jobforge fetch tbs`: scrapes the Canada.ca "Occupational groups" pages,
//! in English and French, into the files the TBS reader takes
//! (`occupational_groups_en.json`, `occupational_groups_fr.json`).
//!
//! Validation is language-aware: the page must declare the language asked
//! for (`<html lang>`), and its table headers must be that language's
//! headers, so a French URL that serves the English page (or a redesigned
//! table) fails loudly instead of filling French columns with English.
//! Every page is recorded with its URL and retrieval time.

use scraper::{ElementRef, Html, Selector};
use serde_json::json;

use crate::clients::http::{self, Request, RetryPolicy};

pub const URL_EN: &str = "https://www.canada.ca/en/treasury-board-secretariat/services/collective-agreements/occupational-groups.html";
pub const URL_FR: &str = "https://www.canada.ca/fr/secretariat-conseil-tresor/services/conventions-collectives/groupes-professionnels.html";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// Words that identify each needed column, in this language, in the
    /// order of [`Column`]. Matched case-insensitively as substrings of the
    /// header text; the subgroup column is tested before the group one.
    fn header_words(self) -> [&'static [&'static str]; 4] {
        match self {
            Lang::En => [
                &["abbreviation"],
                &["code"],
                &["subgroup", "sub-group"],
                &["occupational group", "group name", "group"],
            ],
            Lang::Fr => [
                &["abréviation"],
                &["code"],
                &["sous-groupe"],
                &["groupe professionnel", "nom du groupe", "groupe"],
            ],
        }
    }

    /// Words of link text: definition, job evaluation standard, qualification standard.
    fn link_words(self) -> [&'static str; 3] {
        match self {
            Lang::En => ["definition", "evaluation", "qualification"],
            Lang::Fr => ["définition", "évaluation", "qualification"],
        }
    }
}

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum ScrapeError {
    #[error("{url}: the page declares lang={found:?}, expected {expected}")]
    WrongLanguage {
        url: String,
        expected: &'static str,
        found: String,
    },
    #[error("{url}: no table with the {lang} headers (abbreviation, code, group, subgroup); headers seen: {seen}")]
    NoTable {
        url: String,
        lang: &'static str,
        seen: String,
    },
    #[error("{url}: the table has no rows")]
    Empty { url: String },
    #[error("{url}: {message}")]
    Http { url: String, message: String },
}

/// One scraped page, as the TBS reader's input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub url: String,
    pub lang: Lang,
    pub title: String,
    pub retrieved_at: String,
    pub rows: Vec<serde_json::Value>,
}

impl Page {
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "url": self.url,
            "language": self.lang.code(),
            "title": self.title,
            "scraped_at": self.retrieved_at,
            "row_count": self.rows.len(),
            "rows": self.rows,
        })
    }
}

fn text(e: &ElementRef<'_>) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn sel(s: &str) -> Selector {
    // The selectors are literals; a typo is a programming error caught by the tests.
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s:?}: {e}"))
}

/// Resolves a link against the page URL (links on Canada.ca are root-relative).
fn absolute(base: &str, href: &str) -> String {
    if href.starts_with("http://") || href.starts_with("https://") {
        return href.to_string();
    }
    let origin_end = base
        .find("://")
        .map(|i| i + 3)
        .and_then(|s| base[s..].find('/').map(|j| s + j))
        .unwrap_or(base.len());
    if href.starts_with('/') {
        format!("{}{href}", &base[..origin_end])
    } else if href.starts_with('#') {
        format!("{}{href}", base.split('#').next().unwrap_or(base))
    } else {
        let dir = base.rfind('/').map_or(base, |i| &base[..=i]);
        format!("{dir}{href}")
    }
}

/// Parses one page: checks its language, finds the groups table by its
/// headers, and reads every row.
pub fn parse(html: &str, url: &str, lang: Lang, retrieved_at: &str) -> Result<Page, ScrapeError> {
    let doc = Html::parse_document(html);
    let declared = doc
        .select(&sel("html"))
        .next()
        .and_then(|h| h.value().attr("lang"))
        .unwrap_or("")
        .to_lowercase();
    if !declared.starts_with(lang.code()) {
        return Err(ScrapeError::WrongLanguage {
            url: url.into(),
            expected: lang.code(),
            found: declared,
        });
    }
    let title = doc
        .select(&sel("title"))
        .next()
        .map(|t| text(&t))
        .unwrap_or_default();
    let mut seen = Vec::new();
    for table in doc.select(&sel("table")) {
        let headers: Vec<String> = table
            .select(&sel("thead th, tr:first-child th"))
            .map(|h| text(&h).to_lowercase())
            .collect();
        seen.push(headers.join(" | "));
        let Some(cols) = locate(&headers, lang) else {
            continue;
        };
        let mut rows = Vec::new();
        for tr in table.select(&sel("tbody tr")) {
            let cells: Vec<ElementRef<'_>> = tr.select(&sel("td, th")).collect();
            let cell = |i: usize| cells.get(i).map(|c| text(c)).unwrap_or_default();
            if cells.is_empty() {
                continue;
            }
            let mut links = [None, None, None];
            for a in tr.select(&sel("a[href]")) {
                let t = text(&a).to_lowercase();
                if let Some(k) = lang.link_words().iter().position(|w| t.contains(w)) {
                    links[k]
                        .get_or_insert_with(|| absolute(url, a.value().attr("href").unwrap_or("")));
                }
            }
            rows.push(json!({
                "group_abbrev": cell(cols[0]),
                "group_code": cell(cols[1]),
                "group_name": cell(cols[3]),
                "subgroup": cell(cols[2]),
                "definition_url": links[0],
                "job_eval_standard_url": links[1],
                "qualification_standard_url": links[2],
                "provenance": { "source_url": url, "retrieved_at": retrieved_at },
            }));
        }
        if rows.is_empty() {
            return Err(ScrapeError::Empty { url: url.into() });
        }
        return Ok(Page {
            url: url.into(),
            lang,
            title,
            retrieved_at: retrieved_at.into(),
            rows,
        });
    }
    Err(ScrapeError::NoTable {
        url: url.into(),
        lang: lang.code(),
        seen: seen.join(" / "),
    })
}

/// Column index of abbreviation, code, subgroup and group, if every one is there.
fn locate(headers: &[String], lang: Lang) -> Option<[usize; 4]> {
    let mut out = [usize::MAX; 4];
    let mut taken = vec![false; headers.len()];
    for (k, words) in lang.header_words().into_iter().enumerate() {
        let pos = (0..headers.len())
            .find(|&i| !taken[i] && words.iter().any(|w| headers[i].contains(w)))?;
        taken[pos] = true;
        out[k] = pos;
    }
    Some(out)
}

/// Fetches and parses one page; `now` is the retrieval time to record.
pub fn fetch(url: &str, lang: Lang, policy: &RetryPolicy, now: &str) -> Result<Page, ScrapeError> {
    let req = Request {
        method: "GET",
        url: url.to_string(),
        headers: vec![
            ("Accept".into(), "text/html".into()),
            ("Accept-Language".into(), lang.code().into()),
        ],
        body: None,
    };
    let resp = http::send(&req, policy).map_err(|e| ScrapeError::Http {
        url: url.into(),
        message: e.failures.join("; "),
    })?;
    if !(200..300).contains(&resp.status) {
        return Err(ScrapeError::Http {
            url: url.into(),
            message: format!("HTTP {}", resp.status),
        });
    }
    parse(&String::from_utf8_lossy(&resp.body), url, lang, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_page() {
        let base = "https://www.canada.ca/en/tbs/occupational-groups.html";
        assert_eq!(
            absolute(base, "/en/x.html#ai"),
            "https://www.canada.ca/en/x.html#ai"
        );
        assert_eq!(
            absolute(base, "#ai"),
            "https://www.canada.ca/en/tbs/occupational-groups.html#ai"
        );
        assert_eq!(
            absolute(base, "defs.html"),
            "https://www.canada.ca/en/tbs/defs.html"
        );
    }

    #[test]
    fn subgroup_header_is_not_taken_for_the_group() {
        let h: Vec<String> = [
            "occupational group",
            "group abbreviation",
            "group code",
            "subgroup",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(locate(&h, Lang::En), Some([1, 2, 3, 0]));
    }
}

/// What `fetch tbs` wrote, so that `build` accepts the scraped files in place
/// of the pinned copies: each file with its sha256, URL and retrieval time.
pub const RECORD: &str = "scrape-record.json";

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scraped {
    pub file: String,
    pub sha256: String,
    pub url: String,
    pub retrieved_at: String,
}

/// Scrapes both pages and writes them, with the record, under `dir`
/// (the `tbs-occupational-groups` source folder).
pub fn scrape_into(
    dir: &std::path::Path,
    urls: [(&str, Lang); 2],
    policy: &RetryPolicy,
    now: &str,
) -> Result<Vec<Scraped>, ScrapeError> {
    let io = |e: std::io::Error| ScrapeError::Http {
        url: dir.display().to_string(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut record = Vec::new();
    for (url, lang) in urls {
        let page = fetch(url, lang, policy, now)?;
        let file = format!("occupational_groups_{}.json", lang.code());
        let bytes = serde_json::to_vec_pretty(&page.to_json()).unwrap_or_default();
        std::fs::write(dir.join(&file), &bytes).map_err(io)?;
        record.push(Scraped {
            file,
            sha256: crate::fetch::sha256_hex(&bytes),
            url: url.into(),
            retrieved_at: now.into(),
        });
    }
    let bytes = serde_json::to_vec_pretty(&record).unwrap_or_default();
    std::fs::write(dir.join(RECORD), bytes).map_err(io)?;
    Ok(record)
}

/// Reads the record `fetch tbs` left, if any.
pub fn read_record(dir: &std::path::Path) -> Vec<Scraped> {
    std::fs::read(dir.join(RECORD))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}
