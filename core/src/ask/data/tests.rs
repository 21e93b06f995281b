//! The reader on hand-made questions; the real test set (76 questions
//! checked against DuckDB) is `build/tests/ask_data.rs`.

use super::*;

/// A vocabulary of a few NOC codes (titles from the NOC) and OaSIS names.
fn vocab() -> Vocab {
    let t = |s: &str| Cell::Text(s.to_string());
    let noc = [
        "2", "21", "213", "2123", "21231", "3", "31", "313", "3130", "31301",
    ]
    .iter()
    .map(|c| vec![t(c), t(&format!("title {c}")), Cell::Null])
    .collect();
    let mut results = vec![noc];
    results.push(vec![vec![t("Critical Thinking")]]);
    results.extend(std::iter::repeat_n(Vec::new(), RATING_TABLES.len() - 1));
    results.push(vec![vec![
        t("Information Technology"),
        t("Technologie de l'information"),
        t("Software"),
        t("Logiciel"),
        t("Manager"),
        t("Gestionnaire"),
    ]]);
    Vocab::from_results(&results)
}

/// Nurses are 31301; "managers" are many things.
struct Fake;

impl Resolver for Fake {
    fn resolve(&self, name: &str) -> Resolution {
        let c = |code: &str| Candidate {
            code: code.into(),
            title_en: format!("title {code}"),
            title_fr: None,
            confidence: 0.9,
        };
        match name {
            "registered nurses" | "infirmieres autorisees" => Resolution::One(c("31301")),
            "managers" => Resolution::Ambiguous(vec![c("00012"), c("10010")]),
            _ => Resolution::None,
        }
    }
}

fn sql(q: &str) -> String {
    match read(q, &vocab(), &Fake) {
        Ok(d) => d.sql,
        Err(e) => panic!("{q}: {}", e.text_en),
    }
}

#[test]
fn counts_and_filters() {
    assert_eq!(
        sql("How many unit groups are in TEER 1?"),
        "SELECT COUNT(*) AS unit_groups FROM dim_noc n WHERE n.level = 5 AND n.teer = 1"
    );
    assert_eq!(
        sql("combien de groupes de base dans le FEER 1 ?"),
        sql("How many unit groups are in TEER 1?")
    );
    let d = read(
        "combien de groupes de base dans le FEER 1 ?",
        &vocab(),
        &Fake,
    )
    .expect("read");
    assert_eq!(d.lang, Lang::Fr);
    assert!(
        d.notes.iter().any(|n| n.fr.contains("FEER")),
        "{:?}",
        d.notes
    );
    assert_eq!(
        d.sentence(&[vec![Cell::Int(97)]]),
        "97 groupes de base de la catégorie FEER 1."
    );
    assert_eq!(
        read("How many unit groups are in TEER 1?", &vocab(), &Fake)
            .expect("read")
            .sentence(&[vec![Cell::Int(97)]]),
        "97 unit groups are in TEER 1."
    );
}

#[test]
fn top_n_and_comparisons() {
    assert!(sql("Top 5 occupations by job seekers")
        .ends_with("ORDER BY c.job_seekers DESC, c.unit_group_id LIMIT 5"));
    assert!(sql("occupatons with the most openings").ends_with("LIMIT 10"));
    assert!(sql(
        "Quels groupes de base ont plus de chercheurs d’emploi que de possibilités d’emploi ?"
    )
    .contains("c.job_seekers > c.job_openings"));
}

#[test]
fn names_resolve_or_are_listed_back() {
    assert_eq!(
        sql("How many job openings for registered nurses?"),
        "SELECT unit_group_id, occupation_name_en, job_openings FROM cops_summary WHERE unit_group_id = '31301'"
    );
    let e = read("How many job openings for managers?", &vocab(), &Fake).expect_err("ambiguous");
    assert_eq!(e.candidates.len(), 2);
    assert!(read(
        "what is the favourite food of electricians",
        &vocab(),
        &Fake
    )
    .is_err());
    assert!(read("How many unit groups are in TEER 9?", &vocab(), &Fake).is_err());
    assert!(read("what is in major group 99", &vocab(), &Fake).is_err());
}

#[test]
fn every_suggestion_is_understood() {
    for (en, fr) in suggestions(&vocab()) {
        assert!(read(&en, &vocab(), &Fake).is_ok(), "{en}");
        assert!(read(&fr, &vocab(), &Fake).is_ok(), "{fr}");
    }
}

/// A glue word that is also a keyword ("à" in « départs à la retraite »,
/// « qu'y a-t-il ») still matches; a TEER with no number is a grouping.
#[test]
fn glue_words_inside_phrases() {
    assert!(
        sql("Quelles professions ont le plus de départs à la retraite ?")
            .contains("ORDER BY c.retirements DESC")
    );
    assert_eq!(
        sql("Qu’y a-t-il dans le grand groupe 21 ?"),
        "SELECT noc_code, title_en FROM dim_noc WHERE parent_code = '21' ORDER BY noc_code"
    );
    assert!(sql("How many unit groups per TEER?").contains("GROUP BY n.teer"));
}
