//! Brookfield NOC 2021 ↔ O*NET-SOC crosswalk, and the NOC 2016 → 2021
//! concordance. Both write NOC 2021 codes without leading zeros.

use std::collections::{HashMap, HashSet};

use jobforge_core::noc::NocCode;

use super::ledger::RejectCode;
use super::noc::NocStructure;
use super::onet::is_soc_code;
use super::reader::{Header, Ingest, IngestError, Record, RowError, CSV};
use crate::table::{col, Kind, Table, TableBuilder, Value};

pub const SOURCE: &str = "brookfield-noc-onet-crosswalk";

/// Pads an unpadded unit-group code and checks it is in the structure.
fn unit_group(rec: &Record, i: usize, noc: &NocStructure) -> Result<String, RowError> {
    let code = NocCode::unit_group_unpadded(rec.get(i))
        .map_err(|e| RowError::at(i, RejectCode::BadCode, e.to_string()))?;
    if !noc.is_unit_group(code.as_str()) {
        return Err(RowError::at(
            i,
            RejectCode::UnknownCode,
            format!("{code} is not a NOC 2021 unit group"),
        ));
    }
    Ok(code.as_str().to_string())
}

pub fn read_onet_bridge(ing: &mut Ingest, noc: &NocStructure) -> Result<Table, IngestError> {
    let file = ing.delimited(
        SOURCE,
        "noc2021_onet26.csv",
        CSV,
        Header::Exact(&["noc", "noc_title", "onet", "onet_title"]),
    )?;
    let mut b = TableBuilder::new(
        "bridge_noc_onet",
        vec![
            col("unit_group_id", Kind::Text),
            col("noc_title", Kind::Text),
            col("onet_soc_code", Kind::Text),
            col("onet_title", Kind::Text),
            col("onet_codes_for_unit_group", Kind::Int),
        ],
    );
    // The same NOC → O*NET pair can appear twice with different O*NET titles
    // (the title changed between O*NET releases); both rows are kept.
    let mut rows = Vec::new();
    for rec in &file.records {
        let row = unit_group(rec, 0, noc).and_then(|ug| {
            let onet = rec.get(2).trim();
            if !is_soc_code(onet) {
                return Err(RowError::at(
                    2,
                    RejectCode::BadCode,
                    format!("{onet:?} is not an O*NET-SOC code"),
                ));
            }
            Ok((
                ug,
                rec.get(1).trim().to_string(),
                onet.to_string(),
                rec.get(3).trim().to_string(),
            ))
        });
        if let Some(r) = ing.settle(&file, rec, row) {
            rows.push(r);
        }
    }
    // The fan-out of each unit group, so consumers can weight a mapping 1/n.
    let pairs: HashSet<(&str, &str)> = rows.iter().map(|r| (r.0.as_str(), r.2.as_str())).collect();
    let mut fan: HashMap<&str, i64> = HashMap::new();
    for (ug, _) in &pairs {
        *fan.entry(ug).or_default() += 1;
    }
    let fan: HashMap<String, i64> = fan.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    for (ug, noc_title, onet, onet_title) in rows {
        let n = fan.get(&ug).copied().unwrap_or(1);
        b.push(vec![
            Value::text(ug),
            Value::text(noc_title),
            Value::text(onet),
            Value::text(onet_title),
            Value::Int(n),
        ])?;
    }
    ing.feeds(&file.id, "bridge_noc_onet");
    Ok(b.finish())
}

pub fn read_noc_concordance(ing: &mut Ingest, noc: &NocStructure) -> Result<Table, IngestError> {
    let file = ing.delimited(
        SOURCE,
        "noc_2021_2016.csv",
        CSV,
        Header::Exact(&[
            "NOC2016",
            "NOC2016_Title",
            "Change_type",
            "NOC2021",
            "NOC2021_Title",
            "Notes",
        ]),
    )?;
    let mut b = TableBuilder::new(
        "bridge_noc_2016_2021",
        vec![
            col("noc2016_code", Kind::Text),
            col("noc2016_title", Kind::Text),
            col("change_type", Kind::Text).nullable(),
            col("unit_group_id", Kind::Text),
            col("noc2021_title", Kind::Text),
            col("notes", Kind::Text).nullable(),
        ],
    );
    for rec in &file.records {
        let row = noc2016_code(rec.get(0))
            .map_err(|e| RowError::at(0, RejectCode::BadCode, e))
            .and_then(|c16| unit_group(rec, 3, noc).map(|ug| (c16, ug)));
        if let Some((c16, ug)) = ing.settle(&file, rec, row) {
            b.push(vec![
                Value::text(c16),
                Value::text(rec.get(1).trim()),
                Value::text_or_null(rec.get(2)),
                Value::text(ug),
                Value::text(rec.get(4).trim()),
                Value::text_or_null(rec.get(5)),
            ])?;
        }
    }
    ing.feeds(&file.id, "bridge_noc_2016_2021");
    Ok(b.finish())
}

/// NOC 2016 unit groups are four digits; the concordance drops leading zeros.
pub fn noc2016_code(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{s:?} is not a NOC 2016 unit group (4 digits)"));
    }
    Ok(format!("{s:0>4}"))
}
