//! The one error type of the engine, with the position in the SQL text where
//! the user can act on it.

use std::fmt;

/// A place in the SQL text, both 1-based, as sqlparser counts them (columns
/// are characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Everything that can go wrong, from parsing to execution.
///
/// Errors a user can fix in the text carry a [`Position`] when sqlparser
/// knows one; unknown names carry the closest known name as a suggestion.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    #[error("syntax error{}: {message}", at(position))]
    Syntax {
        message: String,
        position: Option<Position>,
    },
    /// Anything but one SELECT (or WITH … SELECT): the engine is read-only
    /// by construction.
    #[error("read-only{}: {message}", at(position))]
    ReadOnly {
        message: String,
        position: Option<Position>,
    },
    #[error("not supported{}: {message}", at(position))]
    Unsupported {
        message: String,
        position: Option<Position>,
    },
    #[error("unknown table `{name}`{}{}", at(position), hint(suggestion))]
    UnknownTable {
        name: String,
        position: Option<Position>,
        suggestion: Option<String>,
    },
    #[error("unknown column `{name}`{}{}", at(position), hint(suggestion))]
    UnknownColumn {
        name: String,
        position: Option<Position>,
        suggestion: Option<String>,
    },
    #[error(
        "column `{name}` is ambiguous{}: qualify it with its table",
        at(position)
    )]
    AmbiguousColumn {
        name: String,
        position: Option<Position>,
    },
    /// A query that parses but cannot be planned: wrong argument count, a
    /// column outside GROUP BY, an aggregate in WHERE…
    #[error("invalid query{}: {message}", at(position))]
    Invalid {
        message: String,
        position: Option<Position>,
    },
    /// Expressions (or set operations) nested past the engine's limit:
    /// deeper trees would overflow the stack (small in wasm) when walked.
    #[error(
        "query too deep{}: the query's expression nests {depth} levels deep; the limit is {limit}",
        at(position)
    )]
    TooDeep {
        depth: usize,
        limit: usize,
        position: Option<Position>,
    },
    /// An error while computing values: overflow, a failed CAST…
    #[error("{message}")]
    Eval { message: String },
    #[error("query cancelled")]
    Cancelled,
    /// An intermediate result (usually a join) grew past the configured
    /// bound; the browser would run out of memory long before it finished.
    ///
    /// The hint never suggests adding a LIMIT: joins are computed whole
    /// before the LIMIT cuts the answer, so a LIMIT would not help. When the
    /// query has one (`query_has_limit`), the message says so, since a user
    /// would expect it to.
    #[error(
        "an intermediate result exceeds {limit} rows: add a join condition or a filter{}",
        if *query_has_limit { " (the query's LIMIT cuts the answer only after the joins)" } else { "" }
    )]
    TooLarge { limit: usize, query_has_limit: bool },
    /// A table handed to the engine is inconsistent (lengths, types) or has
    /// a column type the engine does not read.
    #[error("table `{table}`, column `{column}`: {message}")]
    Table {
        table: String,
        column: String,
        message: String,
    },
}

impl QueryError {
    /// Where in the SQL text the error is, when known.
    pub fn position(&self) -> Option<Position> {
        match self {
            QueryError::Syntax { position, .. }
            | QueryError::ReadOnly { position, .. }
            | QueryError::Unsupported { position, .. }
            | QueryError::UnknownTable { position, .. }
            | QueryError::UnknownColumn { position, .. }
            | QueryError::AmbiguousColumn { position, .. }
            | QueryError::Invalid { position, .. }
            | QueryError::TooDeep { position, .. } => *position,
            _ => None,
        }
    }

    pub(crate) fn eval(message: impl Into<String>) -> QueryError {
        QueryError::Eval {
            message: message.into(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>, position: Option<Position>) -> QueryError {
        QueryError::Invalid {
            message: message.into(),
            position,
        }
    }

    pub(crate) fn unsupported(
        message: impl Into<String>,
        position: Option<Position>,
    ) -> QueryError {
        QueryError::Unsupported {
            message: message.into(),
            position,
        }
    }
}

fn at(p: &Option<Position>) -> String {
    p.map(|p| format!(" at {p}")).unwrap_or_default()
}

fn hint(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The position of a sqlparser span start; line 0 means "no location".
pub(crate) fn pos(span: sqlparser::tokenizer::Span) -> Option<Position> {
    (span.start.line > 0).then_some(Position {
        line: span.start.line,
        column: span.start.column,
    })
}

/// The candidate closest to `name` by edit distance (case-insensitive),
/// when it is close enough to be a plausible typo.
pub(crate) fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let name = name.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = levenshtein(&name, &c.to_lowercase());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    // A third of the name, at least 2 edits: `titel_en` → `title_en`, but
    // not `x` → `id`.
    let budget = (name.chars().count() / 3).max(2);
    (d <= budget && d < name.chars().count()).then(|| c.to_string())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_large_suggests_a_limit_never() {
        let without = QueryError::TooLarge {
            limit: 100,
            query_has_limit: false,
        };
        assert_eq!(
            without.to_string(),
            "an intermediate result exceeds 100 rows: add a join condition or a filter"
        );
        let with = QueryError::TooLarge {
            limit: 100,
            query_has_limit: true,
        };
        assert_eq!(
            with.to_string(),
            "an intermediate result exceeds 100 rows: add a join condition or a filter \
             (the query's LIMIT cuts the answer only after the joins)"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["title_en", "title_fr", "unit_group_id"];
        assert_eq!(
            closest("titel_en", names.iter().copied()).as_deref(),
            Some("title_en")
        );
        assert_eq!(
            closest("UNIT_GROUP", names.iter().copied()).as_deref(),
            Some("unit_group_id")
        );
        assert_eq!(closest("zzz", names.iter().copied()), None);
    }
}
