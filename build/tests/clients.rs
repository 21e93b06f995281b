//! The LLM and O*NET Web Services clients against a loopback server that
//! speaks their APIs: timeouts, 429, malformed JSON, schema mismatch, a
//! refusal, the cache, and what happens with no key.

mod common;

use std::time::Duration;

use common::loopback::{serve, Reply};
use jobforge::clients::cache::DiskCache;
use jobforge::clients::http::RetryPolicy;
use jobforge::clients::llm::{LlmClient, LlmConfig, Outcome, ParseStatus, Prompt};
use jobforge::clients::onet_ws::{Fetched, OnetClient, OnetConfig};
use serde_json::json;

fn quick() -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        backoff: Duration::from_millis(5),
        timeout: Duration::from_millis(800),
    }
}

fn llm(base: &str, key: Option<&str>, cache: &std::path::Path) -> LlmClient {
    LlmClient::new(
        LlmConfig {
            endpoint: base.to_string(),
            model: "gpt-4o-2024-08-06".into(),
            api_key: key.map(String::from),
            retry: quick(),
        },
        DiskCache::new(cache),
    )
}

fn prompt() -> Prompt {
    Prompt {
        system: "You write NOC-style occupational descriptions.".into(),
        user: "Describe: Software engineers and designers (21231).".into(),
        schema_name: "description".into(),
        schema_version: "1".into(),
        schema: json!({
            "type": "object",
            "properties": { "description_en": { "type": "string" } },
            "required": ["description_en"],
            "additionalProperties": false,
        }),
    }
}

fn completion(content: &str) -> Vec<u8> {
    json!({ "model": "gpt-4o-2024-08-06", "choices": [ { "message": { "role": "assistant", "content": content } } ] })
        .to_string()
        .into_bytes()
}

fn answered(o: Outcome) -> jobforge::clients::llm::LlmRecord {
    match o {
        Outcome::Answered(r) => r,
        other => panic!("expected an answer, got {other:?}"),
    }
}

#[test]
fn structured_output_request_and_cache() {
    let server = serve(vec![Reply::ok(completion(
        r#"{"description_en":"Designs software."}"#,
    ))]);
    let cache = tempfile::tempdir().unwrap();
    let c = llm(&server.base, Some("sk-test"), cache.path());
    let r = answered(c.ask(&prompt()));
    assert_eq!(r.parse_status, ParseStatus::Ok);
    assert_eq!(r.parsed.unwrap()["description_en"], "Designs software.");
    let req = server.received.lock().unwrap()[0].clone();
    assert!(
        req.head.starts_with("POST /chat/completions"),
        "{}",
        req.head
    );
    assert!(req
        .head
        .to_ascii_lowercase()
        .contains("authorization: bearer sk-test"));
    let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body["model"], "gpt-4o-2024-08-06");
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);

    // Offline rebuild: no key, same answer from the cache, no request.
    let offline = llm("http://127.0.0.1:9", None, cache.path());
    let again = answered(offline.ask(&prompt()));
    assert!(again.from_cache);
    assert_eq!(again.raw_response, r.raw_response);
    assert_eq!(server.count(), 1);
}

#[test]
fn no_key_and_no_cache_leaves_the_value_missing() {
    let cache = tempfile::tempdir().unwrap();
    match llm("http://127.0.0.1:9", None, cache.path()).ask(&prompt()) {
        Outcome::Missing { reason, .. } => assert!(reason.contains("no LLM API key")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rate_limits_and_timeouts_are_retried_and_recorded() {
    let server = serve(vec![
        Reply::status(429),
        Reply::slow(Duration::from_millis(1500)),
        Reply::ok(completion(r#"{"description_en":"ok"}"#)),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let r = answered(llm(&server.base, Some("k"), cache.path()).ask(&prompt()));
    assert_eq!(r.parse_status, ParseStatus::Ok);
    assert_eq!(server.count(), 3);

    let server = serve(vec![
        Reply::status(503),
        Reply::status(429),
        Reply::status(500),
    ]);
    let cache = tempfile::tempdir().unwrap();
    match llm(&server.base, Some("k"), cache.path()).ask(&prompt()) {
        Outcome::Failed { failures, .. } => {
            assert_eq!(failures.len(), 3);
            assert!(
                failures[0].contains("503") && failures[1].contains("429"),
                "{failures:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        std::fs::read_dir(cache.path()).unwrap().next().is_none(),
        "failures are not cached"
    );
}

#[test]
fn bad_answers_are_stored_and_marked_never_fatal() {
    let cases = [
        (Reply::ok(b"<html>oops</html>".to_vec()), ParseStatus::MalformedJson),
        (Reply::ok(completion("this is not json")), ParseStatus::MalformedJson),
        (Reply::ok(completion(r#"{"description_fr":"mauvais champ"}"#)), ParseStatus::SchemaMismatch),
        (
            Reply::ok(json!({ "choices": [ { "message": { "content": null, "refusal": "I cannot help with that." } } ] }).to_string().into_bytes()),
            ParseStatus::Refusal,
        ),
        (Reply::status(401), ParseStatus::HttpError),
    ];
    for (reply, want) in cases {
        let server = serve(vec![reply]);
        let cache = tempfile::tempdir().unwrap();
        let c = llm(&server.base, Some("k"), cache.path());
        let r = answered(c.ask(&prompt()));
        assert_eq!(r.parse_status, want, "{}", r.raw_response);
        assert_eq!(r.prompt_hash, c.prompt_hash(&prompt()));
        assert_eq!(r.schema_version, "1");
        // Stored with its status, so a rebuild sees the same answer.
        let cached = answered(llm("http://127.0.0.1:9", None, cache.path()).ask(&prompt()));
        assert_eq!(cached.parse_status, want);
    }
}

fn onet(base: &str, key: Option<&str>, cache: &std::path::Path) -> OnetClient {
    OnetClient::new(
        OnetConfig {
            base: base.to_string(),
            api_key: key.map(String::from),
            retry: quick(),
        },
        DiskCache::new(cache),
    )
}

#[test]
fn onet_web_services_client_retries_caches_and_is_off_without_a_key() {
    let skills = json!({ "code": "15-1252.00", "element": [
        { "id": "2.A.1.e", "name": "Mathematics", "score": { "scale": "Importance", "value": 56 } },
        { "id": "2.B.3.e", "name": "Programming", "score": { "scale": "Importance", "value": 88 } },
    ]});
    let server = serve(vec![
        Reply::status(429),
        Reply::status(502),
        Reply::ok(skills.to_string()),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let c = onet(&server.base, Some("key-1"), cache.path());
    match c.fetch("15-1252.00", "skills") {
        Fetched::Elements {
            elements,
            from_cache,
        } => {
            assert!(!from_cache);
            assert_eq!(elements.len(), 2);
            assert_eq!(elements[1].importance, Some(88.0));
        }
        other => panic!("{other:?}"),
    }
    let req = server.received.lock().unwrap()[2].clone();
    assert!(
        req.head
            .starts_with("GET /online/occupations/15-1252.00/details/skills"),
        "{}",
        req.head
    );
    assert!(req.head.to_ascii_lowercase().contains("x-api-key: key-1"));

    let offline = onet("http://127.0.0.1:9", None, cache.path());
    assert!(matches!(
        offline.fetch("15-1252.00", "skills"),
        Fetched::Elements {
            from_cache: true,
            ..
        }
    ));
    assert_eq!(offline.fetch("15-1252.00", "abilities"), Fetched::Off);

    let server = serve(vec![Reply::status(404)]);
    assert_eq!(
        onet(&server.base, Some("k"), cache.path()).fetch("99-9999.00", "skills"),
        Fetched::Status(404)
    );
}

#[test]
fn web_services_answers_become_imputed_unit_group_attributes() {
    use jobforge::impute::onet::web_services_attributes;
    let gold = jobforge::pipeline::load(&common::sources(), None, true).expect("sources");
    // Cache answers for one O*NET code (software developers) through a real
    // request, then run offline: only cached answers are used.
    let answer = json!({ "code": "15-1252.00", "element": [
        { "id": "2.B.3.e", "name": "Programming", "score": { "value": 88 } },
        { "id": "2.A.1.e", "name": "Mathematics", "score": { "value": 56 } },
    ]});
    let server = serve(vec![Reply::ok(answer.to_string())]);
    let cache = tempfile::tempdir().unwrap();
    let online = onet(&server.base, Some("k"), cache.path());
    assert!(matches!(
        online.fetch("15-1252.00", "skills"),
        Fetched::Elements { .. }
    ));

    let offline = onet("http://127.0.0.1:9", None, cache.path());
    let (attrs, stats) = web_services_attributes(&gold, &offline).unwrap();
    assert_eq!(stats.answered, 1);
    assert_eq!(stats.from_cache, 1);
    assert_eq!(stats.requested, stats.answered + stats.unanswered);
    // Every unit group mapped to 15-1252.00 gets the skills, imputed at 0.5.
    let mapped = jobforge::impute::onet::mappings(&gold).unwrap();
    let ugs: Vec<&String> = mapped
        .iter()
        .filter(|(_, c)| c.contains("15-1252.00"))
        .map(|(u, _)| u)
        .collect();
    assert!(!ugs.is_empty());
    for ug in ugs {
        let prog = attrs
            .iter()
            .find(|a| &a.unit_group_id == ug && a.attribute == "onet_ws.skills.programming")
            .expect("programming");
        assert_eq!(prog.confidence, 0.5);
        assert_eq!(
            prog.value_source,
            jobforge_core::provenance::ValueSource::Imputed
        );
        assert!(prog.rationale.contains("15-1252.00"));
    }
}
