//! Questions about the catalogue and lineage, in plain English or French,
//! answered from the metadata tables alone (no LLM, no I/O).
//!
//! ```text
//! "where does dim_noc come from"
//!     ─ text::words ─▶ [where, doe, dim, noc, come, from]
//!     ─ matcher     ─▶ Upstream, table dim_noc
//!     ─ answers     ─▶ Answer { text_en, text_fr, items, cites, suggestions }
//! ```
//!
//! * `text.rs` folds case, accents, punctuation, plurals and bilingual
//!   acronyms (`CNP` = `NOC`), and guesses the language;
//! * `patterns.rs` is the table of phrasings, EN and FR, per intent;
//! * `matcher.rs` scores every pattern against the question; a mistyped
//!   table name is recovered with RapidFuzz's WRatio (`crate::fuzz`) only
//!   when no exact reading exists and one table is clearly meant;
//! * `entities.rs` finds table, column, source and domain names;
//! * `answers.rs` computes each intent's answer, `suggest.rs` the example
//!   and follow-up questions.
//!
//! The CLI builds the [`Catalog`] from the model and the browser app from
//! the published parquet; both get the same answers.

mod answers;
mod catalog;
pub mod data;
mod entities;
mod matcher;
mod patterns;
mod suggest;
mod text;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use crate::search::Lang;
pub use catalog::{Catalog, ColumnMeta, LineageEdge, Relationship, TableMeta};
pub use suggest::examples;

/// What a question asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Which tables have a column, by name or by the words of its description.
    FindColumn,
    /// Where a table comes from, transitively down to the source files.
    Upstream,
    /// The direct inputs of a table.
    Inputs,
    /// The tables built from a table, directly and indirectly.
    Downstream,
    /// A table's row and column counts.
    RowCount,
    /// A table's description and columns.
    Describe,
    /// The joins a table takes part in.
    Relationships,
    /// The tables of a source or a domain.
    TablesFromSource,
    /// Every table.
    ListTables,
    /// Not understood: the answer carries example questions.
    Unknown,
}

impl Intent {
    pub const ALL: [Intent; 10] = [
        Intent::FindColumn,
        Intent::Upstream,
        Intent::Inputs,
        Intent::Downstream,
        Intent::RowCount,
        Intent::Describe,
        Intent::Relationships,
        Intent::TablesFromSource,
        Intent::ListTables,
        Intent::Unknown,
    ];

    /// The snake_case name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::FindColumn => "find_column",
            Intent::Upstream => "upstream",
            Intent::Inputs => "inputs",
            Intent::Downstream => "downstream",
            Intent::RowCount => "row_count",
            Intent::Describe => "describe",
            Intent::Relationships => "relationships",
            Intent::TablesFromSource => "tables_from_source",
            Intent::ListTables => "list_tables",
            Intent::Unknown => "unknown",
        }
    }
}

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The language the question was asked in; `items` details use it.
    pub lang: Lang,
    pub intent: Intent,
    /// One-sentence summary in English.
    pub text_en: String,
    /// The same summary in French.
    pub text_fr: String,
    pub items: Vec<AnswerItem>,
    /// The tables and columns the answer used, once each, in order of use,
    /// for links to their catalogue pages.
    pub cites: Vec<Cite>,
    /// Example or follow-up questions as (English, French).
    pub suggestions: Vec<(String, String)>,
}

impl Answer {
    /// The summary in the question's language.
    pub fn text(&self) -> &str {
        match self.lang {
            Lang::En => &self.text_en,
            Lang::Fr => &self.text_fr,
        }
    }
}

/// One line of an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerItem {
    /// The table the line is about (for a source file, the table reading it).
    pub table: String,
    pub column: Option<String>,
    /// A source file (`source_id/file name`), for lineage lines.
    pub file: Option<String>,
    /// A short detail in the question's language: a row count, a data type
    /// and description, a transform, a join. Transforms are English only.
    pub detail: String,
}

/// A table or column an answer relies on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Cite {
    pub table: String,
    pub column: Option<String>,
}

impl Cite {
    /// Adds `table` (and `column`) to `cites` unless already there, keeping
    /// the order in which an answer first relied on them.
    pub(crate) fn add(cites: &mut Vec<Cite>, table: &str, column: Option<&str>) {
        let c = Cite {
            table: table.to_string(),
            column: column.map(str::to_string),
        };
        if !cites.contains(&c) {
            cites.push(c);
        }
    }
}

/// Answers a question about `catalog`, in the question's language.
pub fn answer(catalog: &Catalog, question: &str) -> Answer {
    let (words, typed) = text::words(question);
    let names = entities::Names::new(catalog);
    let detected = text::detect_lang(question);
    match matcher::read(question, &words, &typed, &names) {
        matcher::Reading::Understood(m) => {
            answers::answer(catalog, m.intent, &m.bound, detected.unwrap_or(m.lang))
        }
        matcher::Reading::NoSuchTable { lang, typed } => {
            answers::unknown(catalog, detected.unwrap_or(lang), Some(&typed))
        }
        matcher::Reading::NotUnderstood => {
            answers::unknown(catalog, detected.unwrap_or(Lang::En), None)
        }
    }
}
