//! A hit's matched title is shown in the reader's language where the
//! evidence allows: an English page searching `chefs` (a word both
//! languages spell the same) shows the English title, a French page the
//! French one, and the ranking does not change.

use jobforge_core::search::{Lang, SearchConfig, SearchIndex, Source, TitleEntry, UnitGroup};

fn unit(code: &str, en: &str, fr: &str) -> UnitGroup {
    UnitGroup {
        code: code.into(),
        title_en: en.into(),
        title_fr: Some(fr.into()),
        profiles: vec![(format!("{code}.00"), en.into())],
    }
}

fn index() -> SearchIndex {
    let units = vec![
        unit("62200", "Chefs", "Chefs"),
        unit("63200", "Cooks", "Cuisiniers/cuisinières"),
        unit(
            "53111",
            "Motion pictures technical crew",
            "Personnel technique du cinéma",
        ),
        unit("72100", "Machinists", "Machinistes"),
    ];
    let e = |text: &str, lang: Lang, source: Source, code: &str| {
        TitleEntry::new(text, lang, source, vec![code.into()], None)
    };
    let entries = vec![
        e("Chefs", Lang::En, Source::OasisLabel, "62200"),
        e("Chefs", Lang::Fr, Source::NocExample, "62200"),
        e("Executive chef", Lang::En, Source::NocExample, "62200"),
        e("Chef de cuisine", Lang::Fr, Source::NocExample, "62200"),
        e("Cooks", Lang::En, Source::OasisLabel, "63200"),
        e(
            "Cuisinier/cuisinière",
            Lang::Fr,
            Source::NocExample,
            "63200",
        ),
        e("Line cook", Lang::En, Source::NocExample, "63200"),
        e("Machinists", Lang::En, Source::OasisLabel, "72100"),
        e("Machinist", Lang::En, Source::NocExample, "72100"),
        e(
            "Machiniste de plateau",
            Lang::Fr,
            Source::NocExample,
            "53111",
        ),
        e(
            "Stage and studio rigging crew member",
            Lang::En,
            Source::NocExample,
            "53111",
        ),
    ];
    SearchIndex::build(&entries, units, &SearchConfig::default()).expect("index builds")
}

fn matched(idx: &SearchIndex, q: &str, lang: Lang, reader: Lang, code: &str) -> (String, Lang) {
    let r = idx.search_for(q, Some(lang), reader, 10);
    let h = r
        .hits
        .iter()
        .find(|h| h.unit_group == code)
        .unwrap_or_else(|| panic!("{code} among the hits of {q}: {r:?}"));
    (
        h.matched_title.clone().expect("a matched title"),
        h.matched_lang.expect("its language"),
    )
}

#[test]
fn an_exact_match_is_shown_in_the_readers_language() {
    let idx = index();
    // Read as French (as `chef` is by the detector), shown to each reader.
    assert_eq!(
        matched(&idx, "chefs", Lang::Fr, Lang::En, "62200").1,
        Lang::En
    );
    assert_eq!(
        matched(&idx, "chefs", Lang::Fr, Lang::Fr, "62200").1,
        Lang::Fr
    );
    // Without a reader, the query's language decides, as before.
    let plain = idx.search_lang("chefs", Some(Lang::Fr), 3);
    assert_eq!(plain.hits[0].matched_lang, Some(Lang::Fr));
}

#[test]
fn with_no_shared_word_the_reader_gets_a_title_in_their_language() {
    let idx = index();
    // `chef de cuisine` shares no word with 63200's titles (`cuisinier` is
    // another word): the shorter title, French, used to be shown to anyone.
    assert_eq!(
        matched(&idx, "chef de cuisine", Lang::Fr, Lang::En, "63200"),
        ("Cooks".to_string(), Lang::En)
    );
    assert_eq!(
        matched(&idx, "chef de cuisine", Lang::Fr, Lang::Fr, "63200"),
        ("Cuisinier/cuisinière".to_string(), Lang::Fr)
    );
    // A shared word is the evidence, whatever the reader; the page marks
    // its language.
    assert_eq!(
        matched(&idx, "machiniste de plateau", Lang::Fr, Lang::En, "53111").0,
        "Machiniste de plateau"
    );
}

#[test]
fn the_ranking_does_not_depend_on_the_reader() {
    let idx = index();
    for q in ["chefs", "cook", "cuisinier", "machiniste de plateau"] {
        let codes = |reader| {
            idx.search_for(q, None, reader, 3)
                .hits
                .iter()
                .map(|h| (h.unit_group.clone(), h.confidence))
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(Lang::En), codes(Lang::Fr), "{q}");
        assert_eq!(
            codes(idx.detect_lang(q)),
            idx.search(q, 3)
                .hits
                .iter()
                .map(|h| (h.unit_group.clone(), h.confidence))
                .collect::<Vec<_>>(),
            "{q}"
        );
    }
}
