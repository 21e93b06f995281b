//! SQL text → one sqlparser `Query`, or an error with its position.
//!
//! The engine is read-only by construction: anything that is not a single
//! query (INSERT, UPDATE, DROP, SET, several statements…) stops here, before
//! any planning.

use sqlparser::ast::{Query, Spanned, Statement};
use sqlparser::dialect::DuckDbDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use crate::error::pos;
use crate::{Position, QueryError};

/// Deep enough for any sane query, shallow enough that a hostile one fails
/// with an error instead of exhausting the (small, in wasm) stack.
const RECURSION_LIMIT: usize = 48;

pub(crate) fn parse(sql: &str) -> Result<Box<Query>, QueryError> {
    // DuckDB's dialect: the console's users, the canned questions and the
    // tests' reference engine all speak it.
    let dialect = DuckDbDialect {};
    let statements = Parser::new(&dialect)
        .with_recursion_limit(RECURSION_LIMIT)
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_statements())
        .map_err(|e| syntax(e, sql))?;
    let mut it = statements.into_iter();
    let Some(first) = it.next() else {
        return Err(QueryError::Syntax {
            message: "empty query".into(),
            position: Some(end_of(sql)),
        });
    };
    if let Some(second) = it.next() {
        return Err(QueryError::ReadOnly {
            message: "only one statement can run at a time".into(),
            position: pos(second.span()).or_else(|| token_after_semicolon(sql)),
        });
    }
    match first {
        Statement::Query(q) => Ok(q),
        other => {
            let text = other.to_string();
            let keyword = text.split_whitespace().next().unwrap_or("this statement");
            Err(QueryError::ReadOnly {
                message: format!(
                    "only SELECT queries can run; {} is not allowed",
                    keyword.to_uppercase()
                ),
                position: pos(other.span()).or_else(|| first_token(sql)),
            })
        }
    }
}

/// sqlparser puts the location at the end of its messages (" at Line: 1,
/// Column: 8"); it becomes the error's position. An error at the end of the
/// input has no location: it points just past the last character.
fn syntax(e: ParserError, sql: &str) -> QueryError {
    let raw = match e {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m,
        ParserError::RecursionLimitExceeded => {
            return QueryError::Syntax {
                message: "the query nests too deeply".into(),
                position: None,
            }
        }
    };
    let (message, position) = match raw.rsplit_once(" at Line: ") {
        Some((m, loc)) => {
            let mut nums = loc
                .split(", Column: ")
                .map(|n| n.trim().parse::<u64>().ok());
            match (nums.next().flatten(), nums.next().flatten()) {
                (Some(line), Some(column)) => (m.to_string(), Some(Position { line, column })),
                _ => (raw.clone(), None),
            }
        }
        None => (raw.clone(), None),
    };
    QueryError::Syntax {
        position: position.or_else(|| Some(end_of(sql))),
        message,
    }
}

/// The tokens that are not whitespace or comments. Only used to place an
/// error when sqlparser gives the statement no span.
fn tokens(sql: &str) -> Vec<TokenWithSpan> {
    Tokenizer::new(&DuckDbDialect {}, sql)
        .tokenize_with_location()
        .unwrap_or_default()
        .into_iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .collect()
}

fn first_token(sql: &str) -> Option<Position> {
    tokens(sql).first().and_then(|t| pos(t.span))
}

fn token_after_semicolon(sql: &str) -> Option<Position> {
    let toks = tokens(sql);
    let semi = toks.iter().position(|t| t.token == Token::SemiColon)?;
    toks.get(semi + 1).and_then(|t| pos(t.span))
}

fn end_of(sql: &str) -> Position {
    let line = sql.split('\n').count().max(1) as u64;
    let column = sql.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    Position { line, column }
}
