//! Subcommands that answer questions from the data (as opposed to `build`
//! and `fetch`, which produce it). Each one is a function the binary calls.

pub mod ask;
pub mod code;
pub mod eval;
pub mod query;
pub mod resolve;
pub mod score;
pub mod search;
