//! Text normalisation for job titles in English and French.
//!
//! Titles arrive as `Adjoint(e) administratif(ive)`, `Cadres supérieurs/cadres
//! supérieures - administration publique`, `municipal council chairman/woman`
//! or `sofware developer`. Everything downstream (features, exact matches,
//! the translation lexicon) works on the folded tokens produced here, so the
//! same rules apply to the index and to queries.

use super::Lang;

/// Lower-cases and folds accents and ligatures (`é` → `e`, `œ` → `oe`);
/// every character that is not a letter or digit becomes a space, except the
/// ` - ` qualifier separator, which [`split_qualifier`] needs and which is
/// kept as `-` surrounded by spaces.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            match l {
                'a'..='z' | '0'..='9' => out.push(l),
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
                'ç' => out.push('c'),
                'è' | 'é' | 'ê' | 'ë' => out.push('e'),
                'ì' | 'í' | 'î' | 'ï' => out.push('i'),
                'ñ' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
                'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                'ß' => out.push_str("ss"),
                // Apostrophes join elided articles to nothing: d'emplois → d emplois.
                _ if l.is_alphanumeric() => out.push(l),
                _ => out.push(' '),
            }
        }
    }
    out
}

/// Removes the feminine endings French titles attach in brackets:
/// `Directeur(rice)` → `Directeur`, `administratif(ive)` → `administratif`,
/// `Policier(ière-)-plongeur(euse)` → `Policier-plongeur`. A bracket that
/// follows a space (`Notaire (Québec)`, `(IT)`) is a real qualifier and stays.
pub fn strip_feminine(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '(' && i > 0 && chars[i - 1].is_alphabetic() {
            if let Some(len) = chars[i + 1..].iter().position(|&c| c == ')') {
                let inner = &chars[i + 1..i + 1 + len];
                let letters = inner.iter().filter(|c| c.is_alphabetic()).count();
                let ok = (1..=6).contains(&letters)
                    && inner.iter().all(|c| c.is_lowercase() || *c == '-');
                if ok {
                    i += len + 2;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Splits a title into its head and its ` - ` qualifier:
/// `Director General - Oceanography` → (`Director General`, `Oceanography`).
/// Works on raw or folded text (both keep a spaced hyphen or dash).
pub fn split_qualifier(s: &str) -> (&str, Option<&str>) {
    // `Supervisor- Clinical Psychology` occurs too; a hyphen with no space
    // on either side (`Sous-ministre`) is part of a word.
    for sep in [" - ", " – ", " — ", "- ", " -"] {
        if let Some((h, q)) = s.split_once(sep) {
            let (h, q) = (h.trim(), q.trim());
            if !h.is_empty() && !q.is_empty() {
                return (h, Some(q));
            }
        }
    }
    (s.trim(), None)
}

/// The forms a slash title stands for. French titles give the masculine and
/// feminine (`Infirmier/infirmière`, `Employés / employées de bureau -
/// soutien général`), English ones alternatives (`chairman/woman`,
/// `computer/network technician`). A ` - ` qualifier after the slash is kept
/// on every form. Titles without a slash come back as the only form.
pub fn slash_forms(title: &str) -> Vec<String> {
    let (head, qual) = split_qualifier(title);
    if !head.contains('/') {
        return vec![title.trim().to_string()];
    }
    // `Développeurs/développeuses et programmeurs/programmeuses de
    // logiciels`: each conjoined part alternates on its own.
    let mut a: Vec<String> = Vec::new();
    let mut b: Vec<String> = Vec::new();
    for (i, seg) in split_conjunctions(head).into_iter().enumerate() {
        let (x, y) = pair_forms(seg);
        if i > 0 {
            a.push(String::new());
            b.push(String::new());
        }
        a.push(x);
        b.push(y);
    }
    let join = |v: Vec<String>| {
        let s = v.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
        match qual {
            Some(q) => format!("{s} - {q}"),
            None => s,
        }
    };
    let (a, b) = (join(a), join(b));
    if a == b {
        vec![a]
    } else {
        vec![a, b]
    }
}

/// The masculine and feminine forms of a title that writes both with a
/// slash: French `Serrurier/serrurière` → (`Serrurier`, `Serrurière`),
/// English `Alderman/woman` → (`Alderman`, `Alderwoman`). The feminine form
/// takes the masculine's initial capital. `None` when the title has one form,
/// or (in English) when its slash joins alternatives, not genders
/// (`computer/network technician`).
pub fn gender_forms(title: &str, lang: Lang) -> Option<(String, String)> {
    let forms = slash_forms(title);
    let [masc, fem] = forms.as_slice() else {
        return None;
    };
    if lang == Lang::En {
        let (m, f) = (masc.to_lowercase(), fem.to_lowercase());
        if !(f.contains("woman") || f.contains("women")) || m.contains("woman") {
            return None;
        }
    }
    let capitalised = match (masc.chars().next(), fem.chars().next()) {
        (Some(m), Some(f)) if m.is_uppercase() && f.is_lowercase() => {
            f.to_uppercase().chain(fem.chars().skip(1)).collect()
        }
        _ => fem.clone(),
    };
    Some((masc.clone(), capitalised))
}

/// Splits at ` et ` / ` and `, keeping the conjunction with the next part.
fn split_conjunctions(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        // Search past the first character (a part never starts with the
        // conjunction), on a character boundary.
        let skip = rest.chars().next().map_or(0, char::len_utf8);
        let cut = [" et ", " and "]
            .iter()
            .filter_map(|c| rest[skip..].find(c).map(|i| i + skip))
            .min();
        match cut {
            Some(i) => {
                out.push(&rest[..i]);
                rest = &rest[i..];
            }
            _ => {
                out.push(rest);
                return out;
            }
        }
    }
}

/// The two forms of one part with at most one slash.
fn pair_forms(seg: &str) -> (String, String) {
    let parts: Vec<&str> = seg.split('/').map(str::trim).collect();
    if parts.len() != 2 || parts.iter().any(|p| p.is_empty()) {
        return (seg.trim().to_string(), seg.trim().to_string());
    }
    let l: Vec<&str> = parts[0].split_whitespace().collect();
    let r: Vec<&str> = parts[1].split_whitespace().collect();
    let merged = match (l.last(), r.as_slice()) {
        (Some(last), [part]) => merge_suffix(last, part),
        _ => None,
    };
    if r.len() == 1 && (merged.is_some() || l.len() > 1) {
        // `chairman/woman`, `Storeman/woman`: the right side replaces the end
        // of the last word; `sales manager/director`: it replaces the last
        // word.
        let mut b: Vec<String> = l[..l.len() - 1].iter().map(|s| s.to_string()).collect();
        b.push(merged.unwrap_or_else(|| r[0].to_string()));
        (l.join(" "), b.join(" "))
    } else if l.len() < r.len() {
        // `Employés / employées de bureau`, `computer/network technician`:
        // the left side borrows the words it lacks from the right.
        let mut a: Vec<&str> = l.clone();
        a.extend_from_slice(&r[l.len()..]);
        (a.join(" "), r.join(" "))
    } else {
        (l.join(" "), r.join(" "))
    }
}

/// `chairman` + `woman` → `chairwoman` (shared ending of at least 3 letters).
fn merge_suffix(word: &str, part: &str) -> Option<String> {
    let w: Vec<char> = word.chars().collect();
    let p: Vec<char> = part.chars().collect();
    let common = w
        .iter()
        .rev()
        .zip(p.iter().rev())
        .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
        .count();
    if common >= 3 && p.len() < w.len() && common < p.len() {
        // `chair|man` + `woman`: drop the shared ending, append the right part.
        let base: String = w[..w.len() - common].iter().collect();
        Some(format!("{base}{part}"))
    } else {
        None
    }
}

const FR_STOP: &[&str] = &[
    "a", "au", "aux", "avec", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les",
    "ou", "par", "pour", "sans", "sur", "un", "une", "chez",
];
const EN_STOP: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
];

pub fn is_stopword(t: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => EN_STOP.contains(&t),
        Lang::Fr => FR_STOP.contains(&t),
    }
}

/// Folds a title to its tokens: feminine brackets removed, accents folded,
/// punctuation dropped. Stopwords are kept (bigrams need them to be absent,
/// so callers filter with [`is_stopword`]).
pub fn tokens(s: &str) -> Vec<String> {
    fold(&strip_feminine(s))
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// A light stemmer: plurals and French feminine endings, so `infirmière`,
/// `infirmiers` and `infirmier` meet, as do `nurses` and `nurse`. Applied to
/// folded tokens.
pub fn stem(t: &str, lang: Lang) -> String {
    let mut s = t.to_string();
    if s.len() > 3 && s.ends_with('s') && !s.ends_with("ss") && !s.ends_with("us") {
        s.pop();
    }
    if lang == Lang::Fr && s.len() > 4 {
        for (fem, masc) in [
            ("trice", "teur"),
            ("euse", "eur"),
            ("iere", "ier"),
            ("ienne", "ien"),
            ("enne", "en"),
            ("onne", "on"),
            ("ive", "if"),
            ("ere", "er"),
            ("ee", "e"),
        ] {
            if let Some(b) = s.strip_suffix(fem) {
                return format!("{b}{masc}");
            }
        }
        // adjointe → adjoint, avocate → avocat, analyste → analyst.
        if let Some(b) = s.strip_suffix('e') {
            if b.ends_with(|c: char| !"aeiouy".contains(c)) {
                return b.to_string();
            }
        }
    }
    s
}

/// Content tokens of a title, stemmed, stopwords removed.
pub fn content_tokens(s: &str, lang: Lang) -> Vec<String> {
    tokens(s)
        .into_iter()
        .filter(|t| !is_stopword(t, lang))
        .map(|t| stem(&t, lang))
        .collect()
}

/// The key two titles share when they are the same title: folded, stemmed
/// content tokens joined by spaces.
pub fn exact_key(s: &str, lang: Lang) -> String {
    content_tokens(s, lang).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_ligatures() {
        assert_eq!(fold("Œuvre d'Infirmière"), "oeuvre d infirmiere");
        assert_eq!(fold("Génie – Océanographie"), "genie   oceanographie");
    }

    #[test]
    fn drops_feminine_brackets_but_keeps_qualifiers() {
        assert_eq!(
            strip_feminine("Adjoint(e) administratif(ive)"),
            "Adjoint administratif"
        );
        assert_eq!(
            strip_feminine("Policier(ière-)-plongeur(euse)"),
            "Policier-plongeur"
        );
        assert_eq!(strip_feminine("Notaire (Québec)"), "Notaire (Québec)");
        assert_eq!(
            strip_feminine("Architect - Information Technology (IT)"),
            "Architect - Information Technology (IT)"
        );
    }

    #[test]
    fn splits_slash_forms() {
        assert_eq!(
            slash_forms("Cadres supérieurs/cadres supérieures - administration publique"),
            vec![
                "Cadres supérieurs - administration publique",
                "cadres supérieures - administration publique"
            ]
        );
        assert_eq!(
            slash_forms("Employés / employées de bureau - soutien général"),
            vec![
                "Employés de bureau - soutien général",
                "employées de bureau - soutien général"
            ]
        );
        assert_eq!(
            slash_forms("Infirmier/infirmière"),
            vec!["Infirmier", "infirmière"]
        );
        assert_eq!(
            slash_forms("municipal council chairman/woman"),
            vec!["municipal council chairman", "municipal council chairwoman"]
        );
        assert_eq!(
            slash_forms("Storeman/woman"),
            vec!["Storeman", "Storewoman"]
        );
        assert_eq!(
            slash_forms("Software developer"),
            vec!["Software developer"]
        );
    }

    #[test]
    fn splits_gender_forms() {
        let fr = |t| gender_forms(t, Lang::Fr);
        assert_eq!(
            fr("Serrurier/serrurière"),
            Some(("Serrurier".into(), "Serrurière".into()))
        );
        assert_eq!(
            fr("Directeur administratif/directrice administrative d'une association"),
            Some((
                "Directeur administratif d'une association".into(),
                "Directrice administrative d'une association".into()
            ))
        );
        assert_eq!(fr("Juge"), None);
        assert_eq!(
            gender_forms("Alderman/woman", Lang::En),
            Some(("Alderman".into(), "Alderwoman".into()))
        );
        assert_eq!(gender_forms("computer/network technician", Lang::En), None);
    }

    #[test]
    fn stems_meet() {
        assert_eq!(stem("infirmiere", Lang::Fr), stem("infirmiers", Lang::Fr));
        assert_eq!(stem("directrice", Lang::Fr), "directeur");
        assert_eq!(stem("administrative", Lang::Fr), "administratif");
        assert_eq!(stem("nurses", Lang::En), "nurse");
        assert_eq!(
            exact_key("Adjointe administrative", Lang::Fr),
            exact_key("Adjoint(e) administratif(ive)", Lang::Fr)
        );
    }

    #[test]
    fn qualifier() {
        assert_eq!(
            split_qualifier("Director General - Oceanography"),
            ("Director General", Some("Oceanography"))
        );
        assert_eq!(split_qualifier("Cement mason"), ("Cement mason", None));
    }
}
