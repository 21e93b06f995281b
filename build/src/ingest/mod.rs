//! Ingest: read every source with an explicit schema.
//!
//! Readers turn source files into tables. They are the only code that opens
//! a source file; everything after them works on [`crate::table::Table`]s.

pub mod cops;
pub mod crosswalk;
pub mod job_arch;
pub mod ledger;
pub mod noc;
pub mod noc_examples;
pub mod oasis;
pub mod onet;
pub mod reader;
pub mod tbs;

pub use reader::{Ingest, IngestError};

use crate::model::{dim_noc, Gold};

/// Reads every source into the gold tables, in a fixed order.
pub fn read_all(ing: &mut Ingest) -> Result<Gold, IngestError> {
    let mut gold = Gold::default();
    let noc = noc::read(ing)?;
    let cops = cops::read(ing, &noc)?;
    gold.add(dim_noc::build(&noc, &cops.french_titles)?);
    // The French titles come from COPS: dim_noc is fed by it too.
    if let Some((_, file)) = cops.french_titles.values().next() {
        let file = file.clone();
        ing.feeds(&file, "dim_noc");
    }

    let (examples, found) = noc_examples::read(ing, &noc)?;
    gold.add(examples);
    if !found {
        gold.notices.push(noc_examples::MISSING_NOTICE.to_string());
    }

    let (profiles, labels) = oasis::read_labels(ing, &noc)?;
    let elements = oasis::read_elements(ing, &noc, &profiles)?;
    let lead = elements
        .iter()
        .find(|t| t.name == "element_lead_statement")
        .ok_or_else(|| IngestError::Invalid {
            file: oasis::SOURCE.into(),
            message: "no lead statements were read".into(),
        })?;
    gold.add(oasis::profile_dimension(&profiles, lead)?);
    gold.add(labels);
    for t in elements {
        gold.add(t);
    }
    for t in oasis::read_ratings(ing, &noc, &profiles)? {
        gold.add(t);
    }
    for t in cops.tables {
        gold.add(t);
    }
    gold.add(crosswalk::read_onet_bridge(ing, &noc)?);
    gold.add(crosswalk::read_noc_concordance(ing, &noc)?);
    for t in onet::read(ing)? {
        gold.add(t);
    }
    for t in tbs::read(ing)? {
        gold.add(t);
    }
    gold.add(job_arch::read(ing, &noc)?);
    Ok(gold)
}
