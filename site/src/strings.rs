//! The site's words, one [`Strings`] per language, read by the build from
//! `content/site.en.toml` and `content/site.fr.toml`, and its settings
//! ([`SiteConfig`], `content/site.toml`).
//!
//! Every field is required and unknown keys are refused, so the two files
//! cannot drift apart: a key added to one language and not the other fails
//! the build with the file and key named.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    pub common: Common,
    pub home: Home,
    pub search: Search,
    pub occupations: Occupations,
    pub profile: Profile,
    pub provenance: Provenance,
    pub catalogue: Catalogue,
    pub coverage: Coverage,
    pub compliance: Compliance,
    pub about: About,
    pub not_found: NotFound,
    /// The browser app's strings, handed to it as JSON in its page. A map,
    /// not fields: the app (not this crate) uses them; the build checks
    /// that both languages have the same keys.
    pub app: BTreeMap<String, String>,
    /// Licence id (as in `data/sources.toml`) → name and URL.
    pub licences: BTreeMap<String, Licence>,
    /// Catalogue domain → heading.
    pub domains: BTreeMap<String, String>,
    /// Provenance method code (`PUBLISHED`, `ONET_CROSSWALK`…) → label.
    pub methods: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Common {
    pub site_name: String,
    pub tagline: String,
    pub skip_to_main: String,
    pub lang_heading: String,
    pub not_official: String,
    pub breadcrumb_label: String,
    pub home: String,
    pub nav_label: String,
    pub occupations: String,
    pub catalogue: String,
    pub coverage: String,
    pub compliance: String,
    pub about: String,
    pub search: String,
    /// The SQL console, in the main menu.
    pub sql: String,
    pub search_label: String,
    pub search_button: String,
    pub date_modified: String,
    pub english_only: String,
    pub english_only_block: String,
    pub signature: String,
    pub wordmark: String,
    pub footer_heading: String,
    pub footer_note: String,
    pub build: String,
    pub yes: String,
    pub no: String,
    pub code: String,
    pub title: String,
    pub bytes: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Home {
    pub title: String,
    pub description: String,
    pub intro: Vec<String>,
    pub search_heading: String,
    pub explore_heading: String,
    pub search_text: String,
    pub occupations_text: String,
    pub catalogue_text: String,
    pub coverage_text: String,
    pub compliance_text: String,
    pub about_text: String,
    pub figures_heading: String,
    pub figure_noc: String,
    pub figure_unit_groups: String,
    pub figure_profiles: String,
    pub figure_tables: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    pub title: String,
    pub description: String,
    /// Shown when the build has no app.
    pub placeholder_notice: String,
    pub app_loading: String,
    pub needs_script: String,
    pub app_failed: String,
    pub query_title: String,
    pub query_description: String,
    pub query_link: String,
    pub browse: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Occupations {
    pub title: String,
    pub description: String,
    pub intro: Vec<String>,
    pub categories_heading: String,
    pub definition: String,
    pub level: String,
    pub contents: String,
    pub teer: String,
    /// TEER 0 to 5, in order.
    pub teer_names: Vec<String>,
    pub profiles: String,
    pub profiles_intro: String,
    pub no_profiles: String,
    /// The official NOC example titles, in the page's language.
    pub example_titles: String,
    pub example_titles_intro: String,
    pub no_example_titles: String,
    pub projections: String,
    pub projections_intro: String,
    pub measure: String,
    pub value: String,
    pub recent_conditions: String,
    pub future_conditions: String,
    /// cops_summary column → label.
    pub cops: BTreeMap<String, String>,
    pub no_projections: String,
    pub onet: String,
    pub onet_intro: String,
    pub onet_code: String,
    pub no_onet: String,
    pub tbs: String,
    pub tbs_intro: String,
    pub attributes: String,
    pub attributes_intro: String,
    /// The four parts of a unit-group page.
    pub group_what: String,
    pub group_outlook: String,
    pub group_related: String,
    pub group_provenance: String,
    pub main_duties: String,
    pub employment_requirements: String,
    pub exclusions: String,
    pub elements_intro: String,
    pub no_elements: String,
    pub employment_chart: String,
    /// With `{first}`, `{y0}`, `{last}`, `{y1}`.
    pub employment_chart_desc: String,
    pub year: String,
    /// With `{openings}` and `{seekers}`.
    pub openings_vs_seekers: String,
    pub noc2016: String,
    pub noc2016_intro: String,
    pub no_noc2016: String,
    pub noc2016_code: String,
    pub change_type: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub description: String,
    pub english_notice: String,
    pub unit_group: String,
    pub profile_code: String,
    pub contents: String,
    pub lead_statement: String,
    pub main_duties: String,
    pub example_titles: String,
    pub employment_requirements: String,
    pub additional_information: String,
    pub exclusions: String,
    pub workplaces_employers: String,
    pub interests: String,
    pub interests_rank: String,
    pub interest: String,
    pub ratings_intro: String,
    pub skills: String,
    pub abilities: String,
    pub knowledges: String,
    pub work_activities: String,
    pub work_context: String,
    pub personal_attributes: String,
    pub descriptor: String,
    pub rating: String,
    pub scale: String,
    pub scale_all: String,
    pub none: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub heading: String,
    pub column: String,
    pub intro: String,
    pub native: String,
    pub inherited: String,
    pub imputed: String,
    pub missing: String,
    pub confidence: String,
    pub method: String,
    pub source: String,
    pub native_rationale: String,
    /// The rationale of a published value, with `{table}`.
    pub published_in: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub title: String,
    pub description: String,
    pub intro: Vec<String>,
    pub table: String,
    pub rows: String,
    pub columns: String,
    pub description_heading: String,
    pub grain: String,
    pub column: String,
    pub data_type: String,
    pub nullable: String,
    pub column_description: String,
    pub null_pct: String,
    pub imputed_pct: String,
    pub distinct: String,
    pub examples: String,
    pub downloads: String,
    pub format: String,
    pub file: String,
    pub size: String,
    pub sha256: String,
    pub licence: String,
    pub citation: String,
    pub citation_intro: String,
    pub lineage: String,
    pub lineage_intro: String,
    pub upstream: String,
    pub downstream: String,
    pub input_file: String,
    pub input_table: String,
    pub transform: String,
    pub more: String,
    pub none: String,
    pub joins: String,
    pub joins_intro: String,
    pub orphans: String,
    pub dcat: String,
    pub lineage_events: String,
    pub derived_licence: String,
    pub not_measured: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    pub title: String,
    pub description: String,
    pub intro: Vec<String>,
    pub by_attribute: String,
    pub by_level: String,
    pub chart_note: String,
    pub attribute: String,
    pub level: String,
    pub total: String,
    pub source_measured: String,
    pub source_table: String,
    /// Attribute (or attribute group) key → label.
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compliance {
    pub title: String,
    pub description: String,
    pub intro: Vec<String>,
    pub frameworks_heading: String,
    pub summary_heading: String,
    pub framework: String,
    pub total: String,
    pub downloads: String,
    pub json: String,
    pub table: String,
    pub requirements: String,
    pub id: String,
    pub requirement: String,
    pub applicability: String,
    pub status: String,
    pub evidence: String,
    pub applies: String,
    pub does_not_apply: String,
    pub passed: String,
    pub failed: String,
    pub no_evidence: String,
    /// Between a label and its value: `": "`, or `"\u{a0}: "` in French.
    pub colon: String,
    /// The notice on French pages: the build writes evidence figures in English.
    pub figures_english: String,
    pub met: String,
    pub partial: String,
    pub not_met: String,
    pub not_applicable: String,
    /// Framework id (`dadm`, `dama`, `rtm`) → name and description.
    pub frameworks: BTreeMap<String, FrameworkText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkText {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    pub title: String,
    pub description: String,
    pub intro: Vec<String>,
    pub sources_heading: String,
    pub source: String,
    pub publisher: String,
    pub licence: String,
    pub landing_page: String,
    pub attribution_heading: String,
    pub attribution: Vec<String>,
    pub outputs_heading: String,
    pub outputs: Vec<String>,
    pub official_heading: String,
    pub official: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotFound {
    pub title: String,
    pub body: String,
    pub home_link: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub name: String,
    #[serde(default)]
    pub url: String,
}

/// Site settings from `content/site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Path the site is served under (`/`, `/wiq/`). Only the 404 page
    /// uses it: a server returns that page for any missing path, so it
    /// cannot link relatively.
    pub base_path: String,
    /// Absolute URL of the published site, for `sitemap.xml`, the DCAT
    /// catalogue and JSON-LD (data, not requests).
    pub site_url: String,
    /// The Canada wordmark and the Government of Canada signature. Off:
    /// WiQ is not a Government of Canada site.
    #[serde(default)]
    pub official_symbols: bool,
    /// Draw the lineage diagram on catalogue pages (the benchmark turns it
    /// off to measure its cost).
    #[serde(default = "yes")]
    pub lineage_svg: bool,
}

fn yes() -> bool {
    true
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            base_path: "/".into(),
            site_url: "https://jobforge.github.io/wiq/".into(),
            official_symbols: false,
            lineage_svg: true,
        }
    }
}

impl SiteConfig {
    /// The base path with exactly one leading and one trailing slash.
    pub fn normalized_base(&self) -> String {
        let t = self.base_path.trim().trim_matches('/');
        if t.is_empty() {
            "/".into()
        } else {
            format!("/{t}/")
        }
    }

    /// The site URL with one trailing slash.
    pub fn normalized_url(&self) -> String {
        format!("{}/", self.site_url.trim().trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_normalised() {
        let mut c = SiteConfig::default();
        for (raw, want) in [("", "/"), ("/", "/"), ("wiq", "/wiq/"), ("/wiq/", "/wiq/")] {
            c.base_path = raw.into();
            assert_eq!(c.normalized_base(), want);
        }
        c.site_url = "https://x.example/wiq".into();
        assert_eq!(c.normalized_url(), "https://x.example/wiq/");
    }
}
