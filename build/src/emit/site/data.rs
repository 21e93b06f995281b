//! Reading the built tables for the site: typed column views, indexes by
//! key, number formats and provenance.

use std::collections::BTreeMap;

use jobforge_site::pages::{Prov, ProvKind};
use jobforge_site::{Lang, Strings, Text};

use crate::model::Gold;
use crate::table::{Table, TableError, Value};

/// A table that may be absent from a build (the site then shows less),
/// with typed access to its columns. A missing column of a present table is
/// an error: it means the model changed under the site.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub table: Option<&'a Table>,
}

impl<'a> View<'a> {
    pub fn of(gold: &'a Gold, name: &str) -> View<'a> {
        View {
            table: gold.get(name),
        }
    }

    pub fn len(&self) -> usize {
        self.table.map_or(0, Table::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn has(&self, column: &str) -> bool {
        self.table.is_some_and(|t| t.column_index(column).is_ok())
    }

    pub fn values(&self, column: &str) -> Result<&'a [Value], TableError> {
        match self.table {
            None => Ok(&[]),
            Some(t) => t.column(column),
        }
    }

    pub fn text(&self, column: &str) -> Result<Vec<Option<&'a str>>, TableError> {
        Ok(self
            .values(column)?
            .iter()
            .map(|v| match v {
                Value::Text(s) => Some(s.as_str()),
                _ => None,
            })
            .collect())
    }

    pub fn int(&self, column: &str) -> Result<Vec<Option<i64>>, TableError> {
        Ok(self
            .values(column)?
            .iter()
            .map(|v| match v {
                Value::Int(i) => Some(*i),
                _ => None,
            })
            .collect())
    }

    /// Optional text column: all `None` when the column does not exist.
    pub fn text_opt(&self, column: &str) -> Result<Vec<Option<&'a str>>, TableError> {
        if self.has(column) {
            self.text(column)
        } else {
            Ok(vec![None; self.len()])
        }
    }

    /// Row indexes by the first of `columns` that the table has (key
    /// columns are named after what they hold: `noc_code`, `oasis_profile_code`).
    pub fn index_by_any(
        &self,
        columns: &[&str],
    ) -> Result<BTreeMap<&'a str, Vec<usize>>, TableError> {
        match columns.iter().find(|c| self.has(c)) {
            Some(c) => self.index(c),
            None => Ok(BTreeMap::new()),
        }
    }

    /// Row indexes grouped by the text key in `column`, in table order.
    pub fn index(&self, column: &str) -> Result<BTreeMap<&'a str, Vec<usize>>, TableError> {
        let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, k) in self.text(column)?.into_iter().enumerate() {
            if let Some(k) = k {
                out.entry(k).or_default().push(i);
            }
        }
        Ok(out)
    }
}

/// A cell as display text (floats trimmed of a trailing `.0`).
pub fn display(v: &Value, lang: Lang) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Int(i) => Some(number(*i, lang)),
        Value::Float(f) => Some(decimal(*f, lang)),
        other => other.display(),
    }
}

/// A whole number with the language's thousands separator: `12,345` in
/// English, `12 345` (narrow no-break space) in French, as everywhere in
/// WiQ (`jobforge_core::words::num`).
pub fn number(n: i64, lang: Lang) -> String {
    let lang = if lang.is_fr() {
        jobforge_core::search::Lang::Fr
    } else {
        jobforge_core::search::Lang::En
    };
    jobforge_core::words::num(n, lang)
}

/// A decimal with the language's thousands separator and decimal mark, at
/// most two places: `155,700` and `4.31` in English, `155 700` and `4,31`
/// in French.
pub fn decimal(f: f64, lang: Lang) -> String {
    let mut s = format!("{:.2}", f.abs());
    while s.contains('.') && (s.ends_with('0') || s.ends_with('.')) {
        s.pop();
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    let whole: i64 = whole.parse().unwrap_or(0);
    let mut out = number(whole, lang);
    if f < 0.0 && (whole != 0 || !frac.is_empty()) {
        out.insert(0, '-');
    }
    if !frac.is_empty() {
        out.push(if lang.is_fr() { ',' } else { '.' });
        out.push_str(frac);
    }
    out
}

/// A byte count with its unit (kB and MB are powers of 1000).
pub fn size(bytes: u64, lang: Lang, s: &Strings) -> String {
    let (kb, mb) = if lang.is_fr() {
        ("ko", "Mo")
    } else {
        ("kB", "MB")
    };
    if bytes < 10_000 {
        format!("{} {}", number(bytes as i64, lang), s.common.bytes)
    } else if bytes < 10_000_000 {
        format!(
            "{} {kb}",
            decimal((bytes as f64 / 100.0).round() / 10.0, lang)
        )
    } else {
        format!(
            "{} {mb}",
            decimal((bytes as f64 / 1e5).round() / 10.0, lang)
        )
    }
}

/// The provenance columns a table may carry (the imputation layer's
/// attribute tables do). Tables without them hold published values.
pub struct ProvColumns<'a> {
    source: Vec<Option<&'a str>>,
    method: Vec<Option<&'a str>>,
    confidence: Vec<Option<f64>>,
    rationale: Vec<Option<&'a str>>,
    table: Vec<Option<&'a str>>,
}

impl<'a> ProvColumns<'a> {
    pub fn of(v: &View<'a>) -> Result<ProvColumns<'a>, TableError> {
        let confidence = if v.has("confidence") {
            v.values("confidence")?
                .iter()
                .map(|x| match x {
                    Value::Float(f) => Some(*f),
                    Value::Int(i) => Some(*i as f64),
                    _ => None,
                })
                .collect()
        } else {
            vec![None; v.len()]
        };
        Ok(ProvColumns {
            source: v.text_opt("value_source")?,
            method: v.text_opt("method")?,
            confidence,
            rationale: v.text_opt("rationale")?,
            table: v.text_opt("source_table")?,
        })
    }

    /// The badge of row `i`; `native` is the rationale of a published value.
    pub fn badge(&self, i: usize, lang: Lang, s: &Strings, native: &str) -> Prov {
        let kind = self
            .source
            .get(i)
            .copied()
            .flatten()
            .and_then(ProvKind::parse)
            .unwrap_or(ProvKind::Native);
        let rationale = self.rationale.get(i).copied().flatten();
        let method = self.method.get(i).copied().flatten();
        let mut note = Vec::new();
        if let Some(c) = self.confidence.get(i).copied().flatten() {
            note.push(format!(
                "{}{} {}",
                s.provenance.confidence,
                lang.colon(),
                decimal(c, lang)
            ));
        }
        if let Some(m) = method {
            let label = s.methods.get(m).map_or(m, String::as_str);
            note.push(format!("{}{} {label}", s.provenance.method, lang.colon()));
        }
        let table = self.table.get(i).copied().flatten();
        Prov {
            kind,
            label: kind.label(s).to_string(),
            note: (!note.is_empty()).then(|| note.join(" · ")),
            rationale: match (method, table, rationale) {
                // A published value needs no English sentence to say so.
                (Some("PUBLISHED"), Some(t), _) => {
                    Text::native(s.provenance.published_in.replace("{table}", t))
                }
                // The imputation layer writes its rationales in English.
                (_, _, Some(r)) => Text::english(lang, r),
                (_, _, None) => Text::native(native),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(1234567, Lang::En), "1,234,567");
        assert_eq!(number(-1000, Lang::Fr), "-1\u{202f}000");
        assert_eq!(number(999, Lang::En), "999");
        assert_eq!(decimal(0.5, Lang::Fr), "0,5");
        assert_eq!(decimal(12.0, Lang::En), "12");
        assert_eq!(decimal(33.333, Lang::En), "33.33");
        assert_eq!(decimal(155_700.0, Lang::En), "155,700");
        assert_eq!(decimal(155_700.0, Lang::Fr), "155\u{202f}700");
        assert_eq!(decimal(-39_100.0, Lang::Fr), "-39\u{202f}100");
        assert_eq!(decimal(-0.25, Lang::En), "-0.25");
        assert_eq!(decimal(1234.5, Lang::Fr), "1\u{202f}234,5");
    }
}
