//! Mutations of valid bytes (a byte replaced, a cut, bytes inserted, a huge
//! varint length) for the decoding property tests: `core`'s index and the
//! app's parquet (included there with `#[path]`).

use proptest::prelude::*;

/// A change to valid bytes: a byte replaced, a cut, bytes inserted.
#[derive(Debug, Clone)]
pub enum Mutation {
    Set(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    /// A varint length made huge: `0xFF…` at a position.
    Huge(usize),
}

pub fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let m = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Huge),
    ];
    proptest::collection::vec(m, 1..4)
}

pub fn mutate(bytes: &[u8], ms: &[Mutation]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for m in ms {
        let n = b.len().max(1);
        match m {
            Mutation::Set(i, v) => {
                if !b.is_empty() {
                    b[i % n] = *v;
                }
            }
            Mutation::Truncate(i) => b.truncate(i % n),
            Mutation::Insert(i, v) => {
                let at = i % (b.len() + 1);
                b.splice(at..at, v.iter().copied());
            }
            Mutation::Huge(i) => {
                let at = i % (b.len() + 1);
                b.splice(at..at, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
            }
        }
    }
    b
}
