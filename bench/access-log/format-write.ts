// Throughput of formatting + writing access-log lines (framework preset unless noted). Each case runs in a
// fresh child process so that one case's JIT state does not slow the next, `runs` times; the table shows the
// median lines/s of wall time and of the process's CPU time (the latter barely moves when the machine is busy).
// Writer cases time N writes plus `await writer.close()`, so the disk writes are included.
// Usage (after `npx tsc -b`; packages resolve to dist): node --import tsx bench/access-log/format-write.ts
//        [lines=1000000] [runs=3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  createAccessLogFormatter,
  createAccessLogWriter,
  type AccessLogEntry,
  type AccessLogWriterOptions,
} from '@isobar/access-log';

const LINES = Number(process.argv[2] ?? 1_000_000);
const base = Date.UTC(2024, 0, 1);
const entries: AccessLogEntry[] = Array.from({ length: 1024 }, (_, i) => ({
  received: new Date(base + i * 3),
  durationMs: 0.123 + i / 1000,
  remoteAddress: i % 2 ? '127.0.0.1' : '::1',
  remotePort: 40_000 + i,
  method: 'POST',
  path: `/v1/rpc/node.query${i % 7}`,
  query: i % 3 ? '' : 'path=/s/f/t&token=secret',
  protocol: 'HTTP/1.1',
  status: 200,
  bytesOut: 100 + i,
  headers: { 'x-forwarded-for': '10.0.0.1', 'user-agent': 'isobar/0.1.0' },
  user: 'alice',
}));

interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

function rate(start: number, cpuAtStart: NodeJS.CpuUsage): Rate {
  const cpu = process.cpuUsage(cpuAtStart);
  return { wall: LINES / ((performance.now() - start) / 1000), cpu: LINES / ((cpu.user + cpu.system) / 1e6) };
}

async function timeWriter(options: AccessLogWriterOptions): Promise<Rate> {
  const writer = createAccessLogWriter(options);
  const cpuAtStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < LINES; i++) {
    writer.write(entries[i & 1023]!);
    // Yield now and then so background batches run, as they would between requests.
    if ((i & 4095) === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await writer.close();
  return rate(start, cpuAtStart);
}

function timeFormat(preset: 'framework' | 'combined' | 'json'): Rate {
  const formatter = createAccessLogFormatter(preset === 'json' ? { entryFormat: 'json' } : { preset });
  let length = 0;
  const cpuAtStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < LINES; i++) length += formatter.format(entries[i & 1023]!).length;
  if (length === 0) throw new Error('unreachable');
  return rate(start, cpuAtStart);
}

const CASES: Record<string, (dir: string) => Rate | Promise<Rate>> = {
  'format only, framework': () => timeFormat('framework'),
  'format only, combined': () => timeFormat('combined'),
  'format only, json (default fields)': () => timeFormat('json'),
  'framework -> file, queue 10': (dir) => timeWriter({ path: join(dir, 'a.log'), queueSize: 10 }),
  'framework -> file, queue 1000': (dir) => timeWriter({ path: join(dir, 'a.log'), queueSize: 1000 }),
  'framework -> file, queue 0 (sync)': (dir) => timeWriter({ path: join(dir, 'a.log'), queueSize: 0 }),
  'framework -> /dev/null, queue 10': () => timeWriter({ path: '/dev/null', queueSize: 10 }),
  'framework -> null Writable, queue 10': () =>
    timeWriter({ stream: new Writable({ write: (_chunk, _encoding, callback) => callback() }), queueSize: 10 }),
};

const RUNS = Number(process.argv[3] ?? 3);
const only = process.argv[4];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
if (only !== undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-access-log-bench-'));
  const result = await CASES[only]!(dir);
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(result));
} else {
  const rows = Object.keys(CASES).map((name) => {
    const runs = Array.from({ length: RUNS }, () => {
      const out = execFileSync(
        process.execPath,
        // The children inherit this process's loader flags: without `--conditions=@isobar/source` they run dist.
        [...process.execArgv, process.argv[1]!, String(LINES), '1', name],
        { encoding: 'utf8' },
      );
      return JSON.parse(out.trim().split('\n').pop()!) as Rate;
    });
    return { name, wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), runs };
  });
  console.log(`${LINES.toLocaleString('en-US')} lines per run, median of ${RUNS} runs (each in its own process)`);
  console.log('| case | lines/s (wall) | lines/CPU-s | runs, wall |');
  console.log('| --- | ---: | ---: | --- |');
  for (const row of rows) {
    console.log(`| ${row.name} | ${fmt(row.wall)} | ${fmt(row.cpu)} | ${row.runs.map((r) => fmt(r.wall)).join(' ')} |`);
  }
  const target = 500_000;
  console.log(
    JSON.stringify({
      bench: 'access-log/format-write',
      lines: LINES,
      runs: RUNS,
      wall: Object.fromEntries(rows.map((row) => [row.name, Math.round(row.wall)])),
      cpu: Object.fromEntries(rows.map((row) => [row.name, Math.round(row.cpu)])),
      ratioToTarget: Object.fromEntries(rows.map((row) => [row.name, Number((row.wall / target).toFixed(2))])),
    }),
  );
}
