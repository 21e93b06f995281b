//! The site's two languages.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub const BOTH: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 tag used in `lang` and `hreflang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Fr,
            Lang::Fr => Lang::En,
        }
    }

    /// The language's own name, as the language toggle shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    /// `:` as the language writes it after a word: with a no-break space
    /// before it in French.
    pub fn colon(self) -> &'static str {
        if self.is_fr() {
            "\u{a0}:"
        } else {
            ":"
        }
    }

    /// `;` as the language writes it: with a narrow no-break space before
    /// it in French.
    pub fn semicolon(self) -> &'static str {
        if self.is_fr() {
            "\u{202f};"
        } else {
            ";"
        }
    }

    pub fn is_fr(self) -> bool {
        self == Lang::Fr
    }
}
