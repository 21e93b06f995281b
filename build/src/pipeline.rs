//! `jobforge build`: ingest → model → emit, and the closing summary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

use crate::emit::parquet::{self, WriteError};
use crate::ingest::ledger::FileAccount;
use crate::ingest::{self, Ingest, IngestError};
use crate::manifest::{Manifest, ManifestError};
use crate::model::catalog::{self, CatalogError, CatalogText, FileInfo, TableOrigin};
use crate::model::lineage::{self, Edge, Stage};
use crate::model::relationships::{self, Relationship};
use crate::model::Gold;
use crate::table::TableError;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub sources: PathBuf,
    pub out: PathBuf,
    /// The organisation's job architecture, when not under `sources`.
    pub job_architecture: Option<PathBuf>,
    /// Check pinned sha256 sums of the files read.
    pub verify: bool,
    /// The `content/` folder (catalogue prose).
    pub content: PathBuf,
    /// Seconds since the epoch stamped on outputs (`SOURCE_DATE_EPOCH`).
    pub source_date_epoch: i64,
    pub progress: bool,
    /// The LLM used for descriptions no source gives, with its answer cache;
    /// `None` turns the LLM off (descriptions without a source stay missing).
    pub llm: Option<LlmSettings>,
    /// O*NET Web Services for skills, abilities, knowledge and work
    /// activities; `None` turns it off (the local files still serve).
    pub onet: Option<OnetSettings>,
    /// Trunk's output folder: when given, the site includes the browser app
    /// and the search index it loads (`data/search-index.bin`).
    pub app: Option<PathBuf>,
    /// Where trained search indexes are cached, and the salt naming this
    /// program (`search_cache`): an unchanged rebuild reuses the index
    /// instead of training it again. `None` always trains.
    pub index_cache: Option<IndexCache>,
}

pub use crate::search_cache::IndexCache;

/// O*NET Web Services and the folder its answers are cached in.
#[derive(Debug, Clone)]
pub struct OnetSettings {
    pub config: crate::clients::onet_ws::OnetConfig,
    pub cache_dir: PathBuf,
}

/// An LLM endpoint and the folder its answers are cached in.
#[derive(Debug, Clone)]
pub struct LlmSettings {
    pub config: crate::clients::llm::LlmConfig,
    pub cache_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error("search index: {0}")]
    Search(#[from] crate::search_data::SearchDataError),
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Site(#[from] crate::emit::site::SiteError),
    #[error(transparent)]
    Compliance(#[from] crate::compliance::ComplianceError),
    #[error("row accounting does not balance for {0} (a reader bug): rows in ≠ rows out + rows rejected")]
    Unbalanced(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |e| BuildError::Io {
        path: path.display().to_string(),
        source: e,
    }
}

/// What a build did, for the summary and for tests.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub build_id: String,
    /// (table, rows, bytes)
    pub tables: Vec<(String, usize, u64)>,
    pub files: BTreeMap<String, FileAccount>,
    pub rejects: usize,
    pub relationships: Vec<Relationship>,
    pub undescribed: Vec<String>,
    pub imputation: ImputationCounts,
    /// Job-architecture rows per resolution tier (and `UNRESOLVED`).
    pub tiers: BTreeMap<String, usize>,
    /// Descriptions per "language method" (`en AUTHORITATIVE`, `fr MISSING`, …).
    pub described: BTreeMap<String, usize>,
    /// Requirements per framework and status.
    pub compliance: ComplianceCounts,
    /// The public site (pages, CSV copies, feeds, assets).
    pub site: crate::emit::site::SiteReport,
    /// Warnings about the inputs (an optional source that is absent).
    pub notices: Vec<String>,
    pub elapsed: Duration,
}

impl BuildReport {
    pub fn total_bytes(&self) -> u64 {
        self.tables.iter().map(|t| t.2).sum()
    }

    pub fn largest(&self) -> Option<&(String, usize, u64)> {
        self.tables.iter().max_by_key(|t| t.2)
    }
}

/// The metadata tables the build writes about itself, in catalogue order.
pub const META_TABLES: &[&str] = &[
    "rejects",
    "source_files",
    "catalog_relationships",
    "lineage",
    "catalog_columns",
    "catalog_tables",
];

fn spinner(enabled: bool, msg: &str) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.set_message(msg.to_string());
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

/// Deterministic build id: a digest of every input file's hash. The epoch is
/// left out so that the same inputs carry the same id whenever they are built.
fn build_id(files: &BTreeMap<String, FileAccount>) -> String {
    let mut h = Sha256::new();
    for (f, a) in files {
        h.update(f.as_bytes());
        h.update(b"\0");
        h.update(a.sha256.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())[..16].to_string()
}

pub fn run(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let manifest = Manifest::builtin()?;
    let epoch = dated(opts.source_date_epoch, &manifest);
    let mut ing = ingest_context(
        &opts.sources,
        opts.job_architecture.as_deref(),
        opts.verify.then_some(&manifest),
    );

    let pb = spinner(opts.progress, "ingest: reading sources");
    let gold = ingest::read_all(&mut ing)?;
    pb.finish_and_clear();
    if let Some((f, _)) = ing.ledger.unbalanced().first() {
        return Err(BuildError::Unbalanced(f.to_string()));
    }

    let id = build_id(&ing.ledger.files);
    let pb = spinner(opts.progress, "impute: inheritance and O*NET attributes");
    let mut gold = gold;
    let onet = opts.onet.as_ref().map(|s| {
        crate::clients::onet_ws::OnetClient::new(
            s.config.clone(),
            crate::clients::cache::DiskCache::new(&s.cache_dir),
        )
    });
    let imputation = impute_stage(&mut gold, &id, onet.as_ref())?;
    let llm = opts.llm.as_ref().map(|s| {
        crate::clients::llm::LlmClient::new(
            s.config.clone(),
            crate::clients::cache::DiskCache::new(&s.cache_dir),
        )
    });
    let (tiers, described) = derived_tables(&mut gold, &id, llm.as_ref())?;
    pb.finish_and_clear();

    let pb = spinner(opts.progress, "model: checking relationships");
    let rels = relationships::check(&gold)?;
    let text = CatalogText::load(&opts.content.join("catalog.toml"))?;
    pb.finish_and_clear();

    let data_dir = opts.out.join("data");
    std::fs::create_dir_all(&data_dir).map_err(io_err(&data_dir))?;
    let pb = spinner(opts.progress, "emit: writing parquet");
    let mut files: BTreeMap<String, FileInfo> = BTreeMap::new();
    for t in &gold.tables {
        files.insert(t.name.clone(), parquet::write(t, &data_dir)?);
    }

    let origins = origins(&ing, &manifest);
    let (meta, mut all) = metadata_tables(&ing, &gold, &rels, &text)?;
    for t in &meta.tables {
        files.insert(t.name.clone(), parquet::write(t, &data_dir)?);
    }
    let tables = catalog::tables_table(&all, &text, &origins, &files, &["catalog_tables"])?;
    files.insert(tables.name.clone(), parquet::write(&tables, &data_dir)?);
    all.add(tables);
    pb.finish_and_clear();

    write_events(&data_dir, &id, epoch, &ing, &gold, &meta)?;

    // Compliance comes before the site, which publishes it. The traceability
    // matrix cites the site's page count: the site emitter counts its pages
    // from the tables without rendering them, and checks the count when it
    // renders.
    let undescribed = text.missing(&all);
    let planned = crate::emit::site::plan(&all, crate::compliance::FRAMEWORKS.len())?;
    let facts = compliance_facts(
        &all,
        &ing,
        &rels,
        &imputation,
        &tiers,
        &described,
        undescribed.len(),
        planned.html,
    )?;
    let requirements =
        crate::compliance::ComplianceText::load(&opts.content.join("compliance.toml"))?;
    let frameworks = crate::compliance::all(&requirements, &facts)?;
    let compliance = write_compliance(&frameworks, &opts.out)?;

    let app = match &opts.app {
        Some(dir) => {
            let files = crate::emit::site::app::AppFiles::read(dir)?;
            let pb = spinner(opts.progress, "emit: training the search index");
            write_search_index(&gold, &opts.out, opts.index_cache.as_ref())?;
            pb.finish_and_clear();
            Some(files)
        }
        None => None,
    };

    let pb = spinner(opts.progress, "emit: rendering the site");
    let site = crate::emit::site::write(
        &crate::emit::site::SiteInput {
            tables: &all,
            parquet: &files,
            build_id: &id,
            source_date_epoch: epoch,
            compliance: &frameworks,
            app: app.as_ref(),
        },
        &opts.out,
        &opts.content,
    )?;
    // Last, so that it covers every file under data/.
    crate::emit::checksums::write(&data_dir).map_err(io_err(&data_dir))?;
    pb.finish_and_clear();

    Ok(BuildReport {
        build_id: id,
        tables: all
            .tables
            .iter()
            .map(|t| {
                (
                    t.name.clone(),
                    t.len(),
                    files.get(&t.name).map_or(0, |f| f.bytes),
                )
            })
            .collect(),
        files: ing.ledger.files.clone(),
        rejects: ing.ledger.rejects.len(),
        relationships: rels,
        undescribed,
        imputation,
        tiers,
        described,
        compliance,
        site,
        notices: gold.notices.clone(),
        elapsed: started.elapsed(),
    })
}

/// Trains the search index on the gold tables (open titles and the job
/// architecture), or takes it from the cache when the titles, settings and
/// program are unchanged, and writes it where the app fetches it.
fn write_search_index(
    gold: &Gold,
    out: &Path,
    cache: Option<&IndexCache>,
) -> Result<(), BuildError> {
    let index = crate::search_cache::index_or_warn(gold, &Default::default(), cache)?;
    let bytes = index
        .to_bytes()
        .map_err(crate::search_data::SearchDataError::from)?;
    let path = out.join(crate::emit::site::app::SEARCH_INDEX);
    std::fs::write(&path, bytes).map_err(io_err(&path))?;
    Ok(())
}

/// The manifest's pins, except for pages `jobforge fetch tbs` scraped anew:
/// those are checked against the hash it recorded.
fn pins(manifest: &Manifest, sources: &Path) -> std::collections::HashMap<String, String> {
    let mut pins = manifest.pins();
    let source = ingest::tbs::SOURCE;
    for s in crate::tbs_scrape::read_record(&sources.join(source)) {
        pins.insert(format!("{source}/{}", s.file), s.sha256);
    }
    pins
}

/// Reads the sources into the gold tables without writing anything: what
/// the commands that answer questions (`resolve`, `search`, `code`, `eval`) need.
pub fn load(
    sources: &Path,
    job_architecture: Option<&Path>,
    verify: bool,
) -> Result<Gold, BuildError> {
    let manifest = Manifest::builtin()?;
    let mut ing = ingest_context(sources, job_architecture, verify.then_some(&manifest));
    Ok(ingest::read_all(&mut ing)?)
}

/// The gold tables followed by the metadata the build publishes about them
/// (`rejects`, `source_files`, `catalog_relationships`, `lineage`,
/// `catalog_columns`, `catalog_tables`), computed as [`run`] computes them
/// but offline, without the LLM and without writing anything: what
/// `jobforge ask` and `jobforge replay` read. Parquet sizes and hashes are
/// not known and stay null in `catalog_tables`.
pub fn load_with_metadata(
    sources: &Path,
    job_architecture: Option<&Path>,
    verify: bool,
    content: &Path,
) -> Result<Gold, BuildError> {
    let manifest = Manifest::builtin()?;
    let mut ing = ingest_context(sources, job_architecture, verify.then_some(&manifest));
    let mut gold = ingest::read_all(&mut ing)?;
    if let Some((f, _)) = ing.ledger.unbalanced().first() {
        return Err(BuildError::Unbalanced(f.to_string()));
    }
    let id = build_id(&ing.ledger.files);
    impute_stage(&mut gold, &id, None)?;
    derived_tables(&mut gold, &id, None)?;
    let rels = relationships::check(&gold)?;
    let text = CatalogText::load(&content.join("catalog.toml"))?;
    let (_, mut all) = metadata_tables(&ing, &gold, &rels, &text)?;
    let origins = origins(&ing, &manifest);
    let no_files = BTreeMap::new();
    let tables = catalog::tables_table(&all, &text, &origins, &no_files, &["catalog_tables"])?;
    all.add(tables);
    Ok(all)
}

/// The reading context: the sources folder, the pins to check (when a
/// manifest is given) and the job architecture's override path.
fn ingest_context(
    sources: &Path,
    job_architecture: Option<&Path>,
    pinned_by: Option<&Manifest>,
) -> Ingest {
    let mut ing = Ingest::new(sources);
    if let Some(manifest) = pinned_by {
        ing = ing.with_pins(pins(manifest, sources));
    }
    if let Some(p) = job_architecture {
        ing = ing.with_override(
            &format!("{}/{}", ingest::job_arch::SOURCE, ingest::job_arch::FILE),
            p.to_path_buf(),
        );
    }
    ing
}

/// Resolution tiers, and description counts per "language method".
type Derived = (BTreeMap<String, usize>, BTreeMap<String, usize>);

/// The tables built from other tables after imputation: the resolved job
/// architecture, descriptions and the NOC ↔ occupational-group bridge.
fn derived_tables(
    gold: &mut Gold,
    build_id: &str,
    llm: Option<&crate::clients::llm::LlmClient>,
) -> Result<Derived, BuildError> {
    let resolver = crate::model::resolution::resolver_data(gold)?;
    let (resolved, tiers) = crate::model::resolution::job_architecture(gold, &resolver)?;
    gold.add(resolved);
    let descriptions = crate::impute::descriptions::generate(gold, llm)?;
    let described =
        descriptions
            .iter()
            .fold(BTreeMap::new(), |mut m: BTreeMap<String, usize>, d| {
                *m.entry(format!("{} {}", d.language, d.method)).or_default() += 1;
                m
            });
    gold.add(crate::impute::descriptions::to_table(
        &descriptions,
        build_id,
    )?);
    gold.add(crate::impute::og_bridge::build(gold, build_id)?);
    Ok((tiers, described))
}

/// The metadata tables except `catalog_tables` (which needs the written
/// files), and every table so far: gold, then metadata.
fn metadata_tables(
    ing: &Ingest,
    gold: &Gold,
    rels: &[Relationship],
    text: &CatalogText,
) -> Result<(Gold, Gold), BuildError> {
    let edges = lineage_edges(ing, gold);
    let mut meta = Gold::default();
    meta.add(ing.ledger.rejects_table()?);
    meta.add(ing.ledger.source_files_table()?);
    meta.add(relationships::table(rels)?);
    meta.add(lineage::table(&edges)?);
    let mut all = Gold::default();
    all.tables.extend(gold.tables.iter().cloned());
    all.tables.extend(meta.tables.iter().cloned());
    let columns = catalog::columns_table(&all, text)?;
    all.add(columns.clone());
    meta.add(columns);
    Ok((meta, all))
}

/// Counts the summary shows for the impute stage.
#[derive(Debug, Clone, Default)]
pub struct ImputationCounts {
    /// (level, value_source) → cells of the coverage report.
    pub coverage: BTreeMap<(String, String), usize>,
    /// Unit groups with no O*NET mapping.
    pub unmapped_unit_groups: Vec<String>,
    /// The O*NET Web Services pass, when it was on.
    pub web_services: Option<crate::impute::onet::WebServicesStats>,
}

fn impute_stage(
    gold: &mut Gold,
    build_id: &str,
    onet_ws: Option<&crate::clients::onet_ws::OnetClient>,
) -> Result<ImputationCounts, BuildError> {
    use crate::impute::{attributes, coverage, onet};
    let mut ug_attrs = attributes::unit_group(gold)?;
    let mut web_services = None;
    if let Some(client) = onet_ws {
        let (attrs, stats) = onet::web_services_attributes(gold, client)?;
        ug_attrs.extend(attrs);
        web_services = Some(stats);
    }
    let prof_attrs = attributes::profile(gold, &ug_attrs)?;
    let mut entities = Vec::new();
    let noc = gold.table("dim_noc")?;
    let mapped = onet::mappings(gold)?;
    let mut unmapped = Vec::new();
    for c in noc.text_column("unit_group_id")?.into_iter().flatten() {
        if !mapped.contains_key(c) {
            unmapped.push(c.to_string());
        }
        entities.push(coverage::Entity {
            level: "L5",
            code: c.to_string(),
            unit_group_id: c.to_string(),
        });
    }
    let prof = gold.table("dim_oasis_profile")?;
    for pc in prof
        .text_column("oasis_profile_code")?
        .into_iter()
        .flatten()
    {
        entities.push(coverage::Entity {
            level: "L6",
            code: pc.to_string(),
            unit_group_id: pc[..5].to_string(),
        });
    }
    let all: Vec<_> = ug_attrs.iter().chain(&prof_attrs).cloned().collect();
    let (cov, counts) = coverage::table(&entities, &all)?;
    gold.add(attributes::to_table(
        "unit_group_attributes",
        "noc_code",
        &ug_attrs,
        build_id,
    )?);
    gold.add(attributes::to_table(
        "profile_attributes",
        "oasis_profile_code",
        &prof_attrs,
        build_id,
    )?);
    gold.add(cov);
    Ok(ImputationCounts {
        coverage: counts,
        unmapped_unit_groups: unmapped,
        web_services,
    })
}

#[allow(clippy::too_many_arguments)]
fn compliance_facts(
    all: &Gold,
    ing: &Ingest,
    rels: &[Relationship],
    imputation: &ImputationCounts,
    tiers: &BTreeMap<String, usize>,
    described: &BTreeMap<String, usize>,
    undescribed: usize,
    pages: usize,
) -> Result<crate::compliance::Facts, BuildError> {
    let mut licences = BTreeMap::new();
    if let Some(t) = all.get("catalog_tables") {
        for (n, l) in t
            .text_column("table_name")?
            .into_iter()
            .zip(t.text_column("licence")?)
        {
            if let (Some(n), Some(l)) = (n, l) {
                licences.insert(n.to_string(), l.to_string());
            }
        }
    }
    let mut inheriting = std::collections::BTreeSet::new();
    if let Some(t) = all.get("profile_attributes") {
        for (p, s) in t
            .text_column("oasis_profile_code")?
            .into_iter()
            .zip(t.text_column("value_source")?)
        {
            if let (Some(p), Some("inherited")) = (p, s) {
                inheriting.insert(p);
            }
        }
    }
    Ok(crate::compliance::Facts {
        tables: all
            .tables
            .iter()
            .map(|t| (t.name.clone(), t.len()))
            .collect(),
        input_files: ing.ledger.files.len(),
        input_rows: ing.ledger.files.values().map(|a| a.rows_in).sum(),
        rejected_rows: ing.ledger.rejects.len(),
        unbalanced_files: ing.ledger.unbalanced().len(),
        relationships: rels.len(),
        orphan_keys: rels.iter().map(|r| r.orphan_keys.len()).sum(),
        coverage: imputation.coverage.clone(),
        tiers: tiers.clone(),
        described: described.clone(),
        undescribed,
        unmapped_unit_groups: imputation.unmapped_unit_groups.clone(),
        lineage_stages: 3,
        licences,
        profiles_inheriting: inheriting.len(),
        pages,
    })
}

/// Requirements per framework and status.
pub type ComplianceCounts = Vec<(String, BTreeMap<String, usize>)>;

/// Writes the evaluated frameworks as `data/compliance/*.json` and
/// `compliance_requirements.parquet` under `out`.
fn write_compliance(
    frameworks: &[crate::compliance::Framework],
    out: &Path,
) -> Result<ComplianceCounts, BuildError> {
    use crate::table::{col, Kind, TableBuilder, Value};
    let table_path = out.join(crate::compliance::TABLE_PATH);
    let dir = table_path.parent().unwrap_or(out).to_path_buf();
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let mut b = TableBuilder::new(
        "compliance_requirements",
        vec![
            col("framework", Kind::Text),
            col("id", Kind::Text),
            col("title_en", Kind::Text),
            col("title_fr", Kind::Text),
            col("applicable", Kind::Bool),
            col("reason_en", Kind::Text),
            col("status", Kind::Text),
            col("evidence_count", Kind::Int),
            col("evidence_en", Kind::Text).nullable(),
        ],
    );
    let mut counts = Vec::new();
    for (name, reqs) in frameworks {
        let path = out.join(crate::compliance::json_path(name));
        let body = serde_json::to_string_pretty(reqs).unwrap_or_default();
        std::fs::write(&path, body + "\n").map_err(io_err(&path))?;
        for r in reqs {
            let ev = r
                .evidence
                .iter()
                .map(|e| format!("{}: {} ({})", e.label_en, e.figure, e.artefact))
                .collect::<Vec<_>>();
            b.push(vec![
                Value::text(*name),
                Value::text(&r.id),
                Value::text(&r.title_en),
                Value::text(&r.title_fr),
                Value::Bool(r.applicability.applicable),
                Value::text(&r.applicability.reason_en),
                Value::text(r.status.as_str()),
                Value::Int(r.evidence.len() as i64),
                Value::opt_text((!ev.is_empty()).then(|| ev.join(" | "))),
            ])?;
        }
        counts.push((
            name.to_string(),
            crate::compliance::counts(reqs)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        ));
    }
    parquet::write(&b.finish(), &dir)?;
    Ok(counts)
}

/// Source ids and licences per output table, from the files that fed it.
fn origins(ing: &Ingest, manifest: &Manifest) -> BTreeMap<String, TableOrigin> {
    let mut out: BTreeMap<String, TableOrigin> = BTreeMap::new();
    for acct in ing.ledger.files.values() {
        let licence = manifest
            .source(&acct.source_id)
            .map_or_else(|| "unknown".to_string(), |s| s.licence.clone());
        for t in &acct.outputs {
            let o = out.entry(t.clone()).or_default();
            o.sources.insert(acct.source_id.clone());
            o.licences.insert(licence.clone());
        }
    }
    out
}

/// Table-to-table inputs that are not visible in the file ledger.
const TABLE_INPUTS: &[(&str, &str)] = &[
    ("dim_oasis_profile", "element_labels"),
    ("dim_oasis_profile", "element_lead_statement"),
    ("unit_group_attributes", "dim_noc"),
    ("unit_group_attributes", "cops_summary"),
    ("unit_group_attributes", "cops_employment"),
    ("unit_group_attributes", "bridge_noc_onet"),
    ("unit_group_attributes", "onet_interests"),
    ("unit_group_attributes", "onet_work_styles"),
    ("unit_group_attributes", "onet_work_values"),
    ("unit_group_attributes", "onet_job_zones"),
    ("unit_group_attributes", "onet_tasks"),
    ("unit_group_attributes", "onet_alternate_titles"),
    ("profile_attributes", "unit_group_attributes"),
    ("profile_attributes", "dim_oasis_profile"),
    ("profile_attributes", "oasis_interests"),
    ("imputation_coverage", "unit_group_attributes"),
    ("job_architecture_resolution", "job_architecture"),
    ("bridge_noc_og", "job_architecture"),
    ("bridge_noc_og", "dim_noc"),
    ("bridge_noc_og", "dim_og"),
    ("bridge_noc_og", "dim_og_subgroup"),
    ("descriptions", "job_architecture"),
    ("descriptions", "job_architecture_resolution"),
    ("descriptions", "element_lead_statement"),
    ("descriptions", "dim_noc"),
    ("job_architecture_resolution", "dim_noc"),
    ("job_architecture_resolution", "dim_oasis_profile"),
    ("job_architecture_resolution", "element_example_titles"),
    ("imputation_coverage", "profile_attributes"),
];

fn lineage_edges(ing: &Ingest, gold: &Gold) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (file, acct) in &ing.ledger.files {
        for t in &acct.outputs {
            edges.push(Edge {
                table: t.clone(),
                input: file.clone(),
                input_kind: "file",
                transform: lineage::transform_for(t).to_string(),
            });
        }
        for t in ["rejects", "source_files"] {
            edges.push(Edge {
                table: t.into(),
                input: file.clone(),
                input_kind: "file",
                transform: lineage::transform_for(t).to_string(),
            });
        }
    }
    for &(t, input) in TABLE_INPUTS {
        edges.push(Edge {
            table: t.into(),
            input: input.into(),
            input_kind: "table",
            transform: lineage::transform_for(t).to_string(),
        });
    }
    for t in &gold.tables {
        for meta in ["catalog_tables", "catalog_columns", "catalog_relationships"] {
            edges.push(Edge {
                table: meta.into(),
                input: t.name.clone(),
                input_kind: "table",
                transform: lineage::transform_for(meta).to_string(),
            });
        }
    }
    edges
}

fn write_events(
    dir: &Path,
    build_id: &str,
    epoch: i64,
    ing: &Ingest,
    gold: &Gold,
    meta: &Gold,
) -> Result<(), BuildError> {
    let time = lineage::rfc3339(epoch);
    let files: Vec<String> = ing.ledger.files.keys().cloned().collect();
    let gold_names: Vec<String> = gold.tables.iter().map(|t| t.name.clone()).collect();
    let meta_names: Vec<String> = meta.tables.iter().map(|t| t.name.clone()).collect();
    let stages = [
        Stage {
            name: "ingest",
            inputs: files.clone(),
            outputs: gold_names.clone(),
        },
        Stage {
            name: "model",
            inputs: gold_names.clone(),
            outputs: vec!["catalog_relationships".into()],
        },
        Stage {
            name: "emit",
            inputs: gold_names,
            outputs: meta_names,
        },
    ];
    let ldir = dir.join("lineage");
    std::fs::create_dir_all(&ldir).map_err(io_err(&ldir))?;
    for (i, s) in stages.iter().enumerate() {
        let path = ldir.join(format!("{:02}-{}.json", i + 1, s.name));
        let body = serde_json::to_string_pretty(&lineage::stage_events(s, build_id, &time))
            .unwrap_or_default();
        std::fs::write(&path, body + "\n").map_err(io_err(&path))?;
    }
    Ok(())
}

/// Prints the closing summary.
pub fn summary(r: &BuildReport) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let rows: usize = r.tables.iter().map(|t| t.1).sum();
    let _ = writeln!(s, "WiQ build {}", r.build_id);
    let _ = writeln!(s, "{:<40} {:>9} {:>11}", "table", "rows", "bytes");
    for (name, n, bytes) in &r.tables {
        let _ = writeln!(s, "{name:<40} {n:>9} {bytes:>11}");
    }
    let rows_in: u64 = r.files.values().map(|a| a.rows_in).sum();
    let _ = writeln!(
        s,
        "\n{} tables, {rows} rows, {} bytes; largest file {}",
        r.tables.len(),
        r.total_bytes(),
        r.largest()
            .map_or("-".into(), |l| format!("{} ({} bytes)", l.0, l.2))
    );
    let _ = writeln!(
        s,
        "{} input files, {rows_in} input rows, {} rejected (see data/rejects.parquet)",
        r.files.len(),
        r.rejects
    );
    for (f, a) in r.files.iter().filter(|(_, a)| a.rows_rejected > 0) {
        let _ = writeln!(s, "  rejects: {f}: {} of {}", a.rows_rejected, a.rows_in);
    }
    let orphaned: Vec<&Relationship> = r
        .relationships
        .iter()
        .filter(|x| !x.orphan_keys.is_empty())
        .collect();
    let _ = writeln!(
        s,
        "{} relationships checked, {} with orphan keys",
        r.relationships.len(),
        orphaned.len()
    );
    for x in orphaned {
        let _ = writeln!(
            s,
            "  orphans: {}.{} → {}.{}: {} keys ({} rows)",
            x.from_table,
            x.from_column,
            x.to_table,
            x.to_column,
            x.orphan_keys.len(),
            x.orphan_rows
        );
    }
    let tiers: Vec<String> = r.tiers.iter().map(|(t, n)| format!("{t} {n}")).collect();
    let _ = writeln!(s, "job architecture resolution: {}", tiers.join(", "));
    let described: Vec<String> = r
        .described
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let _ = writeln!(s, "descriptions: {}", described.join(", "));
    let cov = &r.imputation.coverage;
    for level in ["L5", "L6"] {
        let total: usize = cov
            .iter()
            .filter(|((l, _), _)| l == level)
            .map(|(_, n)| n)
            .sum();
        if total > 0 {
            let pct = |src: &str| {
                100.0 * *cov.get(&(level.to_string(), src.to_string())).unwrap_or(&0) as f64
                    / total as f64
            };
            let _ = writeln!(
                s,
                "coverage {level}: native {:.1}%, inherited {:.1}%, imputed {:.1}%, missing {:.1}% of {total} attribute values",
                pct("native"),
                pct("inherited"),
                pct("imputed"),
                pct("missing")
            );
        }
    }
    match &r.imputation.web_services {
        None => {
            let _ = writeln!(s, "O*NET Web Services: off");
        }
        Some(w) => {
            let _ = writeln!(
                s,
                "O*NET Web Services: {} requests, {} answered ({} from cache), {} unanswered{}",
                w.requested,
                w.answered,
                w.from_cache,
                w.unanswered,
                if w.failures.is_empty() {
                    String::new()
                } else {
                    format!("; first failure: {}", w.failures[0])
                }
            );
        }
    }
    if !r.imputation.unmapped_unit_groups.is_empty() {
        let _ = writeln!(
            s,
            "no O*NET mapping (O*NET attributes missing): {}",
            r.imputation.unmapped_unit_groups.join(", ")
        );
    }
    for (name, c) in &r.compliance {
        let parts: Vec<String> = c.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(
            s,
            "compliance {name}: {} (data/compliance/{name}.json)",
            parts.join(", ")
        );
    }
    if !r.undescribed.is_empty() {
        let _ = writeln!(
            s,
            "{} tables or columns lack an EN/FR description in content/catalog.toml",
            r.undescribed.len()
        );
    }
    s.push_str(&crate::emit::site::summary(&r.site));
    for n in &r.notices {
        let _ = writeln!(s, "warning: {n}");
    }
    let _ = writeln!(s, "time {:.1} s", r.elapsed.as_secs_f64());
    s
}

/// Reads `SOURCE_DATE_EPOCH`. Unset (or 0), a build is dated by its data
/// (see [`dated`]), never by the clock, so outputs stay reproducible.
pub fn source_date_epoch() -> Result<i64, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH={v:?} is not a whole number of seconds")),
        Err(_) => Ok(0),
    }
}

/// The epoch a build stamps: `SOURCE_DATE_EPOCH` when set to a real date,
/// else the newest retrieval date of the manifest's sources, so that no
/// visitor reads 1970-01-01 as a page's "Date modified".
fn dated(source_date_epoch: i64, manifest: &Manifest) -> i64 {
    if source_date_epoch > 0 {
        source_date_epoch
    } else {
        manifest.data_date_epoch().unwrap_or(source_date_epoch)
    }
}
