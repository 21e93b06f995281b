//! The WiQ browser app. Everything runs client-side: it fetches the files
//! the build wrote under `data/`, decodes them in wasm and matches with the
//! same `jobforge-core` code as the `jobforge` CLI. No request carries what
//! the visitor types or uploads.
//!
//! The decoding and CSV modules are plain Rust, tested natively; `ui` is the
//! Leptos front end.

pub mod batch_input;
pub mod csv_text;
pub mod data;
pub mod parquet_read;
pub mod query_worker;
pub mod sql;
pub mod sql_error;
pub mod strings;
pub mod ui;
pub mod web;
