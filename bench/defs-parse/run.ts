// Benchmark: parse/write a 100,000-task suite with @isobar/protocol/defs, side by side with ecFlow 5.9.2's
// Python `ecflow.Defs(file)`. Run: node --expose-gc --import tsx bench/defs-parse/run.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDefs, writeDefs } from '@isobar/protocol/defs';
import { generateSuite } from './generate.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run node with --expose-gc');

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return min;
}

function ecflowLoad(file: string): number | undefined {
  const code = `import time, ecflow\nt=time.perf_counter()\necflow.Defs(${JSON.stringify(file)})\nprint(time.perf_counter()-t)`;
  const run = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim()) : undefined;
}

const text = generateSuite();
const dir = mkdtempSync(join(tmpdir(), 'isobar-bench-defs-'));
const file = join(dir, 'bench.def');
writeFileSync(file, text);

gc();
const before = process.memoryUsage().heapUsed;
let defs = parseDefs(text);
gc();
const heapMb = (process.memoryUsage().heapUsed - before) / 1e6;
const parseS = best(5, () => (defs = parseDefs(text)));
let out = '';
const writeS = best(5, () => (out = writeDefs(defs)));
const ecflowS = ecflowLoad(file);
rmSync(dir, { recursive: true, force: true });

const rows = [
  ['text size (MB)', (text.length / 1e6).toFixed(1), ''],
  ['parse (s)', parseS.toFixed(3), '<= 0.4'],
  ['write (s)', writeS.toFixed(3), '<= 0.25'],
  ['heap of tree (MB)', heapMb.toFixed(1), '<= 100'],
  ['ecflow.Defs load (s)', ecflowS === undefined ? 'n/a' : ecflowS.toFixed(3), ''],
  ['ecflow / isobar parse', ecflowS === undefined ? 'n/a' : (ecflowS / parseS).toFixed(2), ''],
];
console.log('| measure | value | target |\n| --- | --- | --- |');
for (const [name, value, target] of rows) console.log(`| ${name} | ${value} | ${target} |`);
console.log(
  JSON.stringify({
    bench: 'defs-parse',
    tasks: 100000,
    textBytes: text.length,
    outBytes: out.length,
    parseSeconds: parseS,
    writeSeconds: writeS,
    heapMB: heapMb,
    ecflowLoadSeconds: ecflowS ?? null,
    ratioEcflowOverIsobar: ecflowS === undefined ? null : ecflowS / parseS,
  }),
);
void defs;
