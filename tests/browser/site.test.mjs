// Real-browser tests of the static site that `tomc build` writes, plus the Nu HTML
// Checker on every page. Run from the repository root after building the sites:
//
//   target/release/tomc build examples/northwind-bank -o target/site-northwind
//   target/release/tomc build tests/fixtures/xss -o target/site-xss
//   (cd tests/browser && npm ci) && node --test tests/browser/
//
// Env: TOMC_SITE, TOMC_XSS_SITE (site dirs, relative to the repository root),
// CHROMIUM (browser binary, default /usr/bin/chromium). The browser is the system's
// Chromium: playwright-core never downloads one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  REPO, SITE, XSS_SITE, SHOTS, require, htmlFiles, requireSite, url, watchedPage,
  problemLines, assertClean, skipWithoutChromium,
} from './support.mjs';

// ---------------------------------------------------------------- a. overview

test('overview loads with no console error and no request leaving file:', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'index.html'), { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    assert.ok(await page.locator('header.top nav a').count() >= 3, 'the top navigation has links');
    assert.notEqual(await page.locator('body').getAttribute('data-root'), null, 'body has data-root');
    assertClean(problems, 'index.html');
  } finally {
    await done();
  }
});

// ---------------------------------------------------------------- b. heat map

test('heat map: plateau buttons and the gap button repaint the capabilities', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'heatmap.html'), { waitUntil: 'load' });
    const colours = () =>
      page.$$eval('#heatmap .cap', (caps) =>
        Object.fromEntries(caps.map((c) => [c.dataset.id, getComputedStyle(c).backgroundColor])));
    const changed = (a, b) => Object.keys(a).filter((k) => a[k] !== b[k]);
    const one = '#heatmap .cap[data-id="cap-digital-onboarding"]';
    assert.equal(await page.locator(one).count(), 1, `${one} exists`);

    const atTarget = await colours();
    assert.ok(Object.keys(atTarget).length > 5, 'the heat map shows capabilities');
    assert.match(await page.locator(one).getAttribute('class'), /\bm-4\b/, 'target maturity 4 on load');

    await page.click('#plateau-switcher button[data-plateau="current"]');
    assert.match(await page.locator(one).getAttribute('class'), /\bm-1\b/, 'current maturity 1');
    const atCurrent = await colours();
    assert.notEqual(atCurrent['cap-digital-onboarding'], atTarget['cap-digital-onboarding'],
      'cap-digital-onboarding changes colour from target to current');
    assert.ok(changed(atTarget, atCurrent).length >= 1);
    assert.equal(await page.getAttribute('#plateau-switcher button[data-plateau="current"]', 'aria-pressed'), 'true');

    await page.click('#plateau-switcher button[data-mode="gap"]');
    assert.match(await page.locator(one).getAttribute('class'), /\bu-\w+/, 'gap mode sets an uplift class');
    const inGap = await colours();
    assert.notEqual(inGap['cap-digital-onboarding'], atCurrent['cap-digital-onboarding'],
      'the gap button repaints cap-digital-onboarding');
    assert.ok(changed(atCurrent, inGap).length >= 1);

    await page.click('#plateau-switcher button[data-plateau="target"]');
    assert.deepEqual(await colours(), atTarget, 'back to target gives the colours of the first paint');
    assertClean(problems, 'heatmap.html');
  } finally {
    await done();
  }
});

// ---------------------------------------------------------------- c. search

test('search: typing lists results that open the element page', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'search.html'), { waitUntil: 'load' });
    await page.fill('#search-input', 'onboarding');
    const hits = page.locator('#search-results li a');
    await hits.first().waitFor();
    assert.ok(await hits.count() >= 1, 'typing "onboarding" lists results');
    const link = page.locator('#search-results li a[href$="elements/cap-digital-onboarding.html"]');
    assert.equal(await link.count(), 1, 'a result links to elements/cap-digital-onboarding.html');
    await Promise.all([page.waitForURL(/elements\/cap-digital-onboarding\.html$/), link.click()]);
    assert.match(await page.locator('h1').first().textContent(), /Digital Onboarding/);
    assertClean(problems, 'search.html -> cap-digital-onboarding.html');

    // ?q= pre-fills the box and runs the search.
    await page.goto(`${url(SITE, 'search.html')}?q=onboarding`, { waitUntil: 'load' });
    assert.equal(await page.inputValue('#search-input'), 'onboarding');
    await page.locator('#search-results li a[href$="elements/cap-digital-onboarding.html"]').waitFor();
    assertClean(problems, 'search.html?q=onboarding');
  } finally {
    await done();
  }
});

// ---------------------------------------------------------------- d. journey

test('journey page shows the stages and the service blueprint', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'journeys/jrn-account-opening-digital.html'), { waitUntil: 'load' });
    // One view per plateau; the one shown is the journey's last plateau.
    const view = page.locator('.journey-view:not([hidden])');
    assert.equal(await view.count(), 1, 'one plateau shown');
    assert.ok(await view.locator('table.journey').isVisible(), 'table.journey is visible');
    const bp = view.locator('table.blueprint');
    assert.ok(await bp.isVisible(), 'table.blueprint is visible');
    for (const row of ['lane-touchpoints', 'lane-frontstage', 'line-of-visibility', 'lane-backstage', 'lane-support', 'lane-systems']) {
      assert.equal(await bp.locator(`tr.${row}`).count(), 1, `blueprint row tr.${row}`);
    }
    assert.ok(await bp.locator('tr.lane-touchpoints a').count() >= 1, 'the touchpoint lane holds a link');
    assertClean(problems, 'journeys/jrn-account-opening-digital.html');
  } finally {
    await done();
  }
});

// ---------------------------------------------------------------- e. XSS site

test('xss fixture: no markup from the model runs or becomes a link', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(XSS_SITE);
  const pages = htmlFiles(XSS_SITE);
  const { page, problems, done } = await watchedPage();
  const failures = [];
  try {
    for (const file of pages) {
      const rel = path.relative(XSS_SITE, file);
      for (const k of Object.keys(problems)) problems[k].length = 0;
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const found = await page.evaluate(() => {
        const bad = [];
        if (typeof window.__xss !== 'undefined') bad.push(`window.__xss = ${window.__xss}`);
        for (const el of document.querySelectorAll('*')) {
          for (const a of el.attributes) {
            if (/^on/i.test(a.name)) bad.push(`<${el.localName} ${a.name}="${a.value}">`);
            if (/^\s*javascript:/i.test(a.value) && /^(href|src|action|formaction|xlink:href)$/i.test(a.name)) {
              bad.push(`<${el.localName} ${a.name}="${a.value}">`);
            }
          }
        }
        // tomc draws its diagrams as SVG marked `diagram`; no other SVG, image, frame or
        // style may appear, and nothing inside a diagram may hold markup of its own.
        for (const el of document.querySelectorAll('main img, main svg:not(.diagram), main iframe, main style')) {
          bad.push(`<${el.localName}> in main`);
        }
        for (const el of document.querySelectorAll('main svg.diagram foreignObject, main svg.diagram script, main svg svg')) {
          bad.push(`<${el.localName}> in a diagram`);
        }
        // The only scripts are the site's own: assets/tomc.js and search-index.js.
        for (const s of document.scripts) {
          const own = s.src ? /\/(search-index|assets\/tomc)\.js$/.test(s.src) : false;
          if (!own) bad.push(`<script>${s.src || s.text.slice(0, 60)}</script>`);
        }
        return bad;
      });
      found.push(...problemLines(problems));
      if (await page.locator('a[href^="javascript:" i]').count()) found.push('a[href^="javascript:"]');
      if (found.length) failures.push(`${rel}:\n    ${found.join('\n    ')}`);
    }
    assert.deepEqual(failures, [], `hostile model text ran or became markup:\n  ${failures.join('\n  ')}`);
    assert.ok(pages.length >= 10, `the xss site has its pages (${pages.length})`);

    // The evil-named element shows its name as text.
    await page.goto(url(XSS_SITE, 'elements/evil-capability.html'), { waitUntil: 'load' });
    const h1 = page.locator('h1').first();
    assert.ok((await h1.textContent()).includes('<img src=x onerror=alert(1)>'), 'h1 shows the name literally');
    assert.equal(await h1.locator('img').count(), 0, 'no img element in the h1');

    // Search results are built by script: they must stay text too.
    await page.goto(`${url(XSS_SITE, 'search.html')}?q=evil`, { waitUntil: 'load' });
    await page.locator('#search-results li a').first().waitFor();
    assert.equal(await page.locator('#search-results img, #search-results svg, #search-results script').count(), 0);
    assert.ok((await page.locator('#search-results').textContent()).includes('<img src=x onerror=alert(1)>'));
    // Every heat-map button once.
    await page.goto(url(XSS_SITE, 'heatmap.html'), { waitUntil: 'load' });
    for (const b of await page.locator('#plateau-switcher button').all()) await b.click();
    assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined');
    assertClean(problems, 'xss search/heatmap');
  } finally {
    await done();
  }
});

// ---------------------------------------------------------------- f. screenshots

test('screenshots for human review in target/screenshots/', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  mkdirSync(SHOTS, { recursive: true });
  const { page, problems, done } = await watchedPage();
  try {
    const shots = [
      [SITE, 'index.html', 'overview.png'],
      [SITE, 'heatmap.html', 'heatmap.png'],
      [SITE, 'journeys/jrn-account-opening-digital.html', 'journey.png'],
    ];
    if (existsSync(path.join(XSS_SITE, 'elements/evil-capability.html'))) {
      shots.push([XSS_SITE, 'elements/evil-capability.html', 'xss-element.png']);
    }
    for (const [site, rel, name] of shots) {
      await page.goto(url(site, rel), { waitUntil: 'load' });
      const out = path.join(SHOTS, name);
      await page.screenshot({ path: out, fullPage: true });
      assert.ok(existsSync(out), `${out} written`);
    }
    t.diagnostic(`screenshots in ${path.relative(REPO, SHOTS)}/`);
    assertClean(problems, 'screenshots');
  } finally {
    await done();
  }
});

// ---------------------------------------------------------------- g. Nu HTML Checker

test('every page of both sites passes the Nu HTML Checker (vnu)', { timeout: 600_000 }, async (t) => {
  if (spawnSync('java', ['-version']).error) {
    t.skip('no `java` on PATH: install the Debian package default-jre-headless');
    return;
  }
  requireSite(SITE);
  requireSite(XSS_SITE);
  const jar = String(require('vnu-jar'));
  assert.ok(existsSync(jar), `vnu.jar at ${jar}`);
  const files = [...htmlFiles(SITE), ...htmlFiles(XSS_SITE)];
  // One JVM for all files; the JSON report goes to stderr.
  const { code, stdout, stderr } = await new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xss8m', '-jar', jar, '--errors-only', '--format', 'json', ...files]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  let report;
  try {
    report = JSON.parse(stderr.trim() || stdout.trim());
  } catch {
    assert.fail(`vnu exited ${code} without a JSON report:\n${stdout}\n${stderr}`);
  }
  const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  const byMessage = new Map();
  for (const m of errors) {
    const file = m.url?.startsWith('file:') ? path.relative(REPO, fileURLToPath(m.url)) : m.url;
    const where = `${file}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}`;
    const key = m.message;
    if (!byMessage.has(key)) byMessage.set(key, { where: [], extract: m.extract });
    byMessage.get(key).where.push(where);
  }
  const text = [...byMessage].map(([msg, { where, extract }]) =>
    `${msg}\n    ${where.length} place(s), e.g. ${where.slice(0, 3).join(', ')}${extract ? `\n    extract: ${JSON.stringify(extract)}` : ''}`);
  t.diagnostic(`vnu checked ${files.length} pages`);
  assert.equal(errors.length, 0,
    `vnu: ${errors.length} error(s) in ${new Set(errors.map((m) => m.url)).size} of ${files.length} pages:\n  ${text.join('\n  ')}`);
});
