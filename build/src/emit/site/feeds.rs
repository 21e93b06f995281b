//! Machine-readable views of the site: `sitemap.xml` (both languages, with
//! hreflang alternates) and `data/catalog.dcat.json` (DCAT, JSON-LD).

use std::collections::BTreeMap;
use std::fmt::Write;

use jobforge_site::layout::Site;
use jobforge_site::svg::escape;
use jobforge_site::{Lang, Strings};
use serde_json::json;

use super::catalogue::{entries, Entry};
use super::{Out, SiteError, SiteInput};
use crate::manifest::Manifest;
use crate::model::catalog::FileInfo;

pub fn sitemap(site: &Site<'_>, out: &mut Out) {
    let base = site.config.normalized_url();
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let _ = writeln!(
        s,
        "<url><loc>{}</loc><lastmod>{}</lastmod></url>",
        escape(&base),
        site.date_modified
    );
    for route in &out.routes {
        let en = escape(&format!("{base}{}", route.path(Lang::En)));
        let fr = escape(&format!("{base}{}", route.path(Lang::Fr)));
        for loc in [&en, &fr] {
            let _ = writeln!(
                s,
                "<url><loc>{loc}</loc><lastmod>{}</lastmod>\
                 <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{en}\"/>\
                 <xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"{fr}\"/></url>",
                site.date_modified
            );
        }
    }
    s.push_str("</urlset>\n");
    out.file("sitemap.xml", s.into_bytes());
}

fn both(en: &str, fr: Option<&str>) -> serde_json::Value {
    let mut v = vec![json!({"@language": "en", "@value": en})];
    if let Some(fr) = fr.filter(|f| !f.trim().is_empty()) {
        v.push(json!({"@language": "fr", "@value": fr}));
    }
    json!(v)
}

fn licence_url(e: &Entry<'_>, s: &Strings) -> Option<String> {
    e.licences
        .iter()
        .filter_map(|id| s.licences.get(*id))
        .map(|l| l.url.clone())
        .find(|u| !u.is_empty())
}

/// A DCAT catalogue of every table, for CKAN-style harvesters.
pub fn dcat(
    site: &Site<'_>,
    input: &SiteInput<'_>,
    csv: &BTreeMap<String, FileInfo>,
    out: &mut Out,
) -> Result<(), SiteError> {
    let manifest = Manifest::builtin().map_err(|e| SiteError::Config {
        path: "data/sources.toml".into(),
        message: e.to_string(),
    })?;
    let base = site.config.normalized_url();
    let mut datasets = Vec::new();
    for e in entries(input.tables)? {
        let mut dist = Vec::new();
        for (format, media, file) in [
            (
                "Parquet",
                "application/vnd.apache.parquet",
                input.parquet.get(e.name),
            ),
            ("CSV", "text/csv", csv.get(e.name)),
        ] {
            if let Some(f) = file {
                dist.push(json!({
                    "@type": "dcat:Distribution",
                    "dct:title": format!("{} ({format})", e.name),
                    "dct:format": format,
                    "dcat:mediaType": media,
                    "dcat:downloadURL": {"@id": format!("{base}{}", f.path)},
                    "dcat:byteSize": f.bytes,
                    "spdx:checksum": {
                        "@type": "spdx:Checksum",
                        "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                        "spdx:checksumValue": f.sha256,
                    },
                }));
            }
        }
        let publishers: Vec<serde_json::Value> = e
            .sources
            .iter()
            .map(|id| {
                let name = manifest
                    .source(id)
                    .map_or("JobForge", |s| s.publisher.as_str());
                json!({"@type": "foaf:Agent", "foaf:name": name})
            })
            .collect();
        datasets.push(json!({
            "@id": format!("{base}{}", jobforge_site::Route::Table(e.name.to_string()).path(Lang::En)),
            "@type": "dcat:Dataset",
            "dct:identifier": e.name,
            "dct:title": e.name,
            "dct:description": both(e.description_en, e.description_fr),
            "dct:language": ["en", "fr"],
            "dcat:keyword": [e.domain],
            "dct:publisher": publishers,
            "dct:license": licence_url(&e, site.en).map(|u| json!({"@id": u})),
            "dct:modified": site.date_modified,
            "dcat:landingPage": [
                {"@id": format!("{base}{}", jobforge_site::Route::Table(e.name.to_string()).path(Lang::En))},
                {"@id": format!("{base}{}", jobforge_site::Route::Table(e.name.to_string()).path(Lang::Fr))},
            ],
            "dcat:distribution": dist,
        }));
    }
    let doc = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "spdx": "http://spdx.org/rdf/terms#",
            "owl": "http://www.w3.org/2002/07/owl#",
        },
        "@id": base,
        "@type": "dcat:Catalog",
        "dct:title": both(&site.en.home.title, Some(&site.fr.home.title)),
        "dct:description": both(&site.en.home.description, Some(&site.fr.home.description)),
        "dct:language": ["en", "fr"],
        "dct:modified": site.date_modified,
        "owl:versionInfo": site.build_id,
        "dcat:dataset": datasets,
    });
    // Escaped like the pages' JSON-LD, so that a host serving the file with
    // a wrong media type still cannot run markup from the data.
    let body = serde_json::to_string_pretty(&doc)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        + "\n";
    out.file("data/catalog.dcat.json", body.into_bytes());
    Ok(())
}
