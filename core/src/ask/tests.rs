//! `answer` on a tiny hand-made catalogue: two source tables, a derived
//! table and the catalogue itself.

use super::*;

fn table(name: &str, domain: &str, rows: i64, sources: &str) -> TableMeta {
    TableMeta {
        table_name: name.into(),
        domain: Some(domain.into()),
        description_en: Some(format!("The {name} table.")),
        description_fr: Some(format!("La table {name}.")),
        grain_en: Some(format!("One row per {name} entry.")),
        grain_fr: Some(format!("Une ligne par entrée de {name}.")),
        row_count: Some(rows),
        column_count: Some(2),
        sources: sources.into(),
        licence: "OGL-Canada-2.0".into(),
        file: format!("data/{name}.parquet"),
    }
}

fn column(table: &str, name: &str, position: i64, en: &str, fr: &str) -> ColumnMeta {
    ColumnMeta {
        table_name: table.into(),
        column_name: name.into(),
        position,
        data_type: "utf8".into(),
        nullable: false,
        description_en: Some(en.into()),
        description_fr: Some(fr.into()),
    }
}

fn edge(table: &str, input: &str, kind: &str, transform: &str) -> LineageEdge {
    LineageEdge {
        table_name: table.into(),
        input: input.into(),
        input_kind: kind.into(),
        transform: transform.into(),
    }
}

fn catalog() -> Catalog {
    Catalog {
        tables: vec![
            table("dim_noc", "occupations", 822, "statcan-noc-2021"),
            table("element_main_duties", "oasis", 4991, "esdc-oasis-2023-v1.0"),
            table("unit_group_attributes", "occupations", 23009, "jobforge"),
            TableMeta {
                row_count: None,
                column_count: None,
                ..table("catalog_tables", "metadata", 0, "jobforge")
            },
        ],
        columns: vec![
            column(
                "dim_noc",
                "noc_code",
                1,
                "NOC 2021 code with leading zeros.",
                "Code de la CNP 2021 avec ses zéros.",
            ),
            column("dim_noc", "title_en", 2, "English title.", "Titre anglais."),
            column(
                "element_main_duties",
                "unit_group_id",
                1,
                "Unit group (5-digit NOC 2021 code).",
                "Groupe de base (code de la CNP 2021 à 5 chiffres).",
            ),
            column(
                "element_main_duties",
                "duty",
                2,
                "A main duty.",
                "Une fonction principale.",
            ),
            column(
                "unit_group_attributes",
                "noc_code",
                1,
                "Unit group the value describes.",
                "Groupe de base que la valeur décrit.",
            ),
            column(
                "unit_group_attributes",
                "value",
                2,
                "The value.",
                "La valeur.",
            ),
        ],
        relationships: vec![
            Relationship {
                from_table: "element_main_duties".into(),
                from_column: "unit_group_id".into(),
                to_table: "dim_noc".into(),
                to_column: "noc_code".into(),
                cardinality: "*:1".into(),
            },
            Relationship {
                from_table: "unit_group_attributes".into(),
                from_column: "noc_code".into(),
                to_table: "dim_noc".into(),
                to_column: "noc_code".into(),
                cardinality: "*:1".into(),
            },
        ],
        lineage: vec![
            edge(
                "dim_noc",
                "statcan-noc-2021/noc.csv",
                "file",
                "codes checked",
            ),
            edge(
                "element_main_duties",
                "esdc-oasis-2023-v1.0/main-duties.csv",
                "file",
                "split codes",
            ),
            edge(
                "unit_group_attributes",
                "dim_noc",
                "table",
                "values per unit group",
            ),
            edge(
                "unit_group_attributes",
                "element_main_duties",
                "table",
                "values per unit group",
            ),
            edge("catalog_tables", "dim_noc", "table", "counted"),
            edge("catalog_tables", "element_main_duties", "table", "counted"),
            edge(
                "catalog_tables",
                "unit_group_attributes",
                "table",
                "counted",
            ),
        ],
    }
}

fn cited(a: &Answer, table: &str, column: Option<&str>) -> bool {
    a.cites
        .iter()
        .any(|c| c.table == table && c.column.as_deref() == column)
}

/// (question, intent, language, a table and column that must be cited).
#[rustfmt::skip]
const CASES: &[(&str, Intent, Lang, &str, Option<&str>)] = &[
    (
        "which tables have unit_group_id",
        Intent::FindColumn,
        Lang::En,
        "element_main_duties",
        Some("unit_group_id"),
    ),
    (
        "Which tables contain the NOC code?",
        Intent::FindColumn,
        Lang::En,
        "dim_noc",
        Some("noc_code"),
    ),
    (
        "quelles tables contiennent le code CNP ?",
        Intent::FindColumn,
        Lang::Fr,
        "element_main_duties",
        Some("unit_group_id"),
    ),
    (
        "where does unit_group_attributes come from",
        Intent::Upstream,
        Lang::En,
        "dim_noc",
        None,
    ),
    (
        "D'où vient « dim_noc » ?",
        Intent::Upstream,
        Lang::Fr,
        "dim_noc",
        None,
    ),
    (
        "what feeds unit group attributes",
        Intent::Inputs,
        Lang::En,
        "element_main_duties",
        None,
    ),
    (
        "qu'est-ce qui alimente unit_group_attributes",
        Intent::Inputs,
        Lang::Fr,
        "dim_noc",
        None,
    ),
    (
        "what uses dim_noc",
        Intent::Downstream,
        Lang::En,
        "unit_group_attributes",
        None,
    ),
    (
        "what does DIM_NOC feed?",
        Intent::Downstream,
        Lang::En,
        "catalog_tables",
        None,
    ),
    (
        "quelles tables utilisent dim_noc",
        Intent::Downstream,
        Lang::Fr,
        "unit_group_attributes",
        None,
    ),
    (
        "how many rows in element_main_duties",
        Intent::RowCount,
        Lang::En,
        "element_main_duties",
        None,
    ),
    (
        "combien de lignes dans element main duty",
        Intent::RowCount,
        Lang::Fr,
        "element_main_duties",
        None,
    ),
    (
        "describe 'dim_noc'",
        Intent::Describe,
        Lang::En,
        "dim_noc",
        None,
    ),
    (
        "what is in dim_noc",
        Intent::Describe,
        Lang::En,
        "dim_noc",
        None,
    ),
    (
        "décris dim_noc",
        Intent::Describe,
        Lang::Fr,
        "dim_noc",
        None,
    ),
    (
        "what joins dim_noc",
        Intent::Relationships,
        Lang::En,
        "element_main_duties",
        Some("unit_group_id"),
    ),
    (
        "relations de dim_noc",
        Intent::Relationships,
        Lang::Fr,
        "dim_noc",
        Some("noc_code"),
    ),
    (
        "which tables come from OaSIS",
        Intent::TablesFromSource,
        Lang::En,
        "element_main_duties",
        None,
    ),
    (
        "quelles tables proviennent de la CNP",
        Intent::TablesFromSource,
        Lang::Fr,
        "dim_noc",
        None,
    ),
    (
        "list tables",
        Intent::ListTables,
        Lang::En,
        "catalog_tables",
        None,
    ),
    (
        "where does dim_nok come from",
        Intent::Upstream,
        Lang::En,
        "dim_noc",
        None,
    ),
];

#[test]
fn every_intent_is_understood_in_both_languages() {
    let c = catalog();
    for &(q, intent, lang, table, column) in CASES {
        let a = answer(&c, q);
        assert_eq!(a.intent, intent, "{q}: {a:#?}");
        assert_eq!(a.lang, lang, "{q}");
        assert!(
            cited(&a, table, column),
            "{q}: {table} {column:?} not in {:?}",
            a.cites
        );
        assert!(!a.text_en.is_empty() && !a.text_fr.is_empty(), "{q}");
        assert!(!a.items.is_empty(), "{q}");
        assert!(!a.suggestions.is_empty(), "{q}");
    }
}

#[test]
fn upstream_reaches_the_files_through_intermediate_tables() {
    let a = answer(&catalog(), "where does catalog_tables come from");
    let files: Vec<&str> = a.items.iter().filter_map(|i| i.file.as_deref()).collect();
    assert_eq!(
        files,
        [
            "statcan-noc-2021/noc.csv",
            "esdc-oasis-2023-v1.0/main-duties.csv"
        ]
    );
    assert!(
        a.text_en.contains("2 source files of 2 sources"),
        "{}",
        a.text_en
    );
    assert!(a.text_en.contains("through 3 tables"), "{}", a.text_en);
    assert!(a
        .items
        .iter()
        .any(|i| i.detail.contains("values per unit group")));
}

#[test]
fn inputs_are_direct_only() {
    let a = answer(&catalog(), "what feeds catalog_tables");
    assert!(a.items.iter().all(|i| i.file.is_none()));
    assert!(a.text_en.contains("3 tables"), "{}", a.text_en);
}

#[test]
fn downstream_separates_direct_and_indirect() {
    let a = answer(&catalog(), "what uses element_main_duties");
    let detail = |t: &str| {
        a.items
            .iter()
            .find(|i| i.table == t)
            .map(|i| i.detail.clone())
            .unwrap_or_default()
    };
    assert_eq!(detail("unit_group_attributes"), "values per unit group");
    assert_eq!(detail("catalog_tables"), "counted");
    assert!(
        a.text_en.contains("feeds 2 tables directly"),
        "{}",
        a.text_en
    );
}

#[test]
fn counts_and_their_absence() {
    let c = catalog();
    let a = answer(&c, "how many rows in element_main_duties");
    assert_eq!(
        a.text_en,
        "element_main_duties has 4,991 rows and 2 columns."
    );
    assert_eq!(
        a.text_fr,
        "element_main_duties compte 4\u{202f}991 lignes et 2 colonnes."
    );
    let a = answer(&c, "combien de lignes dans catalog_tables");
    assert!(a.text_fr.contains("n’indique pas"), "{}", a.text_fr);
    assert!(a.items.is_empty());
}

#[test]
fn describe_lists_columns_in_the_question_language() {
    let a = answer(&catalog(), "décris dim_noc");
    assert_eq!(a.items[0].detail, "La table dim_noc.");
    let cols: Vec<_> = a.items.iter().filter_map(|i| i.column.as_deref()).collect();
    assert_eq!(cols, ["noc_code", "title_en"]);
    assert!(a.items[1].detail.contains("Code de la CNP"));
}

#[test]
fn concept_search_ranks_name_matches_first() {
    let a = answer(&catalog(), "which tables contain the NOC code");
    let first = &a.items[0];
    assert_eq!(
        (first.table.as_str(), first.column.as_deref()),
        ("dim_noc", Some("noc_code"))
    );
    // unit_group_id matches through its description only.
    assert!(cited(&a, "element_main_duties", Some("unit_group_id")));
}

#[test]
fn exact_column_names_win_over_words() {
    let a = answer(&catalog(), "which tables have noc_code");
    let tables: Vec<&str> = a.items.iter().map(|i| i.table.as_str()).collect();
    assert_eq!(tables, ["dim_noc", "unit_group_attributes"]);
    assert!(
        a.text_en.starts_with("2 tables have the column noc_code"),
        "{}",
        a.text_en
    );
}

#[test]
fn a_typo_is_recovered_only_when_clear() {
    let c = catalog();
    let a = answer(&c, "describe dim_nok");
    assert_eq!(a.intent, Intent::Describe);
    assert!(a.text_en.contains("read as dim_noc"), "{}", a.text_en);
    // Far from every name: not guessed.
    let a = answer(&c, "describe zzz_qqq");
    assert_eq!(a.intent, Intent::Unknown);
    assert!(a.text_en.contains("zzz qqq"), "{}", a.text_en);
}

#[test]
fn unknown_questions_get_examples_that_work() {
    let c = catalog();
    for q in ["what's the weather like", "quelle heure est-il", "", "???"] {
        let a = answer(&c, q);
        assert_eq!(a.intent, Intent::Unknown, "{q}");
        assert!(a.items.is_empty() && a.cites.is_empty());
        assert!(
            (3..=5).contains(&a.suggestions.len()),
            "{q}: {:?}",
            a.suggestions
        );
        for (en, fr) in &a.suggestions {
            assert!(!en.is_empty() && !fr.is_empty());
            assert_ne!(answer(&c, en).intent, Intent::Unknown, "{en}");
            let fr_answer = answer(&c, fr);
            assert_ne!(fr_answer.intent, Intent::Unknown, "{fr}");
            assert_eq!(fr_answer.lang, Lang::Fr, "{fr}");
        }
    }
    assert_eq!(answer(&c, "quelle heure est-il").lang, Lang::Fr);
}

#[test]
fn follow_ups_ask_about_the_same_table() {
    let a = answer(&catalog(), "describe element_main_duties");
    assert!(a
        .suggestions
        .iter()
        .all(|(en, _)| en.contains("element_main_duties") || en == "list tables"));
    for (en, _) in &a.suggestions {
        assert_ne!(answer(&catalog(), en).intent, Intent::Describe, "{en}");
    }
}

#[test]
fn an_empty_catalogue_still_answers() {
    let a = answer(&Catalog::default(), "where does dim_noc come from");
    assert_eq!(a.intent, Intent::Unknown);
    assert!(!a.suggestions.is_empty());
}

#[test]
fn answers_round_trip_through_json() {
    let a = answer(&catalog(), "what joins dim_noc");
    let json = serde_json::to_string(&a).unwrap_or_default();
    assert!(json.contains("\"intent\":\"relationships\""), "{json}");
    let back: Answer = serde_json::from_str(&json).expect("answer JSON");
    assert_eq!(back, a);
}

#[test]
fn a_plain_word_is_searched_but_a_quoted_one_is_a_column() {
    let c = catalog();
    let quoted = answer(&c, "which tables have 'duty'");
    assert_eq!(
        quoted.text_en,
        "1 table has the column duty: element_main_duties."
    );
    // `title` is a word here: it finds title_en through its name.
    let plain = answer(&c, "which tables have a title");
    assert_eq!(plain.items[0].column.as_deref(), Some("title_en"));
    assert!(plain.text_en.contains("match “title”"), "{}", plain.text_en);
}

#[test]
fn words_side_by_side_beat_words_apart() {
    let mut c = catalog();
    c.columns.push(column(
        "dim_noc",
        "noc_element_code",
        3,
        "Two digits after the dot of the OaSIS profile code.",
        "Deux chiffres après le point.",
    ));
    let a = answer(&c, "which tables contain the NOC code");
    let cols: Vec<_> = a.items.iter().filter_map(|i| i.column.as_deref()).collect();
    // `noc element code` holds the words one apart: left out, since other
    // columns hold them side by side.
    assert!(!cols.contains(&"noc_element_code"), "{cols:?}");
    assert!(cols.contains(&"unit_group_id"), "{cols:?}");
}
