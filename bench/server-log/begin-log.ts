// Server-log benchmark: what the ecFlow-format state log costs a begin of a 100,000-task suite (1,000 families x
// 100 tasks), side by side with the same begin on an engine without the log, several rounds alternating.
// From source: node --conditions=@isobar/source --import tsx bench/server-log/begin-log.ts [families] [rounds]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDefs } from '@isobar/protocol/defs';
import { attachServerLog, createEngine, createServerLogFile } from '@isobar/core';
import { generateSuite } from '../defs-parse/generate.js';

const families = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 3);
const defs = parseDefs(generateSuite({ families }), { file: 'bench.def' });
const dir = await mkdtemp(join(tmpdir(), 'isobar-bench-server-log-'));

async function beginOnce(withLog: boolean): Promise<{ beginMs: number; flushMs: number; stallMs: number }> {
  const engine = createEngine();
  engine.load(defs);
  const log = withLog ? createServerLogFile({ file: join(dir, 'server.log') }) : undefined;
  if (log !== undefined) attachServerLog(engine, log);
  const started = performance.now();
  engine.begin('bench');
  const beginMs = performance.now() - started;
  const flushStarted = performance.now();
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    stallMs = Math.max(stallMs, performance.now() - last);
    last = performance.now();
  }, 1);
  await log?.close();
  clearInterval(ticker);
  return { beginMs, flushMs: performance.now() - flushStarted, stallMs: Math.max(stallMs, performance.now() - last) };
}

const plain: number[] = [];
const logged: number[] = [];
const flushes: number[] = [];
const stalls: number[] = [];
await beginOnce(false); // warm-up
for (let round = 0; round < rounds; round++) {
  plain.push((await beginOnce(false)).beginMs);
  const run = await beginOnce(true);
  logged.push(run.beginMs);
  flushes.push(run.flushMs);
  stalls.push(run.stallMs);
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const bytes = (await stat(join(dir, 'server.log'))).size;
await rm(dir, { recursive: true, force: true });
const rows = [
  ['begin without server log', median(plain)],
  ['begin with server log (lines queued)', median(logged)],
  ['lines formatted and written, after the begin', median(flushes)],
  ['  longest event-loop stall meanwhile', median(stalls)],
] as const;
console.log(`tasks: ${families * 100}, rounds: ${rounds}, log bytes (all rounds): ${bytes}`);
for (const [what, ms] of rows) console.log(`${what.padEnd(48)} ${ms.toFixed(1).padStart(9)} ms`);
console.log(
  JSON.stringify({
    bench: 'server-log',
    tasks: families * 100,
    beginMs: median(plain),
    beginWithLogMs: median(logged),
    ratio: median(logged) / median(plain),
    asyncWriteMs: median(flushes),
    longestStallMs: median(stalls),
  }),
);
