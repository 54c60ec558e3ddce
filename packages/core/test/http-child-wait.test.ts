/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of test replies */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRpcClient, hasErrorCode, type RpcClient } from '@isobar/protocol';
import type { IsobarServer } from '../src/index.js';
import { createTokenAuthenticator, startServer } from './http-helpers.js';

// `other` waits for `t`, so only `t` is submitted by the scheduler.
const DEF =
  'suite s\n  family f\n    task t\n      event go\n      meter m 0 100\n    task other\n' +
  '      trigger t == complete\n  endfamily\nendsuite\n';

function client(url: string, token?: string): RpcClient {
  return createRpcClient({
    urls: [url],
    retry: { attempts: 1 },
    ...(token === undefined ? {} : { auth: { kind: 'bearer', token } }),
  });
}

async function waitForState(rpc: RpcClient, path: string, state: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await rpc.call<any>('query', { kind: 'state', path })).value === state) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`${path} never became ${state}`);
}

describe('http facility: child.wait', () => {
  let server: IsobarServer;
  let operator: RpcClient;
  let job: RpcClient;
  let creds: { path: string; password: string; rid: string; tryNo: number };
  const wait = (expression: string, extra: Record<string, unknown> = {}) =>
    job.call<any>('child.wait', { ...creds, expression, ...extra });

  before(async () => {
    let url: string;
    ({ server, url } = await startServer({ authenticator: createTokenAuthenticator() }));
    operator = client(url, 'operator-token');
    job = client(url);
    await operator.call('load', { text: DEF });
    await operator.call('begin', { suite: 's' });
    await waitForState(operator, '/s/f/t', 'submitted');
    const task = server.engine.node('/s/f/t') as any;
    creds = { path: '/s/f/t', password: task.password, rid: '4711', tryNo: task.tryNo };
    await job.call('child.init', creds);
  });
  after(async () => {
    [operator, job].forEach((c) => c.close());
    await server.stop();
  });

  it('answers false, then true once the expression holds (relative and absolute references)', async () => {
    const before = await wait('t:go and /s/f/t:m >= 40');
    assert.equal(before.satisfied, false);
    assert.equal(typeof before.seq, 'number');
    await job.call('child.event', { ...creds, name: 'go' });
    assert.equal((await wait('t:go and /s/f/t:m >= 40')).satisfied, false);
    await job.call('child.meter', { ...creds, name: 'm', value: 40 });
    assert.equal((await wait('t:go and /s/f/t:m >= 40')).satisfied, true);
    assert.equal((await wait('../f/t == active')).satisfied, true);
    assert.equal((await wait('other == complete')).satisfied, false);
  });

  it('a syntax error is refused, naming the expression', async () => {
    const error = await wait('t == ').catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'DEFS_PARSE_ERROR'), String(error));
    assert.match(String(error), /expression/);
  });

  it('a reference to a node or attribute that does not exist is INVALID_ARGUMENT naming it', async () => {
    const missingNode = await wait('/s/f/nowhere == complete').catch((e: unknown) => e);
    assert.ok(hasErrorCode(missingNode, 'INVALID_ARGUMENT'), String(missingNode));
    assert.match(String(missingNode), /\/s\/f\/nowhere/);
    assert.equal((missingNode as any).details?.field, 'expression');
    const missingEvent = await wait('t:nothing').catch((e: unknown) => e);
    assert.ok(hasErrorCode(missingEvent, 'INVALID_ARGUMENT'), String(missingEvent));
    assert.match(String(missingEvent), /nothing/);
  });

  it('a wrong password makes a zombie whose wait is blocked, as for the other child commands', async () => {
    const error = await wait('t:go', { password: 'wrong' }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'ZOMBIE'), String(error));
    assert.equal((error as any).details?.action, 'block');
    const zombies = (await operator.call<any>('zombies')).zombies;
    assert.ok(
      zombies.some((z: any) => z.path === '/s/f/t' && z.command === 'wait'),
      JSON.stringify(zombies),
    );
    // The job with the right credentials still gets its answer.
    assert.equal((await wait('t:go')).satisfied, true);
  });

  it('a fobbed zombie wait lets the job go on', async () => {
    await operator.call('zombies.fob', { paths: ['/s/f/t'] });
    assert.equal((await wait('other == complete', { password: 'wrong' })).satisfied, true);
  });
});
