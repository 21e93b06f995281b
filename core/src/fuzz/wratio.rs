//! `fuzz.WRatio`: FuzzyWuzzy's weighted blend of the other scorers.

use super::partial::partial_ratio_chars;
use super::ratio::ratio_chars;
use super::token::{partial_token_ratio, token_ratio, Text};

const UNBASE_SCALE: f64 = 0.95;

/// `fuzz.WRatio`. Empty input scores 0. With a length ratio below 1.5 it is
/// `max(ratio, 0.95 * token_ratio)`; otherwise partial scorers take over,
/// scaled by 0.9 (or 0.6 when one string is more than 8 times longer).
///
/// The cutoffs handed down are RapidFuzz's: each sub-score below its cutoff
/// comes back as 0, which lets the sub-scorers skip work and is also how
/// the maximum is formed, so they are reproduced exactly.
pub(crate) fn wratio(s1: Text<'_>, s2: Text<'_>, score_cutoff: f64) -> f64 {
    wratio_with(
        s1,
        s2,
        score_cutoff,
        |cutoff| ratio_chars(s1.chars, s2.chars, cutoff),
        |cutoff| partial_ratio_chars(s1.chars, s2.chars, cutoff),
    )
}

/// `WRatio` with the `ratio` and `partial_ratio` of the pair supplied by
/// the caller, so a cached query can use its prepared patterns.
pub(crate) fn wratio_with(
    s1: Text<'_>,
    s2: Text<'_>,
    mut score_cutoff: f64,
    ratio: impl FnOnce(f64) -> f64,
    partial_ratio: impl FnOnce(f64) -> f64,
) -> f64 {
    if score_cutoff > 100.0 {
        return 0.0;
    }
    let len1 = s1.chars.len();
    let len2 = s2.chars.len();
    if len1 == 0 || len2 == 0 {
        return 0.0;
    }
    let len_ratio = if len1 > len2 {
        len1 as f64 / len2 as f64
    } else {
        len2 as f64 / len1 as f64
    };

    let mut end_ratio = ratio(score_cutoff);

    if len_ratio < 1.5 {
        score_cutoff = cxx_max(score_cutoff, end_ratio) / UNBASE_SCALE;
        return cxx_max(end_ratio, token_ratio(s1, s2, score_cutoff) * UNBASE_SCALE);
    }

    let partial_scale = if len_ratio <= 8.0 { 0.9 } else { 0.6 };

    score_cutoff = cxx_max(score_cutoff, end_ratio) / partial_scale;
    end_ratio = cxx_max(end_ratio, partial_ratio(score_cutoff) * partial_scale);

    score_cutoff = cxx_max(score_cutoff, end_ratio) / UNBASE_SCALE;
    cxx_max(
        end_ratio,
        partial_token_ratio(s1, s2, score_cutoff) * UNBASE_SCALE * partial_scale,
    )
}

/// `std::max`: keeps the first argument on ties (no NaNs reach here).
fn cxx_max(a: f64, b: f64) -> f64 {
    if a < b {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(a: &str, b: &str) -> f64 {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        wratio(Text::new(&a), Text::new(&b), 0.0)
    }

    #[test]
    fn hand_checked() {
        assert_eq!(w("", ""), 0.0);
        assert_eq!(w("nurse", ""), 0.0);
        assert_eq!(w("registered nurse", "registered nurse"), 100.0);
        // Reordered tokens: token_ratio is 100, scaled by 0.95.
        assert!((w("nurse registered", "registered nurse") - 95.0).abs() < 1e-9);
        // "nurse" is inside a 3.2x longer string: partial 100 * 0.9.
        assert!((w("nurse", "registered nurse") - 90.0).abs() < 1e-9);
        // More than 8x longer: partial scale 0.6.
        assert!((w("rn", "registered nurse rn ontario") - 60.0).abs() < 1e-9);
    }
}
