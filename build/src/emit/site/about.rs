//! Home, search placeholder, about, the root language page and the 404.

use jobforge_site::layout::Site;
use jobforge_site::pages::{
    AboutPage, Entry, Figure, HomePage, NotFoundPage, SourceRow, SplashPage,
};
use jobforge_site::{Lang, Route, Text};

use super::data::{number, View};
use super::{Out, SiteError};
use crate::manifest::Manifest;
use crate::model::Gold;

/// Pages per language rendered here: home, search and about.
pub const PAGES: usize = 2;
/// Pages outside `en/` and `fr/`: the language page and the 404.
pub const ROOT_PAGES: usize = 2;

pub fn home(site: &Site<'_>, gold: &Gold, out: &mut Out) -> Result<(), SiteError> {
    let noc = View::of(gold, "dim_noc");
    let unit_groups = noc.int("level")?.iter().filter(|l| **l == Some(5)).count();
    let profiles = View::of(gold, "dim_oasis_profile").len();
    let tables = View::of(gold, "catalog_tables").len();
    for lang in Lang::BOTH {
        let s = site.strings(lang);
        let l = site.layout(
            &Route::Home,
            lang,
            Text::native(&s.home.title),
            &s.home.description,
            vec![],
        );
        let entries = vec![
            Entry {
                title: s.common.search.clone(),
                href: l.nav.search.clone(),
                text: s.home.search_text.clone(),
            },
            Entry {
                title: s.common.sql.clone(),
                href: l.nav.query.clone(),
                text: s.search.query_description.clone(),
            },
            Entry {
                title: s.common.occupations.clone(),
                href: l.nav.occupations.clone(),
                text: s.home.occupations_text.clone(),
            },
            Entry {
                title: s.common.catalogue.clone(),
                href: l.nav.catalogue.clone(),
                text: s.home.catalogue_text.clone(),
            },
            Entry {
                title: s.common.coverage.clone(),
                href: l.nav.coverage.clone(),
                text: s.home.coverage_text.clone(),
            },
            Entry {
                title: s.common.compliance.clone(),
                href: l.nav.compliance.clone(),
                text: s.home.compliance_text.clone(),
            },
            Entry {
                title: s.common.about.clone(),
                href: l.nav.about.clone(),
                text: s.home.about_text.clone(),
            },
        ];
        let figure = |n: usize, label: &str| Figure {
            value: number(n as i64, lang),
            label: label.to_string(),
        };
        let figures = vec![
            figure(noc.len(), &s.home.figure_noc),
            figure(unit_groups, &s.home.figure_unit_groups),
            figure(profiles, &s.home.figure_profiles),
            figure(tables, &s.home.figure_tables),
        ];
        out.page(
            &Route::Home,
            lang,
            &HomePage {
                l,
                figures,
                entries,
            },
        )?;
    }
    Ok(())
}

/// Only `https://` links reach a page from data: no `javascript:` and no
/// other scheme, whatever a manifest says.
pub fn safe_url(u: &str) -> String {
    if u.starts_with("https://") && !u.contains(char::is_whitespace) {
        u.to_string()
    } else {
        String::new()
    }
}

pub fn about(site: &Site<'_>, out: &mut Out) -> Result<(), SiteError> {
    // The manifest is compiled in; a broken one fails every build earlier.
    let manifest = Manifest::builtin().map_err(|e| SiteError::Config {
        path: "data/sources.toml".into(),
        message: e.to_string(),
    })?;
    for lang in Lang::BOTH {
        let s = site.strings(lang);
        let sources = manifest
            .sources
            .iter()
            .map(|src| {
                let lic = s.licences.get(&src.licence);
                SourceRow {
                    title: Text::english(lang, &src.title),
                    publisher: Text::english(lang, &src.publisher),
                    licence: lic.map_or_else(|| src.licence.clone(), |l| l.name.clone()),
                    licence_url: safe_url(
                        lic.map(|l| l.url.as_str())
                            .filter(|u| !u.is_empty())
                            .unwrap_or(&src.licence_url),
                    ),
                    landing: safe_url(&src.landing_page),
                }
            })
            .collect();
        let l = site.layout(
            &Route::About,
            lang,
            Text::native(&s.about.title),
            &s.about.description,
            vec![],
        );
        out.page(&Route::About, lang, &AboutPage { l, sources })?;
    }
    Ok(())
}

pub fn splash_and_404(site: &Site<'_>, out: &mut Out) -> Result<(), SiteError> {
    let splash = SplashPage {
        en: site.en,
        fr: site.fr,
        href_en: Route::Home.path(Lang::En),
        href_fr: Route::Home.path(Lang::Fr),
        official_symbols: site.config.official_symbols,
    };
    let render = |page: &str, r: Result<String, jobforge_site::askama::Error>| {
        r.map_err(|e| SiteError::Render {
            page: page.into(),
            source: e,
        })
    };
    out.file(
        "index.html",
        render(
            "index.html",
            jobforge_site::askama::Template::render(&splash),
        )?
        .into_bytes(),
    );
    let nf = NotFoundPage {
        en: site.en,
        fr: site.fr,
        base: site.config.normalized_base(),
        official_symbols: site.config.official_symbols,
    };
    out.file(
        "404.html",
        render("404.html", jobforge_site::askama::Template::render(&nf))?.into_bytes(),
    );
    Ok(())
}
