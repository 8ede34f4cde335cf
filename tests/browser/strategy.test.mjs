// The story pages in Chromium: the strategy map, the roadmap's timeline and matrix, and
// the insights page. Each is drawn, its links open pages of the site, its figures agree
// with the tables beside it, and it passes axe-core at WCAG 2.1 AA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SITE, requireSite, url, watchedPage, assertClean, assertAccessible, screenshot, skipWithoutChromium,
} from './support.mjs';

/** Asserts that every link in `locator` opens a file of the site. */
async function assertLinksOpen(locator, what) {
  const hrefs = await locator.evaluateAll((as) => as.map((a) => new URL(a.getAttribute('href'), document.baseURI).href));
  assert.ok(hrefs.length > 0, `${what}: no link`);
  for (const href of hrefs) {
    const file = fileURLToPath(href.split('#')[0]);
    assert.ok(existsSync(file), `${what}: ${path.relative(SITE, file)} does not exist`);
  }
  return hrefs.length;
}

test('strategy map: drivers above objectives above capabilities, every box a link', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url(SITE, 'strategy.html'), { waitUntil: 'load' });
    const map = page.locator('figure.strategy-map svg.diagram');
    assert.equal(await map.count(), 1);
    assert.match(await map.locator('desc').textContent(), /^\d+ drivers linked to \d+ objectives/);

    // The map is drawn: boxes with their names, in bands top to bottom.
    const top = async (selector) => {
      const boxes = await map.locator(`${selector} rect`).evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().top));
      assert.ok(boxes.length > 0, `no ${selector}`);
      return [Math.min(...boxes), Math.max(...boxes)];
    };
    const [drivers, objectives, capabilities] = [await top('.map-driver'), await top('.map-objective'), await top('.map-capability')];
    assert.ok(drivers[1] < objectives[0], `drivers ${drivers} above objectives ${objectives}`);
    assert.ok(objectives[1] < capabilities[0], `objectives ${objectives} above capabilities ${capabilities}`);
    const box = await map.locator('g[data-id="obj-onboarding-speed"] rect').boundingBox();
    const parent = await map.locator('g[data-id="obj-digital-first"] rect').boundingBox();
    assert.ok(box.width > 100 && box.height > 20, 'a box has a size');
    assert.ok(parent.y + parent.height < box.y, 'the parent objective sits above its child');
    assert.equal(await map.locator('path.map-edge').count(), await map.locator('polygon.map-head').count());
    assert.ok(await map.locator('path.map-edge').count() > 30, 'arrows');

    // An objective's KPIs are in its box; unrealized objectives agree with the table.
    assert.match(await map.locator('g[data-id="obj-onboarding-speed"]').textContent(), /◆ Time to open a/);
    assert.equal(await map.locator('g.map-unrealized').count(), await page.locator('table.trace tr.missing').count());

    // Every box is a link to a page of the site, reachable by keyboard.
    const links = await assertLinksOpen(map.locator('a'), 'strategy map');
    assert.ok(links >= await map.locator('g.map-node').count());
    await map.locator('g[data-id="obj-digital-first"] a').first().focus();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), 'elements/obj-digital-first.html');
    await page.keyboard.press('Enter');
    await page.waitForURL(/elements\/obj-digital-first\.html$/);
    await page.goBack();

    await assertAccessible(page, 'strategy.html');
    await screenshot(page, 'strategy.png');
    assertClean(problems, 'strategy.html');
  } finally {
    await done();
  }
});

test('roadmap: a dated timeline, subtotals and a prioritisation matrix that agree', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url(SITE, 'roadmap.html'), { waitUntil: 'load' });
    const timeline = page.locator('figure.timeline svg.diagram');
    // A bar per initiative in the plateau tables, must-dos marked in words.
    const listed = await page.locator('ol.roadmap table tbody tr').count();
    assert.equal(await timeline.locator('g.tl-bar').count(), listed);
    const mustDo = await page.locator('ol.roadmap .tag', { hasText: 'must do' }).count();
    assert.ok(mustDo > 0);
    assert.equal(await timeline.locator('g.tl-must').count(), mustDo);
    assert.equal(await timeline.locator('g.tl-must text.tl-label').evaluateAll((ts) => ts.filter((t) => t.textContent.startsWith('⚑')).length), mustDo);
    // Years on the axis and the dated plateaus as milestones.
    const axis = await timeline.locator('text.tl-axis').allTextContents();
    for (const year of ['2026', '2027', '2028']) assert.ok(axis.includes(year), axis.join(','));
    assert.deepEqual(await timeline.locator('text.tl-milestone-name').allTextContents(), ['◆ Transition 2027', '◆ Target state 2028']);
    // A bar that ends before the plateau it lands in is drawn left of that milestone.
    const bar = await timeline.locator('g[data-id="ini-cloud-foundation"] rect').boundingBox();
    const milestone = await timeline.locator('line.tl-milestone').first().boundingBox();
    assert.ok(bar.x + bar.width <= milestone.x + 1, `${bar.x + bar.width} after ${milestone.x}`);
    // Dependencies are arrows, one per dependency in the tables.
    const depends = await page.locator('ol.roadmap table tbody tr td:nth-child(2) a').count();
    assert.equal(await timeline.locator('path.tl-arrow').count(), depends);
    // The lines end at the totals the subtotal table gives.
    const last = page.locator('table.subtotals tbody tr').last();
    const [, , , , costToDate, benefitToDate] = await last.locator('td').allInnerTexts();
    assert.equal(await timeline.locator('text.tl-end-cost').textContent(), `cost ${costToDate}`);
    assert.equal(await timeline.locator('text.tl-end-benefit').textContent(), `benefit ${benefitToDate}`);
    await assertLinksOpen(timeline.locator('a'), 'timeline');

    // The matrix: a point or a shared point per row of its table, in named quadrants.
    const matrix = page.locator('figure.matrix svg.diagram');
    const rows = await page.locator('table.matrix-table tbody tr').count();
    const labels = await matrix.locator('text.mx-num').allTextContents();
    assert.equal(labels.flatMap((l) => l.split(', ')).length, rows);
    assert.deepEqual(await matrix.locator('text.mx-quadrant').allTextContents(), ['Quick wins', 'Major projects', 'Fill-ins', 'Thankless tasks']);
    const quadrants = await page.locator('table.matrix-table tbody td:nth-child(5)').allInnerTexts();
    assert.ok(quadrants.every((q) => ['Quick wins', 'Major projects', 'Fill-ins', 'Thankless tasks'].includes(q)), quadrants.join(','));
    await assertLinksOpen(matrix.locator('a'), 'matrix');

    await assertAccessible(page, 'roadmap.html');
    await screenshot(page, 'roadmap.png');
    assertClean(problems, 'roadmap.html');
  } finally {
    await done();
  }
});

test('insights: each insight traced to the initiatives and KPIs that answer it', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url(SITE, 'insights.html'), { waitUntil: 'load' });
    const rows = page.locator('table.insights tbody tr');
    assert.ok(await rows.count() >= 10);
    const row = rows.filter({ has: page.locator('a', { hasText: 'Newcomers give up on the paper application' }) });
    const cells = await row.locator('td').allInnerTexts();
    assert.match(cells[0], /Apply in the branch/);
    assert.match(cells[1], /Ten-minute digital account opening/);
    assert.match(cells[2], /Time to open a current account/);
    // What no initiative addresses says so in words.
    const unaddressed = await rows.filter({ hasText: 'addressed by no initiative' }).count();
    const counts = await page.locator('p.insight-counts').innerText();
    const [addressed, total] = counts.match(/\d+/g).map(Number);
    assert.equal(total, await rows.count());
    assert.equal(unaddressed, total - addressed);
    await assertLinksOpen(page.locator('table.insights a'), 'insights');

    await assertAccessible(page, 'insights.html');
    await screenshot(page, 'insights.png');
    assertClean(problems, 'insights.html');
  } finally {
    await done();
  }
});
