//! Compliance models computed from the build: every requirement has the
//! fields, evidence figures come from artefacts, and an applicable
//! requirement without evidence fails the build.

mod common;

use jobforge::compliance::{evaluate, ComplianceError, Facts, RequirementText, Status};
use jobforge::pipeline::{self, BuildError};

fn req(applicable: bool, reason: &str, evidence: &[&str]) -> RequirementText {
    RequirementText {
        id: "X-1".into(),
        title_en: "t".into(),
        title_fr: "t".into(),
        text_en: "x".into(),
        text_fr: "x".into(),
        applicable,
        reason_en: reason.into(),
        reason_fr: reason.into(),
        evidence: evidence.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn no_evidence_or_no_reason_is_an_error() {
    let f = Facts::default();
    assert_eq!(
        evaluate(&[req(true, "r", &[])], &f),
        Err(ComplianceError::NoEvidence("X-1".into()))
    );
    assert_eq!(
        evaluate(&[req(false, "", &[])], &f),
        Err(ComplianceError::NoReason("X-1".into()))
    );
    assert!(matches!(
        evaluate(&[req(true, "r", &["nope"])], &f),
        Err(ComplianceError::UnknownCheck(..))
    ));
    let na = evaluate(&[req(false, "decides nothing", &[])], &f).unwrap();
    assert_eq!(na[0].status, Status::NotApplicable);
    // Evidence measured on an empty build fails its checks.
    let r = evaluate(&[req(true, "r", &["row_accounting"])], &f).unwrap();
    assert_eq!(r[0].status, Status::NotMet);
}

#[test]
fn the_build_fails_on_a_requirement_without_evidence() {
    let content = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(common::content()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, content.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let path = content.path().join("compliance.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("evidence = [\"review_queue\"]\n", "", 1),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut opts = common::options(&common::sources(), out.path());
    opts.content = content.path().to_path_buf();
    let err = pipeline::run(&opts).expect_err("no evidence");
    assert!(
        matches!(err, BuildError::Compliance(ComplianceError::NoEvidence(ref id)) if id == "DADM-6.3.9"),
        "{err}"
    );
}

#[test]
fn frameworks_are_written_with_evidence_from_the_build() {
    let built = common::real_build();
    for name in ["dadm", "dama", "rtm"] {
        let text = std::fs::read_to_string(
            built
                .dir
                .path()
                .join(format!("data/compliance/{name}.json")),
        )
        .unwrap();
        let reqs: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        assert!(!reqs.is_empty());
        for r in &reqs {
            for field in [
                "id",
                "title_en",
                "title_fr",
                "text_en",
                "text_fr",
                "applicability",
                "status",
                "evidence",
            ] {
                assert!(r.get(field).is_some(), "{name} {} lacks {field}", r["id"]);
            }
            assert!(!r["applicability"]["reason_en"]
                .as_str()
                .unwrap_or("")
                .is_empty());
            if r["status"] != "not_applicable" {
                let ev = r["evidence"].as_array().unwrap();
                assert!(!ev.is_empty(), "{}", r["id"]);
                for e in ev {
                    assert!(!e["figure"].as_str().unwrap_or("").is_empty());
                    assert!(!e["artefact"].as_str().unwrap_or("").is_empty());
                }
            }
        }
    }
    let dadm: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(built.dir.path().join("data/compliance/dadm.json")).unwrap(),
    )
    .unwrap();
    let ids: Vec<&str> = dadm.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for id in [
        "DADM-6.1",
        "DADM-6.2.1",
        "DADM-6.3.1",
        "DADM-6.4",
        "DADM-6.5",
        "DADM-6.6",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
    let status = |id: &str| {
        dadm.iter().find(|r| r["id"] == id).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("DADM-6.1"), "not_applicable");
    assert_eq!(
        status("DADM-6.3.1"),
        "met",
        "row accounting and relationships hold on the real data"
    );
    let dama: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(built.dir.path().join("data/compliance/dama.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(dama.len(), 11);
}
