//! The site's settings and words, from `content/`.

use std::path::Path;

use jobforge_site::{SiteConfig, Strings};

use super::SiteError;

fn read(path: &Path) -> Result<String, SiteError> {
    std::fs::read_to_string(path).map_err(|e| SiteError::Io {
        path: path.display().to_string(),
        source: e,
    })
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SiteError> {
    toml::from_str(&read(path)?).map_err(|e| SiteError::Config {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// `content/site.en.toml` and `content/site.fr.toml`.
pub fn strings(content: &Path) -> Result<(Strings, Strings), SiteError> {
    let en: Strings = parse(&content.join("site.en.toml"))?;
    let fr_path = content.join("site.fr.toml");
    let fr: Strings = crate::content::parse(&read(&fr_path)?, crate::content::French::All)
        .map_err(|message| SiteError::Config {
            path: fr_path.display().to_string(),
            message,
        })?;
    for (s, file) in [(&en, "site.en.toml"), (&fr, "site.fr.toml")] {
        if s.occupations.teer_names.len() != 6 {
            return Err(SiteError::Config {
                path: content.join(file).display().to_string(),
                message: "occupations.teer_names must list TEER 0 to 5".into(),
            });
        }
    }
    let differ: Vec<&String> = en
        .app
        .keys()
        .filter(|k| !fr.app.contains_key(*k))
        .chain(fr.app.keys().filter(|k| !en.app.contains_key(*k)))
        .collect();
    if let Some(k) = differ.first() {
        return Err(SiteError::Config {
            path: content.join("site.fr.toml").display().to_string(),
            message: format!("app.{k} is in one language's strings and not the other's"),
        });
    }
    Ok((en, fr))
}

/// `content/site.toml`, then `WIQ_BASE_PATH` and `WIQ_SITE_URL` from the
/// environment: the publishing workflow knows the final address, a checkout
/// does not. Neither changes anything but the 404 page's links and the
/// absolute URLs of sitemap.xml, JSON-LD and DCAT.
pub fn settings(content: &Path) -> Result<SiteConfig, SiteError> {
    let mut c: SiteConfig = parse(&content.join("site.toml"))?;
    if let Ok(v) = std::env::var("WIQ_BASE_PATH") {
        if !v.trim().is_empty() {
            c.base_path = v;
        }
    }
    if let Ok(v) = std::env::var("WIQ_SITE_URL") {
        if !v.trim().is_empty() {
            c.site_url = v;
        }
    }
    if !(c.site_url.starts_with("https://") || c.site_url.starts_with("http://")) {
        return Err(SiteError::Config {
            path: content.join("site.toml").display().to_string(),
            message: format!("site_url {:?} is not an http(s) URL", c.site_url),
        });
    }
    if c.base_path.contains(['"', '<', '>', ' ', '?', '#']) {
        return Err(SiteError::Config {
            path: content.join("site.toml").display().to_string(),
            message: format!("base_path {:?} is not a URL path", c.base_path),
        });
    }
    Ok(c)
}
