// Accessibility of every page of the Northwind site: axe-core at WCAG 2.1 AA on each
// top-level page, an element page and a journey page, in each state its buttons put it
// in; and every button, select and field reachable and operable from the keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { SITE, requireSite, url, watchedPage, assertClean, assertAccessible, skipWithoutChromium } from './support.mjs';

/** The pages checked: every top-level page, the first element and journey page. */
function pages() {
  const top = readdirSync(SITE).filter((f) => f.endsWith('.html')).sort();
  const first = (dir) => {
    const files = readdirSync(path.join(SITE, dir)).filter((f) => f.endsWith('.html')).sort();
    return files.length ? [`${dir}/${files[0]}`] : [];
  };
  return [...top, ...first('elements'), ...first('journeys')];
}

test('every page passes axe-core at WCAG 2.1 AA, in every state of its buttons', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    const checked = pages();
    assert.ok(checked.length >= 10, `pages: ${checked}`);
    for (const file of checked) {
      await page.goto(url(SITE, file), { waitUntil: 'load' });
      await assertAccessible(page, file);
      // Each visible toggle button changes what the page shows: check each state.
      const buttons = page.locator('main button[aria-pressed]:visible');
      const n = Math.min(await buttons.count(), 12);
      for (let i = 0; i < n; i += 1) {
        const button = buttons.nth(i);
        if (!(await button.isVisible())) continue;
        await button.click();
        await assertAccessible(page, `${file} after pressing "${(await button.innerText()).trim()}"`);
      }
    }
    assertClean(problems, 'the pages');
  } finally {
    await done();
  }
});

test('every control on a page can be reached and used from the keyboard', async (t) => {
  if (skipWithoutChromium(t)) return;
  requireSite(SITE);
  const { page, problems, done } = await watchedPage();
  try {
    for (const file of pages()) {
      await page.goto(url(SITE, file), { waitUntil: 'load' });
      const controls = await page.$$eval('main button, main select, main input, main summary', (els) =>
        els.filter((e) => e.offsetParent !== null).map((e) => e.outerHTML.slice(0, 80)));
      if (controls.length === 0) continue;
      const reached = new Set();
      // Tab through the page once (bounded), noting each control that takes the focus.
      for (let i = 0; i < 600 && reached.size < controls.length; i += 1) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const e = document.activeElement;
          return e && e.closest('main') && /^(BUTTON|SELECT|INPUT|SUMMARY)$/.test(e.tagName)
            ? e.outerHTML.slice(0, 80) : null;
        });
        if (focused) reached.add(focused);
      }
      const missed = controls.filter((c) => !reached.has(c));
      assert.deepEqual(missed, [], `${file}: controls the keyboard never reaches`);

      // The first toggle button answers to the keyboard as to the mouse.
      // (A handle, not a locator: a locator would find the next unpressed button.)
      const toggle = await page.$('main button[aria-pressed="false"]:visible');
      if (toggle) {
        await toggle.focus();
        await page.keyboard.press('Enter');
        assert.equal(await toggle.getAttribute('aria-pressed'), 'true', `${file}: Enter presses a toggle`);
      }
    }
    assertClean(problems, 'the pages');
  } finally {
    await done();
  }
});
