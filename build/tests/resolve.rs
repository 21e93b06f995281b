//! 5-tier resolution on the real data, and the job-architecture resolution
//! table the build writes.

mod common;

use jobforge::model::resolution;
use jobforge_core::resolve::{ResolveError, Tier};

fn data() -> jobforge_core::resolve::ResolverData {
    let gold = jobforge::pipeline::load(&common::sources(), None, true).expect("sources");
    resolution::resolver_data(&gold).expect("resolver data")
}

#[test]
fn every_unit_group_is_known_and_profiles_are_attached() {
    let d = data();
    assert_eq!(d.unit_groups.len(), 516);
    let profiles: usize = d.unit_groups.values().map(|g| g.profiles.len()).sum();
    assert_eq!(profiles, 900);
    let examples: usize = d.unit_groups.values().map(|g| g.examples.len()).sum();
    assert_eq!(examples, 18666);
}

#[test]
fn tiers_on_real_titles() {
    let d = data();
    // OaSIS label of 21231.00? Find a unit group with several profiles and use its first label.
    let (code, g) = d
        .unit_groups
        .iter()
        .find(|(_, g)| g.profiles.len() > 1)
        .expect("a multi-profile unit group");
    let r = d
        .resolve(&g.profiles[1].label.to_uppercase(), code)
        .unwrap();
    assert_eq!(
        (r.tier, r.profile_code.as_deref()),
        (Tier::DirectMatch, Some(g.profiles[1].code.as_str()))
    );

    let r = d.resolve("Administrative assistant", "13110").unwrap();
    assert_eq!(r.tier, Tier::ExampleMatch);
    assert_eq!(r.source_table.as_deref(), Some("element_example_titles"));

    let single = d
        .unit_groups
        .iter()
        .find(|(_, g)| g.profiles.len() == 1)
        .unwrap();
    let r = d.resolve("zzz qqq", single.0).unwrap();
    assert_eq!((r.tier, r.confidence), (Tier::UgDominant, 0.85));

    let r = d.resolve("zzzz qqqq xxxx", code).unwrap();
    assert_eq!((r.tier, r.profile_code), (Tier::UgImputation, None));
    assert!(r.score.is_some_and(|s| s < 70.0));

    assert_eq!(d.resolve("", "13110"), Err(ResolveError::EmptyTitle));
    assert!(matches!(
        d.resolve("Clerk", "1311"),
        Err(ResolveError::NotUnitGroup(_))
    ));
    assert!(matches!(
        d.resolve("Clerk", "13119"),
        Err(ResolveError::NotUnitGroup(_))
    ));
}

#[test]
fn the_build_resolves_every_job_architecture_row() {
    let built = common::real_build();
    let tiers = &built.report.tiers;
    let total: usize = tiers.values().sum();
    assert_eq!(total, 1341, "{tiers:?}");
    // 44 rows have no NOC 2021 code in the job architecture.
    assert_eq!(tiers.get("UNRESOLVED"), Some(&44));
    assert!(tiers.get("EXAMPLE_MATCH").is_some_and(|n| *n > 0));
    assert!(built
        .report
        .tables
        .iter()
        .any(|(t, n, _)| t == "job_architecture_resolution" && *n == 1341));
}
