//! The data catalogue: an index, and one page per table with its columns,
//! downloads, lineage diagram, joins, licence, citation and JSON-LD.

use std::collections::{BTreeMap, BTreeSet};

use jobforge_site::layout::Site;
use jobforge_site::pages::{
    CataloguePage, ColumnRow, Domain, Download, Join, LicenceLink, LineageItem, TableLink,
    TablePage,
};
use jobforge_site::svg::{self, LineageWords, Node, NodeKind};
use jobforge_site::{json, Lang, Route, Strings, Text};
use serde_json::json;

use super::about::safe_url;
use super::data::{decimal, number, size, View};
use super::{Out, SiteError, SiteInput, LINEAGE_EVENTS};
use crate::manifest::Manifest;
use crate::model::catalog::FileInfo;
use crate::model::Gold;
use crate::table::{Table, Value};

/// One row of `catalog_tables`, completed from the table itself where the
/// catalogue cannot describe itself (its own row count and hash).
pub struct Entry<'a> {
    pub name: &'a str,
    pub domain: &'a str,
    pub description_en: &'a str,
    pub description_fr: Option<&'a str>,
    pub grain_en: &'a str,
    pub grain_fr: Option<&'a str>,
    pub rows: Option<usize>,
    pub sources: Vec<&'a str>,
    pub licences: Vec<&'a str>,
    pub table: Option<&'a Table>,
}

impl Entry<'_> {
    pub fn description(&self, lang: Lang) -> Text {
        Text::pick(lang, self.description_en, self.description_fr)
    }
}

pub fn entries(gold: &Gold) -> Result<Vec<Entry<'_>>, SiteError> {
    let v = View::of(gold, "catalog_tables");
    let names = v.text("table_name")?;
    let domains = v.text("domain")?;
    let den = v.text("description_en")?;
    let dfr = v.text("description_fr")?;
    let gen = v.text("grain_en")?;
    let gfr = v.text("grain_fr")?;
    let rows = v.int("row_count")?;
    let sources = v.text("sources")?;
    let licences = v.text("licence")?;
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for i in 0..v.len() {
        let Some(name) = names[i] else { continue };
        seen.insert(name);
        let table = gold.get(name);
        out.push(Entry {
            name,
            domain: domains[i].unwrap_or("other"),
            description_en: den[i].unwrap_or(""),
            description_fr: dfr[i],
            grain_en: gen[i].unwrap_or(""),
            grain_fr: gfr[i],
            rows: rows[i].map(|r| r as usize).or(table.map(Table::len)),
            sources: sources[i]
                .map(|s| s.split('|').collect())
                .unwrap_or_default(),
            licences: licences[i]
                .map(|s| s.split('|').collect())
                .unwrap_or_default(),
            table,
        });
    }
    // Tables written after the catalogue was computed still get a page.
    for t in &gold.tables {
        if !seen.contains(t.name.as_str()) {
            out.push(Entry {
                name: &t.name,
                domain: "other",
                description_en: "",
                description_fr: None,
                grain_en: "",
                grain_fr: None,
                rows: Some(t.len()),
                sources: vec!["jobforge"],
                licences: vec!["MIT (JobForge build output)"],
                table: Some(t),
            });
        }
    }
    Ok(out)
}

/// Catalogue column facts by (table, column).
struct ColumnFacts<'a> {
    rows: BTreeMap<(&'a str, &'a str), usize>,
    en: Vec<Option<&'a str>>,
    fr: Vec<Option<&'a str>>,
    null_pct: &'a [Value],
    distinct: Vec<Option<i64>>,
    examples: Vec<Option<&'a str>>,
}

impl<'a> ColumnFacts<'a> {
    fn of(v: &View<'a>) -> Result<ColumnFacts<'a>, SiteError> {
        let t = v.text("table_name")?;
        let c = v.text("column_name")?;
        let mut rows = BTreeMap::new();
        for i in 0..v.len() {
            if let (Some(t), Some(c)) = (t[i], c[i]) {
                rows.insert((t, c), i);
            }
        }
        Ok(ColumnFacts {
            rows,
            en: v.text("description_en")?,
            fr: v.text("description_fr")?,
            null_pct: v.values("null_pct")?,
            distinct: v.int("distinct_count")?,
            examples: v.text("example_values")?,
        })
    }
}

/// Share of rows whose `value_source` is `imputed`, for the value columns
/// of a table with provenance; 0 for every other column and table.
fn imputed_pct(t: &Table, column: &str) -> f64 {
    if !column.starts_with("value") || column == "value_source" {
        return 0.0;
    }
    let Ok(src) = t.column("value_source") else {
        return 0.0;
    };
    if src.is_empty() {
        return 0.0;
    }
    let n = src
        .iter()
        .filter(|v| matches!(v, Value::Text(s) if s == "imputed"))
        .count();
    (n as f64 * 10000.0 / src.len() as f64).round() / 100.0
}

fn null_pct(t: &Table, i: usize) -> f64 {
    let cells = &t.cells[i];
    if cells.is_empty() {
        return 0.0;
    }
    let n = cells.iter().filter(|v| v.is_null()).count();
    (n as f64 * 10000.0 / cells.len() as f64).round() / 100.0
}

fn licence_links(e: &Entry<'_>, s: &Strings) -> Vec<LicenceLink> {
    e.licences
        .iter()
        .map(|id| match s.licences.get(*id) {
            Some(l) => LicenceLink {
                name: l.name.clone(),
                url: safe_url(&l.url),
            },
            None => LicenceLink {
                name: id.to_string(),
                url: String::new(),
            },
        })
        .collect()
}

/// "Publisher. Title. WiQ table NAME (build ID, DATE). URL": the sources'
/// names are English, so the citation is English on both sites.
fn citation(e: &Entry<'_>, manifest: &Manifest, site: &Site<'_>, url: &str) -> String {
    let mut parts = Vec::new();
    for id in &e.sources {
        match manifest.source(id) {
            Some(src) => parts.push(format!("{}. {}.", src.publisher, src.title)),
            None => parts.push("JobForge.".to_string()),
        }
    }
    parts.push(format!(
        "WiQ table {} (build {}, {}). {url}",
        e.name, site.build_id, site.date_modified
    ));
    parts.join(" ")
}

/// Pages per language: the index and one page per table with its data.
pub fn pages(gold: &Gold) -> Result<usize, SiteError> {
    Ok(1 + entries(gold)?.iter().filter(|e| e.table.is_some()).count())
}

pub fn render(
    site: &Site<'_>,
    input: &SiteInput<'_>,
    csv: &BTreeMap<String, FileInfo>,
    out: &mut Out,
) -> Result<(), SiteError> {
    let manifest = Manifest::builtin().map_err(|e| SiteError::Config {
        path: "data/sources.toml".into(),
        message: e.to_string(),
    })?;
    let gold = input.tables;
    let entries = entries(gold)?;
    let names: BTreeSet<&str> = entries.iter().map(|e| e.name).collect();
    let cols = ColumnFacts::of(&View::of(gold, "catalog_columns"))?;

    let lin = View::of(gold, "lineage");
    let lin_table = lin.text("table_name")?;
    let lin_input = lin.text("input")?;
    let lin_kind = lin.text("input_kind")?;
    let lin_transform = lin.text("transform")?;
    let upstream_of = lin.index("table_name")?;
    let downstream_of = lin.index("input")?;

    let rel = View::of(gold, "catalog_relationships");
    let rel_from = rel.index("from_table")?;
    let rel_fc = rel.text("from_column")?;
    let rel_tt = rel.text("to_table")?;
    let rel_tc = rel.text("to_column")?;
    let rel_card = rel.text("cardinality")?;
    let rel_orph = rel.int("orphan_keys")?;

    let base = site.config.normalized_url();
    for lang in Lang::BOTH {
        let s = site.strings(lang);
        let path = Route::Catalogue.path(lang);
        let mut domains: Vec<Domain> = Vec::new();
        for e in &entries {
            let heading = s
                .domains
                .get(e.domain)
                .cloned()
                .unwrap_or_else(|| e.domain.to_string());
            let link = TableLink {
                name: e.name.to_string(),
                href: Route::Table(e.name.to_string()).href_from(&path, lang),
                rows: e.rows.map_or_else(
                    || s.catalogue.not_measured.clone(),
                    |r| number(r as i64, lang),
                ),
                description: e.description(lang),
            };
            match domains.iter_mut().find(|d| d.id == e.domain) {
                Some(d) => d.tables.push(link),
                None => domains.push(Domain {
                    id: e.domain.to_string(),
                    heading,
                    tables: vec![link],
                }),
            }
        }
        let l = site.layout(
            &Route::Catalogue,
            lang,
            Text::native(&s.catalogue.title),
            &s.catalogue.description,
            vec![],
        );
        out.page(
            &Route::Catalogue,
            lang,
            &CataloguePage {
                l,
                domains,
                dcat_href: jobforge_site::route::rel(&path, "data/catalog.dcat.json"),
                events_href: jobforge_site::route::rel(&path, LINEAGE_EVENTS),
            },
        )?;
    }

    for e in &entries {
        let route = Route::Table(e.name.to_string());
        let Some(table) = e.table else { continue };
        let ups: &[usize] = upstream_of
            .get(e.name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let downs: Vec<usize> = downstream_of
            .get(e.name)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|&i| lin_kind[i] == Some("table"))
            .collect();
        for lang in Lang::BOTH {
            let s = site.strings(lang);
            let path = route.path(lang);
            let table_href = |name: &str| {
                names
                    .contains(name)
                    .then(|| Route::Table(name.to_string()).href_from(&path, lang))
            };
            let columns = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let row = cols.rows.get(&(e.name, c.name.as_str())).copied();
                    let description = row
                        .and_then(|r| cols.en[r].map(|en| Text::pick(lang, en, cols.fr[r])))
                        .unwrap_or_default();
                    let np = match row.map(|r| &cols.null_pct[r]) {
                        Some(Value::Float(f)) => *f,
                        _ => null_pct(table, i),
                    };
                    ColumnRow {
                        name: c.name.clone(),
                        data_type: c.kind.name().to_string(),
                        nullable: if c.nullable {
                            &s.common.yes
                        } else {
                            &s.common.no
                        }
                        .clone(),
                        description,
                        null_pct: decimal(np, lang),
                        imputed_pct: decimal(imputed_pct(table, &c.name), lang),
                        distinct: row
                            .and_then(|r| cols.distinct[r])
                            .map_or_else(String::new, |d| number(d, lang)),
                        examples: row.and_then(|r| cols.examples[r]).unwrap_or("").to_string(),
                    }
                })
                .collect::<Vec<_>>();
            let mut downloads = Vec::new();
            for (format, file) in [
                ("Parquet", input.parquet.get(e.name)),
                ("CSV", csv.get(e.name)),
            ] {
                if let Some(f) = file {
                    downloads.push(Download {
                        format: format.to_string(),
                        href: jobforge_site::route::rel(&path, &f.path),
                        file: f.path.rsplit('/').next().unwrap_or(&f.path).to_string(),
                        size: size(f.bytes, lang, s),
                        sha256: f.sha256.clone(),
                    });
                }
            }
            let kind = |k: Option<&str>| {
                if k == Some("table") {
                    s.catalogue.input_table.clone()
                } else {
                    s.catalogue.input_file.clone()
                }
            };
            let upstream: Vec<LineageItem> = ups
                .iter()
                .map(|&i| {
                    let name = lin_input[i].unwrap_or("");
                    LineageItem {
                        name: name.to_string(),
                        kind: kind(lin_kind[i]),
                        href: if lin_kind[i] == Some("table") {
                            table_href(name)
                        } else {
                            None
                        },
                        transform: Text::english(lang, lin_transform[i].unwrap_or("")),
                    }
                })
                .collect();
            let downstream: Vec<LineageItem> = downs
                .iter()
                .map(|&i| {
                    let name = lin_table[i].unwrap_or("");
                    LineageItem {
                        name: name.to_string(),
                        kind: s.catalogue.input_table.clone(),
                        href: table_href(name),
                        transform: Text::english(lang, lin_transform[i].unwrap_or("")),
                    }
                })
                .collect();
            let lineage_svg = site.config.lineage_svg.then(|| {
                let node = |it: &LineageItem, k: Option<&str>| Node {
                    label: it.name.clone(),
                    kind: if k == Some("table") {
                        NodeKind::Table
                    } else {
                        NodeKind::File
                    },
                };
                let up_nodes: Vec<Node> = upstream
                    .iter()
                    .zip(ups)
                    .map(|(it, &i)| node(it, lin_kind[i]))
                    .collect();
                let down_nodes: Vec<Node> = downstream
                    .iter()
                    .map(|it| node(it, Some("table")))
                    .collect();
                let words = LineageWords {
                    title: format!("{}{} {}", s.catalogue.lineage, lang.colon(), e.name),
                    desc: format!(
                        "{} {}, {} {}",
                        s.catalogue.upstream,
                        upstream.len(),
                        s.catalogue.downstream,
                        downstream.len()
                    ),
                    upstream: s.catalogue.upstream.clone(),
                    downstream: s.catalogue.downstream.clone(),
                    more: s.catalogue.more.clone(),
                    none: s.catalogue.none.clone(),
                };
                svg::lineage("lineage-svg", e.name, &up_nodes, &down_nodes, &words)
            });
            let joins = rel_from
                .get(e.name)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|&i| {
                    let to = rel_tt[i].unwrap_or("");
                    Join {
                        from: rel_fc[i].unwrap_or("").to_string(),
                        to: format!("{to}.{}", rel_tc[i].unwrap_or("")),
                        href: table_href(to),
                        cardinality: rel_card[i].unwrap_or("").to_string(),
                        orphans: rel_orph[i].map_or_else(String::new, |n| number(n, lang)),
                    }
                })
                .collect();
            let url = format!("{base}{path}");
            let cite = citation(e, &manifest, site, &url);
            let licences = licence_links(e, s);
            let description = e.description(lang);
            let mut l = site.layout(
                &route,
                lang,
                Text::native(e.name),
                &s.catalogue.description,
                vec![(Text::native(&s.catalogue.title), Route::Catalogue)],
            );
            l.description = description.value.chars().take(300).collect();
            l.jsonld = Some(json::script_safe(&dataset_jsonld(
                e,
                lang,
                &base,
                &url,
                &description,
                &columns,
                &downloads,
                &licences,
                &cite,
                site,
                &manifest,
            )));
            out.page(
                &route,
                lang,
                &TablePage {
                    l,
                    name: e.name.to_string(),
                    description,
                    grain: Text::pick(lang, e.grain_en, e.grain_fr),
                    rows: e.rows.map_or_else(
                        || s.catalogue.not_measured.clone(),
                        |r| number(r as i64, lang),
                    ),
                    columns,
                    downloads,
                    licences,
                    citation: Text::english(lang, &cite),
                    lineage_svg,
                    upstream,
                    downstream,
                    joins,
                },
            )?;
        }
    }
    Ok(())
}

/// schema.org `Dataset` of one table, in the page's language.
#[allow(clippy::too_many_arguments)]
fn dataset_jsonld(
    e: &Entry<'_>,
    lang: Lang,
    base: &str,
    url: &str,
    description: &Text,
    columns: &[ColumnRow],
    downloads: &[Download],
    licences: &[LicenceLink],
    citation: &str,
    site: &Site<'_>,
    manifest: &Manifest,
) -> serde_json::Value {
    let creators: Vec<serde_json::Value> = e
        .sources
        .iter()
        .map(|id| {
            let name = manifest
                .source(id)
                .map_or("JobForge", |s| s.publisher.as_str());
            json!({"@type": "Organization", "name": name})
        })
        .collect();
    let distribution: Vec<serde_json::Value> = downloads
        .iter()
        .map(|d| {
            let file = d.href.trim_start_matches("../").to_string();
            json!({
                "@type": "DataDownload",
                "encodingFormat": if d.format == "CSV" { "text/csv" } else { "application/vnd.apache.parquet" },
                "contentUrl": format!("{base}{file}"),
                "contentSize": d.size,
                "sha256": d.sha256,
            })
        })
        .collect();
    let variables: Vec<serde_json::Value> = columns
        .iter()
        .map(|c| json!({"@type": "PropertyValue", "name": c.name, "description": c.description.value}))
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": e.name,
        "identifier": e.name,
        "description": description.value,
        "inLanguage": if description.en { "en" } else { lang.code() },
        "url": url,
        "license": licences.iter().find(|l| !l.url.is_empty()).map(|l| l.url.clone()),
        "isAccessibleForFree": true,
        "creator": creators,
        "keywords": [e.domain],
        "dateModified": site.date_modified,
        "version": site.build_id,
        "citation": citation,
        "distribution": distribution,
        "variableMeasured": variables,
    })
}
