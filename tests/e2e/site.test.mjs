// Browser tests of the built site, served under /wiq/ from loopback:
//   - axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa): zero violations on a
//     page of every template, in both languages;
//   - keyboard: a skip link first, focus moved to the main content, every
//     control reachable with Tab and visibly focused, badges open with Enter;
//   - no request leaves the origin and the Content-Security-Policy is never
//     violated (the page's own CSP is enforced here);
//   - every page is valid HTML (vnu);
//   - the GC Design System files in public/ match the npm packages.
// The site to test: $WIQ_DIST, built with WIQ_BASE_PATH=/wiq/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { serve } from './server.mjs';
import { stale } from './vendor-gcds.mjs';
import { launch, axeViolations } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = process.env.WIQ_DIST;

// One page of every template, in both languages.
const TEMPLATES = {
  'language page': ['index.html'],
  home: ['en/index.html', 'fr/index.html'],
  search: ['en/search/index.html', 'fr/recherche/index.html'],
  occupations: ['en/occupations/index.html', 'fr/professions/index.html'],
  'NOC group': ['en/occupations/2.html', 'fr/professions/21.html'],
  'unit group': ['en/occupations/21231.html', 'fr/professions/13100.html', 'fr/professions/21231.html'],
  profile: ['en/profiles/21231.00.html', 'fr/profils/00010.00.html'],
  catalogue: ['en/catalogue/index.html', 'fr/catalogue/index.html'],
  table: ['en/catalogue/dim_noc.html', 'fr/catalogue/catalog_columns.html'],
  coverage: ['en/coverage.html', 'fr/couverture.html'],
  about: ['en/about.html', 'fr/a-propos.html'],
  compliance: ['en/compliance/index.html', 'fr/conformite/index.html'],
  'compliance framework': ['en/compliance/dadm.html', 'fr/conformite/dadm.html'],
  'SQL console': ['en/query/index.html', 'fr/requete/index.html'],
  '404': ['en/no/such/page.html'],
};

let server;
let strictB;
let laxB;
let strict; // the pages' own CSP enforced
let lax; // CSP bypassed, so that axe-core can be injected

before(async () => {
  assert.ok(DIST && existsSync(join(DIST, 'index.html')), 'set WIQ_DIST to a built site (jobforge build)');
  server = await serve(DIST);
  strictB = await launch();
  laxB = await launch({ bypassCSP: true });
  strict = strictB.ctx;
  lax = laxB.ctx;
});

after(async () => {
  await strictB?.close();
  await laxB?.close();
  server?.close();
});

for (const [template, paths] of Object.entries(TEMPLATES)) {
  test(`axe-core finds no WCAG 2.1 AA violation: ${template}`, async () => {
    for (const path of paths) {
      const page = await lax.newPage();
      const res = await page.goto(server.url + path);
      assert.equal(res.status(), template === '404' ? 404 : 200, path);
      const { violations, passes } = await axeViolations(page);
      assert.deepEqual(violations, [], `${path}: ${violations.join('\n')}`);
      assert.ok(passes > 5, `${path}: axe ran ${passes} checks`);
      await page.close();
    }
  });
}

// WCAG 1.4.10 Reflow: at 320 CSS px nothing scrolls sideways but the wide
// tables, each in its own focusable region; axe-core stays clean there too.
for (const [template, paths] of Object.entries(TEMPLATES)) {
  test(`320 px wide: no horizontal scrolling and no axe violation: ${template}`, async () => {
    for (const path of paths) {
      const page = await lax.newPage();
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(server.url + path);
      const wide = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: document.documentElement.clientWidth,
        culprits: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .filter((e) => !e.closest('.table-scroll, .visually-hidden, .skip-link, [aria-hidden="true"]'))
          .slice(0, 5)
          .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
      }));
      assert.ok(wide.page <= wide.view, `${path}: page is ${wide.page} px wide at ${wide.view}: ${wide.culprits.join(', ')}`);
      const { violations } = await axeViolations(page);
      assert.deepEqual(violations, [], `${path} at 320 px: ${violations.join('\n')}`);
      await page.close();
    }
  });
}

test('the main menu and the home page link the search and the SQL console', async () => {
  const expect = {
    en: ['/wiq/en/search/index.html', '/wiq/en/query/index.html'],
    fr: ['/wiq/fr/recherche/index.html', '/wiq/fr/requete/index.html'],
  };
  for (const path of Object.values(TEMPLATES).flat().filter((p) => /^(en|fr)\//.test(p) && !p.includes('no/such'))) {
    const lang = path.slice(0, 2);
    const page = await strict.newPage();
    await page.goto(server.url + path);
    const menu = await page.$$eval('nav.site-nav a', (as) => as.map((a) => new URL(a.href).pathname));
    for (const want of expect[lang]) assert.ok(menu.includes(want), `${path}: the menu lacks ${want} (${menu})`);
    if (path.endsWith(`${lang}/index.html`)) {
      const main = await page.$$eval('main a', (as) => as.map((a) => new URL(a.href).pathname));
      for (const want of expect[lang]) assert.ok(main.includes(want), `${path}: the home page lacks ${want}`);
    }
    await page.close();
  }
});

test('keyboard: the skip link comes first and moves focus to the main content', async () => {
  for (const path of ['en/index.html', 'fr/profils/00010.00.html']) {
    const page = await strict.newPage();
    await page.goto(server.url + path);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      return { href: a.getAttribute('href'), top: r.top, height: r.height, text: a.textContent };
    });
    assert.equal(first.href, '#main-content', `${path}: first Tab stop`);
    assert.ok(first.top >= 0 && first.height > 0, `${path}: skip link visible when focused`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main-content', path);
    await page.keyboard.press('Tab');
    const inMain = await page.evaluate(() => document.querySelector('main').contains(document.activeElement));
    assert.ok(inMain, `${path}: Tab after the skip link stays in the main content`);
    await page.close();
  }
});

test('keyboard: every control is reachable with Tab and visibly focused', async () => {
  for (const path of ['en/occupations/21231.html', 'fr/catalogue/dim_noc.html', 'en/coverage.html', 'fr/conformite/dadm.html']) {
    const page = await strict.newPage();
    await page.goto(server.url + path);
    const focusable = await page.evaluate(
      () => document.querySelectorAll('a[href], button, input, summary, [tabindex="0"]').length,
    );
    const seen = new Set();
    for (let i = 0; i < focusable + 5; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body) return null;
        const s = getComputedStyle(a);
        const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        if (!a.dataset.k) a.dataset.k = String(Math.random());
        return { key: a.dataset.k, tag: a.tagName, visible };
      });
      if (!f) continue;
      assert.ok(f.visible, `${path}: ${f.tag} has no visible focus indicator`);
      seen.add(f.key);
    }
    assert.equal(seen.size, focusable, `${path}: ${seen.size} of ${focusable} controls reached with Tab`);
    await page.close();
  }
});

test('keyboard: a provenance badge opens with Enter', async () => {
  const page = await strict.newPage();
  await page.goto(server.url + 'en/profiles/21231.00.html');
  const summary = page.locator('details.prov summary').first();
  await summary.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('details.prov').first().getAttribute('open'), '');
  await page.close();
});

test('no request leaves the origin and the CSP is never violated', async () => {
  const paths = Object.values(TEMPLATES).flat();
  for (const path of paths) {
    const page = await strict.newPage();
    const requests = [];
    const problems = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    await page.goto(server.url + path, { waitUntil: 'networkidle' });
    const violations = await page.evaluate(
      () =>
        new Promise((ok) => {
          const seen = [];
          document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
          setTimeout(() => ok(seen), 50);
        }),
    );
    const foreign = requests.filter((u) => !u.startsWith(server.origin + '/wiq/'));
    assert.deepEqual(foreign, [], `${path} requested another origin or left /wiq/`);
    assert.deepEqual([...problems, ...violations], [], `${path}: CSP violations`);
    assert.ok(requests.some((u) => u.endsWith('.woff2')), `${path}: fonts are served locally`);
    await page.close();
  }
});

test('every page is valid HTML (vnu)', () => {
  const jar = join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
  let out = '';
  try {
    execFileSync('java', ['-jar', jar, '--errors-only', '--skip-non-html', '--format', 'gnu', DIST], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  const lines = out.split('\n').filter(Boolean);
  assert.deepEqual(lines.slice(0, 20), [], `${lines.length} vnu errors`);
});

test('the vendored GC Design System assets match the npm packages', () => {
  assert.deepEqual(stale(), []);
});
