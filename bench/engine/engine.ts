// Scheduler benchmark: parse, load, begin (and the scheduler's first turn) of the defs-parse suite (families x 100
// tasks, each triggered by its predecessor), then one task completion and the submission it causes, at 1k, 10k and
// 100k tasks; memory per task and RSS, side by side with ecFlow 5.9.2's server holding the same suite.
// Measure the built code (tsx and the source condition distort the figures):
//   npx tsc -b && npx esbuild bench/engine/engine.ts --bundle --platform=node --format=esm --packages=external \
//     --outfile=node_modules/.cache/isobar-bench/engine.mjs && node --expose-gc node_modules/.cache/isobar-bench/engine.mjs
// From source: node --expose-gc --conditions=@isobar/source --import tsx bench/engine/engine.ts [--no-ecflow]
import { parseDefs, type Defs } from '@isobar/protocol/defs';
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
  parseMs: number;
  loadMs: number;
  beginMs: number;
  firstTurnMs: number;
  /** load + begin + the scheduler's first turn (what issue 4's target counts), parse excluded. */
  loadBeginMs: number;
  completionMedianMs: number;
  heapPerTaskKb: number;
  rssMb: number;
}

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const value = work();
  return [value, performance.now() - start];
}

// The text is made and parsed in its own frame so neither it nor the parsed Defs is held (and counted) after
// the load: the 100k-task text alone is 26 MB.
function loadParsed(engine: Engine, tasks: number): { parseMs: number; loadMs: number } {
  const text = generateSuite({ families: tasks / 100, tasksPerFamily: 100 });
  const [defs, parseMs] = timed<Defs>(() => parseDefs(text, { file: 'bench.def' }));
  const [, loadMs] = timed(() => engine.load(defs));
  return { parseMs, loadMs };
}

function run(tasks: number): { row: Row; keep: Engine } {
  const clock = new VirtualClock(Date.UTC(2024, 0, 1));
  const submitted: SubmittableNode[] = [];
  const engine = createEngine({ clock, submitter: { submit: (t) => void submitted.push(t) }, changeLogCapacity: 1000 });
  const scheduler = createScheduler(engine, { clock, autoRun: false });
  const empty = heap();
  const { parseMs, loadMs } = loadParsed(engine, tasks);
  const [, beginMs] = timed(() => engine.begin('bench'));
  const [, firstTurnMs] = timed(() => scheduler.flush());
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
  const loadBeginMs = loadMs + beginMs + firstTurnMs;
  const row = { tasks, parseMs, loadMs, beginMs, firstTurnMs, loadBeginMs, completionMedianMs: median(times) };
  return { row: { ...row, heapPerTaskKb, rssMb }, keep: engine };
}

// A small warm-up, so code compiled on first use is not counted in the 1k row.
run(1_000);
const rows: Row[] = [];
for (const tasks of [1_000, 10_000, 100_000]) {
  const { row, keep } = run(tasks);
  rows.push(row);
  void keep;
}
const withEcflow = !process.argv.includes('--no-ecflow');
const ecflowRssMb = withEcflow ? await ecflowServerRss(generateSuite()) : undefined;
const columns: [string, (r: Row) => string][] = [
  ['tasks', (r) => String(r.tasks)],
  ['parse ms', (r) => r.parseMs.toFixed(0)],
  ['load ms', (r) => r.loadMs.toFixed(0)],
  ['begin ms', (r) => r.beginMs.toFixed(0)],
  ['1st turn ms', (r) => r.firstTurnMs.toFixed(0)],
  ['load+begin ms', (r) => r.loadBeginMs.toFixed(0)],
  ['+parse ms', (r) => (r.loadBeginMs + r.parseMs).toFixed(0)],
  ['completion ms', (r) => r.completionMedianMs.toFixed(3)],
  ['heap KB/task', (r) => r.heapPerTaskKb.toFixed(2)],
  ['RSS MB', (r) => r.rssMb.toFixed(0)],
];
console.log(columns.map(([title]) => title.padStart(13)).join(' '));
for (const r of rows) console.log(columns.map(([, cell]) => cell(r).padStart(13)).join(' '));
const big = rows[rows.length - 1] as Row;
if (ecflowRssMb !== undefined)
  console.log(`ecflow_server 5.9.2 RSS with the 100k suite loaded: ${ecflowRssMb.toFixed(0)} MB`);
console.log(
  JSON.stringify({
    bench: 'engine',
    rows,
    ecflowRssMb,
    rssRatioVsEcflow: ecflowRssMb === undefined ? undefined : big.rssMb / ecflowRssMb,
    loadBeginRatioVsTarget: big.loadBeginMs / 600,
    heapRatioVsTarget: big.heapPerTaskKb / 0.8,
    completionRatio100kVs1k: big.completionMedianMs / (rows[0]?.completionMedianMs ?? 1),
  }),
);
