//! LIKE and ILIKE: `%` is any run of characters, `_` one character; there
//! is no escape character unless the query names one (DuckDB's rule).

use crate::QueryError;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Char(char),
    One,
    Any,
}

/// A compiled pattern. Patterns are usually literals, compiled once when
/// the query is planned rather than on every row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    toks: Vec<Tok>,
    fold_case: bool,
}

impl Pattern {
    pub(crate) fn new(
        pattern: &str,
        escape: Option<char>,
        fold_case: bool,
    ) -> Result<Pattern, QueryError> {
        let source = if fold_case {
            pattern.to_lowercase()
        } else {
            pattern.to_string()
        };
        let mut toks = Vec::new();
        let mut chars = source.chars();
        while let Some(c) = chars.next() {
            toks.push(match c {
                c if Some(c) == escape => match chars.next() {
                    Some(n) => Tok::Char(n),
                    None => {
                        return Err(QueryError::eval(format!(
                            "LIKE pattern '{pattern}' ends with its escape character"
                        )))
                    }
                },
                '%' => {
                    if toks.last() == Some(&Tok::Any) {
                        continue;
                    }
                    Tok::Any
                }
                '_' => Tok::One,
                c => Tok::Char(c),
            });
        }
        Ok(Pattern { toks, fold_case })
    }

    pub(crate) fn matches(&self, s: &str) -> bool {
        let folded;
        let s = if self.fold_case {
            folded = s.to_lowercase();
            &folded
        } else {
            s
        };
        let s: Vec<char> = s.chars().collect();
        // Greedy match with one backtrack point: the last `%` seen. Linear
        // in practice, O(n·m) at worst; no recursion.
        let (mut p, mut i) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while i < s.len() {
            match self.toks.get(p) {
                Some(Tok::Any) => {
                    star = Some((p, i));
                    p += 1;
                    continue;
                }
                Some(Tok::One) => {
                    p += 1;
                    i += 1;
                    continue;
                }
                Some(Tok::Char(c)) if *c == s[i] => {
                    p += 1;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            match star {
                Some((sp, si)) => {
                    p = sp + 1;
                    i = si + 1;
                    star = Some((sp, si + 1));
                }
                None => return false,
            }
        }
        self.toks[p..].iter().all(|t| *t == Tok::Any)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn like(s: &str, p: &str) -> bool {
        Pattern::new(p, None, false).expect("pattern").matches(s)
    }

    #[test]
    fn wildcards() {
        assert!(like("abc", "a%"));
        assert!(like("abc", "%c"));
        assert!(like("abc", "a_c"));
        assert!(like("abc", "%"));
        assert!(like("", "%"));
        assert!(!like("", "_"));
        assert!(like("aXbXc", "a%b%c"));
        assert!(!like("abc", "a%d"));
        assert!(like("mississippi", "%iss%pi"));
        assert!(!like("abc", "ab"));
        assert!(like("école", "_cole"));
    }

    #[test]
    fn escape_and_case() {
        let p = Pattern::new("a\\%b", Some('\\'), false).expect("pattern");
        assert!(p.matches("a%b"));
        assert!(!p.matches("axb"));
        assert!(Pattern::new("a\\", Some('\\'), false).is_err());
        let p = Pattern::new("ÉCOLE%", None, true).expect("pattern");
        assert!(p.matches("école normale"));
    }
}
