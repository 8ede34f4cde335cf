// The executive summary on the home page in Chromium: its panels are there, every
// link in it opens a page of the site, and it passes axe-core at WCAG 2.1 AA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SITE, requireSite, url, watchedPage, assertClean, assertAccessible, screenshot, skipWithoutChromium,
} from './support.mjs';

test('home page: the executive summary first, each figure linked to its page', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url(SITE, 'index.html'), { waitUntil: 'load' });
    const summary = page.locator('section.summary');
    const panels = await summary.locator('.panel h3').allInnerTexts();
    assert.deepEqual(panels, ['Where we are going', 'What it costs and returns', 'Who is affected', 'What changes', 'Needs attention']);
    // The first two panels are on the first screen.
    const costs = await page.locator('#sum-money-h').boundingBox();
    assert.ok(costs.y + costs.height < 900, `the investment starts below the first screen (${costs.y})`);

    // Statuses are words beside colours.
    const statuses = await summary.locator('.summary-kpis .status').allInnerTexts();
    assert.ok(statuses.length > 0 && statuses.every((s) => /^(on track|at risk|off track|no plan|not measured)$/.test(s)), statuses.join(', '));
    assert.match(await summary.locator('.figures').first().innerText(), /[\d,]+\s+cost/);

    // Every link of the summary opens a file of the site.
    const hrefs = await summary.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(hrefs.length > 10, `links: ${hrefs.length}`);
    for (const href of hrefs) {
      const file = fileURLToPath(href.split('#')[0]);
      assert.ok(existsSync(file), `${path.relative(SITE, file)} does not exist`);
    }
    await summary.locator('a[href="roadmap.html"]').click();
    await page.waitForURL(/roadmap\.html$/);
    await page.goBack();

    await assertAccessible(page, 'index.html');
    await screenshot(page, 'summary.png');
    assertClean(problems, 'index.html');
  } finally {
    await done();
  }
});

test('KPI scorecard: actuals, status words and sparklines with text alternatives', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'kpis.html'), { waitUntil: 'load' });
    const row = page.locator('table.scorecard tr', { has: page.locator('a', { hasText: 'Relationship Net Promoter Score' }) });
    const cells = await row.locator('td').allInnerTexts();
    assert.ok(cells.includes('on track'), cells.join(' | '));
    assert.ok(cells.some((c) => /^17\.6\s+2026-10-31$/.test(c)), cells.join(' | '));
    const spark = row.locator('svg.sparkline');
    assert.match(await spark.getAttribute('aria-label'), /^\d+ measurements from [\d.,]+ on \d{4}-\d\d-\d\d to 17\.6 on 2026-10-31$/);
    assert.match(await spark.locator('polyline').getAttribute('points'), /^0\.0,[\d.]+( [\d.]+,[\d.]+)+$/);
    assert.ok(await page.locator('td.n', { hasText: '4,320' }).count() > 0, 'thousands separators');
    await assertAccessible(page, 'kpis.html');
    await screenshot(page, 'kpis.png');
    assertClean(problems, 'kpis.html');
  } finally {
    await done();
  }
});
