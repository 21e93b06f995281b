//! Property tests of search-query normalisation: `fold`, `strip_feminine`,
//! `slash_forms` and `exact_key` take whatever a visitor types or a file
//! holds, so they must never panic on any Unicode.
//!
//! 256 cases per property keep `cargo test` fast; for a longer hunt run
//! e.g. `PROPTEST_CASES=100000 cargo test -j 1 -p jobforge-core --test prop_text`.

use jobforge_core::search::text::{exact_key, fold, slash_forms, strip_feminine};
use jobforge_core::search::Lang;
use proptest::prelude::*;

/// Titles made of the pieces normalisation looks at (slashes, parentheses,
/// feminine endings, apostrophes, accents, combining marks) more often than
/// random text has them.
fn titleish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(" - ".to_string()),
        Just("·".to_string()),
        Just("(e)".to_string()),
        Just("(ne)".to_string()),
        Just("ière".to_string()),
        Just("euse".to_string()),
        Just("trice".to_string()),
        Just("l'".to_string()),
        Just("’".to_string()),
        Just("\u{301}".to_string()),
        Just("ß".to_string()),
        Just("İ".to_string()),
        Just(" ".to_string()),
        "[a-zA-Zéèêàç]{0,6}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn normalisation_never_panics(s in prop_oneof![any::<String>(), titleish()]) {
        let folded = fold(&s);
        let _ = fold(&folded);
        let _ = strip_feminine(&s);
        let _ = strip_feminine(&folded);
        for f in slash_forms(&s) {
            let _ = fold(&f);
        }
        let _ = exact_key(&s, Lang::En);
        let _ = exact_key(&s, Lang::Fr);
    }
}
