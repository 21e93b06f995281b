//! The tables the engine reads: named, typed columns of cells, checked once
//! when they are made so the executor can trust them.

use std::fmt;

use crate::{DataType, QueryError, Value};

/// One column: a name, a type and one cell per row (NULL or of that type).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    name: String,
    data_type: DataType,
    values: Vec<Value>,
}

impl Column {
    pub fn new(name: impl Into<String>, data_type: DataType, values: Vec<Value>) -> Column {
        Column {
            name: name.into(),
            data_type,
            values,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn data_type(&self) -> DataType {
        self.data_type
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }
}

/// A named table of equal-length columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    name: String,
    columns: Vec<Column>,
    rows: usize,
}

impl Table {
    /// Checks that the columns have one length, distinct names
    /// (case-insensitively, as SQL names them) and cells of their type.
    pub fn new(name: impl Into<String>, columns: Vec<Column>) -> Result<Table, QueryError> {
        let name = name.into();
        let rows = columns.first().map_or(0, |c| c.values.len());
        for (i, c) in columns.iter().enumerate() {
            let err = |message: String| QueryError::Table {
                table: name.clone(),
                column: c.name.clone(),
                message,
            };
            if c.values.len() != rows {
                return Err(err(format!(
                    "{} values where the first column has {rows}",
                    c.values.len()
                )));
            }
            if columns[..i]
                .iter()
                .any(|o| o.name.to_lowercase() == c.name.to_lowercase())
            {
                return Err(err("duplicate column name".into()));
            }
            if let Some((row, v)) = c
                .values
                .iter()
                .enumerate()
                .find(|(_, v)| v.data_type().is_some_and(|t| t != c.data_type))
            {
                return Err(err(format!(
                    "row {row}: a {} value in a {} column",
                    v.data_type().map_or("NULL", DataType::name),
                    c.data_type
                )));
            }
        }
        Ok(Table {
            name,
            columns,
            rows,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column of that name, case-insensitively.
    pub fn column(&self, name: &str) -> Option<&Column> {
        let name = name.to_lowercase();
        self.columns.iter().find(|c| c.name.to_lowercase() == name)
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn schema(&self) -> TableSchema {
        TableSchema {
            name: self.name.clone(),
            rows: self.rows,
            columns: self
                .columns
                .iter()
                .map(|c| ColumnSchema {
                    name: c.name.clone(),
                    data_type: c.data_type,
                })
                .collect(),
        }
    }

    /// Appends the rows of a table with the same columns (used to gather
    /// the record batches of one parquet file).
    pub fn append(&mut self, other: Table) -> Result<(), QueryError> {
        let same = self.columns.len() == other.columns.len()
            && self
                .columns
                .iter()
                .zip(&other.columns)
                .all(|(a, b)| a.name == b.name && a.data_type == b.data_type);
        if !same {
            return Err(QueryError::Table {
                table: self.name.clone(),
                column: String::new(),
                message: "appended rows have other columns".into(),
            });
        }
        for (a, b) in self.columns.iter_mut().zip(other.columns) {
            a.values.extend(b.values);
        }
        self.rows += other.rows;
        Ok(())
    }
}

/// A table's name, row count and columns: for a sidebar, and to check
/// generated SQL against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSchema {
    pub name: String,
    pub rows: usize,
    pub columns: Vec<ColumnSchema>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSchema {
    pub name: String,
    pub data_type: DataType,
}

/// `name(col TYPE, …)`: one line per table, the compact form a prompt for
/// text-to-SQL needs.
impl fmt::Display for TableSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name)?;
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} {}", c.name, c.data_type)?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_inconsistent_tables() {
        let ok = Table::new(
            "t",
            vec![
                Column::new("a", DataType::Int, vec![Value::Int(1), Value::Null]),
                Column::new("b", DataType::Text, vec!["x".into(), "y".into()]),
            ],
        );
        assert!(ok.is_ok());
        let short = Table::new(
            "t",
            vec![
                Column::new("a", DataType::Int, vec![Value::Int(1)]),
                Column::new("b", DataType::Text, vec![]),
            ],
        );
        assert!(matches!(short, Err(QueryError::Table { column, .. }) if column == "b"));
        let typed = Table::new("t", vec![Column::new("a", DataType::Int, vec!["x".into()])]);
        assert!(typed.is_err());
        let dup = Table::new(
            "t",
            vec![
                Column::new("a", DataType::Int, vec![]),
                Column::new("A", DataType::Int, vec![]),
            ],
        );
        assert!(dup.is_err());
    }
}
