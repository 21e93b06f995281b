// Browser tests of the SQL console (its own wasm, on /en/query/ and
// /fr/requete/): every ready-made question's result is compared with the
// same SQL run by DuckDB over the same parquet files; bad SQL gives an error
// with its position; writes are refused; axe-core finds no violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { axeViolations, openPage, useSite } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DUCKDB = join(here, '../../build/tests/data/query/duckdb_query.py');
const EN = 'en/query/index.html';
const FR = 'fr/requete/index.html';

const site = useSite('app/query/wiq-query_bg.wasm');

function open(path, ctx = site.browser.ctx) {
  return openPage(ctx, site.server.url + path, '#wiq-query form.query-form');
}

/// Runs `action` and waits for the console's next completed run.
async function nextRun(page, action) {
  const before = Number(await page.getAttribute('#wiq-sql-output', 'data-run'));
  await action();
  await page.waitForFunction(
    (n) => Number(document.querySelector('#wiq-sql-output').dataset.run) > n,
    before,
    { timeout: 60000 },
  );
}

async function shown(page) {
  return page.$$eval('#wiq-sql-results tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
}

function duckdb(sqls) {
  const out = execFileSync('python3', [DUCKDB, join(site.dist, 'data')], { input: JSON.stringify(sqls), encoding: 'utf8', maxBuffer: 256 << 20 });
  return JSON.parse(out);
}

function same(cell, expected) {
  if (expected === null) return cell === '';
  if (typeof expected === 'number') return Math.abs(Number(cell) - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
  return cell === String(expected);
}

test('every ready-made question gives DuckDB’s answer on the same parquet', async () => {
  const page = await open(EN);
  const ids = await page.$$eval('[data-canned]', (b) => b.map((x) => x.dataset.canned));
  assert.ok(ids.length >= 3, `${ids.length} ready-made questions`);
  const runs = [];
  for (const id of ids) {
    await nextRun(page, () => page.click(`[data-canned="${id}"]`));
    const rows = Number(await page.getAttribute('#wiq-sql-summary', 'data-rows'));
    runs.push({ id, sql: await page.inputValue('#wiq-sql'), rows, cells: await shown(page) });
  }
  const expected = duckdb(runs.map((r) => r.sql));
  runs.forEach((r, i) => {
    const e = expected[i];
    assert.ok(!e.error, `${r.id}: DuckDB: ${e.error}`);
    assert.ok(r.rows > 0, `${r.id}: no rows`);
    assert.equal(r.rows, e.rows.length, `${r.id}: row count`);
    r.cells.forEach((row, j) =>
      row.forEach((c, k) => assert.ok(same(c, e.rows[j][k]), `${r.id} row ${j} col ${e.columns[k]}: ${c} vs ${e.rows[j][k]}`)),
    );
  });
  // The address carries the query, so it can be shared.
  assert.equal(new URL(page.url()).searchParams.get('sql'), runs.at(-1).sql);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('bad SQL gives an error with its position; writes are refused', async () => {
  const page = await open(FR);
  await page.fill('#wiq-sql', 'SELECT noc_code,\n  nope FROM dim_noc');
  await nextRun(page, () => page.click('#wiq-sql-run'));
  const err = await page.textContent('#wiq-sql-error');
  assert.match(err, /ligne 2, colonne 3/);
  // The French console says it in French, the name in guillemets.
  assert.match(err, /Colonne inconnue\u00a0: «\u00a0nope\u00a0»/);
  await page.fill('#wiq-sql', 'DROP TABLE dim_noc');
  await nextRun(page, () => page.click('#wiq-sql-run'));
  assert.match(await page.textContent('#wiq-sql-error'), /lecture seule/);
  // A parser message stays as the technical detail, marked as English.
  await page.fill('#wiq-sql', 'SELECT FROM WHERE');
  await nextRun(page, () => page.click('#wiq-sql-run'));
  assert.match(await page.textContent('#wiq-sql-error'), /Erreur de syntaxe\./);
  assert.match(await page.textContent('#wiq-sql-error'), /Détail technique \(en anglais seulement\)/);
  assert.ok(await page.$('#wiq-sql-error span[lang=en]'), 'the English detail is marked');
  // A query over a table works after errors, and its CSV downloads.
  await page.fill('#wiq-sql', 'SELECT noc_code, title_en FROM dim_noc WHERE level = 1 ORDER BY noc_code');
  await nextRun(page, () => page.click('#wiq-sql-run'));
  assert.equal(await page.getAttribute('#wiq-sql-summary', 'data-rows'), '10');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#wiq-sql-download')]);
  const raw = readFileSync(await download.path(), 'utf8');
  assert.equal(raw[0], '\uFEFF', 'the CSV starts with a UTF-8 BOM, for Excel');
  const csv = raw.slice(1).trim().split(/\r?\n/);
  assert.equal(csv[0], 'noc_code,title_en');
  assert.equal(csv.length, 11);
  await page.close();
});

test('axe-core finds no WCAG 2.1 AA violation: SQL console, EN and FR', async () => {
  for (const path of [EN, FR]) {
    const page = await open(path, site.lax.ctx);
    await nextRun(page, () => page.click('#wiq-sql-run'));
    const { violations, passes } = await axeViolations(page);
    assert.deepEqual(violations, [], `${path}: ${violations.join('\n')}`);
    assert.ok(passes > 5);
    await page.close();
  }
});

// A non-equality self join of the 57,708 example titles: 3.3 billion pairs,
// none kept, so it runs for minutes unless stopped.
const SLOW = 'SELECT count(*) AS n\nFROM noc_example_titles a\nJOIN noc_example_titles b ON a.example_title < b.example_title AND a.position + b.position < 0';
const QUICK = 'SELECT count(*) AS n FROM noc_example_titles';

/// Milliseconds for a round trip to the page's thread.
async function roundTrip(page) {
  const t = Date.now();
  await page.evaluate(() => document.querySelector('#wiq-sql').value.length);
  return Date.now() - t;
}

test('a slow query runs off the page: input is answered, Cancel stops it at once, the next query runs', async () => {
  const page = await open(EN);
  await page.selectOption('#wiq-sql-limit', '60');
  await page.fill('#wiq-sql', SLOW);
  assert.ok(await page.isDisabled('#wiq-sql-cancel'), 'nothing to cancel yet');
  await page.click('#wiq-sql-run');
  await page.waitForSelector('#wiq-sql-output p[role=status]:has-text("Running the query")', { timeout: 30000 });
  // The page's thread stays free while the worker joins.
  const trips = [];
  for (let i = 0; i < 5; i++) {
    await page.waitForTimeout(300);
    trips.push(await roundTrip(page));
  }
  assert.ok(Math.max(...trips) < 500, `round trips while running: ${trips.join(', ')} ms`);
  await page.click('#wiq-sql');
  await page.keyboard.press('End');
  await page.keyboard.type(' -- typed while running');
  const typed = `${SLOW} -- typed while running`;
  assert.equal(await page.inputValue('#wiq-sql'), typed);
  // At 320 px the actions wrap and nothing scrolls sideways.
  await page.setViewportSize({ width: 320, height: 800 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'no sideways scroll at 320 px');
  await page.setViewportSize({ width: 1280, height: 800 });
  // Cancel is reachable from Run with the keyboard, and stops the query at once.
  await page.focus('#wiq-sql-run');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'wiq-sql-cancel');
  const t0 = Date.now();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#wiq-sql-stopped', { timeout: 5000 });
  assert.ok(Date.now() - t0 < 2000, `cancelled in ${Date.now() - t0} ms`);
  assert.match(await page.textContent('#wiq-sql-stopped'), /The query was cancelled/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'wiq-sql-run', 'focus returns to Run');
  assert.ok(await page.isDisabled('#wiq-sql-cancel'));
  // The SQL is the user's, in the editor and the address.
  assert.equal(await page.inputValue('#wiq-sql'), typed);
  assert.equal(new URL(page.url()).searchParams.get('sql'), typed);
  // The next query runs in a new worker, over the same table posted again.
  await page.fill('#wiq-sql', QUICK);
  await nextRun(page, () => page.click('#wiq-sql-run'));
  assert.equal(await page.getAttribute('#wiq-sql-summary', 'data-rows'), '1');
  const [[n]] = await shown(page);
  assert.ok(Number(n) > 50000, `${n} example titles`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the time limit stops a slow query, in French, and the console stays usable', async () => {
  const page = await open(FR);
  await page.selectOption('#wiq-sql-limit', '5');
  await page.fill('#wiq-sql', SLOW);
  const t0 = Date.now();
  await nextRun(page, () => page.click('#wiq-sql-run'));
  const took = Date.now() - t0;
  assert.ok(took < 20000, `stopped after ${took} ms`);
  assert.match(await page.textContent('#wiq-sql-error'), /a duré plus de 5\u00a0secondes|plus de 5 secondes/);
  assert.equal(await page.inputValue('#wiq-sql'), SLOW);
  await page.fill('#wiq-sql', QUICK);
  await nextRun(page, () => page.click('#wiq-sql-run'));
  assert.equal(await page.getAttribute('#wiq-sql-summary', 'data-rows'), '1');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a query that traps the engine shows an error; the SQL is kept and the next query runs', async () => {
  const page = await open(FR);
  // Each replace multiplies the text: 1,000 × 3,000 × 1,000 characters
  // passes what wasm32 can allocate, and the engine's wasm traps.
  const x = (n) => `'${'x'.repeat(n)}'`;
  const TRAP = `SELECT length(replace(replace(${x(1000)}, 'x', ${x(1000)}), 'x', ${x(3000)})) AS n`;
  await page.fill('#wiq-sql', TRAP);
  await nextRun(page, () => page.click('#wiq-sql-run'));
  const err = await page.textContent('#wiq-sql-error');
  assert.match(err, /Le moteur de requêtes s’est arrêté sur une erreur et a été relancé/);
  assert.match(err, /conservé\u00a0: exécutez-le/, 'French typography');
  assert.equal(await page.inputValue('#wiq-sql'), TRAP);
  assert.equal(new URL(page.url()).searchParams.get('sql'), TRAP);
  await page.fill('#wiq-sql', 'SELECT noc_code FROM dim_noc WHERE level = 1');
  await nextRun(page, () => page.click('#wiq-sql-run'));
  assert.equal(await page.getAttribute('#wiq-sql-summary', 'data-rows'), '10');
  await page.close();
});

test('axe-core finds no WCAG 2.1 AA violation while a query runs (Cancel enabled) or after Cancel', async () => {
  for (const path of [EN, FR]) {
    const page = await open(path, site.lax.ctx);
    await page.selectOption('#wiq-sql-limit', '60');
    await page.fill('#wiq-sql', SLOW);
    await page.click('#wiq-sql-run');
    await page.waitForFunction(() => !document.querySelector('#wiq-sql-cancel').disabled);
    let { violations } = await axeViolations(page);
    assert.deepEqual(violations, [], `${path} running: ${violations.join('\n')}`);
    await page.click('#wiq-sql-cancel');
    await page.waitForSelector('#wiq-sql-stopped');
    ({ violations } = await axeViolations(page));
    assert.deepEqual(violations, [], `${path} cancelled: ${violations.join('\n')}`);
    await page.close();
  }
});
