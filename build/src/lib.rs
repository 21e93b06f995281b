//! `jobforge`: builds WiQ from Canada's public occupational data.
//!
//! The pipeline is ingest → model → emit: [`ingest`] reads every source with
//! an explicit schema into [`table::Table`]s, [`model`] assembles the gold
//! tables, checks relationships and writes the catalogue and lineage, and
//! [`emit`] writes parquet. See ARCHITECTURE.md for the map.

pub mod cli;
pub mod clients;
pub mod compliance;
pub mod content;
pub mod emit;
pub mod fetch;
pub mod impute;
pub mod ingest;
pub mod manifest;
pub mod model;
pub mod pipeline;
pub mod search_cache;
pub mod search_data;
pub mod table;
pub mod tbs_scrape;
