//! Cells and their types, and the SQL rules on them: comparison with
//! coercion, sort order, grouping keys and CAST.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use crate::QueryError;

/// The type of a column. Four are enough for the gold tables (and for what
/// arrow's parquet reader hands over once dictionaries are decoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataType {
    Bool,
    Int,
    Float,
    Text,
}

impl DataType {
    /// DuckDB's name for the type, since the SQL people paste (and that an
    /// LLM writes) is DuckDB's dialect.
    pub fn name(self) -> &'static str {
        match self {
            DataType::Bool => "BOOLEAN",
            DataType::Int => "BIGINT",
            DataType::Float => "DOUBLE",
            DataType::Text => "VARCHAR",
        }
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One cell. Text is shared (`Arc<str>`): scans, joins and sorts copy cells
/// around, and a copy must not copy the string.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(Arc<str>),
}

impl Value {
    pub fn text(s: &str) -> Value {
        Value::Text(Arc::from(s))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value's type; `None` for NULL.
    pub fn data_type(&self) -> Option<DataType> {
        match self {
            Value::Null => None,
            Value::Bool(_) => Some(DataType::Bool),
            Value::Int(_) => Some(DataType::Int),
            Value::Float(_) => Some(DataType::Float),
            Value::Text(_) => Some(DataType::Text),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// Integers and floats as `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The text a CSV cell or a table shows: `None` for NULL.
    pub fn to_text(&self) -> Option<String> {
        (!self.is_null()).then(|| self.to_string())
    }
}

/// NULL shows as `NULL`; floats as DuckDB prints them (`1.0`, `0.25`,
/// `1e+20`).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&format_float(*x)),
            Value::Text(s) => f.write_str(s),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::text(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(Arc::from(s))
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Float(x)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

pub(crate) fn format_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let a = x.abs();
    if a != 0.0 && !(1e-5..1e15).contains(&a) {
        // Rust writes `1e20`; DuckDB `1e+20`.
        let s = format!("{x:e}");
        return match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        };
    }
    if x.fract() == 0.0 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

/// A number, after coercing text the way DuckDB does when text meets a
/// number (`'10' = 10` is true).
#[derive(Clone, Copy)]
pub(crate) enum Num {
    Int(i64),
    Float(f64),
}

pub(crate) fn parse_number(s: &str) -> Option<Num> {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(Num::Int(i));
    }
    t.parse::<f64>().ok().map(Num::Float)
}

/// The number in a non-null value; text is parsed, booleans are refused.
pub(crate) fn to_num(v: &Value, what: &str) -> Result<Num, QueryError> {
    match v {
        Value::Int(i) => Ok(Num::Int(*i)),
        Value::Float(f) => Ok(Num::Float(*f)),
        Value::Text(s) => parse_number(s).ok_or_else(|| {
            QueryError::eval(format!(
                "could not convert string '{s}' to a number ({what})"
            ))
        }),
        Value::Bool(_) => Err(QueryError::eval(format!(
            "{what} needs numbers, got BOOLEAN"
        ))),
        Value::Null => Err(QueryError::eval(format!("{what}: unexpected NULL"))),
    }
}

/// Floats order with NaN above every number, like DuckDB.
pub(crate) fn cmp_f64(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
    }
}

fn cmp_num(a: Num, b: Num) -> Ordering {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => x.cmp(&y),
        (Num::Int(x), Num::Float(y)) => cmp_f64(x as f64, y),
        (Num::Float(x), Num::Int(y)) => cmp_f64(x, y as f64),
        (Num::Float(x), Num::Float(y)) => cmp_f64(x, y),
    }
}

/// SQL comparison: `None` when either side is NULL. Text against a number
/// converts the text (an error if it is not a number); booleans compare
/// only with booleans.
pub(crate) fn compare(a: &Value, b: &Value) -> Result<Option<Ordering>, QueryError> {
    Ok(Some(match (a, b) {
        (Value::Null, _) | (_, Value::Null) => return Ok(None),
        (Value::Text(x), Value::Text(y)) => x.as_ref().cmp(y.as_ref()),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Bool(_), _) | (_, Value::Bool(_)) => {
            return Err(QueryError::eval(format!(
                "cannot compare {} with {}",
                type_name(a),
                type_name(b)
            )))
        }
        _ => cmp_num(to_num(a, "comparison")?, to_num(b, "comparison")?),
    }))
}

fn type_name(v: &Value) -> &'static str {
    v.data_type().map_or("NULL", DataType::name)
}

/// A total order on non-null values for ORDER BY, MIN and MAX. Values of a
/// column share a type; mixed types (from CASE or COALESCE) order numbers,
/// then text, then booleans, instead of failing halfway through a sort.
pub(crate) fn sort_cmp(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Int(_) | Value::Float(_) => 0,
            Value::Text(_) => 1,
            Value::Bool(_) => 2,
            Value::Null => 3,
        }
    }
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => x.as_ref().cmp(y.as_ref()),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => cmp_f64(
            a.as_f64().unwrap_or_default(),
            b.as_f64().unwrap_or_default(),
        ),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// A hashable form of a value for GROUP BY, DISTINCT, set operations and
/// hash joins. NULL equals NULL here (as grouping requires), and an
/// integral float equals the same integer, so `1` and `1.0` meet.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Text(Arc<str>),
}

impl From<&Value> for Key {
    fn from(v: &Value) -> Key {
        match v {
            Value::Null => Key::Null,
            Value::Bool(b) => Key::Bool(*b),
            Value::Int(i) => Key::Int(*i),
            Value::Float(f) => {
                if f.fract() == 0.0
                    && *f >= -9.223_372_036_854_776e18
                    && *f < 9.223_372_036_854_776e18
                {
                    Key::Int(*f as i64)
                } else if f.is_nan() {
                    Key::Float(f64::NAN.to_bits())
                } else {
                    Key::Float(f.to_bits())
                }
            }
            Value::Text(s) => Key::Text(s.clone()),
        }
    }
}

pub(crate) fn row_key(row: &[Value]) -> Vec<Key> {
    row.iter().map(Key::from).collect()
}

/// CAST. Floats round half away from zero when they become integers
/// (DuckDB: `CAST(2.5 AS INTEGER)` is 3).
pub(crate) fn cast(v: &Value, to: DataType) -> Result<Value, QueryError> {
    let fail = || {
        QueryError::eval(format!(
            "could not convert {} '{}' to {}",
            type_name(v),
            v,
            to.name()
        ))
    };
    Ok(match (v, to) {
        (Value::Null, _) => Value::Null,
        (Value::Bool(b), DataType::Int) => Value::Int(i64::from(*b)),
        (Value::Bool(b), DataType::Float) => Value::Float(if *b { 1.0 } else { 0.0 }),
        (Value::Int(i), DataType::Int) => Value::Int(*i),
        (Value::Int(i), DataType::Float) => Value::Float(*i as f64),
        (Value::Int(i), DataType::Bool) => Value::Bool(*i != 0),
        (Value::Float(f), DataType::Int) => Value::Int(float_to_int(*f).ok_or_else(fail)?),
        (Value::Float(f), DataType::Float) => Value::Float(*f),
        (Value::Float(f), DataType::Bool) => Value::Bool(*f != 0.0),
        (Value::Text(s), DataType::Int) => match parse_number(s).ok_or_else(fail)? {
            Num::Int(i) => Value::Int(i),
            Num::Float(f) => Value::Int(float_to_int(f).ok_or_else(fail)?),
        },
        (Value::Text(s), DataType::Float) => match parse_number(s).ok_or_else(fail)? {
            Num::Int(i) => Value::Float(i as f64),
            Num::Float(f) => Value::Float(f),
        },
        (Value::Text(s), DataType::Bool) => match s.trim().to_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "1" => Value::Bool(true),
            "false" | "f" | "no" | "n" | "0" => Value::Bool(false),
            _ => return Err(fail()),
        },
        (Value::Bool(b), DataType::Bool) => Value::Bool(*b),
        (_, DataType::Text) => Value::from(v.to_string()),
    })
}

pub(crate) fn float_to_int(f: f64) -> Option<i64> {
    let r = f.round();
    (r.is_finite() && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&r))
        .then_some(r as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_duckdb() {
        assert_eq!(format_float(1.0), "1.0");
        assert_eq!(format_float(0.25), "0.25");
        assert_eq!(format_float(1e20), "1e+20");
        assert_eq!(format_float(-3.5e-7), "-3.5e-7");
        assert_eq!(format_float(f64::INFINITY), "inf");
    }

    #[test]
    fn text_meets_numbers() {
        let ten = Value::text("10");
        assert_eq!(
            compare(&ten, &Value::Int(10)).ok(),
            Some(Some(Ordering::Equal))
        );
        assert!(compare(&Value::text("abc"), &Value::Int(1)).is_err());
        assert_eq!(compare(&Value::Null, &Value::Int(1)).ok(), Some(None));
        assert_eq!(Key::from(&Value::Float(2.0)), Key::from(&Value::Int(2)));
    }

    #[test]
    fn casts_round_half_away_from_zero() {
        assert_eq!(
            cast(&Value::Float(2.5), DataType::Int).ok(),
            Some(Value::Int(3))
        );
        assert_eq!(
            cast(&Value::Float(-2.5), DataType::Int).ok(),
            Some(Value::Int(-3))
        );
        assert_eq!(
            cast(&Value::text(" 12 "), DataType::Int).ok(),
            Some(Value::Int(12))
        );
        assert!(cast(&Value::text("x"), DataType::Int).is_err());
        assert_eq!(
            cast(&Value::Int(1), DataType::Text).ok(),
            Some(Value::text("1"))
        );
    }
}
