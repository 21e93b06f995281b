//! The compliance pages: status in words, applicability with its reason,
//! evidence links, and English figures marked as such on French pages.

use jobforge_site::layout::Site;
use jobforge_site::pages::{
    ArtefactPart, CompliancePage, ComplianceStatus, EvidenceItem, FrameworkPage, FrameworkRow,
    RequirementRow,
};
use jobforge_site::{Lang, Route, SiteConfig, Strings, Text};

fn load(lang: &str) -> Strings {
    let path = format!("{}/../content/site.{lang}.toml", env!("CARGO_MANIFEST_DIR"));
    toml::from_str(&std::fs::read_to_string(&path).expect("content file"))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rows(lang: Lang, s: &Strings) -> Vec<RequirementRow> {
    let na = ComplianceStatus::NotApplicable;
    let partial = ComplianceStatus::Partial;
    vec![
        RequirementRow {
            id: "DADM-6.1".into(),
            title: Text::native("Évaluation"),
            text: None,
            applicable: false,
            reason: Text::native("WiQ ne décide <rien>"),
            status: na,
            status_label: na.label(s).into(),
            evidence: vec![],
        },
        RequirementRow {
            id: "DADM-6.3.1".into(),
            title: Text::native("Essais"),
            text: Some(Text::native("Mettre à l’essai")),
            applicable: true,
            reason: Text::native("r"),
            status: partial,
            status_label: partial.label(s).into(),
            evidence: vec![EvidenceItem {
                label: Text::native("Fichiers"),
                figure: Text::english(lang, "3 of 4"),
                artefact: vec![
                    ArtefactPart {
                        path: "data/source_files.parquet".into(),
                        href: Some("../catalogue/source_files.html".into()),
                    },
                    ArtefactPart {
                        path: "build/src/pipeline.rs".into(),
                        href: None,
                    },
                ],
                passed: false,
            }],
        },
    ]
}

#[test]
fn framework_page_shows_status_reason_and_evidence_in_words() {
    let (en, fr) = (load("en"), load("fr"));
    let config = SiteConfig::default();
    let site = Site {
        en: &en,
        fr: &fr,
        config: &config,
        date_modified: "2023-11-14".into(),
        build_id: "b".into(),
    };
    let route = Route::Framework("dadm".into());
    let l = site.layout(
        &route,
        Lang::Fr,
        Text::native("Directive"),
        "d",
        vec![(Text::native(&fr.compliance.title), Route::Compliance)],
    );
    let html = askama::Template::render(&FrameworkPage {
        l,
        intro: vec!["i".into()],
        counts: vec![("Satisfaite".into(), "0".into())],
        json_href: "../../data/compliance/dadm.json".into(),
        rows: rows(Lang::Fr, &fr),
        figures_en: true,
    })
    .unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("<tr id=\"DADM-6.1\"><th scope=\"row\" class=\"code\">DADM-6.1</th>"));
    assert!(html.contains(
        "<strong>Ne s’applique pas</strong>\u{a0}: <span>WiQ ne décide &#60;rien&#62;</span>"
    ));
    assert!(html.contains("<span class=\"status not-applicable\">Sans objet</span>"));
    assert!(html.contains("<span class=\"status partial\">Partiellement satisfaite</span>"));
    assert!(html.contains("Aucune : l’exigence ne s’applique pas."));
    assert!(html.contains("<span lang=\"en\">3 of 4</span>"));
    assert!(html.contains(&fr.compliance.figures_english));
    assert!(html.contains(
        "(<a href=\"../catalogue/source_files.html\" class=\"code\">data/source_files.parquet</a>, <span class=\"code\">build/src/pipeline.rs</span>)"
    ));
    assert!(html.contains("<span class=\"check failed\">vérification échouée</span>"));
    assert!(html.contains("<p class=\"requirement-text\">Mettre à l’essai</p>"));
    // The navigation and breadcrumbs lead to the section.
    assert!(html.contains("<a href=\"../../fr/conformite/index.html\">Conformité</a>"));
}

#[test]
fn summary_counts_every_status_per_framework() {
    let (en, fr) = (load("en"), load("fr"));
    let config = SiteConfig::default();
    let site = Site {
        en: &en,
        fr: &fr,
        config: &config,
        date_modified: "2023-11-14".into(),
        build_id: "b".into(),
    };
    let l = site.layout(
        &Route::Compliance,
        Lang::En,
        Text::native(&en.compliance.title),
        &en.compliance.description,
        vec![],
    );
    let html = askama::Template::render(&CompliancePage {
        l,
        frameworks: vec![FrameworkRow {
            name: en.compliance.frameworks["dadm"].name.clone(),
            description: en.compliance.frameworks["dadm"].description.clone(),
            href: "dadm.html".into(),
            json_href: "../../data/compliance/dadm.json".into(),
            counts: vec!["6".into(), "2".into(), "0".into(), "3".into()],
            total: "11".into(),
        }],
        legend: ComplianceStatus::ALL
            .iter()
            .map(|k| k.label(&en).to_string())
            .collect(),
        table_href: "../../data/compliance/compliance_requirements.parquet".into(),
    })
    .unwrap();
    assert!(html.contains("<th scope=\"col\">Met</th><th scope=\"col\">Partially met</th><th scope=\"col\">Not met</th><th scope=\"col\">Not applicable</th>"));
    assert!(html.contains("<tr><th scope=\"row\"><a href=\"dadm.html\">Directive on Automated Decision-Making</a></th><td class=\"num\">6</td><td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">3</td><td class=\"num\">11</td></tr>"));
    assert!(html.contains("href=\"../../data/compliance/compliance_requirements.parquet\""));
    assert_eq!(
        ComplianceStatus::ALL.map(|k| ComplianceStatus::parse(match k.class() {
            "not-met" => "not_met",
            "not-applicable" => "not_applicable",
            c => c,
        })),
        ComplianceStatus::ALL.map(Some)
    );
}
