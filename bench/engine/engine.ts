// Scheduler benchmark: parse, load, begin (and the scheduler's first turn) of the defs-parse suite (families x 100
// tasks, each triggered by its predecessor), then one task completion and the submission it causes, at 1k, 10k and
// 100k tasks; memory per task; and the RSS of a fresh node process holding the 100k suite loaded and begun (after
// a GC), side by side with ecFlow 5.9.2's server after loading the same .def file.
// Measure the built code (tsx and the source condition distort the figures):
//   npx tsc -b && npx esbuild bench/engine/engine.ts --bundle --platform=node --format=esm --packages=external \
//     --outfile=node_modules/.cache/isobar-bench/engine.mjs && node --expose-gc node_modules/.cache/isobar-bench/engine.mjs
// From source: node --expose-gc --conditions=@isobar/source --import tsx bench/engine/engine.ts [--no-ecflow]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDefs, type Defs } from '@isobar/protocol/defs';
import { createEngine, createScheduler, VirtualClock, type Engine, type SubmittableNode } from '@isobar/core';
import { generateSuite } from '../defs-parse/generate.js';
import { ecflowServerRss } from './ecflow-rss.js';
import { isobarServerRss, RSS_CHILD_FLAG, runRssChild } from './isobar-rss.js';

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
};
const mb = (value: number): string => value.toFixed(0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface Row {
  tasks: number;
  parseMs: number;
  loadMs: number;
  beginMs: number;
  firstTurnMs: number;
  /** load + begin + the scheduler's first turn (what issue 4's target counts), parse excluded. */
  loadBeginMs: number;
  /** CPU time of the same (all threads of the process, GC helpers included). */
  loadBeginCpuMs: number;
  completionMedianMs: number;
  heapPerTaskKb: number;
  /** RSS of this bench process (it has built every size before): see the child process's figure instead. */
  rssMb: number;
}

// CPU time of this thread and V8's helper threads (GC) while `work` ran: less disturbed than wall time by other
// processes on a shared machine.
let cpuMs = 0;

function timed<T>(work: () => T): [T, number] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = work();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  cpuMs += (used.user + used.system) / 1000;
  return [value, wall];
}

// The text is made and parsed in its own frame so neither it nor the parsed Defs is held (and counted) after
// the load: the 100k-task text alone is 26 MB.
function loadParsed(engine: Engine, tasks: number): { parseMs: number; loadMs: number; loadCpuMs: number } {
  const text = generateSuite({ families: tasks / 100, tasksPerFamily: 100 });
  const [defs, parseMs] = timed<Defs>(() => parseDefs(text, { file: 'bench.def' }));
  cpuMs = 0;
  const [, loadMs] = timed(() => engine.load(defs));
  return { parseMs, loadMs, loadCpuMs: cpuMs };
}

function run(tasks: number): { row: Row; keep: Engine } {
  const clock = new VirtualClock(Date.UTC(2024, 0, 1));
  const submitted: SubmittableNode[] = [];
  const engine = createEngine({ clock, submitter: { submit: (t) => void submitted.push(t) }, changeLogCapacity: 1000 });
  const scheduler = createScheduler(engine, { clock, autoRun: false });
  const empty = heap();
  const { parseMs, loadMs, loadCpuMs } = loadParsed(engine, tasks);
  cpuMs = loadCpuMs;
  const [, beginMs] = timed(() => engine.begin('bench'));
  const [, firstTurnMs] = timed(() => scheduler.flush());
  const loadBeginCpuMs = cpuMs;
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
  const completionMedianMs = median(times);
  const row = { tasks, parseMs, loadMs, beginMs, firstTurnMs, loadBeginMs, loadBeginCpuMs, completionMedianMs };
  return { row: { ...row, heapPerTaskKb, rssMb }, keep: engine };
}

// The suite's .def file, which both servers load (written once, removed at exit).
function writeSuiteFile(): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-bench-'));
  const file = join(dir, 'bench.def');
  writeFileSync(file, generateSuite());
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const columns: [string, (r: Row) => string][] = [
  ['tasks', (r) => String(r.tasks)],
  ['parse ms', (r) => r.parseMs.toFixed(0)],
  ['load ms', (r) => r.loadMs.toFixed(0)],
  ['begin ms', (r) => r.beginMs.toFixed(0)],
  ['1st turn ms', (r) => r.firstTurnMs.toFixed(0)],
  ['load+begin ms', (r) => r.loadBeginMs.toFixed(0)],
  ['+parse ms', (r) => (r.loadBeginMs + r.parseMs).toFixed(0)],
  ['l+b CPU ms', (r) => r.loadBeginCpuMs.toFixed(0)],
  ['completion ms', (r) => r.completionMedianMs.toFixed(3)],
  ['heap KB/task', (r) => r.heapPerTaskKb.toFixed(2)],
  ['bench RSS MB', (r) => r.rssMb.toFixed(0)],
];

async function main(): Promise<void> {
  // A small warm-up, so code compiled on first use is not counted in the 1k row.
  run(1_000);
  const rows: Row[] = [];
  for (const tasks of [1_000, 10_000, 100_000]) rows.push(run(tasks).row);
  const { file, remove } = writeSuiteFile();
  try {
    const isobar = isobarServerRss(fileURLToPath(import.meta.url), file);
    const ecflow = process.argv.includes('--no-ecflow') ? undefined : await ecflowServerRss(file);
    console.log(columns.map(([title]) => title.padStart(13)).join(' '));
    for (const r of rows) console.log(columns.map(([, cell]) => cell(r).padStart(13)).join(' '));
    const big = rows[rows.length - 1] as Row;
    const ecflowText =
      ecflow === undefined
        ? 'n/a'
        : `${mb(ecflow.loadedMb)} (empty ${mb(ecflow.emptyMb)}, without file pages ${mb(ecflow.loadedAnonMb)})`;
    console.log(
      `RSS MB with the 100k suite loaded: isobar ${mb(isobar.loadedMb)} (empty ${mb(isobar.emptyMb)}, right ` +
        `after the GCs ${mb(isobar.afterGcMb)}, without file pages ${mb(isobar.loadedAnonMb)}, heap used ` +
        `${mb(isobar.heapUsedMb)}); ecflow_server ${ecflowText}`,
    );
    console.log(
      JSON.stringify({
        bench: 'engine',
        rows,
        isobarRss: isobar,
        ecflowRss: ecflow,
        rssRatioVsEcflow: ecflow === undefined ? undefined : isobar.loadedMb / ecflow.loadedMb,
        rssAboveEmptyRatioVsEcflow:
          ecflow === undefined ? undefined : (isobar.loadedMb - isobar.emptyMb) / (ecflow.loadedMb - ecflow.emptyMb),
        loadBeginRatioVsTarget: big.loadBeginMs / 600,
        heapRatioVsTarget: big.heapPerTaskKb / 0.8,
        completionRatio100kVs1k: big.completionMedianMs / (rows[0]?.completionMedianMs ?? 1),
      }),
    );
  } finally {
    remove();
  }
}

const childAt = process.argv.indexOf(RSS_CHILD_FLAG);
if (childAt >= 0) await runRssChild(process.argv[childAt + 1] ?? '');
else await main();
