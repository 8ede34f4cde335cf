// `tomc build --pdf` with the real Chromium: the summary prints, every page of it
// renders (pdftoppm), it holds the story pages in order, and two builds give the same
// bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, copyFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, CHROMIUM, SHOTS, skipWithoutChromium } from './support.mjs';

const TOMC = path.join(REPO, 'target', 'release', 'tomc');

function buildPdf(out) {
  execFileSync(TOMC, ['build', '--pdf', path.join(REPO, 'examples', 'northwind-bank'), '-o', out], {
    env: { ...process.env, TOMC_CHROMIUM: CHROMIUM },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return readFileSync(path.join(out, 'summary.pdf'));
}

/** The darkest grey level and the share of non-white pixels of a binary PGM (P5). */
function ink(pgm) {
  const header = pgm.subarray(0, 64).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  assert.ok(m, 'pdftoppm writes binary PGM');
  const [w, h] = [Number(m[1]), Number(m[2])];
  const pixels = pgm.subarray(m[0].length, m[0].length + w * h);
  let darkest = 255;
  let inked = 0;
  for (const p of pixels) {
    if (p < darkest) darkest = p;
    if (p < 200) inked += 1;
  }
  return { darkest, share: inked / pixels.length };
}

test('tomc build --pdf prints the summary, and every page of it renders', (t) => {
  if (skipWithoutChromium(t)) return;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tomc-pdf-'));
  try {
    const first = buildPdf(path.join(tmp, 'site'));
    assert.equal(first.subarray(0, 5).toString('latin1'), '%PDF-');

    const pdf = path.join(tmp, 'site', 'summary.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
    assert.ok(pages >= 4, `the summary has ${pages} pages:\n${info}`);
    assert.match(info, /^Title:\s+Northwind Bank · summary$/m);
    assert.match(info, /^Page size:.*\(A4\)$/m);

    // Every page renders, and none is blank.
    const raster = path.join(tmp, 'raster');
    mkdirSync(raster);
    execFileSync('pdftoppm', ['-r', '24', '-gray', pdf, path.join(raster, 'p')]);
    const rendered = readdirSync(raster).filter((f) => f.endsWith('.pgm')).sort();
    assert.equal(rendered.length, pages);
    for (const f of rendered) {
      const { darkest, share } = ink(readFileSync(path.join(raster, f)));
      assert.ok(darkest < 180 && share > 0.002, `${f} looks blank (darkest ${darkest}, ink ${share})`);
    }
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', pdf, path.join(SHOTS, 'summary-pdf')]);

    // The story, in order: summary, strategy map, roadmap; no navigation printed.
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const order = ['Northwind Bank', 'Strategy map', 'Roadmap'].map((s) => text.indexOf(s));
    assert.ok(order.every((at) => at >= 0), `missing part: ${order}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, `out of order: ${order}`);
    assert.ok(!text.includes('Search elements'), 'the navigation stays out of print');

    // Two builds, the same bytes: the dates Chromium writes are fixed.
    const second = buildPdf(path.join(tmp, 'site'));
    assert.ok(first.equals(second), 'two builds give different PDFs');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
