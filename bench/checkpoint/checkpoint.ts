// Checkpoint benchmark: a sliced checkpoint of a 100,000-task suite (1,000 families x 100 tasks, each with an event,
// a meter, a label and a trigger) while the event loop is watched, against writing the same text in one go; then
// recovery from that checkpoint.
// Measure the built code (tsx and the source condition distort the figures):
//   npx tsc -b && npx esbuild bench/checkpoint/checkpoint.ts --bundle --platform=node --format=esm \
//     --packages=external --outfile=node_modules/.cache/isobar-bench/checkpoint.mjs \
//     && node node_modules/.cache/isobar-bench/checkpoint.mjs [families]
// From source: node --conditions=@isobar/source --import tsx bench/checkpoint/checkpoint.ts [families]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseDefs, writeDefs } from '@isobar/protocol/defs';
import { createEngine, recoverEngine, toDefs, writeCheckpoint } from '@isobar/core';
import { generateSuite } from '../defs-parse/generate.js';

const families = Number(process.argv[2] ?? 1000);
const tasks = families * 100;
const home = await mkdtemp(join(tmpdir(), 'isobar-bench-checkpoint-'));
const engine = createEngine();
engine.load(parseDefs(generateSuite({ families }), { file: 'bench.def' }));
engine.begin('bench');

/** Runs `work` while measuring the longest gap between 1 ms timer ticks and the event-loop delay histogram. */
async function watched<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; maxGapMs: number; p99Ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let maxGapMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 1);
  histogram.enable();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  histogram.disable();
  clearInterval(ticker);
  maxGapMs = Math.max(maxGapMs, performance.now() - last);
  return { value, ms, maxGapMs, p99Ms: histogram.percentile(99) / 1e6 };
}

const sliced = await watched(() => writeCheckpoint(engine, home));
const oneGo = await watched(() => Promise.resolve(writeDefs(toDefs(engine.tree), { state: true }).length));
const recovery = await watched(() => recoverEngine(home));
const bytes = (await stat(join(home, 'checkpoint'))).size;
await rm(home, { recursive: true, force: true });

const row = (name: string, r: { ms: number; maxGapMs: number; p99Ms: number }, extra = ''): string =>
  `| ${name.padEnd(28)} | ${r.ms.toFixed(0).padStart(8)} | ${r.maxGapMs.toFixed(1).padStart(12)} | ${r.p99Ms
    .toFixed(1)
    .padStart(10)} | ${extra}`;
console.log(`checkpoint of ${tasks} tasks, ${(bytes / 1e6).toFixed(1)} MB, load average ${loadavg()[0]?.toFixed(1)}`);
console.log('| what                         | total ms | max stall ms | p99 lag ms | notes');
console.log('| ---------------------------- | -------- | ------------ | ---------- | -----');
console.log(
  row(
    'sliced checkpoint (5 ms)',
    sliced,
    `${sliced.value.slices} slices, longest ${sliced.value.longestSliceMs.toFixed(1)} ms (CPU ${sliced.value.longestSliceCpuMs.toFixed(1)} ms)`,
  ),
);
console.log(row('writeDefs(toDefs) in one go', oneGo, 'text only, no file'));
console.log(row('recoverEngine', recovery, `${recovery.value.replayed} records replayed`));
console.log(
  JSON.stringify({
    tasks,
    checkpointMs: Math.round(sliced.ms),
    maxStallMs: Number(sliced.maxGapMs.toFixed(1)),
    longestSliceMs: Number(sliced.value.longestSliceMs.toFixed(1)),
    longestSliceCpuMs: Number(sliced.value.longestSliceCpuMs.toFixed(1)),
    loadAverage: Number(loadavg()[0]?.toFixed(1)),
    oneGoStallMs: Number(oneGo.maxGapMs.toFixed(1)),
    stallRatioVsOneGo: Number((sliced.maxGapMs / oneGo.maxGapMs).toFixed(3)),
    totalRatioVsOneGo: Number((sliced.ms / oneGo.ms).toFixed(2)),
    recoveryMs: Math.round(recovery.ms),
  }),
);
