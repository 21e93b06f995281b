//! Arrow record batches → [`Table`] (feature `arrow`). The browser app and
//! the CLI read parquet with the `parquet` crate into record batches; the
//! engine copies them into its own cells once, at load time.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float16Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType as ArrowType, Schema};

use crate::{Column, DataType, QueryError, Table, Value};

impl Table {
    /// One record batch as a table. Text (`Utf8`, `LargeUtf8`, `Utf8View`),
    /// integers (signed and unsigned), floats, booleans and dictionaries of
    /// those convert; any other type is an error naming the column.
    pub fn from_record_batch(name: &str, batch: &RecordBatch) -> Result<Table, QueryError> {
        let schema = batch.schema();
        let mut columns = Vec::with_capacity(batch.num_columns());
        for (field, array) in schema.fields().iter().zip(batch.columns()) {
            let (data_type, values) =
                convert(array.as_ref()).map_err(|message| QueryError::Table {
                    table: name.to_string(),
                    column: field.name().clone(),
                    message,
                })?;
            columns.push(Column::new(field.name().clone(), data_type, values));
        }
        Table::new(name, columns)
    }

    /// The batches of one file as one table; `schema` names the columns
    /// when there are no batches at all (an empty parquet file).
    pub fn from_record_batches(
        name: &str,
        schema: &Schema,
        batches: &[RecordBatch],
    ) -> Result<Table, QueryError> {
        let mut table = Table::new(
            name,
            schema
                .fields()
                .iter()
                .map(|f| {
                    let t = engine_type(f.data_type()).map_err(|message| QueryError::Table {
                        table: name.to_string(),
                        column: f.name().clone(),
                        message,
                    })?;
                    Ok(Column::new(f.name().clone(), t, Vec::new()))
                })
                .collect::<Result<Vec<_>, QueryError>>()?,
        )?;
        for b in batches {
            table.append(Table::from_record_batch(name, b)?)?;
        }
        Ok(table)
    }
}

/// The engine type an arrow type becomes.
fn engine_type(t: &ArrowType) -> Result<DataType, String> {
    Ok(match t {
        ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View | ArrowType::Null => {
            DataType::Text
        }
        ArrowType::Int8
        | ArrowType::Int16
        | ArrowType::Int32
        | ArrowType::Int64
        | ArrowType::UInt8
        | ArrowType::UInt16
        | ArrowType::UInt32
        | ArrowType::UInt64 => DataType::Int,
        ArrowType::Float16 | ArrowType::Float32 | ArrowType::Float64 => DataType::Float,
        ArrowType::Boolean => DataType::Bool,
        ArrowType::Dictionary(_, v) => engine_type(v)?,
        other => return Err(format!("arrow type {other} is not supported")),
    })
}

fn collect<T>(
    a: &dyn Array,
    len: usize,
    mut f: impl FnMut(usize) -> Result<T, String>,
) -> Result<Vec<Value>, String>
where
    T: Into<Value>,
{
    (0..len)
        .map(|i| {
            if a.is_null(i) {
                Ok(Value::Null)
            } else {
                f(i).map(Into::into)
            }
        })
        .collect()
}

fn convert(a: &dyn Array) -> Result<(DataType, Vec<Value>), String> {
    let n = a.len();
    let t = engine_type(a.data_type())?;
    let values = match a.data_type() {
        ArrowType::Null => vec![Value::Null; n],
        ArrowType::Utf8 => {
            let s = a.as_string::<i32>();
            collect(a, n, |i| Ok(s.value(i)))?
        }
        ArrowType::LargeUtf8 => {
            let s = a.as_string::<i64>();
            collect(a, n, |i| Ok(s.value(i)))?
        }
        ArrowType::Utf8View => {
            let s = a.as_string_view();
            collect(a, n, |i| Ok(s.value(i)))?
        }
        ArrowType::Int8 => ints(a, a.as_primitive::<Int8Type>().values())?,
        ArrowType::Int16 => ints(a, a.as_primitive::<Int16Type>().values())?,
        ArrowType::Int32 => ints(a, a.as_primitive::<Int32Type>().values())?,
        ArrowType::Int64 => ints(a, a.as_primitive::<Int64Type>().values())?,
        ArrowType::UInt8 => ints(a, a.as_primitive::<UInt8Type>().values())?,
        ArrowType::UInt16 => ints(a, a.as_primitive::<UInt16Type>().values())?,
        ArrowType::UInt32 => ints(a, a.as_primitive::<UInt32Type>().values())?,
        ArrowType::UInt64 => {
            let v = a.as_primitive::<UInt64Type>();
            collect(a, n, |i| {
                i64::try_from(v.value(i))
                    .map_err(|_| format!("row {i}: {} does not fit in BIGINT", v.value(i)))
            })?
        }
        ArrowType::Float16 => {
            let v = a.as_primitive::<Float16Type>();
            collect(a, n, |i| Ok(f64::from(v.value(i).to_f32())))?
        }
        ArrowType::Float32 => {
            let v = a.as_primitive::<Float32Type>();
            collect(a, n, |i| Ok(f64::from(v.value(i))))?
        }
        ArrowType::Float64 => {
            let v = a.as_primitive::<Float64Type>();
            collect(a, n, |i| Ok(v.value(i)))?
        }
        ArrowType::Boolean => {
            let v = a.as_boolean();
            collect(a, n, |i| Ok(v.value(i)))?
        }
        ArrowType::Dictionary(_, _) => {
            // Decode the dictionary once; rows share its cells.
            let d = a
                .as_any_dictionary_opt()
                .ok_or_else(|| "not a dictionary array".to_string())?;
            let (_, dict) = convert(d.values().as_ref())?;
            let keys = d.normalized_keys();
            (0..n)
                .map(|i| {
                    if a.is_null(i) {
                        Ok(Value::Null)
                    } else {
                        keys.get(i)
                            .and_then(|k| dict.get(*k))
                            .cloned()
                            .ok_or_else(|| format!("row {i}: dictionary key out of range"))
                    }
                })
                .collect::<Result<_, String>>()?
        }
        other => return Err(format!("arrow type {other} is not supported")),
    };
    Ok((t, values))
}

fn ints<T: Copy + Into<i64>>(a: &dyn Array, v: &[T]) -> Result<Vec<Value>, String> {
    collect(a, v.len(), |i| Ok(Value::Int(v[i].into())))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{
        ArrayRef, BooleanArray, DictionaryArray, Float32Array, Int32Array, StringArray, UInt64Array,
    };
    use arrow_schema::Field;

    use super::*;

    #[test]
    fn converts_the_common_types() {
        let dict: DictionaryArray<Int32Type> = vec![Some("a"), None, Some("a"), Some("b")]
            .into_iter()
            .collect();
        let cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(vec![
                Some("x"),
                None,
                Some("z"),
                Some("é"),
            ])),
            Arc::new(Int32Array::from(vec![Some(1), Some(2), None, Some(-4)])),
            Arc::new(Float32Array::from(vec![0.5, 1.0, 2.0, 3.0])),
            Arc::new(BooleanArray::from(vec![
                Some(true),
                None,
                Some(false),
                None,
            ])),
            Arc::new(dict),
        ];
        let names = ["s", "i", "f", "b", "d"];
        let schema = Schema::new(
            names
                .iter()
                .zip(&cols)
                .map(|(n, c)| Field::new(*n, c.data_type().clone(), true))
                .collect::<Vec<_>>(),
        );
        let batch = RecordBatch::try_new(Arc::new(schema), cols).expect("batch");
        let t = Table::from_record_batch("t", &batch).expect("table");
        assert_eq!(t.len(), 4);
        let types: Vec<DataType> = t.columns().iter().map(|c| c.data_type()).collect();
        assert_eq!(
            types,
            [
                DataType::Text,
                DataType::Int,
                DataType::Float,
                DataType::Bool,
                DataType::Text
            ]
        );
        let d = t.column("d").expect("d").values();
        assert_eq!(d, &["a".into(), Value::Null, "a".into(), "b".into()]);
        assert_eq!(t.column("i").expect("i").values()[2], Value::Null);
    }

    #[test]
    fn names_the_column_it_cannot_read() {
        let big: ArrayRef = Arc::new(UInt64Array::from(vec![u64::MAX]));
        let schema = Schema::new(vec![Field::new("n", big.data_type().clone(), false)]);
        let batch = RecordBatch::try_new(Arc::new(schema), vec![big]).expect("batch");
        let err = Table::from_record_batch("t", &batch).expect_err("overflow");
        assert!(
            matches!(err, QueryError::Table { ref column, .. } if column == "n"),
            "{err}"
        );
    }
}
