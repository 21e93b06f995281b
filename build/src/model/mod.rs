//! The WiQ model: gold tables assembled from what the readers produced.

pub mod ask_catalog;
pub mod catalog;
pub mod dim_noc;
pub mod lineage;
pub mod relationships;
pub mod resolution;

use crate::table::{Table, TableError};

/// Every gold table of one build, in a fixed order (the order tables are
/// written and listed in the catalogue).
#[derive(Debug, Default)]
pub struct Gold {
    pub tables: Vec<Table>,
    /// What the build must tell its user about its inputs (an optional
    /// source that is absent), printed with the summary.
    pub notices: Vec<String>,
}

impl Gold {
    pub fn add(&mut self, t: Table) {
        self.tables.push(t);
    }

    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The table a later stage depends on; its absence is an error.
    pub fn table(&self, name: &str) -> Result<&Table, TableError> {
        self.get(name)
            .ok_or_else(|| TableError::NoTable(name.to_string()))
    }

    pub fn names(&self) -> Vec<&str> {
        self.tables.iter().map(|t| t.name.as_str()).collect()
    }
}
