// Per-call wall time of the job-side client (issue 6: isobar-child must be no slower than ecflow_client):
//   isobar   share/isobar-child --event=e  -> Isobar server (child process, plain http over bash's /dev/tcp)
//   ecflow   /usr/bin/ecflow_client --event=e -> /usr/sbin/ecflow_server 5.9.2
// Each call is a fresh process, as in a job script; a bash loop runs `calls` of them back to back and the time
// is taken inside that loop, so Node's own spawn cost is not counted. Rounds alternate the two clients.
// Usage: node --import tsx bench/child-client/run.ts [--calls 200] [--rounds 5]
import { execFile, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { freePort } from '@isobar/test-utils';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const child = fileURLToPath(new URL('../../packages/core/share/isobar-child', import.meta.url));
const { values } = parseArgs({ options: { calls: { type: 'string' }, rounds: { type: 'string' } } });
const calls = Number(values.calls ?? 200);
const rounds = Number(values.rounds ?? 5);

interface Target {
  readonly name: string;
  readonly command: string;
  readonly env: NodeJS.ProcessEnv;
}

async function startIsobar(): Promise<{ proc: ChildProcess; target: Target }> {
  const proc = fork(join(here, 'isobar-server.ts'), {
    execArgv: ['--import', 'tsx', '--conditions', '@isobar/source'],
  });
  type Ready = { port: number; password: string; tryNo: number };
  const ready = await new Promise<Ready>((resolve) => proc.once('message', (m: Ready) => resolve(m)));
  const env = { ECF_NAME: '/s/t', ECF_PASS: ready.password, ECF_TRYNO: String(ready.tryNo), ECF_RID: '4711' };
  const target = {
    name: 'isobar-child',
    command: child,
    env: { ...env, ISOBAR_URL: `http://127.0.0.1:${ready.port}` },
  };
  return { proc, target };
}

async function startEcflow(home: string): Promise<{ proc: ChildProcess; port: number; target: Target }> {
  const port = await freePort();
  mkdirSync(join(home, 's'));
  writeFileSync(join(home, 's', 't.ecf'), 'echo t\n');
  const proc = spawn('/usr/sbin/ecflow_server', ['--port', String(port)], {
    cwd: home,
    env: { ...process.env, ECF_HOME: home },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    try {
      await run('/usr/bin/ecflow_client', ['--port', String(port), '--ping']);
      break;
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const { stdout } = await run('/usr/bin/python3', [join(here, 'ecflow-setup.py'), String(port)]);
  const [password = '', tryNo = '1'] = stdout.trim().split(/\s+/);
  const env = { ECF_NAME: '/s/t', ECF_PASS: password, ECF_TRYNO: tryNo, ECF_RID: '4711' };
  const target = { name: 'ecflow_client', command: '/usr/bin/ecflow_client', env: { ...env, ECF_PORT: String(port) } };
  return { proc, port, target };
}

/** Runs `--init` once, then `calls` × `--event=e` in a bash loop; resolves with ms per call. */
async function timeCalls(target: Target): Promise<number> {
  const loop = `s=$EPOCHREALTIME; for ((i = 0; i < ${calls}; i++)); do "$0" --event=e || exit 1; done; echo "$s $EPOCHREALTIME"`;
  const { stdout } = await run('/bin/bash', ['-c', loop, target.command], { env: { ...process.env, ...target.env } });
  const [start = 0, end = 0] = stdout.trim().split(' ').map(Number);
  return ((end - start) * 1000) / calls;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const log = (text: string): void => void process.stderr.write(`${text}\n`);
const home = mkdtempSync(join(tmpdir(), 'isobar-bench-child-'));
const isobar = await startIsobar();
log('isobar server up');
const ecflow = await startEcflow(home);
log('ecflow server up');
try {
  const targets = [isobar.target, ecflow.target];
  for (const target of targets) {
    await run('/bin/bash', ['-c', '"$0" --init=4711', target.command], { env: { ...process.env, ...target.env } });
    log(`${target.name}: init done`);
  }
  const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) times.get(target.name)?.push(await timeCalls(target));
  }
  console.log(`per-call wall time of --event (median of ${rounds} rounds x ${calls} calls)`);
  console.log('client          ms/call   min     max');
  const row = (name: string): number => {
    const list = times.get(name) ?? [];
    const fmt = (v: number): string => v.toFixed(2).padStart(7);
    console.log(`${name.padEnd(14)} ${fmt(median(list))} ${fmt(Math.min(...list))} ${fmt(Math.max(...list))}`);
    return median(list);
  };
  const ours = row('isobar-child');
  const theirs = row('ecflow_client');
  console.log(`ratio isobar-child / ecflow_client: ${(ours / theirs).toFixed(2)} (below 1 = faster)`);
  const result = { calls, rounds, isobarMsPerCall: ours, ecflowMsPerCall: theirs, ratio: ours / theirs };
  console.log(JSON.stringify({ bench: 'child-client', ...result }));
} finally {
  await run('/usr/bin/ecflow_client', ['--port', String(ecflow.port), '--terminate=yes']).catch(() => undefined);
  ecflow.proc.kill();
  isobar.proc.disconnect();
  rmSync(home, { recursive: true, force: true });
}
