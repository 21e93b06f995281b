// A tiny static server for the built site under a sub-path, as GitHub Pages
// serves a project site: /wiq/… maps to the dist folder, a folder serves its
// index.html, anything else is a 404 with 404.html. Loopback only.
//   node server.mjs DIST [PORT]   (then open http://127.0.0.1:PORT/wiq/)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.csv': 'text/csv; charset=utf-8',
  '.parquet': 'application/vnd.apache.parquet',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

export const BASE = '/wiq/';

async function file(root, rel) {
  const p = normalize(join(root, rel));
  if (!p.startsWith(root)) return null;
  try {
    const s = await stat(p);
    if (s.isDirectory()) return file(root, join(rel, 'index.html'));
    return p;
  } catch {
    return null;
  }
}

export function serve(dist, port = 0) {
  const root = resolve(dist);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const hit = path.startsWith(BASE) ? await file(root, path.slice(BASE.length)) : null;
    const target = hit ?? join(root, '404.html');
    const body = await readFile(target).catch(() => Buffer.from('not found'));
    res.writeHead(hit ? 200 : 404, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
    res.end(body);
  });
  return new Promise((ok) =>
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      ok({ origin: `http://127.0.0.1:${p}`, url: `http://127.0.0.1:${p}${BASE}`, close: () => server.close() });
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dist, port] = process.argv.slice(2);
  if (!dist) {
    console.error('usage: node server.mjs DIST [PORT]');
    process.exit(2);
  }
  const s = await serve(dist, Number(port ?? 8000));
  console.log(`serving ${dist} on ${s.url}`);
}
