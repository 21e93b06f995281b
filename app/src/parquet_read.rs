//! Parquet bytes → named columns, with the `parquet` crate's record reader.
//! Not through arrow: the arrow reader pulls arrow-cast, arrow-ipc and
//! arrow-select into the wasm, and these small tables only need their
//! cells. Errors name the file, so a truncated or corrupted download is
//! reported as such rather than as a panic.

use bytes::Bytes;
use parquet::file::metadata::ParquetMetaData;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: not a readable parquet file ({message})")]
    Parquet { file: String, message: String },
    #[error("{file}: no column {column:?}")]
    NoColumn { file: String, column: String },
    #[error("{file}: column {column:?} row {row} holds {found}, expected {expected}")]
    Type {
        file: String,
        column: String,
        row: usize,
        found: String,
        expected: &'static str,
    },
}

/// One cell, as the build writes them (text, 64-bit integers and floats,
/// booleans).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Any other parquet type, shown as text.
    Other(String),
}

impl Cell {
    fn from_field(f: &Field) -> Cell {
        match f {
            Field::Null => Cell::Null,
            Field::Str(s) => Cell::Text(s.clone()),
            Field::Long(v) => Cell::Int(*v),
            Field::Int(v) => Cell::Int(i64::from(*v)),
            Field::Short(v) => Cell::Int(i64::from(*v)),
            Field::Byte(v) => Cell::Int(i64::from(*v)),
            Field::UInt(v) => Cell::Int(i64::from(*v)),
            Field::Double(v) => Cell::Float(*v),
            Field::Float(v) => Cell::Float(f64::from(*v)),
            Field::Bool(v) => Cell::Bool(*v),
            other => Cell::Other(other.to_string()),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Cell::Null => "null",
            Cell::Text(_) => "text",
            Cell::Int(_) => "integer",
            Cell::Float(_) => "float",
            Cell::Bool(_) => "boolean",
            Cell::Other(_) => "another type",
        }
    }
}

/// Refuses column chunks whose offsets or sizes are negative: the parquet
/// crate asserts on them while reading (`ColumnChunkMetaData::byte_range`),
/// and a panic in the wasm would kill the page instead of reporting a
/// corrupt download. Found by `tests/prop_parquet.rs`.
fn check_chunks(metadata: &ParquetMetaData) -> Result<(), String> {
    for (g, group) in metadata.row_groups().iter().enumerate() {
        for (c, chunk) in group.columns().iter().enumerate() {
            let start = chunk
                .dictionary_page_offset()
                .unwrap_or(chunk.data_page_offset());
            if start < 0 || chunk.compressed_size() < 0 {
                return Err(format!(
                    "row group {g}, column {c}: negative offset or size in the metadata"
                ));
            }
        }
    }
    Ok(())
}

/// A decoded table, column by column, in the file's order.
#[derive(Debug, Default)]
pub struct Frame {
    pub file: String,
    pub rows: usize,
    columns: Vec<(String, Vec<Cell>)>,
}

impl Frame {
    pub fn decode(file: &str, bytes: Vec<u8>) -> Result<Frame, ReadError> {
        let err = |e: parquet::errors::ParquetError| ReadError::Parquet {
            file: file.to_string(),
            message: e.to_string(),
        };
        let reader = SerializedFileReader::new(Bytes::from(bytes)).map_err(err)?;
        check_chunks(reader.metadata()).map_err(|message| ReadError::Parquet {
            file: file.to_string(),
            message,
        })?;
        let names: Vec<String> = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let mut cols: Vec<Vec<Cell>> = vec![Vec::new(); names.len()];
        let mut rows = 0;
        for row in reader.get_row_iter(None).map_err(err)? {
            let row = row.map_err(err)?;
            for (i, (_, f)) in row.get_column_iter().enumerate() {
                if let Some(c) = cols.get_mut(i) {
                    c.push(Cell::from_field(f));
                }
            }
            rows += 1;
        }
        Ok(Frame {
            file: file.to_string(),
            rows,
            columns: names.into_iter().zip(cols).collect(),
        })
    }

    /// The columns, in the file's order.
    pub fn columns(&self) -> impl Iterator<Item = (&str, &[Cell])> {
        self.columns.iter().map(|(n, c)| (n.as_str(), c.as_slice()))
    }

    pub fn cells(&self, column: &str) -> Result<&[Cell], ReadError> {
        self.columns
            .iter()
            .find(|(n, _)| n == column)
            .map(|(_, c)| c.as_slice())
            .ok_or_else(|| ReadError::NoColumn {
                file: self.file.clone(),
                column: column.to_string(),
            })
    }

    fn typed<'a, T>(
        &'a self,
        column: &str,
        expected: &'static str,
        get: impl Fn(&'a Cell) -> Option<Option<T>>,
    ) -> Result<Vec<Option<T>>, ReadError> {
        self.cells(column)?
            .iter()
            .enumerate()
            .map(|(row, c)| {
                get(c).ok_or_else(|| ReadError::Type {
                    file: self.file.clone(),
                    column: column.to_string(),
                    row,
                    found: c.kind().to_string(),
                    expected,
                })
            })
            .collect()
    }

    /// A text column, nulls as `None`.
    pub fn text(&self, column: &str) -> Result<Vec<Option<&str>>, ReadError> {
        self.typed(column, "text", |c| match c {
            Cell::Null => Some(None),
            Cell::Text(s) => Some(Some(s.as_str())),
            _ => None,
        })
    }

    /// An integer column, nulls as `None`.
    pub fn int(&self, column: &str) -> Result<Vec<Option<i64>>, ReadError> {
        self.typed(column, "integer", |c| match c {
            Cell::Null => Some(None),
            Cell::Int(v) => Some(Some(*v)),
            _ => None,
        })
    }

    /// A boolean column, nulls as `None`.
    pub fn boolean(&self, column: &str) -> Result<Vec<Option<bool>>, ReadError> {
        self.typed(column, "boolean", |c| match c {
            Cell::Null => Some(None),
            Cell::Bool(v) => Some(Some(*v)),
            _ => None,
        })
    }
}
