//! The SQL console's engine (`jobforge-query`) on the real gold tables: the
//! canned questions and a set of queries over joins, grouping, ordering,
//! LIKE and NULLs give the same answers as DuckDB on the same parquet
//! files. DuckDB runs through `tests/data/query/duckdb_query.py`; without
//! python3 or its duckdb package the test fails (CI: `pip install duckdb`).

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use jobforge_query::canned::CANNED;
use jobforge_query::{Database, Position, QueryError, QueryOptions, Value};

/// Queries beyond the canned ones, each on a feature where engines differ.
const QUERIES: &[&str] = &[
    // Grouping without ORDER BY (compared as sets), COUNT of a nullable column.
    "SELECT level, COUNT(*) AS n, COUNT(teer) AS with_teer, MIN(noc_code), MAX(noc_code)
     FROM dim_noc GROUP BY level",
    // Join + group + SUM/AVG over integers.
    "SELECT n.teer, COUNT(*) AS unit_groups, SUM(s.employment_2023) AS employment,
            AVG(s.job_openings) AS mean_openings
     FROM dim_noc n JOIN cops_summary s ON s.unit_group_id = n.unit_group_id
     WHERE n.level = 5 GROUP BY n.teer ORDER BY n.teer",
    // LIKE, case-sensitive.
    "SELECT noc_code, title_en FROM dim_noc WHERE title_en LIKE '%engineer%' ORDER BY noc_code",
    // ILIKE over a large table.
    "SELECT COUNT(*) FROM element_example_titles WHERE job_title ILIKE '%nurse%'",
    // LIKE with `_`, concatenation of numbers, COALESCE.
    "SELECT '#' || level || ':' || COALESCE(teer, -1) AS k, COUNT(*) AS n
     FROM dim_noc WHERE noc_code LIKE '2____' GROUP BY 1",
    // NULL counting.
    "SELECT COUNT(*), COUNT(title_fr), COUNT(*) - COUNT(title_fr) FROM dim_noc",
    "SELECT noc_code FROM dim_noc WHERE title_fr IS NULL AND level = 4 ORDER BY noc_code LIMIT 10",
    // LEFT JOIN keeping unmatched rows, filtered on the NULL side.
    "SELECT n.unit_group_id, n.title_en, s.job_openings
     FROM dim_noc n LEFT JOIN cops_summary s ON s.unit_group_id = n.unit_group_id
     WHERE n.level = 5 AND s.unit_group_id IS NULL ORDER BY 1",
    // NULLs last in a descending sort, with OFFSET.
    "SELECT jt_id, tier, confidence FROM job_architecture_resolution
     ORDER BY confidence DESC, jt_id DESC LIMIT 12 OFFSET 1290",
    // NULLS FIRST on request.
    "SELECT jt_id, confidence FROM job_architecture_resolution
     ORDER BY confidence ASC NULLS FIRST, jt_id LIMIT 50",
    // DISTINCT without ORDER BY.
    "SELECT DISTINCT value_source, method FROM profile_attributes",
    // IN list and BETWEEN.
    "SELECT unit_group_id, job_openings FROM cops_summary
     WHERE unit_group_id IN ('21231', '21232', '31301') OR job_openings BETWEEN 100000 AND 120000
     ORDER BY unit_group_id",
    // CASE, NULLIF, float arithmetic and ROUND.
    "SELECT unit_group_id,
            CASE WHEN job_openings > job_seekers THEN 'shortage'
                 WHEN job_openings < job_seekers THEN 'surplus' ELSE 'balance' END AS outlook,
            ROUND(job_openings * 100.0 / NULLIF(employment_2023, 0), 2) AS pct
     FROM cops_summary ORDER BY unit_group_id LIMIT 60",
    // A subquery in FROM, HAVING.
    "SELECT attribute_group, COUNT(*) AS n
     FROM (SELECT * FROM imputation_coverage WHERE value_source = 'missing') m
     GROUP BY attribute_group HAVING COUNT(*) > 100 ORDER BY n DESC",
    // WITH, grouping on an aggregate's result.
    "WITH ug AS (SELECT unit_group_id, COUNT(*) AS profiles FROM dim_oasis_profile GROUP BY unit_group_id)
     SELECT profiles, COUNT(*) AS unit_groups FROM ug GROUP BY profiles ORDER BY profiles",
    // Three tables, inner and left joins, grouped without ORDER BY.
    "SELECT r.tier, n.teer, COUNT(*) AS titles, COUNT(s.unit_group_id) AS with_cops
     FROM job_architecture_resolution r
     JOIN dim_noc n ON n.noc_code = r.unit_group_id
     LEFT JOIN cops_summary s ON s.unit_group_id = r.unit_group_id
     GROUP BY r.tier, n.teer",
    // String functions.
    "SELECT noc_code, substr(noc_code, 1, 1) AS broad, length(title_en) AS len,
            upper(substr(title_en, 1, 12)) AS head, lower(title_en) AS low
     FROM dim_noc WHERE level = 2 ORDER BY noc_code",
    // COUNT DISTINCT and float aggregates.
    "SELECT attribute, COUNT(DISTINCT oasis_profile_code) AS profiles, MIN(value_num), MAX(value_num),
            AVG(value_num), SUM(value_num)
     FROM profile_attributes WHERE value_num IS NOT NULL
     GROUP BY attribute ORDER BY attribute LIMIT 40",
    // UNION (distinct), unordered.
    "SELECT unit_group_id FROM cops_summary UNION SELECT unit_group_id FROM dim_oasis_profile",
    // A comma join, its condition in WHERE.
    "SELECT COUNT(*) FROM bridge_noc_onet b, onet_occupations o WHERE b.onet_soc_code = o.onet_soc_code",
    // NOT IN (subquery); a scalar subquery.
    "SELECT COUNT(*) FROM dim_noc WHERE level = 5 AND noc_code NOT IN (SELECT unit_group_id FROM cops_summary)",
    "SELECT unit_group_id FROM cops_summary WHERE job_openings = (SELECT MAX(job_openings) FROM cops_summary)",
    // CAST, integer division and modulo, float division.
    "SELECT level, SUM(CAST(noc_code AS INTEGER) % 7) AS m, MAX(CAST(noc_code AS INTEGER) // 100) AS d
     FROM dim_noc GROUP BY level ORDER BY level",
    "SELECT AVG(job_openings / employment_2023) FROM cops_summary WHERE employment_2023 > 0",
    // Booleans and GROUP BY on them.
    "SELECT title_fr_missing, COUNT(*) FROM dim_noc GROUP BY title_fr_missing ORDER BY title_fr_missing",
];

struct Fixture {
    data: PathBuf,
    db: Database,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let data = common::real_build().dir.path().join("data");
        let db = jobforge::cli::query::load_parquet_dir(&data).expect("load the gold parquet");
        Fixture { data, db }
    })
}

/// A sort key for comparing unordered results: numbers at 9 significant
/// digits so that 3 and 3.0000000001 meet.
fn canon_ours(row: &[Value]) -> String {
    row.iter()
        .map(|v| match v {
            Value::Int(i) => format!("n{:.8e}", *i as f64),
            Value::Float(f) => format!("n{f:.8e}"),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join("|")
}

fn canon_theirs(row: &[serde_json::Value]) -> String {
    row.iter()
        .map(|v| match v {
            serde_json::Value::Number(n) => format!("n{:.8e}", n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::Null => "Null".to_string(),
            serde_json::Value::Bool(b) => format!("Bool({b})"),
            serde_json::Value::String(s) => format!("Text({s:?})"),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Compares one query's results; the error message says what differs.
fn compare(sql: &str, theirs: &serde_json::Value) -> Result<(), String> {
    let ours = fixture()
        .db
        .query(sql)
        .map_err(|e| format!("jobforge-query failed: {e}"))?;
    if let Some(e) = theirs.get("error") {
        return Err(format!("DuckDB failed: {e}"));
    }
    let their_cols = theirs["columns"].as_array().map_or(0, Vec::len);
    if their_cols != ours.columns.len() {
        return Err(format!(
            "{} columns, DuckDB {their_cols}",
            ours.columns.len()
        ));
    }
    let mut their_rows: Vec<Vec<serde_json::Value>> = theirs["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| r.as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    let mut our_rows = ours.rows.clone();
    if our_rows.len() != their_rows.len() {
        return Err(format!(
            "{} rows, DuckDB {}",
            our_rows.len(),
            their_rows.len()
        ));
    }
    if !sql.to_uppercase().contains("ORDER BY") {
        our_rows.sort_by_key(|r| canon_ours(r));
        their_rows.sort_by_key(|r| canon_theirs(r));
    }
    for (i, (o, t)) in our_rows.iter().zip(&their_rows).enumerate() {
        if o.len() != t.len() || !o.iter().zip(t).all(|(a, b)| common::duckdb::same(a, b)) {
            return Err(format!("row {i}: ours {o:?}, DuckDB {t:?}"));
        }
    }
    Ok(())
}

#[test]
fn canned_and_sample_queries_match_duckdb() {
    let f = fixture();
    let sqls: Vec<&str> = CANNED
        .iter()
        .map(|q| q.sql)
        .chain(QUERIES.iter().copied())
        .collect();
    let theirs = common::duckdb::run(&f.data, &sqls);
    assert_eq!(theirs.len(), sqls.len());
    let failures: Vec<String> = sqls
        .iter()
        .zip(&theirs)
        .filter_map(|(sql, t)| compare(sql, t).err().map(|e| format!("{sql}\n  → {e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} queries differ from DuckDB:\n\n{}",
        failures.len(),
        sqls.len(),
        failures.join("\n\n")
    );
}

#[test]
fn canned_queries_return_rows() {
    for q in CANNED {
        let r = fixture()
            .db
            .query(q.sql)
            .unwrap_or_else(|e| panic!("{}: {e}", q.id));
        assert!(!r.rows.is_empty(), "{}: no rows", q.id);
        assert!(!r.truncated);
    }
}

#[test]
fn bad_sql_points_at_the_mistake() {
    let db = &fixture().db;
    let e = db
        .query("SELECT noc_code, titel_en\nFROM dim_noc")
        .expect_err("unknown column");
    assert_eq!(
        e.position(),
        Some(Position {
            line: 1,
            column: 18
        })
    );
    assert!(e.to_string().contains("did you mean `title_en`?"), "{e}");
    let e = db
        .query("SELECT *\nFROM dim_nocc")
        .expect_err("unknown table");
    assert_eq!(e.position(), Some(Position { line: 2, column: 6 }));
    assert!(e.to_string().contains("did you mean `dim_noc`?"), "{e}");
    let e = db
        .query("SELECT COUNT(*)\nFROM dim_noc\nWHERE level = = 5")
        .expect_err("syntax");
    assert!(matches!(e, QueryError::Syntax { .. }), "{e}");
    assert_eq!(
        e.position(),
        Some(Position {
            line: 3,
            column: 15
        })
    );
    let e = db.query("DELETE FROM dim_noc").expect_err("read-only");
    assert!(matches!(e, QueryError::ReadOnly { .. }), "{e}");
}

#[test]
fn a_long_query_can_be_cancelled() {
    use std::cell::Cell;
    let db = &fixture().db;
    // A self-join of 44,749 rows on a non-equality: a nested loop of two
    // billion pairs. The scans take about 90 checks (one per 1,024 rows);
    // the stop comes inside the join.
    let calls = Cell::new(0u32);
    let stop = || {
        calls.set(calls.get() + 1);
        calls.get() > 200
    };
    let started = std::time::Instant::now();
    let e = db
        .query_with(
            "SELECT COUNT(*) FROM profile_attributes a JOIN profile_attributes b ON a.rank < b.rank",
            &QueryOptions::default(),
            &stop,
        )
        .expect_err("cancelled");
    assert_eq!(e, QueryError::Cancelled);
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn the_comparison_catches_differences() {
    // Our own answer in the helper's JSON shape passes; any change fails.
    let sql = "SELECT noc_code, level, title_fr FROM dim_noc ORDER BY noc_code LIMIT 3";
    let ours = fixture().db.query(sql).expect("query");
    let good = jobforge::cli::query::json(&ours);
    assert_eq!(compare(sql, &good), Ok(()));
    let mut changed = good.clone();
    changed["rows"][1][1] = serde_json::json!(99);
    assert!(compare(sql, &changed).is_err());
    let mut swapped = good.clone();
    if let Some(rows) = swapped["rows"].as_array_mut() {
        rows.swap(0, 1);
    }
    assert!(compare(sql, &swapped).is_err());
    let mut shorter = good.clone();
    if let Some(rows) = shorter["rows"].as_array_mut() {
        rows.pop();
    }
    assert!(compare(sql, &shorter).is_err());
    let mut null = good;
    null["rows"][0][2] = serde_json::json!("x");
    assert!(compare(sql, &null).is_err());
}
