//! GROUP BY: rows are hashed on their key values; each group keeps one
//! accumulator per aggregate call. The grouped row is the key values
//! followed by the aggregate results, and the expressions after the
//! aggregate step read it by position.

use std::collections::{HashMap, HashSet};

use crate::exec::Ctx;
use crate::expr::{truth, BExpr};
use crate::value::{row_key, sort_cmp, to_num, Key, Num};
use crate::{QueryError, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AggFunc {
    CountStar,
    Count,
    Sum,
    Avg,
    Min,
    Max,
}

pub(crate) const AGG_NAMES: &[&str] = &["count", "sum", "avg", "mean", "min", "max"];

pub(crate) fn lookup(name: &str) -> Option<AggFunc> {
    Some(match name {
        "count" => AggFunc::Count,
        "sum" => AggFunc::Sum,
        "avg" | "mean" => AggFunc::Avg,
        "min" => AggFunc::Min,
        "max" => AggFunc::Max,
        _ => return None,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AggCall {
    pub func: AggFunc,
    /// `None` for COUNT(*).
    pub arg: Option<BExpr>,
    pub distinct: bool,
    /// `FILTER (WHERE …)`.
    pub filter: Option<BExpr>,
}

enum State {
    Count(i64),
    /// Integers add up exactly in i128 until a float arrives.
    Sum {
        int: i128,
        float: f64,
        is_float: bool,
        any: bool,
    },
    Avg {
        int: i128,
        float: f64,
        n: i64,
    },
    Best(Option<Value>),
}

struct Acc {
    state: State,
    seen: Option<HashSet<Key>>,
}

impl Acc {
    fn new(call: &AggCall) -> Acc {
        Acc {
            state: match call.func {
                AggFunc::CountStar | AggFunc::Count => State::Count(0),
                AggFunc::Sum => State::Sum {
                    int: 0,
                    float: 0.0,
                    is_float: false,
                    any: false,
                },
                AggFunc::Avg => State::Avg {
                    int: 0,
                    float: 0.0,
                    n: 0,
                },
                AggFunc::Min | AggFunc::Max => State::Best(None),
            },
            seen: call.distinct.then(HashSet::new),
        }
    }

    fn update(&mut self, call: &AggCall, row: &[Value]) -> Result<(), QueryError> {
        if let Some(f) = &call.filter {
            if truth(&f.eval(row)?)? != Some(true) {
                return Ok(());
            }
        }
        let v = match &call.arg {
            None => {
                if let State::Count(n) = &mut self.state {
                    *n += 1;
                }
                return Ok(());
            }
            Some(a) => a.eval(row)?,
        };
        if v.is_null() {
            return Ok(());
        }
        if let Some(seen) = &mut self.seen {
            if !seen.insert(Key::from(&v)) {
                return Ok(());
            }
        }
        let name = match call.func {
            AggFunc::Sum => "SUM",
            _ => "AVG",
        };
        match &mut self.state {
            State::Count(n) => *n += 1,
            State::Sum {
                int,
                float,
                is_float,
                any,
            } => {
                *any = true;
                match to_num(&v, name)? {
                    Num::Int(i) => {
                        *int += i128::from(i);
                        *float += i as f64;
                    }
                    Num::Float(x) => {
                        *is_float = true;
                        *float += x;
                    }
                }
            }
            State::Avg { int, float, n } => {
                *n += 1;
                match to_num(&v, name)? {
                    Num::Int(i) => *int += i128::from(i),
                    Num::Float(x) => *float += x,
                }
            }
            State::Best(best) => {
                let replace = match best {
                    None => true,
                    Some(b) => {
                        let o = sort_cmp(&v, b);
                        if call.func == AggFunc::Min {
                            o.is_lt()
                        } else {
                            o.is_gt()
                        }
                    }
                };
                if replace {
                    *best = Some(v);
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<Value, QueryError> {
        Ok(match self.state {
            State::Count(n) => Value::Int(n),
            State::Sum { any: false, .. } => Value::Null,
            State::Sum {
                float,
                is_float: true,
                ..
            } => Value::Float(float),
            State::Sum { int, .. } => Value::Int(
                i64::try_from(int).map_err(|_| QueryError::eval("SUM overflows BIGINT"))?,
            ),
            State::Avg { n: 0, .. } => Value::Null,
            // AVG is a float, as in DuckDB, even over integers.
            State::Avg { int, float, n } => Value::Float((int as f64 + float) / n as f64),
            State::Best(b) => b.unwrap_or(Value::Null),
        })
    }
}

/// Groups `rows` on `keys` and computes `aggs` per group. Groups come out in
/// the order they first appear. Without GROUP BY (`keys` empty) there is
/// exactly one group, even over no rows (`COUNT(*)` of nothing is 0).
pub(crate) fn group(
    rows: &[Vec<Value>],
    keys: &[BExpr],
    aggs: &[AggCall],
    ctx: &Ctx,
) -> Result<Vec<Vec<Value>>, QueryError> {
    let mut index: HashMap<Vec<Key>, usize> = HashMap::new();
    let mut groups: Vec<(Vec<Value>, Vec<Acc>)> = Vec::new();
    if keys.is_empty() {
        groups.push((Vec::new(), aggs.iter().map(Acc::new).collect()));
    }
    for row in rows {
        ctx.tick()?;
        let g = if keys.is_empty() {
            0
        } else {
            let kv = keys
                .iter()
                .map(|k| k.eval(row))
                .collect::<Result<Vec<_>, _>>()?;
            let next = groups.len();
            let g = *index.entry(row_key(&kv)).or_insert(next);
            if g == next {
                groups.push((kv, aggs.iter().map(Acc::new).collect()));
            }
            g
        };
        if let Some((_, accs)) = groups.get_mut(g) {
            for (acc, call) in accs.iter_mut().zip(aggs) {
                acc.update(call, row)?;
            }
        }
    }
    groups
        .into_iter()
        .map(|(mut kv, accs)| {
            for a in accs {
                kv.push(a.finish()?);
            }
            Ok(kv)
        })
        .collect()
}
