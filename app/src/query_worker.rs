//! The SQL console's engine, run in a Web Worker so that no query can
//! freeze the page: the page posts the tables a query needs (parquet bytes,
//! as fetched) and the query; the worker answers with the rows, or the
//! error in the page's words. To cancel, the page terminates the worker and
//! starts another (`ui::sql_worker`), which stops even a query stuck in the
//! wasm. The worker is the console's own wasm (`wiq-query`), started by
//! `query-worker.js`: its `main` serves here when there is no window.
//!
//! The search page's question box uses the same worker for data questions
//! (`Request::Ask`): the worker reads the question with
//! `jobforge_core::ask::data`, as `jobforge ask` does, and runs its SQL. A
//! named occupation is resolved by the page, which holds the search index:
//! the worker answers `Reply::Names` and the page asks again with them.
//!
//! Messages are postcard bytes, so the tables cross without a JSON detour.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use jobforge_core::ask::data::{self, Cell, NotUnderstood, Note, Resolution, Resolver, Vocab};
use jobforge_core::ask::{Answer, Catalog, Cite, Lang};
use jobforge_query::{Database, QueryOptions, QueryResult, Value};
use serde::{Deserialize, Serialize};

use crate::parquet_read::Frame;
use crate::strings::Strings;
use crate::{sql, sql_error};

/// From the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// The page's strings (the `[app]` JSON the page holds) and language,
    /// so errors come back in the page's words. Sent first.
    Start { strings: String, fr: bool },
    /// Tables the worker does not have yet (name, parquet bytes), then one
    /// query, stopped after `limit_s` seconds.
    Run {
        tables: Vec<(String, Vec<u8>)>,
        sql: String,
        limit_s: u32,
    },
    /// A question for the question box, with the tables of
    /// [`data::tables`] and [`crate::data::CATALOG_TABLES`] the worker
    /// lacks, and the names the page has resolved so far (name, what WiQ's
    /// search made of it).
    Ask {
        tables: Vec<(String, Vec<u8>)>,
        question: String,
        names: Vec<(String, Resolution)>,
    },
}

/// A result cell on the wire is core's [`Cell`]: [`Value`] with owned text.
pub fn cell(v: &Value) -> Cell {
    match v {
        Value::Null => Cell::Null,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Int(n) => Cell::Int(*n),
        Value::Float(x) => Cell::Float(*x),
        Value::Text(s) => Cell::Text(s.to_string()),
    }
}

fn value(c: Cell) -> Value {
    match c {
        Cell::Null => Value::Null,
        Cell::Bool(b) => Value::Bool(b),
        Cell::Int(n) => Value::Int(n),
        Cell::Float(x) => Value::Float(x),
        Cell::Text(s) => Value::Text(Arc::from(s)),
    }
}

/// A result as the page shows it, formatted where the engine is, so the
/// search page's wasm needs no SQL engine to show an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    pub columns: Vec<String>,
    /// Each cell as text (a null is empty).
    pub rows: Vec<Vec<String>>,
    pub truncated: bool,
    /// Every row, as the console's CSV download.
    pub csv: String,
}

impl Shown {
    pub fn of(r: &QueryResult) -> Shown {
        let text = |v: &Value| match v {
            Value::Null => String::new(),
            other => other.to_string(),
        };
        Shown {
            columns: r.columns.clone(),
            rows: r
                .rows
                .iter()
                .map(|row| row.iter().map(text).collect())
                .collect(),
            truncated: r.truncated,
            csv: r.to_csv(),
        }
    }
}

/// A data question, read and run: what the question box shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataAnswer {
    /// The question's language, which the sentence and notes are in.
    pub lang: Lang,
    pub sentence: String,
    pub sql: String,
    /// How the question was read.
    pub notes: Vec<Note>,
    pub cites: Vec<Cite>,
    pub result: Shown,
    /// The query's own time.
    pub ms: f64,
}

/// From the worker to the page: one per [`Request::Run`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Done {
        columns: Vec<String>,
        rows: Vec<Vec<Cell>>,
        truncated: bool,
        /// The query's own time, tables' decoding excluded.
        ms: f64,
    },
    Failed {
        /// In the page's language.
        text: String,
        /// The engine's own (English) words, when they add something.
        detail: Option<String>,
        /// Line and column in the SQL.
        at: Option<(u64, u64)>,
    },
    /// To [`Request::Ask`]: the reader needs these names resolved; ask
    /// again with them.
    Names(Vec<String>),
    /// To [`Request::Ask`]: a data question, answered.
    Answer(Box<DataAnswer>),
    /// To [`Request::Ask`]: a question about the catalogue and lineage.
    Metadata(Box<Answer>),
    /// To [`Request::Ask`]: a question not understood, with suggestions.
    Missed(Box<NotUnderstood>),
}

impl Reply {
    fn done(r: &QueryResult, ms: f64) -> Reply {
        Reply::Done {
            columns: r.columns.clone(),
            rows: r
                .rows
                .iter()
                .map(|row| row.iter().map(cell).collect())
                .collect(),
            truncated: r.truncated,
            ms,
        }
    }

    fn failed(text: String) -> Reply {
        Reply::Failed {
            text,
            detail: None,
            at: None,
        }
    }
}

/// `rows` as the engine's result again (the page's table and CSV download).
pub fn result(columns: Vec<String>, rows: Vec<Vec<Cell>>, truncated: bool) -> QueryResult {
    QueryResult {
        columns,
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(value).collect())
            .collect(),
        truncated,
    }
}

pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    // Serialising these types into a Vec cannot fail (no maps with
    // non-string keys, no unknown lengths).
    postcard::to_allocvec(message).unwrap_or_default()
}

pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|e| e.to_string())
}

/// The page's resolutions; a name the page has not resolved yet is noted,
/// and resolves to nothing for now.
struct PageNames {
    known: HashMap<String, Resolution>,
    unknown: RefCell<Vec<String>>,
}

impl Resolver for PageNames {
    fn resolve(&self, name: &str) -> Resolution {
        match self.known.get(name) {
            Some(r) => r.clone(),
            None => {
                self.unknown.borrow_mut().push(name.to_string());
                Resolution::None
            }
        }
    }
}

/// How long a data question's SQL may run (they are all small queries).
const ASK_LIMIT_S: u32 = 15;

/// The worker's state: the tables it was sent, and the page's words.
#[derive(Default)]
pub struct Engine {
    db: Database,
    t: Strings,
    fr: bool,
    /// The names the question reader knows, read once the tables are in.
    vocab: Option<Vocab>,
    /// The catalogue and lineage, for questions about the metadata.
    catalog: Option<Catalog>,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Answers one request; `now` is a clock in milliseconds (the query's
    /// time limit and its time).
    pub fn handle(&mut self, request: Request, now: &dyn Fn() -> f64) -> Option<Reply> {
        match request {
            Request::Start { strings, fr } => {
                self.t = Strings::from_json(&strings);
                self.fr = fr;
                None
            }
            Request::Run {
                tables,
                sql,
                limit_s,
            } => Some(self.run(tables, &sql, limit_s, now)),
            Request::Ask {
                tables,
                question,
                names,
            } => Some(self.ask(tables, &question, names, now)),
        }
    }

    /// Adds the tables the engine does not have yet.
    fn load(&mut self, tables: Vec<(String, Vec<u8>)>) -> Result<(), Reply> {
        for (name, bytes) in tables {
            if self.db.table(&name).is_some() {
                continue;
            }
            let file = crate::data::parquet_file(&name);
            let frame = Frame::decode(&file, bytes).map_err(|e| Reply::failed(e.to_string()))?;
            let table =
                sql::table(&name, &frame).map_err(|e| Reply::failed(format!("{file}: {e}")))?;
            self.db.add(table);
        }
        Ok(())
    }

    fn ask(
        &mut self,
        tables: Vec<(String, Vec<u8>)>,
        question: &str,
        names: Vec<(String, Resolution)>,
        now: &dyn Fn() -> f64,
    ) -> Reply {
        if self.catalog.is_none() {
            let file = |t: &str| tables.iter().find(|(n, _)| n == t).map(|(_, b)| b.clone());
            let files = crate::data::CATALOG_TABLES.map(file);
            if files.iter().all(Option::is_some) {
                match crate::data::decode_catalog(files.map(Option::unwrap_or_default)) {
                    Ok(c) => self.catalog = Some(c),
                    Err(e) => return Reply::failed(e.to_string()),
                }
            }
        }
        if let Err(r) = self.load(tables) {
            return r;
        }
        if self.vocab.is_none() && self.db.table("dim_noc").is_some() {
            self.vocab = Some(vocab(&self.db));
        }
        let names = PageNames {
            known: names.into_iter().collect(),
            unknown: RefCell::new(Vec::new()),
        };
        let reply = data::ask(
            self.catalog.as_ref().unwrap_or(&Catalog::default()),
            self.vocab.as_ref().unwrap_or(&Vocab::default()),
            &names,
            question,
        );
        let unknown = names.unknown.into_inner();
        if !unknown.is_empty() {
            return Reply::Names(unknown);
        }
        let q = match reply {
            data::Reply::Data(q) => q,
            data::Reply::Metadata(a) => return Reply::Metadata(Box::new(a)),
            data::Reply::NotUnderstood(miss) => return Reply::Missed(Box::new(miss)),
        };
        let started = now();
        match self.query(&q.sql, ASK_LIMIT_S, now) {
            Ok(r) => {
                let cells: Vec<Vec<Cell>> = r
                    .rows
                    .iter()
                    .map(|row| row.iter().map(cell).collect())
                    .collect();
                Reply::Answer(Box::new(DataAnswer {
                    lang: q.lang,
                    sentence: q.sentence(&cells),
                    result: Shown::of(&r),
                    sql: q.sql,
                    notes: q.notes,
                    cites: q.cites,
                    ms: now() - started,
                }))
            }
            Err(e) => self.failure(&e, ASK_LIMIT_S),
        }
    }

    /// Runs `text`, stopped after `limit_s` seconds.
    fn query(
        &self,
        text: &str,
        limit_s: u32,
        now: &dyn Fn() -> f64,
    ) -> Result<QueryResult, jobforge_query::QueryError> {
        let deadline = now() + f64::from(limit_s) * 1000.0;
        self.db
            .query_with(text, &QueryOptions::default(), &|| now() > deadline)
    }

    /// A failed query, in the page's words.
    fn failure(&self, e: &jobforge_query::QueryError, limit_s: u32) -> Reply {
        let m = sql_error::message(&self.t, e, self.fr, limit_s);
        Reply::Failed {
            text: m.text,
            detail: m.detail,
            at: e.position().map(|p| (p.line, p.column)),
        }
    }

    fn run(
        &mut self,
        tables: Vec<(String, Vec<u8>)>,
        text: &str,
        limit_s: u32,
        now: &dyn Fn() -> f64,
    ) -> Reply {
        if let Err(r) = self.load(tables) {
            return r;
        }
        let started = now();
        match self.query(text, limit_s, now) {
            Ok(r) => Reply::done(&r, now() - started),
            Err(e) => self.failure(&e, limit_s),
        }
    }
}

/// The names the question reader knows, from the tables in `db` (a table
/// it lacks leaves its part empty), as `jobforge ask` reads them.
fn vocab(db: &Database) -> Vocab {
    let results: Vec<Vec<Vec<Cell>>> = Vocab::queries()
        .iter()
        .map(|q| {
            db.query(q)
                .map(|r| {
                    r.rows
                        .iter()
                        .map(|row| row.iter().map(cell).collect())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    Vocab::from_results(&results)
}

/// Serves [`Request`]s in a dedicated worker until the page terminates it.
/// A panic traps the wasm; the page sees the worker's `error` event and
/// starts a new one.
pub fn serve() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let mut engine = Engine::new();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&ev.data()).to_vec();
            let reply = match decode::<Request>(&bytes) {
                Ok(request) => engine.handle(request, &js_sys::Date::now),
                Err(e) => Some(Reply::failed(format!("unreadable request: {e}"))),
            };
            if let Some(reply) = reply {
                let out = js_sys::Uint8Array::from(encode(&reply).as_slice());
                let _ =
                    reply_to.post_message_with_transfer(&out, &js_sys::Array::of1(&out.buffer()));
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as this handler; it is never removed.
    on_message.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr_strings() -> String {
        let toml = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../content/site.fr.toml"
        ))
        .expect("content/site.fr.toml");
        let v: toml::Value = toml::from_str(&toml).expect("valid TOML");
        serde_json::to_string(&v["app"]).expect("json")
    }

    fn run(engine: &mut Engine, sql: &str) -> Reply {
        let request = Request::Run {
            tables: vec![],
            sql: sql.into(),
            limit_s: 5,
        };
        // Through the wire both ways, as in the browser.
        let request = decode(&encode(&request)).expect("request decodes");
        let reply = engine.handle(request, &|| 0.0).expect("a run replies");
        decode(&encode(&reply)).expect("reply decodes")
    }

    #[test]
    fn a_query_comes_back_with_its_types() {
        let mut engine = Engine::new();
        let Reply::Done {
            columns,
            rows,
            truncated,
            ..
        } = run(
            &mut engine,
            "SELECT 1 AS i, 1.0 AS f, 'é,\"' AS t, NULL AS n",
        )
        else {
            panic!("the query runs");
        };
        let r = result(columns, rows, truncated);
        assert_eq!(
            r.rows[0],
            [
                Value::Int(1),
                Value::Float(1.0),
                Value::text("é,\""),
                Value::Null
            ]
        );
        // The page's CSV is the engine's: 1 and 1.0 stay apart.
        assert_eq!(r.to_csv(), "i,f,t,n\r\n1,1.0,\"é,\"\"\",\r\n");
    }

    #[test]
    fn errors_come_back_in_the_page_language_with_their_position() {
        let mut engine = Engine::new();
        assert_eq!(
            engine.handle(
                Request::Start {
                    strings: fr_strings(),
                    fr: true
                },
                &|| 0.0
            ),
            None
        );
        let Reply::Failed { text, at, .. } = run(&mut engine, "SELECT\n  nope") else {
            panic!("an unknown column fails");
        };
        assert!(text.contains("Colonne inconnue"), "{text}");
        assert_eq!(at, Some((2, 3)));
    }

    #[test]
    fn an_unreadable_table_is_an_error_naming_its_file() {
        let mut engine = Engine::new();
        let reply = engine.handle(
            Request::Run {
                tables: vec![("dim_noc".into(), b"not parquet".to_vec())],
                sql: "SELECT 1".into(),
                limit_s: 5,
            },
            &|| 0.0,
        );
        assert!(
            matches!(reply, Some(Reply::Failed { ref text, .. }) if text.contains("dim_noc.parquet")),
            "{reply:?}"
        );
    }
}
