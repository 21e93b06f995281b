//! The SQL console's data: parquet frames as `jobforge-query` tables, and
//! which tables a query names, so the console fetches only those.

use std::sync::Arc;

use jobforge_query::{Column, DataType, QueryError, Table, Value};

use crate::parquet_read::{Cell, Frame};

/// The column type its cells call for: integers, floats (integers mixed in
/// are widened), booleans, otherwise text. An all-null column is text.
fn column_type(cells: &[Cell]) -> DataType {
    let mut t: Option<DataType> = None;
    for c in cells {
        let k = match c {
            Cell::Null => continue,
            Cell::Int(_) => DataType::Int,
            Cell::Float(_) => DataType::Float,
            Cell::Bool(_) => DataType::Bool,
            Cell::Text(_) | Cell::Other(_) => return DataType::Text,
        };
        t = Some(match (t, k) {
            (None, k) => k,
            (Some(a), b) if a == b => a,
            (Some(DataType::Int), DataType::Float) | (Some(DataType::Float), DataType::Int) => {
                DataType::Float
            }
            _ => return DataType::Text,
        });
    }
    t.unwrap_or(DataType::Text)
}

fn value(c: &Cell, t: DataType) -> Value {
    match (c, t) {
        (Cell::Null, _) => Value::Null,
        (Cell::Int(v), DataType::Float) => Value::Float(*v as f64),
        (Cell::Int(v), _) => Value::Int(*v),
        (Cell::Float(v), _) => Value::Float(*v),
        (Cell::Bool(v), _) => Value::Bool(*v),
        (Cell::Text(s) | Cell::Other(s), _) => Value::Text(Arc::from(s.as_str())),
    }
}

/// A decoded parquet file as a table named `name`.
pub fn table(name: &str, frame: &Frame) -> Result<Table, QueryError> {
    let columns = frame
        .columns()
        .map(|(n, cells)| {
            let t = column_type(cells);
            Column::new(n, t, cells.iter().map(|c| value(c, t)).collect())
        })
        .collect();
    Table::new(name, columns)
}

/// The names of `known` tables that appear as words in `sql` (case
/// insensitive), in `known`'s order. A name inside a string literal is
/// fetched needlessly, never missed.
pub fn referenced<'a>(sql: &str, known: &'a [String]) -> Vec<&'a str> {
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    known
        .iter()
        .filter(|k| words.iter().any(|w| w == &k.to_ascii_lowercase()))
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_tables_a_query_names() {
        let known = vec![
            "dim_noc".to_string(),
            "cops_summary".to_string(),
            "dim_og".to_string(),
        ];
        let sql = "SELECT * FROM DIM_NOC n JOIN cops_summary s ON s.unit_group_id = n.noc_code";
        assert_eq!(referenced(sql, &known), ["dim_noc", "cops_summary"]);
        assert!(referenced("select 1", &known).is_empty());
    }

    #[test]
    fn column_types_follow_the_cells() {
        assert_eq!(column_type(&[Cell::Null, Cell::Int(1)]), DataType::Int);
        assert_eq!(
            column_type(&[Cell::Int(1), Cell::Float(0.5)]),
            DataType::Float
        );
        assert_eq!(
            column_type(&[Cell::Int(1), Cell::Text("a".into())]),
            DataType::Text
        );
        assert_eq!(column_type(&[Cell::Null]), DataType::Text);
    }
}
