//! `jobforge-query`: a deliberately small, read-only SQL engine over
//! in-memory tables, for WiQ's SQL console (in the browser, as wasm) and
//! `jobforge query` (in the CLI).
//!
//! SQL is parsed by [`sqlparser`] (DuckDB dialect); the executor is ours:
//! tables of [`Value`] cells, hash joins on equalities, hash aggregation,
//! a stable sort. It does no I/O: the caller loads the tables (with the
//! `arrow` feature, straight from arrow record batches).
//!
//! ```
//! use jobforge_query::{Column, DataType, Database, Table, Value};
//!
//! let mut db = Database::new();
//! db.add(Table::new("t", vec![
//!     Column::new("x", DataType::Int, vec![Value::Int(2), Value::Int(1)]),
//! ]).unwrap());
//! let r = db.query("SELECT x * 10 AS y FROM t ORDER BY x").unwrap();
//! assert_eq!(r.rows, vec![vec![Value::Int(10)], vec![Value::Int(20)]]);
//! ```
//!
//! Semantics follow DuckDB where engines differ: `/` is float division
//! (`7 / 2 = 3.5`; `//` divides integers), AVG is a float, SUM of integers
//! is an integer (an error past BIGINT, where DuckDB would widen to
//! HUGEINT), NULLs sort last both ascending and descending, text compared
//! with a number is converted to a number, DECIMAL literals and casts are
//! DOUBLE. Identifiers are case-insensitive.

mod aggregate;
#[cfg(feature = "arrow")]
mod arrow;
mod bind;
pub mod canned;
mod error;
mod exec;
mod expr;
mod func;
mod join;
mod like;
mod parse;
mod result;
mod sort;
mod table;
mod value;

pub use error::{Position, QueryError};
pub use result::QueryResult;
pub use table::{Column, ColumnSchema, Table, TableSchema};
pub use value::{DataType, Value};

use exec::{Ctx, Exec};

/// Bounds on one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryOptions {
    /// Rows returned at most; more set [`QueryResult::truncated`].
    pub max_rows: usize,
    /// Rows an intermediate result (a join, a UNION ALL) may reach before
    /// the query fails with [`QueryError::TooLarge`]: an accidental cross
    /// join must not take the browser tab down.
    pub max_intermediate_rows: usize,
    /// Rows of work between two calls of the "should stop" check.
    pub check_every: usize,
}

impl Default for QueryOptions {
    fn default() -> QueryOptions {
        QueryOptions {
            max_rows: 100_000,
            max_intermediate_rows: 2_000_000,
            check_every: 1024,
        }
    }
}

/// The tables a query can read.
#[derive(Debug, Clone, Default)]
pub struct Database {
    tables: Vec<Table>,
}

impl Database {
    pub fn new() -> Database {
        Database::default()
    }

    /// Adds a table, replacing one of the same name (case-insensitively).
    pub fn add(&mut self, table: Table) {
        let name = table.name().to_lowercase();
        self.tables.retain(|t| t.name().to_lowercase() != name);
        self.tables.push(table);
    }

    /// The table of that name, case-insensitively.
    pub fn table(&self, name: &str) -> Option<&Table> {
        let name = name.to_lowercase();
        self.tables.iter().find(|t| t.name().to_lowercase() == name)
    }

    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// Every table with its columns and types, sorted by name.
    pub fn schema(&self) -> Vec<TableSchema> {
        let mut s: Vec<TableSchema> = self.tables.iter().map(Table::schema).collect();
        s.sort_by(|a, b| a.name.cmp(&b.name));
        s
    }

    /// Runs a query with the default options and no cancellation.
    pub fn query(&self, sql: &str) -> Result<QueryResult, QueryError> {
        self.query_with(sql, &QueryOptions::default(), &|| false)
    }

    /// Runs a query. `should_stop` is called every
    /// [`QueryOptions::check_every`] rows of work (and once before any);
    /// when it returns true the query ends with [`QueryError::Cancelled`].
    pub fn query_with(
        &self,
        sql: &str,
        options: &QueryOptions,
        should_stop: &dyn Fn() -> bool,
    ) -> Result<QueryResult, QueryError> {
        let q = parse::parse(sql)?;
        let ctx = Ctx::new(should_stop, options, false);
        let rel = Exec {
            db: self,
            ctx: &ctx,
        }
        .query(&q, &Vec::new())
        .map_err(|e| match e {
            QueryError::TooLarge { limit, .. } => QueryError::TooLarge {
                limit,
                query_has_limit: q.limit_clause.is_some(),
            },
            e => e,
        })?;
        let mut rows = rel.rows;
        let truncated = rows.len() > options.max_rows;
        rows.truncate(options.max_rows);
        Ok(QueryResult {
            columns: rel.fields.into_iter().map(|f| f.name).collect(),
            rows,
            truncated,
        })
    }

    /// Checks a query without reading data: it is parsed and planned over
    /// empty tables, so syntax, read-only-ness, table, column and function
    /// names are checked (for SQL written by an LLM, before it runs). Gives
    /// the result's column names.
    pub fn check(&self, sql: &str) -> Result<Vec<String>, QueryError> {
        let q = parse::parse(sql)?;
        let ctx = Ctx::new(&|| false, &QueryOptions::default(), true);
        let rel = Exec {
            db: self,
            ctx: &ctx,
        }
        .query(&q, &Vec::new())?;
        Ok(rel.fields.into_iter().map(|f| f.name).collect())
    }
}
