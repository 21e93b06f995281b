//! Scalar functions. Semantics follow DuckDB where they differ between
//! engines (1-based `substr` with DuckDB's handling of 0 and negatives,
//! `length` in characters, `round` half away from zero).

use crate::value::{float_to_int, sort_cmp, to_num, Num};
use crate::{QueryError, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Lower,
    Upper,
    Length,
    Substr,
    Coalesce,
    NullIf,
    Round,
    Abs,
    Floor,
    Ceil,
    Sqrt,
    Power,
    Trim,
    Ltrim,
    Rtrim,
    Replace,
    Concat,
    StrPos,
    StartsWith,
    Contains,
    Left,
    Right,
    Greatest,
    Least,
}

/// Name → function and its argument counts (min, max).
const FUNCS: &[(&str, Func, usize, usize)] = &[
    ("lower", Func::Lower, 1, 1),
    ("lcase", Func::Lower, 1, 1),
    ("upper", Func::Upper, 1, 1),
    ("ucase", Func::Upper, 1, 1),
    ("length", Func::Length, 1, 1),
    ("len", Func::Length, 1, 1),
    ("char_length", Func::Length, 1, 1),
    ("character_length", Func::Length, 1, 1),
    ("substr", Func::Substr, 2, 3),
    ("substring", Func::Substr, 2, 3),
    ("coalesce", Func::Coalesce, 1, usize::MAX),
    ("ifnull", Func::Coalesce, 2, 2),
    ("nullif", Func::NullIf, 2, 2),
    ("round", Func::Round, 1, 2),
    ("abs", Func::Abs, 1, 1),
    ("floor", Func::Floor, 1, 1),
    ("ceil", Func::Ceil, 1, 1),
    ("ceiling", Func::Ceil, 1, 1),
    ("sqrt", Func::Sqrt, 1, 1),
    ("power", Func::Power, 2, 2),
    ("pow", Func::Power, 2, 2),
    ("trim", Func::Trim, 1, 2),
    ("ltrim", Func::Ltrim, 1, 2),
    ("rtrim", Func::Rtrim, 1, 2),
    ("replace", Func::Replace, 3, 3),
    ("concat", Func::Concat, 1, usize::MAX),
    ("strpos", Func::StrPos, 2, 2),
    ("instr", Func::StrPos, 2, 2),
    ("starts_with", Func::StartsWith, 2, 2),
    ("contains", Func::Contains, 2, 2),
    ("left", Func::Left, 2, 2),
    ("right", Func::Right, 2, 2),
    ("greatest", Func::Greatest, 1, usize::MAX),
    ("least", Func::Least, 1, usize::MAX),
];

pub(crate) fn lookup(name: &str) -> Option<(Func, usize, usize)> {
    FUNCS
        .iter()
        .find(|(n, ..)| *n == name)
        .map(|(_, f, lo, hi)| (*f, *lo, *hi))
}

pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    FUNCS.iter().map(|(n, ..)| *n)
}

/// Calls a function on evaluated arguments. Except for the functions whose
/// point is to handle NULL (coalesce, nullif, concat, greatest, least), a
/// NULL argument gives NULL.
pub(crate) fn call(f: Func, args: &[Value]) -> Result<Value, QueryError> {
    match f {
        Func::Coalesce => {
            return Ok(args
                .iter()
                .find(|v| !v.is_null())
                .cloned()
                .unwrap_or(Value::Null))
        }
        Func::NullIf => {
            let same =
                crate::value::compare(&args[0], &args[1])? == Some(std::cmp::Ordering::Equal);
            return Ok(if same { Value::Null } else { args[0].clone() });
        }
        Func::Concat => {
            return Ok(Value::from(
                args.iter().filter_map(Value::to_text).collect::<String>(),
            ))
        }
        Func::Greatest | Func::Least => {
            let mut it = args.iter().filter(|v| !v.is_null());
            let first = it.next().cloned().unwrap_or(Value::Null);
            return Ok(it.fold(first, |best, v| {
                let o = sort_cmp(v, &best);
                let better = if f == Func::Greatest {
                    o.is_gt()
                } else {
                    o.is_lt()
                };
                if better {
                    v.clone()
                } else {
                    best
                }
            }));
        }
        _ => {}
    }
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let text = |i: usize| args[i].to_string();
    let int = |i: usize, what: &str| -> Result<i64, QueryError> {
        match to_num(&args[i], what)? {
            Num::Int(n) => Ok(n),
            Num::Float(x) => float_to_int(x)
                .ok_or_else(|| QueryError::eval(format!("{what}: {x} is not an integer"))),
        }
    };
    Ok(match f {
        Func::Lower => Value::from(text(0).to_lowercase()),
        Func::Upper => Value::from(text(0).to_uppercase()),
        Func::Length => Value::Int(text(0).chars().count() as i64),
        Func::Substr => {
            let len = if args.len() > 2 {
                Some(int(2, "substr length")?)
            } else {
                None
            };
            Value::from(substr(&text(0), int(1, "substr start")?, len))
        }
        Func::Round => {
            let digits = if args.len() > 1 {
                int(1, "round digits")?
            } else {
                0
            };
            round(to_num(&args[0], "round")?, digits)?
        }
        Func::Abs => match to_num(&args[0], "abs")? {
            Num::Int(i) => Value::Int(
                i.checked_abs()
                    .ok_or_else(|| QueryError::eval("abs: integer overflow"))?,
            ),
            Num::Float(x) => Value::Float(x.abs()),
        },
        Func::Floor => match to_num(&args[0], "floor")? {
            Num::Int(i) => Value::Int(i),
            Num::Float(x) => Value::Float(x.floor()),
        },
        Func::Ceil => match to_num(&args[0], "ceil")? {
            Num::Int(i) => Value::Int(i),
            Num::Float(x) => Value::Float(x.ceil()),
        },
        Func::Sqrt => Value::Float(float(&args[0], "sqrt")?.sqrt()),
        Func::Power => Value::Float(float(&args[0], "power")?.powf(float(&args[1], "power")?)),
        Func::Trim | Func::Ltrim | Func::Rtrim => {
            let s = text(0);
            let set: Vec<char> = if args.len() > 1 {
                text(1).chars().collect()
            } else {
                vec![' ']
            };
            let pat = |c: char| set.contains(&c);
            Value::from(match f {
                Func::Trim => s.trim_matches(pat),
                Func::Ltrim => s.trim_start_matches(pat),
                _ => s.trim_end_matches(pat),
            })
        }
        Func::Replace => {
            let from = text(1);
            if from.is_empty() {
                args[0].clone()
            } else {
                Value::from(text(0).replace(&from, &text(2)))
            }
        }
        Func::StrPos => {
            let (s, sub) = (text(0), text(1));
            Value::Int(
                s.find(&sub)
                    .map_or(0, |b| s[..b].chars().count() as i64 + 1),
            )
        }
        Func::StartsWith => Value::Bool(text(0).starts_with(&text(1))),
        Func::Contains => Value::Bool(text(0).contains(&text(1))),
        Func::Left | Func::Right => {
            let s: Vec<char> = text(0).chars().collect();
            let n = int(1, "left/right count")?;
            let len = s.len() as i64;
            // A negative count drops that many characters from the other
            // end (DuckDB: left('hello', -2) = 'hel').
            let keep = if n >= 0 { n.min(len) } else { (len + n).max(0) } as usize;
            let part = if f == Func::Left {
                &s[..keep]
            } else {
                &s[s.len() - keep..]
            };
            Value::from(part.iter().collect::<String>())
        }
        // Handled before the NULL check.
        Func::Coalesce | Func::NullIf | Func::Concat | Func::Greatest | Func::Least => Value::Null,
    })
}

fn float(v: &Value, what: &str) -> Result<f64, QueryError> {
    Ok(match to_num(v, what)? {
        Num::Int(i) => i as f64,
        Num::Float(x) => x,
    })
}

/// DuckDB's substring: positions count from 1, 0 is one before the first
/// character, a negative start counts from the end, a negative length takes
/// the characters before the start.
fn substr(s: &str, start: i64, len: Option<i64>) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let begin = match start {
        s if s > 0 => s - 1,
        0 => -1,
        s => n + s,
    };
    let (lo, hi) = match len {
        None => (begin, n),
        Some(l) if l >= 0 => (begin, begin.saturating_add(l)),
        Some(l) => (begin.saturating_add(l), begin),
    };
    let (lo, hi) = (lo.clamp(0, n) as usize, hi.clamp(0, n) as usize);
    if lo >= hi {
        return String::new();
    }
    chars[lo..hi].iter().collect()
}

fn round(x: Num, digits: i64) -> Result<Value, QueryError> {
    Ok(match x {
        Num::Int(i) if digits >= 0 => Value::Int(i),
        Num::Int(i) => {
            // round(17, -1) = 20: stays an integer.
            let p = 10f64.powi(digits.clamp(-18, 0).unsigned_abs() as i32);
            let r = ((i as f64) / p).round() * p;
            Value::Int(float_to_int(r).ok_or_else(|| QueryError::eval("round: overflow"))?)
        }
        Num::Float(f) => {
            let p = 10f64.powi(digits.clamp(-300, 300) as i32);
            Value::Float(if digits == 0 {
                f.round()
            } else {
                (f * p).round() / p
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substr_like_duckdb() {
        assert_eq!(substr("hello", 2, Some(3)), "ell");
        assert_eq!(substr("hello", 0, Some(2)), "h");
        assert_eq!(substr("hello", -3, Some(2)), "ll");
        assert_eq!(substr("hello", 2, None), "ello");
        assert_eq!(substr("hello", 0, None), "hello");
        assert_eq!(substr("hello", 6, None), "");
        assert_eq!(substr("hello", 2, Some(-1)), "h");
        assert_eq!(substr("hello", -10, Some(3)), "");
        assert_eq!(substr("école", 1, Some(2)), "éc");
    }

    #[test]
    fn rounding() {
        assert_eq!(round(Num::Float(2.5), 0).ok(), Some(Value::Float(3.0)));
        assert_eq!(round(Num::Float(-2.5), 0).ok(), Some(Value::Float(-3.0)));
        assert_eq!(round(Num::Float(2.567), 1).ok(), Some(Value::Float(2.6)));
        assert_eq!(round(Num::Int(17), -1).ok(), Some(Value::Int(20)));
        assert_eq!(round(Num::Int(17), 2).ok(), Some(Value::Int(17)));
    }

    #[test]
    fn null_handling() {
        assert_eq!(
            call(Func::Coalesce, &[Value::Null, Value::Int(2)]).ok(),
            Some(Value::Int(2))
        );
        assert_eq!(call(Func::Upper, &[Value::Null]).ok(), Some(Value::Null));
        assert_eq!(
            call(Func::Concat, &["a".into(), Value::Null, "b".into()]).ok(),
            Some(Value::text("ab"))
        );
        assert_eq!(
            call(Func::Greatest, &[Value::Int(1), Value::Null, Value::Int(3)]).ok(),
            Some(Value::Int(3))
        );
        assert_eq!(
            call(Func::Left, &["hello".into(), Value::Int(-2)]).ok(),
            Some(Value::text("hel"))
        );
        assert_eq!(
            call(Func::StrPos, &["école".into(), "le".into()]).ok(),
            Some(Value::Int(4))
        );
    }
}
