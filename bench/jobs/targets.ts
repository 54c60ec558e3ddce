// The two servers bench/jobs compares. Each round gets a fresh home and a fresh server; only load -> begin ->
// suite complete is timed, polled the same way (every `pollMs`) on both sides.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startProcess, type TestProcess } from '@isobar/test-utils';
import { SUITE, layOutHome, type JobSide, type ResolvedJobsSuiteOptions } from './suite.js';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ISOBAR_BIN = join(ROOT, 'packages/server/dist/bin.js');
const ISOBAR_SHARE = join(ROOT, 'packages/core/share');
const ECFLOW_INCLUDES = fileURLToPath(new URL('ecflow', import.meta.url));
const ECFLOW_SERVER = '/usr/sbin/ecflow_server';
const ECFLOW_CLIENT = '/usr/bin/ecflow_client';

/** One timed run. */
export interface RunResult {
  /** Wall time load -> begin -> suite complete. */
  readonly ms: number;
  /** CPU seconds of the server process during the run (user + system). */
  readonly serverCpuS: number;
  /** CPU seconds of the jobs it reaped during the run (their shells and child-command clients). */
  readonly jobsCpuS: number;
}

/** A server with the benchmark suite laid out in its home, ready for one timed run. */
export interface StartedTarget {
  /** Loads and begins the suite and resolves when it is complete. */
  run(): Promise<RunResult>;
  /** Stops the server and reaps it. */
  stop(): Promise<void>;
}

/** One side of the comparison. */
export interface BenchTarget {
  readonly name: string;
  start(home: string, suite: ResolvedJobsSuiteOptions): Promise<StartedTarget>;
}

/** Options shared by both targets. */
export interface TargetOptions {
  /** Interval between suite-state polls. */
  readonly pollMs: number;
  /** Give up after this long. */
  readonly timeoutMs: number;
}

/** CPU seconds of `pid` and of its reaped children, from /proc (clock ticks of 10 ms). */
async function cpuSeconds(pid: number): Promise<{ self: number; children: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const tick = (i: number): number => (fields[i] ?? 0) / 100;
  return { self: tick(11) + tick(12), children: tick(13) + tick(14) };
}

/** Times `work` (load, begin, wait) and the CPU the server and its jobs spent meanwhile. */
async function timed(pid: number, work: () => Promise<void>): Promise<RunResult> {
  const before = await cpuSeconds(pid);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const after = await cpuSeconds(pid);
  return { ms, serverCpuS: after.self - before.self, jobsCpuS: after.children - before.children };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `state()` until `complete`; throws on `aborted`, on the server's exit, or after the timeout. */
async function untilComplete(state: () => Promise<string>, proc: TestProcess, options: TargetOptions) {
  const deadline = Date.now() + options.timeoutMs;
  let exited = false;
  void proc.exited().then(() => (exited = true));
  for (;;) {
    const now = await state();
    if (now === 'complete') return;
    if (now === 'aborted') throw new Error(`/${SUITE} aborted`);
    if (exited) throw new Error(`the server exited:\n${proc.stderr().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`/${SUITE} still ${now} after ${options.timeoutMs} ms`);
    await sleep(options.pollMs);
  }
}

/** A port ecflow_server accepts (1024-49151) that is free now. */
async function ecflowPort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 25000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false));
      probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** ecflow_server 5.9.2 with `--ecfinterval 1`; jobs call ecflow_client. */
export function ecflowTarget(options: TargetOptions): BenchTarget {
  const side: JobSide = { client: 'ecflow_client', includes: ECFLOW_INCLUDES };
  return {
    name: 'ecflow 5.9.2',
    async start(home, suite) {
      const defFile = join(home, `${SUITE}.def`);
      await writeFile(defFile, await layOutHome(home, side, suite));
      const port = await ecflowPort();
      const client = (...args: string[]) => exec(ECFLOW_CLIENT, ['--port', String(port), ...args]);
      const proc = startProcess(ECFLOW_SERVER, {
        args: ['--port', String(port), '--ecfinterval', '1'],
        cwd: home,
        env: { ...process.env, ECF_HOME: home, ECF_PORT: String(port) },
      });
      for (let i = 0; ; i++) {
        const up = await client('--ping').then(
          () => true,
          () => false,
        );
        if (up) break;
        if (i > 100) throw new Error(`ecflow_server did not start:\n${proc.stderr()}`);
        await sleep(100);
      }
      await client('--restart'); // a new server starts HALTED
      return {
        run: () =>
          timed(proc.pid, async () => {
            await client(`--load=${defFile}`);
            await client(`--begin=${SUITE}`);
            const state = async () => (await client('--query', 'state', `/${SUITE}`)).stdout.trim();
            await untilComplete(state, proc, options);
          }),
        async stop() {
          await client('--terminate=yes').catch(() => undefined);
          await proc.stop('SIGTERM');
        },
      };
    },
  };
}

interface RpcReply {
  ok: boolean;
  value?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** `isobar-server` (built: packages/server/dist/bin.js); jobs call share/isobar-child. */
export function isobarTarget(options: TargetOptions): BenchTarget {
  const side: JobSide = { client: 'isobar-child', includes: ISOBAR_SHARE };
  return {
    name: 'isobar',
    async start(home, suite) {
      const text = await layOutHome(home, side, suite);
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
      for (const name of ['ISOBAR_PORT', 'ECF_PORT', 'ISOBAR_HOME', 'ISOBAR_URL', 'ISOBAR_CHECKPOINT'])
        delete env[name];
      const proc = startProcess(process.execPath, {
        args: [ISOBAR_BIN, '--home', home, '--port', '0'],
        cwd: home,
        env,
      });
      const url = (await proc.waitForLine(/listening on (https?:\/\/[^\s"]+)/, 30_000))[1]!;
      const rpc = async (method: string, args: Record<string, unknown>) => {
        const response = await fetch(`${url}/v1/rpc/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(args),
        });
        const reply = (await response.json()) as RpcReply;
        if (!reply.ok) throw new Error(`${method}: ${reply.error?.code} ${reply.error?.message}`);
        return reply.value ?? {};
      };
      return {
        run: () =>
          timed(proc.pid, async () => {
            await rpc('load', { text, file: `${SUITE}.def` });
            await rpc('begin', { suite: SUITE });
            const state = async () => String((await rpc('query', { kind: 'state', path: `/${SUITE}` }))['value']);
            await untilComplete(state, proc, options);
          }),
        async stop() {
          await proc.stop('SIGTERM', 10_000);
        },
      };
    },
  };
}
