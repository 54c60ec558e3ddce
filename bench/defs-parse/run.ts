// Benchmark (issue 3): parse and write a 100,000-task suite with @isobar/protocol/defs, side by side with
// ecFlow 5.9.2's Python `ecflow.Defs(file)` and `str(defs)`. Prints a Markdown table and one JSON line.
//
// Built output (what users run; build first with `npx tsc -b`):
//   node --expose-gc --import tsx bench/defs-parse/run.ts [--runs N]
// From source (adds tsx's transform helpers to the measured code):
//   node --conditions=@isobar/source --expose-gc --import tsx bench/defs-parse/run.ts [--runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { parseDefs, writeDefs, type Defs } from '@isobar/protocol/defs';
import { generateSuite } from './generate.js';
import { describeBuild } from './which-build.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run node with --expose-gc');
const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const RUNS = Number(args.runs);

// GC pauses, delivered asynchronously by the observer: a run's pauses are those that start inside it.
const gcPauses: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push({ start: entry.startTime, duration: entry.duration });
}).observe({ entryTypes: ['gc'] });

interface Timing {
  /** Wall-clock seconds. */
  wall: number;
  /** Process CPU seconds (GC helper threads included). */
  cpu: number;
  /** Seconds of GC pauses during the run. */
  gc: number;
}

/** The best (least disturbed: minimum wall-clock) of `runs` calls on a shared machine. */
async function best(runs: number, fn: () => void): Promise<Timing> {
  let result: Timing = { wall: Infinity, cpu: Infinity, gc: NaN };
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    const end = performance.now();
    const used = process.cpuUsage(cpuStart);
    await new Promise((resolve) => setTimeout(resolve, 50)); // lets the observer deliver the run's entries
    const wall = (end - start) / 1e3;
    if (wall >= result.wall) continue;
    const pauses = gcPauses.filter((pause) => pause.start >= start && pause.start < end);
    const gcMs = pauses.reduce((sum, pause) => sum + pause.duration, 0);
    result = { wall, cpu: (used.user + used.system) / 1e6, gc: gcMs / 1e3 };
  }
  return result;
}

/**
 * Heap of the parsed tree, after full GCs: `objects` = heap with tree and text minus heap with the text only;
 * `retained` = heap with the tree after the text is dropped minus heap before the text existed (the tree's
 * strings are slices of the text, so this includes the text the tree keeps alive).
 */
function treeHeapMb(): { objects: number; retained: number } {
  const used = (): number => {
    gc!();
    return process.memoryUsage().heapUsed / 1e6;
  };
  const start = used();
  let source = generateSuite();
  const withText = used();
  const defs = parseDefs(source);
  const withTree = used();
  source = '';
  const treeOnly = used();
  if (defs.suites.length !== 1 || source !== '') throw new Error('unexpected tree');
  return { objects: withTree - withText, retained: treeOnly - start };
}

function ecflowTimes(file: string): { load: number; write: number } | undefined {
  const code = [
    'import time, ecflow',
    'load, write = [], []',
    `for _ in range(${Math.min(RUNS, 3)}):`,
    `    t = time.perf_counter(); d = ecflow.Defs(${JSON.stringify(file)}); load.append(time.perf_counter() - t)`,
    '    t = time.perf_counter(); s = str(d); write.append(time.perf_counter() - t)',
    'print(min(load), min(write))',
  ].join('\n');
  const run = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  const [load = NaN, write = NaN] = run.stdout.trim().split(' ').map(Number);
  return { load, write };
}

const text = generateSuite();
const distinct = generateSuite({ distinctTriggers: true });
const dir = mkdtempSync(join(tmpdir(), 'isobar-bench-defs-'));
const file = join(dir, 'bench.def');
writeFileSync(file, text);

const heap = treeHeapMb();
let defs: Defs = parseDefs(text);
const parse = await best(RUNS, () => (defs = parseDefs(text)));
const load = await best(RUNS, () => (defs = parseDefs(readFileSync(file, 'utf8'))));
const parseDistinct = await best(RUNS, () => void parseDefs(distinct));
let out = '';
const write = await best(RUNS, () => (out = writeDefs(defs)));
const ecflow = ecflowTimes(file);
rmSync(dir, { recursive: true, force: true });
if (out !== text.replace('suite bench', '#5.9.2\nsuite bench') + '# enddef\n')
  throw new Error('writeDefs output differs');

const fixed = (value: number | undefined, digits = 3): string =>
  value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
const ratio = (a: number | undefined, b: number): number | undefined => (a === undefined ? undefined : a / b);
const rows: [string, string, string, string, string][] = [
  ['parse 13.3 MB text (s)', fixed(parse.wall), fixed(parse.cpu), fixed(parse.gc), '<= 0.4'],
  ['read file + parse (s)', fixed(load.wall), fixed(load.cpu), fixed(load.gc), ''],
  [
    'parse, every trigger distinct (s)',
    fixed(parseDistinct.wall),
    fixed(parseDistinct.cpu),
    fixed(parseDistinct.gc),
    '',
  ],
  ['write (s)', fixed(write.wall), fixed(write.cpu), fixed(write.gc), '<= 0.25'],
  ['heap retained by parsed tree, text dropped (MB)', fixed(heap.retained, 1), '', '', '<= 100'],
  ['heap of tree objects, text kept (MB)', fixed(heap.objects, 1), '', '', ''],
  ['ecflow.Defs(file) (s)', fixed(ecflow?.load), '', '', ''],
  ['ecFlow str(defs) (s)', fixed(ecflow?.write), '', '', ''],
  ['ecFlow load / isobar read+parse', fixed(ratio(ecflow?.load, load.wall), 2), '', '', ''],
  ['ecFlow str / isobar write', fixed(ratio(ecflow?.write, write.wall), 2), '', '', ''],
];
console.log(`defs-parse: ${describeBuild()}, best of ${RUNS}, load average ${loadavg()[0]!.toFixed(1)}`);
console.log('| measure | wall | cpu | GC pauses | target |\n| --- | --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(
  JSON.stringify({
    bench: 'defs-parse',
    build: describeBuild(),
    tasks: 100000,
    textBytes: text.length,
    parseSeconds: parse.wall,
    parseGcSeconds: parse.gc,
    readParseSeconds: load.wall,
    parseDistinctTriggersSeconds: parseDistinct.wall,
    writeSeconds: write.wall,
    writeGcSeconds: write.gc,
    heapMB: heap.retained,
    treeObjectsMB: heap.objects,
    ecflowLoadSeconds: ecflow?.load ?? null,
    ecflowWriteSeconds: ecflow?.write ?? null,
    ratioEcflowLoadOverIsobar: ratio(ecflow?.load, load.wall) ?? null,
    ratioEcflowWriteOverIsobar: ratio(ecflow?.write, write.wall) ?? null,
  }),
);
