//! `data/sources.toml`: every source, its publisher and licence, and each
//! file's URL and sha256.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    #[serde(rename = "source")]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub licence: String,
    #[serde(default)]
    pub licence_url: String,
    #[serde(default)]
    pub landing_page: String,
    /// When the pinned copies were taken (their commit, or the scrape): the
    /// date a build without `SOURCE_DATE_EPOCH` shows as "Date modified".
    #[serde(default)]
    pub retrieved: Option<toml::value::Datetime>,
    /// The organisation's own input: no public URL, no pinned checksum.
    #[serde(default)]
    pub organisation_input: bool,
    #[serde(rename = "file", default)]
    pub files: Vec<SourceFile>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SourceFile {
    pub name: String,
    pub url: Option<String>,
    pub sha256: Option<String>,
    pub bytes: Option<u64>,
    /// A file no URL serves as is (a flattening of the publisher's files):
    /// copied from a mirror when there, skipped otherwise, and the build
    /// says what is missing without it.
    #[serde(default)]
    pub optional: bool,
    /// The publisher's files an optional file is made from.
    #[serde(default)]
    pub derived_from: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
}

/// The manifest shipped with the binary, so `jobforge` works from any folder.
pub const BUILTIN: &str = include_str!("../../data/sources.toml");

impl Manifest {
    pub fn builtin() -> Result<Manifest, ManifestError> {
        Self::parse(BUILTIN, "data/sources.toml (built in)")
    }

    pub fn load(path: &Path) -> Result<Manifest, ManifestError> {
        let text = std::fs::read_to_string(path).map_err(|e| ManifestError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    fn parse(text: &str, path: &str) -> Result<Manifest, ManifestError> {
        toml::from_str(text).map_err(|e| ManifestError::Parse {
            path: path.to_string(),
            message: e.to_string(),
        })
    }

    /// `source_id/name` → pinned sha256, for every file that has one.
    pub fn pins(&self) -> HashMap<String, String> {
        self.sources
            .iter()
            .flat_map(|s| {
                s.files.iter().filter_map(move |f| {
                    f.sha256
                        .as_ref()
                        .map(|h| (format!("{}/{}", s.id, f.name), h.to_lowercase()))
                })
            })
            .collect()
    }

    /// Seconds since the epoch of the newest `retrieved` date: a real,
    /// reproducible date for builds that set no `SOURCE_DATE_EPOCH`.
    pub fn data_date_epoch(&self) -> Option<i64> {
        self.sources
            .iter()
            .filter_map(|s| s.retrieved.as_ref()?.date)
            .map(|d| days_from_civil(i64::from(d.year), d.month.into(), d.day.into()) * 86_400)
            .max()
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// days-from-civil, the inverse of `lineage::rfc3339`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_manifest_pins_every_public_file() {
        let m = Manifest::builtin().unwrap();
        for s in &m.sources {
            assert!(!s.licence.is_empty(), "{} has no licence", s.id);
            for f in &s.files {
                if s.organisation_input {
                    assert!(f.sha256.is_none());
                } else if f.optional {
                    assert_eq!(f.sha256.as_deref().map(str::len), Some(64));
                    assert!(!f.derived_from.is_empty(), "{} names no origin", f.name);
                } else {
                    let h = f.sha256.as_deref().unwrap_or("");
                    assert_eq!(h.len(), 64, "{}/{} has no sha256", s.id, f.name);
                    assert!(f.url.as_deref().is_some_and(|u| u.starts_with("https://")));
                }
            }
        }
        assert!(m
            .pins()
            .contains_key("statcan-noc-2021/noc_structure_en.csv"));
        assert!(m
            .pins()
            .contains_key("statcan-noc-2021/noc_2021_example_titles_en_fr.csv"));
    }

    #[test]
    fn the_builtin_manifest_dates_its_data_with_the_newest_retrieval() {
        let m = Manifest::builtin().expect("manifest");
        let epoch = m.data_date_epoch().expect("a retrieved date");
        assert_eq!(
            crate::model::lineage::rfc3339(epoch),
            "2026-02-06T00:00:00Z"
        );
    }

    #[test]
    fn days_from_civil_inverts_the_lineage_calendar() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2024, 12, 31), (1969, 3, 1)] {
            let e = days_from_civil(y, m, d) * 86_400;
            assert_eq!(
                &crate::model::lineage::rfc3339(e)[..10],
                format!("{y:04}-{m:02}-{d:02}")
            );
        }
    }
}
