//! Subcommands that answer questions from the data (as opposed to `build`
//! and `fetch`, which produce it). Each one is a function the binary calls.

pub mod ask;
pub mod ask_data;
pub mod ask_llm;
pub mod code;
pub mod eval;
pub mod query;
pub mod resolve;
pub mod score;
pub mod search;

use std::io::{ErrorKind, Write};

/// Writes a command's answer to standard output. A reader that stops
/// early (`jobforge query … | head -1`) closes the pipe: that ends the
/// program quietly with status 0, as `cat` does, instead of a panic.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(anyhow::Error::new(e).context("writing to standard output")),
    }
}
