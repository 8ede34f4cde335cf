// The gap report page and the heat map's gap mode in Chromium: the grouping buttons
// switch the view, detail opens, parents show their children's uplift, and both pass
// axe-core at WCAG 2.1 AA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  SITE, SHOTS, requireSite, url, watchedPage, assertClean, assertAccessible, screenshot, skipWithoutChromium,
} from './support.mjs';

test('gap report: by initiative, then by capability, each with its detail', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'gaps.html'), { waitUntil: 'load' });
    const byInitiative = page.locator('[data-view-panel="by-initiative"]');
    const byCapability = page.locator('[data-view-panel="by-capability"]');
    assert.ok(await byInitiative.isVisible(), 'by initiative shows first');
    assert.ok(!(await byCapability.isVisible()), 'by capability waits for its button');
    assert.match(await page.locator('#people').locator('xpath=following-sibling::p[1]').innerText(),
      /^Headcount [\d,]+ → [\d,]+ \([+-]?[\d,]+\)\.$/);

    // The core migration's systems, collapsed until opened.
    const group = byInitiative.locator('section.gap-group')
      .filter({ has: page.locator('h4', { hasText: 'Migrate to cloud core banking' }) });
    const systems = group.locator('details').filter({ has: page.locator('summary', { hasText: /^Systems/ }) });
    assert.ok(!(await systems.locator('table').isVisible()), 'detail is collapsed');
    await systems.locator('summary').click();
    assert.ok(await systems.locator('table').isVisible(), 'detail opens');
    assert.match(await systems.locator('table').innerText(), /Cloud core banking platform\tchanged\tlifecycle: plan → active/);
    await assertAccessible(page, 'gaps.html by initiative');
    await screenshot(page, 'gaps.png');

    await page.click('button[data-view="by-capability"]');
    assert.ok(await byCapability.isVisible(), 'by capability shows');
    assert.ok(!(await byInitiative.isVisible()), 'by initiative hides');
    assert.equal(await page.getAttribute('button[data-view="by-capability"]', 'aria-pressed'), 'true');
    const onboarding = byCapability.locator('section.gap-group')
      .filter({ has: page.locator('h4', { hasText: /^Digital Onboarding/ }) });
    assert.match(await onboarding.innerText(), /maturity 1 → 4/);
    await assertAccessible(page, 'gaps.html by capability');
    await screenshot(page, 'gaps-by-capability.png');
    assertClean(problems, 'gaps.html');
  } finally {
    await done();
  }
});

test('heat map gap mode: a parent shows its children\'s mean uplift, not 0', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'heatmap.html'), { waitUntil: 'load' });
    const parent = page.locator('#heatmap .cap[data-id="cap-customer-engagement"] > .cap-head > .cap-score');
    await page.click('#plateau-switcher button[data-mode="gap"]');
    assert.equal((await parent.innerText()).trim(), 'avg +2.5');
    const leaf = page.locator('#heatmap .cap[data-id="cap-digital-onboarding"] > .cap-head > .cap-score');
    assert.equal((await leaf.innerText()).trim(), '+3');
    await assertAccessible(page, 'heatmap.html gap mode');
    await screenshot(page, 'heatmap-gap.png');
    assertClean(problems, 'heatmap.html');
  } finally {
    await done();
  }
});

test('heat map: the sourcing overlay and the side by side of two plateaus', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    await page.goto(url(SITE, 'heatmap.html'), { waitUntil: 'load' });
    const cap = (scope, id) => page.locator(`${scope} .cap[data-id="${id}"]`);
    const score = (scope, id) => cap(scope, id).locator(':scope > .cap-head > .cap-score');

    // Sourcing at the target, in words beside the colour; then at the baseline.
    await page.click('#colour-switcher button[data-colour="sourcing"]');
    assert.equal((await score('#heatmap', 'cap-conversational-service').innerText()).trim(), 'partner');
    assert.match(await cap('#heatmap', 'cap-conversational-service').getAttribute('class'), /\bs-partner\b/);
    await page.click('#plateau-switcher button[data-plateau="current"]');
    assert.equal((await score('#heatmap', 'cap-conversational-service').innerText()).trim(), 'absent');
    // Back to maturity: the level at the chosen plateau.
    await page.click('#colour-switcher button[data-colour="maturity"]');
    assert.equal((await score('#heatmap', 'cap-digital-onboarding').innerText()).trim(), '1');
    await assertAccessible(page, 'heatmap.html sourcing');
    await page.click('#colour-switcher button[data-colour="sourcing"]');
    await page.click('#plateau-switcher button[data-plateau="target"]');
    await screenshot(page, 'heatmap-sourcing.png');

    // Side by side: baseline and target by default, moved levels marked.
    const compare = page.locator('#heatmap-compare');
    assert.ok(await compare.isVisible(), 'the side by side shows with the script');
    const after = '[data-pane="after"]';
    const before = '[data-pane="before"]';
    assert.equal((await score(before, 'cap-digital-onboarding').innerText()).trim(), '1');
    assert.equal((await score(after, 'cap-digital-onboarding').innerText()).trim(), '1 → 4');
    assert.match(await cap(after, 'cap-digital-onboarding').getAttribute('class'), /\bmoved\b/);
    await page.selectOption('#compare-before', 'wave-1');
    assert.equal((await score(after, 'cap-digital-onboarding').innerText()).trim(), '3 → 4');
    assert.equal((await page.locator(`${before} .pane-title`).innerText()).trim(), 'Transition 2027');
    await page.selectOption('#compare-after', 'wave-1');
    assert.equal((await score(after, 'cap-digital-onboarding').innerText()).trim(), '3', 'no move, no arrow');
    await page.selectOption('#compare-before', 'current');
    await page.selectOption('#compare-after', 'target');
    await assertAccessible(page, 'heatmap.html side by side');
    await compare.screenshot({ path: path.join(SHOTS, 'heatmap-compare.png') });
    assertClean(problems, 'heatmap.html');
  } finally {
    await done();
  }
});
