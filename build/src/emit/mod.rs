//! Emitters: write the model out. They read only the model, never raw sources.

pub mod checksums;
pub mod csv;
pub mod parquet;
pub mod site;
