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
