//! The SQL console's wasm: a separate binary, so the search page never
//! loads the SQL engine. The console's page mounts it, and its Web Worker
//! (`query-worker.js`) runs the same wasm to serve the queries.
fn main() {
    wiq_app::ui::start_query();
}
