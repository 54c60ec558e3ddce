// Memory per task of the engine for a 100k-task suite (each task with an event, a meter, a label and a trigger).
// Run: node --expose-gc --conditions=@isobar/source --import tsx bench/engine-memory/memory.ts [tasks]
import { parseDefs } from '@isobar/protocol/defs';
import { createEngine } from '@isobar/core';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

function heap(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

function suiteText(tasks: number): string {
  const perFamily = 100;
  const lines = ['suite big'];
  for (let f = 0; f < tasks / perFamily; f++) {
    lines.push(`  family f${f}`);
    for (let t = 0; t < perFamily; t++) {
      lines.push(`    task t${t}`, '      event done', '      meter progress 0 100', '      label info ""');
      if (t > 0) lines.push(`      trigger t${t - 1} == complete`);
    }
    lines.push('  endfamily');
  }
  lines.push('endsuite');
  return lines.join('\n') + '\n';
}

const tasks = Number(process.argv[2] ?? 100_000);

function measure(capacity: number): { loaded: number; begun: number; keep: unknown } {
  const engine = createEngine({ changeLogCapacity: capacity });
  const empty = heap();
  engine.load(parseDefs(suiteText(tasks), { file: 'big.def' }));
  const loaded = heap() - empty;
  engine.begin('big');
  const begun = heap() - empty;
  return { loaded, begun, keep: engine };
}

// The ring buffer holds recent records (the load's definition text, begin's node records), so the tree alone is
// measured with a buffer of one record, and the engine with its default of 10000.
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
console.log(
  JSON.stringify({
    tasks,
    treeKbPerTask: kb(treeOnly.begun),
    ringKbPerTask: kb(withLog.begun),
    targetKb: 0.8,
    ratio: kb(treeOnly.begun) / 0.8,
  }),
);
