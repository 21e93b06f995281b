//! Long and deep queries end with an error, never a stack overflow.
//!
//! sqlparser parses `1+1+…+1`, long `OR` and `||` chains and `UNION` chains
//! into left-deep trees as deep as they are long, and the engine walks them
//! recursively; the browser's wasm stack is 1 MB. Each test runs on a
//! thread with a 512 KB stack, so a query that fits here fits in wasm with a
//! margin.

use jobforge_query::{Column, DataType, Database, QueryError, Table, Value};

const SMALL_STACK: usize = 512 * 1024;

fn db() -> Database {
    let mut db = Database::new();
    db.add(
        Table::new(
            "t",
            vec![Column::new(
                "x",
                DataType::Int,
                vec![Value::Int(1), Value::Int(2), Value::Int(3)],
            )],
        )
        .expect("t"),
    );
    db
}

/// Runs the query on a small stack; a stack overflow aborts the test binary.
fn run(sql: String) -> Result<Vec<Vec<Value>>, QueryError> {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || {
            let db = db();
            // `check` plans without data: another walk of the same tree.
            let checked = db.check(&sql).map(|_| ());
            let r = db.query(&sql).map(|r| r.rows);
            assert_eq!(checked.is_ok(), r.is_ok(), "check and query agree");
            r
        })
        .expect("spawn")
        .join()
        .expect("no panic")
}

fn chain(term: &str, op: &str, n: usize) -> String {
    vec![term; n].join(op)
}

fn too_deep(sql: String) -> (usize, QueryError) {
    match run(sql) {
        Err(e @ QueryError::TooDeep { depth, limit, .. }) => {
            assert_eq!(limit, 200);
            assert!(depth > limit, "{e}");
            assert!(e.position().is_some(), "{e}");
            (depth, e)
        }
        other => panic!("expected TooDeep, got {other:?}"),
    }
}

#[test]
fn a_5000_term_sum_is_refused() {
    let (depth, e) = too_deep(format!("SELECT {} AS x", chain("1", "+", 5000)));
    assert_eq!(depth, 5000);
    assert_eq!(
        e.to_string(),
        "query too deep at line 1, column 407: the query's expression nests 5000 levels deep; \
         the limit is 200"
    );
}

#[test]
fn long_or_and_concat_chains_are_refused() {
    too_deep(format!("SELECT {} AS x", chain("true", " OR ", 2000)));
    too_deep(format!(
        "SELECT x FROM t WHERE {}",
        chain("x = 1", " AND ", 2000)
    ));
    too_deep(format!("SELECT {} AS x", chain("'a'", " || ", 2000)));
    too_deep(format!("SELECT {} AS x", chain("x", " * ", 2000)) + " FROM t");
    too_deep(format!("SELECT 1 {}", "IS NULL ".repeat(2000)));
    too_deep(format!("SELECT 1{}", "::INT".repeat(2000)));
    too_deep(format!("SELECT {}1", "- ".repeat(2000)));
    too_deep(format!("SELECT {}true", "NOT ".repeat(2000)));
}

#[test]
fn deep_chains_inside_brackets_and_cases_are_refused() {
    too_deep(format!("SELECT abs({}) AS x", chain("1", "+", 5000)));
    too_deep(format!(
        "SELECT CASE WHEN true THEN {} END AS x",
        chain("1", "+", 5000)
    ));
    too_deep(format!(
        "SELECT x FROM t WHERE x IN (SELECT {} FROM t)",
        chain("x", "+", 5000)
    ));
}

#[test]
fn nested_parentheses_are_refused() {
    let n = 10_000;
    too_deep(format!("SELECT {}1{} AS x", "(".repeat(n), ")".repeat(n)));
    too_deep(format!("SELECT * FROM {}t{}", "(".repeat(n), ")".repeat(n)));
    // Unbalanced: still an error, not a crash.
    too_deep(format!("SELECT {}1", "(".repeat(n)));
    too_deep(format!("SELECT {}1", "[".repeat(n)));
    too_deep(format!("SELECT {} 1", "CASE WHEN true THEN ".repeat(n)));
}

#[test]
fn long_set_operation_chains_are_refused() {
    too_deep(chain("SELECT 1 AS x", " UNION ALL ", 5000));
    too_deep(chain("SELECT x FROM t", " EXCEPT ", 5000));
}

#[test]
fn chains_just_under_the_limit_run() {
    // 200 terms: 199 operators, depth 200.
    let r = run(format!("SELECT {} AS x", chain("1", "+", 200))).expect("200 terms");
    assert_eq!(r, vec![vec![Value::Int(200)]]);
    too_deep(format!("SELECT {} AS x", chain("1", "+", 201)));
    let r = run(format!("SELECT {} AS x", chain("'a'", " || ", 200))).expect("||");
    assert_eq!(r, vec![vec![Value::text(&"a".repeat(200))]]);
    let r = run(format!("SELECT {} AS x", chain("false", " OR ", 200))).expect("OR");
    assert_eq!(r, vec![vec![Value::Bool(false)]]);
    // An OR of comparisons counts both operators: 100 conditions.
    let r = run(format!(
        "SELECT count(*) AS n FROM t WHERE {}",
        chain("x = 2", " OR ", 100)
    ))
    .expect("OR of comparisons");
    assert_eq!(r, vec![vec![Value::Int(1)]]);
    let r = run(chain("SELECT 1 AS x", " UNION ALL ", 199)).expect("UNION ALL");
    assert_eq!(r.len(), 199);
    // Parentheses up to sqlparser's own recursion limit.
    let r = run(format!("SELECT {}1{} AS x", "(".repeat(40), ")".repeat(40))).expect("parens");
    assert_eq!(r, vec![vec![Value::Int(1)]]);
}

#[test]
fn a_150_term_sum_runs() {
    let r = run(format!("SELECT {} AS x", chain("1", " + ", 150))).expect("150 terms");
    assert_eq!(r, vec![vec![Value::Int(150)]]);
    let r = run(format!(
        "SELECT {} AS y FROM t ORDER BY y",
        chain("x", " + ", 150)
    ))
    .expect("150 columns");
    assert_eq!(
        r,
        vec![
            vec![Value::Int(150)],
            vec![Value::Int(300)],
            vec![Value::Int(450)]
        ]
    );
}

#[test]
fn many_flat_items_are_not_deep() {
    // Long lists are siblings, not nesting: they run.
    let list = (0..5000).map(|n| n.to_string()).collect::<Vec<_>>();
    let r = run(format!(
        "SELECT count(*) AS n FROM t WHERE x IN ({})",
        list.join(", ")
    ))
    .expect("IN list");
    assert_eq!(r, vec![vec![Value::Int(3)]]);
    let items = (0..2000)
        .map(|n| format!("x + {n} AS c{n}"))
        .collect::<Vec<_>>();
    let r = run(format!("SELECT {} FROM t", items.join(", "))).expect("many columns");
    assert_eq!(r[0].len(), 2000);
    let whens = (0..1000)
        .map(|n| format!("WHEN x = {n} THEN 'v{n}'"))
        .collect::<String>();
    let r = run(format!("SELECT CASE {whens} END AS c FROM t ORDER BY x")).expect("CASE");
    assert_eq!(r[0], vec![Value::text("v1")]);
}
