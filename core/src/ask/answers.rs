//! One function per intent: what the metadata says, as a summary in both
//! languages, detail lines in the question's language, and the tables and
//! columns used.

use std::collections::{BTreeSet, VecDeque};

use super::matcher::Bound;
use super::suggest;
use super::text::{short, tokens};
use super::{Answer, AnswerItem, Catalog, Cite, ColumnMeta, Intent, Lang};
use crate::words::count;

/// How many names a summary sentence lists before "and N more".
const NAMED: usize = 3;
/// Longest detail drawn from a description or transform.
const DETAIL_CHARS: usize = 110;

/// An answer under construction.
struct Reply {
    lang: Lang,
    intent: Intent,
    items: Vec<AnswerItem>,
    cites: Vec<Cite>,
}

impl Reply {
    fn new(lang: Lang, intent: Intent) -> Reply {
        Reply {
            lang,
            intent,
            items: Vec::new(),
            cites: Vec::new(),
        }
    }

    /// English or French, by the question's language.
    fn say(&self, en: String, fr: String) -> String {
        match self.lang {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    fn item(&mut self, table: &str, column: Option<&str>, file: Option<&str>, detail: String) {
        self.items.push(AnswerItem {
            table: table.to_string(),
            column: column.map(str::to_string),
            file: file.map(str::to_string),
            detail,
        });
    }

    fn cite(&mut self, table: &str, column: Option<&str>) {
        Cite::add(&mut self.cites, table, column);
    }

    fn finish(self, catalog: &Catalog, text_en: String, text_fr: String) -> Answer {
        let suggestions = suggest::follow_ups(catalog, self.intent, &self.cites);
        Answer {
            lang: self.lang,
            intent: self.intent,
            text_en,
            text_fr,
            items: self.items,
            cites: self.cites,
            suggestions,
        }
    }
}

/// `a, b, c and 4 more` / `a, b, c et 4 autres`.
fn names(list: &[&str], lang: Lang) -> String {
    let shown = list
        .iter()
        .take(NAMED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    match (list.len().saturating_sub(NAMED), lang) {
        (0, _) => shown,
        (n, Lang::En) => format!("{shown} and {n} more"),
        (n, Lang::Fr) => format!("{shown} et {n} autres"),
    }
}

pub(crate) fn answer(catalog: &Catalog, intent: Intent, bound: &Bound, lang: Lang) -> Answer {
    let mut a = match (intent, bound) {
        (
            Intent::FindColumn,
            Bound::Concept {
                tokens,
                typed,
                column,
            },
        ) => find_column(catalog, tokens, typed, column.as_deref(), lang),
        (Intent::TablesFromSource, Bound::Sources(ids)) => from_sources(catalog, ids, lang),
        (Intent::TablesFromSource, Bound::Domain(d)) => in_domain(catalog, d, lang),
        (Intent::ListTables, _) => list_tables(catalog, lang),
        (_, Bound::Table { name, .. }) => match intent {
            Intent::Upstream => upstream(catalog, name, lang),
            Intent::Inputs => inputs(catalog, name, lang),
            Intent::Downstream => downstream(catalog, name, lang),
            Intent::RowCount => row_count(catalog, name, lang),
            Intent::Relationships => relationships(catalog, name, lang),
            _ => describe(catalog, name, lang),
        },
        // The patterns never pair an intent with another kind of slot.
        _ => return unknown(catalog, lang, None),
    };
    if let Bound::Table {
        name,
        typed: Some(typed),
    } = bound
    {
        a.text_en = format!("{} (“{typed}” read as {name}.)", a.text_en);
        a.text_fr = format!("{} (« {typed} » lu comme {name}.)", a.text_fr);
    }
    a
}

/// Not understood: say so, and offer questions that work on this catalogue.
pub(crate) fn unknown(catalog: &Catalog, lang: Lang, no_table: Option<&str>) -> Answer {
    let (text_en, text_fr) = match no_table {
        Some(t) => (
            format!("No table is named “{t}”; try one of these questions."),
            format!("Aucune table ne s’appelle « {t} »; essayez l’une de ces questions."),
        ),
        None => (
            "I did not understand the question; try one of these.".to_string(),
            "Je n’ai pas compris la question; essayez l’une de celles-ci.".to_string(),
        ),
    };
    Answer {
        lang,
        intent: Intent::Unknown,
        text_en,
        text_fr,
        items: Vec::new(),
        cites: Vec::new(),
        suggestions: suggest::examples(catalog),
    }
}

fn description(c: &ColumnMeta, lang: Lang) -> Option<&str> {
    match lang {
        Lang::En => c.description_en.as_deref(),
        Lang::Fr => c.description_fr.as_deref(),
    }
}

fn column_detail(c: &ColumnMeta, lang: Lang) -> String {
    match description(c, lang) {
        Some(d) => format!("{}: {}", c.data_type, short(d, DETAIL_CHARS)),
        None => c.data_type.clone(),
    }
}

/// The columns the question names, or else whose name and description
/// hold every word of it (in the question's language, then in either).
fn find_column(
    catalog: &Catalog,
    concept: &[String],
    typed: &str,
    column: Option<&str>,
    lang: Lang,
) -> Answer {
    let mut r = Reply::new(lang, Intent::FindColumn);
    let found: Vec<&ColumnMeta> = match column {
        Some(name) => catalog
            .columns
            .iter()
            .filter(|c| c.column_name == name)
            .collect(),
        None => by_words(catalog, concept, Some(lang))
            .or_else(|| by_words(catalog, concept, None))
            .unwrap_or_default(),
    };
    for c in &found {
        r.item(
            &c.table_name,
            Some(&c.column_name),
            None,
            column_detail(c, lang),
        );
        r.cite(&c.table_name, Some(&c.column_name));
    }
    let mut tables: Vec<&str> = Vec::new();
    let mut columns: Vec<&str> = Vec::new();
    for c in &found {
        if !tables.contains(&c.table_name.as_str()) {
            tables.push(&c.table_name);
        }
        if !columns.contains(&c.column_name.as_str()) {
            columns.push(&c.column_name);
        }
    }
    let (en, fr) = match (tables.len(), columns.as_slice()) {
        (0, _) => (
            format!("No column matches “{typed}”."),
            format!("Aucune colonne ne correspond à « {typed} »."),
        ),
        (_, [one]) if column == Some(*one) => (
            format!(
                "{} the column {one}: {}.",
                count(tables.len(), "table has", "tables have", Lang::En),
                names(&tables, Lang::En)
            ),
            format!(
                "{} la colonne {one} : {}.",
                count(
                    tables.len(),
                    "table contient",
                    "tables contiennent",
                    Lang::Fr
                ),
                names(&tables, Lang::Fr)
            ),
        ),
        _ => (
            format!(
                "{} match “{typed}” in {}: {}.",
                count(columns.len(), "column name", "column names", Lang::En),
                count(tables.len(), "table", "tables", Lang::En),
                names(&columns, Lang::En)
            ),
            format!(
                "{} correspondent à « {typed} » dans {} : {}.",
                count(columns.len(), "nom de colonne", "noms de colonne", Lang::Fr),
                count(tables.len(), "table", "tables", Lang::Fr),
                names(&columns, Lang::Fr)
            ),
        ),
    };
    r.finish(catalog, en, fr)
}

/// The fewest consecutive words of `text` that hold every word of
/// `concept`, if it holds them all.
fn window(text: &[String], concept: &[String]) -> Option<usize> {
    (0..text.len())
        .filter(|&i| concept.contains(&text[i]))
        .filter_map(|i| {
            let mut missing: Vec<&String> = concept.iter().collect();
            for (j, w) in text[i..].iter().enumerate() {
                missing.retain(|m| *m != w);
                if missing.is_empty() {
                    return Some(j + 1);
                }
            }
            None
        })
        .min()
}

/// Columns whose name and description (in `lang`, or in either language
/// when `None`) hold every word of the concept, best first.
///
/// Words that sit together are what names a thing: `NOC code` is the
/// column `noc_code` and `unit_group_id` ("5-digit NOC 2021 code"), not
/// `noc_element_code` ("the two digits after the dot of the OaSIS
/// code"). So columns rank by the tightest window holding the words, in
/// the name or in one description (numbers not counted, so "NOC 2021
/// code" is tight), then by words in the name; and when some column holds
/// the words side by side, looser matches are left out.
fn by_words<'a>(
    catalog: &'a Catalog,
    concept: &[String],
    lang: Option<Lang>,
) -> Option<Vec<&'a ColumnMeta>> {
    let words = |s: &str| -> Vec<String> {
        tokens(s)
            .into_iter()
            .filter(|w| concept.contains(w) || !w.chars().all(|c| c.is_ascii_digit()))
            .collect()
    };
    // Words split between the name and a description still match, loosely.
    let split = usize::MAX;
    let mut scored: Vec<(usize, usize, usize, &ColumnMeta)> = Vec::new();
    for (i, c) in catalog.columns.iter().enumerate() {
        let name = words(&c.column_name);
        let descs: Vec<Vec<String>> = [Lang::En, Lang::Fr]
            .into_iter()
            .filter(|l| lang.is_none_or(|want| want == *l))
            .filter_map(|l| description(c, l).map(words))
            .collect();
        let held = |w: &String| name.contains(w) || descs.iter().any(|d| d.contains(w));
        if !concept.iter().all(held) {
            continue;
        }
        let tightest = std::iter::once(&name)
            .chain(&descs)
            .filter_map(|t| window(t, concept))
            .min()
            .unwrap_or(split);
        let in_name = concept.iter().filter(|w| name.contains(w)).count();
        scored.push((tightest, in_name, i, c));
    }
    let distinct = {
        let mut d = concept.to_vec();
        d.sort();
        d.dedup();
        d.len()
    };
    if scored.iter().any(|s| s.0 <= distinct) {
        scored.retain(|s| s.0 <= distinct);
    }
    scored.sort_by_key(|&(tightest, in_name, i, _)| (tightest, std::cmp::Reverse(in_name), i));
    let found: Vec<&ColumnMeta> = scored.into_iter().map(|s| s.3).collect();
    (!found.is_empty()).then_some(found)
}

fn transform_of<'a>(catalog: &'a Catalog, table: &str) -> Option<&'a str> {
    catalog
        .inputs_of(table)
        .first()
        .map(|e| e.transform.as_str())
}

/// Every table `table` is made from, transitively, and the files at the
/// bottom, with the transform of each table on the way.
fn upstream(catalog: &Catalog, table: &str, lang: Lang) -> Answer {
    let mut r = Reply::new(lang, Intent::Upstream);
    let mut order: Vec<String> = vec![table.to_string()];
    let mut queue = VecDeque::from([table.to_string()]);
    let mut files: Vec<(String, String)> = Vec::new();
    while let Some(t) = queue.pop_front() {
        let edges = catalog.inputs_of(&t);
        let from: Vec<&str> = edges
            .iter()
            .filter(|e| !e.is_file())
            .map(|e| e.input.as_str())
            .collect();
        let transform = transform_of(catalog, &t).unwrap_or("");
        let detail = if from.is_empty() {
            transform.to_string()
        } else {
            r.say(
                format!("from {}: {transform}", from.join(", ")),
                format!("à partir de {} : {transform}", from.join(", ")),
            )
        };
        if !edges.is_empty() {
            r.item(&t, None, None, detail);
        }
        r.cite(&t, None);
        for e in &edges {
            if let Some(source) = e.source_id() {
                let detail = r.say(format!("source {source}"), format!("source {source}"));
                r.item(&t, None, Some(&e.input), detail);
                if !files.iter().any(|(f, _)| f == &e.input) {
                    files.push((e.input.clone(), source.to_string()));
                }
            } else if !order.contains(&e.input) {
                order.push(e.input.clone());
                queue.push_back(e.input.clone());
            }
        }
    }
    if r.items.is_empty() {
        return r.finish(
            catalog,
            format!("The lineage records no input for {table}."),
            format!("Le lignage n’indique aucune entrée pour {table}."),
        );
    }
    // Sources are few (one per publication): all are named.
    let sources: BTreeSet<&str> = files.iter().map(|(_, s)| s.as_str()).collect();
    let sources: Vec<&str> = sources.into_iter().collect();
    let via: Vec<&str> = order[1..].iter().map(String::as_str).collect();
    let (via_en, via_fr) = if via.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(
                ", through {} ({})",
                count(via.len(), "table", "tables", Lang::En),
                names(&via, Lang::En)
            ),
            format!(
                ", en passant par {} ({})",
                count(via.len(), "table", "tables", Lang::Fr),
                names(&via, Lang::Fr)
            ),
        )
    };
    r.finish(
        catalog,
        format!(
            "{table} comes from {} of {} ({}){via_en}.",
            count(files.len(), "source file", "source files", Lang::En),
            count(sources.len(), "source", "sources", Lang::En),
            sources.join(", ")
        ),
        format!(
            "{table} provient de {} de {} ({}){via_fr}.",
            count(files.len(), "fichier source", "fichiers sources", Lang::Fr),
            count(sources.len(), "source", "sources", Lang::Fr),
            sources.join(", ")
        ),
    )
}

/// The direct inputs of a table: the transform, then each table and file.
fn inputs(catalog: &Catalog, table: &str, lang: Lang) -> Answer {
    let mut r = Reply::new(lang, Intent::Inputs);
    r.cite(table, None);
    let edges = catalog.inputs_of(table);
    if let Some(t) = transform_of(catalog, table) {
        r.item(table, None, None, t.to_string());
    }
    let (mut tables, mut files) = (Vec::new(), Vec::new());
    for e in &edges {
        if let Some(source) = e.source_id() {
            let detail = r.say(format!("source {source}"), format!("source {source}"));
            r.item(table, None, Some(&e.input), detail);
            files.push(e.input.as_str());
        } else {
            let rows = catalog.table(&e.input).and_then(|m| m.row_count);
            let detail = match rows {
                Some(n) => r.say(
                    count(n as usize, "row", "rows", Lang::En),
                    count(n as usize, "ligne", "lignes", Lang::Fr),
                ),
                None => r.say("table".into(), "table".into()),
            };
            r.item(&e.input, None, None, detail);
            r.cite(&e.input, None);
            tables.push(e.input.as_str());
        }
    }
    if edges.is_empty() {
        return r.finish(
            catalog,
            format!("The lineage records no input for {table}."),
            format!("Le lignage n’indique aucune entrée pour {table}."),
        );
    }
    let part = |n: usize, list: &[&str], one: &str, many: &str, l: Lang| {
        (n > 0).then(|| format!("{} ({})", count(n, one, many, l), names(list, l)))
    };
    let join = |a: Option<String>, b: Option<String>, and: &str| match (a, b) {
        (Some(a), Some(b)) => format!("{a} {and} {b}"),
        (a, b) => a.or(b).unwrap_or_default(),
    };
    let en = join(
        part(tables.len(), &tables, "table", "tables", Lang::En),
        part(files.len(), &files, "file", "files", Lang::En),
        "and",
    );
    let fr = join(
        part(tables.len(), &tables, "table", "tables", Lang::Fr),
        part(files.len(), &files, "fichier", "fichiers", Lang::Fr),
        "et",
    );
    r.finish(
        catalog,
        format!("{table} is built directly from {en}."),
        format!("{table} est construite directement à partir de {fr}."),
    )
}

/// The tables built from `table`: directly, then through them.
fn downstream(catalog: &Catalog, table: &str, lang: Lang) -> Answer {
    let mut r = Reply::new(lang, Intent::Downstream);
    r.cite(table, None);
    let consumers = |t: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in &catalog.lineage {
            if !e.is_file() && e.input == t && e.table_name != t && !out.contains(&e.table_name) {
                out.push(e.table_name.clone());
            }
        }
        out
    };
    let direct = consumers(table);
    let mut seen: BTreeSet<String> = direct.iter().cloned().collect();
    seen.insert(table.to_string());
    for c in &direct {
        let t = transform_of(catalog, c).unwrap_or("");
        r.item(c, None, None, short(t, DETAIL_CHARS));
        r.cite(c, None);
    }
    let mut indirect: Vec<String> = Vec::new();
    let mut queue: VecDeque<String> = direct.iter().cloned().collect();
    while let Some(via) = queue.pop_front() {
        for c in consumers(&via) {
            if seen.insert(c.clone()) {
                let detail = r.say(
                    format!("indirectly, via {via}"),
                    format!("indirectement, par {via}"),
                );
                r.item(&c, None, None, detail);
                r.cite(&c, None);
                indirect.push(c.clone());
                queue.push_back(c);
            }
        }
    }
    if direct.is_empty() {
        return r.finish(
            catalog,
            format!("No table is built from {table}."),
            format!("Aucune table n’est construite à partir de {table}."),
        );
    }
    let list: Vec<&str> = direct.iter().map(String::as_str).collect();
    let (more_en, more_fr) = match indirect.len() {
        0 => (String::new(), String::new()),
        n => (
            format!(" and {n} more indirectly"),
            format!(" et {n} autres indirectement"),
        ),
    };
    r.finish(
        catalog,
        format!(
            "{table} feeds {} directly ({}){more_en}.",
            count(direct.len(), "table", "tables", Lang::En),
            names(&list, Lang::En)
        ),
        format!(
            "{table} alimente directement {} ({}){more_fr}.",
            count(direct.len(), "table", "tables", Lang::Fr),
            names(&list, Lang::Fr)
        ),
    )
}

/// A table's column count: the catalogue's, or the columns it lists.
fn column_count(catalog: &Catalog, table: &str) -> Option<i64> {
    catalog
        .table(table)
        .and_then(|m| m.column_count)
        .or_else(|| match catalog.columns_of(table).len() {
            0 => None,
            n => Some(n as i64),
        })
}

fn row_count(catalog: &Catalog, table: &str, lang: Lang) -> Answer {
    let mut r = Reply::new(lang, Intent::RowCount);
    r.cite(table, None);
    let rows = catalog.table(table).and_then(|m| m.row_count);
    let cols = column_count(catalog, table);
    let Some(rows) = rows else {
        return r.finish(
            catalog,
            format!("The catalogue does not record how many rows {table} has."),
            format!("Le catalogue n’indique pas le nombre de lignes de {table}."),
        );
    };
    let cols_en = cols.map_or(String::new(), |c| {
        format!(" and {}", count(c as usize, "column", "columns", Lang::En))
    });
    let cols_fr = cols.map_or(String::new(), |c| {
        format!(" et {}", count(c as usize, "colonne", "colonnes", Lang::Fr))
    });
    let rows_en = count(rows as usize, "row", "rows", Lang::En);
    let rows_fr = count(rows as usize, "ligne", "lignes", Lang::Fr);
    let detail = r.say(format!("{rows_en}{cols_en}"), format!("{rows_fr}{cols_fr}"));
    r.item(table, None, None, detail);
    r.finish(
        catalog,
        format!("{table} has {rows_en}{cols_en}."),
        format!("{table} compte {rows_fr}{cols_fr}."),
    )
}

/// The description, then every column with its type and description.
fn describe(catalog: &Catalog, table: &str, lang: Lang) -> Answer {
    let mut r = Reply::new(lang, Intent::Describe);
    r.cite(table, None);
    let meta = catalog.table(table);
    let desc = meta.and_then(|m| match lang {
        Lang::En => m.description_en.as_deref(),
        Lang::Fr => m.description_fr.as_deref(),
    });
    // A missing translation stays missing: the other language is never
    // passed off as this one.
    let detail = desc.map(str::to_string).unwrap_or_else(|| {
        r.say(
            "(no description in the catalogue)".into(),
            "(pas de description en français dans le catalogue)".into(),
        )
    });
    r.item(table, None, None, detail);
    for c in catalog.columns_of(table) {
        r.item(table, Some(&c.column_name), None, column_detail(c, lang));
    }
    let facts = |l: Lang| {
        let mut f: Vec<String> = Vec::new();
        if let Some(d) = meta.and_then(|m| m.domain.as_deref()) {
            f.push(match l {
                Lang::En => format!("{d} domain"),
                Lang::Fr => format!("domaine {d}"),
            });
        }
        if let Some(n) = meta.and_then(|m| m.row_count) {
            f.push(match l {
                Lang::En => count(n as usize, "row", "rows", l),
                Lang::Fr => count(n as usize, "ligne", "lignes", l),
            });
        }
        if let Some(n) = column_count(catalog, table) {
            f.push(match l {
                Lang::En => count(n as usize, "column", "columns", l),
                Lang::Fr => count(n as usize, "colonne", "colonnes", l),
            });
        }
        if f.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.join(", "))
        }
    };
    let grain = |g: Option<&String>, d: Option<&String>| g.or(d).map(|s| short(s, 200));
    let en = grain(
        meta.and_then(|m| m.grain_en.as_ref()),
        meta.and_then(|m| m.description_en.as_ref()),
    );
    let fr = grain(
        meta.and_then(|m| m.grain_fr.as_ref()),
        meta.and_then(|m| m.description_fr.as_ref()),
    );
    r.finish(
        catalog,
        match en {
            Some(g) => format!("{table}{}: {g}", facts(Lang::En)),
            None => format!(
                "{table}{} has no description in the catalogue.",
                facts(Lang::En)
            ),
        },
        match fr {
            Some(g) => format!("{table}{} : {g}", facts(Lang::Fr)),
            None => format!(
                "{table}{} n’a pas de description en français dans le catalogue.",
                facts(Lang::Fr)
            ),
        },
    )
}

/// Every join `table` takes part in, from either side.
fn relationships(catalog: &Catalog, table: &str, lang: Lang) -> Answer {
    let mut r = Reply::new(lang, Intent::Relationships);
    r.cite(table, None);
    let mut partners: Vec<&str> = Vec::new();
    for rel in &catalog.relationships {
        if rel.from_table != table && rel.to_table != table {
            continue;
        }
        r.item(
            &rel.from_table,
            Some(&rel.from_column),
            None,
            format!(
                "{}.{} → {}.{} ({})",
                rel.from_table, rel.from_column, rel.to_table, rel.to_column, rel.cardinality
            ),
        );
        r.cite(&rel.from_table, Some(&rel.from_column));
        r.cite(&rel.to_table, Some(&rel.to_column));
        let other = if rel.from_table == table {
            &rel.to_table
        } else {
            &rel.from_table
        };
        if other != table && !partners.contains(&other.as_str()) {
            partners.push(other);
        }
    }
    let n = r.items.len();
    if n == 0 {
        return r.finish(
            catalog,
            format!("The catalogue records no join for {table}."),
            format!("Le catalogue n’indique aucune jointure pour {table}."),
        );
    }
    let with = |l: Lang| {
        if partners.is_empty() {
            match l {
                Lang::En => " with itself".to_string(),
                Lang::Fr => " avec elle-même".to_string(),
            }
        } else {
            let (w, t, ts) = match l {
                Lang::En => ("with", "table", "tables"),
                Lang::Fr => ("avec", "table", "tables"),
            };
            format!(
                " {w} {} ({})",
                count(partners.len(), t, ts, l),
                names(&partners, l)
            )
        }
    };
    r.finish(
        catalog,
        format!(
            "{table} takes part in {}{}.",
            count(n, "join", "joins", Lang::En),
            with(Lang::En)
        ),
        format!(
            "{table} participe à {}{}.",
            count(n, "jointure", "jointures", Lang::Fr),
            with(Lang::Fr)
        ),
    )
}

/// One line per table: its domain and row count.
fn table_lines(
    r: &mut Reply,
    catalog: &Catalog,
    keep: impl Fn(&super::TableMeta) -> bool,
) -> Vec<String> {
    let mut listed = Vec::new();
    for t in catalog.tables.iter().filter(|t| keep(t)) {
        let domain = t.domain.clone().unwrap_or_default();
        let detail = match t.row_count {
            Some(n) => r.say(
                format!("{domain}, {}", count(n as usize, "row", "rows", Lang::En)),
                format!(
                    "{domain}, {}",
                    count(n as usize, "ligne", "lignes", Lang::Fr)
                ),
            ),
            None => domain,
        };
        r.item(&t.table_name, None, None, detail);
        r.cite(&t.table_name, None);
        listed.push(t.table_name.clone());
    }
    listed
}

fn from_sources(catalog: &Catalog, ids: &[String], lang: Lang) -> Answer {
    let mut r = Reply::new(lang, Intent::TablesFromSource);
    let listed = table_lines(&mut r, catalog, |t| {
        t.source_ids().any(|s| ids.iter().any(|id| id == s))
    });
    let ids = ids.join(", ");
    if listed.is_empty() {
        return r.finish(
            catalog,
            format!("No table comes from {ids}."),
            format!("Aucune table ne provient de {ids}."),
        );
    }
    let n = listed.len();
    r.finish(
        catalog,
        format!(
            "{} from {ids}.",
            count(n, "table comes", "tables come", Lang::En)
        ),
        format!(
            "{} de {ids}.",
            count(n, "table provient", "tables proviennent", Lang::Fr)
        ),
    )
}

fn in_domain(catalog: &Catalog, domain: &str, lang: Lang) -> Answer {
    let mut r = Reply::new(lang, Intent::TablesFromSource);
    let listed = table_lines(&mut r, catalog, |t| t.domain.as_deref() == Some(domain));
    let n = listed.len();
    r.finish(
        catalog,
        format!(
            "{} in the {domain} domain.",
            count(n, "table is", "tables are", Lang::En)
        ),
        format!(
            "{} au domaine {domain}.",
            count(n, "table appartient", "tables appartiennent", Lang::Fr)
        ),
    )
}

fn list_tables(catalog: &Catalog, lang: Lang) -> Answer {
    let mut r = Reply::new(lang, Intent::ListTables);
    let listed = table_lines(&mut r, catalog, |_| true);
    let domains: BTreeSet<&str> = catalog
        .tables
        .iter()
        .filter_map(|t| t.domain.as_deref())
        .collect();
    r.finish(
        catalog,
        format!(
            "The catalogue lists {} in {}.",
            count(listed.len(), "table", "tables", Lang::En),
            count(domains.len(), "domain", "domains", Lang::En)
        ),
        format!(
            "Le catalogue compte {} dans {}.",
            count(listed.len(), "table", "tables", Lang::Fr),
            count(domains.len(), "domaine", "domaines", Lang::Fr)
        ),
    )
}
