//! The data-question test set (`tests/data/ask/questions.toml`, 76
//! questions, half French) through the real pipeline: a build of the real
//! sources, WiQ's search index for named occupations, `jobforge ask`'s
//! reading and `jobforge-query`. Each question's gold SQL runs in DuckDB
//! over the same parquet (`tests/data/query/duckdb_query.py`); the score is
//! printed per split (right / unanswered / wrong), and the held-out split
//! must meet the goal: ≥ 85% right and ≤ 3% wrong.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use jobforge::cli::ask_data::{self, Asked};
use jobforge_core::ask::data::{Reply, Vocab};
use jobforge_core::ask::Catalog;
use jobforge_core::search::{SearchConfig, SearchIndex};
use jobforge_query::{Database, Value};

#[derive(serde::Deserialize)]
struct Set {
    q: Vec<Question>,
}

#[derive(serde::Deserialize, Clone)]
struct Question {
    id: String,
    split: String,
    question: String,
    kind: String,
    sql: Option<String>,
}

struct Fixture {
    data: PathBuf,
    db: Database,
    vocab: Vocab,
    catalog: Catalog,
    index: SearchIndex,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let data = common::real_build().dir.path().join("data");
        let db = jobforge::cli::query::load_parquet_dir(&data).expect("load the gold parquet");
        let vocab = ask_data::vocab(&db);
        let gold = jobforge::pipeline::load_with_metadata(
            &common::sources(),
            None,
            true,
            &common::content(),
        )
        .expect("read the sources");
        let catalog = jobforge::model::ask_catalog::catalog(&gold).expect("catalogue");
        // Training takes minutes: the index is kept under the test's
        // target folder, keyed by the titles and settings (delete
        // `target/tmp/ask-index` after changing the search model itself).
        let cache = jobforge::search_cache::IndexCache {
            dir: Path::new(env!("CARGO_TARGET_TMPDIR")).join("ask-index"),
            salt: b"ask_data test".to_vec(),
        };
        let gold = jobforge::pipeline::load(&common::sources(), None, true).expect("gold");
        let index =
            jobforge::search_cache::index_or_warn(&gold, &SearchConfig::default(), Some(&cache))
                .expect("search index");
        Fixture {
            data,
            db,
            vocab,
            catalog,
            index,
        }
    })
}

fn questions() -> Vec<Question> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ask/questions.toml");
    let text = std::fs::read_to_string(&path).expect("read the test set");
    let set: Set = toml::from_str(&text).expect("parse the test set");
    set.q
}

/// Every cell of DuckDB's row is somewhere in ours (ours may add titles).
fn row_holds(ours: &[Value], theirs: &[serde_json::Value]) -> bool {
    theirs
        .iter()
        .all(|t| ours.iter().any(|o| common::duckdb::same(o, t)))
}

#[derive(Debug, PartialEq)]
enum Mark {
    Right,
    Unanswered,
    Wrong(String),
}

/// Grades one reply against the expected kind and DuckDB's rows.
fn grade(q: &Question, asked: &Asked, theirs: Option<&serde_json::Value>) -> Mark {
    let kind = asked.reply.kind();
    if kind != q.kind {
        return if kind == "not_understood" {
            Mark::Unanswered
        } else {
            Mark::Wrong(format!("kind {kind}, expected {}", q.kind))
        };
    }
    if q.kind != "data" {
        return Mark::Right;
    }
    // The browser app fetches `data::tables()` for its question box: a table
    // outside it would fail there.
    if let Reply::Data(dq) = &asked.reply {
        if let Some(c) = dq
            .cites
            .iter()
            .find(|c| !jobforge_core::ask::data::tables().any(|t| t == c.table))
        {
            return Mark::Wrong(format!("reads {}, not in data::tables()", c.table));
        }
    }
    let (Some(theirs), Some(ours)) = (theirs, &asked.result) else {
        return Mark::Wrong("no rows to compare".into());
    };
    if let Some(e) = theirs.get("error") {
        return Mark::Wrong(format!("the gold SQL failed in DuckDB: {e}"));
    }
    let their_rows: Vec<Vec<serde_json::Value>> = theirs["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| r.as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    if their_rows.len() != ours.rows.len() {
        return Mark::Wrong(format!(
            "{} rows, DuckDB {}",
            ours.rows.len(),
            their_rows.len()
        ));
    }
    let ordered = q
        .sql
        .as_deref()
        .is_some_and(|s| s.to_uppercase().contains("ORDER BY"));
    if ordered {
        for (i, (o, t)) in ours.rows.iter().zip(&their_rows).enumerate() {
            if !row_holds(o, t) {
                return Mark::Wrong(format!("row {i}: ours {o:?}, DuckDB {t:?}"));
            }
        }
    } else {
        // As sets: each DuckDB row matched by a distinct row of ours.
        let mut free: Vec<bool> = vec![true; ours.rows.len()];
        for t in &their_rows {
            match (0..ours.rows.len()).find(|&i| free[i] && row_holds(&ours.rows[i], t)) {
                Some(i) => free[i] = false,
                None => return Mark::Wrong(format!("DuckDB's row {t:?} is not in ours")),
            }
        }
    }
    Mark::Right
}

struct Score {
    right: usize,
    unanswered: usize,
    wrong: usize,
}

impl Score {
    fn total(&self) -> usize {
        self.right + self.unanswered + self.wrong
    }
    fn pct(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.total().max(1) as f64
    }
}

fn run_set() -> Vec<(Question, Mark)> {
    let f = fixture();
    let qs = questions();
    let sqls: Vec<&str> = qs.iter().filter_map(|q| q.sql.as_deref()).collect();
    let theirs = common::duckdb::run(&f.data, &sqls);
    let mut gold = theirs.iter();
    qs.into_iter()
        .map(|q| {
            let t = if q.sql.is_some() { gold.next() } else { None };
            let asked = ask_data::ask(&f.db, &f.vocab, &f.catalog, &f.index, &q.question, None)
                .unwrap_or_else(|e| panic!("{}: {e:#}", q.id));
            let mark = grade(&q, &asked, t);
            (q, mark)
        })
        .collect()
}

#[test]
fn the_test_set_is_well_formed() {
    let qs = questions();
    let held: Vec<&Question> = qs.iter().filter(|q| q.split == "held_out").collect();
    assert!(qs.len() >= 60, "{} questions", qs.len());
    assert!(held.len() >= 30, "{} held out", held.len());
    for part in [qs.iter().collect::<Vec<_>>(), held] {
        let fr = part.iter().filter(|q| q.id.contains("-fr-")).count();
        assert!(fr * 2 >= part.len() - 2, "{fr} French of {}", part.len());
    }
    for q in &qs {
        assert!(["dev", "held_out"].contains(&q.split.as_str()), "{}", q.id);
        assert!(
            ["data", "metadata", "not_understood"].contains(&q.kind.as_str()),
            "{}",
            q.id
        );
        assert_eq!(q.kind == "data", q.sql.is_some(), "{}: gold SQL", q.id);
    }
}

#[test]
fn the_test_set_scores_against_duckdb() {
    let results = run_set();
    let mut report = String::new();
    let mut held = Score {
        right: 0,
        unanswered: 0,
        wrong: 0,
    };
    for split in ["dev", "held_out"] {
        let mut s = Score {
            right: 0,
            unanswered: 0,
            wrong: 0,
        };
        for (q, m) in results.iter().filter(|(q, _)| q.split == split) {
            match m {
                Mark::Right => s.right += 1,
                Mark::Unanswered => {
                    s.unanswered += 1;
                    report += &format!("  unanswered {}: {}\n", q.id, q.question);
                }
                Mark::Wrong(why) => {
                    s.wrong += 1;
                    report += &format!("  WRONG {}: {} — {why}\n", q.id, q.question);
                }
            }
        }
        println!(
            "{split}: {} questions, right {} ({:.1}%), unanswered {} ({:.1}%), wrong {} ({:.1}%)",
            s.total(),
            s.right,
            s.pct(s.right),
            s.unanswered,
            s.pct(s.unanswered),
            s.wrong,
            s.pct(s.wrong)
        );
        if split == "held_out" {
            held = s;
        }
    }
    println!("{report}");
    assert!(
        held.pct(held.right) >= 85.0 && held.pct(held.wrong) <= 3.0,
        "held-out: {:.1}% right, {:.1}% wrong (goal ≥ 85% right, ≤ 3% wrong)\n{report}",
        held.pct(held.right),
        held.pct(held.wrong)
    );
}

#[test]
fn the_grading_catches_wrong_rows() {
    let f = fixture();
    let q = Question {
        id: "t".into(),
        split: "dev".into(),
        question: "How many unit groups are in TEER 1?".into(),
        kind: "data".into(),
        sql: Some("SELECT COUNT(*) FROM dim_noc WHERE level = 5 AND teer = 1".into()),
    };
    let asked =
        ask_data::ask(&f.db, &f.vocab, &f.catalog, &f.index, &q.question, None).expect("ask");
    assert_eq!(
        grade(&q, &asked, Some(&serde_json::json!({"rows": [[97]]}))),
        Mark::Right
    );
    assert!(matches!(
        grade(&q, &asked, Some(&serde_json::json!({"rows": [[98]]}))),
        Mark::Wrong(_)
    ));
    assert!(matches!(
        grade(&q, &asked, Some(&serde_json::json!({"rows": [[97], [1]]}))),
        Mark::Wrong(_)
    ));
    let Reply::Data(d) = &asked.reply else {
        panic!("not read as data");
    };
    assert_eq!(asked.answer(), "97 unit groups are in TEER 1.");
    assert!(d.sql.contains("n.teer = 1"));
}

/// `jobforge ask --json` on a built site's parquet (with the index the
/// fixture trained, as `build --app` ships it): one object, codes as
/// strings and numbers as numbers.
#[test]
fn the_cli_prints_one_json_object() {
    let f = fixture();
    let site = tempfile::tempdir().expect("tempdir");
    let data = site.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    for e in std::fs::read_dir(&f.data).expect("read data") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "parquet") {
            std::fs::copy(&p, data.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(
        data.join("search-index.bin"),
        f.index.to_bytes().expect("index bytes"),
    )
    .expect("write the index");
    let run = |q: &str| -> serde_json::Value {
        let out = Command::new(env!("CARGO_BIN_EXE_jobforge"))
            .args(["ask", "--json", "--data"])
            .arg(&data)
            .arg("--sources")
            .arg(common::sources())
            .arg("--content")
            .arg(common::content())
            .arg(q)
            .output()
            .expect("run jobforge");
        assert!(
            out.status.success(),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("one JSON object")
    };
    let j = run("combien de possibilités d'emploi pour les infirmières autorisées ?");
    assert_eq!(j["kind"], "data");
    assert_eq!(j["lang"], "fr");
    assert_eq!(j["rows"][0][0], "31301", "{j}");
    assert!(j["rows"][0][2].is_number(), "{j}");
    assert_eq!(j["columns"][2], "job_openings");
    assert!(j["sql"].as_str().is_some_and(|s| s.contains("'31301'")));
    assert!(
        j["answer"]
            .as_str()
            .is_some_and(|s| s.contains("possibilités d’emploi")),
        "{j}"
    );
    assert!(j["cites"]
        .as_array()
        .is_some_and(|c| c.iter().any(|c| c["table"] == "cops_summary")));
    assert!(j["read_as"].to_string().contains("31301"), "{j}");
    let j = run("where does dim_noc come from");
    assert_eq!(j["kind"], "metadata");
    let j = run("what is the favourite food of electricians");
    assert_eq!(j["kind"], "not_understood");
    assert!(j["sql"].is_null());
    assert!(j["from_model"].is_null());
    assert!(
        !j["suggestions"].as_array().is_some_and(Vec::is_empty),
        "{j}"
    );

    // `--llm`, configured as the LLM imputation is (environment), sends
    // that question to the model; its SQL is checked, run and said so.
    let server = common::loopback::serve(vec![common::loopback::Reply::ok(llm::sql_completion(
        "SELECT COUNT(*) AS unit_groups FROM dim_noc WHERE level = 5",
    ))]);
    let cache = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_jobforge"))
        .args(["ask", "--json", "--llm", "--llm-cache"])
        .arg(cache.path())
        .arg("--data")
        .arg(&data)
        .arg("--sources")
        .arg(common::sources())
        .arg("--content")
        .arg(common::content())
        .arg("what is the favourite food of electricians")
        .env("JOBFORGE_LLM_ENDPOINT", &server.base)
        .env("JOBFORGE_LLM_API_KEY", "sk-test")
        .output()
        .expect("run jobforge");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(j["kind"], "data", "{j}");
    assert_eq!(j["rows"], serde_json::json!([[516]]), "{j}");
    assert_eq!(j["from_model"]["sql_checked"], true);
    assert!(
        j["answer"]
            .as_str()
            .is_some_and(|a| a.contains("language model")),
        "{j}"
    );
    assert_eq!(server.count(), 1);
}

mod llm {
    //! `jobforge ask --llm` against a loopback server that speaks the
    //! OpenAI chat-completions API.

    use std::time::Duration;

    use super::common::loopback::{serve, Reply as Http};
    use super::*;
    use jobforge::clients::cache::DiskCache;
    use jobforge::clients::http::RetryPolicy;
    use jobforge::clients::llm::{LlmClient, LlmConfig};

    const UNREADABLE: &str = "what is the favourite food of electricians";

    fn client(base: &str, key: Option<&str>, cache: &Path) -> LlmClient {
        LlmClient::new(
            LlmConfig {
                endpoint: base.to_string(),
                model: "gpt-4o-2024-08-06".into(),
                api_key: key.map(String::from),
                retry: RetryPolicy {
                    attempts: 2,
                    backoff: Duration::from_millis(5),
                    timeout: Duration::from_secs(5),
                },
            },
            DiskCache::new(cache),
        )
    }

    pub(super) fn sql_completion(sql: &str) -> Vec<u8> {
        let content = serde_json::json!({ "sql": sql }).to_string();
        serde_json::json!({ "choices": [ { "message": { "role": "assistant", "content": content } } ] })
            .to_string()
            .into_bytes()
    }

    fn ask_with(c: &LlmClient, question: &str) -> Asked {
        let f = fixture();
        ask_data::ask(&f.db, &f.vocab, &f.catalog, &f.index, question, None)
            .expect("ask")
            .or_model(c, &f.db, question, None)
    }

    #[test]
    fn the_models_sql_is_checked_then_run_and_the_answer_says_so() {
        let sql =
            "SELECT noc_code, title_en FROM dim_noc WHERE teer = 5 AND level = 5 ORDER BY noc_code";
        let server = serve(vec![Http::ok(sql_completion(sql))]);
        let cache = tempfile::tempdir().expect("tempdir");
        let asked = ask_with(
            &client(&server.base, Some("sk-test"), cache.path()),
            UNREADABLE,
        );
        assert_eq!(asked.kind(), "data");
        let j = asked.json();
        assert_eq!(j["sql"], sql);
        assert_eq!(j["from_model"]["model"], "gpt-4o-2024-08-06");
        assert_eq!(j["from_model"]["sql_checked"], true);
        let theirs = fixture().db.query(sql).expect("the SQL runs");
        assert_eq!(j["rows"].as_array().map(Vec::len), Some(theirs.rows.len()));
        assert!(theirs.rows.len() > 10);
        assert!(
            asked
                .answer()
                .starts_with("A language model (gpt-4o-2024-08-06) wrote this SQL"),
            "{}",
            asked.answer()
        );
        // One structured-output request, carrying the question and the schema.
        assert_eq!(server.count(), 1);
        let req = server.received.lock().expect("lock")[0].clone();
        let body: serde_json::Value = serde_json::from_slice(&req.body).expect("JSON body");
        assert_eq!(body["response_format"]["type"], "json_schema");
        assert_eq!(body["messages"][1]["content"], UNREADABLE);
        let system = body["messages"][0]["content"].as_str().unwrap_or_default();
        assert!(
            system.contains("cops_summary(") && system.contains("job_openings"),
            "{system}"
        );

        // Asked again offline, the cached answer is used and nothing is sent.
        let offline = ask_with(
            &client("http://127.0.0.1:9", None, cache.path()),
            UNREADABLE,
        );
        assert_eq!(offline.json()["from_model"]["from_cache"], true);
        assert_eq!(offline.json()["rows"], j["rows"]);
    }

    #[test]
    fn sql_that_fails_the_schema_check_is_not_run() {
        for bad in [
            "SELECT favourite_food FROM dim_noc",
            "DELETE FROM dim_noc",
            "SELECT * FROM secret_table",
        ] {
            let server = serve(vec![Http::ok(sql_completion(bad))]);
            let cache = tempfile::tempdir().expect("tempdir");
            let q = "quel est le plat préféré des électriciens";
            let asked = ask_with(&client(&server.base, Some("sk-test"), cache.path()), q);
            assert_eq!(asked.kind(), "not_understood", "{bad}");
            let j = asked.json();
            assert_eq!(j["rows"], serde_json::json!([]), "{bad}");
            assert_eq!(j["from_model"]["sql_checked"], false);
            assert!(
                asked
                    .answer()
                    .contains("n’a pas passé la vérification du schéma"),
                "{bad}: {}",
                asked.answer()
            );
        }
    }

    #[test]
    fn without_a_key_or_for_a_question_the_reader_reads_nothing_is_sent() {
        let server = serve(vec![Http::ok(sql_completion("SELECT 1"))]);
        let cache = tempfile::tempdir().expect("tempdir");
        let asked = ask_with(&client(&server.base, None, cache.path()), UNREADABLE);
        assert_eq!(asked.kind(), "not_understood");
        assert!(
            asked.answer().contains("no LLM API key"),
            "{}",
            asked.answer()
        );
        let c = client(&server.base, Some("sk-test"), cache.path());
        let read = ask_with(&c, "how many unit groups are in TEER 1?");
        assert_eq!(read.kind(), "data");
        assert!(read.model.is_none());
        assert_eq!(server.count(), 0);
    }

    #[test]
    fn a_failing_endpoint_is_retried_and_said() {
        let server = serve(vec![Http::status(503), Http::status(503)]);
        let cache = tempfile::tempdir().expect("tempdir");
        let asked = ask_with(
            &client(&server.base, Some("sk-test"), cache.path()),
            UNREADABLE,
        );
        assert_eq!(asked.kind(), "not_understood");
        assert_eq!(server.count(), 2);
        assert!(
            asked.answer().contains("every attempt failed"),
            "{}",
            asked.answer()
        );
    }
}
