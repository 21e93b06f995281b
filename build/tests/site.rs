//! The public site, built from the real sources: every internal link and
//! anchor resolves, every English page has its French counterpart and back,
//! nothing is loaded from another origin, the site works under `/wiq/`
//! (served by a loopback HTTP server), hostile text is escaped everywhere,
//! and the sitemap, CSV copies and JSON feeds are complete and valid.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jobforge::pipeline::{self, BuildReport};

// ---------------------------------------------------------------- helpers

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read_dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every file under `root`, as root-relative `/`-separated paths.
fn files(root: &Path) -> BTreeSet<String> {
    let mut v = Vec::new();
    walk(root, &mut v);
    v.into_iter()
        .map(|p| {
            p.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn pages(root: &Path) -> Vec<String> {
    files(root)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn unescape(s: &str) -> String {
    s.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// The start tags of a page with their attributes. Enough HTML for pages
/// this build writes: quoted attributes, and `<script>` holding only JSON.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i] as char).is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' || (b[i] == b'/' && b.get(i + 1) == Some(&b'>')) {
                break;
            }
            let ns = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b' ' | b'\n' | b'/') {
                i += 1;
            }
            let an = html[ns..i].to_ascii_lowercase();
            let mut val = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                let q = b[i];
                if q == b'"' || q == b'\'' {
                    let end = html[i + 1..].find(q as char).expect("closing quote") + i + 1;
                    val = unescape(&html[i + 1..end]);
                    i = end + 1;
                } else {
                    let vs = i;
                    while i < b.len() && !(b[i] as char).is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    val = html[vs..i].to_string();
                }
            } else if i < b.len() && b[i] == b'/' {
                i += 1;
            }
            if !an.is_empty() {
                attrs.push((an, val));
            }
        }
        if name == "script" {
            if let Some(end) = html[i..].find("</script>") {
                i += end;
            }
        }
        out.push(Tag { name, attrs });
    }
    out
}

fn ids(html: &str) -> BTreeSet<String> {
    tags(html)
        .into_iter()
        .filter_map(|t| t.attr("id").map(str::to_string))
        .collect()
}

/// Resolves `href` on the page at `from` (root-relative) to a root-relative
/// path and fragment. `None` for links that leave the site.
fn resolve(from: &str, href: &str) -> Option<(String, Option<String>)> {
    if href.starts_with("http://")
        || href.starts_with("https://")
        || href.starts_with("mailto:")
        || href.starts_with("//")
    {
        return None;
    }
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((from.to_string(), frag));
    }
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = from.split('/').collect();
        p.pop();
        p
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') {
        joined = format!("{joined}/index.html")
            .trim_start_matches('/')
            .to_string();
    }
    Some((joined, frag))
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The page's language toggle: the link with a `lang` to the other language.
fn toggle(html: &str) -> Option<String> {
    tags(html)
        .into_iter()
        .find(|t| t.name == "a" && t.attr("lang").is_some() && t.attr("hreflang") == t.attr("lang"))
        .and_then(|t| t.attr("href").map(str::to_string))
}

fn real() -> (&'static Path, &'static BuildReport) {
    let b = common::real_build();
    (b.dir.path(), &b.report)
}

// ------------------------------------------------- the real build's site

#[test]
fn every_template_is_rendered_in_both_languages() {
    let (root, report) = real();
    for p in [
        "index.html",
        "404.html",
        "en/index.html",
        "fr/index.html",
        "en/search/index.html",
        "fr/recherche/index.html",
        "en/occupations/index.html",
        "fr/professions/index.html",
        "en/occupations/2.html",
        "fr/professions/21.html",
        "en/occupations/21231.html",
        "fr/professions/21231.html",
        "en/profiles/21231.00.html",
        "fr/profils/21231.00.html",
        "en/catalogue/index.html",
        "fr/catalogue/index.html",
        "en/catalogue/dim_noc.html",
        "fr/catalogue/dim_noc.html",
        "en/coverage.html",
        "fr/couverture.html",
        "en/about.html",
        "fr/a-propos.html",
        "en/compliance/index.html",
        "fr/conformite/index.html",
        "en/compliance/dadm.html",
        "fr/conformite/dadm.html",
        "sitemap.xml",
        "data/catalog.dcat.json",
        "assets/css/wiq.css",
    ] {
        assert!(root.join(p).is_file(), "{p} missing");
    }
    let en = pages(root).iter().filter(|p| p.starts_with("en/")).count();
    let fr = pages(root).iter().filter(|p| p.starts_with("fr/")).count();
    assert_eq!(en, fr);
    assert_eq!(report.site.pages_en, en);
    // 822 NOC codes, 900 profiles, the catalogue and the fixed pages.
    assert!(en > 822 + 890 + 50, "{en} English pages");
    assert_eq!(report.site.pages, en + fr + 2);
}

#[test]
fn every_english_page_has_its_french_counterpart_and_back() {
    let (root, _) = real();
    let all: BTreeSet<String> = pages(root).into_iter().collect();
    let mut paired = BTreeSet::new();
    for p in all.iter().filter(|p| p.starts_with("en/")) {
        let html = read(root, p);
        assert!(html.contains("<html lang=\"en\">"), "{p}: lang");
        let href = toggle(&html).unwrap_or_else(|| panic!("{p}: no language toggle"));
        let (fr, _) = resolve(p, &href).expect("internal");
        assert!(fr.starts_with("fr/") && all.contains(&fr), "{p} → {fr}");
        let back_html = read(root, &fr);
        assert!(back_html.contains("<html lang=\"fr\">"), "{fr}: lang");
        let back = toggle(&back_html).unwrap_or_else(|| panic!("{fr}: no toggle"));
        assert_eq!(
            resolve(&fr, &back).expect("internal").0,
            *p,
            "{fr} does not link back"
        );
        assert!(html.contains("hreflang=\"fr\"") && back_html.contains("hreflang=\"en\""));
        paired.insert(fr);
    }
    let fr_pages: BTreeSet<String> = all
        .iter()
        .filter(|p| p.starts_with("fr/"))
        .cloned()
        .collect();
    assert_eq!(
        paired, fr_pages,
        "French pages without an English counterpart"
    );
}

/// Checks every href, src and action of every page of `root`; absolute
/// paths (the 404 page's) are taken under `base`.
fn check_links(root: &Path, base: &str) -> usize {
    let all = files(root);
    let mut id_cache: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    let mut checked = 0;
    for p in all.iter().filter(|p| p.ends_with(".html")) {
        let html = read(root, p);
        for t in tags(&html) {
            for a in ["href", "src", "action"] {
                let Some(v) = t.attr(a) else { continue };
                let v = if let Some(rest) = v.strip_prefix(base).filter(|_| v.starts_with('/')) {
                    rest.to_string()
                } else {
                    v.to_string()
                };
                let from = if t.attr(a).is_some_and(|x| x.starts_with('/')) {
                    ""
                } else {
                    p.as_str()
                };
                let Some((target, frag)) = resolve(from, &v) else {
                    continue;
                };
                checked += 1;
                if !all.contains(&target) {
                    broken.push(format!("{p}: {a}={v} → {target}"));
                    continue;
                }
                if let Some(f) = frag.filter(|f| !f.is_empty()) {
                    let ids = id_cache
                        .entry(target.clone())
                        .or_insert_with(|| ids(&read(root, &target)));
                    if !ids.contains(&f) {
                        broken.push(format!("{p}: #{f} not in {target}"));
                    }
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links, e.g. {:?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );
    checked
}

#[test]
fn no_internal_link_or_anchor_is_broken() {
    let (root, _) = real();
    let checked = check_links(root, "/");
    assert!(checked > 50_000, "only {checked} links checked");
}

#[test]
fn no_page_loads_anything_from_another_origin() {
    let (root, _) = real();
    let external = |v: &str| {
        let v = v.trim().to_ascii_lowercase();
        v.starts_with("http:") || v.starts_with("https:") || v.starts_with("//")
    };
    for p in pages(root) {
        let html = read(root, &p);
        assert!(
            html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self';"
            ),
            "{p}: no CSP"
        );
        for t in tags(&html) {
            for (a, v) in &t.attrs {
                let loads = match a.as_str() {
                    // A plain hyperlink is navigation, not a request.
                    "href" => t.name != "a",
                    "src" | "srcset" | "action" | "poster" | "data" | "formaction"
                    | "xlink:href" => true,
                    "style" => panic!("{p}: inline style on <{}>", t.name),
                    _ => false,
                };
                assert!(!(loads && external(v)), "{p}: <{} {a}=\"{v}\">", t.name);
                if a.starts_with("on") {
                    panic!("{p}: event handler {a}");
                }
            }
            if t.name == "script" {
                assert_eq!(
                    t.attr("type"),
                    Some("application/ld+json"),
                    "{p}: executable script"
                );
            }
            if t.name == "svg" || t.name == "marker" || t.name == "path" {
                for (_, v) in &t.attrs {
                    assert!(!v.contains("url(http"), "{p}: external url() in SVG");
                }
            }
        }
        assert!(!html.contains("@import"), "{p}: @import");
    }
    for f in files(root).iter().filter(|f| f.ends_with(".css")) {
        let css = read(root, f);
        assert!(!css.contains("@import"), "{f}: @import");
        for part in css.split("url(").skip(1) {
            let u = part.trim_start_matches(['"', '\'']);
            assert!(!external(u), "{f}: external url({u})");
        }
    }
}

#[test]
fn missing_french_is_shown_as_english_never_as_french() {
    let (root, _) = real();
    // dim_noc has no French title above the unit group.
    let html = read(root, "fr/professions/0.html");
    assert!(html.contains("<h1 lang=\"en\">0 Legislative and senior management occupations</h1>"));
    assert!(html.contains("La source ne publie ce texte qu’en anglais."));
    // Unit groups have French titles from COPS.
    let html = read(root, "fr/professions/00010.html");
    assert!(
        html.contains("<h1>00010 Membres des corps législatifs</h1>"),
        "French unit-group title"
    );
    // OaSIS is English only: the profile's text is marked English.
    let html = read(root, "fr/profils/00010.00.html");
    assert!(html.contains("<h1 lang=\"en\">00010.00 Legislators</h1>"));
    assert!(html.contains("<th scope=\"row\" lang=\"en\">Reading Comprehension</th>"));
    assert!(html.contains("OaSIS n’est publié qu’en anglais"));
}

// ------------------------------------------------ French typography scan

/// The visible French text of a page: text outside `<script>`, `<style>`,
/// code, a column's example values and anything marked `lang="en"`
/// (English data shown as such).
fn french_text(html: &str) -> String {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let mut out = String::new();
    // Open elements, each with whether its text is skipped.
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if !open.last().is_some_and(|(_, skip)| *skip) {
            out.push_str(&decode_entities(&rest[..lt]));
        }
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(i) = open.iter().rposition(|(n, _)| *n == name) {
                open.truncate(i);
            }
            continue;
        }
        if tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        let skip = open.last().is_some_and(|(_, s)| *s)
            || matches!(name.as_str(), "script" | "style" | "code" | "pre" | "svg")
            || tag.contains("lang=\"en")
            || tag.contains("class=\"code")
            // A column's example values, verbatim from the data.
            || tag.contains("class=\"examples");
        if name == "script" || name == "style" {
            // Their bodies are not markup.
            let close = format!("</{name}>");
            if let Some(end) = rest.find(&close) {
                rest = &rest[end + close.len()..];
            }
            continue;
        }
        open.push((name, skip));
        out.push(' ');
    }
    out
}

/// `&#60;`, `&amp;` and the like as the characters they stand for.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 8) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "nbsp" => Some('\u{a0}'),
            e => e
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Breaches of French typography and grammar in `text`, each with context:
/// `;` `:` `?` `!` without a no-break space before them, `l'`/`d'` before a
/// consonant, and a plural after 0 or 1.
fn french_breaches(text: &str) -> Vec<String> {
    const SINGULAR_IN_S: &[&str] = &["fois", "mois", "pays", "cours", "temps", "poids", "corps"];
    let chars: Vec<char> = text.chars().collect();
    let around = |i: usize| -> String {
        let a = i.saturating_sub(30);
        let b = (i + 20).min(chars.len());
        chars[a..b].iter().collect()
    };
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        if matches!(c, ';' | ':' | '?' | '!')
            && next.is_none_or(char::is_whitespace)
            && prev
                .is_some_and(|p| p != '\u{a0}' && p != '\u{202f}' && !p.is_whitespace() || p == ' ')
        {
            out.push(format!("no no-break space before {c:?}: {:?}", around(i)));
        }
        if matches!(c, 'l' | 'L' | 'd' | 'D')
            && prev.is_none_or(|p| !p.is_alphanumeric())
            && matches!(next, Some('\'' | '’'))
            && chars.get(i + 2).is_some_and(|n| {
                n.is_alphabetic() && !"aeiouyhàâäéèêëîïôöûüœæAEIOUYHÀÂÉÈÊÎÔÛŒÆ".contains(*n)
            })
        {
            out.push(format!("elision before a consonant: {:?}", around(i)));
        }
        if matches!(c, '0' | '1')
            && prev.is_none_or(|p| p == ' ' || p == '\n' || p == '(')
            && next == Some(' ')
        {
            let word: String = chars[i + 2..]
                .iter()
                .take_while(|w| w.is_alphabetic())
                .collect();
            if word.len() > 2
                && word.ends_with('s')
                && word.chars().all(char::is_lowercase)
                && !SINGULAR_IN_S.contains(&word.as_str())
            {
                out.push(format!("plural after {c}: {:?}", around(i)));
            }
        }
    }
    out
}

#[test]
fn the_french_typography_scan_catches_what_it_should() {
    assert_eq!(french_breaches("Lignage: dim_noc").len(), 1);
    assert_eq!(french_breaches("trouvés ; la").len(), 1);
    assert_eq!(french_breaches("l'titre").len(), 1);
    assert_eq!(french_breaches("1 lignes").len(), 1);
    assert_eq!(french_breaches("0 résultats").len(), 1);
    assert!(
        french_breaches("Lignage\u{a0}: l’emploi, 2 lignes, 1 fois, https://x, 1:1").is_empty()
    );
    let t = french_text(
        "<p>Vrai\u{a0}?</p><p lang=\"en\">Lineage: x</p><code>a: b</code><script>x: y</script>",
    );
    assert!(french_breaches(&t).is_empty(), "{t}");
}

/// Every French page and every French string of the site and the app (the
/// app's come from `content/site.fr.toml`) writes French as French does.
#[test]
fn french_pages_and_app_strings_follow_french_typography() {
    let (root, _) = real();
    let mut breaches = BTreeMap::new();
    for page in pages(root).into_iter().filter(|p| p.starts_with("fr/")) {
        for b in french_breaches(&french_text(&read(root, &page))) {
            *breaches.entry(b).or_insert(0usize) += 1;
        }
    }
    let fr: jobforge_site::Strings = jobforge::content::parse(
        &std::fs::read_to_string(common::content().join("site.fr.toml")).expect("site.fr.toml"),
        jobforge::content::French::All,
    )
    .expect("French strings");
    for (key, s) in &fr.app {
        for b in french_breaches(s) {
            breaches.insert(format!("app.{key}: {b}"), 1);
        }
    }
    assert!(
        breaches.is_empty(),
        "{} French typography breaches, e.g. {:#?}",
        breaches.len(),
        breaches.iter().take(20).collect::<Vec<_>>()
    );
}

/// Text as askama escapes it.
/// The official example titles are listed on every unit-group page in the
/// page's language: French titles on French pages, never English with a
/// notice.
#[test]
fn unit_group_pages_list_the_official_example_titles_in_their_language() {
    let (root, _) = real();
    let section = |html: &str| -> String {
        let start = html
            .find("id=\"example-titles\"")
            .expect("example titles section");
        let end = html[start..].find("<h3").map_or(html.len(), |i| start + i);
        html[start..end].to_string()
    };
    let fr = section(&read(root, "fr/professions/72999.html"));
    assert!(fr.contains("<li>Serrurier/serrurière</li>"), "{fr}");
    assert!(
        !fr.contains("lang=\"en\"") && !fr.contains("Locksmith"),
        "{fr}"
    );
    let en = section(&read(root, "en/occupations/72999.html"));
    assert!(en.contains("<li>Locksmith</li>"), "{en}");
    assert!(!en.contains("Serrurier"), "{en}");
    // Every unit group has titles in both languages.
    for code in ["00010", "31301", "73300"] {
        assert!(section(&read(root, &format!("fr/professions/{code}.html"))).contains("<li>"));
        assert!(section(&read(root, &format!("en/occupations/{code}.html"))).contains("<li>"));
    }
}

/// A unit-group page reads the way a reader thinks: what the occupation
/// is, its outlook, related classifications, then provenance; attributes
/// have human labels, numbers the page's format, and French values are
/// never called English.
#[test]
fn unit_group_pages_are_grouped_labelled_and_formatted_for_their_language() {
    let (root, _) = real();
    let fr = read(root, "fr/professions/21231.html");
    let at = |id: &str| {
        fr.find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no #{id}"))
    };
    let order = [
        "occupation",
        "example-titles",
        "main-duties",
        "employment-requirements",
        "exclusions",
        "outlook",
        "projections",
        "related",
        "profiles",
        "onet",
        "noc2016",
        "provenance",
        "attributes",
    ];
    for w in order.windows(2) {
        assert!(
            at(w[0]) < at(w[1]),
            "#{} should come before #{}",
            w[0],
            w[1]
        );
    }
    // The outlook: employment by year drawn (11 years), openings against seekers.
    assert!(fr.contains("class=\"chart columns\""));
    assert_eq!(
        fr.matches("<rect ").count(),
        11,
        "one column per year 2023–2033"
    );
    assert!(
        fr.contains("possibilités d’emploi pour"),
        "openings against seekers"
    );
    // Human labels, French numbers, French methods.
    let text = french_text(&fr);
    for raw in [
        "noc.title_en",
        "cops.employment_growth_2024_2033",
        "onet.work_style",
        "PUBLISHED",
    ] {
        assert!(!fr.contains(raw), "raw key {raw} shown");
    }
    assert!(text.contains("Emploi, 2023"));
    assert!(
        text.contains("113\u{202f}100"),
        "French thousands separator"
    );
    assert!(text.contains("publiée par la source"));
    // The French title is French: no lang="en", no "English only" notice.
    let row = &fr[fr
        .find("<th scope=\"row\">Titre français</th>")
        .expect("French title row")..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(!row.contains("lang=") && !row.contains("en-only"), "{row}");
    // On the English page the French title is marked as French.
    let en = read(root, "en/occupations/21231.html");
    let row = &en[en
        .find("<th scope=\"row\">French title</th>")
        .expect("French title row")..];
    assert!(row[..row.find("</tr>").expect("row end")].contains("<td lang=\"fr\">"));
    assert!(
        en.contains("155,") || en.contains("113,100"),
        "English thousands separator"
    );
}

fn esc(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The table row of requirement `id` on a framework page.
fn requirement_row<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html
        .find(&format!("<tr id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no row {id}"));
    let end = start + html[start..].find("</tr>").expect("row end");
    &html[start..end]
}

#[test]
fn compliance_pages_show_every_framework_in_both_languages() {
    let (root, report) = real();
    let frameworks = ["dadm", "dama", "rtm"];
    for (lang, dir, section) in [
        ("en", "en/compliance", "Compliance"),
        ("fr", "fr/conformite", "Conformité"),
    ] {
        // Reached from the navigation of every page, and from the home page.
        let home = read(root, &format!("{lang}/index.html"));
        let nav = format!("<a href=\"../{dir}/index.html\">{section}</a>");
        assert!(home.contains(&format!("<li>{nav}</li>")), "{lang}: nav");
        assert!(
            home.contains(&format!("<h3>{nav}</h3>")),
            "{lang}: home entry"
        );
        let summary = read(root, &format!("{dir}/index.html"));
        assert!(summary.contains(&format!("<h1>{section}</h1>")));
        for fw in frameworks {
            let reqs: Vec<serde_json::Value> =
                serde_json::from_str(&read(root, &format!("data/compliance/{fw}.json")))
                    .expect("compliance JSON");
            // The summary counts every status of every framework, with a total.
            let count = |status: &str| reqs.iter().filter(|r| r["status"] == status).count();
            let cells: String = ["met", "partial", "not_met", "not_applicable"]
                .iter()
                .map(|st| format!("<td class=\"num\">{}</td>", count(st)))
                .collect();
            let start = summary
                .find(&format!(
                    "<tr><th scope=\"row\"><a href=\"../../{dir}/{fw}.html\">"
                ))
                .unwrap_or_else(|| panic!("{dir}/index.html: no row for {fw}"));
            let row = &summary[start..start + summary[start..].find("</tr>").unwrap()];
            assert!(
                row.ends_with(&format!(
                    "</a></th>{cells}<td class=\"num\">{}</td>",
                    reqs.len()
                )),
                "{dir}/index.html: counts of {fw}: {row}"
            );
            assert!(summary.contains(&format!("href=\"../../data/compliance/{fw}.json\"")));

            let page = format!("{dir}/{fw}.html");
            let html = read(root, &page);
            // One row per requirement, status in words.
            assert_eq!(html.matches("<tr id=\"").count(), reqs.len(), "{page}");
            for r in &reqs {
                let id = r["id"].as_str().unwrap();
                let row = requirement_row(&html, id);
                let title = r[&format!("title_{lang}")].as_str().unwrap();
                assert!(row.contains(&esc(title)), "{page}: {id} title");
                let status = match (r["status"].as_str().unwrap(), lang) {
                    ("met", "en") => "Met",
                    ("partial", "en") => "Partially met",
                    ("not_met", "en") => "Not met",
                    ("not_applicable", "en") => "Not applicable",
                    ("met", _) => "Satisfaite",
                    ("partial", _) => "Partiellement satisfaite",
                    ("not_met", _) => "Non satisfaite",
                    (_, _) => "Sans objet",
                };
                assert!(
                    row.contains(&format!("\">{status}</span>")),
                    "{page}: {id} status"
                );
                let ev = r["evidence"].as_array().unwrap();
                assert_eq!(
                    row.matches("<span class=\"check ").count(),
                    ev.len(),
                    "{page}: {id} evidence"
                );
            }
            // Every evidence link resolves: a table's parquet file to its
            // catalogue page, another artefact to the published file; what
            // is not linked is not in the output (code and tests).
            let mut links = 0;
            for list in html.split("<ul class=\"evidence\">").skip(1) {
                let list = &list[..list.find("</ul>").expect("list end")];
                for t in tags(list) {
                    if t.name == "a" {
                        let href = t.attr("href").expect("href");
                        let (target, _) = resolve(&page, href).expect("internal link");
                        assert!(root.join(&target).is_file(), "{page}: {href} → {target}");
                        links += 1;
                    }
                }
                for part in list.split("<a href=\"").skip(1) {
                    let (href, rest) = part.split_once("\" class=\"code\">").unwrap();
                    let path = &rest[..rest.find("</a>").unwrap()];
                    if let Some(t) = path
                        .strip_prefix("data/")
                        .and_then(|p| p.strip_suffix(".parquet"))
                        .filter(|t| !t.contains('/'))
                    {
                        assert_eq!(
                            resolve(&page, href).unwrap().0,
                            format!("{lang}/catalogue/{t}.html"),
                            "{page}: {path}"
                        );
                    }
                }
                for part in list.split("<span class=\"code\">").skip(1) {
                    let path = &part[..part.find("</span>").unwrap()];
                    assert!(
                        !root.join(path).exists(),
                        "{page}: {path} is published but not linked"
                    );
                }
            }
            assert!(links > 0, "{page}: no evidence links");
        }
    }

    // DADM-6.1 does not apply, and says why, in both languages.
    let dadm: Vec<serde_json::Value> =
        serde_json::from_str(&read(root, "data/compliance/dadm.json")).unwrap();
    let aia = dadm.iter().find(|r| r["id"] == "DADM-6.1").unwrap();
    for (page, lang, words) in [
        (
            "en/compliance/dadm.html",
            "en",
            "<strong>Does not apply</strong>: ",
        ),
        (
            "fr/conformite/dadm.html",
            "fr",
            "<strong>Ne s’applique pas</strong>\u{a0}: ",
        ),
    ] {
        let html = read(root, page);
        let row = requirement_row(&html, "DADM-6.1");
        let reason = aia["applicability"][&format!("reason_{lang}")]
            .as_str()
            .unwrap();
        assert!(
            row.contains(&format!("{words}<span>{}</span>", esc(reason))),
            "{page}: DADM-6.1 reason"
        );
        assert!(
            row.contains("<span class=\"status not-applicable\">"),
            "{page}"
        );
        assert!(!row.contains("<ul class=\"evidence\">"), "{page}");
    }
    // Figures are the build's English: marked so on French pages.
    let html = read(root, "fr/conformite/rtm.html");
    assert!(html.contains("<span lang=\"en\">present</span>"));
    assert!(html.contains("La construction rédige les chiffres des preuves en anglais."));
    // The matrix cites the site's page count, counted before rendering.
    let rtm: Vec<serde_json::Value> =
        serde_json::from_str(&read(root, "data/compliance/rtm.json")).unwrap();
    let page_rows: Vec<&serde_json::Value> = rtm
        .iter()
        .filter(|r| r["id"].as_str().unwrap().starts_with("RTM-PAGE-"))
        .collect();
    assert!(page_rows
        .iter()
        .any(|r| r["id"] == "RTM-PAGE-compliance_framework"));
    for r in page_rows {
        assert_eq!(
            r["evidence"][2]["figure"],
            format!("{} pages in the site", report.site.pages),
            "{}",
            r["id"]
        );
    }
}

#[test]
fn profile_values_carry_provenance_badges() {
    let (root, _) = real();
    let html = read(root, "en/profiles/21231.00.html");
    let badges = html.matches("<details class=\"prov ").count();
    let rows = html.matches("<tr><th scope=\"row\"").count();
    assert!(
        badges >= rows && rows > 200,
        "{badges} badges for {rows} rows"
    );
    assert!(html.contains("<summary>Native</summary>"));
}

#[test]
fn sitemap_lists_every_page_in_both_languages() {
    let (root, _) = real();
    let xml = read(root, "sitemap.xml");
    let locs: BTreeSet<String> = xml
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(str::to_string)
        .collect();
    let base = "https://jobforge.github.io/wiq/";
    for p in pages(root)
        .iter()
        .filter(|p| p.starts_with("en/") || p.starts_with("fr/"))
    {
        assert!(
            locs.contains(&format!("{base}{p}")),
            "{p} not in sitemap.xml"
        );
    }
    assert!(locs.contains(base));
    assert_eq!(
        xml.matches("hreflang=\"en\"").count(),
        xml.matches("hreflang=\"fr\"").count()
    );
    assert_eq!(xml.matches("<url>").count(), locs.len());
}

#[test]
fn csv_copies_match_the_tables() {
    let (root, report) = real();
    for (name, rows, _) in &report.tables {
        let path = root.join(format!("data/{name}.csv"));
        let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut n = 0;
        for record in r.records() {
            record.unwrap_or_else(|e| panic!("{name}.csv: not RFC 4180: {e}"));
            n += 1;
        }
        assert_eq!(n, *rows, "{name}.csv rows");
        let raw = std::fs::read(&path).unwrap();
        assert!(raw.ends_with(b"\r\n"), "{name}.csv line ends");
    }
}

#[test]
fn catalogue_feeds_are_valid_json() {
    let (root, report) = real();
    let dcat: serde_json::Value =
        serde_json::from_str(&read(root, "data/catalog.dcat.json")).expect("DCAT JSON");
    let datasets = dcat["dcat:dataset"].as_array().expect("datasets");
    assert_eq!(datasets.len(), report.tables.len());
    for p in pages(root)
        .iter()
        .filter(|p| p.contains("/catalogue/") && !p.ends_with("index.html"))
    {
        let html = read(root, p);
        let start = html
            .find("<script type=\"application/ld+json\">")
            .expect("JSON-LD")
            + 35;
        let end = start + html[start..].find("</script>").expect("end");
        let v: serde_json::Value =
            serde_json::from_str(&html[start..end]).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(v["@type"], "Dataset", "{p}");
        assert_eq!(v["distribution"].as_array().map(Vec::len), Some(2), "{p}");
        assert!(
            html.contains("<svg class=\"chart lineage\""),
            "{p}: lineage diagram"
        );
    }
}

#[test]
fn summary_reports_the_site_within_the_size_gates() {
    let (_, report) = real();
    let s = pipeline::summary(report);
    assert!(s.contains("site: "), "{s}");
    assert!(s.contains("largest file"));
    assert!(report.site.bytes < jobforge::emit::site::MAX_SITE_BYTES);
    assert!(
        report.site.largest.1 < jobforge::emit::site::MAX_FILE_BYTES,
        "{:?}",
        report.site.largest
    );
}

// ------------------------------ a hostile copy of the sources, under /wiq/

const HOSTILE: &str = "<script>alert(\"pwned\")</script> & 'quoted' </title>";

struct Hostile {
    dir: tempfile::TempDir,
    _sources: tempfile::TempDir,
    _content: tempfile::TempDir,
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let s = std::fs::read_to_string(path).expect("read");
    assert!(s.contains(from), "{}: {from:?} not found", path.display());
    std::fs::write(path, s.replacen(from, to, 1)).expect("write");
}

/// The real sources with hostile text in a NOC title, an OaSIS label and a
/// table description, built with `verify: false` and base path `/wiq/`.
fn hostile() -> &'static Hostile {
    static H: OnceLock<Hostile> = OnceLock::new();
    H.get_or_init(|| {
        let sources = common::copy_sources_static("hostile-sources");
        let csv_field = format!("\"{}\"", HOSTILE.replace('"', "\"\""));
        replace_in(
            &sources.path().join("statcan-noc-2021/noc_structure_en.csv"),
            "Legislative and senior management occupations",
            &csv_field,
        );
        replace_in(
            &sources
                .path()
                .join("esdc-oasis-2023-v1.0/labels_oasis_2023_v1.0.csv"),
            "00010.00,Legislators",
            &format!("00010.00,{csv_field}"),
        );
        let content = common::static_tempdir("hostile-content");
        for e in std::fs::read_dir(common::content()).expect("content/") {
            let p = e.expect("entry").path();
            std::fs::copy(&p, content.path().join(p.file_name().unwrap())).expect("copy");
        }
        replace_in(
            &content.path().join("site.toml"),
            "base_path = \"/\"",
            "base_path = \"/wiq/\"",
        );
        let toml_hostile = HOSTILE.replace('\\', "\\\\").replace('"', "\\\"");
        replace_in(
            &content.path().join("catalog.toml"),
            "description_en = \"The National Occupational Classification",
            &format!("description_en = \"{toml_hostile} The National Occupational Classification"),
        );
        let dir = common::static_tempdir("hostile-build");
        let mut opts = common::options(sources.path(), dir.path());
        opts.verify = false;
        opts.content = content.path().to_path_buf();
        pipeline::run(&opts).expect("build of the hostile sources");
        Hostile {
            dir,
            _sources: sources,
            _content: content,
        }
    })
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let root = hostile().dir.path();
    let mut seen_escaped = 0;
    for f in files(root) {
        if f.ends_with(".parquet") || f.ends_with(".csv") || f.ends_with(".woff2") {
            continue;
        }
        let body = String::from_utf8_lossy(&std::fs::read(root.join(&f)).unwrap()).into_owned();
        assert!(
            !body.contains("<script>alert"),
            "{f}: raw <script> from data"
        );
        assert!(!body.contains("</title> &"), "{f}: raw </title> from data");
        if f.ends_with(".html") {
            assert_eq!(
                body.matches("<script").count(),
                body.matches("</script>").count(),
                "{f}"
            );
            if body.contains(
                "&#60;script&#62;alert(&#34;pwned&#34;)&#60;/script&#62; &#38; &#39;quoted&#39;",
            ) {
                seen_escaped += 1;
            }
        }
    }
    // The broad category's pages, its descendants' breadcrumbs, the profile
    // pages and the catalogue all show the text, escaped.
    assert!(
        seen_escaped > 20,
        "hostile text shown escaped on {seen_escaped} pages"
    );
    let html = read(root, "en/catalogue/dim_noc.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let v: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON-LD");
    assert!(v["description"].as_str().unwrap().starts_with(HOSTILE));
    let dcat: serde_json::Value =
        serde_json::from_str(&read(root, "data/catalog.dcat.json")).expect("DCAT");
    assert!(dcat.to_string().contains("pwned"));
    assert!(read(root, "sitemap.xml").contains("<?xml"));
}

/// A static server for `root` under `/wiq/` on loopback: `GET` only,
/// `/wiq/…/` serves `index.html`, anything else is a 404 with 404.html.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("addr").to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            // Read the whole request head: closing a socket with unread
            // bytes would reset the connection before the client reads.
            let mut buf = Vec::new();
            let mut chunk = [0u8; 1024];
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            let req = String::from_utf8_lossy(&buf);
            let path = req
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .split('?')
                .next()
                .unwrap_or("/")
                .to_string();
            let file = path.strip_prefix("/wiq/").map(|rel| {
                let rel = if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                };
                root.join(rel)
            });
            let (status, body) =
                match file.filter(|f| f.is_file() && !f.to_string_lossy().contains("..")) {
                    Some(f) => ("200 OK", std::fs::read(f).unwrap_or_default()),
                    None => (
                        "404 Not Found",
                        std::fs::read(root.join("404.html")).unwrap_or_default(),
                    ),
                };
            let head = format!(
                "HTTP/1.0 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&body);
        }
    });
    addr
}

fn get(addr: &str, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").expect("send");
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).expect("read");
    let split = resp
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers")
        + 4;
    let head = String::from_utf8_lossy(&resp[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, resp[split..].to_vec())
}

#[test]
fn the_site_works_served_under_a_sub_path() {
    let root = hostile().dir.path();
    let addr = serve(root.to_path_buf());
    // Crawl from /wiq/ and follow every internal link of every page.
    let mut queue: VecDeque<String> = VecDeque::from(["/wiq/".to_string()]);
    let mut seen: BTreeMap<String, u16> = BTreeMap::new();
    seen.insert("/wiq/".into(), 0);
    let mut html_pages = 0;
    while let Some(url) = queue.pop_front() {
        let (status, body) = get(&addr, &url);
        assert_eq!(status, 200, "{url}");
        seen.insert(url.clone(), status);
        if !(url.ends_with(".html") || url.ends_with('/')) {
            continue;
        }
        html_pages += 1;
        let html = String::from_utf8_lossy(&body).into_owned();
        let from = if url.ends_with('/') {
            format!("{url}index.html")
        } else {
            url.clone()
        };
        for t in tags(&html) {
            for a in ["href", "src", "action"] {
                let Some(v) = t.attr(a) else { continue };
                let Some((target, _)) = resolve(from.trim_start_matches('/'), v) else {
                    continue;
                };
                let target = format!("/{target}");
                assert!(
                    target.starts_with("/wiq/"),
                    "{url}: {v} leaves /wiq/ ({target})"
                );
                if !seen.contains_key(&target) {
                    seen.insert(target.clone(), 0);
                    queue.push_back(target);
                }
            }
        }
    }
    let on_disk = pages(root).len();
    assert_eq!(
        html_pages,
        on_disk - 1,
        "pages reachable from /wiq/ (all but 404.html)"
    );
    // The 404 page links under the base path, from any depth.
    let (status, body) = get(&addr, "/wiq/en/occupations/no/such/page.html");
    assert_eq!(status, 404);
    let html = String::from_utf8_lossy(&body).into_owned();
    let mut links = 0;
    for t in tags(&html) {
        if let Some(v) = t.attr("href").or(t.attr("src")) {
            assert!(v.starts_with("/wiq/"), "404 link {v}");
            assert_eq!(get(&addr, v).0, 200, "404 link {v}");
            links += 1;
        }
    }
    assert!(links >= 4);
    check_links(root, "/wiq/");
}
