// Scheduler benchmark: load + begin of the defs-parse suite (families x 100 tasks, each triggered by its
// predecessor), then one task completion and the submission it causes, at 1k, 10k and 100k tasks; memory per task
// and RSS, side by side with ecFlow 5.9.2's server holding the same suite.
// Run: node --expose-gc --conditions=@isobar/source --import tsx bench/engine/engine.ts [--no-ecflow]
import { parseDefs } from '@isobar/protocol/defs';
import { createEngine, createScheduler, VirtualClock, type Engine, type SubmittableNode } from '@isobar/core';
import { generateSuite } from '../defs-parse/generate.js';
import { ecflowServerRss } from './ecflow-rss.js';

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface Row {
  tasks: number;
  loadBeginMs: number;
  completionMedianMs: number;
  heapPerTaskKb: number;
  rssMb: number;
}

function run(tasks: number): { row: Row; keep: Engine } {
  const text = generateSuite({ families: tasks / 100, tasksPerFamily: 100 });
  const clock = new VirtualClock(Date.UTC(2024, 0, 1));
  const submitted: SubmittableNode[] = [];
  const engine = createEngine({ clock, submitter: { submit: (t) => void submitted.push(t) }, changeLogCapacity: 1000 });
  const scheduler = createScheduler(engine, { clock, autoRun: false });
  const empty = heap();
  const defs = parseDefs(text, { file: 'bench.def' });
  const t0 = performance.now();
  engine.load(defs);
  engine.begin('bench');
  scheduler.flush();
  const loadBeginMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < 300 && submitted.length > 0; i++) {
    const task = submitted.shift() as SubmittableNode;
    const who = { path: task.path, password: task.password };
    engine.childInit(who, '1');
    const start = performance.now();
    engine.childComplete(who);
    scheduler.flush();
    times.push(performance.now() - start);
  }
  const heapPerTaskKb = (heap() - empty) / tasks / 1024;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  return { row: { tasks, loadBeginMs, completionMedianMs: median(times), heapPerTaskKb, rssMb }, keep: engine };
}

const rows: Row[] = [];
for (const tasks of [1_000, 10_000, 100_000]) {
  const { row, keep } = run(tasks);
  rows.push(row);
  void keep;
}
const withEcflow = !process.argv.includes('--no-ecflow');
const ecflowRssMb = withEcflow ? await ecflowServerRss(generateSuite()) : undefined;
console.log('tasks     load+begin ms   completion median ms   heap KB/task   process RSS MB');
for (const r of rows) {
  console.log(
    `${String(r.tasks).padEnd(9)} ${r.loadBeginMs.toFixed(0).padStart(13)} ${r.completionMedianMs.toFixed(3).padStart(22)} ${r.heapPerTaskKb.toFixed(2).padStart(14)} ${r.rssMb.toFixed(0).padStart(16)}`,
  );
}
const big = rows[rows.length - 1] as Row;
if (ecflowRssMb !== undefined)
  console.log(`ecflow_server 5.9.2 RSS with the 100k suite loaded: ${ecflowRssMb.toFixed(0)} MB`);
console.log(
  JSON.stringify({
    bench: 'engine',
    rows,
    ecflowRssMb,
    rssRatioVsEcflow: ecflowRssMb === undefined ? undefined : big.rssMb / ecflowRssMb,
    completionRatio100kVs1k: big.completionMedianMs / (rows[0]?.completionMedianMs ?? 1),
  }),
);
