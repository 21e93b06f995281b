//! `jobforge fetch`: fills the sources folder from the publishers' URLs, or
//! copies from a local mirror with the same layout. Every file is checked
//! against its pinned sha256 before it is moved into place.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::clients::http::{self, Request, RetryPolicy};
use crate::manifest::{Manifest, SourceFile};

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{file}: sha256 is {found}, the manifest pins {expected}. The file is corrupt or a different version; delete it and fetch again.")]
    Checksum {
        file: String,
        expected: String,
        found: String,
    },
    #[error("{file}: not in the mirror at {path}")]
    NotInMirror { file: String, path: String },
    #[error("{file}: download from {url} failed after {attempts} attempts: {last}")]
    Download {
        file: String,
        url: String,
        attempts: u32,
        last: String,
    },
    #[error("{file}: has no URL; copy it from a mirror (--mirror DIR)")]
    NoUrl { file: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    AlreadyPresent,
    Copied,
    Downloaded,
    /// The organisation's own input, not in the mirror: it must be given by path.
    Skipped(String),
}

/// Why an optional file (no URL serves it) was not fetched.
const OPTIONAL_SKIPPED: &str = "optional, served by no URL as is: copy it from a mirror \
     (--mirror DIR); the build goes on without it and says what is missing";

pub struct Fetcher {
    pub dest: PathBuf,
    pub mirror: Option<PathBuf>,
    pub attempts: u32,
    pub backoff: Duration,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> FetchError + '_ {
    move |e| FetchError::Io {
        path: path.display().to_string(),
        source: e,
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Fetcher {
    /// Fetches every file of the manifest; stops at the first failure.
    pub fn run(
        &self,
        manifest: &Manifest,
        mut report: impl FnMut(&str, &Outcome),
    ) -> Result<(), FetchError> {
        for s in &manifest.sources {
            for f in &s.files {
                let id = format!("{}/{}", s.id, f.name);
                let outcome = self.fetch_one(&s.id, f, s.organisation_input)?;
                report(&id, &outcome);
            }
        }
        Ok(())
    }

    fn fetch_one(&self, source_id: &str, f: &SourceFile, org: bool) -> Result<Outcome, FetchError> {
        let id = format!("{source_id}/{}", f.name);
        let dest = self.dest.join(source_id).join(&f.name);
        if let Ok(existing) = std::fs::read(&dest) {
            if f.sha256
                .as_deref()
                .is_none_or(|h| sha256_hex(&existing) == h)
            {
                return Ok(Outcome::AlreadyPresent);
            }
        }
        let (bytes, outcome) = match &self.mirror {
            Some(m) => {
                let p = m.join(source_id).join(&f.name);
                match std::fs::read(&p) {
                    Ok(b) => (b, Outcome::Copied),
                    Err(_) if org => {
                        return Ok(Outcome::Skipped(
                            "organisation input: pass --job-architecture PATH".into(),
                        ))
                    }
                    Err(_) if f.optional => return Ok(Outcome::Skipped(OPTIONAL_SKIPPED.into())),
                    Err(_) => {
                        return Err(FetchError::NotInMirror {
                            file: id,
                            path: p.display().to_string(),
                        })
                    }
                }
            }
            None if org => {
                return Ok(Outcome::Skipped(
                    "organisation input: pass --job-architecture PATH".into(),
                ))
            }
            None if f.optional && f.url.is_none() => {
                return Ok(Outcome::Skipped(OPTIONAL_SKIPPED.into()))
            }
            None => {
                let url = f
                    .url
                    .as_deref()
                    .ok_or_else(|| FetchError::NoUrl { file: id.clone() })?;
                (self.download(&id, url)?, Outcome::Downloaded)
            }
        };
        if let Some(expected) = &f.sha256 {
            let found = sha256_hex(&bytes);
            if &found != expected {
                return Err(FetchError::Checksum {
                    file: id,
                    expected: expected.clone(),
                    found,
                });
            }
        }
        let dir = self.dest.join(source_id);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        // Write then rename, so an interrupted fetch never leaves half a file
        // that a later run would take for the real one.
        let tmp = dest.with_extension("part");
        std::fs::write(&tmp, &bytes).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &dest).map_err(io(&dest))?;
        Ok(outcome)
    }

    /// GET with retries and exponential backoff; every failure is recorded.
    fn download(&self, id: &str, url: &str) -> Result<Vec<u8>, FetchError> {
        let policy = RetryPolicy {
            attempts: self.attempts.max(1),
            backoff: self.backoff,
            timeout: Duration::from_secs(120),
        };
        let req = Request {
            method: "GET",
            url: url.to_string(),
            headers: Vec::new(),
            body: None,
        };
        let fail = |failures: Vec<String>| FetchError::Download {
            file: id.to_string(),
            url: url.to_string(),
            attempts: policy.attempts,
            last: failures.join("; "),
        };
        match http::send(&req, &policy) {
            Ok(r) if (200..300).contains(&r.status) => Ok(r.body),
            Ok(r) => {
                let mut f = r.failures;
                f.push(format!("HTTP {}", r.status));
                Err(fail(f))
            }
            Err(e) => Err(fail(e.failures)),
        }
    }
}
