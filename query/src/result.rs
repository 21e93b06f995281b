//! A query's answer, and its CSV form for download.

use crate::Value;

/// The rows of a query, at most [`QueryOptions::max_rows`](crate::QueryOptions)
/// of them; `truncated` says that there were more.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub truncated: bool,
}

impl QueryResult {
    /// RFC 4180 CSV: a header line, CRLF line ends, fields quoted when they
    /// hold a comma, a quote, CR or LF (quotes doubled). NULL is an empty
    /// field. Hand-written: the `csv` crate would add weight to the wasm for
    /// twenty lines of quoting.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let mut line = |cells: &mut dyn Iterator<Item = Option<String>>| {
            for (i, c) in cells.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(c) = c {
                    push_field(&mut out, &c);
                }
            }
            out.push_str("\r\n");
        };
        line(&mut self.columns.iter().map(|c| Some(c.clone())));
        for r in &self.rows {
            line(&mut r.iter().map(Value::to_text));
        }
        out
    }
}

fn push_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_it_must() {
        let r = QueryResult {
            columns: vec!["a".into(), "b,c".into()],
            rows: vec![
                vec![Value::text("x \"y\""), Value::Null],
                vec![Value::text("line\nbreak"), Value::Float(1.0)],
            ],
            truncated: false,
        };
        assert_eq!(
            r.to_csv(),
            "a,\"b,c\"\r\n\"x \"\"y\"\"\",\r\n\"line\nbreak\",1.0\r\n"
        );
    }
}
