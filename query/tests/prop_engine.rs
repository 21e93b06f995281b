//! Property tests of the SQL engine: whatever text it is given (the
//! console's users type anything, an LLM writes anything), parsing, binding
//! and execution return `Ok` or `Err`, never panic; generated expressions
//! over a small table agree between `query` and `check`.
//!
//! proptest's default of 256 cases per property keeps `cargo test` fast;
//! for a longer hunt run e.g.
//! `PROPTEST_CASES=100000 cargo test -j 1 -p jobforge-query --test prop_engine`.

use jobforge_query::{Column, DataType, Database, QueryError, QueryOptions, Table, Value};
use proptest::prelude::*;

/// `t(i, f, s, b)` with NULLs, extremes and non-ASCII text, and `u(i, s)`.
fn db() -> Database {
    let mut db = Database::new();
    let i = |v: i64| Value::Int(v);
    let s = |v: &str| Value::text(v);
    db.add(
        Table::new(
            "t",
            vec![
                Column::new(
                    "i",
                    DataType::Int,
                    vec![i(0), i(1), i(-7), i(i64::MAX), i(i64::MIN), Value::Null],
                ),
                Column::new(
                    "f",
                    DataType::Float,
                    vec![
                        Value::Float(0.5),
                        Value::Float(-0.0),
                        Value::Float(1e308),
                        Value::Float(f64::NAN),
                        Value::Null,
                        Value::Float(3.0),
                    ],
                ),
                Column::new(
                    "s",
                    DataType::Text,
                    vec![
                        s("Infirmière autorisée"),
                        s(""),
                        s("72200"),
                        s("%_\\'"),
                        Value::Null,
                        s("ÉLECTRICIEN"),
                    ],
                ),
                Column::new(
                    "b",
                    DataType::Bool,
                    vec![
                        Value::Bool(true),
                        Value::Bool(false),
                        Value::Null,
                        Value::Bool(true),
                        Value::Bool(false),
                        Value::Null,
                    ],
                ),
            ],
        )
        .expect("t"),
    );
    db.add(
        Table::new(
            "u",
            vec![
                Column::new("i", DataType::Int, vec![i(1), i(2), Value::Null]),
                Column::new("s", DataType::Text, vec![s("a"), s("72200"), s("b")]),
            ],
        )
        .expect("u"),
    );
    db
}

/// Small bounds, so a generated cross join stays quick.
fn options() -> QueryOptions {
    QueryOptions {
        max_rows: 1000,
        max_intermediate_rows: 20_000,
        ..QueryOptions::default()
    }
}

fn run(db: &Database, sql: &str) {
    let _ = db.query_with(sql, &options(), &|| false);
    let _ = db.check(sql);
}

fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        Just("9223372036854775807".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("99999999999999999999".to_string()),
        any::<f64>().prop_map(|x| format!("{x:?}")),
        Just("0".to_string()),
        Just("0.0".to_string()),
        Just("NULL".to_string()),
        Just("TRUE".to_string()),
        Just("FALSE".to_string()),
        "[a-zA-Zéè%_ 0-9]{0,6}".prop_map(|s| format!("'{s}'")),
    ]
}

fn column() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("i"),
        Just("f"),
        Just("s"),
        Just("b"),
        Just("t.i"),
        Just("t.s"),
        Just("nope"),
    ]
    .prop_map(str::to_string)
}

const BINARY: &[&str] = &[
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "||",
    "=",
    "<>",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "AND",
    "OR",
    "LIKE",
    "ILIKE",
    "NOT LIKE",
    "IS DISTINCT FROM",
];

const FUNCTIONS: &[&str] = &[
    "abs",
    "ceil",
    "floor",
    "round",
    "sqrt",
    "pow",
    "length",
    "lower",
    "upper",
    "trim",
    "substr",
    "replace",
    "left",
    "right",
    "strpos",
    "contains",
    "starts_with",
    "coalesce",
    "nullif",
    "greatest",
    "least",
    "concat",
    "count",
    "sum",
    "avg",
    "min",
    "max",
];

const TYPES: &[&str] = &[
    "INTEGER",
    "BIGINT",
    "DOUBLE",
    "VARCHAR",
    "BOOLEAN",
    "DECIMAL(10,2)",
];

/// SQL expressions as trees, rendered to text.
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![literal(), column()];
    leaf.prop_recursive(6, 48, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                proptest::sample::select(BINARY),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("(-{a})")),
            inner.clone().prop_map(|a| format!("(NOT {a})")),
            inner.clone().prop_map(|a| format!("({a} IS NULL)")),
            (
                proptest::sample::select(FUNCTIONS),
                proptest::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            (inner.clone(), proptest::sample::select(TYPES))
                .prop_map(|(a, ty)| format!("CAST({a} AS {ty})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("CASE WHEN {c} THEN {a} ELSE {b} END")),
            (
                inner.clone(),
                proptest::collection::vec(inner.clone(), 1..4)
            )
                .prop_map(|(a, l)| format!("({a} IN ({}))", l.join(", "))),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, lo, hi)| format!("({a} BETWEEN {lo} AND {hi})")),
            inner
                .clone()
                .prop_map(|a| format!("({a} IN (SELECT i FROM u))")),
            inner.prop_map(|a| format!("(SELECT max({a}) FROM u)")),
        ]
    })
}

/// Whole queries around generated expressions.
fn query() -> impl Strategy<Value = String> {
    (expr(), expr(), expr(), 0..8u8, 0..4u8).prop_map(|(a, b, c, shape, limit)| {
        let limit = ["", " LIMIT 3", " LIMIT 0", " LIMIT 2 OFFSET 1"][limit as usize];
        match shape {
            0 => format!("SELECT {a} AS x"),
            1 => format!("SELECT {a} AS x, {b} AS y FROM t WHERE {c}{limit}"),
            2 => format!("SELECT {a} AS k, count(*) AS n FROM t GROUP BY 1 ORDER BY 2 DESC{limit}"),
            3 => format!("SELECT DISTINCT {a} AS x FROM t ORDER BY x{limit}"),
            4 => format!("SELECT t.i, u.s FROM t JOIN u ON {a} WHERE {b}{limit}"),
            5 => format!("SELECT {a} AS x FROM t UNION ALL SELECT {b} FROM u{limit}"),
            6 => format!("WITH w AS (SELECT {a} AS x FROM t) SELECT x, {b} AS y FROM w{limit}"),
            _ => format!("SELECT sum({a}) AS s, max({b}) AS m FROM t HAVING {c}{limit}"),
        }
    })
}

/// Pieces of SQL in any order: mostly syntax errors, some odd valid queries.
fn token_soup() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        proptest::sample::select(
            &[
                "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET",
                "UNION", "ALL", "WITH", "AS", "JOIN", "ON", "LEFT", "CASE", "WHEN", "THEN", "ELSE",
                "END", "AND", "OR", "NOT", "IN", "IS", "NULL", "DISTINCT", "*", ",", "(", ")", ";",
                "t", "u", "i", "s", "+", "-", "/", "=", "'", "\"", "::", "[", "]", "{", "}", "$1",
                "?", "INSERT", "DROP",
            ][..]
        )
        .prop_map(str::to_string),
        literal(),
        column(),
    ];
    proptest::collection::vec(token, 0..30).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn any_text_is_ok_or_an_error(sql in any::<String>()) {
        run(&db(), &sql);
    }

    #[test]
    fn token_soup_is_ok_or_an_error(sql in token_soup()) {
        run(&db(), &sql);
    }

    #[test]
    fn generated_queries_are_ok_or_an_error(sql in query()) {
        let db = db();
        let ran = db.query_with(&sql, &options(), &|| false);
        let checked = db.check(&sql);
        // `check` plans over empty tables: whatever it rejects as a query
        // (names, syntax, planning), running rejects too. Errors computing
        // values (overflow, a comparison of a number with a boolean) depend
        // on the data and may differ.
        if let Err(e) = &checked {
            if !matches!(e, QueryError::Eval { .. }) {
                prop_assert!(ran.is_err(), "check failed ({e}) but the query ran: {sql}");
            }
        }
    }
}
