// Performance figures of the app in Chromium, from performance.now(): time
// to the first usable search, keystroke-to-results latency over the full
// EN+FR index, the question box's answer time, batch-coding throughput, and
// the sizes of the wasm and of the search data. It reports; it does not assert timings (benchmarks are not
// pass/fail). Figures go to stdout and to $WIQ_PERF_OUT (JSON) if set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const DIST = process.env.WIQ_DIST;
const PAGE = 'en/search/index.html';
const figures = {};

let server;

before(async () => {
  server = await serve(DIST);
});

after(() => {
  server?.close();
  console.log(JSON.stringify(figures, null, 2));
  if (process.env.WIQ_PERF_OUT) writeFileSync(process.env.WIQ_PERF_OUT, JSON.stringify(figures, null, 2) + '\n');
});

function sizes(path) {
  const b = readFileSync(join(DIST, path));
  const brotli = brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  return { raw: b.length, gzip: gzipSync(b, { level: 9 }).length, brotli: brotli.length };
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

test('sizes: wasm and search data (raw, gzip, brotli)', () => {
  figures.wasm = sizes('app/wiq-app_bg.wasm');
  figures.js = sizes('app/wiq-app.js');
  figures.search_index = sizes('data/search-index.bin');
  figures.resolver_parquet = ['dim_noc', 'dim_oasis_profile', 'element_example_titles']
    .map((t) => sizes(`data/${t}.parquet`))
    .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
  assert.ok(figures.wasm.raw > 0 && figures.search_index.raw > 0);
});

test('time to first usable search (fetch + decode + index), 5 fresh loads', async () => {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const b = await launch(); // a fresh profile: nothing cached
    const page = await b.ctx.newPage();
    await page.goto(server.url + PAGE);
    await page.waitForFunction(() => window.wiqPerf && window.wiqPerf.ready > 0, null, { timeout: 60000 });
    runs.push(await page.evaluate(() => ({ ...window.wiqPerf })));
    await b.close();
  }
  figures.first_usable_ms = {
    median: quantile(runs.map((r) => r.ready), 0.5),
    runs: runs.map((r) => Math.round(r.ready)),
    fetch_ms_median: quantile(runs.map((r) => r.fetchMs), 0.5),
    decode_ms_median: quantile(runs.map((r) => r.decodeMs), 0.5),
  };
  assert.ok(runs.every((r) => r.indexBytes > 0));
});

test('keystroke-to-results latency over the full EN+FR index', async () => {
  const b = await launch();
  const page = await b.ctx.newPage();
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => window.wiqPerf && window.wiqPerf.ready > 0, null, { timeout: 60000 });
  const queries = [
    'software developer', 'registered nurse', 'heavy equipment operator', 'policy analyst',
    'administrative assistant', 'infirmière auxiliaire', 'soudeuse', 'agent de programmes',
    'commis comptable', 'electrical engineer', 'financial officer', 'conseiller en ressources humaines',
  ];
  const latencies = await page.evaluate(async (queries) => {
    const input = document.getElementById('wiq-q');
    const results = document.getElementById('wiq-results');
    const out = [];
    for (const q of queries) {
      for (let n = 1; n <= q.length; n++) {
        const prefix = q.slice(0, n);
        if (!prefix.trim()) continue;
        const t0 = performance.now();
        input.value = prefix;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        if (results.dataset.query !== prefix) {
          await new Promise((ok) => {
            const mo = new MutationObserver(() => {
              if (results.dataset.query === prefix) {
                mo.disconnect();
                ok();
              }
            });
            mo.observe(results, { attributes: true });
          });
        }
        out.push(performance.now() - t0);
      }
    }
    return out;
  }, queries);
  figures.keystroke_ms = {
    keystrokes: latencies.length,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    max: Math.max(...latencies),
  };
  assert.ok(latencies.length > 100);
  await b.close();
});

test('question box: data questions on the COPS and NOC tables, answer time', async () => {
  const b = await launch();
  const page = await b.ctx.newPage();
  await page.goto(server.url + PAGE + '?view=ask');
  await page.waitForSelector('#wiq-ask-q');
  const askOnce = async (q) => {
    await page.fill('#wiq-ask-q', q);
    await page.click('form.app-form button[type=submit]');
    await page.waitForFunction((x) => document.querySelector('#wiq-answer .answer')?.dataset.question === x, q, {
      timeout: 60000,
    });
    return page.evaluate(() => ({
      ms: window.wiqPerf.askMs,
      intent: document.querySelector('#wiq-answer .answer').dataset.intent,
    }));
  };
  // The first question also starts the worker and fetches the tables.
  const first = await askOnce('how many unit groups are in TEER 1?');
  const questions = [
    'which occupations have the most job openings?',
    'combien de groupes de base dans la grande catégorie 2 ?',
    'which unit groups have more job openings than job seekers?',
    'total job openings by TEER',
    'quelles professions ont le plus de départs à la retraite ?',
    'how many unit groups in TEER 3 have a shortage outlook?',
  ];
  const times = [];
  for (let round = 0; round < 3; round++) {
    for (const q of questions) {
      const r = await askOnce(q);
      assert.equal(r.intent, 'data', q);
      times.push(r.ms);
    }
  }
  figures.ask_ms = {
    first_with_tables: Math.round(first.ms),
    questions: times.length,
    p50: Math.round(quantile(times, 0.5)),
    p95: Math.round(quantile(times, 0.95)),
    max: Math.round(Math.max(...times)),
  };
  await b.close();
});

test('batch coding throughput: 10,000 titles from the open sources', async () => {
  // Example titles of OaSIS (open data), lower-cased, first 10,000.
  const csv = readFileSync(join(DIST, 'data/element_example_titles.csv'), 'utf8').split(/\r?\n/);
  const col = csv[0].split(',').indexOf('job_title');
  assert.ok(col >= 0, 'element_example_titles.csv has job_title');
  const titles = [];
  for (const line of csv.slice(1)) {
    const cell = line.split(',')[col];
    if (cell && !cell.startsWith('"')) titles.push(cell.toLowerCase());
    if (titles.length === 10000) break;
  }
  assert.equal(titles.length, 10000);
  const b = await launch();
  const page = await b.ctx.newPage();
  await page.goto(server.url + PAGE + '?view=batch');
  await page.waitForFunction(() => window.wiqPerf && window.wiqPerf.ready > 0, null, { timeout: 60000 });
  // A CSV file, as staff would bring 10,000 titles (quoted: some have commas).
  const body = 'title\n' + titles.map((t) => `"${t.replaceAll('"', '""')}"`).join('\n') + '\n';
  await page.setInputFiles('#wiq-b-file', { name: 'titles.csv', mimeType: 'text/csv', buffer: Buffer.from(body) });
  await page.click('#wiq-b-run');
  await page.waitForSelector('#wiq-b-download', { timeout: 120000 });
  const perf = await page.evaluate(() => ({ ...window.wiqPerf }));
  assert.equal(perf.batchRows, 10000);
  figures.batch = {
    rows: perf.batchRows,
    ms: Math.round(perf.batchMs),
    titles_per_s: Math.round((perf.batchRows / perf.batchMs) * 1000),
  };
  await b.close();
});
