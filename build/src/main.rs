//! The `jobforge` command line.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use jobforge::fetch::{Fetcher, Outcome};
use jobforge::manifest::Manifest;
use jobforge::pipeline::{self, BuildOptions};

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
        /// Do not use the LLM, not even its cache.
        #[arg(long)]
        no_llm: bool,
        /// Folder with content/catalog.toml and the site prose.
        #[arg(long, default_value = "content")]
        content: PathBuf,
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
    },
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
    fn load(&self) -> Result<jobforge::model::Gold> {
        pipeline::load(
            &self.sources,
            self.job_architecture.as_deref(),
            !self.no_verify,
        )
        .context("reading the sources")
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
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print!("{}", jobforge::cli::resolve::text(&r));
            }
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
            mirror,
            manifest,
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
