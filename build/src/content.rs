//! The hand-written text of `content/`: TOML files whose French strings get
//! French typography ([`jobforge_core::typography::french`]) as they are
//! read, so the site, the app and the catalogue never show `mot :` with a
//! breakable space or `l'emploi` with a straight apostrophe.

use serde::de::DeserializeOwned;

/// Which strings of a file are French.
#[derive(Debug, Clone, Copy)]
pub enum French {
    /// Every string (`site.fr.toml`).
    All,
    /// Strings under a key `fr` or ending in `_fr` (`catalog.toml`,
    /// `compliance.toml`, which hold both languages).
    Keyed,
}

/// Parses `text` (from `path`, for messages) with French typography applied.
pub fn parse<T: DeserializeOwned>(text: &str, french: French) -> Result<T, String> {
    let mut table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    for (k, v) in table.iter_mut() {
        apply(v, matches!(french, French::All) || is_french_key(k), french);
    }
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| e.to_string())
}

fn is_french_key(k: &str) -> bool {
    k == "fr" || k.ends_with("_fr")
}

fn apply(v: &mut toml::Value, fr: bool, french: French) {
    match v {
        toml::Value::String(s) if fr => *s = jobforge_core::typography::french(s),
        toml::Value::Array(a) => a.iter_mut().for_each(|x| apply(x, fr, french)),
        toml::Value::Table(t) => {
            for (k, x) in t.iter_mut() {
                let fr = fr || (matches!(french, French::Keyed) && is_french_key(k));
                apply(x, fr, french);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Both {
        title_en: String,
        title_fr: String,
        col: std::collections::BTreeMap<String, Pair>,
    }
    #[derive(serde::Deserialize)]
    struct Pair {
        en: String,
        fr: String,
    }

    #[test]
    fn only_french_strings_are_retouched() {
        let b: Both = parse(
            "title_en = \"Lineage: x\"\ntitle_fr = \"Lignage: x\"\n[col.a]\nen = \"a; b\"\nfr = \"a; b\"\n",
            French::Keyed,
        )
        .expect("parse");
        assert_eq!(b.title_en, "Lineage: x");
        assert_eq!(b.title_fr, "Lignage\u{a0}: x");
        assert_eq!(b.col["a"].en, "a; b");
        assert_eq!(b.col["a"].fr, "a\u{202f}; b");
    }
}
