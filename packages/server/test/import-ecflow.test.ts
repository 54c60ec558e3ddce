/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of RPC replies */
// `isobar-server import-ecflow`: a checkpoint written by a real ecFlow 5.9.2 server is imported, and a real
// isobar-server started on the home serves the same states and values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempHome, freePort, runProcess, startProcess, type TestProcess } from '@isobar/test-utils';
import { cleanEnv, runLauncher, startLauncher } from './launcher-helpers.js';

const ECFLOW_SERVER = '/usr/sbin/ecflow_server';
const ECFLOW_CLIENT = '/usr/bin/ecflow_client';
const NO_ECFLOW = existsSync(ECFLOW_SERVER) && existsSync(ECFLOW_CLIENT) ? false : `${ECFLOW_SERVER} is not installed`;

const SUITE = `suite s
  family f
    task t
      event e1
      meter m 0 100
      label l "hello"
    task t2
      trigger t == complete
  endfamily
  family r
    repeat integer i 1 10 1
    task u
  endfamily
  task x
    defstatus suspended
endsuite
`;

/** A real ecFlow server in `home` on a free port; it starts HALTED, so no job ever runs. */
async function startEcflow(home: string): Promise<{ proc: TestProcess; client: (...args: string[]) => Promise<void> }> {
  const port = await freePort();
  const env = { ...process.env, ECF_HOME: home, ECF_PORT: String(port), ECF_HOST: '127.0.0.1' };
  const proc = startProcess(ECFLOW_SERVER, { cwd: home, env });
  const client = async (...args: string[]): Promise<void> => {
    const result = await runProcess(ECFLOW_CLIENT, { args, cwd: home, env, timeoutMs: 30_000 });
    assert.equal(result.code, 0, `ecflow_client ${args.join(' ')}: ${result.stderr}${result.stdout}`);
  };
  for (let attempt = 0; ; attempt++) {
    const ping = await runProcess(ECFLOW_CLIENT, { args: ['--ping'], cwd: home, env, timeoutMs: 10_000 });
    if (ping.code === 0) break;
    if (attempt === 50) throw new Error(`ecflow_server did not answer: ${proc.stderr()}${proc.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { proc, client };
}

/** Runs ecFlow, loads the suite, changes states and values, checkpoints, stops it; returns the checkpoint file. */
async function ecflowCheckpoint(home: string): Promise<string> {
  await writeFile(join(home, 's.def'), SUITE);
  const { proc, client } = await startEcflow(home);
  try {
    await client('--load=s.def');
    await client('--begin=s');
    await client('--force=complete', '/s/f/t2');
    await client('--force=aborted', '/s/f/t');
    await client('--alter', 'change', 'event', 'e1', 'set', '/s/f/t');
    await client('--alter', 'change', 'meter', 'm', '42', '/s/f/t');
    await client('--alter', 'change', 'label', 'l', 'bye now', '/s/f/t');
    await client('--alter', 'change', 'repeat', '4', '/s/r');
    await client('--suspend', '/s/f');
    await client('--check_pt');
    // ecflow_server ignores SIGTERM: it is stopped with its own commands.
    await client('--halt=yes');
    await client('--terminate=yes');
    await proc.exited();
  } finally {
    await proc.stop('SIGKILL');
  }
  const check = (await readdir(home)).find((name) => name.endsWith('.ecf.check'));
  assert.ok(check !== undefined, `no checkpoint in ${home}: ${(await readdir(home)).join(' ')}`);
  return join(home, check);
}

async function call(url: string, method: string, args: unknown): Promise<any> {
  const response = await fetch(`${url}/v1/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = (await response.json()) as any;
  assert.equal(body.ok, true, JSON.stringify(body));
  return body.value;
}

function find(node: any, path: string): any {
  if (node.path === path) return node;
  for (const child of node.children ?? []) {
    const found = find(child, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe('isobar-server import-ecflow', () => {
  it('refuses a missing file argument or file with exit 2', async () => {
    await using home = await createTempHome('isobar-import-');
    const none = await runLauncher(['import-ecflow', '--home', home.path], cleanEnv(home.path));
    assert.equal(none.code, 2, none.stderr);
    const missing = await runLauncher(
      ['import-ecflow', '--home', home.path, home.resolve('x.check')],
      cleanEnv(home.path),
    );
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /x\.check: no such file/);
    await writeFile(home.resolve('plain.def'), SUITE);
    const plain = await runLauncher(
      ['import-ecflow', '--home', home.path, home.resolve('plain.def')],
      cleanEnv(home.path),
    );
    assert.equal(plain.code, 2, plain.stderr);
    assert.match(plain.stderr, /not an ecFlow checkpoint/);
  });

  it(
    'imports a checkpoint of ecFlow 5.9.2 and the server serves its states and values',
    { skip: NO_ECFLOW },
    async () => {
      await using ecf = await createTempHome('isobar-ecflow-');
      await using home = await createTempHome('isobar-import-');
      const check = await ecflowCheckpoint(ecf.path);
      const env = cleanEnv(home.path);
      const imported = await runLauncher(['import-ecflow', '--home', home.path, check], env);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /1 suite: s/);
      assert.match(imported.stdout, /nodes {7}7 \(4 tasks\)/);
      assert.match(imported.stdout, /HALTED/);
      assert.match(imported.stdout, /isobar-server --home/);
      const again = await runLauncher(['import-ecflow', '--home', home.path, check], env);
      assert.equal(again.code, 1, again.stderr);
      assert.match(again.stderr, /already holds server state.*--force/);
      const forced = await runLauncher(['import-ecflow', '--home', home.path, '--force', check], env);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stdout, /previous +state moved to .*pre-import-/);

      const { proc, url } = await startLauncher(['--home', home.path, '--port', '0'], env);
      try {
        const health = (await (await fetch(`${url}/v1/health`)).json()) as { status: string };
        assert.equal(health.status, 'HALTED', 'the server state ecFlow saved');
        const { nodes } = await call(url, 'tree', { path: '/s' });
        const suite = nodes[0];
        assert.equal(find(suite, '/s/f/t').state, 'aborted');
        assert.equal(find(suite, '/s/f/t2').state, 'complete');
        assert.equal(find(suite, '/s/f').suspended, true);
        assert.equal(find(suite, '/s/x').suspended, true);
        const task = find(suite, '/s/f/t');
        assert.deepEqual(task.events, [{ name: 'e1', value: true }]);
        assert.equal(task.meters[0].value, 42);
        assert.deepEqual(task.labels, [{ name: 'l', value: 'bye now' }]);
        assert.equal(find(suite, '/s/r').repeat.value, 4);
        const { text } = await call(url, 'get', { path: '/s', state: true });
        assert.match(text, /task t # state:aborted/);
      } finally {
        assert.deepEqual(await proc.stop('SIGTERM'), { code: 0, signal: null }, proc.stderr());
      }
    },
  );
});
