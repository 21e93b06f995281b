//! Text in the page's language, or English where a source gives no French.

use crate::Lang;

/// A piece of data text for one page. On a French page, `en` is true when
/// the source gave no French and the English is shown instead: templates
/// then wrap it in `lang="en"` and add a short notice, so English is never
/// presented as French.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub en: bool,
}

impl Text {
    /// Text that is in the page's language.
    pub fn native(value: impl Into<String>) -> Text {
        Text {
            value: value.into(),
            en: false,
        }
    }

    /// The French text when the page is French and a source gives it,
    /// otherwise the English (flagged on French pages).
    pub fn pick(lang: Lang, en: &str, fr: Option<&str>) -> Text {
        match (lang, fr.map(str::trim).filter(|s| !s.is_empty())) {
            (Lang::En, _) => Text::native(en),
            (Lang::Fr, Some(fr)) => Text::native(fr),
            (Lang::Fr, None) => Text {
                value: en.to_string(),
                en: true,
            },
        }
    }

    /// English-only source text (OaSIS, O*NET, NOC definitions).
    pub fn english(lang: Lang, en: &str) -> Text {
        Text::pick(lang, en, None)
    }

    /// ` lang="en"` for English shown on a French page, else nothing. A
    /// fixed string, so templates may output it unescaped.
    pub fn lang_attr(&self) -> &'static str {
        if self.en {
            " lang=\"en\""
        } else {
            ""
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_is_never_filled_with_english_silently() {
        let t = Text::pick(Lang::Fr, "Legislators", None);
        assert!(t.en);
        assert_eq!(t.lang_attr(), " lang=\"en\"");
        let t = Text::pick(Lang::Fr, "Legislators", Some("Membres"));
        assert!(!t.en && t.value == "Membres");
        let t = Text::pick(Lang::Fr, "Legislators", Some("  "));
        assert!(t.en);
        let t = Text::pick(Lang::En, "Legislators", Some("Membres"));
        assert!(!t.en && t.value == "Legislators");
    }
}
