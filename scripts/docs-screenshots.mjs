// The screenshots of docs/site.md: the first screen of each page of the Northwind site,
// in the state the page is described in. Run from the repository root after
//
//   target/release/tomc build examples/northwind-bank -o target/site-northwind
//   (cd tests/browser && npm ci)
//
// with `node scripts/docs-screenshots.mjs`. It writes docs/screenshots/<name>.png.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO, SITE, browser, url, requireSite } from '../tests/browser/support.mjs';

const OUT = path.join(REPO, 'docs', 'screenshots');

// [file name, page, what to do before the shot, element to shoot (the first screen if none)]
const SHOTS = [
  ['summary.png', 'index.html'],
  ['strategy.png', 'strategy.html'],
  ['heatmap.png', 'heatmap.html'],
  ['heatmap-gap.png', 'heatmap.html', (p) => p.click('#plateau-switcher button[data-mode="gap"]')],
  ['heatmap-sourcing.png', 'heatmap.html', (p) => p.click('#colour-switcher button[data-colour="sourcing"]')],
  ['heatmap-compare.png', 'heatmap.html', null, '#heatmap-compare'],
  ['journey.png', 'journeys/jrn-branch-banking.html'],
  ['journey-before-after.png', 'journeys/jrn-branch-banking.html', null, 'section.comparison:not([hidden])'],
  ['personas.png', 'personas.html'],
  ['channels.png', 'channels.html'],
  ['kpis.png', 'kpis.html'],
  ['roadmap.png', 'roadmap.html'],
  ['gaps.png', 'gaps.html'],
  ['insights.png', 'insights.html'],
  ['element.png', 'elements/cap-digital-onboarding.html'],
];

requireSite(SITE);
mkdirSync(OUT, { recursive: true });
const b = await browser();
try {
  const page = await b.newPage({ viewport: { width: 1280, height: 900 } });
  for (const [name, file, before, selector] of SHOTS) {
    if (!existsSync(path.join(SITE, file))) {
      console.log(`skipped ${name}: no ${file}`);
      continue;
    }
    await page.goto(url(SITE, file), { waitUntil: 'load' });
    if (before) await before(page);
    const target = selector ? page.locator(selector).first() : null;
    if (target && (await target.count()) > 0) {
      await target.scrollIntoViewIfNeeded();
      await target.screenshot({ path: path.join(OUT, name) });
    } else {
      await page.screenshot({ path: path.join(OUT, name) });
    }
    console.log(`wrote docs/screenshots/${name}`);
  }
} finally {
  await b.close();
}
