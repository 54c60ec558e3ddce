// Where the engine's heap goes after `load`: takes a heap snapshot and sums self sizes by constructor name.
// Run: node --expose-gc --conditions=@isobar/source --import tsx bench/engine-memory/heap-summary.ts [tasks] [begin]
//   [ring capacity] [--scheduler] (attach a scheduler and run its first turn, as bench/engine does)
//   [--bench-suite] (the defs-parse suite of bench/engine instead of suiteText)
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { parseDefs } from '@isobar/protocol/defs';
import { createEngine, createScheduler, VirtualClock, type Engine } from '@isobar/core';
import { generateSuite } from '../defs-parse/generate.js';
import { suiteText } from './suite-text.js';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Sums self sizes by "type:name" over every node of a heap snapshot file. */
function summarise(file: string): [string, { count: number; bytes: number }][] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const totals = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + typeAt] ?? 0] ?? '?';
    const rawName = data.strings[data.nodes[i + nameAt] ?? 0] ?? '?';
    const name = type === 'string' || type === 'concatenated string' || type === 'sliced string' ? '' : rawName;
    const key = `${type}:${name.slice(0, 60)}`;
    const entry = totals.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += data.nodes[i + sizeAt] ?? 0;
    totals.set(key, entry);
  }
  return [...totals].sort((a, b) => b[1].bytes - a[1].bytes);
}

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const withScheduler = process.argv.includes('--scheduler');
const benchSuite = process.argv.includes('--bench-suite');
const tasks = Number(args[0] ?? 20_000);
// Loading in its own function: a parsed Defs left in the caller's frame would otherwise be counted.
function loaded(): { engine: Engine; flush: () => void } {
  const clock = new VirtualClock(Date.UTC(2024, 0, 1));
  const engine = createEngine({ clock, changeLogCapacity: Number(args[2] ?? 10_000) });
  const scheduler = withScheduler ? createScheduler(engine, { clock, autoRun: false }) : undefined;
  const text = benchSuite ? generateSuite({ families: tasks / 100 }) : suiteText(tasks);
  engine.load(parseDefs(text, { file: 'big.def' }));
  if (args[1] === 'begin') engine.begin(benchSuite ? 'bench' : 'big');
  scheduler?.flush();
  return { engine, flush: () => scheduler?.flush() };
}
const { engine } = loaded();
const file = writeHeapSnapshot(join(tmpdir(), `isobar-heap-${process.pid}.heapsnapshot`));
const rows = summarise(file);
rmSync(file);
let total = 0;
for (const [, { bytes }] of rows) total += bytes;
console.log(`tasks: ${tasks}; heap total ${(total / tasks).toFixed(0)} B/task`);
console.log('bytes/task  count/task  type:constructor');
for (const [key, { count, bytes }] of rows.slice(0, 25)) {
  console.log(`${(bytes / tasks).toFixed(1).padStart(10)}  ${(count / tasks).toFixed(2).padStart(10)}  ${key}`);
}
console.log(JSON.stringify({ tasks, bytesPerTask: Math.round(total / tasks), keep: engine.log.seq > 0 }));
