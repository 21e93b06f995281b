//! `jobforge fetch tbs` against saved pages served from loopback: both
//! languages, language-aware validation, URL and retrieval time recorded,
//! and the TBS reader taking the result.

mod common;

use std::path::Path;
use std::time::Duration;

use common::loopback::{serve, Reply};
use jobforge::clients::http::RetryPolicy;
use jobforge::tbs_scrape::{parse, scrape_into, Lang, ScrapeError};

fn page(lang: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/data/tbs/occupational-groups.{lang}.html")),
    )
    .unwrap()
}

fn quick() -> RetryPolicy {
    RetryPolicy {
        attempts: 2,
        backoff: Duration::from_millis(1),
        timeout: Duration::from_secs(5),
    }
}

#[test]
fn parses_both_languages_with_links_and_provenance() {
    let en = parse(
        &page("en"),
        "https://www.canada.ca/en/tbs/groups.html",
        Lang::En,
        "2026-11-27T00:00:00Z",
    )
    .unwrap();
    assert_eq!(en.rows.len(), 3);
    assert_eq!(en.rows[1]["group_abbrev"], "AI");
    assert_eq!(en.rows[1]["group_name"], "Air Traffic Control(AI)");
    assert_eq!(en.rows[1]["subgroup"], "Non-Operational(AI-NOP)");
    assert_eq!(en.rows[0]["job_eval_standard_url"], "https://www.canada.ca/en/treasury-board-secretariat/services/collective-agreements/job-evaluation/ai.html");
    assert_eq!(
        en.rows[2]["definition_url"],
        "https://www.canada.ca/en/tbs/groups.html#def-it"
    );
    assert_eq!(
        en.rows[0]["provenance"]["retrieved_at"],
        "2026-11-27T00:00:00Z"
    );
    let fr = parse(
        &page("fr"),
        "https://www.canada.ca/fr/sct/groupes.html",
        Lang::Fr,
        "t",
    )
    .unwrap();
    assert_eq!(fr.rows[0]["subgroup"], "S.o.");
    assert_eq!(fr.rows[2]["group_name"], "Technologie de l'information(IT)");
}

#[test]
fn validation_is_language_aware() {
    // The English page served at the French URL.
    let err = parse(&page("en"), "u", Lang::Fr, "t").unwrap_err();
    assert!(
        matches!(err, ScrapeError::WrongLanguage { expected: "fr", .. }),
        "{err}"
    );
    // A French page whose table still has English headers.
    let mixed = page("en").replacen("<html lang=\"en\">", "<html lang=\"fr\">", 1);
    let err = parse(&mixed, "u", Lang::Fr, "t").unwrap_err();
    assert!(matches!(err, ScrapeError::NoTable { .. }), "{err}");
}

#[test]
fn scraped_pages_feed_the_reader_and_the_build_accepts_them() {
    let server = serve(vec![
        Reply::status(503),
        Reply::ok(page("en")),
        Reply::ok(page("fr")),
    ]);
    let sources = common::copy_sources();
    let dir = sources.path().join("tbs-occupational-groups");
    let record = scrape_into(
        &dir,
        [
            (&format!("{}/en.html", server.base), Lang::En),
            (&format!("{}/fr.html", server.base), Lang::Fr),
        ],
        &quick(),
        "2026-11-27T12:00:00Z",
    )
    .expect("scrape, after one 503");
    assert_eq!(record.len(), 2);
    assert!(
        record
            .iter()
            .all(|r| r.retrieved_at == "2026-11-27T12:00:00Z"
                && r.url.starts_with("http://127.0.0.1"))
    );
    // The pinned checksums no longer match, but the scrape record vouches
    // for these files: the build reads them.
    let gold = jobforge::pipeline::load(sources.path(), None, true)
        .expect("build reads the scraped pages");
    let og = gold.get("dim_og").unwrap();
    let codes = og.text_column("og_code").unwrap();
    assert_eq!(codes, [Some("AI"), Some("IT")]);
    let fr = og.text_column("name_fr").unwrap();
    assert_eq!(fr[1], Some("Technologie de l'information"));
}
