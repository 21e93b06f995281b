//! Property tests of `SearchIndex::from_bytes`, which the app runs on the
//! index file it downloads: corrupt or truncated bytes must give an error,
//! never a panic, and never an allocation sized by a corrupt length.
//!
//! postcard reads sequences through serde, whose `Vec`/`HashMap` visitors
//! preallocate at most 1 MiB whatever length the bytes claim, so a corrupt
//! length fails at the end of the input instead of allocating it.
//!
//! 256 cases per property keep `cargo test` fast; for a longer hunt run
//! e.g. `PROPTEST_CASES=100000 cargo test -j 1 -p jobforge-core --test prop_index`.

use std::sync::OnceLock;

use jobforge_core::search::{Lang, SearchConfig, SearchIndex, Source, TitleEntry, UnitGroup};
use proptest::prelude::*;

// Byte mutations shared with the app's parquet decoding tests.
mod mutate;
use mutate::{mutate, mutations};

/// A small real index, encoded.
fn encoded() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let ug = |c: &str, t: &str| UnitGroup {
            code: c.into(),
            title_en: t.into(),
            title_fr: None,
            profiles: vec![(format!("{c}.00"), t.into())],
        };
        let title = |t: &str, lang, c: &str, key: Option<&str>| {
            TitleEntry::new(
                t,
                lang,
                Source::JobArchitecture,
                vec![c.into()],
                key.map(str::to_string),
            )
        };
        let index = SearchIndex::build(
            &[
                title("registered nurse", Lang::En, "31301", Some("a")),
                title("infirmière autorisée", Lang::Fr, "31301", Some("a")),
                title("electrician", Lang::En, "72200", Some("b")),
                title("électricien", Lang::Fr, "72200", Some("b")),
                title("plumber", Lang::En, "72300", None),
            ],
            vec![
                ug("31301", "Registered nurses"),
                ug("72200", "Electricians"),
                ug("72300", "Plumbers"),
            ],
            &SearchConfig::default(),
        )
        .expect("index");
        index.to_bytes().expect("encode")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn arbitrary_bytes_are_an_error_not_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        prop_assert!(SearchIndex::from_bytes(&bytes).is_err());
    }

    #[test]
    fn mutated_indexes_decode_or_fail_without_panicking(ms in mutations()) {
        let bytes = mutate(encoded(), &ms);
        let _ = SearchIndex::from_bytes(&bytes);
    }

    /// A mutation that still decodes may point outside the index's own
    /// tables: `from_bytes` refuses it, so a search never panics.
    #[test]
    fn a_mutated_index_that_decodes_searches_without_panicking(ms in mutations()) {
        let bytes = mutate(encoded(), &ms);
        if let Ok(i) = SearchIndex::from_bytes(&bytes) {
            let _ = i.search("registered nurse", 5);
        }
    }
}

#[test]
fn the_valid_bytes_decode_and_every_cut_fails() {
    let bytes = encoded();
    let index = SearchIndex::from_bytes(bytes).expect("decode");
    assert_eq!(
        index.search("registered nurse", 1).hits[0].unit_group,
        "31301"
    );
    for cut in 0..bytes.len() {
        assert!(
            SearchIndex::from_bytes(&bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
}
