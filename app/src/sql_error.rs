//! The SQL console's errors in the page's language.
//!
//! The engine's errors (`jobforge_query::QueryError`) are English, as the
//! CLI prints them. The console says what went wrong from the page's
//! strings (`sql_err_*` in `content/site.*.toml`), names and numbers
//! filled in, and keeps the technical detail the engine or sqlparser gave
//! (`Expected: an expression, found: FROM`) beneath it, in English and
//! marked as such: translating the parser's thousand messages is not worth
//! their drift.

use jobforge_query::QueryError;

use crate::strings::{count, Strings};

/// What the console shows for an error.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlMessage {
    /// In the page's language.
    pub text: String,
    /// The engine's own words (English), when they add something.
    pub detail: Option<String>,
}

/// The string key, its placeholders and the technical detail of `e`.
/// `Cancelled` is the caller's (it knows the time limit).
fn describe(
    e: &QueryError,
    fr: bool,
) -> (&'static str, Vec<(&'static str, String)>, Option<String>) {
    use QueryError as Q;
    let detail = |m: &String| (!m.trim().is_empty()).then(|| m.clone());
    match e {
        Q::Syntax { message, .. } => ("sql_err_syntax", vec![], detail(message)),
        Q::ReadOnly { message, .. } => ("sql_err_read_only", vec![], detail(message)),
        Q::Unsupported { message, .. } => ("sql_err_unsupported", vec![], detail(message)),
        Q::UnknownTable { name, .. } => {
            ("sql_err_unknown_table", vec![("name", name.clone())], None)
        }
        Q::UnknownColumn { name, .. } => {
            ("sql_err_unknown_column", vec![("name", name.clone())], None)
        }
        Q::AmbiguousColumn { name, .. } => {
            ("sql_err_ambiguous", vec![("name", name.clone())], None)
        }
        Q::Invalid { message, .. } => ("sql_err_invalid", vec![], detail(message)),
        Q::TooDeep { depth, limit, .. } => (
            "sql_err_too_deep",
            vec![("depth", count(*depth, fr)), ("limit", count(*limit, fr))],
            None,
        ),
        Q::Eval { message } => ("sql_err_eval", vec![], detail(message)),
        Q::TooLarge { limit, .. } => (
            "sql_err_too_large",
            vec![("limit", count(*limit, fr))],
            None,
        ),
        Q::Table {
            table,
            column,
            message,
        } => (
            "sql_err_table",
            vec![("table", table.clone()), ("column", column.clone())],
            detail(message),
        ),
        other => ("query_error", vec![], Some(other.to_string())),
    }
}

/// `e` in the page's words (`fr`: the French page), with the closest known
/// name when the engine suggests one. `limit_s` is the time limit a
/// cancelled query ran into.
pub fn message(t: &Strings, e: &QueryError, fr: bool, limit_s: u32) -> SqlMessage {
    if let QueryError::Cancelled = e {
        return SqlMessage {
            text: t.f("query_cancelled", &[("s", &limit_s.to_string())]),
            detail: None,
        };
    }
    let (key, args, detail) = describe(e, fr);
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut text = t.f(key, &args);
    let suggestion = match e {
        QueryError::UnknownTable { suggestion, .. }
        | QueryError::UnknownColumn { suggestion, .. } => suggestion.as_deref(),
        _ => None,
    };
    if let Some(s) = suggestion {
        text.push(' ');
        text.push_str(&t.f("sql_err_did_you_mean", &[("name", s)]));
    }
    if let QueryError::TooLarge {
        query_has_limit: true,
        ..
    } = e
    {
        text.push(' ');
        text.push_str(&t.t("sql_err_too_large_limit"));
    }
    SqlMessage { text, detail }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobforge_query::{Database, QueryOptions};

    /// The French page's strings for the console's errors, as the site
    /// hands them to the app.
    fn fr() -> Strings {
        let toml = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../content/site.fr.toml"
        ))
        .expect("content/site.fr.toml");
        let v: toml::Value = toml::from_str(&toml).expect("valid TOML");
        Strings::from_json(&serde_json::to_string(&v["app"]).expect("json"))
    }

    fn error(sql: &str) -> QueryError {
        let mut db = Database::new();
        db.add(
            jobforge_query::Table::new(
                "dim_noc",
                vec![jobforge_query::Column::new(
                    "noc_code",
                    jobforge_query::DataType::Text,
                    vec![],
                )],
            )
            .expect("table"),
        );
        db.query_with(sql, &QueryOptions::default(), &|| false)
            .expect_err("an error")
    }

    #[test]
    fn french_errors_are_french_and_keep_names_and_detail() {
        let t = fr();
        let m = message(&t, &error("SELECT noc_cod FROM dim_noc"), true, 15);
        assert_eq!(
            m.text,
            "Colonne inconnue\u{a0}: «\u{a0}noc_cod\u{a0}». Vouliez-vous dire «\u{a0}noc_code\u{a0}»\u{202f}?"
        );
        assert_eq!(m.detail, None);
        let m = message(&t, &error("SELECT * FROM nope"), true, 15);
        assert!(m.text.starts_with("Table inconnue"), "{}", m.text);
        let m = message(&t, &error("DROP TABLE dim_noc"), true, 15);
        assert!(m.text.contains("lecture seule"), "{}", m.text);
        let m = message(&t, &error("SELECT FROM WHERE"), true, 15);
        assert_eq!(m.text, "Erreur de syntaxe.");
        assert!(m.detail.is_some_and(|d| !d.is_empty()));
        let m = message(&t, &QueryError::Cancelled, true, 5);
        assert!(m.text.contains("5 secondes"), "{}", m.text);
        let m = message(
            &t,
            &QueryError::TooLarge {
                limit: 2_000_000,
                query_has_limit: true,
            },
            true,
            15,
        );
        assert!(
            m.text.contains("2\u{202f}000\u{202f}000 lignes"),
            "{}",
            m.text
        );
        assert!(m.text.contains("LIMIT"), "{}", m.text);
    }

    #[test]
    fn every_error_has_a_message_in_both_languages() {
        let app = |lang: &str| -> toml::Value {
            let p = format!("{}/../content/site.{lang}.toml", env!("CARGO_MANIFEST_DIR"));
            let v: toml::Value =
                toml::from_str(&std::fs::read_to_string(p).expect("strings")).expect("TOML");
            v["app"].clone()
        };
        let p = || None;
        let s = || "x".to_string();
        let all = [
            QueryError::Syntax {
                message: s(),
                position: p(),
            },
            QueryError::ReadOnly {
                message: s(),
                position: p(),
            },
            QueryError::Unsupported {
                message: s(),
                position: p(),
            },
            QueryError::UnknownTable {
                name: s(),
                position: p(),
                suggestion: Some(s()),
            },
            QueryError::UnknownColumn {
                name: s(),
                position: p(),
                suggestion: None,
            },
            QueryError::AmbiguousColumn {
                name: s(),
                position: p(),
            },
            QueryError::Invalid {
                message: s(),
                position: p(),
            },
            QueryError::TooDeep {
                depth: 201,
                limit: 200,
                position: p(),
            },
            QueryError::Eval { message: s() },
            QueryError::TooLarge {
                limit: 1,
                query_has_limit: false,
            },
            QueryError::Table {
                table: s(),
                column: s(),
                message: s(),
            },
        ];
        for lang in ["en", "fr"] {
            let app = app(lang);
            for e in &all {
                let (key, args, _) = describe(e, lang == "fr");
                let text = app.get(key).and_then(|v| v.as_str());
                let text = text.unwrap_or_else(|| panic!("app.{key} in site.{lang}.toml"));
                for (k, _) in args {
                    assert!(
                        text.contains(&format!("{{{k}}}")),
                        "app.{key} ({lang}) uses {{{k}}}"
                    );
                }
            }
            for key in [
                "sql_err_did_you_mean",
                "sql_err_too_large_limit",
                "sql_err_detail",
            ] {
                assert!(app.get(key).is_some(), "app.{key} in site.{lang}.toml");
            }
        }
    }
}
