// What every browser test shares: Debian's chromium with the flags that keep
// it quiet offline, a fresh profile, and axe-core's WCAG 2.1 AA run.
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

/// Launches chromium with a fresh profile; `close()` removes the profile.
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'wiq-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    ...options,
  });
  return {
    ctx,
    close: async () => {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/// axe-core's WCAG 2.1 AA violations on the page as it is now, one line each.
export async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    WCAG,
  );
  return {
    passes: result.passes.length,
    violations: result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`,
    ),
  };
}

/// Opens `url` in `ctx`, collects uncaught page errors in `page.errors`,
/// and waits for `ready` (a selector: the app has replaced its placeholder).
export async function openPage(ctx, url, ready) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector(ready);
  page.errors = errors;
  return page;
}

/// The fixtures of an app test file: the built site served under /wiq/,
/// a browser with the pages' CSP enforced (`browser`) and one without it,
/// for axe-core (`lax`). `required` is a file the site must have.
export function useSite(required) {
  const site = {};
  before(async () => {
    const dist = process.env.WIQ_DIST;
    assert.ok(dist && existsSync(join(dist, required)), `set WIQ_DIST to a site built with --app (${required})`);
    site.dist = dist;
    site.server = await serve(dist);
    site.browser = await launch({ acceptDownloads: true });
    site.lax = await launch({ bypassCSP: true });
  });
  after(async () => {
    await site.browser?.close();
    await site.lax?.close();
    site.server?.close();
  });
  return site;
}
