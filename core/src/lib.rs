//! WiQ domain types, string matching, resolution and search.
//!
//! This crate does no I/O: the same code runs in the `jobforge` CLI at build
//! time and in the browser app (wasm32).

pub mod ask;
pub mod batch;
pub mod fuzz;
pub mod noc;
pub mod provenance;
pub mod replay;
pub mod resolve;
pub mod search;
pub mod table_file;
pub mod typography;
pub mod words;
