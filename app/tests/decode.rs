//! The app decodes exactly what the build wrote: a real build with the app
//! included, then the app's own decoders (the code the wasm runs) over its
//! files, compared with the build's in-memory model.

use std::path::{Path, PathBuf};

use jobforge::pipeline::{self, BuildOptions};
use wiq_app::data;

// The build's test helpers: where the real sources are, build options.
#[path = "../../build/tests/common/mod.rs"]
mod common;
use common::{content, sources};

/// Trunk's outputs, as `scripts/build-app.sh` lays them out: the files
/// the build copies into the site (its own lists, so they cannot drift).
fn app_files() -> impl Iterator<Item = String> {
    use jobforge::emit::site::app::{FILES, QUERY_FILES};
    FILES
        .iter()
        .map(|f| f.to_string())
        .chain(QUERY_FILES.iter().map(|f| format!("query/{f}")))
}

struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

/// A real build, with stand-in app files (their bytes are only copied),
/// made once for the tests of this file.
fn build() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(make)
}

fn make() -> Built {
    let dir = common::static_tempdir("app-build");
    let app = dir.path().join("trunk");
    std::fs::create_dir_all(&app).expect("app dir");
    std::fs::create_dir_all(app.join("query")).expect("query dir");
    for f in app_files() {
        std::fs::write(app.join(&f), format!("stand-in {f}")).expect("write");
    }
    let out = dir.path().join("site");
    pipeline::run(&BuildOptions {
        app: Some(app),
        ..common::options(&sources(), &out)
    })
    .expect("build with the app");
    Built { _dir: dir, out }
}

fn read(out: &Path, file: &str) -> Vec<u8> {
    std::fs::read(out.join("data").join(file)).expect(file)
}

#[test]
fn the_app_decodes_what_the_build_wrote() {
    let b = build();
    let gold = pipeline::load(&sources(), None, true).expect("load");

    // The search index: decoded, it encodes back to the very same bytes,
    // and a fresh training on the same tables gives the same bytes
    // (deterministic, and the CLI's index is the app's).
    let bytes = read(&b.out, data::SEARCH_INDEX);
    let index = data::decode_index(&bytes).expect("index decodes");
    assert_eq!(index.to_bytes().expect("encode"), bytes);
    let again = jobforge::search_data::build_index(&gold, &Default::default()).expect("train");
    assert!(
        again.to_bytes().expect("encode") == bytes,
        "training is not deterministic"
    );
    let welder = index.search("soudeuse", 3);
    assert!(
        welder.hits.iter().any(|h| h.unit_group == "72106"),
        "{:?}",
        welder
            .hits
            .iter()
            .map(|h| &h.unit_group)
            .collect::<Vec<_>>()
    );

    // Every file under data/ passes the app's check against the build's
    // SHA256SUMS, and each parquet file the app decodes is listed.
    let sums =
        data::Checksums::parse(&String::from_utf8(read(&b.out, data::CHECKSUMS)).expect("utf-8"))
            .expect("SHA256SUMS parses");
    let tables = data::RESOLVER_TABLES.iter().chain(&data::CATALOG_TABLES);
    for file in tables.map(|t| data::parquet_file(t)).chain([
        data::SEARCH_INDEX.to_string(),
        "lineage/03-emit.json".into(),
    ]) {
        sums.check(&file, &read(&b.out, &file)).expect("checksum");
    }

    // The resolver, from three parquet files, equals the build's.
    let files = data::RESOLVER_TABLES.map(|t| read(&b.out, &data::parquet_file(t)));
    let resolver = data::decode_resolver(files).expect("resolver decodes");
    let expected = jobforge::model::resolution::resolver_data(&gold).expect("resolver");
    assert_eq!(resolver, expected);
    assert_eq!(resolver.unit_groups.len(), 516);

    // The catalogue and lineage, from four parquet files, equal the build's.
    let files = data::CATALOG_TABLES.map(|t| read(&b.out, &data::parquet_file(t)));
    let catalog = data::decode_catalog(files).expect("catalog decodes");
    let meta = pipeline::load_with_metadata(&sources(), None, true, &content()).expect("metadata");
    let expected = jobforge::model::ask_catalog::catalog(&meta).expect("catalog");
    assert_eq!(catalog.tables.len(), expected.tables.len());
    assert_eq!(catalog, expected);

    // The search pages mount the app; its files are under app/.
    for (page, lang) in [
        ("en/search/index.html", "en"),
        ("fr/recherche/index.html", "fr"),
    ] {
        let html = std::fs::read_to_string(b.out.join(page)).expect(page);
        assert!(html.contains(r#"id="wiq-app""#), "{page}");
        assert!(html.contains(&format!(r#"data-lang="{lang}""#)), "{page}");
        assert!(html.contains(r#"src="../../app/boot.js""#), "{page}");
        assert!(
            html.contains("'wasm-unsafe-eval'"),
            "{page}: the CSP lets the wasm run"
        );
    }
    for f in ["boot.js", "wiq-app.js", "wiq-app_bg.wasm"] {
        assert_eq!(
            std::fs::read_to_string(b.out.join("app").join(f)).expect(f),
            format!("stand-in {f}")
        );
    }
}

#[test]
fn truncated_and_foreign_files_are_errors_naming_the_file() {
    let b = build();
    let good = read(&b.out, "dim_oasis_profile.parquet");
    let noc = read(&b.out, "dim_noc.parquet");
    let ex = read(&b.out, "element_example_titles.parquet");
    for bad in [
        good[..good.len() / 2].to_vec(),
        b"PAR1 not parquet".to_vec(),
        Vec::new(),
    ] {
        let e = data::decode_resolver([noc.clone(), bad, ex.clone()]).expect_err("must fail");
        assert_eq!(e.file(), "dim_oasis_profile.parquet", "{e}");
    }
    let index = read(&b.out, data::SEARCH_INDEX);
    let e = data::decode_index(&index[..index.len() - 1000]).expect_err("truncated index");
    assert_eq!(e.file(), data::SEARCH_INDEX);
    // A parquet file of another table: a missing column, named.
    let e = data::decode_resolver([noc.clone(), noc.clone(), ex]).expect_err("wrong table");
    assert_eq!(e.file(), "dim_oasis_profile.parquet", "{e}");
    assert!(e.to_string().contains("no column"), "{e}");
}

#[derive(serde::Deserialize)]
struct QuestionSet {
    q: Vec<SetQuestion>,
}

#[derive(serde::Deserialize)]
struct SetQuestion {
    id: String,
    question: String,
}

/// Asks the question box's worker as the page does: the tables with the
/// first question, then the names it asks for, resolved with the index.
fn ask_worker(
    engine: &mut wiq_app::query_worker::Engine,
    tables: &mut Vec<(String, Vec<u8>)>,
    index: &jobforge_core::search::SearchIndex,
    question: &str,
) -> wiq_app::query_worker::Reply {
    use jobforge_core::ask::data::Resolver;
    use wiq_app::query_worker::{decode, encode, Reply, Request};
    let mut names = Vec::new();
    for _ in 0..3 {
        let request = Request::Ask {
            tables: std::mem::take(tables),
            question: question.to_string(),
            names: names.clone(),
        };
        let request = decode(&encode(&request)).expect("request decodes");
        let reply = engine.handle(request, &|| 0.0).expect("an ask replies");
        match decode::<Reply>(&encode(&reply)).expect("reply decodes") {
            Reply::Names(asked) => names.extend(asked.into_iter().map(|n| {
                let r = index.resolve(&n);
                (n, r)
            })),
            other => return other,
        }
    }
    panic!("{question}: the worker kept asking for names");
}

/// The question box in the browser answers the data-question test set
/// (`build/tests/data/ask/questions.toml`, graded against DuckDB by
/// `build/tests/ask_data.rs`) exactly as `jobforge ask` does: the same
/// kind, SQL, rows and sentence, from the parquet files the site serves.
#[test]
fn the_question_box_answers_the_test_set_as_jobforge_ask_does() {
    use jobforge::cli::ask_data;
    use jobforge_core::ask::data::{self as ask, Reply as Kind};
    use wiq_app::query_worker::{Engine, Reply, Shown};

    let b = build();
    let index = data::decode_index(&read(&b.out, data::SEARCH_INDEX)).expect("index");
    let files = data::CATALOG_TABLES.map(|t| read(&b.out, &data::parquet_file(t)));
    let catalog = data::decode_catalog(files).expect("catalog decodes");
    let db = jobforge::cli::query::load_parquet_dir(&b.out.join("data")).expect("gold parquet");
    let vocab = ask_data::vocab(&db);
    let set: QuestionSet = toml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../build/tests/data/ask/questions.toml"),
        )
        .expect("the test set"),
    )
    .expect("the test set parses");
    assert!(set.q.len() >= 60, "{} questions", set.q.len());

    let mut engine = Engine::new();
    let mut tables: Vec<(String, Vec<u8>)> = ask::tables()
        .chain(data::CATALOG_TABLES)
        .map(|t| (t.to_string(), read(&b.out, &data::parquet_file(t))))
        .collect();
    let mut data_answers = 0;
    for q in &set.q {
        let cli = ask_data::ask(&db, &vocab, &catalog, &index, &q.question, None)
            .unwrap_or_else(|e| panic!("{}: {e:#}", q.id));
        match (
            ask_worker(&mut engine, &mut tables, &index, &q.question),
            &cli.reply,
        ) {
            (Reply::Answer(a), Kind::Data(c)) => {
                let rows = cli.result.as_ref().expect("the CLI ran the SQL");
                assert_eq!(a.sql, c.sql, "{}", q.id);
                assert_eq!(a.result, Shown::of(rows), "{}", q.id);
                assert_eq!(a.sentence, cli.answer(), "{}", q.id);
                assert_eq!(a.notes, c.notes, "{}", q.id);
                assert_eq!(a.cites, c.cites, "{}", q.id);
                data_answers += 1;
            }
            (Reply::Metadata(a), Kind::Metadata(c)) => assert_eq!(*a, *c, "{}", q.id),
            (Reply::Missed(n), Kind::NotUnderstood(c)) => assert_eq!(*n, *c, "{}", q.id),
            (other, _) => panic!(
                "{}: the worker replied {other:?}, the CLI {}",
                q.id,
                cli.reply.kind()
            ),
        }
    }
    assert!(data_answers >= 50, "{data_answers} data answers");
}
