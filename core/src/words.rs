//! Numbers and counted nouns as each language writes them, shared by the
//! metadata answers, the build replay and the app, so that English and
//! French agree everywhere: `57,708 rows` / `57 708 lignes` (narrow no-break
//! space), and French uses the singular for 0 and 1 (`0 jointure`).

use crate::search::Lang;

/// `n` with thousands separated the way each language writes them.
pub fn num(n: i64, lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        Lang::En => ",",
        Lang::Fr => "\u{202f}",
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Whether `n` takes the singular: 1 in English, 0 and 1 in French.
pub fn singular(n: usize, lang: Lang) -> bool {
    match lang {
        Lang::En => n == 1,
        Lang::Fr => n <= 1,
    }
}

/// `3 tables`, `1 table`; French uses the singular for 0 and 1 too.
pub fn count(n: usize, one: &str, many: &str, lang: Lang) -> String {
    format!(
        "{} {}",
        num(n as i64, lang),
        if singular(n, lang) { one } else { many }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_and_plurals_per_language() {
        assert_eq!(num(57708, Lang::En), "57,708");
        assert_eq!(num(57708, Lang::Fr), "57\u{202f}708");
        assert_eq!(num(-1000, Lang::En), "-1,000");
        assert_eq!(num(999, Lang::Fr), "999");
        assert_eq!(count(0, "join", "joins", Lang::En), "0 joins");
        assert_eq!(count(0, "jointure", "jointures", Lang::Fr), "0 jointure");
        assert_eq!(count(1, "row", "rows", Lang::En), "1 row");
        assert_eq!(count(2, "ligne", "lignes", Lang::Fr), "2 lignes");
    }
}
