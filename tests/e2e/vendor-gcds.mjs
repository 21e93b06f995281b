// Vendors the GC Design System into public/assets (committed, small):
//   - gcds/gcds.css: the @gcds-core/tokens custom properties that the site's
//     CSS uses, the @gcds-core/fonts faces with local URLs, and the
//     @gcds-core/css-shortcuts classes that the templates use (the package
//     is 1.2 MB and @imports Google Fonts, which the pages must not load);
//   - fonts/*.woff2 and the licences.
// `node vendor-gcds.mjs` writes; `--check` exits 1 if public/ is stale.
import { readFileSync, writeFileSync, readdirSync, mkdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const nm = join(here, 'node_modules');
const out = join(repo, 'public', 'assets');
const pkg = (name) => JSON.parse(readFileSync(join(nm, name, 'package.json'), 'utf8')).version;

const FONTS = [
  // [package file, family, weight, style, local name]
  ['lato/gcds-lato.woff2', 'Lato', 700, 'normal', 'lato-700.woff2'],
  ['noto-sans/gcds-noto-sans-regular.woff2', 'Noto Sans', 400, 'normal', 'noto-sans-400.woff2'],
  ['noto-sans/gcds-noto-sans-regular-italic.woff2', 'Noto Sans', 400, 'italic', 'noto-sans-400-italic.woff2'],
  ['noto-sans/gcds-noto-sans-bold.woff2', 'Noto Sans', 700, 'normal', 'noto-sans-700.woff2'],
  ['noto-sans-mono/gcds-noto-sans-mono.woff2', 'Noto Sans Mono', 400, 'normal', 'noto-sans-mono-400.woff2'],
];
const LICENCES = [
  ['@gcds-core/tokens/LICENSE', 'gcds/LICENSE-gcds.txt'],
  ['@gcds-core/fonts/fonts/lato/LICENSE.txt', 'fonts/LICENSE-lato.txt'],
  ['@gcds-core/fonts/fonts/noto-sans/LICENSE.txt', 'fonts/LICENSE-noto-sans.txt'],
  ['@gcds-core/fonts/fonts/noto-sans-mono/LICENSE.txt', 'fonts/LICENSE-noto-sans-mono.txt'],
];

// Class names the templates use.
function templateClasses() {
  const dir = join(repo, 'site', 'templates');
  const names = new Set();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.html')).sort()) {
    const html = readFileSync(join(dir, f), 'utf8');
    for (const m of html.matchAll(/class="([^"{}]*)/g)) {
      for (const c of m[1].split(/\s+/)) if (c) names.add(c);
    }
  }
  return names;
}

// Top-level rules of css-shortcuts whose selector is exactly one used class.
function shortcutRules(used) {
  const css = readFileSync(join(nm, '@gcds-core/css-shortcuts/dist/gcds-css-shortcuts.css'), 'utf8');
  const rules = [];
  const re = /^\.([a-z0-9-]+) \{\n([^}]*)\}\n/gm;
  for (const m of css.matchAll(re)) {
    if (used.has(m[1])) rules.push(`.${m[1]} {\n${m[2]}}\n`);
  }
  return rules;
}

function tokens(usedCss) {
  const css = readFileSync(join(nm, '@gcds-core/tokens/build/web/css/tokens.css'), 'utf8');
  const wanted = new Set([...usedCss.matchAll(/var\((--gcds-[a-z0-9-]+)/g)].map((m) => m[1]));
  const decls = [];
  for (const m of css.matchAll(/^\s*(--gcds-[a-z0-9-]+):\s*([^;]+);/gm)) {
    if (wanted.has(m[1])) decls.push(`  ${m[1]}: ${m[2]};`);
  }
  const missing = [...wanted].filter((w) => !decls.some((d) => d.startsWith(`  ${w}:`)));
  if (missing.length) throw new Error(`tokens not found in @gcds-core/tokens: ${missing.join(', ')}`);
  return `:root {\n${[...new Set(decls)].sort().join('\n')}\n}\n`;
}

export function build() {
  const files = new Map();
  const siteCss = readFileSync(join(out, 'css', 'wiq.css'), 'utf8');
  const rules = shortcutRules(templateClasses());
  const faces = FONTS.map(
    ([, family, weight, style, local]) =>
      `@font-face {\n  font-family: "${family}";\n  src: url("../fonts/${local}") format("woff2");\n  font-weight: ${weight};\n  font-style: ${style};\n  font-display: swap;\n}\n`,
  );
  const header =
    `/* GC Design System, vendored by tests/e2e/vendor-gcds.mjs: do not edit.\n` +
    `   @gcds-core/tokens ${pkg('@gcds-core/tokens')}, @gcds-core/fonts ${pkg('@gcds-core/fonts')}, ` +
    `@gcds-core/css-shortcuts ${pkg('@gcds-core/css-shortcuts')} (MIT, Canadian Digital Service).\n` +
    `   Fonts: SIL Open Font License 1.1 (see ../fonts/LICENSE-*.txt). */\n`;
  files.set('gcds/gcds.css', header + tokens(siteCss + rules.join('')) + faces.join('') + rules.join(''));
  for (const [src, , , , local] of FONTS) {
    files.set(`fonts/${local}`, readFileSync(join(nm, '@gcds-core/fonts/fonts', src)));
  }
  for (const [src, dst] of LICENCES) files.set(dst, readFileSync(join(nm, src)));
  return files;
}

function same(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

export function stale() {
  const bad = [];
  for (const [rel, body] of build()) {
    const p = join(out, rel);
    if (!existsSync(p) || !same(readFileSync(p), body)) bad.push(rel);
  }
  return bad;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const bad = stale();
    if (bad.length) {
      console.error(`stale vendored assets: ${bad.join(', ')} (run: node tests/e2e/vendor-gcds.mjs)`);
      process.exit(1);
    }
    console.log('vendored GCDS assets are up to date');
  } else {
    for (const [rel, body] of build()) {
      mkdirSync(dirname(join(out, rel)), { recursive: true });
      writeFileSync(join(out, rel), body);
    }
    console.log(`wrote ${[...build().keys()].join(', ')}`);
  }
}
