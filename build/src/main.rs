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
        /// Folder with content/catalog.toml and the site prose.
        #[arg(long, default_value = "content")]
        content: PathBuf,
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

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            sources,
            out,
            job_architecture,
            no_verify,
            content,
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
            };
            let report = pipeline::run(&opts).context("build failed")?;
            print!("{}", pipeline::summary(&report));
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
