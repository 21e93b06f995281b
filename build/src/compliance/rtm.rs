//! The classification requirements traceability matrix: every gold table,
//! resolution tier and published page type, traced to its implementation,
//! its tests and its output in this build.
//!
//! The test sources are compiled into the binary, so a test counts as
//! tracing a requirement only if it names it (a table, a tier or a
//! template), and renaming a template or test file breaks the build.

use super::{Applicability, Evidence, Facts, Requirement, Status};

/// (file, source) of every test suite, embedded at compile time.
const TESTS: &[(&str, &str)] = &[
    (
        "build/tests/readers.rs",
        include_str!("../../tests/readers.rs"),
    ),
    (
        "build/tests/accounting.rs",
        include_str!("../../tests/accounting.rs"),
    ),
    (
        "build/tests/outputs.rs",
        include_str!("../../tests/outputs.rs"),
    ),
    (
        "build/tests/impute.rs",
        include_str!("../../tests/impute.rs"),
    ),
    (
        "build/tests/resolve.rs",
        include_str!("../../tests/resolve.rs"),
    ),
    (
        "build/tests/descriptions.rs",
        include_str!("../../tests/descriptions.rs"),
    ),
    (
        "build/tests/clients.rs",
        include_str!("../../tests/clients.rs"),
    ),
    (
        "build/tests/tbs_scrape.rs",
        include_str!("../../tests/tbs_scrape.rs"),
    ),
    ("build/tests/site.rs", include_str!("../../tests/site.rs")),
    (
        "core/src/resolve.rs",
        include_str!("../../../core/src/resolve.rs"),
    ),
];

/// Page templates of the site, embedded so that the matrix cannot name a
/// template that does not exist.
const TEMPLATES: &[(&str, &str)] = &[
    ("home", include_str!("../../../site/templates/home.html")),
    (
        "occupations",
        include_str!("../../../site/templates/occupations.html"),
    ),
    (
        "noc_group",
        include_str!("../../../site/templates/noc_group.html"),
    ),
    (
        "unit_group",
        include_str!("../../../site/templates/unit_group.html"),
    ),
    (
        "profile",
        include_str!("../../../site/templates/profile.html"),
    ),
    (
        "catalogue",
        include_str!("../../../site/templates/catalogue.html"),
    ),
    ("table", include_str!("../../../site/templates/table.html")),
    (
        "coverage",
        include_str!("../../../site/templates/coverage.html"),
    ),
    (
        "compliance",
        include_str!("../../../site/templates/compliance.html"),
    ),
    (
        "compliance_framework",
        include_str!("../../../site/templates/compliance_framework.html"),
    ),
    ("about", include_str!("../../../site/templates/about.html")),
    (
        "search",
        include_str!("../../../site/templates/search.html"),
    ),
    (
        "splash",
        include_str!("../../../site/templates/splash.html"),
    ),
    (
        "not_found",
        include_str!("../../../site/templates/not_found.html"),
    ),
];

/// Where a table is made, by name.
fn implementation(table: &str) -> &'static str {
    match table {
        "dim_noc" => "build/src/ingest/noc.rs, build/src/model/dim_noc.rs",
        "dim_oasis_profile" | "dim_oasis_descriptor" => "build/src/ingest/oasis.rs",
        "bridge_noc_onet" | "bridge_noc_2016_2021" => "build/src/ingest/crosswalk.rs",
        "bridge_noc_og" => "build/src/impute/og_bridge.rs",
        "dim_og" | "dim_og_subgroup" | "dim_og_definition" => "build/src/ingest/tbs.rs",
        "job_architecture" => "build/src/ingest/job_arch.rs",
        "job_architecture_resolution" => "core/src/resolve.rs, build/src/model/resolution.rs",
        "unit_group_attributes" | "profile_attributes" => {
            "build/src/impute/attributes.rs, build/src/impute/onet.rs"
        }
        "imputation_coverage" => "build/src/impute/coverage.rs",
        "descriptions" => "build/src/impute/descriptions.rs",
        "rejects" | "source_files" => "build/src/ingest/ledger.rs",
        "catalog_tables" | "catalog_columns" => "build/src/model/catalog.rs",
        "catalog_relationships" => "build/src/model/relationships.rs",
        "lineage" => "build/src/model/lineage.rs",
        t if t.starts_with("element_") || t.starts_with("oasis_") => "build/src/ingest/oasis.rs",
        t if t.starts_with("cops_") => "build/src/ingest/cops.rs",
        t if t.starts_with("onet_") => "build/src/ingest/onet.rs",
        _ => "build/src/pipeline.rs",
    }
}

fn tests_naming(word: &str) -> Vec<&'static str> {
    let quoted = format!("\"{word}\"");
    TESTS
        .iter()
        .filter(|(_, src)| src.contains(&quoted))
        .map(|(f, _)| *f)
        .collect()
}

// One argument per column of the matrix: id, titles, implementation, tests,
// output and its figure, and whether the build produced it.
#[allow(clippy::too_many_arguments)]
fn row(
    id: String,
    title_en: String,
    title_fr: String,
    implemented: String,
    tests: Vec<&str>,
    output: String,
    figure: String,
    produced: bool,
) -> Requirement {
    let tested = !tests.is_empty();
    let evidence = vec![
        Evidence {
            check: "implementation".into(),
            label_en: "Implementation".into(),
            label_fr: "Mise en œuvre".into(),
            artefact: implemented,
            figure: "present".into(),
            passed: true,
        },
        Evidence {
            check: "tests".into(),
            label_en: "Tests that name it".into(),
            label_fr: "Tests qui le nomment".into(),
            artefact: tests.join(", "),
            figure: format!("{} test files", tests.len()),
            passed: tested,
        },
        Evidence {
            check: "output".into(),
            label_en: "Output of this build".into(),
            label_fr: "Produit de cette construction".into(),
            artefact: output,
            figure,
            passed: produced,
        },
    ];
    let status = match (tested, produced) {
        (true, true) => Status::Met,
        (false, false) => Status::NotMet,
        _ => Status::Partial,
    };
    Requirement {
        text_en: title_en.clone(),
        text_fr: title_fr.clone(),
        id,
        title_en,
        title_fr,
        applicability: Applicability {
            applicable: true,
            reason_en: "Part of the WiQ model.".into(),
            reason_fr: "Fait partie du modèle WiQ.".into(),
        },
        status,
        evidence,
    }
}

pub fn matrix(f: &Facts) -> Vec<Requirement> {
    let mut out = Vec::new();
    for (table, rows) in &f.tables {
        out.push(row(
            format!("RTM-TABLE-{table}"),
            format!("Gold table {table}"),
            format!("Table gold {table}"),
            implementation(table).into(),
            tests_naming(table),
            format!("data/{table}.parquet"),
            format!("{rows} rows"),
            *rows > 0 || table == "rejects",
        ));
    }
    for tier in jobforge_core::resolve::Tier::ALL {
        let name = tier.as_str();
        let n = f.tiers.get(name).copied().unwrap_or(0);
        out.push(row(
            format!("RTM-TIER-{name}"),
            format!(
                "Resolution tier {name} (confidence {:.2})",
                tier.confidence()
            ),
            format!(
                "Niveau de résolution {name} (confiance {:.2})",
                tier.confidence()
            ),
            "core/src/resolve.rs".into(),
            // Tiers are named in tests as enum variants, not strings.
            TESTS
                .iter()
                .filter(|(_, s)| s.contains(&format!("Tier::{tier:?}")))
                .map(|(f, _)| *f)
                .collect(),
            "data/job_architecture_resolution.parquet".into(),
            format!("{n} job-architecture rows"),
            true,
        ));
    }
    for (template, source) in TEMPLATES {
        out.push(row(
            format!("RTM-PAGE-{template}"),
            format!("Page type {template}"),
            format!("Type de page {template}"),
            format!("site/templates/{template}.html ({} bytes)", source.len()),
            TESTS
                .iter()
                .filter(|(file, _)| file.ends_with("site.rs"))
                .map(|(f, _)| *f)
                .collect(),
            "en/, fr/".into(),
            format!("{} pages in the site", f.pages),
            f.pages > 0,
        ));
    }
    out
}
