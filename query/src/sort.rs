//! ORDER BY. NULLs sort last in both directions unless the query says
//! otherwise: that is DuckDB's default (`default_null_order =
//! 'nulls_last'`), not PostgreSQL's (NULLS FIRST for DESC).

use std::cmp::Ordering;

use crate::value::sort_cmp;
use crate::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SortSpec {
    pub desc: bool,
    pub nulls_first: bool,
}

impl SortSpec {
    pub(crate) fn new(desc: Option<bool>, nulls_first: Option<bool>) -> SortSpec {
        SortSpec {
            desc: desc.unwrap_or(false),
            nulls_first: nulls_first.unwrap_or(false),
        }
    }
}

pub(crate) fn cmp_keys(a: &[Value], b: &[Value], specs: &[SortSpec]) -> Ordering {
    for ((x, y), s) in a.iter().zip(b).zip(specs) {
        let o = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) if s.nulls_first => Ordering::Less,
            (true, false) => Ordering::Greater,
            (false, true) if s.nulls_first => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) if s.desc => sort_cmp(y, x),
            (false, false) => sort_cmp(x, y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Sorts rows by their keys; stable, so ties keep their input order.
pub(crate) fn sort(rows: &mut [(Vec<Value>, Vec<Value>)], specs: &[SortSpec]) {
    rows.sort_by(|(_, a), (_, b)| cmp_keys(a, b, specs));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_last_both_ways_by_default() {
        let mut rows: Vec<(Vec<Value>, Vec<Value>)> = [Value::Int(1), Value::Null, Value::Int(3)]
            .into_iter()
            .map(|v| (vec![], vec![v]))
            .collect();
        let keys = |rows: &[(Vec<Value>, Vec<Value>)]| -> Vec<Value> {
            rows.iter().map(|(_, k)| k[0].clone()).collect()
        };
        sort(&mut rows, &[SortSpec::new(Some(true), None)]);
        assert_eq!(keys(&rows), [Value::Int(3), Value::Int(1), Value::Null]);
        sort(&mut rows, &[SortSpec::new(None, None)]);
        assert_eq!(keys(&rows), [Value::Int(1), Value::Int(3), Value::Null]);
        sort(&mut rows, &[SortSpec::new(Some(true), Some(true))]);
        assert_eq!(keys(&rows), [Value::Null, Value::Int(3), Value::Int(1)]);
    }
}
