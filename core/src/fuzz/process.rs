//! `rapidfuzz.utils.default_process`.
//!
//! RapidFuzz (C++ implementation, which is what Python users get) maps every
//! code point on its own: a code point that is not alphanumeric becomes a
//! space, an alphanumeric one becomes the *first* code point of its
//! lowercase form, and then leading and trailing spaces are trimmed. Inner
//! runs of spaces are kept. Because the mapping is per code point:
//!
//! * `İ` (U+0130) becomes a plain `i`, not `i` + combining dot;
//! * `ß` stays `ß` and final/non-final sigma are not distinguished;
//! * combining marks (category Mn) are not alphanumeric, so `e` + U+0301
//!   becomes `e ` — the accent turns into a space;
//! * "alphanumeric" follows the Unicode database RapidFuzz vendored from an
//!   older CPython, not Rust's `char::is_alphanumeric` nor today's Python.
//!
//! The tables in `process_table.rs` are captured from the library itself by
//! `tools/gen_fuzz_vectors.py --tables`.

use super::process_table::{ALNUM_RANGES, LOWER_RUNS};

/// Maps one code point as `default_process` does, before trimming.
#[inline]
pub fn process_char(c: char) -> char {
    if c.is_ascii() {
        // ASCII is the common case in job titles; this matches the table.
        return if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            ' '
        };
    }
    let cp = c as u32;
    if !is_alnum(cp) {
        return ' ';
    }
    lowercase(cp).unwrap_or(c)
}

fn is_alnum(cp: u32) -> bool {
    // Ranges are sorted and disjoint: find the last one starting at or before cp.
    let idx = ALNUM_RANGES.partition_point(|&(first, _)| first <= cp);
    idx > 0 && cp <= ALNUM_RANGES[idx - 1].1
}

fn lowercase(cp: u32) -> Option<char> {
    let idx = LOWER_RUNS.partition_point(|&(first, _, _, _)| first <= cp);
    if idx == 0 {
        return None;
    }
    let (first, last, delta, stride) = LOWER_RUNS[idx - 1];
    // `is_multiple_of` would need Rust 1.87; the workspace supports 1.85.
    #[allow(clippy::manual_is_multiple_of)]
    let off_stride = (cp - first) % stride != 0;
    if cp > last || off_stride {
        return None;
    }
    char::from_u32(cp.checked_add_signed(delta)?)
}

/// `rapidfuzz.utils.default_process` as a `String`.
pub fn default_process(s: &str) -> String {
    default_process_chars(s).into_iter().collect()
}

/// `default_process`, returning code points: the scorers work on these.
pub fn default_process_chars(s: &str) -> Vec<char> {
    let mut out: Vec<char> = s.chars().map(process_char).collect();
    // Only U+0020 is trimmed; every other space-like code point has already
    // been mapped to it.
    let end = out.iter().rposition(|&c| c != ' ').map_or(0, |i| i + 1);
    out.truncate(end);
    let start = out.iter().position(|&c| c != ' ').unwrap_or(out.len());
    out.drain(..start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_punctuation() {
        assert_eq!(
            default_process("  Registered Nurse (RN)! "),
            "registered nurse  rn"
        );
        assert_eq!(default_process("agent - services"), "agent   services");
        assert_eq!(default_process("!!!"), "");
        assert_eq!(default_process(""), "");
    }

    #[test]
    fn latin1_and_french() {
        assert_eq!(
            default_process("Infirmier/Infirmière"),
            "infirmier infirmière"
        );
        assert_eq!(default_process("ŒNOLOGUE"), "œnologue");
        // NBSP and other Unicode spaces are not alphanumeric.
        assert_eq!(
            default_process("chef\u{a0}cuisinier\u{3000}"),
            "chef cuisinier"
        );
        // Feminine ordinal, superscripts, fractions and micro sign are "alphanumeric".
        assert_eq!(default_process("ª²½µ"), "ª²½µ");
    }

    #[test]
    fn per_code_point_lowercase() {
        // U+0130 lowercases to "i\u{307}" in Unicode; RapidFuzz keeps only the "i".
        assert_eq!(default_process("İSTANBUL"), "istanbul");
        assert_eq!(default_process("STRASSE Straße"), "strasse straße");
        // Titlecase digraph.
        assert_eq!(default_process("ǅ"), "ǆ");
        // Combining acute accent is not alphanumeric.
        assert_eq!(default_process("cafe\u{301} x"), "cafe  x");
        assert_eq!(default_process("ΣΟΦΟΣ"), "σοφοσ");
    }

    #[test]
    fn tables_are_sorted() {
        assert!(ALNUM_RANGES.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(LOWER_RUNS.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(LOWER_RUNS.iter().all(|r| r.3 > 0));
    }
}
