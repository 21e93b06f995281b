//! A French → English word lexicon learnt from the sources' own bilingual
//! pairs (job-architecture titles and COPS / NOC unit-group titles), with
//! IBM Model 1 (EM over word alignments) seeded by spelling similarity so
//! cognates (`océanographie` / `oceanography`) align from the first round.
//!
//! French has no OaSIS titles, so a French query is also scored through its
//! English translation against the much larger English index.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::text::{content_tokens, split_qualifier};
use super::Lang;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Lexicon {
    /// French stem → English stems with P(en | fr) in 1/255ths, best first.
    entries: BTreeMap<String, Vec<(String, u8)>>,
}

const NULL: usize = 0;
const ITERATIONS: usize = 8;
const COGNATE_PRIOR: f64 = 4.0;
/// Translations below this probability are not kept.
const MIN_P: f64 = 0.12;
const MAX_PER_WORD: usize = 3;

fn trigrams(w: &str) -> Vec<[char; 3]> {
    let c: Vec<char> = format!("#{w}#").chars().collect();
    let mut g: Vec<[char; 3]> = c.windows(3).map(|x| [x[0], x[1], x[2]]).collect();
    g.sort_unstable();
    g.dedup();
    g
}

/// Dice coefficient of character trigrams.
fn similarity(a: &[[char; 3]], b: &[[char; 3]]) -> f64 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    if a.is_empty() || b.is_empty() {
        0.0
    } else {
        2.0 * n as f64 / (a.len() + b.len()) as f64
    }
}

impl Lexicon {
    /// Learns the lexicon from (French title, English title) pairs.
    pub fn learn<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Lexicon {
        let mut fr_ids: HashMap<String, usize> = HashMap::new();
        let mut en_ids: HashMap<String, usize> = HashMap::new();
        let mut fr_words = vec!["<null>".to_string()];
        let mut en_words = Vec::new();
        fr_ids.insert(fr_words[0].clone(), NULL);
        let mut corpus: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
        for (fr, en) in pairs {
            let f: Vec<usize> = content_tokens(fr, Lang::Fr)
                .into_iter()
                .map(|w| {
                    *fr_ids.entry(w.clone()).or_insert_with(|| {
                        fr_words.push(w);
                        fr_words.len() - 1
                    })
                })
                .collect();
            let e: Vec<usize> = content_tokens(en, Lang::En)
                .into_iter()
                .map(|w| {
                    *en_ids.entry(w.clone()).or_insert_with(|| {
                        en_words.push(w);
                        en_words.len() - 1
                    })
                })
                .collect();
            if !f.is_empty() && !e.is_empty() {
                corpus.push((f, e));
            }
        }
        // t[f][e] = P(e | f), sparse over co-occurring pairs, seeded by
        // spelling similarity. Rows are ordered maps so that normalising
        // sums them in the same order in every process.
        let fr_g: Vec<_> = fr_words.iter().map(|w| trigrams(w)).collect();
        let en_g: Vec<_> = en_words.iter().map(|w| trigrams(w)).collect();
        let mut t: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); fr_words.len()];
        for (f, e) in &corpus {
            for &fw in f.iter().chain(std::iter::once(&NULL)) {
                for &ew in e {
                    t[fw].entry(ew).or_insert_with(|| {
                        if fw == NULL {
                            1.0
                        } else {
                            1.0 + COGNATE_PRIOR * similarity(&fr_g[fw], &en_g[ew])
                        }
                    });
                }
            }
        }
        normalise(&mut t);
        for _ in 0..ITERATIONS {
            let mut counts: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); fr_words.len()];
            for (f, e) in &corpus {
                for &ew in e {
                    let z: f64 = f
                        .iter()
                        .chain(std::iter::once(&NULL))
                        .map(|&fw| t[fw].get(&ew).copied().unwrap_or(0.0))
                        .sum();
                    if z <= 0.0 {
                        continue;
                    }
                    for &fw in f.iter().chain(std::iter::once(&NULL)) {
                        let c = t[fw].get(&ew).copied().unwrap_or(0.0) / z;
                        if c > 0.0 {
                            *counts[fw].entry(ew).or_insert(0.0) += c;
                        }
                    }
                }
            }
            t = counts;
            normalise(&mut t);
        }
        let mut entries = BTreeMap::new();
        for (fw, row) in t.iter().enumerate().skip(1) {
            let mut best: Vec<(usize, f64)> = row.iter().map(|(&e, &p)| (e, p)).collect();
            best.sort_by(|a, b| b.1.total_cmp(&a.1).then(en_words[a.0].cmp(&en_words[b.0])));
            let kept: Vec<(String, u8)> = best
                .into_iter()
                .filter(|(_, p)| *p >= MIN_P)
                .take(MAX_PER_WORD)
                .map(|(e, p)| (en_words[e].clone(), (p * 255.0).round() as u8))
                .collect();
            if !kept.is_empty() {
                entries.insert(fr_words[fw].clone(), kept);
            }
        }
        Lexicon { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// English translations of one French stem.
    pub fn get(&self, fr_stem: &str) -> Option<&[(String, u8)]> {
        self.entries.get(fr_stem).map(Vec::as_slice)
    }

    /// A word-by-word English rendering of a French title, and the share of
    /// its words the lexicon knew. Each part (head, qualifier) is reversed,
    /// since French puts the head noun first: `Analyste des politiques
    /// d'enseignement` → `education policy analyst`. Unknown words are kept
    /// as they are (many are cognates).
    pub fn translate(&self, fr: &str) -> (String, f32) {
        self.translate_with(fr, &Cognates::default())
    }

    /// As [`translate`](Self::translate), with words the lexicon does not
    /// know rendered by their English cognate when there is one
    /// (`archéologue` → `archaeologist`).
    pub fn translate_with(&self, fr: &str, cognates: &Cognates) -> (String, f32) {
        let (head, qual) = split_qualifier(fr);
        let mut known = 0usize;
        let mut total = 0usize;
        let mut render = |part: &str| -> Vec<String> {
            let mut words: Vec<String> = Vec::new();
            for w in content_tokens(part, Lang::Fr).into_iter().rev() {
                total += 1;
                match self.entries.get(&w) {
                    Some(tr) => {
                        known += 1;
                        // Second choices only when nearly as likely.
                        let top = tr[0].1;
                        for (e, p) in tr {
                            if *p as u32 * 2 >= top as u32 {
                                words.push(e.clone());
                            }
                        }
                    }
                    None => match cognates.find(&w) {
                        Some(e) => {
                            known += 1;
                            words.push(e.to_string());
                        }
                        None => words.push(w),
                    },
                }
            }
            words
        };
        let mut out = render(head);
        if let Some(q) = qual {
            let q = render(q);
            out.push("-".to_string());
            out.extend(q);
        }
        let cover = if total == 0 {
            0.0
        } else {
            known as f32 / total as f32
        };
        (out.join(" "), cover)
    }
}

/// English words a French word may be spelt like: the stems of the
/// index's English titles, searched by character trigrams after the usual
/// French → English suffix changes (`-ologue` → `-ologist`, `-ien` →
/// `-ian`, `-eur` → `-er`/`-or`, `-ie` → `-y`, `-ique` → `-ic`).
#[derive(Debug, Default)]
pub struct Cognates {
    words: Vec<String>,
    grams: Vec<Vec<[char; 3]>>,
    by_gram: HashMap<[char; 3], Vec<u32>>,
}

/// Below this trigram Dice a spelling is not taken for a cognate.
const MIN_COGNATE: f64 = 0.72;
/// French words shorter than this are too ambiguous to match by spelling.
const MIN_COGNATE_LEN: usize = 5;

const SUFFIXES: [(&str, &str); 14] = [
    ("ologue", "ologist"),
    ("logue", "logist"),
    ("iste", "ist"),
    ("ien", "ian"),
    ("ique", "ic"),
    ("ique", "ical"),
    ("eur", "er"),
    ("eur", "or"),
    ("ier", "er"),
    ("aire", "ary"),
    ("ie", "y"),
    ("te", "t"),
    ("e", ""),
    ("if", "ive"),
];

impl Cognates {
    /// `english` are English titles (stemmed as search stems them).
    pub fn new<'a>(english: impl IntoIterator<Item = &'a str>) -> Cognates {
        let mut words: Vec<String> = english
            .into_iter()
            .flat_map(|t| content_tokens(t, Lang::En))
            .filter(|w| w.chars().count() >= MIN_COGNATE_LEN - 1)
            .collect();
        words.sort_unstable();
        words.dedup();
        let grams: Vec<Vec<[char; 3]>> = words.iter().map(|w| trigrams(w)).collect();
        let mut by_gram: HashMap<[char; 3], Vec<u32>> = HashMap::new();
        for (i, g) in grams.iter().enumerate() {
            for x in g {
                by_gram.entry(*x).or_default().push(i as u32);
            }
        }
        Cognates {
            words,
            grams,
            by_gram,
        }
    }

    /// The English word `fr` (a French stem) is most likely a cognate of.
    pub fn find(&self, fr: &str) -> Option<&str> {
        if fr.chars().count() < MIN_COGNATE_LEN || self.words.is_empty() {
            return None;
        }
        if let Ok(i) = self.words.binary_search_by(|w| w.as_str().cmp(fr)) {
            return Some(&self.words[i]);
        }
        let mut forms = vec![fr.to_string()];
        for (from, to) in SUFFIXES {
            if let Some(stem) = fr.strip_suffix(from) {
                forms.push(format!("{stem}{to}"));
            }
        }
        let mut best: Option<(f64, u32)> = None;
        for f in &forms {
            let g = trigrams(f);
            // Candidates share a trigram; count how many to skip the rest.
            let mut shared: HashMap<u32, u32> = HashMap::new();
            for x in &g {
                for &i in self.by_gram.get(x).into_iter().flatten() {
                    *shared.entry(i).or_default() += 1;
                }
            }
            for (i, n) in shared {
                let upper = 2.0 * n as f64 / (g.len() + self.grams[i as usize].len()) as f64;
                if upper < MIN_COGNATE {
                    continue;
                }
                let d = similarity(&g, &self.grams[i as usize]);
                let better = match best {
                    None => true,
                    Some((bd, bi)) => d > bd || (d == bd && i < bi),
                };
                if d >= MIN_COGNATE && better {
                    best = Some((d, i));
                }
            }
        }
        best.map(|(_, i)| self.words[i as usize].as_str())
    }
}

fn normalise(t: &mut [BTreeMap<usize, f64>]) {
    for row in t.iter_mut() {
        let z: f64 = row.values().sum();
        if z > 0.0 {
            for v in row.values_mut() {
                *v /= z;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_words_from_pairs() {
        let pairs = [
            ("Analyste des politiques", "Policy Analyst"),
            ("Analyste financier", "Financial Analyst"),
            ("Directeur des finances", "Finance Director"),
            (
                "Directeur général - Océanographie",
                "Director General - Oceanography",
            ),
            ("Gestionnaire - Océanographie", "Manager - Oceanography"),
            ("Gestionnaire des politiques", "Policy Manager"),
        ];
        let lex = Lexicon::learn(pairs);
        assert_eq!(lex.get("analyst").map(|t| t[0].0.as_str()), Some("analyst"));
        assert_eq!(
            lex.get("gestionnair").map(|t| t[0].0.as_str()),
            Some("manager")
        );
        let (en, cover) = lex.translate("Gestionnaire - Océanographie");
        assert_eq!(en, "manager - oceanography");
        assert!(cover > 0.99);
    }

    #[test]
    fn unknown_words_fall_back_to_english_cognates() {
        let c = Cognates::new(["Archaeologist", "Historian", "Forester", "Nurse"]);
        assert_eq!(c.find("archeologue"), Some("archaeologist"));
        assert_eq!(c.find("historien"), Some("historian"));
        assert_eq!(c.find("forestier"), Some("forester"));
        assert_eq!(c.find("infirmier"), None);
        let lex = Lexicon::learn([("Analyste des politiques", "Policy Analyst")]);
        assert_eq!(
            lex.translate_with("Historien(ne)", &c),
            ("historian".to_string(), 1.0)
        );
        assert_eq!(lex.translate("Historien(ne)").0, "historien");
    }
}
