//! Where every page lives, in each language, and links between pages.
//!
//! Paths are relative to the site root and name the file (`…/index.html`,
//! never a bare folder), so links work from disk as well as from a server.
//! French pages have French paths, as on Canada.ca.

use crate::Lang;

/// One page of the site, independent of language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    Home,
    Search,
    /// The SQL console over the gold tables (its own, lazily loaded wasm).
    Query,
    Occupations,
    /// A NOC code at any of the five levels.
    Noc(String),
    /// An OaSIS profile (`NNNNN.NN`).
    Profile(String),
    Catalogue,
    /// A table of the data catalogue.
    Table(String),
    Coverage,
    /// The compliance summary: requirements by status, per framework.
    Compliance,
    /// One compliance framework (`dadm`, `dama`, `rtm`) and its requirements.
    Framework(String),
    About,
}

impl Route {
    /// The file of this page in `lang`, relative to the site root.
    pub fn path(&self, lang: Lang) -> String {
        let fr = lang.is_fr();
        let l = lang.code();
        match self {
            Route::Home => format!("{l}/index.html"),
            Route::Search if fr => "fr/recherche/index.html".into(),
            Route::Search => "en/search/index.html".into(),
            Route::Query if fr => "fr/requete/index.html".into(),
            Route::Query => "en/query/index.html".into(),
            Route::Occupations if fr => "fr/professions/index.html".into(),
            Route::Occupations => "en/occupations/index.html".into(),
            Route::Noc(c) if fr => format!("fr/professions/{c}.html"),
            Route::Noc(c) => format!("en/occupations/{c}.html"),
            Route::Profile(c) if fr => format!("fr/profils/{c}.html"),
            Route::Profile(c) => format!("en/profiles/{c}.html"),
            Route::Catalogue => format!("{l}/catalogue/index.html"),
            Route::Table(t) => format!("{l}/catalogue/{t}.html"),
            Route::Coverage if fr => "fr/couverture.html".into(),
            Route::Coverage => "en/coverage.html".into(),
            Route::Compliance if fr => "fr/conformite/index.html".into(),
            Route::Compliance => "en/compliance/index.html".into(),
            Route::Framework(f) if fr => format!("fr/conformite/{f}.html"),
            Route::Framework(f) => format!("en/compliance/{f}.html"),
            Route::About if fr => "fr/a-propos.html".into(),
            Route::About => "en/about.html".into(),
        }
    }

    /// A link to this page in `lang` from the page at `from`.
    pub fn href_from(&self, from: &str, lang: Lang) -> String {
        rel(from, &self.path(lang))
    }
}

/// `../` once per folder between the page at `from` and the site root.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A link from the page at `from` to the site file `to` (both root-relative).
pub fn rel(from: &str, to: &str) -> String {
    format!("{}{to}", root_prefix(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_relative_links() {
        assert_eq!(Route::Search.path(Lang::Fr), "fr/recherche/index.html");
        assert_eq!(Route::Search.path(Lang::En), "en/search/index.html");
        let from = Route::Noc("21231".into()).path(Lang::En);
        assert_eq!(from, "en/occupations/21231.html");
        assert_eq!(
            Route::About.href_from(&from, Lang::Fr),
            "../../fr/a-propos.html"
        );
        assert_eq!(rel("index.html", "en/index.html"), "en/index.html");
        assert_eq!(Route::Compliance.path(Lang::Fr), "fr/conformite/index.html");
        assert_eq!(
            Route::Framework("dadm".into()).href_from(&Route::Compliance.path(Lang::En), Lang::En),
            "../../en/compliance/dadm.html"
        );
    }
}
