//! `jobforge ask "where does dim_noc come from" [--json]` and
//! `jobforge replay [--json]`: the human-readable forms.

use jobforge_core::ask::{Answer, Lang};
use jobforge_core::replay::{EventKind, ReplayEvent};

/// The summary, the items, what the answer cites and what to ask next, in
/// the question's language.
pub fn text(a: &Answer) -> String {
    let fr = a.lang == Lang::Fr;
    let mut s = format!("{}\n", a.text());
    if !a.items.is_empty() {
        s += "\n";
    }
    let width = a
        .items
        .iter()
        .map(|i| item_name(&i.table, i.column.as_deref()).chars().count())
        .max()
        .unwrap_or(0);
    for i in &a.items {
        let name = item_name(&i.table, i.column.as_deref());
        let pad = width - name.chars().count();
        match &i.file {
            Some(f) => s += &format!("  {name}{}  ← {f} ({})\n", " ".repeat(pad), i.detail),
            None => s += &format!("  {name}{}  {}\n", " ".repeat(pad), i.detail),
        }
    }
    if !a.cites.is_empty() {
        let cites: Vec<String> = a
            .cites
            .iter()
            .map(|c| item_name(&c.table, c.column.as_deref()))
            .collect();
        s += &format!(
            "\n{} {}\n",
            if fr { "sources citées :" } else { "cites:" },
            cites.join(", ")
        );
    }
    if !a.suggestions.is_empty() {
        s += if fr { "\nà essayer :\n" } else { "\ntry:\n" };
        for (en, f) in &a.suggestions {
            s += &format!("  {}\n", if fr { f } else { en });
        }
    }
    s
}

fn item_name(table: &str, column: Option<&str>) -> String {
    match column {
        Some(c) => format!("{table}.{c}"),
        None => table.to_string(),
    }
}

/// One line per event: sequence number, step, kind and English label, with
/// the detail when it adds something.
pub fn replay_text(events: &[ReplayEvent]) -> String {
    let mut s = String::new();
    for e in events {
        s += &format!(
            "{:>4}  {:<11}  {:<12}  {}",
            e.seq,
            e.step.as_str(),
            e.kind.as_str().to_uppercase(),
            e.label_en
        );
        if let (EventKind::Table, Some(d)) = (e.kind, &e.detail) {
            s += &format!("  ← {d}");
        }
        s += "\n";
    }
    s
}
