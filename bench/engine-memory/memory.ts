// Memory per task of the engine for a 100k-task suite (each task with an event, a meter, a label and a trigger).
// Run: node --expose-gc --conditions=@isobar/source --import tsx bench/engine-memory/memory.ts [tasks]
import { parseDefs } from '@isobar/protocol/defs';
import { createEngine, type Engine } from '@isobar/core';
import { suiteText } from './suite-text.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

function heap(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

const tasks = Number(process.argv[2] ?? 100_000);

// Parsing and loading happen in their own frame: a caller that still holds the parsed Defs in a local (or in
// an interpreter register, as `engine.load(parseDefs(text))` written inline does) would have it counted too:
// that was 0.8 KB/task of the 1.67 KB/task first measured "after load".
function load(engine: Engine, count: number): void {
  engine.load(parseDefs(suiteText(count), { file: 'big.def' }));
}

function measure(capacity: number, count = tasks): { loaded: number; begun: number; keep: unknown } {
  const engine = createEngine({ changeLogCapacity: capacity });
  const empty = heap();
  load(engine, count);
  const loaded = heap() - empty;
  engine.begin('big');
  const begun = heap() - empty;
  return { loaded, begun, keep: engine };
}

// The ring buffer holds recent records (begin's node records; not the load's definition text, longer than its
// 1 MiB limit), so the tree alone is measured with a buffer of one record, and the engine with its default.
// A small warm-up first, so code compiled on first use is not counted as the first measurement's.
measure(10_000, 2000);
const treeOnly = measure(1);
treeOnly.keep = undefined;
const withLog = measure(10_000);
const kb = (bytes: number) => Number((bytes / tasks / 1024).toFixed(3));
const rows: [string, number][] = [
  ['tree, after load', kb(treeOnly.loaded)],
  ['tree, after begin', kb(treeOnly.begun)],
  ['tree + 10000-record ring, after load', kb(withLog.loaded)],
  ['tree + 10000-record ring, after begin', kb(withLog.begun)],
];
console.log(`tasks: ${tasks} (each: event, meter, label, trigger)`);
for (const [label, value] of rows) console.log(`${label.padEnd(40)} ${value.toFixed(3)} KB/task`);
const worst = Math.max(...rows.map(([, value]) => value));
console.log(
  JSON.stringify({
    tasks,
    loadedKbPerTask: kb(withLog.loaded),
    begunKbPerTask: kb(withLog.begun),
    treeKbPerTask: kb(treeOnly.begun),
    targetKb: 0.8,
    ratio: Number((worst / 0.8).toFixed(3)),
  }),
);
