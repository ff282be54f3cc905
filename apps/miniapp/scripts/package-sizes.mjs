#!/usr/bin/env node
// Package size budget for the built app.
//
// weapp: sizes of the main package and of each subpackage (roots from dist/weapp/app.json).
//   Fails (exit 1) when the main package is over 1 MB (our budget) or any package is over 2 MB
//   (WeChat's limit per package). Source maps are not uploaded and are not counted.
// h5: the first-load JavaScript, i.e. the scripts dist/h5/index.html references, raw and gzipped.
//
// Usage: node scripts/package-sizes.mjs   (after build:weapp and build:h5)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const weappDir = join(appDir, 'dist', 'weapp');
const h5Dir = join(appDir, 'dist', 'h5');

const MB = 1024 * 1024;
const MAIN_BUDGET = 1 * MB;
const PACKAGE_LIMIT = 2 * MB;

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

const problems = [];

function checkWeapp() {
  const appJsonPath = join(weappDir, 'app.json');
  if (!existsSync(appJsonPath)) {
    problems.push(`${relative(appDir, appJsonPath)} not found: run build:weapp first`);
    return;
  }
  const appJson = JSON.parse(readFileSync(appJsonPath, 'utf8'));
  const roots = [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])]
    .map((p) => String(p.root).replace(/^\/+|\/+$/g, ''))
    .filter(Boolean);

  const sizes = new Map([['(main)', 0], ...roots.map((root) => [root, 0])]);
  for (const file of walk(weappDir)) {
    if (file.endsWith('.map')) continue;
    const rel = relative(weappDir, file).split(sep).join('/');
    const root = roots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? '(main)';
    sizes.set(root, sizes.get(root) + statSync(file).size);
  }

  console.log('weapp packages');
  for (const [name, size] of sizes) {
    const limit = name === '(main)' ? MAIN_BUDGET : PACKAGE_LIMIT;
    const over = size > limit;
    console.log(`  ${over ? '✗' : '✓'} ${name.padEnd(24)} ${kb(size).padStart(10)}   limit ${kb(limit)}`);
    if (over) problems.push(`${name} is ${kb(size)}, over ${kb(limit)}`);
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  console.log(`    ${'total'.padEnd(24)} ${kb(total).padStart(10)}`);
}

function checkH5() {
  const indexPath = join(h5Dir, 'index.html');
  if (!existsSync(indexPath)) {
    problems.push(`${relative(appDir, indexPath)} not found: run build:h5 first`);
    return;
  }
  const html = readFileSync(indexPath, 'utf8');
  const sources = [...html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1]);
  let raw = 0;
  let gzip = 0;
  console.log('h5 first-load JS (scripts in index.html)');
  for (const src of sources) {
    if (/^(https?:)?\/\//.test(src)) {
      console.log(`    ${src} (external, not counted)`);
      continue;
    }
    const file = join(h5Dir, src.replace(/^\/+/, '').split(/[?#]/)[0]);
    if (!existsSync(file)) {
      problems.push(`index.html references ${src}, which is not in dist/h5`);
      continue;
    }
    const content = readFileSync(file);
    const zipped = gzipSync(content, { level: 9 }).length;
    raw += content.length;
    gzip += zipped;
    console.log(`    ${src.padEnd(28)} ${kb(content.length).padStart(10)}   gzip ${kb(zipped)}`);
  }
  console.log(`    ${'total'.padEnd(28)} ${kb(raw).padStart(10)}   gzip ${kb(gzip)}`);
}

checkWeapp();
console.log('');
checkH5();

if (problems.length > 0) {
  console.error(`\nsize check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
