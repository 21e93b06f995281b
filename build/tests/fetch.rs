//! `jobforge fetch`: from a mirror, and over HTTP from a loopback server that
//! fails before it answers, with checksums verified either way.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

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
fn serve(body: Vec<u8>, failures: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        // Bounded: a test never needs more than a handful of requests.
        for stream in listener.incoming().take(failures + 2) {
            let Ok(mut s) = stream else { break };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let resp = if n < failures {
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
            } else {
                let mut r = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                r.extend_from_slice(&body);
                r
            };
            let _ = s.write_all(&resp);
        }
    });
    (format!("http://{addr}/file.csv"), hits)
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
    let (url, hits) = serve(body.clone(), 2);
    let dest = tempfile::tempdir().unwrap();
    let m = one_file_manifest(&url, &sha256_hex(&body));
    let mut got = Vec::new();
    fetcher(dest.path(), None)
        .run(&m, |_, o| got.push(o.clone()))
        .expect("third attempt succeeds");
    assert_eq!(got, [Outcome::Downloaded]);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    assert_eq!(std::fs::read(dest.path().join("t/f.csv")).unwrap(), body);
}

#[test]
fn failed_downloads_record_every_attempt() {
    let (url, _) = serve(Vec::new(), 5);
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
