//! The words of both languages, and the official-symbols switch.

use jobforge_site::pages::{NotFoundPage, SplashPage};
use jobforge_site::{SiteConfig, Strings};

fn load(lang: &str) -> Strings {
    let path = format!("{}/../content/site.{lang}.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("content file");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn both_languages_have_the_same_keys() {
    let (en, fr) = (load("en"), load("fr"));
    let keys =
        |m: &std::collections::BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&en.domains), keys(&fr.domains));
    assert_eq!(keys(&en.occupations.cops), keys(&fr.occupations.cops));
    assert_eq!(keys(&en.coverage.attributes), keys(&fr.coverage.attributes));
    assert_eq!(
        en.compliance.frameworks.keys().collect::<Vec<_>>(),
        ["dadm", "dama", "rtm"]
    );
    assert_eq!(
        en.compliance.frameworks.keys().collect::<Vec<_>>(),
        fr.compliance.frameworks.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        en.licences.keys().collect::<Vec<_>>(),
        fr.licences.keys().collect::<Vec<_>>()
    );
    assert_eq!(en.occupations.teer_names.len(), 6);
    assert_eq!(fr.occupations.teer_names.len(), 6);
    assert_ne!(en.common.search, fr.common.search);
}

#[test]
fn settings_parse_and_symbols_are_off_by_default() {
    let path = format!("{}/../content/site.toml", env!("CARGO_MANIFEST_DIR"));
    let c: SiteConfig = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(!c.official_symbols);
    assert!(c.lineage_svg);
}

#[test]
fn official_symbols_render_a_text_stand_in_only_when_turned_on() {
    let (en, fr) = (load("en"), load("fr"));
    for on in [false, true] {
        let splash = askama::Template::render(&SplashPage {
            en: &en,
            fr: &fr,
            href_en: "en/index.html".into(),
            href_fr: "fr/index.html".into(),
            official_symbols: on,
        })
        .unwrap();
        assert_eq!(splash.contains("Government of Canada</span>"), on);
        // The notice is there either way.
        assert!(splash.contains("This is not an official Government of Canada website."));
        let nf = askama::Template::render(&NotFoundPage {
            en: &en,
            fr: &fr,
            base: "/wiq/".into(),
            official_symbols: on,
        })
        .unwrap();
        assert!(nf.contains("href=\"/wiq/en/index.html\""));
        assert!(nf.contains("href=\"/wiq/assets/css/wiq.css\""));
    }
}
