//! Indel distance (insertions and deletions only) via the longest common
//! subsequence, computed with Hyyrö's bit-parallel algorithm: O(⌈m/64⌉·n)
//! word operations and no quadratic table.

/// Positions of each code point of a sequence as bit masks, so that one LCS
/// step handles 64 characters of the pattern at once.
pub(crate) struct Pattern {
    len: usize,
    blocks: usize,
    /// Masks of positions 0..64 for U+0000..=U+00FF. Job titles are
    /// overwhelmingly Latin-1 and shorter than 64 code points, so the common
    /// lookup is one read of an inline array (no allocation, which dominated
    /// short comparisons).
    latin1_first: [u64; 256],
    /// Masks of the further blocks for U+0000..=U+00FF, indexed
    /// `cp * (blocks - 1) + block - 1`; empty for short patterns.
    latin1_rest: Vec<u64>,
    /// Other code points, sorted, with the offset of their masks in `other_bits`.
    other: Vec<(char, usize)>,
    other_bits: Vec<u64>,
}

impl Pattern {
    pub(crate) fn new(s: &[char]) -> Pattern {
        Pattern::from_chars(s.len(), s.iter().copied())
    }

    /// The pattern of `s` reversed, for scanning suffixes back to front.
    pub(crate) fn new_reversed(s: &[char]) -> Pattern {
        Pattern::from_chars(s.len(), s.iter().rev().copied())
    }

    /// The pattern of `len` code points produced by `chars`.
    pub(crate) fn from_chars(len: usize, chars: impl Iterator<Item = char>) -> Pattern {
        let blocks = len.div_ceil(64).max(1);
        let mut pattern = Pattern {
            len,
            blocks,
            latin1_first: [0u64; 256],
            latin1_rest: vec![0u64; 256 * (blocks - 1)],
            other: Vec::new(),
            other_bits: Vec::new(),
        };
        for (i, c) in chars.enumerate() {
            let (block, bit) = (i / 64, 1u64 << (i % 64));
            let cp = c as usize;
            if cp < 256 {
                if block == 0 {
                    pattern.latin1_first[cp] |= bit;
                } else {
                    pattern.latin1_rest[cp * (blocks - 1) + block - 1] |= bit;
                }
                continue;
            }
            let offset = match pattern.other.binary_search_by(|probe| probe.0.cmp(&c)) {
                Ok(pos) => pattern.other[pos].1,
                Err(pos) => {
                    let offset = pattern.other_bits.len();
                    pattern.other_bits.resize(offset + blocks, 0);
                    pattern.other.insert(pos, (c, offset));
                    offset
                }
            };
            pattern.other_bits[offset + block] |= bit;
        }
        pattern
    }

    #[inline]
    fn mask(&self, c: char, block: usize) -> u64 {
        let cp = c as usize;
        if cp < 256 {
            return if block == 0 {
                self.latin1_first[cp]
            } else {
                self.latin1_rest[cp * (self.blocks - 1) + block - 1]
            };
        }
        match self.other.binary_search_by(|probe| probe.0.cmp(&c)) {
            Ok(pos) => self.other_bits[self.other[pos].1 + block],
            Err(_) => 0,
        }
    }

    /// How many characters of `s2` can be matched to distinct positions of
    /// the pattern (multiset intersection size): an upper bound on the LCS
    /// with any part of `s2`. Only computed for single-block patterns, where
    /// it costs a few operations per character.
    pub(crate) fn common_chars(&self, s2: &[char]) -> Option<usize> {
        if self.blocks != 1 {
            return None;
        }
        let mut used = 0u64;
        for &c in s2 {
            let m = self.mask(c, 0);
            let free = m & !used;
            used |= free & free.wrapping_neg();
        }
        Some(used.count_ones() as usize)
    }

    /// Whether `c` occurs in the pattern.
    #[inline]
    pub(crate) fn contains(&self, c: char) -> bool {
        (0..self.blocks).any(|block| self.mask(c, block) != 0)
    }

    /// Length of the longest common subsequence of the pattern and `s2`.
    pub(crate) fn lcs(&self, s2: &[char]) -> usize {
        self.lcs_iter(s2.iter().copied())
    }

    /// [`Pattern::lcs`] over code points from an iterator.
    pub(crate) fn lcs_iter(&self, s2: impl Iterator<Item = char>) -> usize {
        if self.blocks == 1 && self.len > 0 {
            // The hot path (every partial_ratio window): no per-step count.
            let mut v: u64 = !0;
            for c in s2 {
                let u = v & self.mask(c, 0);
                v = v.wrapping_add(u) | v.wrapping_sub(u);
            }
            return (!v & self.valid_bits()).count_ones() as usize;
        }
        let mut last = 0;
        self.lcs_prefixes(s2, |_, lcs| last = lcs);
        last
    }

    /// The bits of the first block that stand for pattern positions.
    fn valid_bits(&self) -> u64 {
        if self.len >= 64 {
            !0
        } else {
            (1u64 << self.len) - 1
        }
    }

    /// Indel distance between the pattern and `s2`.
    pub(crate) fn distance(&self, s2: &[char]) -> usize {
        self.len + s2.len() - 2 * self.lcs(s2)
    }

    /// Runs the LCS over `s2`, reporting `(i, lcs(pattern, s2[..i]))` after
    /// each of its characters: every prefix for the price of the whole.
    pub(crate) fn lcs_prefixes(
        &self,
        s2: impl Iterator<Item = char>,
        mut report: impl FnMut(usize, usize),
    ) {
        if self.len == 0 {
            for (i, _) in s2.enumerate() {
                report(i + 1, 0);
            }
            return;
        }
        if self.blocks == 1 {
            let valid = self.valid_bits();
            let mut v: u64 = !0;
            for (i, c) in s2.enumerate() {
                let u = v & self.mask(c, 0);
                v = v.wrapping_add(u) | v.wrapping_sub(u);
                report(i + 1, (!v & valid).count_ones() as usize);
            }
            return;
        }
        let full_blocks = self.len / 64;
        let rest = self.len % 64;
        let mut v = vec![!0u64; self.blocks];
        for (i, c) in s2.enumerate() {
            let mut carry = 0u64;
            for (block, word) in v.iter_mut().enumerate() {
                let u = *word & self.mask(c, block);
                let (sum, c1) = word.overflowing_add(u);
                let (sum, c2) = sum.overflowing_add(carry);
                carry = u64::from(c1 || c2);
                *word = sum | word.wrapping_sub(u);
            }
            let mut lcs: usize = v[..full_blocks]
                .iter()
                .map(|w| (!w).count_ones() as usize)
                .sum();
            if rest != 0 {
                lcs += (!v[full_blocks] & ((1u64 << rest) - 1)).count_ones() as usize;
            }
            report(i + 1, lcs);
        }
    }
}

/// Length of the longest common subsequence of `a` and `b`.
pub(crate) fn lcs(a: &[char], b: &[char]) -> usize {
    // The common prefix and suffix are always part of an LCS; stripping
    // them first keeps the pattern small.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if a.is_empty() || b.is_empty() {
        return prefix + suffix;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    prefix + suffix + Pattern::new(short).lcs(long)
}

/// Indel distance between `a` and `b`.
pub(crate) fn distance(a: &[char], b: &[char]) -> usize {
    a.len() + b.len() - 2 * lcs(a, b)
}

/// RapidFuzz's normalized Indel similarity on the 0–100 scale, with its
/// cutoff rule: results below `score_cutoff` are reported as 0.
///
/// The arithmetic mirrors rapidfuzz-cpp (`1 - dist / max`, then `* 100`) so
/// that equal inputs give bit-identical scores, which matters where callers
/// compare scores for equality or strict order.
#[inline]
pub(crate) fn normalized_similarity(dist: usize, maximum: usize, score_cutoff: f64) -> f64 {
    let norm_dist = if maximum != 0 {
        dist as f64 / maximum as f64
    } else {
        0.0
    };
    let norm_sim = 1.0 - norm_dist;
    if norm_sim >= score_cutoff / 100.0 {
        norm_sim * 100.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Textbook O(nm) LCS, as a reference for the bit-parallel one.
    fn lcs_dp(a: &[char], b: &[char]) -> usize {
        let mut prev = vec![0usize; b.len() + 1];
        for &x in a {
            let mut cur = vec![0usize; b.len() + 1];
            for (j, &y) in b.iter().enumerate() {
                cur[j + 1] = if x == y {
                    prev[j] + 1
                } else {
                    cur[j].max(prev[j + 1])
                };
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn matches_dynamic_programming() {
        // A deterministic spread of lengths across the 64-bit block boundaries.
        let alphabet = chars("abcé œ日");
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let la = (next() % 200) as usize;
            let lb = (next() % 200) as usize;
            let a: Vec<char> = (0..la)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let b: Vec<char> = (0..lb)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(lcs(&a, &b), lcs_dp(&a, &b));
            let pattern = Pattern::new(&a);
            assert_eq!(pattern.lcs(&b), lcs_dp(&a, &b));
            let mut prefixes = Vec::new();
            pattern.lcs_prefixes(b.iter().copied(), |i, l| prefixes.push((i, l)));
            for (i, l) in prefixes.into_iter().step_by(17) {
                assert_eq!(l, lcs_dp(&a, &b[..i]));
            }
            let reversed = Pattern::new_reversed(&a);
            let b_rev: Vec<char> = b.iter().rev().copied().collect();
            assert_eq!(reversed.lcs(&b_rev), lcs_dp(&a, &b));
        }
    }

    #[test]
    fn known_distances() {
        assert_eq!(distance(&chars("kitten"), &chars("sitting")), 5);
        assert_eq!(distance(&chars(""), &chars("abc")), 3);
        assert_eq!(distance(&chars("abc"), &chars("abc")), 0);
        assert_eq!(Pattern::new(&chars("")).lcs(&chars("abc")), 0);
        assert!(Pattern::new(&chars("aé日")).contains('日'));
        assert_eq!(
            Pattern::new(&chars("aab日")).common_chars(&chars("xaa日日a")),
            Some(3)
        );
        assert!(!Pattern::new(&chars("aé日")).contains('b'));
    }

    #[test]
    fn normalized_similarity_cutoff() {
        assert_eq!(normalized_similarity(0, 0, 0.0), 100.0);
        assert_eq!(normalized_similarity(1, 2, 0.0), 50.0);
        assert_eq!(normalized_similarity(1, 2, 50.0), 50.0);
        assert_eq!(normalized_similarity(1, 2, 50.1), 0.0);
    }
}
