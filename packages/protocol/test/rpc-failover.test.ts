import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { createRpcClient, hasErrorCode } from '@isobar/protocol';
import { createEndpointSelector } from '../src/rpc/endpoint-selector.js';
import { resolveRpcClientOptions } from '../src/rpc/rpc-client-options.js';
import { closedPortUrl, sendError, sendValue, startTestServer, type TestServer } from './rpc-test-servers.js';

/** A TCP server that accepts and at once resets every connection: the request may have been received. */
async function startResettingServer(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.resetAndDestroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const halted = { code: 'SERVER_HALTED', message: 'The server is HALTED' };

describe('rpc client: fail-over and retries', () => {
  let good: TestServer;
  let dropping: TestServer;
  let halting: TestServer;
  let resetting: Awaited<ReturnType<typeof startResettingServer>>;
  let refused: string;

  before(async () => {
    good = await startTestServer((request, res) => sendValue(res, { from: 'good', url: request.url }));
    // Reads the whole request, then drops the connection without an answer.
    dropping = await startTestServer((_request, res) => res.socket?.destroy());
    // HALTED for the first two requests of each method, then answers.
    const perMethod = new Map<string, number>();
    halting = await startTestServer((request, res) => {
      const seen = (perMethod.get(request.url) ?? 0) + 1;
      perMethod.set(request.url, seen);
      if (seen <= 2) sendError(res, 503, halted);
      else sendValue(res, seen);
    });
    resetting = await startResettingServer();
    refused = await closedPortUrl();
  });
  after(async () => {
    await Promise.all([good.close(), dropping.close(), halting.close(), resetting.close()]);
  });

  it('fails over to the next URL when the first refuses connections, even for an unsafe method', async () => {
    const client = createRpcClient({ urls: [refused, good.url], retry: { attempts: 1 } });
    try {
      const before = good.requests.length;
      assert.deepEqual(await client.call('load', { defs: 'suite s' }), { from: 'good', url: '/v1/rpc/load' });
      assert.equal(good.requests.length, before + 1);
      assert.equal(client.currentUrl(), good.url);
    } finally {
      client.close();
    }
  });

  it('stays on the URL that worked: later calls do not go back to the broken one', async () => {
    const client = createRpcClient({ urls: [resetting.url, good.url], retry: { delayMs: 1 } });
    try {
      const before = resetting.connections();
      assert.deepEqual(await client.call('ping', {}), { from: 'good', url: '/v1/rpc/ping' });
      assert.equal(resetting.connections(), before + 1);
      await client.call('ping', {});
      await client.call('load', {});
      assert.equal(resetting.connections(), before + 1, 'the broken URL was tried again');
    } finally {
      client.close();
    }
  });

  it('does not resend an unsafe method that the server may have received', async () => {
    const client = createRpcClient({ urls: [dropping.url, good.url], retry: { attempts: 5, delayMs: 1 } });
    try {
      const [droppedBefore, goodBefore] = [dropping.requests.length, good.requests.length];
      const error: unknown = await client.call('load', { defs: 'x' }).catch((e: unknown) => e);
      assert.ok(hasErrorCode(error, 'UNREACHABLE'));
      assert.equal(error.details?.['url'], dropping.url);
      assert.equal(dropping.requests.length, droppedBefore + 1);
      assert.equal(good.requests.length, goodBefore);
    } finally {
      client.close();
    }
  });

  it('resends a safe method to the next URL after a dropped connection and returns that result', async () => {
    const client = createRpcClient({ urls: [dropping.url, good.url], retry: { delayMs: 1 } });
    try {
      const before = dropping.requests.length;
      assert.deepEqual(await client.call('getTree', {}), { from: 'good', url: '/v1/rpc/getTree' });
      assert.equal(dropping.requests.length, before + 1);
    } finally {
      client.close();
    }
  });

  it('retries a safe method on 503 SERVER_HALTED with back-off and returns the later answer', async () => {
    const client = createRpcClient({ urls: [halting.url], retry: { attempts: 3, delayMs: 1, maxDelayMs: 2 } });
    try {
      assert.equal(await client.call('ping', {}), 3);
      assert.equal(halting.requests.filter((r) => r.url === '/v1/rpc/ping').length, 3);
    } finally {
      client.close();
    }
  });

  it('gives up after retry.attempts tries and rejects with the last answer', async () => {
    const client = createRpcClient({ urls: [halting.url], retry: { attempts: 2, delayMs: 1 } });
    try {
      await assert.rejects(client.call('version', {}), (e: unknown) => hasErrorCode(e, 'SERVER_HALTED'));
      assert.equal(halting.requests.filter((r) => r.url === '/v1/rpc/version').length, 2);
    } finally {
      client.close();
    }
  });

  it('does not retry an unsafe method on 503, but does when isSafeToRetry says so', async () => {
    const strict = createRpcClient({ urls: [halting.url], retry: { delayMs: 1 } });
    const lenient = createRpcClient({ urls: [halting.url], retry: { delayMs: 1 }, isSafeToRetry: () => true });
    try {
      await assert.rejects(strict.call('begin', {}), (e: unknown) => hasErrorCode(e, 'SERVER_HALTED'));
      assert.equal(halting.requests.filter((r) => r.url === '/v1/rpc/begin').length, 1);
      assert.equal(await lenient.call('begin', {}), 3);
    } finally {
      strict.close();
      lenient.close();
    }
  });

  it('rejects with UNREACHABLE after trying every URL once when none answers', async () => {
    const other = await closedPortUrl();
    const client = createRpcClient({ urls: [refused, other], retry: { attempts: 1 } });
    try {
      const error: unknown = await client.call('load', {}).catch((e: unknown) => e);
      assert.ok(hasErrorCode(error, 'UNREACHABLE'));
      assert.equal(error.details?.['url'], other);
    } finally {
      client.close();
    }
  });
});

describe('endpoint selector', () => {
  const endpoints = resolveRpcClientOptions({
    urls: ['http://a.invalid', 'http://b.invalid', 'http://c.invalid'],
  }).endpoints;
  const [a, b, c] = endpoints as [(typeof endpoints)[0], (typeof endpoints)[0], (typeof endpoints)[0]];

  it('skips banned URLs until the ban expires, and starts at the last URL that answered', () => {
    let now = 1_000;
    const selector = createEndpointSelector(endpoints, 500, () => now);
    assert.equal(selector.pick(new Set()), a);
    selector.failed(a);
    assert.equal(selector.pick(new Set([a.url])), b);
    selector.succeeded(b);
    assert.equal(selector.pick(new Set()), b, 'sticky');
    selector.failed(b);
    assert.equal(selector.pick(new Set()), c, 'a is still banned, so c comes next');
    now += 501;
    assert.equal(selector.pick(new Set()), b, 'bans expired: back to the sticky URL');
  });

  it('tries banned URLs when every URL is banned, untried ones first', () => {
    const selector = createEndpointSelector(endpoints, 60_000, () => 0);
    for (const endpoint of endpoints) selector.failed(endpoint);
    assert.equal(selector.pick(new Set()), a);
    assert.equal(selector.pick(new Set([a.url])), b);
    assert.equal(selector.pick(new Set([a.url, b.url, c.url])), a);
  });
});
