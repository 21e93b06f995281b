// The SQL console's worker: the console's own wasm (wiq-query), started in a
// Web Worker, where its main() serves queries instead of mounting the page
// (app/src/query_worker.rs). The page terminates and restarts the worker to
// cancel a query at once, whatever the wasm is doing. Messages that arrive
// while the wasm loads are kept and handed to it once it listens.
import init from './wiq-query.js';

const early = [];
self.onmessage = (e) => early.push(e);
await init({ module_or_path: new URL('./wiq-query_bg.wasm', import.meta.url) });
for (const e of early.splice(0)) self.onmessage(e);
