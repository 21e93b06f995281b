//! `fuzz.partial_ratio`: the best `ratio` of the shorter string against any
//! alignment in the longer one.
//!
//! This follows rapidfuzz-cpp 3.x (`fuzz_detail::partial_ratio_impl`), which
//! is *not* the FuzzyWuzzy/difflib matching-block heuristic the RapidFuzz
//! docs still describe for needles longer than 64 characters. For every
//! needle length it:
//!
//! 1. scores full-length windows of the longer string with a bisection that
//!    skips ranges whose best possible distance cannot beat the current best
//!    (a window shift changes the Indel distance by at most 2). The bound is
//!    sound, so this finds the best full-length window, like an exhaustive
//!    scan (and like RapidFuzz's pure-Python fallback) would;
//! 2. scores the shorter prefixes `s2[..i]` (i < len1) ending in a character
//!    of the needle, and the suffixes `s2[i..]` starting in one.
//!
//! The result is the best of all those scores, or 0 if it is below
//! `score_cutoff`. When both strings have the same length the search runs
//! again with the roles swapped and the better score wins, which makes the
//! scorer symmetric.

use super::indel::{normalized_similarity, Pattern};

/// `fuzz.partial_ratio` on code points.
pub(crate) fn partial_ratio_chars(s1: &[char], s2: &[char], score_cutoff: f64) -> f64 {
    partial_ratio_cached(s1, None, s2, score_cutoff)
}

/// `fuzz.partial_ratio`, reusing `s1`'s patterns when the caller has them.
pub(crate) fn partial_ratio_cached(
    s1: &[char],
    s1_needle: Option<&Needle>,
    s2: &[char],
    score_cutoff: f64,
) -> f64 {
    if s1.len() > s2.len() {
        return partial_ratio_cached(s2, None, s1, score_cutoff);
    }
    if score_cutoff > 100.0 {
        return 0.0;
    }
    if s1.is_empty() || s2.is_empty() {
        return if s1.len() == s2.len() { 100.0 } else { 0.0 };
    }

    let built;
    let needle = match s1_needle {
        Some(needle) => needle,
        None => {
            built = Needle::new(s1, false);
            &built
        }
    };
    if score_cutoff > 0.0 && upper_bound(needle, s1.len(), s2) < score_cutoff {
        // Every alignment would score below the cutoff, which RapidFuzz
        // reports as 0 after searching; skip the search.
        return 0.0;
    }

    let score = partial_ratio_needle(s1, needle, s2, score_cutoff);
    if score != 100.0 && s1.len() == s2.len() {
        let score_cutoff = if score_cutoff < score {
            score
        } else {
            score_cutoff
        };
        let score2 = partial_ratio_needle(s2, &Needle::new(s2, false), s1, score_cutoff);
        if score2 > score {
            return score2;
        }
    }
    score
}

/// An upper bound on any alignment's score, from the characters the needle
/// and the haystack have in common (counted with multiplicity): a window of
/// length k scores `2·lcs / (len1 + k)` and `lcs ≤ min(common, k)`. It also
/// holds for the swapped search of equal-length strings, since the common
/// count is symmetric. Padded so rounding never makes it undercut a score.
fn upper_bound(needle: &Needle, len1: usize, s2: &[char]) -> f64 {
    match needle.pattern.common_chars(s2) {
        Some(common) => 100.0 * (2 * common) as f64 / (len1 + common) as f64 + 1e-9,
        None => f64::INFINITY,
    }
}

/// A needle's bit-parallel patterns, so that a cached query can reuse them
/// across haystacks.
pub(crate) struct Needle {
    pub(crate) pattern: Pattern,
    /// The reversed pattern, for the suffix scan; built on demand if absent.
    reversed: Option<Pattern>,
}

impl Needle {
    pub(crate) fn new(chars: &[char], with_reversed: bool) -> Needle {
        Needle {
            pattern: Pattern::new(chars),
            reversed: with_reversed.then(|| Pattern::new_reversed(chars)),
        }
    }
}

/// One direction of the search: needle `s1` (with its patterns) against
/// haystack `s2`; requires `0 < len(s1) <= len(s2)`.
fn partial_ratio_needle(s1: &[char], needle: &Needle, s2: &[char], mut score_cutoff: f64) -> f64 {
    let pattern = &needle.pattern;
    let len1 = s1.len();
    let len2 = s2.len();
    let mut best = 0.0f64;

    if len2 > len1 {
        let maximum = len1 * 2;
        // NormSim_to_NormDist: RapidFuzz widens the cutoff by 1e-5 so that
        // rounding never prunes a window that would reach the cutoff.
        let norm_cutoff_dist = (1.0 - score_cutoff / 100.0 + 0.00001).min(1.0);
        let mut cutoff_dist = (maximum as f64 * norm_cutoff_dist).ceil() as usize;
        let mut best_dist = usize::MAX;
        let mut dists = vec![usize::MAX; len2 - len1];
        let mut windows: Vec<(usize, usize)> = vec![(0, len2 - len1 - 1)];
        let mut new_windows: Vec<(usize, usize)> = Vec::new();

        while !windows.is_empty() {
            for &(first, second) in &windows {
                for pos in [first, second] {
                    if dists[pos] == usize::MAX {
                        dists[pos] = pattern.distance(&s2[pos..pos + len1]);
                        if dists[pos] < cutoff_dist {
                            cutoff_dist = dists[pos];
                            best_dist = dists[pos];
                            if best_dist == 0 {
                                return 100.0;
                            }
                        }
                    }
                }

                let cell_diff = second - first;
                if cell_diff == 1 {
                    continue;
                }
                // One shift changes the distance by at most 2 (and distances
                // of equal-length windows are even), which bounds the best
                // distance inside the range; split only ranges that could
                // still beat the current best.
                let known_edits = dists[first].abs_diff(dists[second]);
                let max_improvement = (cell_diff.wrapping_sub(known_edits / 2)) / 2 * 2;
                let min_dist = (dists[first].min(dists[second]) as isize)
                    .wrapping_sub(max_improvement as isize);
                if min_dist < cutoff_dist as isize {
                    let center = cell_diff / 2;
                    new_windows.push((first, first + center));
                    new_windows.push((first + center, second));
                }
            }
            std::mem::swap(&mut windows, &mut new_windows);
            new_windows.clear();
        }

        let score = (1.0 - best_dist as f64 / maximum as f64) * 100.0;
        if score >= score_cutoff {
            score_cutoff = score;
            best = score;
        }
    }

    // Windows hanging over the start of s2, i.e. prefixes s2[..i], i < len1.
    // A prefix ending in a character absent from the needle scores lower
    // than the one before it, so RapidFuzz skips those; one LCS pass yields
    // every prefix's LCS.
    let mut lcs_of = Vec::with_capacity(len1);
    pattern.lcs_prefixes(s2[..len1 - 1].iter().copied(), |_, lcs| lcs_of.push(lcs));
    for i in 1..len1 {
        if !pattern.contains(s2[i - 1]) {
            continue;
        }
        let lcs = lcs_of[i - 1];
        let ls_ratio = normalized_similarity(len1 + i - 2 * lcs, len1 + i, score_cutoff);
        if ls_ratio > best {
            score_cutoff = ls_ratio;
            best = ls_ratio;
            if best == 100.0 {
                return best;
            }
        }
    }

    // Windows hanging over the end, i.e. suffixes s2[i..] from len1 long
    // down to 1 (the longest is the last full-length window, which the
    // bisection above leaves out). Their LCS values come from one pass of
    // the reversed needle over the reversed haystack.
    let tail = &s2[len2 - len1..];
    if !tail.iter().any(|&c| pattern.contains(c)) {
        return best;
    }
    let built;
    let reversed = match &needle.reversed {
        Some(reversed) => reversed,
        None => {
            built = Pattern::new_reversed(s1);
            &built
        }
    };
    lcs_of.clear();
    reversed.lcs_prefixes(tail.iter().rev().copied(), |_, lcs| lcs_of.push(lcs));
    for (i, &first) in s2.iter().enumerate().skip(len2 - len1) {
        if !pattern.contains(first) {
            continue;
        }
        let sub_len = len2 - i;
        let lcs = lcs_of[sub_len - 1];
        let ls_ratio =
            normalized_similarity(len1 + sub_len - 2 * lcs, len1 + sub_len, score_cutoff);
        if ls_ratio > best {
            score_cutoff = ls_ratio;
            best = ls_ratio;
            if best == 100.0 {
                return best;
            }
        }
    }

    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pr(a: &str, b: &str) -> f64 {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        partial_ratio_chars(&a, &b, 0.0)
    }

    #[test]
    fn hand_checked() {
        assert_eq!(pr("this is a test", "this is a test!"), 100.0);
        assert_eq!(pr("nurse", "registered nurse"), 100.0);
        assert_eq!(pr("", ""), 100.0);
        assert_eq!(pr("", "a"), 0.0);
        // "ab" vs "ba": best window is "b" (a prefix of the other side): 2*1/3.
        assert!((pr("ab", "ba") - 200.0 / 3.0).abs() < 1e-9);
        // "cetain" inside "a certain string": "certai" → LCS 5 of 12.
        assert!((pr("a certain string", "cetain") - 83.333_333_333_333_34).abs() < 1e-9);
    }

    #[test]
    fn symmetric_for_equal_lengths() {
        assert_eq!(pr("abcd", "bcda"), pr("bcda", "abcd"));
        assert_eq!(pr("infirmier", "merinfirm"), pr("merinfirm", "infirmier"));
    }

    #[test]
    fn long_needle() {
        let needle = "senior software engineer and technical lead for platform services";
        assert!(needle.chars().count() > 64);
        let hay = format!("principal {needle} at a large company");
        assert_eq!(pr(needle, &hay), 100.0);
    }
}
