//! Property tests of the app's parquet loading, which runs on files the
//! visitor's browser downloads: damaged or truncated bytes must give an
//! error naming the file, never a panic (a panic in the wasm is a dead
//! page).
//!
//! The hunt found that the parquet crate's record reader itself panics on
//! some damaged files (a negative column-chunk offset in the footer, now
//! refused by `Frame::decode`; a dictionary page whose byte-array lengths
//! run past the page, inside the crate). So the app checks every parquet
//! download against the build's `data/SHA256SUMS` before decoding
//! (`Checksums::check`), and these properties follow that path: the
//! decoder only ever sees the bytes the build wrote.
//!
//! 256 cases per property keep `cargo test` fast; for a longer hunt run
//! e.g. `PROPTEST_CASES=100000 cargo test --release -p wiq-app --test prop_parquet`.

use std::sync::OnceLock;

use jobforge::emit::parquet::encode;
use jobforge::table::{col, Kind, TableBuilder, Value};
use proptest::prelude::*;
use wiq_app::data::{sha256_hex, Checksums};
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

/// The build's checksum of the valid file.
fn checksums() -> Checksums {
    let hex = sha256_hex(encoded());
    Checksums::parse(&format!("{hex}  {FILE}\n")).expect("sums")
}

/// Loading as the app does (checksum, then decoding) succeeded or failed
/// with an error naming the file; a frame that decodes also becomes a
/// console table or an error.
fn load_without_panicking(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let loaded = checksums()
        .check(FILE, &bytes)
        .map_err(|e| e.to_string())
        .and_then(|()| Frame::decode(FILE, bytes).map_err(|e| e.to_string()));
    match loaded {
        Ok(frame) => {
            let _ = sql::table("sample", &frame);
        }
        Err(e) => prop_assert!(e.contains(FILE), "{e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    /// Without a checksum in the way: bytes that are not parquet at all.
    #[test]
    fn arbitrary_bytes_are_an_error_not_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        let e = Frame::decode(FILE, bytes).expect_err("not parquet");
        prop_assert!(e.to_string().contains(FILE), "{e}");
    }

    #[test]
    fn damaged_files_load_or_fail_without_panicking(ms in mutations()) {
        load_without_panicking(mutate(encoded(), &ms))?;
    }

    /// A damaged download is refused as such, whatever the damage.
    #[test]
    fn a_changed_file_fails_its_checksum(ms in mutations()) {
        let bytes = mutate(encoded(), &ms);
        prop_assume!(bytes != encoded());
        let e = checksums().check(FILE, &bytes).expect_err("damaged");
        prop_assert!(e.to_string().contains("damaged"), "{e}");
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
