//! HTTP clients for optional online sources (an LLM API, O*NET Web Services)
//! and what they share: retries with backoff, a record of every failure, and
//! a disk cache keyed by request so that rebuilds run offline and give the
//! same bytes. With no key configured, no client makes a request.

pub mod cache;
pub mod http;
pub mod llm;
pub mod onet_ws;
