// Real-browser tests of the journey pages, the personas page and the omnichannel
// matrix. Build the site first:
//
//   target/release/tomc build examples/northwind-bank -o target/site-northwind
//   node --test tests/browser/journeys.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SITE, requireSite, url, watchedPage, assertClean, assertAccessible, screenshot,
  skipWithoutChromium,
} from './support.mjs';

const LEGACY = 'Legacy core banking (mainframe)';

test('a journey page switches plateaus and compares two of them', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'journeys/jrn-branch-banking.html'), { waitUntil: 'load' });
    const current = page.locator('#view-current');
    const target = page.locator('#view-target');
    // The journey as it is opens at the baseline, on the legacy core.
    assert.equal(await page.locator('#journey-switcher button[data-plateau="current"]').getAttribute('aria-pressed'), 'true');
    assert.ok(await current.isVisible(), 'the baseline view shows');
    assert.ok(!(await target.isVisible()), 'one view at a time');
    assert.ok((await current.innerText()).includes(LEGACY), 'the legacy core at current');
    assert.equal(await current.locator('svg[role="img"] title').count(), 1, 'an emotion curve');
    // axe-core reads the stylesheet itself, which file: refuses: check the page first.
    assertClean(problems, 'journey page');
    await assertAccessible(page, 'journey current');
    await screenshot(page, 'journey.png');

    await page.click('#journey-switcher button[data-plateau="target"]');
    assert.equal(await page.locator('#journey-switcher button[data-plateau="target"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#journey-switcher button[data-plateau="current"]').getAttribute('aria-pressed'), 'false');
    assert.ok(await target.isVisible(), 'the target view shows');
    assert.ok(!(await current.isVisible()), 'the baseline view is hidden');
    assert.ok(!(await target.innerText()).includes(LEGACY), 'no legacy core at target');

    // Before and after: current against target by default, then wave-1 against target.
    const shown = page.locator('section.comparison:visible');
    assert.equal(await shown.count(), 1, 'one comparison at a time');
    assert.equal(await shown.getAttribute('data-before'), 'current');
    assert.equal(await shown.getAttribute('data-after'), 'target');
    const text = await shown.innerText();
    for (const word of ['added', 'removed', 'changed']) assert.ok(text.includes(word), `marked ${word}`);
    await page.selectOption('#compare-before', 'wave-1');
    assert.equal(await page.locator('section.comparison:visible').getAttribute('data-before'), 'wave-1');
    await page.selectOption('#compare-before', 'target');
    assert.equal(await page.locator('section.comparison:visible').count(), 0, 'no comparison of a plateau with itself');
    assert.ok(await page.locator('#compare-none').isVisible(), 'it says so');
    await page.selectOption('#compare-before', 'current');
    await page.locator('#before-after').scrollIntoViewIfNeeded();
    await assertAccessible(page, 'journey before/after');
    await screenshot(page, 'journey-before-after.png');
  } finally {
    await done();
  }
});

test('the to-be journey opens at its last plateau without the legacy core', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'journeys/jrn-account-opening-digital.html'), { waitUntil: 'load' });
    assert.equal(await page.locator('#journey-switcher button[data-plateau="target"]').getAttribute('aria-pressed'), 'true');
    const target = page.locator('#view-target');
    assert.ok(await target.isVisible());
    assert.ok(!(await target.innerText()).includes(LEGACY));
    assert.equal(await page.locator('#view-current').count(), 0, 'no view before it exists');
    assert.ok(await page.locator('table.journey-kpis tbody tr').count() >= 1, 'its KPIs');
    assertClean(problems, 'to-be journey');
  } finally {
    await done();
  }
});

test('personas and the omnichannel matrix', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'personas.html'), { waitUntil: 'load' });
    assert.equal(await page.locator('article.persona').count(), 6, 'a card per persona');
    const margaret = page.locator('#persona-per-branch-loyal');
    const card = await margaret.innerText();
    assert.ok(card.includes('Bank close to home'), 'her journey');
    assert.ok(card.includes('Moments that matter'), 'her moments');
    assertClean(problems, 'personas');
    await assertAccessible(page, 'personas');
    await screenshot(page, 'personas.png');

    for (const k of Object.keys(problems)) problems[k].length = 0;
    await page.goto(url(SITE, 'channels.html'), { waitUntil: 'load' });
    assert.ok(await page.locator('#channels-target').isVisible(), 'opens at the target');
    assert.ok(!(await page.locator('#channels-current').isVisible()));
    assert.ok((await page.locator('#channels-target thead').innerText()).includes('video'));
    await page.click('#channel-switcher button[data-plateau="current"]');
    assert.ok(await page.locator('#channels-current').isVisible(), 'switched to current');
    assert.ok(!(await page.locator('#channels-current thead').innerText()).includes('video'), 'no video adviser yet');
    assert.ok((await page.locator('#channels-current thead').innerText()).includes('post'));
    assertClean(problems, 'channels');
    await assertAccessible(page, 'channels');
    await screenshot(page, 'channels.png');
  } finally {
    await done();
  }
});
