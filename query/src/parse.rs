//! SQL text → one sqlparser `Query`, or an error with its position.
//!
//! The engine is read-only by construction: anything that is not a single
//! query (INSERT, UPDATE, DROP, SET, several statements…) stops here, before
//! any planning.

use sqlparser::ast::{Query, Spanned, Statement};
use sqlparser::dialect::DuckDbDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use crate::error::pos;
use crate::{Position, QueryError};

/// Deep enough for any sane query, shallow enough that a hostile one fails
/// with an error instead of exhausting the (small, in wasm) stack.
const RECURSION_LIMIT: usize = 48;

/// How deep a query's expressions may nest, as [`depth_bound`] counts them.
///
/// sqlparser's recursion limit only bounds *its* recursion: `1+1+…+1` is
/// parsed by a loop into a left-deep tree whose depth is the number of
/// terms (as are long `OR`, `AND` and `||` chains, and `UNION` chains), and
/// everything after the parser walks that tree recursively (binding,
/// evaluation, naming the output column, even dropping it). In wasm the
/// stack is 1 MB and an overflow is a "memory access out of bounds" that
/// kills the console: 1,020 `+` terms were enough, about 1 KB of stack per
/// level. Natively (tests' profile) a 512 KB thread runs 300 levels and
/// overflows before 350. 200 levels leave wasm a margin of five times, and
/// `query/tests/depth.rs` runs 200 levels of each kind of chain on a 512 KB
/// thread; a 200-term sum or an `OR` of 100 comparisons, far beyond
/// hand-written or generated SQL, still runs.
pub(crate) const DEPTH_LIMIT: usize = 200;

pub(crate) fn parse(sql: &str) -> Result<Box<Query>, QueryError> {
    // DuckDB's dialect: the console's users, the canned questions and the
    // tests' reference engine all speak it.
    let dialect = DuckDbDialect {};
    // The tokenizer is a loop, so tokenizing any text is safe; the depth is
    // checked on the tokens, before the parser builds a tree too deep to
    // walk. A text that does not tokenize gets the parser's own error.
    let parser = match Tokenizer::new(&dialect, sql).tokenize_with_location() {
        Ok(tokens) => {
            check_depth(&tokens)?;
            Ok(Parser::new(&dialect).with_tokens_with_locations(tokens))
        }
        Err(_) => Parser::new(&dialect).try_with_sql(sql),
    };
    let statements = parser
        .map(|p| p.with_recursion_limit(RECURSION_LIMIT))
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

/// Fails when [`depth_bound`] exceeds [`DEPTH_LIMIT`], at the token where
/// it first does.
fn check_depth(tokens: &[TokenWithSpan]) -> Result<(), QueryError> {
    let (depth, at) = depth_bound(tokens, DEPTH_LIMIT);
    match at {
        None => Ok(()),
        Some(span) => Err(QueryError::TooDeep {
            depth,
            limit: DEPTH_LIMIT,
            position: pos(span),
        }),
    }
}

/// An upper bound on how deep the parsed query's expressions and set
/// operations nest, from the tokens alone, with the span of the first token
/// where it exceeds `limit`.
///
/// Every bracket (`(`, `[`, `{`) and every `CASE` opens a level. Within a
/// level, the operators of one expression each add a level (sqlparser
/// builds `a+b+c` as `(a+b)+c`); a comma, or a keyword that starts a new
/// clause or CASE branch, ends that expression (its siblings are not
/// nested in it). `UNION`, `EXCEPT` and `INTERSECT` add a level for the
/// rest of their bracket (set operations nest left-deep too). Operators
/// are every symbol but brackets, commas and periods, and the keywords
/// that sqlparser parses as infix or postfix operators; counting a prefix
/// `-` or `NOT`, or both `AND`s of a BETWEEN, only makes the bound larger.
/// The count is linear in the tokens and uses no recursion.
pub(crate) fn depth_bound(
    tokens: &[TokenWithSpan],
    limit: usize,
) -> (usize, Option<sqlparser::tokenizer::Span>) {
    struct Level {
        /// Operators of the current expression.
        chain: usize,
        /// Set operations so far in this bracket.
        sets: usize,
        case: bool,
    }
    let open = |case| Level {
        chain: 0,
        sets: 0,
        case,
    };
    let mut levels = vec![open(false)];
    // The sum of 1 + chain + sets over `levels`, kept up to date.
    let mut depth = 1usize;
    let mut max = depth;
    let mut first_over = None;
    for t in tokens {
        let top = levels.len() - 1;
        match &t.token {
            Token::Whitespace(_)
            | Token::Period
            | Token::SemiColon
            | Token::EOF
            | Token::Number(..) => {}
            Token::Comma => {
                depth -= levels[top].chain;
                levels[top].chain = 0;
            }
            Token::LParen | Token::LBracket | Token::LBrace => {
                levels.push(open(false));
                depth += 1;
            }
            Token::RParen | Token::RBracket | Token::RBrace => {
                // Close the bracket, and a CASE left open inside it.
                while levels.len() > 1 {
                    let l = levels.pop().expect("more than one level");
                    depth -= 1 + l.chain + l.sets;
                    if !l.case {
                        break;
                    }
                }
            }
            Token::Word(w) if w.quote_style.is_none() => match w.keyword {
                Keyword::CASE => {
                    levels.push(open(true));
                    depth += 1;
                }
                Keyword::END if levels[top].case && levels.len() > 1 => {
                    let l = levels.pop().expect("more than one level");
                    depth -= 1 + l.chain + l.sets;
                }
                Keyword::UNION | Keyword::EXCEPT | Keyword::INTERSECT | Keyword::MINUS => {
                    levels[top].sets += 1;
                    depth += 1;
                }
                Keyword::SELECT
                | Keyword::FROM
                | Keyword::WHERE
                | Keyword::GROUP
                | Keyword::HAVING
                | Keyword::QUALIFY
                | Keyword::WINDOW
                | Keyword::ORDER
                | Keyword::LIMIT
                | Keyword::OFFSET
                | Keyword::WITH
                | Keyword::ON
                | Keyword::USING
                | Keyword::WHEN
                | Keyword::THEN
                | Keyword::ELSE => {
                    depth -= levels[top].chain;
                    levels[top].chain = 0;
                }
                Keyword::AND
                | Keyword::OR
                | Keyword::XOR
                | Keyword::NOT
                | Keyword::IS
                | Keyword::NOTNULL
                | Keyword::IN
                | Keyword::LIKE
                | Keyword::ILIKE
                | Keyword::SIMILAR
                | Keyword::GLOB
                | Keyword::REGEXP
                | Keyword::RLIKE
                | Keyword::MATCH
                | Keyword::BETWEEN
                | Keyword::MEMBER
                | Keyword::OVERLAPS
                | Keyword::COLLATE
                | Keyword::AT
                | Keyword::DIV
                | Keyword::MOD
                | Keyword::ESCAPE
                | Keyword::OPERATOR
                | Keyword::GLOBAL => {
                    levels[top].chain += 1;
                    depth += 1;
                }
                _ => {}
            },
            Token::Word(_)
            | Token::SingleQuotedString(_)
            | Token::DoubleQuotedString(_)
            | Token::NationalStringLiteral(_)
            | Token::EscapedStringLiteral(_)
            | Token::HexStringLiteral(_)
            | Token::Placeholder(_) => {}
            // Every other token is a symbol: an operator, or an error the
            // parser will report.
            _ => {
                levels[top].chain += 1;
                depth += 1;
            }
        }
        if depth > max {
            max = depth;
            if max > limit && first_over.is_none() {
                first_over = Some(t.span);
            }
        }
    }
    (max, first_over)
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
