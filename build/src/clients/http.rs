//! One retrying HTTP call: exponential backoff on transport errors, 429 and
//! 5xx; other statuses are answers, not failures. Every failed attempt is
//! recorded so callers can say what went wrong.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub attempts: u32,
    /// Wait before the second attempt; doubled for each later one.
    pub backoff: Duration,
    /// Longest wait for one whole request.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(60),
        }
    }
}

/// A method, URL, headers and optional body.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
    /// Failed attempts before this answer.
    pub failures: Vec<String>,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{url}: {} failed attempts: {}", failures.len(), failures.join("; "))]
pub struct HttpError {
    pub url: String,
    pub failures: Vec<String>,
}

/// Largest body read, so a broken server cannot exhaust memory.
const MAX_BODY: u64 = 64 * 1024 * 1024;

fn retryable(status: u16) -> bool {
    status == 429 || status >= 500
}

pub fn send(req: &Request, policy: &RetryPolicy) -> Result<Response, HttpError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(policy.timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut failures = Vec::new();
    let attempts = policy.attempts.max(1);
    for attempt in 0..attempts {
        if attempt > 0 {
            std::thread::sleep(policy.backoff * 2u32.pow(attempt - 1));
        }
        let n = attempt + 1;
        let result = match (req.method, &req.body) {
            ("POST", Some(body)) => {
                let mut r = agent.post(&req.url);
                for (k, v) in &req.headers {
                    r = r.header(k, v);
                }
                r.send(&body[..])
            }
            _ => {
                let mut r = agent.get(&req.url);
                for (k, v) in &req.headers {
                    r = r.header(k, v);
                }
                r.call()
            }
        };
        match result {
            Err(e) => failures.push(format!("attempt {n}: {e}")),
            Ok(mut resp) => {
                let status = resp.status().as_u16();
                match resp.body_mut().with_config().limit(MAX_BODY).read_to_vec() {
                    Err(e) => {
                        failures.push(format!("attempt {n}: HTTP {status}, reading body: {e}"))
                    }
                    Ok(_) if retryable(status) => {
                        failures.push(format!("attempt {n}: HTTP {status}"))
                    }
                    Ok(body) => {
                        return Ok(Response {
                            status,
                            body,
                            failures,
                        })
                    }
                }
            }
        }
    }
    Err(HttpError {
        url: req.url.clone(),
        failures,
    })
}
