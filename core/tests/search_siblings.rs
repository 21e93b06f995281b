//! A job architecture is a grid of heads × domains: a `Director - X` files
//! where `Manager - X` does, a `Director General - X` under the senior
//! managers of X's sector. The search learns those patterns from the grid
//! and applies them to a domain it has seen under one head only. The domain
//! words here are made up, so only the sibling titles can place them.

use jobforge_core::search::{
    Lang, SearchConfig, SearchIndex, SearchResult, Source, TitleEntry, UnitGroup,
};

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
    index_with(("Morvin", morvin_code), &SearchConfig::default())
}

/// The grid, with `Manager - {domain}` filed under `code`.
fn index_with((domain, code): (&str, &str), config: &SearchConfig) -> SearchIndex {
    let units = vec![
        unit("00012", "Senior managers - financial and business services"),
        unit("00015", "Senior managers - construction and production"),
        unit("10010", "Financial managers"),
        unit("10011", "Human resources managers"),
        unit("70010", "Construction managers"),
        unit("70012", "Facility operation managers"),
        unit("72310", "Carpenters"),
    ];
    let mut entries = vec![
        entry("Carpenter", Source::OasisLabel, "72310", None),
        entry("Finish carpenter", Source::OasisExample, "72310", None),
        entry("Carpentry foreman", Source::OasisExample, "72310", None),
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
    add(format!("Manager - {domain}"), code);
    SearchIndex::build(&entries, units, config).expect("index builds")
}

fn top1(idx: &SearchIndex, q: &str) -> String {
    let r = idx.search_lang(q, Some(Lang::En), 3);
    r.hits[0].unit_group.clone()
}

/// A unit group's confidence among a result's hits (0 when not listed).
fn confidence(r: &SearchResult, code: &str) -> f32 {
    r.hits
        .iter()
        .find(|h| h.unit_group == code)
        .map_or(0.0, |h| h.confidence)
}

/// The odds of unit group `a` against `b` for `query`, with the grid and
/// `manager` (a domain and its manager's unit group): with the default
/// settings, and with the setting `field` picks set to 0.
fn odds_with_and_without(
    manager: (&str, &str),
    field: fn(&mut SearchConfig) -> &mut f32,
    query: &str,
    (a, b): (&str, &str),
) -> (f32, f32) {
    let odds = |config: &SearchConfig| {
        let r = index_with(manager, config).search_lang(query, Some(Lang::En), 7);
        confidence(&r, a) / confidence(&r, b).max(1e-6)
    };
    let mut off = SearchConfig::default();
    *field(&mut off) = 0.0;
    (odds(&SearchConfig::default()), odds(&off))
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

/// Every director in the grid is a manager (TEER 0), so `Director -
/// Carpentry`, a domain no grid title names, leans to the managers of the
/// trades rather than wholly to the carpenters its domain word names.
#[test]
fn a_head_without_siblings_leans_to_its_level() {
    let (with_prior, without) = odds_with_and_without(
        ("Morvin", "70010"),
        |c| &mut c.head_level_weight,
        "Director - Carpentry",
        ("70010", "72310"),
    );
    // Eight directors at TEER 0 and none at TEER 2: the carpenters lose
    // ln(1 / 9) against the construction managers.
    assert!(
        with_prior > 8.0 * without,
        "construction managers against carpenters: {with_prior} with the prior, {without} without"
    );
    // A plain title has no head, so no level prior.
    let idx = index("70010");
    assert_eq!(top1(&idx, "Carpentry"), "72310");
}

/// `Director - Carpentry`: the level prior ranks every TEER 0 manager alike;
/// the domain read on its own (the carpenters, broad category 7) then lifts
/// the construction managers above the financial ones. A `Director General`
/// is in `00` whatever its domain, so its answers do not lean.
#[test]
fn a_head_leans_to_its_domains_broad_category() {
    let config = |weight: f32| SearchConfig {
        domain_category_weight: weight,
        ..SearchConfig::default()
    };
    let (with_lean, without) = odds_with_and_without(
        ("Morvin", "70010"),
        |c| &mut c.domain_category_weight,
        "Director - Carpentry",
        ("70010", "10010"),
    );
    assert!(
        with_lean > 2.0 * without,
        "construction against financial managers: {with_lean} leaning, {without} not"
    );
    let confidences = |weight: f32| {
        index_with(("Morvin", "70010"), &config(weight))
            .search_lang("Director General - Carpentry", Some(Lang::En), 7)
            .hits
            .iter()
            .map(|h| (h.unit_group.clone(), h.confidence))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        confidences(SearchConfig::default().domain_category_weight),
        confidences(0.0)
    );
}

/// In the grid the director general is at 00015 wherever the manager is at
/// 70012 (two domains), so `Director General - Morvin`, whose only sibling
/// is `Manager - Morvin` at 70012, gains half of the transition boost on
/// 00015: the odds against 00012 rise by about e^1.5.
#[test]
fn a_head_files_where_its_siblings_unit_group_maps_to() {
    let (with_votes, without) = odds_with_and_without(
        ("Morvin", "70012"),
        |c| &mut c.sibling_transition_boost,
        "Director General - Morvin",
        ("00015", "00012"),
    );
    assert!(
        with_votes > 3.0 * without,
        "00015 against 00012: {with_votes} with the votes, {without} without"
    );
}

/// `Carpentry` read on its own is the trades (broad category 7: the
/// carpenters), but this organisation files its `Manager - Carpentry` with
/// the financial managers (10010, category 1). With the siblings' broad
/// categories in the lean, the other managers of category 1 (10011, which
/// no vote names) gain on those of category 7 (70010).
#[test]
fn a_domains_broad_category_follows_its_siblings() {
    let (with_siblings, without) = odds_with_and_without(
        ("Carpentry", "10010"),
        |c| &mut c.sibling_category_share,
        "Director - Carpentry",
        ("10011", "70010"),
    );
    // The domain read alone already leans to category 1 (the manager's
    // title trains `carpentry` there too), so the gain is mostly category
    // 7 keeping half its belief: 0.5 × ln 2 of a logit, odds × 1.4.
    assert!(
        with_siblings > 1.3 * without,
        "10011 against 70010: {with_siblings} with the siblings' categories, {without} without"
    );
}
