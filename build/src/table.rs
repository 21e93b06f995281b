//! An in-memory, column-oriented table: what every gold table is before it
//! becomes parquet.
//!
//! Readers build tables row by row through [`TableBuilder`]; the catalogue,
//! the relationship checks and the parquet writer all read the same
//! [`Table`], so a column's type, nullability and values are stated once.

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};

/// The logical type of a column. Kept small on purpose: every gold table is
/// text, integers, floats and flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Float,
    Bool,
}

impl Kind {
    pub fn arrow(self) -> DataType {
        match self {
            Kind::Text => DataType::Utf8,
            Kind::Int => DataType::Int64,
            Kind::Float => DataType::Float64,
            Kind::Bool => DataType::Boolean,
        }
    }

    /// The name the catalogue shows (arrow's names, lower-case).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "utf8",
            Kind::Int => "int64",
            Kind::Float => "float64",
            Kind::Bool => "boolean",
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// Text, or null when the string is empty after trimming.
    pub fn text_or_null(s: &str) -> Value {
        let t = s.trim();
        if t.is_empty() {
            Value::Null
        } else {
            Value::Text(t.to_string())
        }
    }

    pub fn opt_text(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Null, |s| Value::Text(s.into()))
    }

    pub fn opt_int(v: Option<i64>) -> Value {
        v.map_or(Value::Null, Value::Int)
    }

    pub fn opt_float(v: Option<f64>) -> Value {
        v.map_or(Value::Null, Value::Float)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A short display form, for examples in the catalogue and orphan keys.
    pub fn display(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Text(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
        }
    }
}

/// A column's declaration.
#[derive(Debug, Clone)]
pub struct ColumnSpec {
    pub name: String,
    pub kind: Kind,
    pub nullable: bool,
}

/// `col("code", Kind::Text)` is a required column; `.nullable()` relaxes it.
pub fn col(name: &str, kind: Kind) -> ColumnSpec {
    ColumnSpec {
        name: name.to_string(),
        kind,
        nullable: false,
    }
}

impl ColumnSpec {
    pub fn nullable(mut self) -> ColumnSpec {
        self.nullable = true;
        self
    }
}

/// A finished table.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub columns: Vec<ColumnSpec>,
    /// Column-major cells: `cells[c][r]`.
    pub cells: Vec<Vec<Value>>,
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("table {table}: row has {got} cells, schema has {want} columns")]
    Arity {
        table: String,
        got: usize,
        want: usize,
    },
    #[error("table {table}, column {column}: {value:?} is not {kind:?}")]
    Type {
        table: String,
        column: String,
        value: Value,
        kind: Kind,
    },
    #[error("table {table}, column {column}: null in a required column (row {row})")]
    Null {
        table: String,
        column: String,
        row: usize,
    },
    #[error("table {0}: no column named {1}")]
    NoColumn(String, String),
    #[error("no table named {0} in the model")]
    NoTable(String),
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}

/// Builds a [`Table`] row by row, checking each row against the schema so
/// that a reader's mistake surfaces where it was made.
pub struct TableBuilder {
    table: Table,
}

impl TableBuilder {
    pub fn new(name: &str, columns: Vec<ColumnSpec>) -> TableBuilder {
        let n = columns.len();
        TableBuilder {
            table: Table {
                name: name.to_string(),
                columns,
                cells: vec![Vec::new(); n],
            },
        }
    }

    pub fn push(&mut self, row: Vec<Value>) -> Result<(), TableError> {
        let t = &mut self.table;
        if row.len() != t.columns.len() {
            return Err(TableError::Arity {
                table: t.name.clone(),
                got: row.len(),
                want: t.columns.len(),
            });
        }
        let row_index = t.cells.first().map_or(0, Vec::len);
        for (spec, v) in t.columns.iter().zip(&row) {
            let ok = matches!(
                (spec.kind, v),
                (_, Value::Null)
                    | (Kind::Text, Value::Text(_))
                    | (Kind::Int, Value::Int(_))
                    | (Kind::Float, Value::Float(_))
                    | (Kind::Bool, Value::Bool(_))
            );
            if !ok {
                return Err(TableError::Type {
                    table: t.name.clone(),
                    column: spec.name.clone(),
                    value: v.clone(),
                    kind: spec.kind,
                });
            }
            if v.is_null() && !spec.nullable {
                return Err(TableError::Null {
                    table: t.name.clone(),
                    column: spec.name.clone(),
                    row: row_index,
                });
            }
        }
        for (c, v) in row.into_iter().enumerate() {
            t.cells[c].push(v);
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn finish(self) -> Table {
        self.table
    }
}

impl Table {
    pub fn len(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn column_index(&self, name: &str) -> Result<usize, TableError> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| TableError::NoColumn(self.name.clone(), name.to_string()))
    }

    pub fn column(&self, name: &str) -> Result<&[Value], TableError> {
        Ok(&self.cells[self.column_index(name)?])
    }

    /// Text cells of a column (nulls and non-text as `None`).
    pub fn text_column(&self, name: &str) -> Result<Vec<Option<&str>>, TableError> {
        Ok(self
            .column(name)?
            .iter()
            .map(|v| match v {
                Value::Text(s) => Some(s.as_str()),
                _ => None,
            })
            .collect())
    }

    pub fn schema(&self) -> Schema {
        Schema::new(
            self.columns
                .iter()
                .map(|c| Field::new(&c.name, c.kind.arrow(), c.nullable))
                .collect::<Vec<_>>(),
        )
    }

    pub fn to_record_batch(&self) -> Result<RecordBatch, TableError> {
        let arrays: Vec<ArrayRef> = self
            .columns
            .iter()
            .zip(&self.cells)
            .map(|(spec, cells)| to_array(spec.kind, cells))
            .collect();
        Ok(RecordBatch::try_new(Arc::new(self.schema()), arrays)?)
    }
}

fn to_array(kind: Kind, cells: &[Value]) -> ArrayRef {
    // The builder checked every cell's type, so a mismatch here cannot occur;
    // it would only read as null.
    match kind {
        Kind::Text => Arc::new(StringArray::from_iter(cells.iter().map(|v| match v {
            Value::Text(s) => Some(s.as_str()),
            _ => None,
        }))),
        Kind::Int => Arc::new(Int64Array::from_iter(cells.iter().map(|v| match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }))),
        Kind::Float => Arc::new(Float64Array::from_iter(cells.iter().map(|v| match v {
            Value::Float(f) => Some(*f),
            _ => None,
        }))),
        Kind::Bool => Arc::new(BooleanArray::from_iter(cells.iter().map(|v| match v {
            Value::Bool(b) => Some(*b),
            _ => None,
        }))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_checks_types_and_nulls() {
        let mut b = TableBuilder::new(
            "t",
            vec![col("code", Kind::Text), col("n", Kind::Int).nullable()],
        );
        b.push(vec![Value::text("a"), Value::Int(1)]).unwrap();
        b.push(vec![Value::text("b"), Value::Null]).unwrap();
        assert!(matches!(
            b.push(vec![Value::Null, Value::Int(1)]),
            Err(TableError::Null { .. })
        ));
        assert!(matches!(
            b.push(vec![Value::text("c"), Value::text("x")]),
            Err(TableError::Type { .. })
        ));
        assert!(matches!(
            b.push(vec![Value::text("c")]),
            Err(TableError::Arity { .. })
        ));
        let t = b.finish();
        assert_eq!(t.len(), 2);
        let batch = t.to_record_batch().unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.column(1).null_count(), 1);
    }
}
