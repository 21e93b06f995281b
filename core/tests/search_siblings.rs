//! A job architecture is a grid of heads × domains: a `Director - X` files
//! where `Manager - X` does, a `Director General - X` under the senior
//! managers of X's sector. The search learns those patterns from the grid
//! and applies them to a domain it has seen under one head only. The domain
//! words here are made up, so only the sibling titles can place them.

use jobforge_core::search::{Lang, SearchConfig, SearchIndex, Source, TitleEntry, UnitGroup};

fn unit(code: &str, title: &str) -> UnitGroup {
    UnitGroup {
        code: code.into(),
        title_en: title.into(),
        title_fr: None,
        profiles: vec![(format!("{code}.00"), title.into())],
    }
}

fn entry(text: &str, source: Source, code: &str, key: Option<String>) -> TitleEntry {
    TitleEntry::new(text, Lang::En, source, vec![code.into()], key)
}

/// The grid, with `Manager - Morvin` filed under `morvin_code`.
fn index(morvin_code: &str) -> SearchIndex {
    let units = vec![
        unit("00012", "Senior managers - financial and business services"),
        unit("00015", "Senior managers - construction and production"),
        unit("10010", "Financial managers"),
        unit("10011", "Human resources managers"),
        unit("70010", "Construction managers"),
        unit("70012", "Facility operation managers"),
    ];
    let mut entries = vec![
        entry("Financial manager", Source::OasisLabel, "10010", None),
        entry("Human resources manager", Source::OasisLabel, "10011", None),
        entry("Construction manager", Source::OasisLabel, "70010", None),
        entry(
            "Facility operations manager",
            Source::OasisLabel,
            "70012",
            None,
        ),
        entry(
            "Senior manager - finance",
            Source::OasisLabel,
            "00012",
            None,
        ),
        entry(
            "Senior manager - construction",
            Source::OasisLabel,
            "00015",
            None,
        ),
    ];
    let grid = [
        ("Zorblax", "10010"),
        ("Quintessor", "10011"),
        ("Flimwick", "70010"),
        ("Brandle", "70012"),
        ("Tessary", "10010"),
        ("Gorrum", "70010"),
        ("Pellion", "10011"),
        ("Vantrel", "70012"),
    ];
    let mut key = 0;
    let mut add = |text: String, code: &str| {
        key += 1;
        entries.push(entry(
            &text,
            Source::JobArchitecture,
            code,
            Some(format!("ja:{key}")),
        ));
    };
    for (domain, code) in grid {
        let senior = if code.starts_with('1') {
            "00012"
        } else {
            "00015"
        };
        add(format!("Manager - {domain}"), code);
        add(format!("Director - {domain}"), code);
        add(format!("Director General - {domain}"), senior);
    }
    add("Manager - Morvin".into(), morvin_code);
    SearchIndex::build(&entries, units, &SearchConfig::default()).expect("index builds")
}

fn top1(idx: &SearchIndex, q: &str) -> String {
    let r = idx.search_lang(q, Some(Lang::En), 3);
    r.hits[0].unit_group.clone()
}

#[test]
fn a_head_follows_its_siblings_in_the_grid() {
    for (code, senior) in [("70010", "00015"), ("10011", "00012")] {
        let idx = index(code);
        assert_eq!(
            top1(&idx, "Director - Morvin"),
            code,
            "Manager - Morvin is {code}"
        );
        assert_eq!(
            top1(&idx, "Director General - Morvin"),
            senior,
            "Manager - Morvin is {code}"
        );
    }
}
