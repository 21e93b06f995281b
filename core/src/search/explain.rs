//! One-sentence explanations of a hit, in English and French.

use super::Source;

pub struct Why<'a> {
    pub unit_group: &'a str,
    pub title_en: &'a str,
    pub title_fr: Option<&'a str>,
    pub matched: Option<(&'a str, Source)>,
    pub exact: bool,
    pub confidence: f32,
    pub rank: usize,
    /// The next unit group in the ranking and its confidence.
    pub next: Option<(&'a str, f32)>,
}

/// A probability as a percentage a reader can use: whole percents, but
/// "<1%" rather than a "0%" that reads as impossible, and ">99%" rather than
/// a "100%" that reads as certain. French spaces the sign with no-break
/// spaces (`<\u{a0}1\u{a0}%`).
pub fn percent(p: f32, fr: bool) -> String {
    let v = (p * 100.0).clamp(0.0, 100.0);
    let (prefix, n) = if v > 0.0 && v < 0.5 {
        ("<", 1.0)
    } else if (99.5..100.0).contains(&v) {
        (">", 99.0)
    } else {
        ("", v.round())
    };
    match (fr, prefix) {
        (false, _) => format!("{prefix}{n:.0}%"),
        (true, "") => format!("{n:.0}\u{a0}%"),
        (true, _) => format!("{prefix}\u{a0}{n:.0}\u{a0}%"),
    }
}

/// `(english, french)`.
pub fn explain(w: &Why) -> (String, String) {
    let title_fr = w.title_fr.unwrap_or(w.title_en);
    let mut en = format!("{} {}: ", w.unit_group, w.title_en);
    // French typography: a no-break space before `:` `;` `%` and inside
    // guillemets.
    let mut fr = format!("{} {}\u{a0}: ", w.unit_group, title_fr);
    match (w.matched, w.exact) {
        (Some((t, s)), true) => {
            en += &format!("the query is the {} \u{201c}{t}\u{201d}", s.label_en());
            fr += &format!("la requête est {} «\u{a0}{t}\u{a0}»", s.label_fr_defined());
        }
        (Some((t, s)), false) => {
            en += &format!("closest title is the {} \u{201c}{t}\u{201d}", s.label_en());
            fr += &format!(
                "titre le plus proche\u{a0}: {} «\u{a0}{t}\u{a0}»",
                s.label_fr_defined()
            );
        }
        (None, _) => {
            en += "ranked on the words of the query";
            fr += "classé d’après les mots de la requête";
        }
    }
    en += &format!("; {} confidence", percent(w.confidence, false));
    fr += &format!("\u{202f}; confiance {}", percent(w.confidence, true));
    if w.rank == 0 {
        if let Some((code, p)) = w.next {
            en += &format!(", next is {code} at {}", percent(p, false));
            fr += &format!(", suivi de {code} à {}", percent(p, true));
        }
    }
    en.push('.');
    fr.push('.');
    (en, fr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(source: Source, exact: bool) -> Why<'static> {
        Why {
            unit_group: "72999",
            title_en: "Other technical trades and related occupations",
            title_fr: Some("Autres métiers techniques et personnel assimilé"),
            matched: Some(("Serrurier/serrurière", source)),
            exact,
            confidence: 0.9,
            rank: 0,
            next: Some(("72014", 0.05)),
        }
    }

    #[test]
    fn percentages_never_read_as_impossible_or_certain() {
        assert_eq!(percent(0.873, false), "87%");
        assert_eq!(percent(0.873, true), "87\u{a0}%");
        assert_eq!(percent(0.004, false), "<1%");
        assert_eq!(percent(0.004, true), "<\u{a0}1\u{a0}%");
        assert_eq!(percent(0.006, false), "1%");
        assert_eq!(percent(0.0, false), "0%");
        assert_eq!(percent(0.9996, false), ">99%");
        assert_eq!(percent(1.0, true), "100\u{a0}%");
        // Next-ranked unit groups far behind are "<1%", never "0%".
        let mut w = why(Source::NocExample, true);
        w.next = Some(("72014", 0.001));
        let (en, fr) = explain(&w);
        assert!(en.ends_with("next is 72014 at <1%."), "{en}");
        assert!(fr.ends_with("à <\u{a0}1\u{a0}%."), "{fr}");
    }

    /// French explanations elide the article and space their punctuation.
    #[test]
    fn french_explanation_is_written_in_french() {
        let (_, fr) = explain(&why(Source::NocExample, true));
        assert!(
            fr.contains("la requête est l’exemple d’appellation de la CNP 2021 «\u{a0}Serrurier/serrurière\u{a0}»"),
            "{fr}"
        );
        assert!(fr.contains("\u{a0}: "), "{fr}");
        assert!(fr.contains("confiance 90\u{a0}%"), "{fr}");
        let (_, fr) = explain(&why(Source::JobArchitecture, true));
        assert!(fr.contains("est le titre de l’architecture"), "{fr}");
        assert!(!fr.contains("l'titre") && !fr.contains("l’titre"), "{fr}");
        let (_, fr) = explain(&why(Source::OasisLabel, false));
        assert!(
            fr.contains("proche\u{a0}: l’appellation de profil OaSIS"),
            "{fr}"
        );
    }
}
