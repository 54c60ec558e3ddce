// Relative cost of the access log on a minimal node:http `ping` server: requests/s with the middleware and
// writer (framework preset, queue 10, to a real file) versus without, alternating in one run. Because a shared
// machine makes wall-clock rates noisy, it also reports requests per CPU-second of the server process, the
// capacity figure that does not depend on what else runs.
// Load comes from `wrk` when installed, else from keep-alive node:http clients in this process.
// Usage: node --conditions=@isobar/source --import tsx bench/access-log/http-overhead.ts [seconds] [rounds]
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECONDS = Number(process.argv[2] ?? 4);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 32;
const serverScript = join(import.meta.dirname, 'ping-server.ts');

type Mode = 'off' | 'on';

interface ServerReport {
  readonly requests: number;
  readonly cpuMs: number;
}

interface RunningServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly report: Promise<ServerReport>;
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version.
    return (error as { status?: number }).status === 1;
  }
}

function startServer(mode: Mode, logFile: string): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    ['--conditions=@isobar/source', '--import', 'tsx', serverScript, mode, logFile],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let text = '';
  let onReport: (report: ServerReport) => void = () => undefined;
  const report = new Promise<ServerReport>((resolve) => (onReport = resolve));
  return new Promise((resolve, reject) => {
    child.once('exit', () => reject(new Error('ping server exited early')));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      text += chunk;
      const parsed = text
        .split('\n')
        .filter((line) => line.startsWith('{') && line.endsWith('}'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const port = parsed.find((line) => typeof line['port'] === 'number')?.['port'];
      if (typeof port === 'number') resolve({ child, port, report });
      const done = parsed.find((line) => typeof line['cpuMs'] === 'number');
      if (done) onReport(done as unknown as ServerReport);
    });
  });
}

async function stopServer(server: RunningServer): Promise<ServerReport> {
  server.child.kill('SIGTERM');
  return server.report;
}

function loadWithWrk(port: number): number {
  const out = execFileSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, `http://127.0.0.1:${port}/ping?x=1`], {
    encoding: 'utf8',
  });
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
}

async function loadWithNode(port: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/ping?x=1', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await one();
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  agent.destroy();
  return done / ((performance.now() - start) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'isobar-access-log-http-'));
const useWrk = hasWrk();
const rates: Record<Mode, number[]> = { off: [], on: [] };
const perCpuSecond: Record<Mode, number[]> = { off: [], on: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of ['off', 'on'] as const) {
    const server = await startServer(mode, join(dir, `access-${round}.log`));
    rates[mode].push(useWrk ? loadWithWrk(server.port) : await loadWithNode(server.port));
    const report = await stopServer(server);
    perCpuSecond[mode].push(report.requests / (report.cpuMs / 1000));
  }
}
const logged = statSync(join(dir, 'access-0.log')).size;
rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `load: ${useWrk ? 'wrk' : 'node:http keep-alive clients'}, ${CONNECTIONS} connections, ${SECONDS}s x ${ROUNDS}`,
);
console.log(`${'mode'.padEnd(16)} ${'req/s'.padStart(8)} ${'req/CPU-s'.padStart(10)}   rounds (req/s | req/CPU-s)`);
for (const mode of ['off', 'on'] as const) {
  const shown = rates[mode].map((r, i) => `${Math.round(r)}|${Math.round(perCpuSecond[mode][i]!)}`).join(', ');
  const rps = String(Math.round(median(rates[mode]))).padStart(8);
  const cpu = String(Math.round(median(perCpuSecond[mode]))).padStart(10);
  console.log(`${`access log ${mode}`.padEnd(16)} ${rps} ${cpu}   ${shown}`);
}
console.log(
  JSON.stringify({
    bench: 'access-log/http-overhead',
    load: useWrk ? 'wrk' : 'node',
    offRps: Math.round(median(rates.off)),
    onRps: Math.round(median(rates.on)),
    ratioOnToOff: Number((median(rates.on) / median(rates.off)).toFixed(3)),
    offPerCpuSecond: Math.round(median(perCpuSecond.off)),
    onPerCpuSecond: Math.round(median(perCpuSecond.on)),
    ratioOnToOffPerCpuSecond: Number((median(perCpuSecond.on) / median(perCpuSecond.off)).toFixed(3)),
    bytesLoggedInFirstRound: logged,
  }),
);
