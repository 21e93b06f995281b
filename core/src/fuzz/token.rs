//! Token scorers: `token_sort_ratio`, `token_set_ratio`, `token_ratio` and
//! their `partial_` variants.
//!
//! Tokens are maximal runs of non-whitespace code points, sorted by code
//! point order (Python's `sorted` on `str`, C++ `std::sort` on code units)
//! and re-joined with single U+0020 spaces.

use super::indel::{normalized_similarity, Pattern};
use super::partial::partial_ratio_chars;
use super::ratio::below_length_bound;

/// A string as RapidFuzz's C++ core sees it: its code points and whether
/// CPython would store it with more than one byte per code point.
///
/// The width matters because rapidfuzz-cpp's whitespace test depends on the
/// storage type: for 1-byte strings (every code point ≤ U+00FF) only
/// U+0009–U+000D and U+001C–U+0020 split tokens, so NBSP (U+00A0) and NEL
/// (U+0085) are ordinary characters; as soon as any code point is above
/// U+00FF, NBSP, NEL, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
/// and U+3000 split tokens too. After `default_process` only U+0020 is left,
/// so this only affects unprocessed input.
#[derive(Clone, Copy)]
pub(crate) struct Text<'a> {
    pub(crate) chars: &'a [char],
    wide: bool,
}

impl<'a> Text<'a> {
    pub(crate) fn new(chars: &'a [char]) -> Text<'a> {
        Text {
            chars,
            wide: chars.iter().any(|&c| c as u32 > 0xFF),
        }
    }
}

fn is_space(c: char, wide: bool) -> bool {
    match c as u32 {
        0x09..=0x0D | 0x1C..=0x20 => true,
        0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 => wide,
        _ => false,
    }
}

type Tokens<'a> = Vec<&'a [char]>;

/// Splits on whitespace and sorts the tokens (duplicates kept).
pub(crate) fn sorted_split(text: Text<'_>) -> Tokens<'_> {
    let chars = text.chars;
    let mut tokens: Tokens<'_> = Vec::with_capacity(8);
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if is_space(c, text.wide) {
            if i > start {
                tokens.push(&chars[start..i]);
            }
            start = i + 1;
        }
    }
    if chars.len() > start {
        tokens.push(&chars[start..]);
    }
    tokens.sort_unstable();
    tokens
}

/// Tokens joined by single spaces.
pub(crate) fn join(tokens: &[&[char]]) -> Vec<char> {
    let mut out = Vec::with_capacity(joined_len(tokens));
    out.extend(joined_chars(tokens));
    out
}

/// The code points of `join(tokens)`, without building it.
fn joined_chars<'t>(tokens: &'t [&'t [char]]) -> impl Iterator<Item = char> + 't {
    tokens.iter().enumerate().flat_map(|(i, t)| {
        let sep = if i > 0 { Some(' ') } else { None };
        sep.into_iter().chain(t.iter().copied())
    })
}

/// Length of `join(tokens)` without building it.
fn joined_len(tokens: &[&[char]]) -> usize {
    if tokens.is_empty() {
        return 0;
    }
    tokens.len() - 1 + tokens.iter().map(|t| t.len()).sum::<usize>()
}

/// LCS of two joined token lists, without joining them.
fn joined_lcs(a: &[&[char]], b: &[&[char]]) -> usize {
    let (len_a, len_b) = (joined_len(a), joined_len(b));
    if len_a == 0 || len_b == 0 {
        return 0;
    }
    // The shorter side becomes the pattern: fewer 64-bit blocks.
    let (pattern_tokens, pattern_len, other) = if len_a <= len_b {
        (a, len_a, b)
    } else {
        (b, len_b, a)
    };
    Pattern::from_chars(pattern_len, joined_chars(pattern_tokens)).lcs_iter(joined_chars(other))
}

/// `fuzz.ratio` of two joined token lists.
fn joined_ratio(a: &[&[char]], b: &[&[char]], score_cutoff: f64) -> f64 {
    let (len_a, len_b) = (joined_len(a), joined_len(b));
    if below_length_bound(len_a, len_b, score_cutoff) {
        return 0.0;
    }
    let dist = len_a + len_b - 2 * joined_lcs(a, b);
    normalized_similarity(dist, len_a + len_b, score_cutoff)
}

/// Deduplicated token sets split into common and one-sided parts, each
/// sorted, as rapidfuzz-cpp's `set_decomposition` produces them. Only the
/// joined length and presence of the common part are ever needed.
struct Decomposition<'a> {
    sect_len: usize,
    diff_ab: Tokens<'a>,
    diff_ba: Tokens<'a>,
}

/// Merge walk over two sorted token lists.
fn set_decomposition<'a>(a: &[&'a [char]], b: &[&'a [char]]) -> Decomposition<'a> {
    let mut diff_ab = Vec::with_capacity(a.len());
    let mut diff_ba = Vec::with_capacity(b.len());
    let (mut sect_count, mut sect_chars) = (0usize, 0usize);
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                diff_ab.push(a[i]);
                i = skip_equal(a, i);
            }
            std::cmp::Ordering::Greater => {
                diff_ba.push(b[j]);
                j = skip_equal(b, j);
            }
            std::cmp::Ordering::Equal => {
                sect_count += 1;
                sect_chars += a[i].len();
                i = skip_equal(a, i);
                j = skip_equal(b, j);
            }
        }
    }
    Decomposition {
        sect_len: if sect_count == 0 {
            0
        } else {
            sect_chars + sect_count - 1
        },
        diff_ab,
        diff_ba,
    }
}

/// Index of the first token after `tokens[i]` that differs from it.
fn skip_equal(tokens: &[&[char]], i: usize) -> usize {
    let mut k = i + 1;
    while k < tokens.len() && tokens[k] == tokens[i] {
        k += 1;
    }
    k
}

/// `100 - 100 * dist / lensum`, with RapidFuzz's cutoff rule. This is a
/// different rounding path from `normalized_similarity`, kept because the
/// token scorers compare the two for the maximum.
fn norm_distance(dist: usize, lensum: usize, score_cutoff: f64) -> f64 {
    let score = if lensum > 0 {
        100.0 - 100.0 * dist as f64 / lensum as f64
    } else {
        100.0
    };
    if score >= score_cutoff {
        score
    } else {
        0.0
    }
}

fn score_cutoff_to_distance(score_cutoff: f64, lensum: usize) -> usize {
    (lensum as f64 * (1.0 - score_cutoff / 100.0)).ceil() as usize
}

/// The part shared by `token_set_ratio` and `token_ratio` once the
/// "one side contains the other" shortcut has been ruled out: the best of
/// `sect+ab ↔ sect+ba`, `sect ↔ sect+ab` and `sect ↔ sect+ba`, where the
/// last two follow from lengths alone.
fn set_ratios(decomp: &Decomposition<'_>, score_cutoff: f64, mut result: f64) -> f64 {
    let ab_len = joined_len(&decomp.diff_ab);
    let ba_len = joined_len(&decomp.diff_ba);
    let sect_len = decomp.sect_len;
    let has_sect = usize::from(sect_len != 0);

    let sect_ab_len = sect_len + has_sect + ab_len;
    let sect_ba_len = sect_len + has_sect + ba_len;

    let cutoff_distance = score_cutoff_to_distance(score_cutoff, sect_ab_len + sect_ba_len);
    // The distance is at least the length difference: skip the LCS when
    // that alone exceeds the cutoff.
    if ab_len.abs_diff(ba_len) <= cutoff_distance {
        let dist = ab_len + ba_len - 2 * joined_lcs(&decomp.diff_ab, &decomp.diff_ba);
        if dist <= cutoff_distance {
            result = result.max(norm_distance(dist, sect_ab_len + sect_ba_len, score_cutoff));
        }
    }

    if sect_len == 0 {
        return result;
    }

    let sect_ab_ratio = norm_distance(has_sect + ab_len, sect_len + sect_ab_len, score_cutoff);
    let sect_ba_ratio = norm_distance(has_sect + ba_len, sect_len + sect_ba_len, score_cutoff);
    result.max(sect_ab_ratio).max(sect_ba_ratio)
}

/// `fuzz.token_sort_ratio`.
pub(crate) fn token_sort_ratio(s1: Text<'_>, s2: Text<'_>, score_cutoff: f64) -> f64 {
    if score_cutoff > 100.0 {
        return 0.0;
    }
    joined_ratio(&sorted_split(s1), &sorted_split(s2), score_cutoff)
}

/// `fuzz.partial_token_sort_ratio`.
pub(crate) fn partial_token_sort_ratio(s1: Text<'_>, s2: Text<'_>, score_cutoff: f64) -> f64 {
    if score_cutoff > 100.0 {
        return 0.0;
    }
    partial_ratio_chars(
        &join(&sorted_split(s1)),
        &join(&sorted_split(s2)),
        score_cutoff,
    )
}

/// `fuzz.token_set_ratio`. A side without tokens scores 0, and 100 whenever
/// the sides share a token and one side's tokens are a subset of the other's.
pub(crate) fn token_set_ratio(s1: Text<'_>, s2: Text<'_>, score_cutoff: f64) -> f64 {
    if score_cutoff > 100.0 {
        return 0.0;
    }
    let tokens_a = sorted_split(s1);
    let tokens_b = sorted_split(s2);
    if tokens_a.is_empty() || tokens_b.is_empty() {
        return 0.0;
    }
    let decomp = set_decomposition(&tokens_a, &tokens_b);
    if decomp.sect_len != 0 && (decomp.diff_ab.is_empty() || decomp.diff_ba.is_empty()) {
        return 100.0;
    }
    set_ratios(&decomp, score_cutoff, 0.0)
}

/// `fuzz.token_ratio`: max of `token_set_ratio` and `token_sort_ratio`, but
/// unlike `token_set_ratio` it does not return 0 for token-less input
/// (`token_ratio("", "")` is 100, from the sort part).
pub(crate) fn token_ratio(s1: Text<'_>, s2: Text<'_>, score_cutoff: f64) -> f64 {
    if score_cutoff > 100.0 {
        return 0.0;
    }
    let tokens_a = sorted_split(s1);
    let tokens_b = sorted_split(s2);
    let decomp = set_decomposition(&tokens_a, &tokens_b);
    if decomp.sect_len != 0 && (decomp.diff_ab.is_empty() || decomp.diff_ba.is_empty()) {
        return 100.0;
    }
    let result = joined_ratio(&tokens_a, &tokens_b, score_cutoff);
    set_ratios(&decomp, score_cutoff, result)
}

/// `fuzz.partial_token_set_ratio`: 0 if a side has no tokens, 100 as soon
/// as any token is shared, otherwise `partial_ratio` of the unshared tokens.
pub(crate) fn partial_token_set_ratio(s1: Text<'_>, s2: Text<'_>, score_cutoff: f64) -> f64 {
    if score_cutoff > 100.0 {
        return 0.0;
    }
    let tokens_a = sorted_split(s1);
    let tokens_b = sorted_split(s2);
    if tokens_a.is_empty() || tokens_b.is_empty() {
        return 0.0;
    }
    let decomp = set_decomposition(&tokens_a, &tokens_b);
    if decomp.sect_len != 0 {
        return 100.0;
    }
    partial_ratio_chars(&join(&decomp.diff_ab), &join(&decomp.diff_ba), score_cutoff)
}

/// `fuzz.partial_token_ratio`: 100 as soon as any token is shared, else the
/// max of `partial_ratio` on the sorted tokens and on the deduplicated
/// unshared tokens (skipped when deduplication removed nothing, as it would
/// be the same comparison).
pub(crate) fn partial_token_ratio(s1: Text<'_>, s2: Text<'_>, score_cutoff: f64) -> f64 {
    if score_cutoff > 100.0 {
        return 0.0;
    }
    let tokens_a = sorted_split(s1);
    let tokens_b = sorted_split(s2);
    let decomp = set_decomposition(&tokens_a, &tokens_b);
    if decomp.sect_len != 0 {
        return 100.0;
    }
    let result = partial_ratio_chars(&join(&tokens_a), &join(&tokens_b), score_cutoff);
    if tokens_a.len() == decomp.diff_ab.len() && tokens_b.len() == decomp.diff_ba.len() {
        return result;
    }
    let score_cutoff = if score_cutoff < result {
        result
    } else {
        score_cutoff
    };
    result.max(partial_ratio_chars(
        &join(&decomp.diff_ab),
        &join(&decomp.diff_ba),
        score_cutoff,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: fn(Text<'_>, Text<'_>, f64) -> f64, a: &str, b: &str) -> f64 {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        f(Text::new(&a), Text::new(&b), 0.0)
    }

    #[test]
    fn hand_checked() {
        let fuzzy = "fuzzy wuzzy was a bear";
        assert_eq!(
            run(token_sort_ratio, fuzzy, "wuzzy fuzzy was a bear"),
            100.0
        );
        assert_eq!(
            run(
                token_set_ratio,
                "fuzzy was a bear",
                "fuzzy fuzzy was a bear"
            ),
            100.0
        );
        // The RapidFuzz docs example: 2 * 25 / 26... computed as 100 - 100 * 2 / 26.
        assert!(
            (run(
                token_set_ratio,
                "fuzzy was a bear but not a dog",
                "fuzzy was a bear but not a cat"
            ) - 92.307_692_307_692_3)
                .abs()
                < 1e-9
        );
        assert_eq!(
            run(partial_token_set_ratio, "chef cuisinier", "chef"),
            100.0
        );
    }

    #[test]
    fn empty_inputs() {
        assert_eq!(run(token_set_ratio, "", ""), 0.0);
        assert_eq!(run(token_ratio, "", ""), 100.0);
        assert_eq!(run(token_sort_ratio, "", ""), 100.0);
        assert_eq!(run(partial_token_set_ratio, "", ""), 0.0);
        assert_eq!(run(partial_token_ratio, "", ""), 100.0);
        assert_eq!(run(partial_token_sort_ratio, "", ""), 100.0);
    }

    #[test]
    fn whitespace_depends_on_string_width() {
        // All code points ≤ U+00FF: NBSP is not a separator, so no token matches "b".
        assert!((run(token_set_ratio, "a\u{a0}b", "b a") - 200.0 / 3.0).abs() < 1e-9);
        // A code point above U+00FF makes NBSP a separator.
        assert_eq!(run(token_sort_ratio, "a\u{a0}bœ", "a bœ"), 100.0);
        // U+2002 is above U+00FF itself, so it always separates tokens.
        assert_eq!(run(token_set_ratio, "a\u{2002}b", "b a"), 100.0);
    }
}
