//! CSV copies of the tables, for readers without a parquet library.
//!
//! RFC 4180: comma-separated, CRLF line ends, a header row, and a field is
//! quoted (with `"` doubled) only when it holds a comma, a quote, CR or LF.
//! Nulls are empty fields; floats use Rust's shortest round-trip form, so the
//! same table always gives the same bytes.

use sha2::{Digest, Sha256};

use crate::model::catalog::FileInfo;
use crate::table::{Table, Value};

fn field(out: &mut Vec<u8>, s: &str) {
    if s.contains([',', '"', '\r', '\n']) {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

fn cell(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => {}
        Value::Text(s) => field(out, s),
        Value::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Value::Float(f) => field(out, &f.to_string()),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
    }
}

/// The table as RFC 4180 CSV bytes (UTF-8, no BOM).
pub fn encode(table: &Table) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * (table.len() + 1) * table.columns.len().max(1));
    for (i, c) in table.columns.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        field(&mut out, &c.name);
    }
    out.extend_from_slice(b"\r\n");
    for r in 0..table.len() {
        for (i, column) in table.cells.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            cell(&mut out, &column[r]);
        }
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Size and hash of the CSV copy at `data/<table>.csv`.
pub fn info(table: &Table, bytes: &[u8]) -> FileInfo {
    FileInfo {
        path: format!("data/{}.csv", table.name),
        bytes: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{col, Kind, TableBuilder};

    #[test]
    fn quotes_only_what_rfc_4180_requires() {
        let mut b = TableBuilder::new(
            "t",
            vec![
                col("a", Kind::Text).nullable(),
                col("n", Kind::Float).nullable(),
                col("f", Kind::Bool),
            ],
        );
        b.push(vec![
            Value::text("plain"),
            Value::Float(1.5),
            Value::Bool(true),
        ])
        .unwrap();
        b.push(vec![
            Value::text("say \"hi\", then\nleave"),
            Value::Null,
            Value::Bool(false),
        ])
        .unwrap();
        b.push(vec![Value::Null, Value::Float(-0.25), Value::Bool(true)])
            .unwrap();
        let t = b.finish();
        let s = String::from_utf8(encode(&t)).unwrap();
        assert_eq!(
            s,
            "a,n,f\r\nplain,1.5,true\r\n\"say \"\"hi\"\", then\nleave\",,false\r\n,-0.25,true\r\n"
        );
        let mut r = csv::Reader::from_reader(s.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(&rows[1][0], "say \"hi\", then\nleave");
    }
}
