//! The question as tokens, and the words each reading rule looks for.
//!
//! A token keeps the word as typed (folded: case and accents gone) and a
//! normal form: singular, and a misspelt keyword read as the keyword
//! (`occupatons` → `occupation`, RapidFuzz ratio ≥ 85 on words of five
//! letters or more). Every rule marks the tokens it explains as used; a
//! question with a content word no rule explains is not answered, which is
//! how the reader stays precise.

use crate::fuzz::Scorer;
use crate::search::text::fold;

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// Folded as typed.
    pub raw: String,
    /// Singular, typo-corrected.
    pub norm: String,
    pub used: bool,
}

/// Articles and prepositions skipped inside phrases (`possibilités
/// d'emploi` matches `possibilite emploi`).
pub(crate) const GLUE: &[&str] = &[
    "the", "a", "an", "of", "le", "la", "les", "l", "d", "de", "du", "des", "en", "au", "aux",
];

/// Words that carry no meaning of their own here: question words, verbs
/// of being and having, politeness. They never block an answer.
pub(crate) const FILLER: &[&str] = &[
    // English
    "which",
    "what",
    "whats",
    "how",
    "are",
    "is",
    "there",
    "in",
    "the",
    "a",
    "an",
    "of",
    "for",
    "to",
    "do",
    "does",
    "did",
    "have",
    "has",
    "with",
    "show",
    "me",
    "give",
    "all",
    "projected",
    "project",
    "expected",
    "and",
    "that",
    "their",
    "it",
    "be",
    "will",
    "please",
    "tell",
    "about",
    "within",
    "inside",
    "from",
    "under",
    "s",
    "face",
    "facing",
    "them",
    "we",
    "can",
    "you",
    "i",
    "each",
    "any",
    "ones",
    "one",
    "canada",
    "noc",
    "by",
    "per",
    "list",
    "count",
    // French
    "quel",
    "quelle",
    "quels",
    "quelle",
    "combien",
    "y",
    "t",
    "il",
    "dans",
    "le",
    "la",
    "les",
    "l",
    "d",
    "de",
    "du",
    "des",
    "un",
    "une",
    "en",
    "au",
    "aux",
    "pour",
    "et",
    "ont",
    "sont",
    "est",
    "qui",
    "que",
    "qu",
    "ce",
    "avec",
    "liste",
    "lister",
    "donne",
    "moi",
    "tous",
    "toute",
    "toutes",
    "auront",
    "aura",
    "present",
    "presente",
    "presentent",
    "prevu",
    "prevue",
    "projete",
    "projetee",
    "sur",
    "leur",
    "a",
    "ou",
    "parmi",
    "ya",
    "nombre",
    "par",
    "chaque",
    "cnp",
    "affiche",
    "montre",
    "quoi",
    "many",
    "much",
    "number",
];

/// Words whose final `s` is not a plural.
const NO_STEM: &[&str] = &[
    "plus", "sous", "dans", "tous", "temps", "vers", "pays", "this", "does", "has", "was", "its",
    "bus", "gas", "ans", "less", "jamais", "fois", "sans", "apres", "pres", "alors", "chez",
];

/// Singular: `groups` → `group`, `categories` → `category`, `emplois` →
/// `emploi`. Crude, but the same on both sides of every comparison.
pub(crate) fn stem(w: &str) -> String {
    let n = w.chars().count();
    if NO_STEM.contains(&w) {
        w.to_string()
    } else if n > 4 && w.ends_with("ies") {
        format!("{}y", &w[..w.len() - 3])
    } else if n > 3 && (w.ends_with('s') || w.ends_with('x')) && !w.ends_with("ss") {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

/// The question's tokens; `known` is every word a rule looks for, so a
/// misspelling of one is read as it (and reported in `corrected`).
pub(crate) fn tokens(question: &str, known: &[&str]) -> (Vec<Tok>, Vec<(String, String)>) {
    let folded = fold(question);
    let mut out = Vec::new();
    let mut corrected = Vec::new();
    let raw: Vec<&str> = folded.split_whitespace().collect();
    let mut i = 0;
    while i < raw.len() {
        // `O*NET` folds to `o net`.
        if raw[i] == "o" && raw.get(i + 1) == Some(&"net") {
            out.push(Tok {
                raw: "o*net".into(),
                norm: "onet".into(),
                used: false,
            });
            i += 2;
            continue;
        }
        let w = raw[i];
        let mut norm = stem(w);
        let alpha = w.chars().all(|c| c.is_ascii_alphabetic());
        if alpha
            && norm.len() >= 5
            && !known.contains(&norm.as_str())
            && !FILLER.contains(&norm.as_str())
            && !FILLER.contains(&w)
        {
            let best = known
                .iter()
                .filter(|k| k.len() >= 5)
                .map(|k| (Scorer::Ratio.score(&norm, k), *k))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((score, k)) = best {
                if score >= 85.0 {
                    corrected.push((w.to_string(), k.to_string()));
                    norm = k.to_string();
                }
            }
        }
        out.push(Tok {
            raw: w.to_string(),
            norm,
            used: false,
        });
        i += 1;
    }
    (out, corrected)
}

/// Where `phrase` (space-separated normal forms) occurs among the unused
/// tokens, skipping [`GLUE`] words between its words: the token positions
/// it covers, glue included.
pub(crate) fn find(toks: &[Tok], phrase: &str) -> Option<Vec<usize>> {
    let words: Vec<&str> = phrase.split(' ').collect();
    'start: for s in 0..toks.len() {
        let mut at = Vec::new();
        let mut i = s;
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                while i < toks.len()
                    && !toks[i].used
                    && toks[i].norm != *w
                    && GLUE.contains(&toks[i].norm.as_str())
                {
                    at.push(i);
                    i += 1;
                }
            }
            if i >= toks.len() || toks[i].used || toks[i].norm != *w {
                continue 'start;
            }
            at.push(i);
            i += 1;
        }
        return Some(at);
    }
    None
}

/// [`find`] for the first of `phrases` present, marking its tokens used:
/// the phrase's index and where it ended.
pub(crate) fn take(toks: &mut [Tok], phrases: &[&str]) -> Option<(usize, usize, usize)> {
    // Longer phrases first, so `job seeker` wins over `job`.
    let mut order: Vec<usize> = (0..phrases.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(phrases[i].split(' ').count()));
    for i in order {
        if let Some(at) = find(toks, phrases[i]) {
            let (first, last) = (at[0], at[at.len() - 1]);
            for &p in &at {
                toks[p].used = true;
            }
            return Some((i, first, last));
        }
    }
    None
}

/// Whether any of `phrases` is present (nothing is marked).
pub(crate) fn has(toks: &[Tok], phrases: &[&str]) -> bool {
    phrases.iter().any(|p| find(toks, p).is_some())
}

/// A number written as digits at `i`.
pub(crate) fn number(toks: &[Tok], i: usize) -> Option<i64> {
    let t = toks.get(i)?;
    if t.used || t.raw.is_empty() || !t.raw.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.raw.parse().ok()
}
