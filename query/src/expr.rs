//! Bound expressions and their evaluation on a row.
//!
//! The binder turns sqlparser's AST into [`BExpr`]: names are resolved to
//! column positions, literals are parsed, LIKE patterns compiled. Evaluation
//! then is a plain recursive walk over a row slice.

use std::collections::HashSet;
use std::sync::Arc;

use crate::aggregate::AggCall;
use crate::func::{self, Func};
use crate::like::Pattern;
use crate::value::{cast, compare, to_num, Key, Num};
use crate::{DataType, QueryError, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    /// `/`: always a float, as in DuckDB (`7 / 2` is 3.5).
    Div,
    /// `//`: integer division, truncating (on floats the same as `/`, as
    /// in DuckDB).
    IntDiv,
    Mod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
}

/// The values of an `IN (subquery)`, computed once.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueSet {
    pub keys: HashSet<Key>,
    pub has_null: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BExpr {
    Lit(Value),
    Col(usize),
    Neg(Box<BExpr>),
    Not(Box<BExpr>),
    Arith(Arith, Box<BExpr>, Box<BExpr>),
    Cmp(Cmp, Box<BExpr>, Box<BExpr>),
    Concat(Box<BExpr>, Box<BExpr>),
    And(Box<BExpr>, Box<BExpr>),
    Or(Box<BExpr>, Box<BExpr>),
    IsNull(Box<BExpr>, bool),
    /// `IS [NOT] TRUE/FALSE`: (expr, value, negated).
    IsBool(Box<BExpr>, bool, bool),
    /// `IS [NOT] DISTINCT FROM`: (left, right, negated).
    DistinctFrom(Box<BExpr>, Box<BExpr>, bool),
    InList {
        expr: Box<BExpr>,
        list: Vec<BExpr>,
        negated: bool,
    },
    InSet {
        expr: Box<BExpr>,
        set: Arc<ValueSet>,
        negated: bool,
    },
    Between {
        expr: Box<BExpr>,
        low: Box<BExpr>,
        high: Box<BExpr>,
        negated: bool,
    },
    Like {
        expr: Box<BExpr>,
        /// Compiled when the pattern is a literal.
        compiled: Option<Arc<Pattern>>,
        pattern: Box<BExpr>,
        escape: Option<char>,
        fold_case: bool,
        negated: bool,
    },
    Case {
        operand: Option<Box<BExpr>>,
        whens: Vec<(BExpr, BExpr)>,
        otherwise: Option<Box<BExpr>>,
    },
    Cast {
        expr: Box<BExpr>,
        to: DataType,
        try_cast: bool,
    },
    Func(Func, Vec<BExpr>),
    /// An aggregate call; only before the aggregate step replaces it with a
    /// column of the grouped row.
    Agg(Box<AggCall>),
}

fn b(e: BExpr) -> Box<BExpr> {
    Box::new(e)
}

impl BExpr {
    /// Rebuilds the expression with `f` applied to each direct child.
    pub(crate) fn try_map_children(
        &self,
        f: &mut impl FnMut(&BExpr) -> Result<BExpr, QueryError>,
    ) -> Result<BExpr, QueryError> {
        Ok(match self {
            BExpr::Lit(_) | BExpr::Col(_) => self.clone(),
            BExpr::Neg(e) => BExpr::Neg(b(f(e)?)),
            BExpr::Not(e) => BExpr::Not(b(f(e)?)),
            BExpr::Arith(op, l, r) => BExpr::Arith(*op, b(f(l)?), b(f(r)?)),
            BExpr::Cmp(op, l, r) => BExpr::Cmp(*op, b(f(l)?), b(f(r)?)),
            BExpr::Concat(l, r) => BExpr::Concat(b(f(l)?), b(f(r)?)),
            BExpr::And(l, r) => BExpr::And(b(f(l)?), b(f(r)?)),
            BExpr::Or(l, r) => BExpr::Or(b(f(l)?), b(f(r)?)),
            BExpr::IsNull(e, n) => BExpr::IsNull(b(f(e)?), *n),
            BExpr::IsBool(e, v, n) => BExpr::IsBool(b(f(e)?), *v, *n),
            BExpr::DistinctFrom(l, r, n) => BExpr::DistinctFrom(b(f(l)?), b(f(r)?), *n),
            BExpr::InList {
                expr,
                list,
                negated,
            } => BExpr::InList {
                expr: b(f(expr)?),
                list: list.iter().map(&mut *f).collect::<Result<_, _>>()?,
                negated: *negated,
            },
            BExpr::InSet { expr, set, negated } => BExpr::InSet {
                expr: b(f(expr)?),
                set: set.clone(),
                negated: *negated,
            },
            BExpr::Between {
                expr,
                low,
                high,
                negated,
            } => BExpr::Between {
                expr: b(f(expr)?),
                low: b(f(low)?),
                high: b(f(high)?),
                negated: *negated,
            },
            BExpr::Like {
                expr,
                compiled,
                pattern,
                escape,
                fold_case,
                negated,
            } => BExpr::Like {
                expr: b(f(expr)?),
                compiled: compiled.clone(),
                pattern: b(f(pattern)?),
                escape: *escape,
                fold_case: *fold_case,
                negated: *negated,
            },
            BExpr::Case {
                operand,
                whens,
                otherwise,
            } => BExpr::Case {
                operand: operand.as_deref().map(&mut *f).transpose()?.map(b),
                whens: whens
                    .iter()
                    .map(|(w, t)| Ok((f(w)?, f(t)?)))
                    .collect::<Result<_, QueryError>>()?,
                otherwise: otherwise.as_deref().map(&mut *f).transpose()?.map(b),
            },
            BExpr::Cast { expr, to, try_cast } => BExpr::Cast {
                expr: b(f(expr)?),
                to: *to,
                try_cast: *try_cast,
            },
            BExpr::Func(func, args) => {
                BExpr::Func(*func, args.iter().map(&mut *f).collect::<Result<_, _>>()?)
            }
            // Aggregates are leaves here: their argument is evaluated on the
            // input rows, not on the expression's own row.
            BExpr::Agg(_) => self.clone(),
        })
    }

    /// Calls `f` on this node and every descendant (not into aggregates).
    pub(crate) fn visit(&self, f: &mut impl FnMut(&BExpr)) {
        f(self);
        let _ = self.try_map_children(&mut |c| {
            c.visit(f);
            Ok(c.clone())
        });
    }

    pub(crate) fn contains_agg(&self) -> bool {
        let mut found = false;
        self.visit(&mut |e| found |= matches!(e, BExpr::Agg(_)));
        found
    }

    /// The smallest and largest column the expression reads, if any.
    pub(crate) fn column_range(&self) -> Option<(usize, usize)> {
        let mut r: Option<(usize, usize)> = None;
        self.visit(&mut |e| {
            if let BExpr::Col(i) = e {
                r = Some(r.map_or((*i, *i), |(lo, hi)| (lo.min(*i), hi.max(*i))));
            }
        });
        r
    }

    /// The same expression reading column `i - by` for every column `i`
    /// (a join key moved from the joined row to the right side's row).
    pub(crate) fn shift_left(&self, by: usize) -> BExpr {
        fn go(e: &BExpr, by: usize) -> Result<BExpr, QueryError> {
            match e {
                BExpr::Col(i) => Ok(BExpr::Col(i.saturating_sub(by))),
                other => other.try_map_children(&mut |c| go(c, by)),
            }
        }
        go(self, by).unwrap_or_else(|_| self.clone())
    }

    pub(crate) fn eval(&self, row: &[Value]) -> Result<Value, QueryError> {
        Ok(match self {
            BExpr::Lit(v) => v.clone(),
            BExpr::Col(i) => row
                .get(*i)
                .cloned()
                .ok_or_else(|| QueryError::eval("internal: column out of range"))?,
            BExpr::Neg(e) => match e.eval(row)? {
                Value::Null => Value::Null,
                v => match to_num(&v, "unary minus")? {
                    Num::Int(i) => Value::Int(
                        i.checked_neg()
                            .ok_or_else(|| QueryError::eval("integer overflow in negation"))?,
                    ),
                    Num::Float(x) => Value::Float(-x),
                },
            },
            BExpr::Not(e) => match truth(&e.eval(row)?)? {
                Some(t) => Value::Bool(!t),
                None => Value::Null,
            },
            BExpr::Arith(op, l, r) => arith(*op, &l.eval(row)?, &r.eval(row)?)?,
            BExpr::Cmp(op, l, r) => {
                let o = compare(&l.eval(row)?, &r.eval(row)?)?;
                o.map_or(Value::Null, |o| {
                    Value::Bool(match op {
                        Cmp::Eq => o.is_eq(),
                        Cmp::NotEq => o.is_ne(),
                        Cmp::Lt => o.is_lt(),
                        Cmp::LtEq => o.is_le(),
                        Cmp::Gt => o.is_gt(),
                        Cmp::GtEq => o.is_ge(),
                    })
                })
            }
            BExpr::Concat(l, r) => match (l.eval(row)?, r.eval(row)?) {
                (Value::Null, _) | (_, Value::Null) => Value::Null,
                (a, b) => Value::from(format!("{a}{b}")),
            },
            // Three-valued logic; the right side is skipped when the left
            // decides.
            BExpr::And(l, r) => match truth(&l.eval(row)?)? {
                Some(false) => Value::Bool(false),
                lt => match (lt, truth(&r.eval(row)?)?) {
                    (_, Some(false)) => Value::Bool(false),
                    (Some(true), Some(true)) => Value::Bool(true),
                    _ => Value::Null,
                },
            },
            BExpr::Or(l, r) => match truth(&l.eval(row)?)? {
                Some(true) => Value::Bool(true),
                lt => match (lt, truth(&r.eval(row)?)?) {
                    (_, Some(true)) => Value::Bool(true),
                    (Some(false), Some(false)) => Value::Bool(false),
                    _ => Value::Null,
                },
            },
            BExpr::IsNull(e, negated) => Value::Bool(e.eval(row)?.is_null() != *negated),
            BExpr::IsBool(e, v, negated) => {
                Value::Bool((truth(&e.eval(row)?)? == Some(*v)) != *negated)
            }
            BExpr::DistinctFrom(l, r, negated) => {
                let (a, b) = (l.eval(row)?, r.eval(row)?);
                let distinct = match (a.is_null(), b.is_null()) {
                    (true, true) => false,
                    (true, false) | (false, true) => true,
                    _ => compare(&a, &b)? != Some(std::cmp::Ordering::Equal),
                };
                Value::Bool(distinct != *negated)
            }
            BExpr::InList {
                expr,
                list,
                negated,
            } => {
                let v = expr.eval(row)?;
                let mut saw_null = v.is_null();
                let mut found = false;
                if !saw_null {
                    for item in list {
                        match compare(&v, &item.eval(row)?)? {
                            Some(o) if o.is_eq() => {
                                found = true;
                                break;
                            }
                            Some(_) => {}
                            None => saw_null = true,
                        }
                    }
                }
                in_result(found, saw_null, *negated)
            }
            BExpr::InSet { expr, set, negated } => {
                let v = expr.eval(row)?;
                if v.is_null() {
                    Value::Null
                } else {
                    in_result(set.keys.contains(&Key::from(&v)), set.has_null, *negated)
                }
            }
            BExpr::Between {
                expr,
                low,
                high,
                negated,
            } => {
                let v = expr.eval(row)?;
                let ge = compare(&v, &low.eval(row)?)?.map(|o| o.is_ge());
                let le = compare(&v, &high.eval(row)?)?.map(|o| o.is_le());
                let r = match (ge, le) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                };
                r.map_or(Value::Null, |r| Value::Bool(r != *negated))
            }
            BExpr::Like {
                expr,
                compiled,
                pattern,
                escape,
                fold_case,
                negated,
            } => {
                let v = expr.eval(row)?;
                if v.is_null() {
                    return Ok(Value::Null);
                }
                let m = match compiled {
                    Some(p) => p.matches(&v.to_string()),
                    None => match pattern.eval(row)? {
                        Value::Null => return Ok(Value::Null),
                        p => Pattern::new(&p.to_string(), *escape, *fold_case)?
                            .matches(&v.to_string()),
                    },
                };
                Value::Bool(m != *negated)
            }
            BExpr::Case {
                operand,
                whens,
                otherwise,
            } => {
                let op = operand.as_ref().map(|o| o.eval(row)).transpose()?;
                for (w, then) in whens {
                    let hit = match &op {
                        Some(v) => compare(v, &w.eval(row)?)? == Some(std::cmp::Ordering::Equal),
                        None => truth(&w.eval(row)?)? == Some(true),
                    };
                    if hit {
                        return then.eval(row);
                    }
                }
                match otherwise {
                    Some(e) => e.eval(row)?,
                    None => Value::Null,
                }
            }
            BExpr::Cast { expr, to, try_cast } => {
                let v = expr.eval(row)?;
                match cast(&v, *to) {
                    Ok(c) => c,
                    Err(_) if *try_cast => Value::Null,
                    Err(e) => return Err(e),
                }
            }
            BExpr::Func(f, args) => {
                let vals = args
                    .iter()
                    .map(|a| a.eval(row))
                    .collect::<Result<Vec<_>, _>>()?;
                func::call(*f, &vals)?
            }
            BExpr::Agg(_) => {
                return Err(QueryError::eval(
                    "internal: aggregate evaluated outside of GROUP BY",
                ))
            }
        })
    }
}

fn in_result(found: bool, saw_null: bool, negated: bool) -> Value {
    if found {
        Value::Bool(!negated)
    } else if saw_null {
        Value::Null
    } else {
        Value::Bool(negated)
    }
}

/// A value as a condition: NULL is unknown; integers are true when not 0
/// (DuckDB casts them); anything else is an error.
pub(crate) fn truth(v: &Value) -> Result<Option<bool>, QueryError> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        Value::Int(i) => Ok(Some(*i != 0)),
        other => Err(QueryError::eval(format!(
            "a condition must be BOOLEAN, got {} '{other}'",
            other.data_type().map_or("NULL", DataType::name)
        ))),
    }
}

fn arith(op: Arith, a: &Value, b: &Value) -> Result<Value, QueryError> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    let what = match op {
        Arith::Add => "+",
        Arith::Sub => "-",
        Arith::Mul => "*",
        Arith::Div => "/",
        Arith::IntDiv => "//",
        Arith::Mod => "%",
    };
    let overflow = || QueryError::eval(format!("integer overflow in {a} {what} {b}"));
    let by_zero = || QueryError::eval(format!("division by zero in {a} {what} {b}"));
    Ok(match (to_num(a, what)?, to_num(b, what)?) {
        (Num::Int(x), Num::Int(y)) => match op {
            Arith::Add => Value::Int(x.checked_add(y).ok_or_else(overflow)?),
            Arith::Sub => Value::Int(x.checked_sub(y).ok_or_else(overflow)?),
            Arith::Mul => Value::Int(x.checked_mul(y).ok_or_else(overflow)?),
            Arith::Div => Value::Float(x as f64 / y as f64),
            Arith::IntDiv if y == 0 => return Err(by_zero()),
            Arith::IntDiv => Value::Int(x.checked_div(y).ok_or_else(overflow)?),
            Arith::Mod if y == 0 => return Err(by_zero()),
            Arith::Mod => Value::Int(x.checked_rem(y).ok_or_else(overflow)?),
        },
        (x, y) => {
            let f = |n: Num| match n {
                Num::Int(i) => i as f64,
                Num::Float(v) => v,
            };
            let (x, y) = (f(x), f(y));
            match op {
                Arith::Add => Value::Float(x + y),
                Arith::Sub => Value::Float(x - y),
                Arith::Mul => Value::Float(x * y),
                // DuckDB: `//` truncates integers only; with a float it is `/`.
                Arith::Div | Arith::IntDiv => Value::Float(x / y),
                Arith::Mod => Value::Float(x % y),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(v: impl Into<Value>) -> Box<BExpr> {
        Box::new(BExpr::Lit(v.into()))
    }

    #[test]
    fn arithmetic_types() {
        let e = |op, a: Value, b: Value| arith(op, &a, &b);
        assert_eq!(
            e(Arith::Div, 7.into(), 2.into()).ok(),
            Some(Value::Float(3.5))
        );
        assert_eq!(
            e(Arith::IntDiv, (-7).into(), 2.into()).ok(),
            Some(Value::Int(-3))
        );
        assert_eq!(
            e(Arith::Mod, (-7).into(), 2.into()).ok(),
            Some(Value::Int(-1))
        );
        assert!(e(Arith::Add, i64::MAX.into(), 1.into()).is_err());
        assert!(e(Arith::Mod, 1.into(), 0.into()).is_err());
        assert_eq!(
            e(Arith::Div, 1.into(), 0.into()).ok(),
            Some(Value::Float(f64::INFINITY))
        );
        assert_eq!(e(Arith::Add, Value::Null, 1.into()).ok(), Some(Value::Null));
        assert_eq!(
            e(Arith::Mul, 2.into(), 1.5.into()).ok(),
            Some(Value::Float(3.0))
        );
    }

    #[test]
    fn three_valued_logic() {
        let null = || lit(Value::Null);
        let and = |l, r| BExpr::And(l, r).eval(&[]).ok();
        let or = |l, r| BExpr::Or(l, r).eval(&[]).ok();
        assert_eq!(and(lit(true), null()), Some(Value::Null));
        assert_eq!(and(lit(false), null()), Some(Value::Bool(false)));
        assert_eq!(and(null(), lit(false)), Some(Value::Bool(false)));
        assert_eq!(or(lit(true), null()), Some(Value::Bool(true)));
        assert_eq!(or(null(), lit(false)), Some(Value::Null));
        let in_list = |v: i64, negated| {
            BExpr::InList {
                expr: lit(v),
                list: vec![BExpr::Lit(1.into()), BExpr::Lit(Value::Null)],
                negated,
            }
            .eval(&[])
            .ok()
        };
        assert_eq!(in_list(1, false), Some(Value::Bool(true)));
        assert_eq!(in_list(2, false), Some(Value::Null));
        assert_eq!(in_list(2, true), Some(Value::Null));
    }
}
