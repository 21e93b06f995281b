//! The `jobforge` command line.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use jobforge::fetch::{Fetcher, Outcome};
use jobforge::manifest::Manifest;
use jobforge::pipeline::{self, BuildOptions};
use jobforge_core::search::{SearchConfig, SearchIndex};

#[derive(Parser)]
#[command(
    name = "jobforge",
    version,
    about = "Builds WiQ, the open workforce-intelligence site, from Canada's occupational data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read the sources and write the gold parquet tables, catalogue and lineage.
    Build {
        /// Folder laid out like the source manifest: one sub-folder per source.
        #[arg(long, default_value = "data/sources")]
        sources: PathBuf,
        /// Output folder.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// The organisation's job architecture CSV (default: <sources>/jobforge-wiq/job_architecture.csv).
        #[arg(long)]
        job_architecture: Option<PathBuf>,
        /// Skip the sha256 check of pinned source files.
        #[arg(long)]
        no_verify: bool,
        /// Folder for cached LLM answers (rebuilds with it run offline).
        #[arg(long, default_value = ".cache/jobforge/llm")]
        llm_cache: PathBuf,
        /// Folder for cached O*NET Web Services answers (used when ONET_API_KEY is set or the folder exists).
        #[arg(long, default_value = ".cache/jobforge/onet")]
        onet_cache: PathBuf,
        /// Do not use the LLM, not even its cache.
        #[arg(long)]
        no_llm: bool,
        /// Folder with content/catalog.toml and the site prose.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Trunk's output folder (`trunk build --release` writes target/wiq-app):
        /// the browser app is added to the site with the search index it loads.
        #[arg(long)]
        app: Option<PathBuf>,
        #[command(flatten)]
        index_cache: IndexCacheArgs,
    },
    /// Resolve a job title within a known NOC 2021 unit group (5-tier resolution).
    Resolve {
        /// The 5-digit NOC 2021 unit group.
        #[arg(long)]
        unit_group: String,
        /// The job title.
        title: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Find the NOC unit groups of a free-text job title (EN or FR).
    Search {
        /// The job title.
        query: String,
        #[arg(long, default_value_t = 5)]
        top: usize,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        cache: IndexCacheArgs,
    },
    /// Code a CSV of job titles: every row and column kept, NOC columns added.
    Code {
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        title_column: String,
        /// Column with a known unit group: such rows go through 5-tier resolution.
        #[arg(long)]
        unit_group_column: Option<String>,
        #[arg(long)]
        output: PathBuf,
        /// The input's delimiter (`,`, `;`, `tab`); found from the header when absent.
        #[arg(long)]
        delimiter: Option<String>,
        /// Start the output with a UTF-8 byte-order mark, so that Excel on
        /// Windows shows accents.
        #[arg(long)]
        bom: bool,
        /// Worker threads.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        cache: IndexCacheArgs,
    },
    /// Measure search accuracy on a labelled CSV (leaving indexed rows out of the index).
    Eval {
        #[arg(long)]
        input: PathBuf,
        /// Title column; repeat it to evaluate several (e.g. Job_Title and Titre_de_poste).
        #[arg(long, required = true)]
        title_column: Vec<String>,
        #[arg(long)]
        gold_column: String,
        /// Row-id column matched against indexed job-architecture rows.
        #[arg(long, default_value = "JT_ID")]
        id_column: String,
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Language of the title columns (en or fr); detected per column when absent.
        #[arg(long)]
        lang: Option<String>,
        /// Search settings as JSON (default: the built-in ones).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Also write every evaluated row's answer to this CSV (top five, status,
        /// confidence, and a French title's English rendering).
        #[arg(long)]
        rows: Option<PathBuf>,
        /// Also write the index trained on every row (data/search-index.bin's
        /// format) here, to measure its size with these settings.
        #[arg(long)]
        save_index: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Print a compliance model (dadm, dama or rtm) with evidence computed from a build of the sources.
    Compliance {
        /// dadm, dama or rtm.
        framework: String,
        /// table, json or markdown.
        #[arg(long, default_value = "table")]
        format: String,
        #[command(flatten)]
        data: DataArgs,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Run a read-only SQL query over the gold tables (the SQL console's engine).
    Query {
        /// One SELECT (or WITH … SELECT) statement; `-` or nothing reads it
        /// from standard input.
        sql: Option<String>,
        /// Read the SQL from this file (for queries too long for a command line).
        #[arg(long)]
        file: Option<PathBuf>,
        /// Stop the query after this many seconds (0: no limit).
        #[arg(long, default_value_t = jobforge::cli::query::DEFAULT_TIMEOUT_S)]
        timeout: u64,
        /// A built site's parquet folder (`<out>/data`); without it the
        /// sources are built first.
        #[arg(long)]
        data: Option<PathBuf>,
        /// table, csv or json.
        #[arg(long, default_value = "table")]
        format: String,
        #[command(flatten)]
        sources: DataArgs,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Answer a question about the data or the catalogue, in English or French.
    Ask {
        /// E.g. "how many unit groups are in TEER 1?", "combien de groupes de
        /// base dans la grande catégorie 2 ?" or "where does dim_noc come from".
        question: String,
        #[arg(long)]
        json: bool,
        /// A built site's parquet folder (`<out>/data`); without it the
        /// sources are built first.
        #[arg(long = "data")]
        parquet: Option<PathBuf>,
        /// Stop the question's query after this many seconds (0: no limit).
        #[arg(long, default_value_t = jobforge::cli::query::DEFAULT_TIMEOUT_S)]
        timeout: u64,
        /// Send a question WiQ's reader cannot read to the OpenAI-compatible
        /// model of the LLM imputation (JOBFORGE_LLM_ENDPOINT, _MODEL, and
        /// JOBFORGE_LLM_API_KEY or OPENAI_API_KEY) for SQL, checked against
        /// the schema before it runs. Off without a key and a cached answer.
        #[arg(long)]
        llm: bool,
        /// Folder for cached LLM answers, shared with `build`.
        #[arg(long, default_value = ".cache/jobforge/llm")]
        llm_cache: PathBuf,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        cache: IndexCacheArgs,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Print the build as replay events (sources, gold tables, imputation, published).
    Replay {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArgs,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Score `A<TAB>B` lines from stdin with a RapidFuzz scorer (default_process applied).
    Score {
        #[arg(long, default_value = "wratio")]
        scorer: String,
    },
    /// Download the sources into data/sources, or copy them from a mirror.
    Fetch {
        /// Destination folder.
        #[arg(long, default_value = "data/sources")]
        dest: PathBuf,
        /// A local folder with the same layout to copy from instead of downloading.
        #[arg(long)]
        mirror: Option<PathBuf>,
        /// Use this manifest instead of the built-in data/sources.toml.
        #[arg(long)]
        manifest: Option<PathBuf>,
        #[command(subcommand)]
        what: Option<FetchWhat>,
    },
}

#[derive(Subcommand)]
enum FetchWhat {
    /// Scrape the Treasury Board occupational-groups pages (EN and FR) anew.
    Tbs {
        #[arg(long, default_value = jobforge::tbs_scrape::URL_EN)]
        url_en: String,
        #[arg(long, default_value = jobforge::tbs_scrape::URL_FR)]
        url_fr: String,
    },
}

/// O*NET Web Services is on when a key is set, or when answers are cached
/// (a rebuild from the cache needs no key and no network).
fn onet_settings(cache_dir: PathBuf) -> Option<pipeline::OnetSettings> {
    let config = jobforge::clients::onet_ws::OnetConfig::from_env();
    (config.api_key.is_some() || cache_dir.is_dir())
        .then_some(pipeline::OnetSettings { config, cache_dir })
}

/// Where `search` and `code` keep trained indexes.
#[derive(clap::Args)]
struct IndexCacheArgs {
    /// Folder for trained search indexes, one per input and program version.
    #[arg(long, default_value = ".cache/jobforge/search")]
    index_cache: PathBuf,
    /// Train the index without reading or writing the cache.
    #[arg(long)]
    no_index_cache: bool,
}

impl IndexCacheArgs {
    /// The cache for `build`: none with `--no-index-cache`, or when this
    /// program cannot be read to salt the keys (said, then trained).
    fn settings(&self) -> Option<pipeline::IndexCache> {
        if self.no_index_cache {
            return None;
        }
        match jobforge::search_cache::program_salt() {
            Ok(salt) => Some(pipeline::IndexCache {
                dir: self.index_cache.clone(),
                salt,
            }),
            Err(e) => {
                eprintln!("warning: search index not cached (cannot read this program: {e})");
                None
            }
        }
    }

    /// The search index of these sources: from the cache, or trained (and
    /// then cached; a cache that cannot be written is reported, not fatal).
    fn index(&self, gold: &jobforge::model::Gold) -> Result<SearchIndex> {
        let cache = self.settings();
        Ok(jobforge::search_cache::index_or_warn(
            gold,
            &SearchConfig::default(),
            cache.as_ref(),
        )?)
    }
}

/// Where the commands that read data find it: the same as `build`.
#[derive(clap::Args, Debug, Clone)]
struct DataArgs {
    /// Folder laid out like the source manifest: one sub-folder per source.
    #[arg(long, default_value = "data/sources")]
    sources: PathBuf,
    /// The organisation's job architecture CSV (default: <sources>/jobforge-wiq/job_architecture.csv).
    #[arg(long)]
    job_architecture: Option<PathBuf>,
    /// Skip the sha256 check of pinned source files.
    #[arg(long)]
    no_verify: bool,
}

impl DataArgs {
    /// Builds the sources into a temporary folder, reads what `read` needs
    /// from it, and removes the folder (for commands that answer from a
    /// build's outputs without keeping them).
    fn with_build<T>(
        &self,
        content: PathBuf,
        read: impl FnOnce(&std::path::Path) -> Result<T>,
    ) -> Result<T> {
        let out = std::env::temp_dir().join(format!("jobforge-build-{}", std::process::id()));
        let opts = BuildOptions {
            sources: self.sources.clone(),
            out: out.clone(),
            job_architecture: self.job_architecture.clone(),
            verify: !self.no_verify,
            content,
            source_date_epoch: pipeline::source_date_epoch().map_err(anyhow::Error::msg)?,
            progress: false,
            llm: None,
            onet: None,
            app: None,
            index_cache: None,
        };
        let result = pipeline::run(&opts)
            .context("building the sources")
            .and_then(|_| read(&out));
        let _ = std::fs::remove_dir_all(&out);
        result
    }

    /// The catalogue and lineage of a build of the sources, computed
    /// without writing it.
    fn catalog(&self, content: &std::path::Path) -> Result<jobforge_core::ask::Catalog> {
        let gold = pipeline::load_with_metadata(
            &self.sources,
            self.job_architecture.as_deref(),
            !self.no_verify,
            content,
        )
        .context("reading the sources")?;
        Ok(jobforge::model::ask_catalog::catalog(&gold)?)
    }

    /// The gold tables; what `build` would warn about (an older mirror
    /// without the official example titles) goes to standard error, as the
    /// search these commands train is weaker for it.
    fn load(&self) -> Result<jobforge::model::Gold> {
        let gold = pipeline::load(
            &self.sources,
            self.job_architecture.as_deref(),
            !self.no_verify,
        )
        .context("reading the sources")?;
        for n in &gold.notices {
            eprintln!("warning: {n}");
        }
        Ok(gold)
    }
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            sources,
            out,
            job_architecture,
            no_verify,
            content,
            llm_cache,
            no_llm,
            onet_cache,
            app,
            index_cache,
        } => {
            let epoch = pipeline::source_date_epoch().map_err(anyhow::Error::msg)?;
            let opts = BuildOptions {
                sources,
                out,
                job_architecture,
                verify: !no_verify,
                content,
                source_date_epoch: epoch,
                progress: true,
                llm: (!no_llm).then(|| pipeline::LlmSettings {
                    config: jobforge::clients::llm::LlmConfig::from_env(),
                    cache_dir: llm_cache,
                }),
                onet: onet_settings(onet_cache),
                app,
                index_cache: index_cache.settings(),
            };
            let report = pipeline::run(&opts).context("build failed")?;
            print!("{}", pipeline::summary(&report));
        }
        Command::Resolve {
            unit_group,
            title,
            json,
            data,
        } => {
            let gold = data.load()?;
            let resolver = jobforge::model::resolution::resolver_data(&gold)?;
            let r = resolver.resolve(&title, &unit_group)?;
            print_answer(json, &r, jobforge::cli::resolve::text)?;
        }
        Command::Search {
            query,
            top,
            json,
            data,
            cache,
        } => {
            let gold = data.load()?;
            let index = cache.index(&gold)?;
            let r = index.search(&query, top);
            print_answer(json, &r, jobforge::cli::search::text)?;
        }
        Command::Code {
            input,
            title_column,
            unit_group_column,
            output,
            delimiter,
            bom,
            threads,
            data,
            cache,
        } => {
            let delimiter = delimiter
                .as_deref()
                .map(jobforge::cli::code::parse_delimiter)
                .transpose()?;
            let gold = data.load()?;
            let index = cache.index(&gold)?;
            let resolver = match unit_group_column {
                Some(_) => Some(jobforge::model::resolution::resolver_data(&gold)?),
                None => None,
            };
            let args = jobforge::cli::code::CodeArgs {
                input: &input,
                output: &output,
                title_column: &title_column,
                unit_group_column: unit_group_column.as_deref(),
                threads,
                bom,
            };
            let s =
                jobforge::cli::code::run_delimited(&index, resolver.as_ref(), &args, delimiter)?;
            jobforge::cli::print(&jobforge::cli::code::summary_text(&s, &output))?;
        }
        Command::Eval {
            input,
            title_column,
            gold_column,
            id_column,
            folds,
            lang,
            config,
            rows,
            save_index,
            data,
        } => {
            let config: jobforge_core::search::SearchConfig = match config {
                Some(p) => serde_json::from_str(
                    &std::fs::read_to_string(&p).with_context(|| p.display().to_string())?,
                )?,
                None => Default::default(),
            };
            let gold = data.load()?;
            let d = jobforge::search_data::gather(&gold)?;
            let lang = match lang.as_deref() {
                None => None,
                Some("en") => Some(jobforge_core::search::Lang::En),
                Some("fr") => Some(jobforge_core::search::Lang::Fr),
                Some(other) => anyhow::bail!("--lang {other:?}: use en or fr"),
            };
            let args = jobforge::cli::eval::EvalArgs {
                input: &input,
                title_columns: &title_column,
                gold_column: &gold_column,
                id_column: Some(&id_column),
                folds,
                lang,
                save_index: save_index.as_deref(),
            };
            let r = jobforge::cli::eval::run(&d, &config, &args)?;
            if let Some(p) = rows {
                std::fs::write(&p, jobforge::cli::eval::rows_csv(&r)?)
                    .with_context(|| p.display().to_string())?;
            }
            jobforge::cli::print(&jobforge::cli::eval::markdown(&r))?;
        }
        Command::Compliance {
            framework,
            format,
            data,
            content,
        } => {
            let text = data.with_build(content, |out| {
                let path = out.join(format!("data/compliance/{framework}.json"));
                std::fs::read_to_string(&path)
                    .with_context(|| format!("no framework {framework:?}: use dadm, dama or rtm"))
            });
            let reqs: Vec<jobforge::compliance::Requirement> = serde_json::from_str(&text?)?;
            let text = match format.as_str() {
                "json" => serde_json::to_string_pretty(&reqs)? + "\n",
                "markdown" => jobforge::compliance::markdown(&reqs),
                _ => reqs
                    .iter()
                    .map(|r| format!("{:<28} {:<15} {}\n", r.id, r.status.as_str(), r.title_en))
                    .collect(),
            };
            jobforge::cli::print(&text)?;
        }
        Command::Query {
            sql,
            file,
            timeout,
            data,
            format,
            sources,
            content,
        } => {
            use jobforge::cli::query;
            let format = query::Format::parse(&format)?;
            let sql = query::read_sql(sql.as_deref(), file.as_deref())?;
            let db = match data {
                Some(dir) => query::load_parquet_dir(&dir)?,
                None => {
                    sources.with_build(content, |out| query::load_parquet_dir(&out.join("data")))?
                }
            };
            let r = query::run(&db, &sql, query::timeout(timeout))?;
            jobforge::cli::print(&query::render(&r, format)?)?;
        }
        Command::Ask {
            question,
            json,
            parquet,
            timeout,
            llm,
            llm_cache,
            data,
            cache,
            content,
        } => {
            use jobforge::cli::{ask_data, query};
            let catalog = data.catalog(&content)?;
            let db = match &parquet {
                Some(dir) => query::load_parquet_dir(dir)?,
                None => data.with_build(content.clone(), |out| {
                    query::load_parquet_dir(&out.join("data"))
                })?,
            };
            // The search index is loaded only when a question names an
            // occupation: a site built with the app has its trained index;
            // otherwise the index of the sources, from the cache or trained.
            let shipped = parquet.as_ref().map(|d| d.join("search-index.bin"));
            let index = ask_data::LazyIndex::new(move || match shipped.filter(|p| p.is_file()) {
                Some(p) => {
                    let bytes =
                        std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?;
                    SearchIndex::from_bytes(&bytes)
                        .with_context(|| format!("decoding {}", p.display()))
                }
                None => cache.index(&data.load()?),
            });
            let vocab = ask_data::vocab(&db);
            let asked = ask_data::ask(
                &db,
                &vocab,
                &catalog,
                &index,
                &question,
                query::timeout(timeout),
            )?;
            let asked = if llm {
                let client = jobforge::clients::llm::LlmClient::new(
                    jobforge::clients::llm::LlmConfig::from_env(),
                    jobforge::clients::cache::DiskCache::new(&llm_cache),
                );
                asked.or_model(&client, &db, &question, query::timeout(timeout))
            } else {
                asked
            };
            let out = if json {
                serde_json::to_string_pretty(&asked.json())? + "\n"
            } else {
                asked.text()?
            };
            jobforge::cli::print(&out)?;
        }
        Command::Replay {
            json,
            data,
            content,
        } => {
            let events = jobforge_core::replay::events(&data.catalog(&content)?);
            print_answer(json, events.as_slice(), jobforge::cli::ask::replay_text)?;
        }
        Command::Score { scorer } => {
            let stdin = std::io::stdin();
            let stdout = std::io::stdout();
            jobforge::cli::score::run(
                &scorer,
                stdin.lock(),
                std::io::BufWriter::new(stdout.lock()),
            )?;
        }
        Command::Fetch {
            dest,
            what: Some(FetchWhat::Tbs { url_en, url_fr }),
            ..
        } => {
            use jobforge::tbs_scrape::{scrape_into, Lang};
            // Retrieval time is a fact about the source, recorded with it;
            // build outputs never see it.
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            let dir = dest.join(jobforge::ingest::tbs::SOURCE);
            let record = scrape_into(
                &dir,
                [(url_en.as_str(), Lang::En), (url_fr.as_str(), Lang::Fr)],
                &jobforge::clients::http::RetryPolicy::default(),
                &jobforge::model::lineage::rfc3339(now),
            )?;
            for r in record {
                println!(
                    "{:>12}  {}/{} from {} at {}",
                    "scraped",
                    jobforge::ingest::tbs::SOURCE,
                    r.file,
                    r.url,
                    r.retrieved_at
                );
            }
        }
        Command::Fetch {
            dest,
            mirror,
            manifest,
            what: None,
        } => {
            let manifest = match manifest {
                Some(p) => Manifest::load(&p)?,
                None => Manifest::builtin()?,
            };
            let fetcher = Fetcher {
                dest,
                mirror,
                attempts: 4,
                backoff: Duration::from_millis(500),
            };
            let mut skipped = 0;
            fetcher.run(&manifest, |id, outcome| {
                let what = match outcome {
                    Outcome::AlreadyPresent => "present".to_string(),
                    Outcome::Copied => "copied".to_string(),
                    Outcome::Downloaded => "downloaded".to_string(),
                    Outcome::Skipped(why) => {
                        skipped += 1;
                        format!("skipped ({why})")
                    }
                };
                println!("{what:>12}  {id}");
            })?;
            if skipped > 0 {
                eprintln!("{skipped} file(s) skipped: give them by path when you build");
            }
        }
    }
    Ok(())
}

/// Prints a command's answer as pretty JSON (`--json`) or as text.
fn print_answer<T: serde::Serialize + ?Sized>(
    json: bool,
    value: &T,
    text: impl FnOnce(&T) -> String,
) -> anyhow::Result<()> {
    let out = if json {
        serde_json::to_string_pretty(value)? + "\n"
    } else {
        text(value)
    };
    jobforge::cli::print(&out)
}
