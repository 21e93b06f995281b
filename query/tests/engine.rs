//! The engine on small hand-made tables: each SQL feature, NULL handling,
//! errors with their positions, cancellation and limits.

use std::cell::Cell;

use jobforge_query::{
    Column, DataType, Database, Position, QueryError, QueryOptions, Table, Value,
};

fn t(s: &str) -> Value {
    Value::text(s)
}

fn i(n: i64) -> Value {
    Value::Int(n)
}

fn f(x: f64) -> Value {
    Value::Float(x)
}

const N: Value = Value::Null;

/// `emp(id, name, dept, salary, bonus)` and `dept(code, title)`.
fn db() -> Database {
    let mut db = Database::new();
    db.add(
        Table::new(
            "emp",
            vec![
                Column::new("id", DataType::Int, vec![i(1), i(2), i(3), i(4), i(5)]),
                Column::new(
                    "name",
                    DataType::Text,
                    vec![t("Ann"), t("bob"), t("Céline"), t("Dan"), N],
                ),
                Column::new(
                    "dept",
                    DataType::Text,
                    vec![t("A"), t("B"), t("A"), N, t("C")],
                ),
                Column::new(
                    "salary",
                    DataType::Int,
                    vec![i(100), i(80), i(120), i(50), N],
                ),
                Column::new(
                    "bonus",
                    DataType::Float,
                    vec![f(1.5), N, f(2.5), f(0.0), f(1.0)],
                ),
            ],
        )
        .expect("emp"),
    );
    db.add(
        Table::new(
            "dept",
            vec![
                Column::new("code", DataType::Text, vec![t("A"), t("B"), t("D")]),
                Column::new(
                    "title",
                    DataType::Text,
                    vec![t("Admin"), t("Build"), t("Design")],
                ),
            ],
        )
        .expect("dept"),
    );
    db
}

fn rows(sql: &str) -> Vec<Vec<Value>> {
    match db().query(sql) {
        Ok(r) => r.rows,
        Err(e) => panic!("{sql}: {e}"),
    }
}

fn col(sql: &str) -> Vec<Value> {
    rows(sql).into_iter().map(|mut r| r.remove(0)).collect()
}

fn one(sql: &str) -> Value {
    col(sql).remove(0)
}

fn err(sql: &str) -> QueryError {
    match db().query(sql) {
        Ok(r) => panic!("{sql}: expected an error, got {:?}", r.rows),
        Err(e) => e,
    }
}

fn at(line: u64, column: u64) -> Option<Position> {
    Some(Position { line, column })
}

#[test]
fn select_star_and_aliases() {
    let r = db().query("SELECT * FROM emp").expect("query");
    assert_eq!(r.columns, ["id", "name", "dept", "salary", "bonus"]);
    assert_eq!(r.rows.len(), 5);
    let r = db()
        .query("SELECT e.id AS k, salary * 2 doubled, upper(name) FROM emp e WHERE id = 1")
        .expect("query");
    assert_eq!(r.columns, ["k", "doubled", "upper(name)"]);
    assert_eq!(r.rows, [vec![i(1), i(200), t("ANN")]]);
    let r = db()
        .query("SELECT d.*, e.id FROM emp e JOIN dept d ON d.code = e.dept WHERE e.id = 2")
        .expect("query");
    assert_eq!(r.columns, ["code", "title", "id"]);
    assert_eq!(r.rows, [vec![t("B"), t("Build"), i(2)]]);
    assert_eq!(
        db().query("SELECT * EXCLUDE (bonus, salary) FROM emp LIMIT 1")
            .expect("query")
            .columns,
        ["id", "name", "dept"]
    );
    assert_eq!(one("SELECT 1 + 1"), i(2));
}

#[test]
fn where_operators() {
    assert_eq!(
        col("SELECT id FROM emp WHERE salary > 80 AND NOT dept = 'B'"),
        [i(1), i(3)]
    );
    assert_eq!(
        col("SELECT id FROM emp WHERE dept = 'B' OR bonus >= 2"),
        [i(2), i(3)]
    );
    assert_eq!(
        col("SELECT id FROM emp WHERE salary BETWEEN 80 AND 100"),
        [i(1), i(2)]
    );
    assert_eq!(
        col("SELECT id FROM emp WHERE salary NOT BETWEEN 80 AND 100"),
        [i(3), i(4)]
    );
    assert_eq!(
        col("SELECT id FROM emp WHERE dept IN ('A', 'C')"),
        [i(1), i(3), i(5)]
    );
    assert_eq!(
        col("SELECT id FROM emp WHERE dept NOT IN ('A', 'C')"),
        [i(2)]
    );
    assert_eq!(col("SELECT id FROM emp WHERE dept IS NULL"), [i(4)]);
    assert_eq!(
        col("SELECT id FROM emp WHERE name IS NOT NULL AND bonus IS NULL"),
        [i(2)]
    );
    assert_eq!(col("SELECT id FROM emp WHERE name LIKE '%n'"), [i(1), i(4)]);
    assert_eq!(
        col("SELECT id FROM emp WHERE name NOT LIKE '%n'"),
        [i(2), i(3)]
    );
    assert_eq!(col("SELECT id FROM emp WHERE name ILIKE 'b%'"), [i(2)]);
    assert_eq!(col("SELECT id FROM emp WHERE name ILIKE 'cél%'"), [i(3)]);
    assert_eq!(
        col("SELECT id FROM emp WHERE (salary + 10) * 2 = 220"),
        [i(1)]
    );
    // NULL in a comparison is unknown: the row is dropped either way.
    assert_eq!(
        col("SELECT id FROM emp WHERE salary <> 100"),
        [i(2), i(3), i(4)]
    );
    assert_eq!(col("SELECT id FROM emp WHERE NOT (salary <> 100)"), [i(1)]);
    assert_eq!(
        col("SELECT id FROM emp WHERE dept IS DISTINCT FROM 'A'"),
        [i(2), i(4), i(5)]
    );
    // Text against a number converts the text.
    assert_eq!(col("SELECT id FROM emp WHERE '100' = salary"), [i(1)]);
}

#[test]
fn scalar_functions() {
    assert_eq!(one("SELECT lower('ÉCOLE')"), t("école"));
    assert_eq!(one("SELECT length('école')"), i(5));
    assert_eq!(one("SELECT substr('hello', 2, 3)"), t("ell"));
    assert_eq!(one("SELECT substring('hello' FROM 2 FOR 2)"), t("el"));
    assert_eq!(one("SELECT coalesce(NULL, NULL, 3)"), i(3));
    assert_eq!(one("SELECT round(2.567, 2)"), f(2.57));
    assert_eq!(one("SELECT round(2.5)"), f(3.0));
    assert_eq!(one("SELECT abs(-4)"), i(4));
    assert_eq!(one("SELECT trim('  x ')"), t("x"));
    assert_eq!(one("SELECT replace('a-b-c', '-', '+')"), t("a+b+c"));
    assert_eq!(one("SELECT 'a' || 1 || 'b'"), t("a1b"));
    assert_eq!(one("SELECT 'a' || NULL"), N);
    assert_eq!(one("SELECT concat('a', NULL, 'b')"), t("ab"));
    assert_eq!(one("SELECT nullif(1, 1)"), N);
    assert_eq!(one("SELECT floor(2.7)"), f(2.0));
    assert_eq!(one("SELECT ceil(2.1)"), f(3.0));
    assert_eq!(one("SELECT upper(NULL)"), N);
    assert_eq!(
        one("SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' END"),
        t("b")
    );
    assert_eq!(one("SELECT CASE 3 WHEN 1 THEN 'a' ELSE 'z' END"), t("z"));
    assert_eq!(one("SELECT CASE WHEN NULL THEN 1 END"), N);
    assert_eq!(one("SELECT CAST('12' AS INTEGER) + 1"), i(13));
    assert_eq!(one("SELECT CAST(2.5 AS INTEGER)"), i(3));
    assert_eq!(one("SELECT CAST(7 AS VARCHAR)"), t("7"));
    assert_eq!(one("SELECT 7::DOUBLE"), f(7.0));
    assert_eq!(one("SELECT TRY_CAST('x' AS INTEGER)"), N);
    assert!(matches!(
        err("SELECT CAST('x' AS INTEGER)"),
        QueryError::Eval { .. }
    ));
}

#[test]
fn integer_and_float_arithmetic_follow_duckdb() {
    assert_eq!(one("SELECT 7 / 2"), f(3.5));
    assert_eq!(one("SELECT 7 // 2"), i(3));
    assert_eq!(one("SELECT 7 % 3"), i(1));
    assert_eq!(one("SELECT 2 * 1.5"), f(3.0));
    assert_eq!(one("SELECT -salary FROM emp WHERE id = 1"), i(-100));
    assert!(matches!(err("SELECT 7 // 0"), QueryError::Eval { .. }));
    assert!(matches!(
        err("SELECT 9223372036854775807 + 1"),
        QueryError::Eval { .. }
    ));
}

#[test]
fn joins() {
    // Inner: hash join on the equality.
    assert_eq!(
        rows("SELECT e.id, d.title FROM emp e JOIN dept d ON e.dept = d.code ORDER BY e.id"),
        [
            vec![i(1), t("Admin")],
            vec![i(2), t("Build")],
            vec![i(3), t("Admin")]
        ]
    );
    // Left: unmatched and NULL keys keep their row.
    assert_eq!(
        rows("SELECT e.id, d.title FROM emp e LEFT JOIN dept d ON e.dept = d.code ORDER BY e.id"),
        [
            vec![i(1), t("Admin")],
            vec![i(2), t("Build")],
            vec![i(3), t("Admin")],
            vec![i(4), N],
            vec![i(5), N]
        ]
    );
    // Right and full.
    assert_eq!(
        rows("SELECT d.code, count(e.id) FROM emp e RIGHT JOIN dept d ON e.dept = d.code GROUP BY d.code ORDER BY d.code"),
        [vec![t("A"), i(2)], vec![t("B"), i(1)], vec![t("D"), i(0)]]
    );
    assert_eq!(
        one("SELECT count(*) FROM emp e FULL JOIN dept d ON e.dept = d.code"),
        i(6)
    );
    // Extra ON terms and a non-equality condition (nested loop).
    assert_eq!(
        col("SELECT e.id FROM emp e JOIN dept d ON e.dept = d.code AND e.salary > 90 ORDER BY 1"),
        [i(1), i(3)]
    );
    assert_eq!(
        one("SELECT count(*) FROM emp a JOIN emp b ON a.salary < b.salary"),
        i(6)
    );
    // Comma joins take their condition from WHERE.
    assert_eq!(
        col("SELECT e.id FROM emp e, dept d WHERE e.dept = d.code AND d.title = 'Admin' ORDER BY e.id"),
        [i(1), i(3)]
    );
    assert_eq!(one("SELECT count(*) FROM emp CROSS JOIN dept"), i(15));
    // USING shows the key once.
    let r = db()
        .query("SELECT * FROM emp JOIN (SELECT code AS dept, title FROM dept) x USING (dept) ORDER BY id")
        .expect("using");
    assert_eq!(
        r.columns,
        ["id", "name", "dept", "salary", "bonus", "title"]
    );
    assert_eq!(r.rows.len(), 3);
}

#[test]
fn grouping() {
    assert_eq!(
        rows(
            "SELECT dept, count(*), count(salary), sum(salary), avg(salary), min(name), max(bonus)
              FROM emp GROUP BY dept ORDER BY dept"
        ),
        [
            vec![t("A"), i(2), i(2), i(220), f(110.0), t("Ann"), f(2.5)],
            vec![t("B"), i(1), i(1), i(80), f(80.0), t("bob"), N],
            vec![t("C"), i(1), i(0), N, N, N, f(1.0)],
            vec![N, i(1), i(1), i(50), f(50.0), t("Dan"), f(0.0)],
        ]
    );
    assert_eq!(
        rows("SELECT count(*), count(DISTINCT dept), sum(bonus), avg(bonus) FROM emp"),
        [vec![i(5), i(3), f(5.0), f(1.25)]]
    );
    // Aggregates over no rows: one row, COUNT 0, the others NULL.
    assert_eq!(
        rows("SELECT count(*), sum(salary), max(name) FROM emp WHERE id > 99"),
        [vec![i(0), N, N]]
    );
    // HAVING, positions, aliases, expressions over aggregates.
    assert_eq!(
        rows(
            "SELECT dept AS d, sum(salary) / count(*) AS mean FROM emp
              GROUP BY d HAVING count(*) > 1 ORDER BY 2 DESC"
        ),
        [vec![t("A"), f(110.0)]]
    );
    assert_eq!(
        col("SELECT upper(dept) FROM emp GROUP BY upper(dept) ORDER BY 1 NULLS FIRST"),
        [N, t("A"), t("B"), t("C")]
    );
    assert_eq!(
        col("SELECT count(*) FILTER (WHERE salary > 60) FROM emp"),
        [i(3)]
    );
    assert_eq!(
        rows("SELECT dept, count(*) AS n FROM emp GROUP BY ALL ORDER BY n DESC, dept"),
        [
            vec![t("A"), i(2)],
            vec![t("B"), i(1)],
            vec![t("C"), i(1)],
            vec![N, i(1)]
        ]
    );
    // ORDER BY an aggregate that is not selected.
    assert_eq!(
        col(
            "SELECT dept FROM emp GROUP BY dept ORDER BY sum(salary) DESC NULLS LAST, dept LIMIT 2"
        ),
        [t("A"), t("B")]
    );
}

#[test]
fn grouping_errors() {
    let e = err("SELECT name, count(*) FROM emp GROUP BY dept");
    assert!(
        e.to_string().contains("`name` must appear in the GROUP BY"),
        "{e}"
    );
    let e = err("SELECT id FROM emp WHERE count(*) > 1");
    assert!(e.to_string().contains("not allowed in WHERE"), "{e}");
    assert_eq!(e.position(), at(1, 26));
    let e = err("SELECT sum(count(*)) FROM emp");
    assert!(e.to_string().contains("aggregate"), "{e}");
}

#[test]
fn order_limit_distinct() {
    // NULLs last in both directions (DuckDB's default).
    assert_eq!(
        col("SELECT salary FROM emp ORDER BY salary"),
        [i(50), i(80), i(100), i(120), N]
    );
    assert_eq!(
        col("SELECT salary FROM emp ORDER BY salary DESC"),
        [i(120), i(100), i(80), i(50), N]
    );
    assert_eq!(
        col("SELECT salary FROM emp ORDER BY salary DESC NULLS FIRST"),
        [N, i(120), i(100), i(80), i(50)]
    );
    // A column that is not selected; text sorts by code point.
    assert_eq!(
        col("SELECT id FROM emp ORDER BY name"),
        [i(1), i(3), i(4), i(2), i(5)]
    );
    assert_eq!(
        col("SELECT id FROM emp ORDER BY id LIMIT 2 OFFSET 1"),
        [i(2), i(3)]
    );
    assert_eq!(
        col("SELECT id FROM emp ORDER BY id DESC LIMIT 2"),
        [i(5), i(4)]
    );
    assert_eq!(
        col("SELECT DISTINCT dept FROM emp ORDER BY dept"),
        [t("A"), t("B"), t("C"), N]
    );
    assert_eq!(
        one("SELECT count(*) FROM (SELECT DISTINCT dept FROM emp)"),
        i(4)
    );
    let e = err("SELECT DISTINCT dept FROM emp ORDER BY salary");
    assert!(e.to_string().contains("DISTINCT"), "{e}");
}

#[test]
fn subqueries_ctes_and_set_operations() {
    assert_eq!(
        col("WITH rich AS (SELECT * FROM emp WHERE salary >= 100)
             SELECT r.name FROM rich r ORDER BY r.id"),
        [t("Ann"), t("Céline")]
    );
    assert_eq!(
        col("SELECT x.n FROM (SELECT dept, count(*) AS n FROM emp GROUP BY dept) AS x WHERE x.dept = 'A'"),
        [i(2)]
    );
    assert_eq!(
        col("SELECT id FROM emp WHERE dept IN (SELECT code FROM dept) ORDER BY id"),
        [i(1), i(2), i(3)]
    );
    assert_eq!(
        col("SELECT id FROM emp WHERE salary = (SELECT max(salary) FROM emp)"),
        [i(3)]
    );
    assert_eq!(
        col("SELECT code FROM dept UNION SELECT dept FROM emp ORDER BY 1"),
        [t("A"), t("B"), t("C"), t("D"), N]
    );
    assert_eq!(
        one("SELECT count(*) FROM (SELECT dept FROM emp UNION ALL SELECT code FROM dept)"),
        i(8)
    );
    assert_eq!(
        col("SELECT code FROM dept EXCEPT SELECT dept FROM emp"),
        [t("D")]
    );
    assert_eq!(
        rows("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(n, s) WHERE n = 2"),
        [vec![i(2), t("b")]]
    );
}

#[test]
fn duckdb_from_first_and_correlated_subqueries() {
    assert_eq!(rows("FROM dept").len(), 3);
    assert_eq!(
        col("FROM dept SELECT title ORDER BY title DESC LIMIT 1"),
        [t("Design")]
    );
    let e = err("SELECT code FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.code)");
    assert!(matches!(e, QueryError::Unsupported { .. }), "{e}");
    assert!(e.to_string().contains("correlated"), "{e}");
    assert_eq!(e.position(), at(1, 74));
}

#[test]
fn syntax_errors_have_positions() {
    let e = err("SELECT id\nFROM emp\nWHERE salary > > 1");
    assert!(matches!(e, QueryError::Syntax { .. }), "{e}");
    assert_eq!(e.position(), at(3, 16));
    // DuckDB accepts a trailing comma in the select list; so do we.
    assert_eq!(rows("SELECT id, FROM emp WHERE id = 1"), [vec![i(1)]]);
    let e = err("SELECT * FROM emp WHERE");
    assert!(matches!(e, QueryError::Syntax { .. }), "{e}");
    assert!(e.position().is_some());
    let e = err("SELECT 'unterminated FROM emp");
    assert!(matches!(e, QueryError::Syntax { .. }), "{e}");
    assert_eq!(e.position(), at(1, 8));
}

#[test]
fn unknown_names_have_positions_and_suggestions() {
    let e = err("SELECT id,\n       nmae\nFROM emp");
    match &e {
        QueryError::UnknownColumn {
            name,
            position,
            suggestion,
        } => {
            assert_eq!(name, "nmae");
            assert_eq!(*position, at(2, 8));
            assert_eq!(suggestion.as_deref(), Some("name"));
        }
        other => panic!("{other}"),
    }
    assert!(e.to_string().contains("did you mean `name`?"), "{e}");
    let e = err("SELECT * FROM empl");
    match e {
        QueryError::UnknownTable {
            position,
            suggestion,
            ..
        } => {
            assert_eq!(position, at(1, 15));
            assert_eq!(suggestion.as_deref(), Some("emp"));
        }
        other => panic!("{other}"),
    }
    let e = err("SELECT x.id FROM emp e");
    assert!(matches!(e, QueryError::UnknownTable { position, .. } if position == at(1, 8)));
    let e = err("SELECT code FROM dept d JOIN dept e ON d.code = e.code");
    assert!(matches!(e, QueryError::AmbiguousColumn { position, .. } if position == at(1, 8)));
    let e = err("SELECT lenght(name) FROM emp");
    assert!(e.to_string().contains("did you mean `length`?"), "{e}");
    assert_eq!(e.position(), at(1, 8));
    let e = err("SELECT substr(name) FROM emp");
    assert!(e.to_string().contains("substr takes 2 to 3"), "{e}");
}

#[test]
fn only_select_runs() {
    for sql in [
        "INSERT INTO emp VALUES (6, 'x', 'A', 1, 1.0)",
        "UPDATE emp SET salary = 0",
        "DELETE FROM emp",
        "DROP TABLE emp",
        "CREATE TABLE x (a INT)",
        "SELECT 1; DROP TABLE emp",
        "SET threads = 1",
        "COPY emp TO 'x.csv'",
        "ATTACH 'x.db'",
    ] {
        let e = err(sql);
        assert!(matches!(e, QueryError::ReadOnly { .. }), "{sql}: {e}");
    }
    let e = err("SELECT 1;\nDROP TABLE emp");
    assert_eq!(e.position(), at(2, 1));
    assert!(matches!(
        err("SELECT * FROM read_csv('/etc/passwd')"),
        QueryError::Unsupported { .. }
    ));
    assert!(matches!(
        err("SELECT * INTO t2 FROM emp"),
        QueryError::ReadOnly { .. }
    ));
    assert!(matches!(err(""), QueryError::Syntax { .. }));
}

#[test]
fn cancellation_and_limits() {
    let db = db();
    // Cancelled before any work.
    let e = db
        .query_with("SELECT * FROM emp", &QueryOptions::default(), &|| true)
        .expect_err("cancelled");
    assert_eq!(e, QueryError::Cancelled);
    // Cancelled midway: the check runs every `check_every` rows.
    let calls = Cell::new(0);
    let opts = QueryOptions {
        check_every: 2,
        ..QueryOptions::default()
    };
    let stop = || {
        calls.set(calls.get() + 1);
        calls.get() > 3
    };
    let e = db
        .query_with("SELECT * FROM emp a, emp b, emp c", &opts, &stop)
        .expect_err("cancelled");
    assert_eq!(e, QueryError::Cancelled);
    assert_eq!(calls.get(), 4);
    // Truncation.
    let opts = QueryOptions {
        max_rows: 2,
        ..QueryOptions::default()
    };
    let r = db
        .query_with("SELECT id FROM emp", &opts, &|| false)
        .expect("query");
    assert_eq!(r.rows.len(), 2);
    assert!(r.truncated);
    let r = db
        .query_with("SELECT id FROM emp LIMIT 2", &opts, &|| false)
        .expect("query");
    assert!(!r.truncated);
    // A runaway join stops at the intermediate bound.
    let opts = QueryOptions {
        max_intermediate_rows: 100,
        ..QueryOptions::default()
    };
    let e = db
        .query_with("SELECT * FROM emp a, emp b, emp c", &opts, &|| false)
        .expect_err("too large");
    assert_eq!(
        e,
        QueryError::TooLarge {
            limit: 100,
            query_has_limit: false
        }
    );
    assert!(!e.to_string().contains("LIMIT"), "{e}");
    // A LIMIT does not stop the join: the message does not suggest one, and
    // says why the query's own did not help.
    let e = db
        .query_with("SELECT * FROM emp a, emp b, emp c LIMIT 5", &opts, &|| {
            false
        })
        .expect_err("too large");
    assert_eq!(
        e,
        QueryError::TooLarge {
            limit: 100,
            query_has_limit: true
        }
    );
    assert!(e.to_string().contains("query's LIMIT"), "{e}");
}

#[test]
fn schema_and_check() {
    let db = db();
    let s = db.schema();
    assert_eq!(
        s.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["dept", "emp"]
    );
    assert_eq!(
        s[1].to_string(),
        "emp(id BIGINT, name VARCHAR, dept VARCHAR, salary BIGINT, bonus DOUBLE)"
    );
    assert_eq!(
        db.check("SELECT dept, count(*) AS n FROM emp GROUP BY dept")
            .expect("check"),
        ["dept", "n"]
    );
    assert!(matches!(
        db.check("SELECT nope FROM emp"),
        Err(QueryError::UnknownColumn { .. })
    ));
    assert!(matches!(
        db.check("DROP TABLE emp"),
        Err(QueryError::ReadOnly { .. })
    ));
}

#[test]
fn csv_of_a_result() {
    let r = db()
        .query("SELECT name, bonus FROM emp WHERE id IN (3, 5) ORDER BY id")
        .expect("query");
    assert_eq!(r.to_csv(), "name,bonus\r\nCéline,2.5\r\n,1.0\r\n");
}

#[test]
fn identifiers_are_case_insensitive() {
    assert_eq!(col("SELECT ID FROM EMP WHERE Dept = 'B'"), [i(2)]);
    assert_eq!(col("SELECT \"id\" FROM main.emp WHERE id = 2"), [i(2)]);
}

#[test]
fn canned_queries_plan_on_the_gold_schema() {
    // The real data runs in build/tests/query.rs; here, every canned query
    // at least parses and is read-only.
    for q in jobforge_query::canned::CANNED {
        match Database::new().check(q.sql) {
            Err(QueryError::UnknownTable { .. }) => {}
            other => panic!("{}: {other:?}", q.id),
        }
        assert!(!q.title_en.is_empty() && !q.title_fr.is_empty());
    }
}
