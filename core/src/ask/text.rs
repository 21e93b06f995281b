//! Normalisation shared by questions, patterns and catalogue names.
//!
//! Everything a question is compared with goes through [`tokens`], so case,
//! accents, punctuation, quotes, underscores, plurals and a few bilingual
//! acronyms stop mattering in one place: `"Element_Main_Duties"`,
//! `element main duty` and `« element_main_duties »` all become
//! `element main duty`.

use crate::search::text::fold;
use crate::search::Lang;

/// Acronyms the two languages spell differently, mapped to the spelling the
/// table names use, so a French question finds English names (`CNP` →
/// `noc`) and French descriptions match English concepts.
const SYNONYMS: &[(&str, &str)] = &[
    ("cnp", "noc"),
    ("sppc", "cops"),
    ("sct", "tbs"),
    ("edsc", "esdc"),
];

/// Articles and prepositions that carry nothing for matching; dropping them
/// lets `tables du SPPC` and `tables from COPS` differ only by the verb.
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "le", "la", "les", "l", "d", "de", "du", "des", "un", "une",
];

/// Words that give a question away as French or English. Shared words
/// (`tables`, `relations`, `description`) are in neither list.
const FR_WORDS: &[&str] = &[
    "quel",
    "quelle",
    "quelles",
    "quels",
    "combien",
    "ligne",
    "lignes",
    "vient",
    "viennent",
    "provient",
    "proviennent",
    "alimente",
    "alimentent",
    "utilise",
    "utilisent",
    "contient",
    "contiennent",
    "decris",
    "decrire",
    "dans",
    "est",
    "qui",
    "que",
    "qu",
    "les",
    "des",
    "du",
    "de",
    "ou",
    "avec",
    "sont",
    "colonne",
    "colonnes",
    "donnees",
    "liste",
    "lister",
    "jointures",
    "quoi",
    "il",
    "aval",
    "amont",
];
const EN_WORDS: &[&str] = &[
    "which", "what", "where", "how", "many", "rows", "row", "does", "do", "come", "from", "feeds",
    "feed", "uses", "use", "used", "contain", "contains", "describe", "in", "is", "the", "of",
    "list", "columns", "column", "joins", "join", "data", "are", "there", "have", "has", "with",
    "tell", "me", "about", "show",
];

/// The question's language: French when it has more French cue words than
/// English ones (accented letters count as French), English when fewer,
/// `None` when it cannot tell (a bare table name).
pub(crate) fn detect_lang(question: &str) -> Option<Lang> {
    let accents = question
        .chars()
        .filter(|c| "éèêàâçùûîôœ".contains(c.to_lowercase().next().unwrap_or(*c)))
        .count();
    let folded = fold(question);
    let (mut fr, mut en) = (accents.min(2), 0);
    for w in folded.split_whitespace() {
        fr += usize::from(FR_WORDS.contains(&w));
        en += usize::from(EN_WORDS.contains(&w));
    }
    match fr.cmp(&en) {
        std::cmp::Ordering::Greater => Some(Lang::Fr),
        std::cmp::Ordering::Less => Some(Lang::En),
        std::cmp::Ordering::Equal => None,
    }
}

/// Folded, stemmed tokens without stopwords.
pub(crate) fn tokens(s: &str) -> Vec<String> {
    words(s).0
}

/// [`tokens`], and beside each token the word as typed (folded only), for
/// quoting the question back.
pub(crate) fn words(s: &str) -> (Vec<String>, Vec<String>) {
    let folded = fold(s);
    let raw: Vec<&str> = folded.split_whitespace().collect();
    let (mut norm, mut typed) = (Vec::with_capacity(raw.len()), Vec::with_capacity(raw.len()));
    let mut i = 0;
    while i < raw.len() {
        // `O*NET` folds to `o net`.
        if raw[i] == "o" && raw.get(i + 1) == Some(&"net") {
            norm.push("onet".to_string());
            typed.push("o*net".to_string());
            i += 2;
            continue;
        }
        let w = SYNONYMS
            .iter()
            .find(|(from, _)| *from == raw[i])
            .map_or(raw[i], |(_, to)| to);
        if !STOPWORDS.contains(&w) {
            norm.push(stem(w));
            typed.push(raw[i].to_string());
        }
        i += 1;
    }
    (norm, typed)
}

/// A plural folded to its singular, crudely but identically on both sides of
/// every comparison: `duties` → `duty`, `tables` → `table`, `lignes` →
/// `ligne`. Short words (`is`, `has`) and `-ss` endings are left alone.
fn stem(w: &str) -> String {
    let n = w.chars().count();
    if n > 4 && w.ends_with("ies") {
        format!("{}y", &w[..w.len() - 3])
    } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

/// The first `max` characters of `s`, cut at a word boundary, with `…`.
pub(crate) fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_questions_fold_to_the_same_tokens() {
        assert_eq!(tokens("Element_Main_Duties"), ["element", "main", "duty"]);
        assert_eq!(tokens("« element main duty »"), ["element", "main", "duty"]);
        assert_eq!(
            tokens("D'où vient 'dim_noc' ?"),
            ["ou", "vient", "dim", "noc"]
        );
        assert_eq!(tokens("le code CNP"), ["code", "noc"]);
        assert_eq!(tokens("O*NET tables"), ["onet", "table"]);
        assert_eq!(tokens("du SPPC (COPS)"), ["cop", "cop"]);
    }

    #[test]
    fn language_follows_the_cue_words() {
        assert_eq!(detect_lang("where does dim_noc come from"), Some(Lang::En));
        assert_eq!(detect_lang("d'où vient dim_noc"), Some(Lang::Fr));
        assert_eq!(
            detect_lang("combien de lignes dans element_main_duties"),
            Some(Lang::Fr)
        );
        assert_eq!(detect_lang("décris dim_noc"), Some(Lang::Fr));
        assert_eq!(detect_lang("dim_noc"), None);
    }

    #[test]
    fn short_cuts_at_a_word() {
        assert_eq!(short("one two three", 20), "one two three");
        assert_eq!(short("one two three", 9), "one two…");
    }
}
