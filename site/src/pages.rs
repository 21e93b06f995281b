//! The page model: one plain struct per template, filled by the build's
//! site emitter. Fields hold display-ready strings; templates escape them.

use askama::Template;

use crate::layout::Layout;
use crate::{Strings, Text};

/// A link to another page with a code and a label (NOC groups, profiles).
#[derive(Debug, Clone)]
pub struct Link {
    pub code: String,
    pub label: Text,
    pub href: String,
}

/// Where a value comes from. Today every OaSIS value is native; the
/// imputation layer adds inherited and imputed values with a confidence and
/// a rationale, which the same badge shows on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProvKind {
    Native,
    Inherited,
    Imputed,
    Missing,
}

impl ProvKind {
    /// Reads the `value_source` spelling of the provenance model.
    pub fn parse(s: &str) -> Option<ProvKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "native" => Some(ProvKind::Native),
            "inherited" => Some(ProvKind::Inherited),
            "imputed" => Some(ProvKind::Imputed),
            "missing" => Some(ProvKind::Missing),
            _ => None,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            ProvKind::Native => "native",
            ProvKind::Inherited => "inherited",
            ProvKind::Imputed => "imputed",
            ProvKind::Missing => "missing",
        }
    }

    pub const ALL: [ProvKind; 4] = [
        ProvKind::Native,
        ProvKind::Inherited,
        ProvKind::Imputed,
        ProvKind::Missing,
    ];

    pub fn label(self, s: &Strings) -> &str {
        let p = &s.provenance;
        match self {
            ProvKind::Native => &p.native,
            ProvKind::Inherited => &p.inherited,
            ProvKind::Imputed => &p.imputed,
            ProvKind::Missing => &p.missing,
        }
    }
}

/// A provenance badge: the kind is always visible; confidence, method and
/// rationale open on demand (a `<details>` element, keyboard-operable).
#[derive(Debug, Clone)]
pub struct Prov {
    pub kind: ProvKind,
    pub label: String,
    /// "Confidence 0.90 · INHERIT_L5", already in the page's language.
    pub note: Option<String>,
    pub rationale: Text,
}

impl Prov {
    pub fn class(&self) -> &'static str {
        self.kind.class()
    }
}

#[derive(Debug, Clone)]
pub struct Figure {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub title: String,
    pub href: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage<'a> {
    pub l: Layout<'a>,
    pub figures: Vec<Figure>,
    pub entries: Vec<Entry>,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage<'a> {
    pub l: Layout<'a>,
    /// The app's files, when the build includes it.
    pub app: Option<AppMount>,
}

#[derive(Template)]
#[template(path = "query.html")]
pub struct QueryPage<'a> {
    pub l: Layout<'a>,
    /// The SQL console's files, when the build includes them.
    pub app: Option<AppMount>,
}

/// What the search page hands the browser app: where its data and scripts
/// are and how it links to the site, all relative to the page.
#[derive(Debug, Clone)]
pub struct AppMount {
    /// The mount point's id: `wiq-app` (search) or `wiq-query` (console).
    pub id: &'static str,
    pub boot: String,
    pub data: String,
    pub noc_href: String,
    pub profile_href: String,
    pub table_href: String,
    /// The SQL console, which the question box links its SQL to.
    pub query_href: String,
    /// The app's strings, pre-serialised with [`crate::json::script_safe`].
    pub strings: String,
}

#[derive(Template)]
#[template(path = "occupations.html")]
pub struct OccupationsPage<'a> {
    pub l: Layout<'a>,
    pub categories: Vec<Link>,
}

/// A NOC group above the unit group (broad category to minor group).
#[derive(Template)]
#[template(path = "noc_group.html")]
pub struct NocGroupPage<'a> {
    pub l: Layout<'a>,
    pub code: String,
    pub level: String,
    pub definition: Option<Text>,
    pub children_heading: String,
    pub children: Vec<Link>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct OnetRow {
    pub code: String,
    pub title: Text,
    /// The occupation on O*NET OnLine (a plain outbound link).
    pub href: Option<String>,
}

/// One value of the imputation layer's attribute tables.
#[derive(Debug, Clone)]
pub struct AttrRow {
    /// The attribute's label in the page's language.
    pub name: String,
    pub value: Text,
    /// `en` or `fr` when the value is in the other language by design (the
    /// English title on a French page): marked for screen readers, with no
    /// "English only" notice.
    pub value_lang: Option<&'static str>,
    pub prov: Prov,
}

#[derive(Template)]
#[template(path = "unit_group.html")]
pub struct UnitGroupPage<'a> {
    pub l: Layout<'a>,
    pub code: String,
    pub level: String,
    pub teer: Option<String>,
    pub definition: Option<Text>,
    /// The official example titles in the page's language (no fallback to
    /// the other language: the section says when there are none).
    pub example_titles: Vec<String>,
    /// OaSIS elements of the unit group's profiles (English only), each
    /// list without repeats, in the publisher's order.
    pub main_duties: Vec<Text>,
    pub requirements: Vec<Text>,
    pub exclusions: Vec<Exclusion>,
    pub profiles: Vec<Link>,
    /// Employment by year as an inline SVG bar chart (escaped), with the
    /// same figures in `employment`.
    pub employment_chart: Option<String>,
    pub employment: Vec<Row>,
    /// "From 2024 to 2033, COPS projects … openings against … seekers."
    pub openings_vs_seekers: Option<String>,
    pub cops: Vec<Row>,
    pub recent: Option<Text>,
    pub future: Option<Text>,
    pub onet: Vec<OnetRow>,
    /// Treasury Board groups of the unit group, from a NOC → TBS bridge
    /// table when the build has one (the section is hidden otherwise), each
    /// link with its provenance.
    pub tbs: Vec<Item>,
    /// NOC 2016 unit groups that map to this one.
    pub noc2016: Vec<Noc2016Row>,
    pub attributes: Vec<AttrRow>,
}

/// An occupation a unit group excludes, linked to its page when it has one.
#[derive(Debug, Clone)]
pub struct Exclusion {
    pub title: Text,
    pub code: Option<String>,
    pub href: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Noc2016Row {
    pub code: String,
    pub title: Text,
    pub change: Text,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub text: Text,
    pub href: Option<String>,
    pub prov: Prov,
}

#[derive(Debug, Clone)]
pub struct ItemList {
    pub id: String,
    pub heading: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub struct Rating {
    pub name: Text,
    pub value: String,
    /// The scale, when the rows of one table do not share it.
    pub scale: Option<Text>,
    pub prov: Prov,
}

#[derive(Debug, Clone)]
pub struct RatingTable {
    pub id: String,
    pub heading: String,
    /// The scale shared by every row, stated once.
    pub scale: Option<Text>,
    pub rows: Vec<Rating>,
}

#[derive(Template)]
#[template(path = "profile.html")]
pub struct ProfilePage<'a> {
    pub l: Layout<'a>,
    pub code: String,
    pub unit_group: Link,
    pub lead: Option<Item>,
    pub lists: Vec<ItemList>,
    pub interests: Vec<Item>,
    pub ratings: Vec<RatingTable>,
    pub attributes: Vec<AttrRow>,
    /// (anchor, heading) of every section, for the page's contents list.
    pub toc: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct TableLink {
    pub name: String,
    pub href: String,
    pub rows: String,
    pub description: Text,
}

#[derive(Debug, Clone)]
pub struct Domain {
    pub id: String,
    pub heading: String,
    pub tables: Vec<TableLink>,
}

#[derive(Template)]
#[template(path = "catalogue.html")]
pub struct CataloguePage<'a> {
    pub l: Layout<'a>,
    pub domains: Vec<Domain>,
    pub dcat_href: String,
    pub events_href: String,
}

#[derive(Debug, Clone)]
pub struct ColumnRow {
    pub name: String,
    pub data_type: String,
    pub nullable: String,
    pub description: Text,
    pub null_pct: String,
    pub imputed_pct: String,
    pub distinct: String,
    pub examples: String,
}

#[derive(Debug, Clone)]
pub struct Download {
    pub format: String,
    pub href: String,
    pub file: String,
    pub size: String,
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct LicenceLink {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct LineageItem {
    pub name: String,
    pub kind: String,
    /// A catalogue page, when the input or output is a table.
    pub href: Option<String>,
    pub transform: Text,
}

#[derive(Debug, Clone)]
pub struct Join {
    pub from: String,
    pub to: String,
    pub href: Option<String>,
    pub cardinality: String,
    pub orphans: String,
}

#[derive(Template)]
#[template(path = "table.html")]
pub struct TablePage<'a> {
    pub l: Layout<'a>,
    pub name: String,
    pub description: Text,
    pub grain: Text,
    pub rows: String,
    pub columns: Vec<ColumnRow>,
    pub downloads: Vec<Download>,
    pub licences: Vec<LicenceLink>,
    /// English on both sites: the sources' names are English.
    pub citation: Text,
    /// Inline SVG from [`crate::svg::lineage`] (escaped as it was drawn).
    pub lineage_svg: Option<String>,
    pub upstream: Vec<LineageItem>,
    pub downstream: Vec<LineageItem>,
    pub joins: Vec<Join>,
}

#[derive(Debug, Clone)]
pub struct CoverageRow {
    pub label: Text,
    /// Native, inherited, imputed, missing (formatted).
    pub counts: Vec<String>,
    pub total: String,
}

#[derive(Template)]
#[template(path = "coverage.html")]
pub struct CoveragePage<'a> {
    pub l: Layout<'a>,
    /// Inline SVG from [`crate::svg::stacked_bars`].
    pub attribute_svg: String,
    pub level_svg: String,
    pub attribute_rows: Vec<CoverageRow>,
    pub level_rows: Vec<CoverageRow>,
    pub legend: Vec<String>,
    pub measured_from: String,
}

/// A requirement's status. Pages always show it as words; the colour of
/// its badge only repeats them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ComplianceStatus {
    Met,
    Partial,
    NotMet,
    NotApplicable,
}

impl ComplianceStatus {
    pub const ALL: [ComplianceStatus; 4] = [
        ComplianceStatus::Met,
        ComplianceStatus::Partial,
        ComplianceStatus::NotMet,
        ComplianceStatus::NotApplicable,
    ];

    /// Reads the spelling of `data/compliance/*.json`.
    pub fn parse(s: &str) -> Option<ComplianceStatus> {
        match s {
            "met" => Some(ComplianceStatus::Met),
            "partial" => Some(ComplianceStatus::Partial),
            "not_met" => Some(ComplianceStatus::NotMet),
            "not_applicable" => Some(ComplianceStatus::NotApplicable),
            _ => None,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            ComplianceStatus::Met => "met",
            ComplianceStatus::Partial => "partial",
            ComplianceStatus::NotMet => "not-met",
            ComplianceStatus::NotApplicable => "not-applicable",
        }
    }

    pub fn label(self, s: &Strings) -> &str {
        let c = &s.compliance;
        match self {
            ComplianceStatus::Met => &c.met,
            ComplianceStatus::Partial => &c.partial,
            ComplianceStatus::NotMet => &c.not_met,
            ComplianceStatus::NotApplicable => &c.not_applicable,
        }
    }
}

/// One framework on the compliance summary.
#[derive(Debug, Clone)]
pub struct FrameworkRow {
    pub name: String,
    pub description: String,
    pub href: String,
    pub json_href: String,
    /// Requirements per status, in [`ComplianceStatus::ALL`] order (formatted).
    pub counts: Vec<String>,
    pub total: String,
}

#[derive(Template)]
#[template(path = "compliance.html")]
pub struct CompliancePage<'a> {
    pub l: Layout<'a>,
    pub frameworks: Vec<FrameworkRow>,
    /// The status labels, in [`ComplianceStatus::ALL`] order.
    pub legend: Vec<String>,
    /// Every requirement of every framework, as one parquet table.
    pub table_href: String,
}

/// One path of an evidence artefact, linked when the site publishes it:
/// a table's parquet file links to its catalogue page, another output file
/// to the file; code paths of the repository are shown, not linked.
#[derive(Debug, Clone)]
pub struct ArtefactPart {
    pub path: String,
    pub href: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EvidenceItem {
    pub label: Text,
    /// Written by the build; English on French pages when it has words.
    pub figure: Text,
    pub artefact: Vec<ArtefactPart>,
    pub passed: bool,
}

#[derive(Debug, Clone)]
pub struct RequirementRow {
    pub id: String,
    pub title: Text,
    /// The requirement's wording, when it says more than its title.
    pub text: Option<Text>,
    pub applicable: bool,
    pub reason: Text,
    pub status: ComplianceStatus,
    pub status_label: String,
    pub evidence: Vec<EvidenceItem>,
}

#[derive(Template)]
#[template(path = "compliance_framework.html")]
pub struct FrameworkPage<'a> {
    pub l: Layout<'a>,
    /// The framework's description, then how evidence is measured.
    pub intro: Vec<String>,
    /// (status label, requirements), in [`ComplianceStatus::ALL`] order.
    pub counts: Vec<(String, String)>,
    pub json_href: String,
    pub rows: Vec<RequirementRow>,
    /// Some figure is shown in English (French pages only).
    pub figures_en: bool,
}

#[derive(Debug, Clone)]
pub struct SourceRow {
    pub title: Text,
    pub publisher: Text,
    pub licence: String,
    pub licence_url: String,
    pub landing: String,
}

#[derive(Template)]
#[template(path = "about.html")]
pub struct AboutPage<'a> {
    pub l: Layout<'a>,
    pub sources: Vec<SourceRow>,
}

/// The root language page, as on Canada.ca: both languages, no layout.
#[derive(Template)]
#[template(path = "splash.html")]
pub struct SplashPage<'a> {
    pub en: &'a Strings,
    pub fr: &'a Strings,
    pub href_en: String,
    pub href_fr: String,
    pub official_symbols: bool,
}

/// The 404 page, bilingual; links start at the configured base path since
/// a server returns it for a path at any depth.
#[derive(Template)]
#[template(path = "not_found.html")]
pub struct NotFoundPage<'a> {
    pub en: &'a Strings,
    pub fr: &'a Strings,
    pub base: String,
    pub official_symbols: bool,
}
