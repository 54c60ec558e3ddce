// Job throughput benchmark (issue 6): a suite of 1,000 tasks (10 families x 100, `limit L 50`, every family
// `inlimit`), each task's script including a head.h that calls --init, calling a meter, and including a tail.h
// that calls --complete. End-to-end wall time load -> begin -> suite complete, side by side:
//   isobar   packages/server/dist/bin.js (build first: npx tsc -b), jobs call share/isobar-child
//   ecflow   /usr/sbin/ecflow_server 5.9.2 --ecfinterval 1, jobs call /usr/bin/ecflow_client
// Both use the default ECF_JOB_CMD. Rounds alternate (isobar, ecflow, isobar, ecflow…); each round gets a fresh
// home and a fresh server, and only load -> complete is timed.
// Usage: node --import tsx bench/jobs/run.ts [--rounds 2] [--families 10] [--tasks 100] [--limit 50] [--poll-ms 100]
//        [--only isobar|ecflow]
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveJobsSuiteOptions } from './suite.js';
import { ecflowTarget, isobarTarget, type BenchTarget, type RunResult } from './targets.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' },
    families: { type: 'string' },
    tasks: { type: 'string' },
    limit: { type: 'string' },
    'poll-ms': { type: 'string' },
    only: { type: 'string' },
  },
});
const rounds = Number(values.rounds ?? 2);
const suite = resolveJobsSuiteOptions({
  families: Number(values.families ?? 10),
  tasksPerFamily: Number(values.tasks ?? 100),
  limit: Number(values.limit ?? 50),
});
const targetOptions = { pollMs: Number(values['poll-ms'] ?? 100), timeoutMs: 600_000 };
const targets: BenchTarget[] = [isobarTarget(targetOptions), ecflowTarget(targetOptions)].filter(
  (target) => values.only === undefined || target.name.startsWith(values.only),
);
const log = (text: string): void => void process.stderr.write(`${text}\n`);

async function timeRound(target: BenchTarget): Promise<RunResult> {
  const home = await mkdtemp(join(tmpdir(), 'isobar-bench-jobs-'));
  try {
    const started = await target.start(home, suite);
    try {
      return await started.run();
    } finally {
      await started.stop();
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  if (sorted.length === 0) return Number.NaN;
  return Number.isInteger(middle) ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!;
}
const results = new Map<string, RunResult[]>(targets.map((target) => [target.name, []]));
const load = [loadavg()[0] ?? 0];
for (let round = 0; round < rounds; round++) {
  for (const target of targets) {
    const result = await timeRound(target);
    results.get(target.name)?.push(result);
    load.push(loadavg()[0] ?? 0);
    const cpu = `server CPU ${result.serverCpuS.toFixed(1)} s, jobs CPU ${result.jobsCpuS.toFixed(1)} s`;
    log(
      `round ${round + 1}: ${target.name} ${(result.ms / 1000).toFixed(2)} s (${cpu}), load ${load.at(-1)?.toFixed(1)}`,
    );
  }
}
const times = new Map([...results].map(([name, list]) => [name, list.map((r) => r.ms)]));
const cpu = (name: string, key: 'serverCpuS' | 'jobsCpuS'): number =>
  median((results.get(name) ?? []).map((r) => r[key]));

const tasks = suite.families * suite.tasksPerFamily;
console.log(
  `${tasks} tasks (${suite.families} families, limit ${suite.limit}), load -> begin -> complete, ${rounds} rounds, ` +
    `load average ${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)}`,
);
console.log('| server         | median s | min s  | max s  | tasks/s | server CPU s | jobs CPU s |');
console.log('| -------------- | -------- | ------ | ------ | ------- | ------------ | ---------- |');
const fmt = (ms: number, width: number): string => (ms / 1000).toFixed(2).padStart(width);
for (const [name, list] of times) {
  const rate = (tasks / (median(list) / 1000)).toFixed(0).padStart(7);
  const cpus = `${cpu(name, 'serverCpuS').toFixed(1).padStart(12)} | ${cpu(name, 'jobsCpuS').toFixed(1).padStart(10)}`;
  console.log(
    `| ${name.padEnd(14)} | ${fmt(median(list), 8)} | ${fmt(Math.min(...list), 6)} | ${fmt(Math.max(...list), 6)} | ${rate} | ${cpus} |`,
  );
}
const ours = median(times.get('isobar') ?? []);
const theirs = median(times.get('ecflow 5.9.2') ?? []);
const ratio = ours / theirs;
if (Number.isFinite(ratio)) console.log(`ratio isobar / ecflow: ${ratio.toFixed(2)} (target <= 0.70)`);
console.log(
  JSON.stringify({
    bench: 'jobs',
    tasks,
    families: suite.families,
    limit: suite.limit,
    rounds,
    isobarMs: Math.round(ours),
    ecflowMs: Math.round(theirs),
    ratio: Number.isFinite(ratio) ? Number(ratio.toFixed(3)) : null,
    isobarRoundsMs: (times.get('isobar') ?? []).map(Math.round),
    ecflowRoundsMs: (times.get('ecflow 5.9.2') ?? []).map(Math.round),
    isobarServerCpuS: Number(cpu('isobar', 'serverCpuS').toFixed(1)),
    ecflowServerCpuS: Number(cpu('ecflow 5.9.2', 'serverCpuS').toFixed(1)),
    isobarJobsCpuS: Number(cpu('isobar', 'jobsCpuS').toFixed(1)),
    ecflowJobsCpuS: Number(cpu('ecflow 5.9.2', 'jobsCpuS').toFixed(1)),
    loadAverage: [Number(Math.min(...load).toFixed(1)), Number(Math.max(...load).toFixed(1))],
  }),
);
