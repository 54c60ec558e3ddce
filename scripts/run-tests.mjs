#!/usr/bin/env node
// Runs every unit and integration test of the workspace with node:test, straight from the TypeScript
// sources (tsx + the "@isobar/source" export condition), so no build is needed between an edit and a test.
// Usage: node scripts/run-tests.mjs [path-filter ...]
import { spawn } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function collect(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = [];
for (const group of ['packages', 'examples']) {
  const base = join(root, group);
  if (!existsSync(base)) continue;
  for (const pkg of readdirSync(base)) collect(join(base, pkg, 'test'), files);
}
collect(join(root, 'scripts', 'test'), files);
const filters = process.argv.slice(2);
const selected = files
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (selected.length === 0) {
  console.error('run-tests: no test file matched', filters.join(' '));
  process.exit(1);
}

const args = [
  '--conditions=@isobar/source',
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  `--test-concurrency=${process.env.ISOBAR_TEST_CONCURRENCY ?? '2'}`,
  ...selected,
];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
