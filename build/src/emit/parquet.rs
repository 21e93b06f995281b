//! Parquet output: snappy-compressed, one file per table, byte-identical for
//! identical tables.

use std::path::Path;

use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use sha2::{Digest, Sha256};

use crate::model::catalog::FileInfo;
use crate::table::{Table, TableError};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parquet {
        path: String,
        #[source]
        source: parquet::errors::ParquetError,
    },
    #[error(transparent)]
    Table(#[from] TableError),
}

/// Rows per row group: large enough for compression, small enough that a
/// browser can decode the biggest table without stalling.
const ROW_GROUP: usize = 64 * 1024;

fn properties(compression: Compression) -> WriterProperties {
    WriterProperties::builder()
        .set_compression(compression)
        .set_max_row_group_row_count(Some(ROW_GROUP))
        .set_statistics_enabled(EnabledStatistics::Chunk)
        // The default names the writer's version, which is fixed by the
        // lockfile; saying so explicitly keeps it out of the "clock" class.
        .set_created_by("jobforge (parquet-rs)".to_string())
        .build()
}

/// Encodes a table as snappy-compressed parquet bytes.
pub fn encode(table: &Table) -> Result<Vec<u8>, WriteError> {
    encode_with(table, Compression::SNAPPY)
}

/// Encodes with another codec; the benchmark compares codecs with this.
pub fn encode_with(table: &Table, compression: Compression) -> Result<Vec<u8>, WriteError> {
    let batch = table.to_record_batch()?;
    let mut buf = Vec::new();
    let wrap = |e| WriteError::Parquet {
        path: table.name.clone(),
        source: e,
    };
    let mut w = ArrowWriter::try_new(&mut buf, batch.schema(), Some(properties(compression)))
        .map_err(wrap)?;
    w.write(&batch).map_err(wrap)?;
    w.close().map_err(wrap)?;
    Ok(buf)
}

/// Writes `<dir>/<table>.parquet` and returns its size and hash.
pub fn write(table: &Table, dir: &Path) -> Result<FileInfo, WriteError> {
    let bytes = encode(table)?;
    let path = dir.join(format!("{}.parquet", table.name));
    std::fs::write(&path, &bytes).map_err(|e| WriteError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    Ok(FileInfo {
        path: format!("data/{}.parquet", table.name),
        bytes: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
    })
}
