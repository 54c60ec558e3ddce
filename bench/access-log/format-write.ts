// Throughput of formatting + writing access-log lines (framework preset unless noted). Each case runs in a
// fresh child process so that one case's JIT state does not slow the next.
// Usage: node --conditions=@isobar/source --import tsx bench/access-log/format-write.ts [lines]
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

async function timeWriter(options: AccessLogWriterOptions): Promise<number> {
  const writer = createAccessLogWriter(options);
  const start = performance.now();
  for (let i = 0; i < LINES; i++) {
    writer.write(entries[i & 1023]!);
    // Yield now and then so background batches run, as they would between requests.
    if ((i & 4095) === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await writer.close();
  return LINES / ((performance.now() - start) / 1000);
}

function timeFormat(preset: 'framework' | 'combined' | 'json'): number {
  const formatter = createAccessLogFormatter(preset === 'json' ? { entryFormat: 'json' } : { preset });
  let length = 0;
  const start = performance.now();
  for (let i = 0; i < LINES; i++) length += formatter.format(entries[i & 1023]!).length;
  if (length === 0) throw new Error('unreachable');
  return LINES / ((performance.now() - start) / 1000);
}

const CASES: Record<string, (dir: string) => number | Promise<number>> = {
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

const only = process.argv[3];
if (only !== undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-access-log-bench-'));
  const rate = await CASES[only]!(dir);
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ rate }));
} else {
  const rows: [string, number][] = Object.keys(CASES).map((name) => {
    const out = execFileSync(
      process.execPath,
      ['--conditions=@isobar/source', '--import', 'tsx', process.argv[1]!, String(LINES), name],
      { encoding: 'utf8' },
    );
    return [name, (JSON.parse(out.trim().split('\n').pop()!) as { rate: number }).rate];
  });
  console.log(`${'case'.padEnd(40)} lines/s`);
  for (const [name, rate] of rows) console.log(`${name.padEnd(40)} ${Math.round(rate).toLocaleString('en-US')}`);
  const target = 500_000;
  console.log(
    JSON.stringify({
      bench: 'access-log/format-write',
      lines: LINES,
      results: Object.fromEntries(rows.map(([name, rate]) => [name, Math.round(rate)])),
      ratioToTarget: Object.fromEntries(rows.map(([name, rate]) => [name, Number((rate / target).toFixed(2))])),
    }),
  );
}
