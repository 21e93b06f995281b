//! A client for OpenAI-compatible chat completions with JSON-schema
//! structured outputs.
//!
//! Every answer is accepted and stored — model, prompt hash, schema version,
//! raw response and parse status — so that filtering happens downstream; an
//! answer that fails the schema is stored and marked, never fatal. Answers
//! are cached on disk by prompt hash: a rebuild with the cache runs offline
//! and gives the same bytes. With no key and no cache entry the value stays
//! missing, and says so.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

use super::cache::{key_of, DiskCache};
use super::http::{self, Request, RetryPolicy};

pub const DEFAULT_MODEL: &str = "gpt-4o-2024-08-06";
pub const DEFAULT_ENDPOINT: &str = "https://api.openai.com/v1";

#[derive(Debug, Clone)]
pub struct LlmConfig {
    /// Base URL; `/chat/completions` is appended.
    pub endpoint: String,
    pub model: String,
    pub api_key: Option<String>,
    pub retry: RetryPolicy,
}

impl LlmConfig {
    /// `JOBFORGE_LLM_ENDPOINT`, `JOBFORGE_LLM_MODEL`, and the key from
    /// `JOBFORGE_LLM_API_KEY` or `OPENAI_API_KEY`.
    pub fn from_env() -> LlmConfig {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        LlmConfig {
            endpoint: var("JOBFORGE_LLM_ENDPOINT").unwrap_or_else(|| DEFAULT_ENDPOINT.into()),
            model: var("JOBFORGE_LLM_MODEL").unwrap_or_else(|| DEFAULT_MODEL.into()),
            api_key: var("JOBFORGE_LLM_API_KEY").or_else(|| var("OPENAI_API_KEY")),
            retry: RetryPolicy::default(),
        }
    }
}

/// One structured-output question.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub system: String,
    pub user: String,
    pub schema_name: String,
    /// Bumped whenever the schema or the prompt template changes, so that old
    /// cache entries are not taken for answers to the new question.
    pub schema_version: String,
    pub schema: Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ParseStatus {
    Ok,
    /// The model declined (`message.refusal`).
    Refusal,
    /// The body or the message content is not JSON.
    MalformedJson,
    /// JSON, but not of the schema.
    SchemaMismatch,
    /// A non-2xx answer other than 429/5xx (for example 400 or 401).
    HttpError,
}

impl ParseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ParseStatus::Ok => "OK",
            ParseStatus::Refusal => "REFUSAL",
            ParseStatus::MalformedJson => "MALFORMED_JSON",
            ParseStatus::SchemaMismatch => "SCHEMA_MISMATCH",
            ParseStatus::HttpError => "HTTP_ERROR",
        }
    }
}

/// What is stored for every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LlmRecord {
    pub model: String,
    pub prompt_hash: String,
    pub schema_version: String,
    pub raw_response: String,
    pub parse_status: ParseStatus,
    /// Why the status is not OK, in a sentence.
    pub detail: Option<String>,
    /// The parsed content, when it is JSON (even if it fails the schema).
    pub parsed: Option<Json>,
    pub from_cache: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Answered(LlmRecord),
    /// No key and no cached answer: nothing was asked.
    Missing {
        prompt_hash: String,
        reason: String,
    },
    /// Every attempt failed (timeouts, 429, 5xx); nothing is cached.
    Failed {
        prompt_hash: String,
        failures: Vec<String>,
    },
}

pub struct LlmClient {
    pub config: LlmConfig,
    pub cache: DiskCache,
}

impl LlmClient {
    pub fn new(config: LlmConfig, cache: DiskCache) -> LlmClient {
        LlmClient { config, cache }
    }

    pub fn prompt_hash(&self, p: &Prompt) -> String {
        let schema = p.schema.to_string();
        key_of(&[
            &self.config.model,
            &p.schema_version,
            &p.system,
            &p.user,
            &schema,
        ])
    }

    pub fn ask(&self, p: &Prompt) -> Outcome {
        let hash = self.prompt_hash(p);
        if let Some(bytes) = self.cache.get(&hash) {
            if let Ok(mut rec) = serde_json::from_slice::<LlmRecord>(&bytes) {
                rec.from_cache = true;
                return Outcome::Answered(rec);
            }
        }
        let Some(key) = &self.config.api_key else {
            return Outcome::Missing {
                prompt_hash: hash,
                reason:
                    "no LLM API key (JOBFORGE_LLM_API_KEY or OPENAI_API_KEY) and no cached answer"
                        .into(),
            };
        };
        let body = json!({
            "model": self.config.model,
            "temperature": 0,
            "messages": [
                { "role": "system", "content": p.system },
                { "role": "user", "content": p.user },
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": { "name": p.schema_name, "strict": true, "schema": p.schema },
            },
        });
        let req = Request {
            method: "POST",
            url: format!(
                "{}/chat/completions",
                self.config.endpoint.trim_end_matches('/')
            ),
            headers: vec![
                ("Authorization".into(), format!("Bearer {key}")),
                ("Content-Type".into(), "application/json".into()),
            ],
            body: Some(body.to_string().into_bytes()),
        };
        let resp = match http::send(&req, &self.config.retry) {
            Ok(r) => r,
            Err(e) => {
                return Outcome::Failed {
                    prompt_hash: hash,
                    failures: e.failures,
                }
            }
        };
        let raw = String::from_utf8_lossy(&resp.body).into_owned();
        let (parse_status, detail, parsed) = if (200..300).contains(&resp.status) {
            interpret(&raw, &p.schema)
        } else {
            (
                ParseStatus::HttpError,
                Some(format!("HTTP {}", resp.status)),
                None,
            )
        };
        let rec = LlmRecord {
            model: self.config.model.clone(),
            prompt_hash: hash.clone(),
            schema_version: p.schema_version.clone(),
            raw_response: raw,
            parse_status,
            detail,
            parsed,
            from_cache: false,
        };
        // A cache that cannot be written costs a repeat request next time,
        // not this build.
        if let Ok(bytes) = serde_json::to_vec_pretty(&rec) {
            let _ = self.cache.put(&hash, &bytes);
        }
        Outcome::Answered(rec)
    }
}

/// Reads a chat-completions body: the first choice's refusal or content,
/// then the content as JSON, then the content against the schema.
pub fn interpret(raw: &str, schema: &Json) -> (ParseStatus, Option<String>, Option<Json>) {
    let Ok(body) = serde_json::from_str::<Json>(raw) else {
        return (
            ParseStatus::MalformedJson,
            Some("the response body is not JSON".into()),
            None,
        );
    };
    let message = &body["choices"][0]["message"];
    if let Some(r) = message["refusal"].as_str().filter(|r| !r.is_empty()) {
        return (ParseStatus::Refusal, Some(r.to_string()), None);
    }
    let Some(content) = message["content"].as_str() else {
        return (
            ParseStatus::MalformedJson,
            Some("no choices[0].message.content".into()),
            None,
        );
    };
    let Ok(parsed) = serde_json::from_str::<Json>(content) else {
        return (
            ParseStatus::MalformedJson,
            Some("the message content is not JSON".into()),
            None,
        );
    };
    match validate(&parsed, schema, "$") {
        Ok(()) => (ParseStatus::Ok, None, Some(parsed)),
        Err(e) => (ParseStatus::SchemaMismatch, Some(e), Some(parsed)),
    }
}

/// Checks the JSON-schema subset that structured outputs use: `type`,
/// `properties`, `required`, `additionalProperties: false`, `items`, `enum`.
pub fn validate(v: &Json, schema: &Json, at: &str) -> Result<(), String> {
    if let Some(options) = schema["enum"].as_array() {
        if !options.contains(v) {
            return Err(format!("{at}: {v} is not one of {}", schema["enum"]));
        }
    }
    let ty = schema["type"].as_str().unwrap_or("");
    let ok = match ty {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    };
    if !ok {
        return Err(format!("{at}: expected {ty}, found {v}"));
    }
    if let (Some(obj), Some(props)) = (v.as_object(), schema["properties"].as_object()) {
        for req in schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
        {
            if !obj.contains_key(req) {
                return Err(format!("{at}: missing required {req:?}"));
            }
        }
        for (k, val) in obj {
            match props.get(k) {
                Some(s) => validate(val, s, &format!("{at}.{k}"))?,
                None if schema["additionalProperties"] == Json::Bool(false) => {
                    return Err(format!("{at}: unexpected property {k:?}"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(s)) = (v.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(item, s, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Json {
        json!({
            "type": "object",
            "properties": { "description_en": { "type": "string" }, "confidence": { "type": "number" } },
            "required": ["description_en", "confidence"],
            "additionalProperties": false,
        })
    }

    fn body(content: &str) -> String {
        json!({ "choices": [ { "message": { "role": "assistant", "content": content } } ] })
            .to_string()
    }

    #[test]
    fn interprets_each_kind_of_answer() {
        let s = schema();
        let ok = interpret(&body(r#"{"description_en":"x","confidence":0.5}"#), &s);
        assert_eq!(ok.0, ParseStatus::Ok);
        let mismatch = interpret(&body(r#"{"description_en":3,"confidence":0.5}"#), &s);
        assert_eq!(mismatch.0, ParseStatus::SchemaMismatch);
        assert!(
            mismatch.2.is_some(),
            "the JSON is kept for downstream filtering"
        );
        assert_eq!(
            interpret(&body("not json"), &s).0,
            ParseStatus::MalformedJson
        );
        assert_eq!(interpret("<html>", &s).0, ParseStatus::MalformedJson);
        let refusal = json!({ "choices": [ { "message": { "content": null, "refusal": "I can't help with that." } } ] });
        assert_eq!(interpret(&refusal.to_string(), &s).0, ParseStatus::Refusal);
        let extra = interpret(
            &body(r#"{"description_en":"x","confidence":1,"more":1}"#),
            &s,
        );
        assert_eq!(extra.0, ParseStatus::SchemaMismatch);
    }
}
