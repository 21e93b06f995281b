//! The page's side of the console's Web Worker (`crate::query_worker`):
//! starting it, posting requests, and hearing its replies and its failures.
//! Dropping a [`SqlWorker`] terminates its worker at once, whatever the
//! wasm inside is doing: that is how a query is cancelled.

use std::collections::HashSet;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use jobforge_core::ask::data::Resolution;

use crate::query_worker::{decode, encode, Reply, Request};
use crate::web;

/// What the worker sends back: a reply, or the worker's own failure (a
/// wasm trap, a script that did not load) with the browser's words.
pub type Heard = Result<Reply, String>;

pub struct SqlWorker {
    worker: web_sys::Worker,
    /// The tables this worker was sent (a new worker has none).
    sent: HashSet<String>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// `query/query-worker.js`, beside the console's wasm: resolved from the
/// page's boot script (`…/app/boot.js?bin=wiq-query`), so any sub-path works.
fn worker_url() -> Result<String, String> {
    let doc = web::document();
    let boot = doc
        .query_selector("script[src*='boot.js']")
        .ok()
        .flatten()
        .and_then(|s| s.get_attribute("src"))
        .ok_or("the page has no boot script")?;
    let page = doc.url().map_err(|_| "no page address")?;
    let boot = web_sys::Url::new_with_base(&boot, &page).map_err(|_| "bad boot script address")?;
    let url = web_sys::Url::new_with_base("query/query-worker.js", &boot.href())
        .map_err(|_| "bad worker address")?;
    Ok(url.href())
}

fn message_of(ev: &web_sys::Event) -> String {
    ev.dyn_ref::<web_sys::ErrorEvent>()
        .map(|e| e.message())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| ev.type_())
}

impl SqlWorker {
    /// Starts a worker and sends it the page's strings and language (`fr`),
    /// so its errors are in the page's words. `heard` is called for every
    /// reply and for the worker's failure; it must not drop this worker
    /// synchronously (it runs inside the worker's event handler).
    pub fn start(fr: bool, heard: impl Fn(Heard) + 'static) -> Result<SqlWorker, String> {
        let strings = web::document()
            .get_element_by_id("wiq-strings")
            .and_then(|s| s.text_content())
            .unwrap_or_default();
        let opts = web_sys::WorkerOptions::new();
        opts.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&worker_url()?, &opts)
            .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
        let heard = std::rc::Rc::new(heard);
        let on_message = {
            let heard = heard.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let bytes = js_sys::Uint8Array::new(&ev.data()).to_vec();
                heard(decode::<Reply>(&bytes));
            })
        };
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            // Handled here: shown on the page, not as an uncaught error.
            ev.prevent_default();
            heard(Err(message_of(&ev)));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        let w = SqlWorker {
            worker,
            sent: HashSet::new(),
            _on_message: on_message,
            _on_error: on_error,
        };
        w.post(&Request::Start { strings, fr });
        Ok(w)
    }

    fn post(&self, request: &Request) {
        let bytes = js_sys::Uint8Array::from(encode(request).as_slice());
        let transfer = js_sys::Array::of1(&bytes.buffer());
        if let Err(e) = self.worker.post_message_with_transfer(&bytes, &transfer) {
            web_sys::console::error_1(&e);
        }
    }

    /// Whether this worker already holds `table`.
    pub fn has(&self, table: &str) -> bool {
        self.sent.contains(table)
    }

    /// Posts a query with the tables it lacks, remembering them as sent.
    pub fn run(&mut self, tables: Vec<(String, Vec<u8>)>, sql: String, limit_s: u32) {
        self.sent.extend(tables.iter().map(|(n, _)| n.clone()));
        self.post(&Request::Run {
            tables,
            sql,
            limit_s,
        });
    }

    /// Posts a question with the tables it lacks and the names resolved so
    /// far, remembering the tables as sent.
    pub fn ask(
        &mut self,
        tables: Vec<(String, Vec<u8>)>,
        question: String,
        names: Vec<(String, Resolution)>,
    ) {
        self.sent.extend(tables.iter().map(|(n, _)| n.clone()));
        self.post(&Request::Ask {
            tables,
            question,
            names,
        });
    }
}

impl Drop for SqlWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
