// The reference side of the ping benchmarks: ecflow_server 5.9.2 on a free port in a temporary ECF_HOME, pinged in
// sequence by ecFlow's own Python client (ecflow-ping.py, run with Debian's /usr/bin/python3).
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@isobar/test-utils';

const SCRIPT = fileURLToPath(new URL('ecflow-ping.py', import.meta.url));

/** What one run of sequential pings measured. */
export interface PingStats {
  /** Pings per second over the whole run. */
  readonly rate: number;
  /** Median round trip in microseconds: steadier than the rate on a loaded machine, where stalls hit the total. */
  readonly p50Us: number;
}

/** A running ecflow_server and a way to measure its sequential ping rate. */
export interface EcflowPinger {
  /** Runs `calls` sequential pings from the Python client. */
  ping(): Promise<PingStats>;
  /** Terminates the server (SIGKILL only if it is still there 5 s later) and removes its home. */
  stop(): Promise<void>;
}

/** Starts ecflow_server; each `ping()` makes `calls` sequential pings. */
export async function startEcflowPinger(calls: number): Promise<EcflowPinger> {
  const home = mkdtempSync(join(tmpdir(), 'isobar-bench-ecf-'));
  const port = await freePort();
  const server = spawn('/usr/sbin/ecflow_server', ['--port', String(port)], {
    cwd: home,
    env: { ...process.env, ECF_HOME: home },
    stdio: 'ignore',
  });
  const python = (n: number, ...extra: string[]): Promise<PingStats> =>
    new Promise((resolve, reject) =>
      execFile('/usr/bin/python3', [SCRIPT, String(port), String(n), ...extra], (error, out) =>
        error ? reject(new Error(`ecflow-ping.py failed: ${error.message}`)) : resolve(JSON.parse(out) as PingStats),
      ),
    );
  return {
    ping: () => python(calls),
    stop: async () => {
      // ecflow_server ignores SIGTERM: ask it to terminate, and kill it only if it is still there afterwards.
      await python(0, 'terminate').catch(() => undefined);
      const killer = setTimeout(() => server.kill('SIGKILL'), 5_000);
      if (server.exitCode === null && server.signalCode === null) await new Promise((r) => server.once('exit', r));
      clearTimeout(killer);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
