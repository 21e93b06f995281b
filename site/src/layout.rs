//! What every page of the site layout shares: head, header, breadcrumbs,
//! language toggle, "Date modified" and footer.

use crate::route::{rel, root_prefix};
use crate::{Lang, Route, SiteConfig, Strings, Text};

/// One breadcrumb: a link to a page above this one.
#[derive(Debug, Clone)]
pub struct Crumb {
    pub label: Text,
    pub href: String,
}

/// Links of the header and footer, relative to the page.
#[derive(Debug, Clone)]
pub struct Nav {
    pub home: String,
    pub search: String,
    pub query: String,
    pub occupations: String,
    pub catalogue: String,
    pub coverage: String,
    pub compliance: String,
    pub about: String,
}

#[derive(Debug, Clone)]
pub struct Layout<'a> {
    pub lang: Lang,
    pub s: &'a Strings,
    /// The page's H1, also the start of `<title>`.
    pub title: Text,
    pub description: String,
    /// This page's path, relative to the site root.
    pub path: String,
    /// `../` up to the site root, for assets.
    pub root: String,
    /// The same page in the other language.
    pub alt_href: String,
    pub href_en: String,
    pub href_fr: String,
    pub crumbs: Vec<Crumb>,
    pub nav: Nav,
    /// `YYYY-MM-DD`, from `SOURCE_DATE_EPOCH`.
    pub date_modified: String,
    pub build_id: String,
    pub official_symbols: bool,
    /// Pre-serialised, script-safe JSON-LD ([`crate::json::script_safe`]).
    pub jsonld: Option<String>,
    /// The header search box (off on the search page itself).
    pub header_search: bool,
}

/// What the emitter knows once per build.
#[derive(Debug, Clone)]
pub struct Site<'a> {
    pub en: &'a Strings,
    pub fr: &'a Strings,
    pub config: &'a SiteConfig,
    pub date_modified: String,
    pub build_id: String,
}

impl<'a> Site<'a> {
    pub fn strings(&self, lang: Lang) -> &'a Strings {
        match lang {
            Lang::En => self.en,
            Lang::Fr => self.fr,
        }
    }

    /// The layout of `route` in `lang`; breadcrumbs start at the home page.
    pub fn layout(
        &self,
        route: &Route,
        lang: Lang,
        title: Text,
        description: &str,
        crumbs: Vec<(Text, Route)>,
    ) -> Layout<'a> {
        let s = self.strings(lang);
        let path = route.path(lang);
        let nav = Nav {
            home: Route::Home.href_from(&path, lang),
            search: Route::Search.href_from(&path, lang),
            query: Route::Query.href_from(&path, lang),
            occupations: Route::Occupations.href_from(&path, lang),
            catalogue: Route::Catalogue.href_from(&path, lang),
            coverage: Route::Coverage.href_from(&path, lang),
            compliance: Route::Compliance.href_from(&path, lang),
            about: Route::About.href_from(&path, lang),
        };
        let mut all = Vec::with_capacity(crumbs.len() + 1);
        if *route != Route::Home {
            all.push(Crumb {
                label: Text::native(&s.common.home),
                href: nav.home.clone(),
            });
        }
        all.extend(crumbs.into_iter().map(|(label, r)| Crumb {
            label,
            href: r.href_from(&path, lang),
        }));
        Layout {
            lang,
            s,
            title,
            description: description.to_string(),
            root: root_prefix(&path),
            alt_href: rel(&path, &route.path(lang.other())),
            href_en: rel(&path, &route.path(Lang::En)),
            href_fr: rel(&path, &route.path(Lang::Fr)),
            path,
            crumbs: all,
            nav,
            date_modified: self.date_modified.clone(),
            build_id: self.build_id.clone(),
            official_symbols: self.config.official_symbols,
            jsonld: None,
            header_search: *route != Route::Search,
        }
    }
}

impl Layout<'_> {
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_code(&self) -> &'static str {
        self.lang.other().code()
    }

    pub fn other_name(&self) -> &'static str {
        self.lang.other().endonym()
    }
}
