//! A cell far longer than any job title (a 10 MB paste) is kept and marked
//! `INVALID_INPUT` without being searched, in `jobforge code` and the app
//! alike (both call `core::batch`); a title at the limit is still coded.

use jobforge_core::batch::{code_one, code_one_for, INVALID_INPUT, MAX_TITLE_CHARS, SEARCH};
use jobforge_core::search::{Lang, SearchConfig, SearchIndex, Source, TitleEntry, UnitGroup};

fn index() -> SearchIndex {
    let units = vec![
        UnitGroup {
            code: "72100".into(),
            title_en: "Machinists and machining and tooling inspectors".into(),
            title_fr: None,
            profiles: vec![("72100.00".into(), "Machinists".into())],
        },
        UnitGroup {
            code: "31301".into(),
            title_en: "Registered nurses and registered psychiatric nurses".into(),
            title_fr: None,
            profiles: vec![("31301.00".into(), "Registered nurses".into())],
        },
    ];
    let e = |text: &str, code: &str| {
        TitleEntry::new(text, Lang::En, Source::NocExample, vec![code.into()], None)
    };
    let entries = vec![
        e("Machinist", "72100"),
        e("Machinist apprentice", "72100"),
        e("Registered nurse", "31301"),
        e("Psychiatric nurse", "31301"),
    ];
    SearchIndex::build(&entries, units, &SearchConfig::default()).expect("index builds")
}

#[test]
fn a_ten_megabyte_title_is_invalid_input_and_not_searched() {
    let index = index();
    let huge = "Registered nurse ".repeat(10_000_000 / 17);
    assert!(huge.len() > 9_000_000);
    let started = std::time::Instant::now();
    let coded = code_one(&index, None, Some(&huge), None);
    assert_eq!(coded.method, INVALID_INPUT);
    assert!(coded.needs_review);
    assert!(coded.noc_code.is_empty());
    let fr = code_one_for(&index, None, Some(&huge), None, Some(Lang::Fr));
    assert_eq!(
        fr.method, INVALID_INPUT,
        "the reader's language changes nothing"
    );
    // Not searched: counting to the limit is all it costs (searching it took
    // seconds).
    assert!(
        started.elapsed().as_secs_f64() < 1.0,
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_title_at_the_limit_is_still_coded() {
    let index = index();
    let base = "Registered nurse ";
    let mut title = base.repeat(MAX_TITLE_CHARS / base.len() + 1);
    title.truncate(MAX_TITLE_CHARS);
    assert_eq!(title.chars().count(), MAX_TITLE_CHARS);
    let coded = code_one(&index, None, Some(&title), None);
    assert_eq!(coded.method, SEARCH);
    assert_eq!(coded.noc_code, "31301");
    // One character more is past it; surrounding spaces do not count.
    let over = format!("{title}x");
    assert_eq!(
        code_one(&index, None, Some(&over), None).method,
        INVALID_INPUT
    );
    let padded = format!("  {title}  ");
    assert_eq!(code_one(&index, None, Some(&padded), None).method, SEARCH);
}
