//! `jobforge fetch`: from a mirror, and over HTTP from a loopback server that
//! fails before it answers, with checksums verified either way.

mod common;

use std::time::Duration;

use common::loopback::Reply;

use jobforge::fetch::{sha256_hex, FetchError, Fetcher, Outcome};
use jobforge::manifest::Manifest;

fn fetcher(dest: &std::path::Path, mirror: Option<&std::path::Path>) -> Fetcher {
    Fetcher {
        dest: dest.to_path_buf(),
        mirror: mirror.map(|m| m.to_path_buf()),
        attempts: 3,
        backoff: Duration::from_millis(10),
    }
}

#[test]
fn mirror_copy_verifies_every_file_and_is_idempotent() {
    let dest = tempfile::tempdir().unwrap();
    let manifest = Manifest::builtin().unwrap();
    let src = common::sources();
    let mut outcomes = Vec::new();
    fetcher(dest.path(), Some(&src))
        .run(&manifest, |id, o| {
            outcomes.push((id.to_string(), o.clone()))
        })
        .expect("fetch");
    let pinned = manifest.pins().len();
    assert_eq!(
        outcomes
            .iter()
            .filter(|(_, o)| *o == Outcome::Copied)
            .count(),
        pinned + 1,
        "all public files and the job architecture"
    );
    for (id, sha) in manifest.pins() {
        assert_eq!(
            sha256_hex(&std::fs::read(dest.path().join(&id)).unwrap()),
            sha,
            "{id}"
        );
    }
    let mut again = Vec::new();
    fetcher(dest.path(), Some(&src))
        .run(&manifest, |_, o| again.push(o.clone()))
        .unwrap();
    assert!(again.iter().all(|o| *o == Outcome::AlreadyPresent));
}

#[test]
fn a_corrupt_mirror_file_is_refused_and_not_installed() {
    let mirror = common::copy_sources();
    let f = mirror.path().join("statcan-noc-2021/noc_structure_en.csv");
    let mut bytes = std::fs::read(&f).unwrap();
    bytes.push(b'\n');
    std::fs::write(&f, bytes).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let err = fetcher(dest.path(), Some(mirror.path()))
        .run(&Manifest::builtin().unwrap(), |_, _| {})
        .expect_err("checksum");
    assert!(
        matches!(err, FetchError::Checksum { ref file, .. } if file == "statcan-noc-2021/noc_structure_en.csv"),
        "{err}"
    );
    assert!(!dest
        .path()
        .join("statcan-noc-2021/noc_structure_en.csv")
        .exists());
}

/// Serves `body` at any path, answering 503 to the first `failures` requests.
fn serve(body: Vec<u8>, failures: usize) -> (String, common::loopback::Server) {
    let mut script = vec![Reply::status(503); failures];
    script.push(Reply::ok(body));
    let server = common::loopback::serve(script);
    (format!("{}/file.csv", server.base), server)
}

fn one_file_manifest(url: &str, sha: &str) -> Manifest {
    toml::from_str(&format!(
        "[[source]]\nid = \"t\"\ntitle = \"t\"\npublisher = \"p\"\nlicence = \"l\"\n[[source.file]]\nname = \"f.csv\"\nurl = \"{url}\"\nsha256 = \"{sha}\"\n"
    ))
    .unwrap()
}

#[test]
fn downloads_retry_with_backoff_then_verify() {
    let body = b"a,b\n1,2\n".to_vec();
    let (url, server) = serve(body.clone(), 2);
    let dest = tempfile::tempdir().unwrap();
    let m = one_file_manifest(&url, &sha256_hex(&body));
    let mut got = Vec::new();
    fetcher(dest.path(), None)
        .run(&m, |_, o| got.push(o.clone()))
        .expect("third attempt succeeds");
    assert_eq!(got, [Outcome::Downloaded]);
    assert_eq!(server.count(), 3);
    assert_eq!(std::fs::read(dest.path().join("t/f.csv")).unwrap(), body);
}

#[test]
fn failed_downloads_record_every_attempt() {
    let (url, _server) = serve(Vec::new(), 5);
    let dest = tempfile::tempdir().unwrap();
    let m = one_file_manifest(&url, &"0".repeat(64));
    let err = fetcher(dest.path(), None)
        .run(&m, |_, _| {})
        .expect_err("always 503");
    match err {
        FetchError::Download { attempts, last, .. } => {
            assert_eq!(attempts, 3);
            assert_eq!(last.matches("attempt").count(), 3, "{last}");
        }
        other => panic!("{other}"),
    }
}
