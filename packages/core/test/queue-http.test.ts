/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of test replies */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRpcClient, hasErrorCode, type RpcClient } from '@isobar/protocol';
import { findOwnQueue, type IsobarServer, type SubmittableNode } from '../src/index.js';
import { startChildServer } from './child-client-helpers.js';

const DEF =
  'suite s\n  family f\n    queue q 001 002\n    task t\n  endfamily\n  family g\n    queue q x\n  endfamily\nendsuite\n';

describe('http facility: child.queue', () => {
  let server: IsobarServer;
  let job: RpcClient;
  let creds: { path: string; password: string; rid: string; tryNo: number };
  const queue = (args: Record<string, unknown>) => job.call<any>('child.queue', { ...creds, queue: 'q', ...args });

  before(async () => {
    const ctx = await startChildServer({}, DEF);
    server = ctx.server;
    job = createRpcClient({ urls: [ctx.url], retry: { attempts: 1 } });
    const task = server.engine.node('/s/f/t') as SubmittableNode;
    creds = { path: '/s/f/t', password: task.password, rid: '4711', tryNo: task.tryNo };
    await job.call('child.init', creds);
  });
  after(async () => {
    job.close();
    await server.stop();
  });

  it('active answers the step with the sequence number; none left answers no step', async () => {
    const first = await queue({ action: 'active' });
    assert.equal(first.step, '001');
    assert.equal(typeof first.seq, 'number');
    assert.equal((await queue({ action: 'active' })).step, '002');
    const none = await queue({ action: 'active' });
    assert.equal(none.step, undefined);
    assert.equal(findOwnQueue(server.engine.node('/s/f'), 'q')?.state, '2 active active');
  });

  it('aborted, no_of_aborted, reset, and queuePath to another family’s queue', async () => {
    await queue({ action: 'aborted', step: '002' });
    assert.equal((await queue({ action: 'no_of_aborted' })).noOfAborted, 1);
    await queue({ action: 'reset' });
    assert.equal((await queue({ action: 'active' })).step, '002');
    assert.equal((await queue({ action: 'active', queuePath: '/s/g' })).step, 'x');
    const missing = await queue({ action: 'complete', step: '999' }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(missing, 'INVALID_ARGUMENT'), String(missing));
  });

  it('a wrong password is a zombie and changes nothing', async () => {
    const before = findOwnQueue(server.engine.node('/s/f'), 'q')?.state;
    const error = await queue({ action: 'reset', password: 'wrong' }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'ZOMBIE'), String(error));
    assert.equal(findOwnQueue(server.engine.node('/s/f'), 'q')?.state, before);
  });
});
