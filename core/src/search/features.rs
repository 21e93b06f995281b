//! Hashed sparse features of a title: stemmed words and word pairs, character
//! n-grams (which carry typos and cognates), and the shape of `head -
//! qualifier` titles (so `Director - X` can learn "manager" from `Director`
//! and the field from `X`).

use serde::{Deserialize, Serialize};

use super::text::{content_tokens, fold, is_stopword, split_qualifier, stem, strip_feminine};
use super::Lang;

/// One feature: its 32-bit hash and its value.
pub type Feature = (u32, f32);

/// How titles become features. Stored in the index so queries are
/// featurised exactly as the training titles were.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeatureConfig {
    /// Shortest and longest character n-gram, taken within ` word `.
    pub char_min: u8,
    pub char_max: u8,
    /// Weight of each block after its L2 normalisation: words, characters,
    /// title shape.
    pub word_weight: f32,
    pub char_weight: f32,
    pub shape_weight: f32,
    /// Weight of the sibling block: what the index says about other titles
    /// with the same qualifier (see [`sibling_features`]).
    pub sibling_weight: f32,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            char_min: 3,
            char_max: 5,
            word_weight: 1.0,
            char_weight: 1.0,
            shape_weight: 0.6,
            sibling_weight: 1.0,
        }
    }
}

/// FNV-1a, folded to 32 bits: the same on every platform (wasm32 too).
pub fn hash(kind: u8, parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    eat(kind);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            eat(0x1f);
        }
        for &b in p.as_bytes() {
            eat(b);
        }
    }
    (h ^ (h >> 32)) as u32
}

const WORD: u8 = 1;
const PAIR: u8 = 2;
const CHAR: u8 = 3;
const HEAD: u8 = 4;
const HEAD_NOUN: u8 = 5;
const QUAL: u8 = 6;
const SIBLING: u8 = 7;
const HEAD_QUAL: u8 = 8;

/// Features of a `head - qualifier` title drawn from its siblings: indexed
/// titles with the same qualifier and another head, filed under `code`.
///
/// Job architectures are grids (`Director General`, `Director`, `Manager`,
/// `Supervisor` × a domain), and where one cell of a row is known the others
/// follow patterns: a `Manager - X` files where `Director - X` does, a
/// `Director General - X` goes to the senior-management group of `X`'s
/// sector. The features pair the two heads with the sibling's code at every
/// NOC level, so the model learns those patterns and applies them to
/// domains it has not seen at that level.
pub fn sibling_features(head: &str, sibling_head: &str, code: &str, out: &mut Vec<u32>) {
    for n in 1..=code.len().min(5) {
        let Some(prefix) = code.get(..n) else { break };
        out.push(hash(SIBLING, &[head, sibling_head, prefix]));
        out.push(hash(SIBLING, &[head, "*", prefix]));
    }
}

/// Raw (un-normalised) features of one text, by block.
#[derive(Default)]
pub(crate) struct Blocks {
    pub words: Vec<u32>,
    pub chars: Vec<u32>,
    pub shape: Vec<u32>,
}

impl FeatureConfig {
    pub(crate) fn blocks(&self, text: &str, lang: Lang, out: &mut Blocks) {
        let folded_tokens: Vec<String> = fold(&strip_feminine(text))
            .split_whitespace()
            .filter(|t| !is_stopword(t, lang))
            .map(str::to_string)
            .collect();
        let stems: Vec<String> = folded_tokens.iter().map(|t| stem(t, lang)).collect();
        for s in &stems {
            out.words.push(hash(WORD, &[s]));
        }
        for w in stems.windows(2) {
            out.words.push(hash(PAIR, &[&w[0], &w[1]]));
        }
        let mut buf: Vec<char> = Vec::with_capacity(32);
        for t in &folded_tokens {
            buf.clear();
            buf.push(' ');
            buf.extend(t.chars());
            buf.push(' ');
            for n in self.char_min as usize..=self.char_max as usize {
                if buf.len() < n {
                    break;
                }
                for g in buf.windows(n) {
                    let s: String = g.iter().collect();
                    out.chars.push(hash(CHAR, &[&s]));
                }
            }
        }
        let (head, qual) = split_qualifier(text);
        let head_tokens = content_tokens(head, lang);
        if let Some(q) = qual {
            let head_key = head_tokens.join(" ");
            out.shape.push(hash(HEAD, &[&head_key]));
            for t in content_tokens(q, lang) {
                out.shape.push(hash(QUAL, &[&t]));
                // The same domain word points elsewhere under another head
                // (`Supervisor - Audit` is an auditor, `Director - Audit` a
                // financial manager).
                out.shape.push(hash(HEAD_QUAL, &[&head_key, &t]));
            }
        }
        // English puts the head noun last (`Policy Analyst`), French first
        // (`Analyste des politiques`).
        let noun = match lang {
            Lang::En => head_tokens.last(),
            Lang::Fr => head_tokens.first(),
        };
        if let Some(n) = noun {
            out.shape.push(hash(HEAD_NOUN, &[n]));
        }
    }

    /// Features of `text`, each block L2-normalised and weighted, sorted by
    /// hash with duplicates summed. `extra` adds the blocks of further texts
    /// (a French query's English translation) at their weights.
    pub fn features(&self, text: &str, lang: Lang, extra: &[(String, f32)]) -> Vec<Feature> {
        self.features_with(text, lang, extra, &[])
    }

    /// As [`features`](Self::features), plus a block of sibling features
    /// ([`sibling_features`]).
    pub fn features_with(
        &self,
        text: &str,
        lang: Lang,
        extra: &[(String, f32)],
        siblings: &[u32],
    ) -> Vec<Feature> {
        let mut out: Vec<Feature> = Vec::with_capacity(128);
        let mut push_blocks = |b: &Blocks, scale: f32| {
            for (ids, w) in [
                (&b.words, self.word_weight),
                (&b.chars, self.char_weight),
                (&b.shape, self.shape_weight),
            ] {
                if ids.is_empty() || w == 0.0 {
                    continue;
                }
                let v = scale * w / (ids.len() as f32).sqrt();
                out.extend(ids.iter().map(|&h| (h, v)));
            }
        };
        let mut b = Blocks::default();
        self.blocks(text, lang, &mut b);
        push_blocks(&b, 1.0);
        for (t, w) in extra {
            let mut b = Blocks::default();
            self.blocks(t, Lang::En, &mut b);
            push_blocks(&b, *w);
        }
        if !siblings.is_empty() && self.sibling_weight > 0.0 {
            let v = self.sibling_weight / (siblings.len() as f32).sqrt();
            out.extend(siblings.iter().map(|&h| (h, v)));
        }
        sum_by_hash(out)
    }
}

/// Sorts features by hash and sums the values of equal hashes.
pub fn sum_by_hash(mut features: Vec<Feature>) -> Vec<Feature> {
    features.sort_unstable_by_key(|f| f.0);
    let mut merged: Vec<Feature> = Vec::with_capacity(features.len());
    for (h, v) in features {
        match merged.last_mut() {
            Some(last) if last.0 == h => last.1 += v,
            _ => merged.push((h, v)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        // Pinned: the index stores hashes, so this must never change silently.
        assert_eq!(hash(WORD, &["nurse"]), hash(WORD, &["nurse"]));
        assert_ne!(hash(WORD, &["nurse"]), hash(CHAR, &["nurse"]));
        assert_eq!(hash(WORD, &["nurse"]), 0x56d9_976e);
    }

    #[test]
    fn typo_shares_most_char_grams() {
        let c = FeatureConfig::default();
        let a = c.features("software developer", Lang::En, &[]);
        let b = c.features("sofware developer", Lang::En, &[]);
        let common = a.iter().filter(|x| b.iter().any(|y| y.0 == x.0)).count();
        assert!(common * 2 > a.len(), "{common} of {}", a.len());
    }

    #[test]
    fn feminine_forms_share_word_features() {
        let c = FeatureConfig::default();
        let a = c.features("Infirmière", Lang::Fr, &[]);
        let b = c.features("Infirmier(ière)", Lang::Fr, &[]);
        assert!(a.iter().any(|x| x.0 == hash(WORD, &["infirmier"])));
        assert!(b.iter().any(|x| x.0 == hash(WORD, &["infirmier"])));
    }
}
