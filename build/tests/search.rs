//! Free-text search, batch coding and evaluation on the real sources.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use jobforge::cli::code::{self, CodeArgs};
use jobforge::cli::eval::{self, EvalArgs};
use jobforge::search_data::{self, SearchData};
use jobforge_core::search::{
    Lang, SearchConfig, SearchIndex, Source, Status, TitleEntry, UnitGroup,
};

struct Fixture {
    gold: jobforge::model::Gold,
    index: SearchIndex,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let gold = jobforge::pipeline::load(&common::sources(), None, true).expect("sources load");
        let data = search_data::gather(&gold).expect("search data");
        let index = SearchIndex::build(
            &data.entries,
            data.unit_groups.clone(),
            &SearchConfig::default(),
        )
        .expect("index builds");
        Fixture { gold, index }
    })
}

fn top(index: &SearchIndex, q: &str, n: usize) -> Vec<String> {
    index
        .search(q, n)
        .hits
        .into_iter()
        .map(|h| h.unit_group)
        .collect()
}

#[test]
fn indexes_every_source() {
    let s = fixture().index.stats();
    for src in Source::ALL {
        assert!(
            s.titles_by_source.get(src.as_str()).copied().unwrap_or(0) > 0,
            "no titles from {}: {:?}",
            src.as_str(),
            s.titles_by_source
        );
    }
    assert_eq!(fixture().index.unit_groups().len(), 516);
    assert!(
        s.lexicon_words > 300,
        "lexicon has {} words",
        s.lexicon_words
    );
}

#[test]
fn fixture_files_find_their_unit_groups() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/search");
    let mut failures = Vec::new();
    let mut n = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("fixture file");
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (q, want, k) = if let Some((q, w)) = line.split_once("=>5") {
                (q.trim(), w.trim(), 5)
            } else if let Some((q, w)) = line.split_once("=>") {
                (q.trim(), w.trim(), 1)
            } else {
                panic!("{}:{}: expected `query => code`", path.display(), i + 1);
            };
            n += 1;
            let got = top(&fixture().index, q, k);
            if !got.iter().any(|c| c == want) {
                failures.push(format!(
                    "{}:{}: {q:?} wanted {want} in top {k}, got {got:?}",
                    path.display(),
                    i + 1
                ));
            }
        }
    }
    assert!(n >= 20, "only {n} fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn oasis_example_titles_map_to_their_unit_group() {
    // Every 40th OaSIS example title: they are indexed, so nearly all must
    // come back first (a few are shared by two unit groups).
    let ex = fixture().gold.get("element_example_titles").expect("table");
    let ugs = ex.text_column("unit_group_id").expect("col");
    let titles = ex.text_column("job_title").expect("col");
    let (mut n, mut top1, mut top5) = (0, 0, 0);
    for i in (0..ex.len()).step_by(40) {
        let (Some(ug), Some(t)) = (ugs[i], titles[i]) else {
            continue;
        };
        let got = top(&fixture().index, t, 5);
        n += 1;
        top1 += usize::from(got.first().map(String::as_str) == Some(ug));
        top5 += usize::from(got.iter().any(|c| c == ug));
    }
    assert!(n > 400);
    assert!(top1 * 100 >= n * 85, "top-1 {top1} of {n}");
    assert!(top5 * 100 >= n * 97, "top-5 {top5} of {n}");
}

#[test]
fn typos_and_hits_carry_their_evidence() {
    let r = fixture().index.search("sofware developer", 5);
    let best = &r.hits[0];
    assert!(
        ["21231", "21232"].contains(&best.unit_group.as_str()),
        "{r:?}"
    );
    assert!(best.matched_title.is_some() && best.matched_source.is_some());
    assert!(best
        .profile_code
        .as_deref()
        .is_some_and(|p| p.starts_with(&best.unit_group)));
    assert!(best.confidence > 0.0 && best.confidence <= 1.0);
    assert!(best.explanation_en.contains(&best.unit_group));
    assert!(best.explanation_fr.contains("confiance"));
    let sum: f32 = r.hits.iter().map(|h| h.confidence).sum();
    assert!(sum <= 1.0001);
    // An exact OaSIS title says so.
    let r = fixture().index.search("apprentice carpenter", 1);
    assert!(r.hits[0].exact, "{r:?}");
    assert_eq!(r.status, Status::Confident);
}

#[test]
fn french_queries_are_detected_and_translated() {
    let idx = &fixture().index;
    assert_eq!(idx.detect_lang("Infirmière autorisée"), Lang::Fr);
    assert_eq!(idx.detect_lang("Gestionnaire des finances"), Lang::Fr);
    assert_eq!(idx.detect_lang("Financial manager"), Lang::En);
    let r = idx.search("Gestionnaire des finances", 5);
    assert!(
        r.translation
            .as_deref()
            .is_some_and(|t| t.contains("manager")),
        "{r:?}"
    );
}

#[test]
fn gibberish_and_empty_abstain() {
    for q in ["", "   ", "qqqxzv zzkkwj"] {
        let r = fixture().index.search(q, 5);
        assert_eq!(r.status, Status::Abstain, "{q:?}: {r:?}");
        assert!(r.hits.is_empty());
    }
}

#[test]
fn index_round_trips_through_bytes() {
    let idx = &fixture().index;
    let bytes = idx.to_bytes().expect("encode");
    let back = SearchIndex::from_bytes(&bytes).expect("decode");
    for q in [
        "sofware developer",
        "Infirmière autorisée",
        "Director General - Oceanography",
    ] {
        assert_eq!(idx.search(q, 5), back.search(q, 5));
    }
    assert!(SearchIndex::from_bytes(&bytes[..bytes.len() / 2]).is_err());
}

#[test]
fn batch_coding_keeps_every_row_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    let output = dir.path().join("out.csv");
    let mut body =
        b"id,title,ug,extra\n1,software programmer,,a\n2,,,b\n3,\"emergency nurse\",,c\n".to_vec();
    body.extend_from_slice(b"4,\xff\xfe bad,,d\n5,   ,,e\n6,Administrative assistant,13110,f\n7,Infirmi\xc3\xa8re autoris\xc3\xa9e,,g\n");
    std::fs::write(&input, body).expect("write");
    let resolver = jobforge::model::resolution::resolver_data(&fixture().gold).expect("resolver");
    let args = CodeArgs {
        input: &input,
        output: &output,
        title_column: "title",
        unit_group_column: Some("ug"),
        threads: 2,
        bom: false,
    };
    let s = code::run(&fixture().index, Some(&resolver), &args).expect("code");
    assert_eq!(s.rows, 7);
    assert_eq!(s.invalid, 3);
    let mut r = csv::Reader::from_path(&output).expect("read output");
    let h: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(&h[..4], ["id", "title", "ug", "extra"]);
    assert_eq!(&h[4..], code::ADDED_COLUMNS);
    // The invalid-UTF-8 cell is written back byte for byte, so read bytes.
    let rows: Vec<Vec<String>> = r
        .byte_records()
        .map(|x| {
            x.expect("row")
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect()
        })
        .collect();
    let ids: Vec<&str> = rows.iter().map(|x| x[0].as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6", "7"]);
    let col = |name: &str| h.iter().position(|c| c == name).expect("column");
    let (code, method, review, alts) = (
        col("noc_code"),
        col("method"),
        col("needs_review"),
        col("alternatives"),
    );
    assert_eq!(&rows[0][code], "21232");
    assert_eq!(&rows[0][method], "SEARCH");
    assert_eq!(rows[0][alts].split('|').count(), 4);
    for i in [1, 3, 4] {
        assert_eq!(&rows[i][method], "INVALID_INPUT", "row {}", i + 1);
        assert_eq!(&rows[i][review], "true");
        assert_eq!(&rows[i][code], "");
    }
    assert_eq!(&rows[2][code], "31301");
    assert_eq!(&rows[3][3], "d", "other columns are kept on invalid rows");
    assert_eq!(&rows[5][code], "13110");
    assert_ne!(
        &rows[5][method], "SEARCH",
        "a given unit group goes through the resolver"
    );
    assert_eq!(&rows[6][code], "31301");
}

/// A title filed under one code, with no profile.
fn entry(text: &str, lang: Lang, source: Source, code: &str, key: Option<&str>) -> TitleEntry {
    TitleEntry::new(
        text,
        lang,
        source,
        vec![code.into()],
        key.map(str::to_string),
    )
}

/// Two unit groups and a job-architecture row (`ja:7`) whose made-up title
/// only that row carries.
fn tiny_data() -> SearchData {
    let ug = |c: &str, t: &str| UnitGroup {
        code: c.into(),
        title_en: t.into(),
        title_fr: None,
        profiles: vec![(format!("{c}.00"), t.into())],
    };
    SearchData {
        unit_groups: vec![ug("11111", "Widget makers"), ug("22222", "Plumbers")],
        entries: vec![
            entry(
                "zorblax quintessor",
                Lang::En,
                Source::JobArchitecture,
                "11111",
                Some("ja:7"),
            ),
            entry(
                "quintessor zorblax",
                Lang::Fr,
                Source::JobArchitecture,
                "11111",
                Some("ja:7"),
            ),
            entry(
                "widget maker",
                Lang::En,
                Source::OasisExample,
                "11111",
                None,
            ),
            entry("plumber", Lang::En, Source::OasisExample, "22222", None),
            entry(
                "pipe fitter",
                Lang::En,
                Source::JobArchitecture,
                "22222",
                Some("ja:8"),
            ),
        ],
    }
}

/// A tiny index where the only title that matches the query is the query's
/// own job-architecture row: evaluation must not find it.
#[test]
fn eval_leaves_the_query_row_out_of_the_index() {
    let data = tiny_data();
    let cfg = SearchConfig::default();
    // Sanity: with the row in the index, the query finds it.
    let full = SearchIndex::build(&data.entries, data.unit_groups.clone(), &cfg).expect("index");
    assert_eq!(top(&full, "zorblax quintessor", 1), ["11111"]);

    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("gold.csv");
    std::fs::write(
        &input,
        "JT_ID,Job_Title,2021_NOC_UID\n7,zorblax quintessor,11111\n",
    )
    .expect("write");
    let titles = vec!["Job_Title".to_string()];
    let args = EvalArgs {
        input: &input,
        title_columns: &titles,
        gold_column: "2021_NOC_UID",
        id_column: Some("JT_ID"),
        folds: 5,
        lang: Some(Lang::En),
        save_index: None,
    };
    let r = eval::run(&data, &cfg, &args).expect("eval");
    assert_eq!(r.left_out_rows, 1);
    let en = &r.by_lang[&Lang::En];
    assert_eq!(en.rows, 1);
    assert_eq!(en.top5[0], 0, "the row was scored against itself: {r:?}");
    assert_eq!(en.abstained, 1);
    // `--rows`: every evaluated row with what the search answered.
    let rows = String::from_utf8(eval::rows_csv(&r).expect("rows csv")).expect("utf-8");
    assert_eq!(
        rows.lines().collect::<Vec<_>>(),
        [
            "lang,title,gold,gold_rank,status,confidence,ranked,translation,fold",
            "en,zorblax quintessor,11111,,abstain,0.000,,,0"
        ]
    );

    // Without an id column the row is still recognised by its title.
    std::fs::write(&input, "Job_Title,2021_NOC_UID\nZorblax Quintessor,11111\n").expect("write");
    let args = EvalArgs {
        id_column: None,
        ..args
    };
    let r = eval::run(&data, &cfg, &args).expect("eval");
    assert_eq!(r.left_out_rows, 1);
    assert_eq!(r.by_lang[&Lang::En].top5[0], 0);
}

/// `--rows` shows what the lexicon made of a French title: the English
/// rendering it was also scored with.
#[test]
fn eval_rows_carry_a_french_titles_english_rendering() {
    let mut data = tiny_data();
    for (text, lang) in [("plumber", Lang::En), ("plombier", Lang::Fr)] {
        data.entries.push(entry(
            text,
            lang,
            Source::CopsTitle,
            "22222",
            Some("cops:22222"),
        ));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("gold.csv");
    std::fs::write(&input, "Titre,CNP\nPlombier,22222\n").expect("write");
    let titles = vec!["Titre".to_string()];
    let args = EvalArgs {
        input: &input,
        title_columns: &titles,
        gold_column: "CNP",
        id_column: None,
        folds: 5,
        lang: Some(Lang::Fr),
        save_index: None,
    };
    let r = eval::run(&data, &SearchConfig::default(), &args).expect("eval");
    let rows = String::from_utf8(eval::rows_csv(&r).expect("rows csv")).expect("utf-8");
    let row = rows.lines().nth(1).expect("one row");
    assert!(row.starts_with("fr,Plombier,22222,1,"), "{row}");
    // Not in the index (no job-architecture row): the full index answered.
    assert!(row.ends_with(",plumber,"), "{row}");
}

/// `jobforge search` and `code` keep trained indexes: a second call reads
/// the file, other settings or another program get another file, and a
/// file that does not decode is trained again and replaced.
#[test]
fn index_cache_reuses_and_replaces() {
    use jobforge::search_cache;
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = SearchConfig::default();
    let (first, err) =
        search_cache::get_or_build(dir.path(), tiny_data(), &cfg, b"v1").expect("index");
    assert!(err.is_none(), "{err:?}");
    let path = search_cache::path(dir.path(), &tiny_data(), &cfg, b"v1");
    let stored = std::fs::read(&path).expect("cache file written");
    assert_eq!(stored, first.to_bytes().expect("bytes"));

    // A hit: the stored file is what comes back (mark it to tell).
    let other = SearchConfig {
        exact_boost: 7.0,
        ..cfg.clone()
    };
    let marked = SearchIndex::build(&tiny_data().entries, tiny_data().unit_groups, &other)
        .expect("index")
        .to_bytes()
        .expect("bytes");
    assert_ne!(marked, stored);
    std::fs::write(&path, &marked).expect("write");
    let (hit, _) = search_cache::get_or_build(dir.path(), tiny_data(), &cfg, b"v1").expect("index");
    assert_eq!(hit.to_bytes().expect("bytes"), marked);

    // The key covers the settings, the program and the titles.
    assert_ne!(
        search_cache::path(dir.path(), &tiny_data(), &other, b"v1"),
        path
    );
    assert_ne!(
        search_cache::path(dir.path(), &tiny_data(), &cfg, b"v2"),
        path
    );
    let mut fewer = tiny_data();
    fewer.entries.pop();
    assert_ne!(search_cache::path(dir.path(), &fewer, &cfg, b"v1"), path);

    // Storing an index removes the others (another program's here).
    search_cache::get_or_build(dir.path(), tiny_data(), &cfg, b"v2").expect("index");
    assert!(search_cache::path(dir.path(), &tiny_data(), &cfg, b"v2").exists());
    assert!(!path.exists());
    let files = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(files, 1, "only the newest index is kept");

    // A corrupt file is a miss: trained again and replaced.
    std::fs::write(&path, b"not an index").expect("write");
    let (again, err) =
        search_cache::get_or_build(dir.path(), tiny_data(), &cfg, b"v1").expect("index");
    assert!(err.is_none(), "{err:?}");
    assert_eq!(again.to_bytes().expect("bytes"), stored);
    assert_eq!(std::fs::read(&path).expect("read"), stored);
}
