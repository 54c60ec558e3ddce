/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of test replies */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { createRpcClient, hasErrorCode, METHODS, type RpcClient } from '@isobar/protocol';
import { UNAVAILABLE_METHODS, type IsobarServer } from '../src/index.js';
import { createTokenAuthenticator, rawRequest, startServer } from './http-helpers.js';

const DEF =
  'suite s\n  family f\n    task t\n      event go\n      meter m 0 100\n      label info ""\n  endfamily\nendsuite\n';

function client(url: string, token?: string): RpcClient {
  return createRpcClient({
    urls: [url],
    retry: { attempts: 1 },
    ...(token === undefined ? {} : { auth: { kind: 'bearer', token } }),
  });
}

describe('http facility: procedures through createRpcClient', () => {
  let server: IsobarServer;
  let url: string;
  let operator: RpcClient;
  let admin: RpcClient;
  let anonymous: RpcClient;
  before(async () => {
    ({ server, url } = await startServer({ authenticator: createTokenAuthenticator() }));
    operator = client(url, 'operator-token');
    admin = client(url, 'admin-token');
    anonymous = client(url);
  });
  after(async () => {
    [operator, admin, anonymous].forEach((c) => c.close());
    await server.stop();
  });

  it('ping, login, whoami', async () => {
    const pong = await anonymous.call<any>('ping');
    assert.equal(pong.serverState, 'RUNNING');
    const login = await anonymous.login('ada', 'secret');
    assert.equal(login.token, 'admin-token');
    assert.deepEqual(await anonymous.call('whoami'), { user: 'ada', roles: ['viewer', 'operator', 'admin'] });
    await assert.rejects(anonymous.login('ada', 'wrong'), (e: unknown) => hasErrorCode(e, 'AUTH_FAILED'));
  });

  it('load, begin, tree, run and the child commands drive the engine', async () => {
    const loaded = await operator.call<any>('load', { text: DEF });
    assert.deepEqual(loaded.suites, ['s']);
    assert.deepEqual((await operator.call<any>('begin', { suite: 's' })).begun, ['s']);
    assert.deepEqual((await operator.call<any>('suites')).suites, ['s']);
    // The server's scheduler submits the free task by itself; `run --force` then submits it again (try 2).
    await waitForState(operator, '/s/f/t', 'submitted');
    const run = await operator.call<any>('run', { paths: ['/s/f/t'], force: true });
    assert.deepEqual(run.submitted, ['/s/f/t']);
    const task = server.engine.node('/s/f/t') as any;
    const creds = { path: '/s/f/t', password: task.password, rid: '', tryNo: task.tryNo };
    assert.equal(creds.tryNo, 2);
    await anonymous.call('child.init', { ...creds, rid: '4711' });
    await anonymous.call('child.meter', { ...creds, rid: '4711', name: 'm', value: 40 });
    const tree = await operator.call<any>('tree', { path: '/s/f/t' });
    assert.equal(tree.nodes[0].state, 'active');
    assert.deepEqual(tree.nodes[0].meters, [{ name: 'm', min: 0, max: 100, value: 40 }]);
    const zombie = await anonymous.call('child.complete', { ...creds, password: 'wrong' }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(zombie, 'ZOMBIE'));
    // The refused complete is listed as a zombie of the task (the forced re-run already made the first job one).
    const zombies = (await operator.call<any>('zombies')).zombies;
    assert.ok(
      zombies.some((z: any) => z.path === '/s/f/t' && z.command === 'complete'),
      JSON.stringify(zombies),
    );
    const removed = await operator.call<any>('zombies.remove', { paths: ['/s/f/t'] });
    assert.equal(removed.affected, zombies.length);
    assert.deepEqual((await operator.call<any>('zombies')).zombies, []);
    await anonymous.call('child.complete', { ...creds, rid: '4711' });
    assert.equal((await operator.call<any>('query', { kind: 'state', path: '/s/f/t' })).value, 'complete');
  });

  it('HALTED answers child commands with SERVER_HALTED; restart accepts them again', async () => {
    await admin.call('halt');
    const task = server.engine.node('/s/f/t') as any;
    const creds = { path: '/s/f/t', password: task.password, rid: '', tryNo: task.tryNo, name: 'go' };
    const refused = await anonymous.call('child.event', creds).catch((e: unknown) => e);
    assert.ok(hasErrorCode(refused, 'SERVER_HALTED'));
    const health = await rawRequest(url, { method: 'GET', path: '/v1/health' });
    assert.equal(health.json.status, 'HALTED');
    await admin.call('restart');
    assert.equal((await anonymous.call<any>('ping')).serverState, 'RUNNING');
  });

  it('serves every catalogue method, and the ones needing a home answer a clear error without one', async () => {
    assert.deepEqual(Object.keys(UNAVAILABLE_METHODS), [], 'every catalogue method has a handler');
    const needHome = ['kill', 'status', 'file', 'jobGen', 'editScript', 'checkpoint', 'restoreFromCheckpoint', 'log'];
    for (const name of needHome) {
      const args = (METHODS as any)[name].example.args;
      const error: any = await admin.call(name, args).catch((e: unknown) => e);
      assert.ok(hasErrorCode(error, 'NOT_IMPLEMENTED'), `${name}: ${String(error)}`);
      assert.equal(error.details?.['method'], name);
    }
  });

  it('serves an embedder procedure with schema validation and role check', async () => {
    server.registerProcedure({
      name: 'app.double',
      access: 'operator',
      args: Type.Object({ n: Type.Integer() }, { additionalProperties: false }),
      result: Type.Object({ twice: Type.Integer() }),
      handler: (args, context) => ({ twice: args.n * 2 + (context.principal?.user === 'otto' ? 0 : 1000) }),
    });
    assert.deepEqual(await operator.call('app.double', { n: 21 }), { twice: 42 });
    const invalid = await operator.call('app.double', { n: 'x' }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(invalid, 'INVALID_ARGUMENT'));
    const viewer = client(url, 'viewer-token');
    const forbidden = await viewer.call('app.double', { n: 1 }).catch((e: unknown) => e);
    viewer.close();
    assert.ok(hasErrorCode(forbidden, 'FORBIDDEN'));
    assert.throws(
      () =>
        server.registerProcedure({
          name: 'ping',
          access: 'public',
          args: Type.Object({}),
          result: Type.Object({}),
          handler: () => ({}),
        }),
      (e: unknown) => hasErrorCode(e, 'CONFIG_ERROR'),
    );
  });

  it('exposes Prometheus metrics for requests, nodes and persistence', async () => {
    server.metrics.observeJournalCommit(0.002, 5);
    server.metrics.observeCheckpoint(0.3, 4096);
    const response = await rawRequest(url, { method: 'GET', path: '/v1/metrics' });
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    const text = response.text;
    assert.match(text, /isobar_rpc_requests_total\{method="ping",status="200"\} \d+/);
    assert.match(text, /isobar_rpc_request_duration_seconds_bucket\{le="[^"]+",method="load",status="200"\} \d+/);
    assert.match(text, /isobar_nodes\{state="complete"\} [1-9]/);
    assert.match(text, /isobar_jobs_submitted_total [1-9]/);
    assert.match(text, /isobar_journal_commit_seconds_count 1/);
    assert.match(text, /isobar_checkpoint_bytes 4096/);
  });
});

/** Polls `query state` until `path` is in `state` (the scheduler acts at the end of an event-loop turn). */
async function waitForState(client: RpcClient, path: string, state: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await client.call<any>('query', { kind: 'state', path })).value === state) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`${path} never became ${state}`);
}
