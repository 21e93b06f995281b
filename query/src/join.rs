//! Joins. The ON condition is split into its AND-ed terms: equalities
//! between an expression of the left side and one of the right side become
//! hash keys (the right side is hashed, the left side probes); the other
//! terms are checked on each candidate pair. Without any such equality,
//! every pair is a candidate (nested loop).

use std::collections::HashMap;

use crate::exec::{Ctx, Relation};
use crate::expr::{truth, BExpr, Cmp};
use crate::value::{row_key, Key};
use crate::{QueryError, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JoinKind {
    Inner,
    Left,
    Right,
    Full,
}

/// Splits a condition into its AND-ed terms.
pub(crate) fn conjuncts(e: BExpr, out: &mut Vec<BExpr>) {
    match e {
        BExpr::And(l, r) => {
            conjuncts(*l, out);
            conjuncts(*r, out);
        }
        other => out.push(other),
    }
}

pub(crate) fn and_all(terms: Vec<BExpr>) -> Option<BExpr> {
    terms
        .into_iter()
        .reduce(|a, b| BExpr::And(Box::new(a), Box::new(b)))
}

/// Keys of an equality term `l = r` where one side reads only columns
/// `< split` (the left input) and the other only columns `>= split`: the
/// left key as is, the right key moved to read the right input's row.
fn equi_key(term: &BExpr, split: usize) -> Option<(BExpr, BExpr)> {
    let BExpr::Cmp(Cmp::Eq, l, r) = term else {
        return None;
    };
    let side = |e: &BExpr| match e.column_range() {
        Some((_, hi)) if hi < split => Some(true),
        Some((lo, _)) if lo >= split => Some(false),
        _ => None,
    };
    match (side(l)?, side(r)?) {
        (true, false) => Some(((**l).clone(), r.shift_left(split))),
        (false, true) => Some(((**r).clone(), l.shift_left(split))),
        _ => None,
    }
}

pub(crate) fn join(
    left: Relation,
    right: Relation,
    kind: JoinKind,
    on: Option<BExpr>,
    ctx: &Ctx,
) -> Result<Relation, QueryError> {
    let split = left.fields.len();
    let width_r = right.fields.len();
    let mut terms = Vec::new();
    if let Some(on) = on {
        conjuncts(on, &mut terms);
    }
    let (mut lkeys, mut rkeys, mut rest) = (Vec::new(), Vec::new(), Vec::new());
    for t in terms {
        match equi_key(&t, split) {
            Some((l, r)) => {
                lkeys.push(l);
                rkeys.push(r);
            }
            None => rest.push(t),
        }
    }
    let residual = and_all(rest);

    // The right side hashed on its keys; a NULL key never matches.
    let table: Option<HashMap<Vec<Key>, Vec<usize>>> = if rkeys.is_empty() {
        None
    } else {
        let mut m: HashMap<Vec<Key>, Vec<usize>> = HashMap::new();
        for (i, row) in right.rows.iter().enumerate() {
            ctx.tick()?;
            let k = eval_all(&rkeys, row)?;
            if !k.iter().any(Value::is_null) {
                m.entry(row_key(&k)).or_default().push(i);
            }
        }
        Some(m)
    };
    let all_right: Vec<usize> = if table.is_none() {
        (0..right.rows.len()).collect()
    } else {
        Vec::new()
    };

    let mut matched_right = vec![false; right.rows.len()];
    let mut out = Vec::new();
    let null_right = vec![Value::Null; width_r];
    for l in &left.rows {
        ctx.tick()?;
        let candidates: &[usize] = match &table {
            None => &all_right,
            Some(m) => {
                let k = eval_all(&lkeys, l)?;
                if k.iter().any(Value::is_null) {
                    &[]
                } else {
                    m.get(&row_key(&k)).map_or(&[], Vec::as_slice)
                }
            }
        };
        let mut matched = false;
        for &ri in candidates {
            ctx.tick()?;
            let Some(r) = right.rows.get(ri) else {
                continue;
            };
            let mut row = Vec::with_capacity(split + width_r);
            row.extend_from_slice(l);
            row.extend_from_slice(r);
            let keep = match &residual {
                None => true,
                Some(c) => truth(&c.eval(&row)?)? == Some(true),
            };
            if keep {
                matched = true;
                matched_right[ri] = true;
                out.push(row);
                ctx.check_size(out.len())?;
            }
        }
        if !matched && matches!(kind, JoinKind::Left | JoinKind::Full) {
            let mut row = l.clone();
            row.extend_from_slice(&null_right);
            out.push(row);
            ctx.check_size(out.len())?;
        }
    }
    if matches!(kind, JoinKind::Right | JoinKind::Full) {
        for (r, m) in right.rows.iter().zip(&matched_right) {
            if !m {
                let mut row = vec![Value::Null; split];
                row.extend_from_slice(r);
                out.push(row);
                ctx.check_size(out.len())?;
            }
        }
    }
    let mut fields = left.fields;
    fields.extend(right.fields);
    Ok(Relation { fields, rows: out })
}

fn eval_all(exprs: &[BExpr], row: &[Value]) -> Result<Vec<Value>, QueryError> {
    exprs.iter().map(|e| e.eval(row)).collect()
}
