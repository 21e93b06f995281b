//! French typography for the words WiQ writes itself (site and app strings,
//! catalogue and compliance text): a no-break space before `:` and `»` and
//! after `«`, a narrow no-break space before `;`, `?` and `!`, and the
//! typographic apostrophe in elisions. Authors write plain spaces; this
//! keeps a line from breaking before the punctuation and makes the rules
//! hold everywhere instead of string by string.
//!
//! Only punctuation that ends a phrase is touched (`:` followed by a space
//! or the end), so `https://`, `12:30`, cardinalities like `*:1` and
//! `{placeholders}` are left as they are.

/// No-break space (before `:` and inside guillemets).
pub const NBSP: char = '\u{a0}';
/// Narrow no-break space (before `;`, `?`, `!`).
pub const NNBSP: char = '\u{202f}';

/// `text` with French spacing and apostrophes.
pub fn french(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let ends_phrase = next.is_none_or(|n| n.is_whitespace() || matches!(n, '»' | '"' | ')'));
        match c {
            ':' | ';' | '?' | '!' if ends_phrase && prev.is_some() => {
                let space = if c == ':' { NBSP } else { NNBSP };
                // A plain space the author typed becomes the no-break one;
                // none at all gets one.
                if out.ends_with(' ') {
                    out.pop();
                }
                if !out.ends_with([NBSP, NNBSP]) {
                    out.push(space);
                }
                out.push(c);
            }
            '»' => {
                if out.ends_with(' ') {
                    out.pop();
                }
                if !out.ends_with([NBSP, NNBSP]) {
                    out.push(NBSP);
                }
                out.push(c);
            }
            '«' => {
                out.push(c);
                if next.is_some_and(|n| n != ' ' && n != NBSP && n != NNBSP) {
                    out.push(NBSP);
                }
            }
            ' ' if prev == Some('«') => out.push(NBSP),
            '\'' if prev.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_alphabetic) =>
            {
                out.push('’')
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_before_high_punctuation_do_not_break() {
        assert_eq!(french("Lignage: dim_noc"), "Lignage\u{a0}: dim_noc");
        assert_eq!(
            french("Date de modification :"),
            "Date de modification\u{a0}:"
        );
        assert_eq!(french("trouvés; la suite"), "trouvés\u{202f}; la suite");
        assert_eq!(french("Vraiment ?"), "Vraiment\u{202f}?");
        assert_eq!(french("« Nom »"), "«\u{a0}Nom\u{a0}»");
        assert_eq!(french("«Nom»"), "«\u{a0}Nom\u{a0}»");
    }

    #[test]
    fn leaves_code_like_colons_alone() {
        for s in [
            "https://open.canada.ca",
            "12:30",
            "(*:1; clés orphelines : 0)",
        ] {
            let f = french(s);
            assert!(!f.contains("\u{a0}/"), "{f}");
        }
        assert_eq!(
            french("(*:1; clés orphelines : 0)"),
            "(*:1\u{202f}; clés orphelines\u{a0}: 0)"
        );
        assert_eq!(french("{n} lignes"), "{n} lignes");
    }

    #[test]
    fn apostrophes_become_typographic_and_it_is_idempotent() {
        assert_eq!(french("l'emploi d'un"), "l’emploi d’un");
        let once = french("Note : l'emploi; « x » ?");
        assert_eq!(french(&once), once);
    }
}
