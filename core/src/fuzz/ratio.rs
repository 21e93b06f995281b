//! `fuzz.ratio` and `fuzz.QRatio`.

use super::indel;

/// `fuzz.ratio` on code points, with RapidFuzz's `score_cutoff` rule.
pub(crate) fn ratio_chars(s1: &[char], s2: &[char], score_cutoff: f64) -> f64 {
    let maximum = s1.len() + s2.len();
    if below_length_bound(s1.len(), s2.len(), score_cutoff) {
        return 0.0;
    }
    indel::normalized_similarity(indel::distance(s1, s2), maximum, score_cutoff)
}

/// Whether the length difference alone keeps `ratio` below the cutoff (the
/// LCS is at most the shorter length), so the LCS need not be computed.
#[inline]
pub(crate) fn below_length_bound(len1: usize, len2: usize, score_cutoff: f64) -> bool {
    let maximum = len1 + len2;
    score_cutoff > 0.0
        && maximum > 0
        && 100.0 * (2 * len1.min(len2)) as f64 / maximum as f64 + 1e-9 < score_cutoff
}

/// `fuzz.QRatio`: `ratio`, except that an empty side scores 0 (FuzzyWuzzy
/// compatibility), so `QRatio("", "")` is 0 while `ratio("", "")` is 100.
pub(crate) fn qratio_chars(s1: &[char], s2: &[char], score_cutoff: f64) -> f64 {
    if s1.is_empty() || s2.is_empty() {
        return 0.0;
    }
    ratio_chars(s1, s2, score_cutoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: &str, b: &str) -> f64 {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        ratio_chars(&a, &b, 0.0)
    }

    #[test]
    fn hand_checked() {
        // 2 * 14 / 29, the example in the RapidFuzz docs.
        assert!((r("this is a test", "this is a test!") - 96.551_724_137_931_03).abs() < 1e-9);
        assert_eq!(r("", ""), 100.0);
        assert_eq!(r("", "a"), 0.0);
        assert_eq!(r("ab", "ba"), 50.0);
        // Code points, not bytes: one substitution in five characters.
        assert!((r("œuvre", "oeuvre") - 2.0 * 4.0 / 11.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn qratio_empty() {
        assert_eq!(qratio_chars(&[], &[], 0.0), 0.0);
        assert_eq!(qratio_chars(&['a'], &['a'], 0.0), 100.0);
    }
}
