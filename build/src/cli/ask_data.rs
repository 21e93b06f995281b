//! `jobforge ask` for any question: a data question is read by
//! `jobforge_core::ask::data`, its SQL run by `jobforge-query` over the
//! gold tables; a metadata question is answered from the catalogue. The
//! same core code answers in the browser.

use std::time::Duration;

use anyhow::{Context, Result};
use jobforge_core::ask::data::{self, Cell, Reply, Resolution, Resolver, Vocab};
use jobforge_core::ask::{Catalog, Cite, Lang};
use jobforge_core::search::SearchIndex;
use jobforge_query::{Database, QueryResult, Value};

use super::ask_llm;
use crate::clients::llm::LlmClient;

/// WiQ's search index as a [`Resolver`], loaded (or trained) on the first
/// name to resolve, so questions without one do not wait for it. A load
/// that fails is said on standard error and resolves nothing.
pub struct LazyIndex<F: FnOnce() -> Result<SearchIndex>> {
    load: std::cell::Cell<Option<F>>,
    index: std::cell::OnceCell<Option<SearchIndex>>,
}

impl<F: FnOnce() -> Result<SearchIndex>> LazyIndex<F> {
    pub fn new(load: F) -> Self {
        LazyIndex {
            load: std::cell::Cell::new(Some(load)),
            index: std::cell::OnceCell::new(),
        }
    }
}

impl<F: FnOnce() -> Result<SearchIndex>> Resolver for LazyIndex<F> {
    fn resolve(&self, name: &str) -> Resolution {
        let index = self.index.get_or_init(|| {
            let load = self.load.take()?;
            load()
                .map_err(|e| eprintln!("warning: no search index to resolve “{name}”: {e:#}"))
                .ok()
        });
        match index {
            Some(i) => i.resolve(name),
            None => Resolution::None,
        }
    }
}

/// A reply, with the rows of its SQL for a data question.
pub struct Asked {
    pub reply: Reply,
    pub result: Option<QueryResult>,
    /// `--llm`: what the model made of a question the reader could not read.
    pub model: Option<ask_llm::ModelAnswer>,
}

/// A query engine value as core's cell.
pub fn cell(v: &Value) -> Cell {
    match v {
        Value::Null => Cell::Null,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Int(i) => Cell::Int(*i),
        Value::Float(f) => Cell::Float(*f),
        Value::Text(s) => Cell::Text(s.to_string()),
    }
}

fn cells(r: &QueryResult) -> Vec<Vec<Cell>> {
    r.rows
        .iter()
        .map(|row| row.iter().map(cell).collect())
        .collect()
}

/// The names the reader knows, read from the gold tables in `db`; a table
/// the database lacks leaves its part of the vocabulary empty.
pub fn vocab(db: &Database) -> Vocab {
    let results: Vec<Vec<Vec<Cell>>> = Vocab::queries()
        .iter()
        .map(|sql| db.query(sql).map(|r| cells(&r)).unwrap_or_default())
        .collect();
    Vocab::from_results(&results)
}

/// Answers `question`: reads it, and runs the SQL of a data question.
pub fn ask(
    db: &Database,
    vocab: &Vocab,
    catalog: &Catalog,
    resolver: &dyn Resolver,
    question: &str,
    timeout: Option<Duration>,
) -> Result<Asked> {
    let reply = data::ask(catalog, vocab, resolver, question);
    let result = match &reply {
        Reply::Data(q) => Some(
            super::query::run(db, &q.sql, timeout)
                .with_context(|| format!("running the SQL read from the question: {}", q.sql))?,
        ),
        _ => None,
    };
    Ok(Asked {
        reply,
        result,
        model: None,
    })
}

impl Asked {
    /// `--llm`: sends a question the reader could not read to the model
    /// (an ambiguous name is listed back instead: the user can say which).
    pub fn or_model(
        mut self,
        client: &LlmClient,
        db: &Database,
        question: &str,
        timeout: Option<Duration>,
    ) -> Asked {
        if matches!(&self.reply, Reply::NotUnderstood(n) if n.candidates.is_empty()) {
            self.model = Some(ask_llm::ask(client, db, question, timeout));
        }
        self
    }

    /// `data` when the model's SQL ran, otherwise the reader's kind.
    pub fn kind(&self) -> &'static str {
        match &self.model {
            Some(m) if m.result().is_some() => "data",
            _ => self.reply.kind(),
        }
    }

    pub fn lang(&self) -> Lang {
        match &self.reply {
            Reply::Data(q) => q.lang,
            Reply::Metadata(a) => a.lang,
            Reply::NotUnderstood(n) => n.lang,
        }
    }

    /// The one-sentence answer in the question's language.
    pub fn answer(&self) -> String {
        if let Some(m) = &self.model {
            return m.sentence(self.lang());
        }
        match (&self.reply, &self.result) {
            (Reply::Data(q), Some(r)) => q.sentence(&cells(r)),
            (Reply::Data(q), None) => q.sentence(&[]),
            (Reply::Metadata(a), _) => a.text().to_string(),
            (Reply::NotUnderstood(n), _) => n.text().to_string(),
        }
    }

    fn cites(&self) -> &[Cite] {
        match &self.reply {
            Reply::Data(q) => &q.cites,
            Reply::Metadata(a) => &a.cites,
            Reply::NotUnderstood(_) => &[],
        }
    }

    /// The `--json` object: kind, answer, sql, columns, rows (codes stay
    /// strings, numbers stay numbers), cites, and how the question was read.
    pub fn json(&self) -> serde_json::Value {
        let fr = self.lang() == Lang::Fr;
        let (sql, columns, rows) = match (&self.reply, &self.result) {
            (Reply::Data(q), Some(r)) => {
                let j = super::query::json(r);
                (Some(q.sql.clone()), j["columns"].clone(), j["rows"].clone())
            }
            (Reply::Metadata(a), _) => (
                None,
                serde_json::json!(["table", "column", "file", "detail"]),
                a.items
                    .iter()
                    .map(|i| serde_json::json!([i.table, i.column, i.file, i.detail]))
                    .collect(),
            ),
            _ => match &self.model {
                Some(m) => {
                    let j = m.result().map(super::query::json);
                    let part = |k: &str| j.as_ref().map_or(serde_json::json!([]), |j| j[k].clone());
                    (m.sql.clone(), part("columns"), part("rows"))
                }
                None => (None, serde_json::json!([]), serde_json::json!([])),
            },
        };
        let notes: Vec<&str> = match &self.reply {
            Reply::Data(q) => q
                .notes
                .iter()
                .map(|n| if fr { n.fr.as_str() } else { n.en.as_str() })
                .collect(),
            _ => Vec::new(),
        };
        let (candidates, suggestions) = match &self.reply {
            Reply::NotUnderstood(n) => (
                n.candidates
                    .iter()
                    .map(|c| serde_json::json!({"code": c.code, "title_en": c.title_en, "title_fr": c.title_fr, "confidence": c.confidence}))
                    .collect::<Vec<_>>(),
                n.suggestions
                    .iter()
                    .map(|(en, f)| if fr { f.clone() } else { en.clone() })
                    .collect::<Vec<_>>(),
            ),
            Reply::Metadata(a) => (
                Vec::new(),
                a.suggestions
                    .iter()
                    .map(|(en, f)| if fr { f.clone() } else { en.clone() })
                    .collect(),
            ),
            Reply::Data(_) => (Vec::new(), Vec::new()),
        };
        serde_json::json!({
            "kind": self.kind(),
            "lang": self.lang().as_str(),
            "from_model": self.model.as_ref().map(|m| serde_json::json!({
                "model": m.model,
                "prompt_hash": m.prompt_hash,
                "from_cache": m.from_cache,
                "sql_checked": m.result().is_some(),
            })),
            "answer": self.answer(),
            "sql": sql,
            "columns": columns,
            "rows": rows,
            "truncated": self.result.as_ref().is_some_and(|r| r.truncated),
            "cites": self.cites().iter().map(|c| serde_json::json!({"table": c.table, "column": c.column})).collect::<Vec<_>>(),
            "read_as": notes,
            "candidates": candidates,
            "suggestions": suggestions,
        })
    }

    /// The human-readable form: the sentence, the rows, the SQL, how the
    /// question was read and what it cites.
    pub fn text(&self) -> Result<String> {
        let fr = self.lang() == Lang::Fr;
        if let Some(m) = &self.model {
            let mut s = format!("{}\n", self.answer());
            if let Some(r) = m.result() {
                s += "\n";
                s += &super::query::render(r, super::query::Format::Table)?;
            }
            if let Some(sql) = &m.sql {
                s += &format!("\nSQL ({}): {sql}\n", m.model);
            }
            return Ok(s);
        }
        match (&self.reply, &self.result) {
            (Reply::Metadata(a), _) => Ok(super::ask::text(a)),
            (Reply::Data(q), Some(r)) => {
                let mut s = format!("{}\n\n", self.answer());
                s += &super::query::render(r, super::query::Format::Table)?;
                s += &format!("\nSQL: {}\n", q.sql);
                if !q.notes.is_empty() {
                    s += if fr { "\nlu ainsi :\n" } else { "\nread as:\n" };
                    for n in &q.notes {
                        s += &format!("  {}\n", if fr { &n.fr } else { &n.en });
                    }
                }
                let cites: Vec<String> = q
                    .cites
                    .iter()
                    .map(|c| match &c.column {
                        Some(col) => format!("{}.{col}", c.table),
                        None => c.table.clone(),
                    })
                    .collect();
                s += &format!(
                    "\n{} {}\n",
                    if fr { "sources citées :" } else { "cites:" },
                    cites.join(", ")
                );
                Ok(s)
            }
            (Reply::Data(_), None) => Ok(self.answer() + "\n"),
            (Reply::NotUnderstood(n), _) => {
                let mut s = format!("{}\n", n.text());
                for c in &n.candidates {
                    let title = if fr {
                        c.title_fr.as_deref().unwrap_or(&c.title_en)
                    } else {
                        &c.title_en
                    };
                    s += &format!("  {} {title} ({:.0}%)\n", c.code, c.confidence * 100.0);
                }
                if !n.suggestions.is_empty() {
                    s += if fr { "\nà essayer :\n" } else { "\ntry:\n" };
                    for (en, f) in &n.suggestions {
                        s += &format!("  {}\n", if fr { f } else { en });
                    }
                }
                Ok(s)
            }
        }
    }
}
