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

fn pct(p: f32) -> String {
    format!("{:.0}", (p * 100.0).clamp(0.0, 100.0))
}

/// `(english, french)`.
pub fn explain(w: &Why) -> (String, String) {
    let title_fr = w.title_fr.unwrap_or(w.title_en);
    let mut en = format!("{} {}: ", w.unit_group, w.title_en);
    let mut fr = format!("{} {} : ", w.unit_group, title_fr);
    match (w.matched, w.exact) {
        (Some((t, s)), true) => {
            en += &format!("the query is the {} \u{201c}{t}\u{201d}", s.label_en());
            fr += &format!("la requête est l'{} « {t} »", s.label_fr());
        }
        (Some((t, s)), false) => {
            en += &format!("closest title is the {} \u{201c}{t}\u{201d}", s.label_en());
            fr += &format!("titre le plus proche : {} « {t} »", s.label_fr());
        }
        (None, _) => {
            en += "ranked on the words of the query";
            fr += "classé d'après les mots de la requête";
        }
    }
    en += &format!("; {}% confidence", pct(w.confidence));
    fr += &format!(" ; confiance {} %", pct(w.confidence));
    if w.rank == 0 {
        if let Some((code, p)) = w.next {
            en += &format!(", next is {code} at {}%", pct(p));
            fr += &format!(", suivi de {code} à {} %", pct(p));
        }
    }
    en.push('.');
    fr.push('.');
    (en, fr)
}
