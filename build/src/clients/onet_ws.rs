//! O*NET Web Services client for what the local O*NET files lack: skills,
//! abilities, knowledge and work activities with their importance.
//!
//! Off unless `ONET_API_KEY` is set. Requests go to
//! `{base}/online/occupations/{code}/details/{section}` with the key in the
//! `X-API-Key` header; the base is `ONET_API_BASE` (default
//! `https://api-v2.onetcenter.org`). Answers are cached on disk keyed by the
//! request, so a rebuild with the cache is offline.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::cache::{key_of, DiskCache};
use super::http::{self, Request, RetryPolicy};

pub const DEFAULT_BASE: &str = "https://api-v2.onetcenter.org";
pub const SECTIONS: &[&str] = &["skills", "abilities", "knowledge", "work_activities"];

#[derive(Debug, Clone)]
pub struct OnetConfig {
    pub base: String,
    pub api_key: Option<String>,
    pub retry: RetryPolicy,
}

impl OnetConfig {
    pub fn from_env() -> OnetConfig {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        OnetConfig {
            base: var("ONET_API_BASE").unwrap_or_else(|| DEFAULT_BASE.into()),
            api_key: var("ONET_API_KEY"),
            retry: RetryPolicy::default(),
        }
    }
}

/// One rated element of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Element {
    pub id: String,
    pub name: String,
    /// Importance on O*NET's 0–100 scale, when the answer gives it.
    pub importance: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    Elements {
        elements: Vec<Element>,
        from_cache: bool,
    },
    /// No key and no cache entry.
    Off,
    /// The service answered with an error status (404 for an unknown code).
    Status(u16),
    Failed(Vec<String>),
    /// The answer is not the JSON this client reads.
    Unreadable(String),
}

pub struct OnetClient {
    pub config: OnetConfig,
    pub cache: DiskCache,
}

impl OnetClient {
    pub fn new(config: OnetConfig, cache: DiskCache) -> OnetClient {
        OnetClient { config, cache }
    }

    fn url(&self, code: &str, section: &str) -> String {
        format!(
            "{}/online/occupations/{code}/details/{section}",
            self.config.base.trim_end_matches('/')
        )
    }

    pub fn fetch(&self, code: &str, section: &str) -> Fetched {
        let url = self.url(code, section);
        // Keyed by the question, not the host or the API key: the same
        // question asked of a mirror, or with another key, has the same answer.
        let key = key_of(&["onet-ws", code, section]);
        if let Some(bytes) = self.cache.get(&key) {
            return match parse(&bytes) {
                Ok(elements) => Fetched::Elements {
                    elements,
                    from_cache: true,
                },
                Err(e) => Fetched::Unreadable(e),
            };
        }
        let Some(api_key) = &self.config.api_key else {
            return Fetched::Off;
        };
        let req = Request {
            method: "GET",
            url,
            headers: vec![
                ("X-API-Key".into(), api_key.clone()),
                ("Accept".into(), "application/json".into()),
            ],
            body: None,
        };
        match http::send(&req, &self.config.retry) {
            Err(e) => Fetched::Failed(e.failures),
            Ok(r) if !(200..300).contains(&r.status) => Fetched::Status(r.status),
            Ok(r) => match parse(&r.body) {
                Ok(elements) => {
                    let _ = self.cache.put(&key, &r.body);
                    Fetched::Elements {
                        elements,
                        from_cache: false,
                    }
                }
                Err(e) => Fetched::Unreadable(e),
            },
        }
    }
}

/// Reads `{"element": [{"id", "name", "score": {"value"}}]}`; an `importance`
/// number on the element is read too.
pub fn parse(bytes: &[u8]) -> Result<Vec<Element>, String> {
    let v: Json = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let items = v["element"].as_array().ok_or("no \"element\" array")?;
    items
        .iter()
        .map(|e| {
            let id = e["id"].as_str().ok_or("element without id")?;
            let name = e["name"].as_str().ok_or("element without name")?;
            let importance = e["score"]["value"]
                .as_f64()
                .or_else(|| e["importance"].as_f64());
            Ok(Element {
                id: id.to_string(),
                name: name.to_string(),
                importance,
            })
        })
        .collect()
}
