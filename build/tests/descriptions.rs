//! Description generation on the real job architecture: the authoritative
//! cascade, then an LLM served from loopback, then offline rebuilds from the
//! cache giving the same table.

mod common;

use common::loopback::{serve, Reply};
use jobforge::clients::cache::DiskCache;
use jobforge::clients::http::RetryPolicy;
use jobforge::clients::llm::{LlmClient, LlmConfig};
use jobforge::impute::descriptions::{generate, Description};
use jobforge::model::{resolution, Gold};

fn gold() -> Gold {
    let mut g = jobforge::pipeline::load(&common::sources(), None, true).expect("sources");
    let data = resolution::resolver_data(&g).unwrap();
    let (t, _) = resolution::job_architecture(&g, &data).unwrap();
    g.add(t);
    g
}

fn client(base: &str, key: Option<&str>, cache: &std::path::Path) -> LlmClient {
    LlmClient::new(
        LlmConfig {
            endpoint: base.into(),
            model: "gpt-4o-2024-08-06".into(),
            api_key: key.map(String::from),
            retry: RetryPolicy {
                attempts: 2,
                backoff: std::time::Duration::from_millis(1),
                timeout: std::time::Duration::from_secs(5),
            },
        },
        DiskCache::new(cache),
    )
}

fn count(ds: &[Description], lang: &str, method: &str) -> usize {
    ds.iter()
        .filter(|d| d.language == lang && d.method == method)
        .count()
}

#[test]
fn cascade_without_an_llm() {
    let ds = generate(&gold(), None).unwrap();
    // Every title, family and function, in both languages.
    let titles = ds.iter().filter(|d| d.entity_type == "job_title").count();
    assert_eq!(titles, 2 * 1341);
    assert!(ds
        .iter()
        .any(|d| d.entity_type == "job_family" && d.method == "AUTHORITATIVE"));
    assert!(ds
        .iter()
        .any(|d| d.entity_type == "job_function" && d.method == "AUTHORITATIVE"));
    assert_eq!(
        count(&ds, "fr", "AUTHORITATIVE"),
        0,
        "no source publishes French statements"
    );
    for d in &ds {
        assert!(!d.rationale.is_empty(), "{d:?}");
        assert_eq!(d.text.is_some(), d.method != "MISSING");
    }
    let admin = ds
        .iter()
        .find(|d| {
            d.entity_type == "job_title"
                && d.language == "en"
                && d.text
                    .as_deref()
                    .is_some_and(|t| t.starts_with("Administrative assistants"))
        })
        .expect("13110's lead statement");
    assert_eq!(admin.source_table, "element_lead_statement");
}

#[test]
fn llm_fills_the_gaps_and_the_cache_makes_rebuilds_offline() {
    let missing = {
        let ds = generate(&gold(), None).unwrap();
        ds.iter()
            .filter(|d| d.method == "MISSING" && d.name.is_some())
            .count()
    };
    let answer = serde_json::json!({ "choices": [ { "message": { "content": "{\"description\":\"Décrit par le modèle.\"}" } } ] });
    let server = serve(vec![Reply::ok(answer.to_string()); missing + 5]);
    let cache = tempfile::tempdir().unwrap();
    let g = gold();
    let online = generate(&g, Some(&client(&server.base, Some("k"), cache.path()))).unwrap();
    // Identical prompts (two titles with the same name in the same unit
    // group) are asked once: the second is a cache hit.
    let distinct: std::collections::BTreeSet<_> = online
        .iter()
        .filter(|d| d.method == "LLM")
        .filter_map(|d| d.llm_prompt_hash.clone())
        .collect();
    assert_eq!(
        server.count(),
        distinct.len(),
        "one request per distinct prompt"
    );
    assert!(distinct.len() > missing * 9 / 10);
    assert!(count(&online, "fr", "LLM") > 0);
    let fr = online
        .iter()
        .find(|d| d.language == "fr" && d.method == "LLM")
        .unwrap();
    assert_eq!(fr.text.as_deref(), Some("Décrit par le modèle."));
    assert_eq!(fr.value_source, "imputed");

    // No key: every answer comes from the cache, and the table is the same.
    let offline = generate(&g, Some(&client("http://127.0.0.1:9", None, cache.path()))).unwrap();
    assert_eq!(offline, online);
}
