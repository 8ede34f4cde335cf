// Bundles src/extension.ts and everything it imports (vscode-languageclient and its
// dependencies) into dist/extension.js, so the .vsix needs no node_modules. `vscode`
// itself is provided by the editor at run time and stays external.
//
// The bundle carries third-party code, so their licences go with it: every package
// that ends up in the bundle is listed, with its licence text, in
// dist/THIRD_PARTY_NOTICES.txt.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const result = await esbuild.build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  external: ['vscode'],
  platform: 'node',
  format: 'cjs',
  // VS Code 1.91, the oldest the extension supports (engines.vscode), runs Node.js 20.
  target: 'node20',
  minify: true,
  metafile: true,
  logLevel: 'info',
});

// The package directories (node_modules/NAME or node_modules/@SCOPE/NAME) of the inputs.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) {
    packages.add(match[1]);
  }
}

const sections = [...packages].sort().map((dir) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  // The licence, and the package's own notices for code it took from others.
  const files = fs
    .readdirSync(dir)
    .sort()
    .filter((name) => /^(licen[cs]e|copying)|notice/i.test(name));
  if (!files.some((name) => /^(licen[cs]e|copying)/i.test(name))) {
    throw new Error(`${manifest.name} is bundled but has no licence file`);
  }
  const texts = files.map((name) => fs.readFileSync(path.join(dir, name), 'utf8').trim());
  return `${manifest.name} ${manifest.version} (${manifest.license})\n\n${texts.join('\n\n')}\n`;
});

fs.writeFileSync(
  'dist/THIRD_PARTY_NOTICES.txt',
  'dist/extension.js bundles the following packages, under the licences below.\n\n' +
    sections.join(`\n${'-'.repeat(79)}\n\n`),
);
console.log(`  dist/THIRD_PARTY_NOTICES.txt  ${packages.size} packages`);
