//! The official NOC 2021 example titles (EN and FR): read from the real file
//! with the publisher's counts, corrupted rows set aside, and a mirror
//! without the file still builds and says what is missing.

mod common;

use jobforge::ingest::ledger::RejectCode;
use jobforge::ingest::{self, noc, noc_examples, Ingest};
use jobforge::manifest::Manifest;
use jobforge::table::Table;

/// The example-titles file in a sources folder (or a copy of one).
fn examples_file(sources: &std::path::Path) -> std::path::PathBuf {
    sources.join(noc_examples::SOURCE).join(noc_examples::FILE)
}

fn rows_of<'a>(t: &'a Table, unit: &str, lang: &str) -> Vec<&'a str> {
    let ugs = t.text_column("unit_group_id").unwrap();
    let langs = t.text_column("language").unwrap();
    let titles = t.text_column("example_title").unwrap();
    (0..t.len())
        .filter(|&i| ugs[i] == Some(unit) && langs[i] == Some(lang))
        .filter_map(|i| titles[i])
        .collect()
}

#[test]
fn every_example_title_is_read_in_both_languages() {
    let pins = Manifest::builtin().unwrap().pins();
    let mut ing = Ingest::new(common::sources()).with_pins(pins);
    let structure = noc::read(&mut ing).unwrap();
    let (t, found) = noc_examples::read(&mut ing, &structure).unwrap();
    assert!(found);
    let count = |lang: &str| {
        t.text_column("language")
            .unwrap()
            .iter()
            .filter(|l| **l == Some(lang))
            .count()
    };
    // SOURCE.md: 29,767 French and 27,941 English titles, none rejected.
    assert_eq!(count("fr"), 29_767);
    assert_eq!(count("en"), 27_941);
    let acct = &ing.ledger.files["statcan-noc-2021/noc_2021_example_titles_en_fr.csv"];
    assert_eq!((acct.rows_in, acct.rows_rejected), (57_708, 0));

    let fr = rows_of(&t, "72999", "fr");
    assert!(fr.contains(&"Serrurier/serrurière"), "{fr:?}");
    // Masculine and feminine split, the feminine capitalised like the title.
    let titles = t.text_column("example_title").unwrap();
    let masc = t.text_column("title_masculine").unwrap();
    let fem = t.text_column("title_feminine").unwrap();
    let i = titles
        .iter()
        .position(|x| *x == Some("Serrurier/serrurière"))
        .unwrap();
    assert_eq!((masc[i], fem[i]), (Some("Serrurier"), Some("Serrurière")));
    // The publisher's order is kept as positions 1, 2, … per list.
    let ugs = t.text_column("unit_group_id").unwrap();
    let pos = t.column("position").unwrap();
    let first = (0..t.len()).find(|&i| ugs[i] == Some("00010")).unwrap();
    assert_eq!(pos[first].display().as_deref(), Some("1"));
    assert_eq!(titles[first], Some("Aboriginal band chief"));
}

#[test]
fn corrupted_rows_are_set_aside_with_their_reason() {
    let dir = common::copy_sources();
    let path = examples_file(dir.path());
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("99999,fr,Inconnu/inconnue\n"); // not a unit group
    text.push_str("7299,fr,Serrurier\n"); // a minor group
    text.push_str("72999,de,Schlosser\n"); // no such language
    text.push_str("72999,fr,   \n"); // empty title
    text.push_str("72999,fr,Serrurier/serrurière \n"); // duplicate once trimmed
    text.push_str("72999,fr,Too,many\n"); // wrong column count
    std::fs::write(&path, text).unwrap();

    let mut ing = Ingest::new(dir.path());
    let gold = ingest::read_all(&mut ing).unwrap();
    let id = "statcan-noc-2021/noc_2021_example_titles_en_fr.csv";
    let acct = &ing.ledger.files[id];
    assert!(acct.balances());
    assert_eq!(acct.rows_rejected, 6);
    assert_eq!(gold.get("noc_example_titles").unwrap().len(), 57_708);
    let codes: Vec<RejectCode> = ing
        .ledger
        .rejects
        .iter()
        .filter(|r| r.file == id)
        .map(|r| r.code)
        .collect();
    for c in [
        RejectCode::UnknownCode,
        RejectCode::BadCode,
        RejectCode::MissingValue,
        RejectCode::DuplicateKey,
        RejectCode::ColumnCount,
    ] {
        assert!(codes.contains(&c), "{c:?} not in {codes:?}");
    }
}

#[test]
fn a_mirror_without_the_file_still_builds_and_says_so() {
    let dir = common::copy_sources();
    std::fs::remove_file(examples_file(dir.path())).unwrap();
    let mut ing = Ingest::new(dir.path());
    let gold = ingest::read_all(&mut ing).unwrap();
    assert_eq!(gold.get("noc_example_titles").unwrap().len(), 0);
    assert_eq!(gold.notices.len(), 1);
    assert!(
        gold.notices[0].contains("French example titles are missing"),
        "{}",
        gold.notices[0]
    );
    // The rest of the model is untouched.
    assert_eq!(gold.get("dim_noc").unwrap().len(), 822);
}

#[test]
fn the_commands_that_train_from_the_sources_warn_when_the_file_is_missing() {
    let dir = common::copy_sources();
    let examples = examples_file(dir.path());
    let resolve = |sources: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jobforge"))
            .args(["resolve", "--unit-group", "21232", "Software developer"])
            .arg("--sources")
            .arg(sources)
            .output()
            .expect("run jobforge resolve")
    };
    let with = resolve(dir.path());
    assert!(with.status.success(), "{with:?}");
    assert!(
        !String::from_utf8_lossy(&with.stderr).contains("warning"),
        "{with:?}"
    );
    std::fs::remove_file(examples).unwrap();
    let without = resolve(dir.path());
    // Still answers (the resolver does not need the file), and says why
    // French search from these sources is weaker.
    assert!(without.status.success(), "{without:?}");
    assert!(String::from_utf8_lossy(&without.stdout).contains("21232.00"));
    let err = String::from_utf8_lossy(&without.stderr);
    assert!(
        err.contains(
            "warning: statcan-noc-2021/noc_2021_example_titles_en_fr.csv is not in the sources"
        ),
        "{err}"
    );
}
