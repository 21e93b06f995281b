//! `jobforge ask --llm`: a question the reader could not read is sent to
//! the configured OpenAI-compatible model (the client, cache and settings
//! of the LLM imputation), which is asked for one SQL query with structured
//! outputs. The SQL is checked against the gold tables' schema
//! (`Database::check`: syntax, read-only, tables, columns, functions)
//! before it runs, and the answer says it came from a model. Without a key
//! and a cached answer nothing is sent; the browser never calls a model.

use std::time::Duration;

use jobforge_core::ask::Lang;
use jobforge_query::{Database, QueryResult};
use serde_json::json;

use crate::clients::llm::{LlmClient, Outcome, ParseStatus, Prompt};

/// Bumped whenever the prompt or the schema below changes, so cached
/// answers to the old prompt are not taken for the new one.
const SCHEMA_VERSION: &str = "ask-sql-1";

/// The structured output asked for: one SQL query.
fn answer_schema() -> serde_json::Value {
    json!({
        "type": "object",
        "properties": { "sql": { "type": "string" } },
        "required": ["sql"],
        "additionalProperties": false,
    })
}

/// The prompt: the rules, every gold table with its columns and types, and
/// the question as the user wrote it.
pub fn prompt(db: &Database, question: &str) -> Prompt {
    let tables: Vec<String> = db.schema().iter().map(ToString::to_string).collect();
    Prompt {
        system: format!(
            "You translate questions about Canada's NOC 2021 occupational data (in English or \
             French) into one read-only SQL query (SELECT or WITH) over these tables, and \
             nothing else. Use only these tables and columns; NOC codes are text.\n{}",
            tables.join("\n")
        ),
        user: question.to_string(),
        schema_name: "sql_query".into(),
        schema_version: SCHEMA_VERSION.into(),
        schema: answer_schema(),
    }
}

/// What the model's SQL gave.
#[derive(Debug, Clone)]
pub enum ModelOutcome {
    /// The SQL passed the check and ran.
    Ran(QueryResult),
    /// The SQL failed the schema check (and was not run) or failed to run.
    Refused(String),
    /// No SQL came back: no key, every attempt failed, or an answer not of
    /// the schema.
    NoAnswer(String),
}

/// The model's part of an answer.
#[derive(Debug, Clone)]
pub struct ModelAnswer {
    pub model: String,
    pub prompt_hash: String,
    pub from_cache: bool,
    pub sql: Option<String>,
    pub outcome: ModelOutcome,
}

impl ModelAnswer {
    /// The sentence, in `lang`, that says the SQL came from a model.
    pub fn sentence(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match (&self.outcome, fr) {
            (ModelOutcome::Ran(r), false) => format!(
                "A language model ({}) wrote this SQL, not WiQ’s own reader; it passed WiQ’s schema check and gave {} row{}. Check the SQL before relying on it.",
                self.model,
                r.rows.len(),
                if r.rows.len() == 1 { "" } else { "s" }
            ),
            (ModelOutcome::Ran(r), true) => jobforge_core::typography::french(&format!(
                "Un modèle de langage ({}) a écrit cette requête SQL, et non le lecteur de WiQ ; elle a passé la vérification du schéma de WiQ et a donné {} ligne{}. Vérifiez la requête avant de vous y fier.",
                self.model,
                r.rows.len(),
                if r.rows.len() > 1 { "s" } else { "" }
            )),
            (ModelOutcome::Refused(why), false) => format!(
                "A language model ({}) wrote SQL for this question, but it failed WiQ’s schema check and was not run: {why}",
                self.model
            ),
            (ModelOutcome::Refused(why), true) => jobforge_core::typography::french(&format!(
                "Un modèle de langage ({}) a écrit une requête SQL pour cette question, mais elle n’a pas passé la vérification du schéma de WiQ et n’a pas été exécutée : {why}",
                self.model
            )),
            (ModelOutcome::NoAnswer(why), false) => {
                format!("The language model gave no SQL: {why}")
            }
            (ModelOutcome::NoAnswer(why), true) => jobforge_core::typography::french(&format!(
                "Le modèle de langage n’a pas donné de requête SQL : {why}"
            )),
        }
    }

    pub fn result(&self) -> Option<&QueryResult> {
        match &self.outcome {
            ModelOutcome::Ran(r) => Some(r),
            _ => None,
        }
    }
}

/// Asks the model for SQL, checks it against `db`'s schema and runs it.
pub fn ask(
    client: &LlmClient,
    db: &Database,
    question: &str,
    timeout: Option<Duration>,
) -> ModelAnswer {
    let p = prompt(db, question);
    let mut answer = ModelAnswer {
        model: client.config.model.clone(),
        prompt_hash: client.prompt_hash(&p),
        from_cache: false,
        sql: None,
        outcome: ModelOutcome::NoAnswer(String::new()),
    };
    let record = match client.ask(&p) {
        Outcome::Answered(r) => r,
        Outcome::Missing { reason, .. } => {
            answer.outcome = ModelOutcome::NoAnswer(reason);
            return answer;
        }
        Outcome::Failed { failures, .. } => {
            answer.outcome =
                ModelOutcome::NoAnswer(format!("every attempt failed ({})", failures.join("; ")));
            return answer;
        }
    };
    answer.from_cache = record.from_cache;
    let sql = match (record.parse_status, &record.parsed) {
        (ParseStatus::Ok, Some(p)) => p["sql"].as_str().map(str::to_string),
        _ => None,
    };
    let Some(sql) = sql else {
        answer.outcome = ModelOutcome::NoAnswer(format!(
            "{}{}",
            record.parse_status.as_str(),
            record.detail.map(|d| format!(": {d}")).unwrap_or_default()
        ));
        return answer;
    };
    answer.outcome = match db.check(&sql) {
        Err(e) => ModelOutcome::Refused(e.to_string()),
        Ok(_) => match super::query::run(db, &sql, timeout) {
            Ok(r) => ModelOutcome::Ran(r),
            Err(e) => ModelOutcome::Refused(format!("{e:#}")),
        },
    };
    answer.sql = Some(sql);
    answer
}
