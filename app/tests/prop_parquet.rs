//! Property tests of the app's parquet decoding (`Frame::decode`, then the
//! SQL console's tables), which runs on files the visitor's browser
//! downloads: corrupt or truncated bytes must give an error naming the
//! file, never a panic (a panic in the wasm is a dead page).
//!
//! 256 cases per property keep `cargo test` fast; for a longer hunt run
//! e.g. `PROPTEST_CASES=100000 cargo test --release -p wiq-app --test prop_parquet`.

use std::sync::OnceLock;

use jobforge::emit::parquet::encode;
use jobforge::table::{col, Kind, TableBuilder, Value};
use proptest::prelude::*;
use wiq_app::parquet_read::{Cell, Frame};
use wiq_app::sql;

#[path = "../../core/tests/mutate/mod.rs"]
mod mutate;
use mutate::{mutate, mutations};

const FILE: &str = "sample.parquet";

/// A small table with every kind of column the build writes, encoded as
/// the build encodes its tables (snappy, statistics per chunk).
fn encoded() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut t = TableBuilder::new(
            "sample",
            vec![
                col("noc_code", Kind::Text),
                col("title_fr", Kind::Text).nullable(),
                col("employment", Kind::Int).nullable(),
                col("growth", Kind::Float).nullable(),
                col("shortage", Kind::Bool).nullable(),
            ],
        );
        let rows = [
            (
                "31301",
                Some("Infirmières autorisées"),
                Some(113_100),
                Some(1.5),
                Some(true),
            ),
            (
                "72200",
                Some("Électriciens"),
                None,
                Some(-0.25),
                Some(false),
            ),
            ("72300", None, Some(41_900), None, None),
        ];
        for (code, fr, emp, growth, short) in rows {
            t.push(vec![
                Value::text(code),
                Value::opt_text(fr),
                Value::opt_int(emp),
                Value::opt_float(growth),
                short.map_or(Value::Null, Value::Bool),
            ])
            .expect("row fits the schema");
        }
        encode(&t.finish()).expect("encode")
    })
}

/// Decoding succeeded or failed with an error naming the file; a frame
/// that decodes also becomes a console table or an error.
fn decode_without_panicking(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    match Frame::decode(FILE, bytes) {
        Ok(frame) => {
            let _ = sql::table("sample", &frame);
        }
        Err(e) => prop_assert!(e.to_string().contains(FILE), "{e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn arbitrary_bytes_are_an_error_not_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        decode_without_panicking(bytes)?;
    }

    #[test]
    fn mutated_files_decode_or_fail_without_panicking(ms in mutations()) {
        decode_without_panicking(mutate(encoded(), &ms))?;
    }
}

#[test]
fn the_valid_file_decodes_to_its_cells_and_every_cut_fails() {
    let bytes = encoded();
    let frame = Frame::decode(FILE, bytes.to_vec()).expect("decode");
    assert_eq!(frame.rows, 3);
    assert_eq!(
        frame.text("title_fr").expect("text column"),
        [Some("Infirmières autorisées"), Some("Électriciens"), None]
    );
    assert_eq!(
        frame.int("employment").expect("int column"),
        [Some(113_100), None, Some(41_900)]
    );
    assert_eq!(
        frame.cells("growth").expect("float column"),
        [Cell::Float(1.5), Cell::Float(-0.25), Cell::Null]
    );
    assert_eq!(
        frame.boolean("shortage").expect("bool column"),
        [Some(true), Some(false), None]
    );
    for cut in 0..bytes.len() {
        let e = Frame::decode(FILE, bytes[..cut].to_vec()).expect_err("a cut file is an error");
        assert!(e.to_string().contains(FILE), "cut at {cut}: {e}");
    }
}
