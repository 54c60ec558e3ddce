// Issue 7: the real Isobar server's `ping` throughput with the access log on (framework preset, a file in a temp
// dir, default queue 10) versus off, in one run. Each server runs in its own child process (fair CPU accounting);
// the load comes from wrk (POST via a Lua script) when installed, else from a node:http load generator in a third
// process. Rounds alternate the order of the two servers. Reports medians of requests/s and of requests per
// server CPU-second (process.cpuUsage in the server over the load window), and their on/off ratios: the ratio of
// the medians, and the median of each round's own on/off ratio (the two halves of a round run back to back, so
// that figure cancels the drift of a machine whose load changes from minute to minute).
// Usage (after `npx tsc -b`; packages resolve to dist): node --import tsx bench/access-log/server-overhead.ts
//        [--seconds 3] [--rounds 5] [--connections 32] [--load wrk|node] [--cpu-prof-dir DIR]
// --cpu-prof-dir writes a V8 CPU profile of each server process there (for finding where the time goes).
// --log-file PATH logs there instead of a temp file (/dev/null separates formatting from the disk).
// --calibrate runs the "on" server without an access log too: an A/A run whose ratios show the noise floor.
import { execFile, execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    load: { type: 'string' },
    'cpu-prof-dir': { type: 'string' },
    'log-file': { type: 'string' },
    calibrate: { type: 'boolean' },
  },
});
const SECONDS = Number(values.seconds ?? 3);
const ROUNDS = Number(values.rounds ?? 5);
const CONNECTIONS = Number(values.connections ?? 32);
const run = promisify(execFile);
const here = import.meta.dirname;

type Mode = 'off' | 'on';
interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  next<T>(): Promise<T>;
}
interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly errors: number;
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { status?: number }).status === 1; // wrk --version exits 1 after printing its version
  }
}

async function startServer(mode: Mode, logFile: string): Promise<Server> {
  // The children inherit this process's loader flags: without `--conditions=@isobar/source` they run dist.
  const profile = values['cpu-prof-dir'];
  const execArgv =
    profile === undefined ? process.execArgv : [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profile}`];
  const child = fork(join(here, 'isobar-server.ts'), [values.calibrate === true ? 'off' : mode, logFile], { execArgv });
  const queue: unknown[] = [];
  const waiters: ((message: unknown) => void)[] = [];
  child.on('message', (message) => (waiters.length > 0 ? waiters.shift()!(message) : queue.push(message)));
  const next = <T>(): Promise<T> =>
    queue.length > 0 ? Promise.resolve(queue.shift() as T) : new Promise((resolve) => waiters.push(resolve as never));
  const { port } = await next<{ port: number }>();
  return { child, port, next };
}

async function loadWrk(port: number, script: string, seconds: number): Promise<LoadResult> {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '-s', script, `http://127.0.0.1:${port}/v1/rpc/ping`];
  const { stdout } = await run('wrk', args, { encoding: 'utf8' });
  const match = /(\d+) requests in ([\d.]+)(m?s)/.exec(stdout);
  if (match === null) throw new Error(`cannot read wrk output:\n${stdout}`);
  const elapsed = Number(match[2]) / (match[3] === 'ms' ? 1000 : 1);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const socketErrors = /Socket errors: (.*)/.exec(stdout)?.[1] ?? '';
  const errors = non2xx + (socketErrors.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0);
  return { requests: Number(match[1]), seconds: elapsed, errors };
}

async function loadNode(port: number, seconds: number): Promise<LoadResult> {
  const script = join(here, 'ping-load.ts');
  const args = [...process.execArgv, script, String(port), String(seconds), String(CONNECTIONS)];
  const { stdout } = await run(process.execPath, args, { encoding: 'utf8' });
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
}

/** One load window; the server's CPU is sampled around exactly that window. */
async function measure(server: Server, load: (port: number) => Promise<LoadResult>): Promise<[number, number]> {
  server.child.send('begin');
  const result = await load(server.port);
  server.child.send('sample');
  const { cpuMs } = await server.next<{ cpuMs: number }>();
  if (result.errors > 0) throw new Error(`${result.errors} failed requests`);
  return [result.requests / result.seconds, result.requests / (cpuMs / 1000)];
}

const dir = mkdtempSync(join(tmpdir(), 'isobar-access-log-server-'));
const useWrk = values.load === undefined ? hasWrk() : values.load === 'wrk';
const luaScript = join(dir, 'post-ping.lua');
writeFileSync(luaScript, 'wrk.method = "POST"\nwrk.body = "{}"\nwrk.headers["Content-Type"] = "application/json"\n');
const loadFor = (seconds: number) => (port: number) =>
  useWrk ? loadWrk(port, luaScript, seconds) : loadNode(port, seconds);

const logFile = values['log-file'] ?? join(dir, 'access.log');
const servers: Record<Mode, Server> = {
  off: await startServer('off', '/dev/null'),
  on: await startServer('on', logFile),
};
const rates: Record<Mode, number[]> = { off: [], on: [] };
const perCpu: Record<Mode, number[]> = { off: [], on: [] };
let sentToOn = 0;
for (const mode of ['off', 'on'] as const) await measure(servers[mode], loadFor(1)); // JIT warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
    const [rps, cpu] = await measure(servers[mode], loadFor(SECONDS));
    rates[mode].push(rps);
    perCpu[mode].push(cpu);
    if (mode === 'on') sentToOn += rps * SECONDS;
  }
}
servers.off.child.send('end');
servers.on.child.send('end');
const [, onEnd] = await Promise.all([servers.off.next(), servers.on.next<{ stats: { written: number } | null }>()]);
const lines = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').length - 1 : 0;
rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (xs: Record<Mode, number[]>): number => Number((median(xs.on) / median(xs.off)).toFixed(3));
const paired = (xs: Record<Mode, number[]>): number => Number(median(xs.on.map((on, i) => on / xs.off[i]!)).toFixed(3));
console.log(
  `load: ${useWrk ? 'wrk -t1' : 'node:http (own process)'}, ${CONNECTIONS} keep-alive connections, ` +
    `POST /v1/rpc/ping {}, ${ROUNDS} rounds x ${SECONDS}s, alternating`,
);
console.log(`| access log | req/s (median) | req/server CPU-s (median) | rounds req/s | rounds req/CPU-s |`);
console.log(`| --- | ---: | ---: | --- | --- |`);
for (const mode of ['off', 'on'] as const) {
  const row = [
    mode,
    fmt(median(rates[mode])),
    fmt(median(perCpu[mode])),
    rates[mode].map(fmt).join(' '),
    perCpu[mode].map(fmt).join(' '),
  ];
  console.log(`| ${row.join(' | ')} |`);
}
console.log(`| ratio on/off (of medians) | ${ratio(rates)} | ${ratio(perCpu)} | | |`);
console.log(`| ratio on/off (median of rounds) | ${paired(rates)} | ${paired(perCpu)} | | |`);
console.log(
  `lines logged: ${lines} (writer stats.written ${onEnd.stats?.written ?? '-'}), ~${fmt(sentToOn)} requests in the timed rounds`,
);
console.log(
  JSON.stringify({
    bench: 'access-log/server-overhead',
    load: useWrk ? 'wrk' : 'node',
    offRps: Math.round(median(rates.off)),
    onRps: Math.round(median(rates.on)),
    ratioRps: ratio(rates),
    offPerCpuSecond: Math.round(median(perCpu.off)),
    onPerCpuSecond: Math.round(median(perCpu.on)),
    ratioPerCpuSecond: ratio(perCpu),
    pairedRatioRps: paired(rates),
    pairedRatioPerCpuSecond: paired(perCpu),
    linesLogged: lines,
  }),
);
