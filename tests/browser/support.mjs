// What every browser test file shares: where the sites are, the system's Chromium
// (one per test process), a page that records its problems, the axe-core accessibility
// check and screenshots. Env: TOMC_SITE, TOMC_XSS_SITE (site dirs, relative to the
// repository root), CHROMIUM (browser binary, default /usr/bin/chromium).
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const SITE = path.resolve(REPO, process.env.TOMC_SITE || 'target/site-northwind');
export const XSS_SITE = path.resolve(REPO, process.env.TOMC_XSS_SITE || 'target/site-xss');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SHOTS = path.join(REPO, 'target', 'screenshots');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const NO_CHROMIUM = `no Chromium at ${CHROMIUM}: install the Debian package chromium`;
export const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- helpers

export function htmlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(p));
    else if (entry.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

export function requireSite(dir) {
  assert.ok(
    existsSync(path.join(dir, 'index.html')),
    `no site at ${dir}: build it first, e.g. target/release/tomc build examples/northwind-bank -o target/site-northwind`,
  );
}

export const url = (site, rel) => pathToFileURL(path.join(site, rel)).href;

let browserPromise = null;
export async function browser() {
  if (!browserPromise) {
    browserPromise = (async () => {
      let chromium;
      try {
        ({ chromium } = await import('playwright-core'));
      } catch (e) {
        throw new Error(`cannot load playwright-core (run \`npm ci\` in tests/browser): ${e.message}`);
      }
      return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    })();
  }
  return browserPromise;
}

after(async () => {
  if (browserPromise) await (await browserPromise.catch(() => null))?.close();
});

/** A fresh page whose problems are recorded: console errors, page errors, failed
 * requests, dialogs, and any request that would leave file: (aborted). */
export async function watchedPage() {
  const context = await (await browser()).newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = { console: [], pageerror: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.console.push(`${m.text()} (${m.location().url || '?'})`);
  });
  page.on('pageerror', (e) => problems.pageerror.push(String(e)));
  page.on('requestfailed', (r) => problems.requests.push(`failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('dialog', (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file:')) return route.continue();
    problems.requests.push(`left the page: ${u}`);
    return route.abort();
  });
  const done = () => context.close();
  return { page, problems, done };
}

export function problemLines(problems) {
  return Object.entries(problems).flatMap(([kind, list]) => list.map((x) => `${kind}: ${x}`));
}

export function assertClean(problems, where) {
  const lines = problemLines(problems);
  assert.deepEqual(lines, [], `${where}:\n  ${lines.join('\n  ')}`);
}

// One check for "can we run the browser tests at all".
export function skipWithoutChromium(t) {
  if (existsSync(CHROMIUM)) return false;
  t.skip(NO_CHROMIUM);
  return true;
}

// ---------------------------------------------------------------- accessibility

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.1 A and AA violations axe-core finds on the page as it is now, as lines
 * naming the rule, its impact and the first few offending nodes. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // No preloading: axe would fetch the stylesheet again by XHR, which file: refuses
      // (a console error of axe's, not of the page).
      preload: false,
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
      count: v.nodes.length,
    }));
  });
  return violations.map((v) => `${v.id} (${v.impact}, ${v.count} node(s)): ${v.help}\n      ${v.nodes.join('\n      ')}`);
}

/** Fails with every WCAG 2.1 AA violation axe-core finds on the page. */
export async function assertAccessible(page, where) {
  const lines = await axeViolations(page);
  assert.deepEqual(lines, [], `${where}: axe-core finds WCAG 2.1 AA violations:\n  ${lines.join('\n  ')}`);
}

/** A full-page screenshot of the page as it is now, in target/screenshots/NAME. */
export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const out = path.join(SHOTS, name);
  await page.screenshot({ path: out, fullPage: true });
  assert.ok(existsSync(out), `${out} written`);
  return out;
}
