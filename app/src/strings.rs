//! The app's UI strings, from `content/site.<lang>.toml`'s `[app]` table,
//! which the site writes into the page as JSON: the wasm carries no prose.

use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct Strings(Arc<BTreeMap<String, String>>);

impl Strings {
    pub fn from_json(json: &str) -> Strings {
        Strings(Arc::new(serde_json::from_str(json).unwrap_or_default()))
    }

    /// The string for `key`; the key itself if the page lacks it (a test
    /// checks that every key the app uses is in both languages).
    pub fn t(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// [`t`](Self::t) with `{name}` placeholders filled.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }

    /// The string for a count: `key_one` or `key_other` as `n` calls for in
    /// the page's language, with `{n}` the count as that language writes
    /// it (`10,000`; `10 000`) and the other placeholders filled.
    pub fn n(&self, key: &str, n: usize, fr: bool, args: &[(&str, &str)]) -> String {
        let count = count(n, fr);
        let mut all = vec![("n", count.as_str())];
        all.extend_from_slice(args);
        fill(self.t(&plural_key(key, n, fr)), &all)
    }
}

fn fill(mut s: String, args: &[(&str, &str)]) -> String {
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// `key_one` or `key_other`. French counts 0 and 1 as singular (« 0 ligne
/// codée »), English only 1 (“0 rows coded”).
pub fn plural_key(key: &str, n: usize, fr: bool) -> String {
    let one = if fr { n <= 1 } else { n == 1 };
    format!("{key}_{}", if one { "one" } else { "other" })
}

/// A count with its thousands grouped: `12,345` in English, `12 345` with
/// a narrow no-break space in French (a plain space would let the number
/// break across lines).
pub fn count(n: usize, fr: bool) -> String {
    let digits = n.to_string();
    let sep = if fr { "\u{202f}" } else { "," };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_falls_back_to_the_key() {
        let s = Strings::from_json(r#"{"hits":"{n} results for {q}"}"#);
        assert_eq!(
            s.f("hits", &[("n", "3"), ("q", "welder")]),
            "3 results for welder"
        );
        assert_eq!(s.t("missing"), "missing");
    }

    #[test]
    fn counts_pick_their_plural_per_language() {
        let s = Strings::from_json(
            r#"{"rows_one":"{n} row needs review","rows_other":"{n} rows need review",
                "lignes_one":"{n} ligne à vérifier","lignes_other":"{n} lignes à vérifier"}"#,
        );
        assert_eq!(s.n("rows", 1, false, &[]), "1 row needs review");
        assert_eq!(s.n("rows", 0, false, &[]), "0 rows need review");
        assert_eq!(s.n("rows", 2, false, &[]), "2 rows need review");
        assert_eq!(s.n("lignes", 0, true, &[]), "0 ligne à vérifier");
        assert_eq!(s.n("lignes", 1, true, &[]), "1 ligne à vérifier");
        assert_eq!(s.n("lignes", 2, true, &[]), "2 lignes à vérifier");
        assert_eq!(
            s.n("lignes", 12345, true, &[]),
            "12\u{202f}345 lignes à vérifier"
        );
        assert_eq!(
            s.n("rows", 1234567, false, &[]),
            "1,234,567 rows need review"
        );
        assert_eq!(count(999, false), "999");
        assert_eq!(count(1000, true), "1\u{202f}000");
    }

    /// Every key the app's code names (`.t("…")`, `.f("…"`, `.n("…"`, and
    /// the keys built from a prefix) is in both languages' `[app]` table:
    /// a missing one would show as its key.
    #[test]
    fn every_key_the_app_uses_is_in_both_languages() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut sources = String::new();
        let mut dirs = vec![std::path::PathBuf::from(root).join("src")];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).expect("src") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    // The code before its tests (which use made-up keys).
                    let text = std::fs::read_to_string(&p).expect("source");
                    sources += text.split("#[cfg(test)]").next().unwrap_or_default();
                }
            }
        }
        let mut keys: Vec<String> = Vec::new();
        for (call, plural) in [(".t(\"", false), (".f(\"", false), (".n(\"", true)] {
            for (i, _) in sources.match_indices(call) {
                let rest = &sources[i + call.len()..];
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if key.is_empty() || !rest[key.len()..].starts_with('"') {
                    continue;
                }
                if plural {
                    keys.push(format!("{key}_one"));
                    keys.push(format!("{key}_other"));
                } else {
                    keys.push(key);
                }
            }
        }
        // Keys built at run time.
        for v in ["search", "resolve", "batch", "ask", "replay"] {
            keys.push(format!("view_{v}"));
        }
        for c in jobforge_core::batch::ADDED_COLUMNS {
            keys.push(format!("batch_col_{c}"));
        }
        let tiers = jobforge_core::resolve::Tier::ALL.map(|t| t.as_str());
        let others = [
            jobforge_core::batch::SEARCH,
            jobforge_core::batch::INVALID_INPUT,
        ];
        for m in tiers.iter().chain(&others) {
            keys.push(format!("method_{}", m.to_ascii_lowercase()));
        }
        assert!(keys.len() > 100, "{} keys found", keys.len());
        for lang in ["en", "fr"] {
            let p = format!("{root}/../content/site.{lang}.toml");
            let v: toml::Value =
                toml::from_str(&std::fs::read_to_string(&p).expect("strings")).expect("TOML");
            let app = v.get("app").and_then(|a| a.as_table()).expect("[app]");
            for k in &keys {
                assert!(
                    app.contains_key(k),
                    "app.{k} is missing from site.{lang}.toml"
                );
            }
        }
    }
}
