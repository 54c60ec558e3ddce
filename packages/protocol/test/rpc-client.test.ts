import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createRpcClient, hasErrorCode, isIsobarError, type RpcClient } from '@isobar/protocol';
import {
  closedPortUrl,
  sendError,
  sendJson,
  sendValue,
  startTestServer,
  type SeenRequest,
  type TestServer,
} from './rpc-test-servers.js';

/** Routes of the test server, by request path. */
function route(request: SeenRequest, res: ServerResponse): void {
  switch (request.url) {
    case '/v1/rpc/echo':
      return sendValue(res, { received: JSON.parse(request.body) as unknown, headers: request.headers });
    case '/v1/rpc/missing':
      return sendError(res, 404, {
        code: 'NOT_FOUND',
        message: 'Not found: /s/t',
        details: { path: '/s/t' },
        requestId: 'req-body-1',
      });
    case '/v1/rpc/conflict':
      return sendJson(res, {
        status: 409,
        body: { ok: false, error: { code: 'WRONG_STATE', message: 'no', details: { path: '/s' } } },
        headers: { 'x-request-id': 'req-header-2' },
      });
    case '/v1/rpc/future-code':
      return sendError(res, 500, { code: 'SOMETHING_NEW', message: 'from a newer server' });
    case '/v1/rpc/html':
      res.writeHead(502, { 'content-type': 'text/html' });
      return void res.end('<html>Bad gateway</html>');
    case '/v1/rpc/not-envelope':
      return sendJson(res, { status: 200, body: { result: 42 }, headers: { 'x-request-id': 'req-3' } });
    case '/v1/rpc/ok-with-500':
      return sendJson(res, { status: 500, body: { ok: true, value: 1 } });
    case '/v1/rpc/slow':
      return slow(res);
    case '/v1/health':
      return sendJson(res, { status: 200, body: { status: 'RUNNING', version: '0.1.0' } });
    case '/base/v1/rpc/echo':
      return sendValue(res, 'under a base path');
    default:
      return sendError(res, 404, { code: 'UNKNOWN_METHOD', message: `no ${request.url}` });
  }
}

/** Answers after 2 s unless the client goes away first (then the timer must not keep the test alive). */
function slow(res: ServerResponse): void {
  const timer = setTimeout(() => sendValue(res, 'late'), 2_000);
  res.on('close', () => clearTimeout(timer));
}

describe('rpc client: envelopes and transport errors', () => {
  let server: TestServer;
  let client: RpcClient;

  before(async () => {
    server = await startTestServer(route);
    client = createRpcClient({ urls: [server.url], retry: { attempts: 1 }, headers: { 'x-extra': 'yes' } });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('POSTs the arguments as JSON to /v1/rpc/<method> and returns the value', async () => {
    const value = await client.call<{ received: unknown; headers: Record<string, string> }>('echo', { a: [1, 'x'] });
    assert.deepEqual(value.received, { a: [1, 'x'] });
    assert.equal(value.headers['content-type'], 'application/json');
    assert.equal(value.headers['x-extra'], 'yes');
    assert.match(value.headers['user-agent'] ?? '', /^isobar-rpc\//);
    const seen = server.requests.at(-1)!;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/v1/rpc/echo');
  });

  it('sends an empty object when a call has no arguments', async () => {
    const value = await client.call<{ received: unknown }>('echo');
    assert.deepEqual(value.received, {});
  });

  it('rejects with the server error, its details and the request id from the body', async () => {
    const error: unknown = await client.call('missing', {}).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'NOT_FOUND'));
    assert.equal(error.message, 'Not found: /s/t');
    assert.deepEqual(error.details, { path: '/s/t', requestId: 'req-body-1' });
  });

  it('takes the request id from X-Request-Id when the body has none', async () => {
    const error: unknown = await client.call('conflict', {}).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'WRONG_STATE'));
    assert.equal(error.details?.['requestId'], 'req-header-2');
    assert.equal(error.details?.['path'], '/s');
  });

  it('keeps an unknown server code as INTERNAL with details.remoteCode', async () => {
    const error: unknown = await client.call('future-code', {}).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'INTERNAL'));
    assert.equal(error.details?.['remoteCode'], 'SOMETHING_NEW');
  });

  it('turns a non-JSON answer into BAD_RESPONSE with the HTTP status', async () => {
    const error: unknown = await client.call('html', {}).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'BAD_RESPONSE'));
    assert.equal(error.details?.['status'], 502);
    assert.equal(error.details?.['contentType'], 'text/html');
    assert.match(error.message, /HTTP 502/);
  });

  it('turns JSON that is not an envelope into BAD_RESPONSE', async () => {
    const error: unknown = await client.call('not-envelope', {}).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'BAD_RESPONSE'));
    assert.equal(error.details?.['status'], 200);
    assert.equal(error.details?.['requestId'], 'req-3');
  });

  it('turns a success envelope with an error status into BAD_RESPONSE', async () => {
    const error: unknown = await client.call('ok-with-500', {}).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'BAD_RESPONSE'));
    assert.equal(error.details?.['status'], 500);
  });

  it('rejects a bad method name or non-object arguments without sending anything', async () => {
    const before = server.requests.length;
    await assert.rejects(client.call('../admin', {}), (e: unknown) => hasErrorCode(e, 'INVALID_ARGUMENT'));
    await assert.rejects(client.call('echo', [1, 2]), (e: unknown) => hasErrorCode(e, 'INVALID_ARGUMENT'));
    await assert.rejects(client.call('echo', { n: 1n }), (e: unknown) => hasErrorCode(e, 'INVALID_ARGUMENT'));
    assert.equal(server.requests.length, before);
  });

  it('times out with TIMEOUT (per-call timeoutMs)', async () => {
    const error: unknown = await client.call('slow', {}, { timeoutMs: 100 }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'TIMEOUT'));
    assert.deepEqual(error.details, { url: server.url, timeoutMs: 100 });
  });

  it('rejects with the abort reason when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = client.call('slow', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user gave up')), 50);
    await assert.rejects(pending, /user gave up/);
    await assert.rejects(client.call('echo', {}, { signal: controller.signal }), /user gave up/);
  });

  it('GETs plain JSON with getJson', async () => {
    assert.deepEqual(await client.getJson('/v1/health'), { status: 'RUNNING', version: '0.1.0' });
    assert.equal(server.requests.at(-1)?.method, 'GET');
    await assert.rejects(client.getJson('v1/health'), (e: unknown) => hasErrorCode(e, 'INVALID_ARGUMENT'));
  });

  it('keeps a path prefix of the base URL', async () => {
    const prefixed = createRpcClient({ urls: [`${server.url}/base/`] });
    try {
      assert.equal(await prefixed.call('echo', {}), 'under a base path');
    } finally {
      prefixed.close();
    }
  });
});

describe('rpc client: unreachable servers', () => {
  it('rejects with UNREACHABLE naming the URL and the reason when the connection is refused', async () => {
    const url = await closedPortUrl();
    const client = createRpcClient({ urls: [url], retry: { attempts: 2, delayMs: 1 } });
    try {
      const error: unknown = await client.call('ping', {}).catch((e: unknown) => e);
      assert.ok(hasErrorCode(error, 'UNREACHABLE'));
      assert.equal(error.details?.['url'], url);
      assert.match(String(error.details?.['reason']), /ECONNREFUSED/);
      assert.ok(isIsobarError(error) && error.cause instanceof Error);
    } finally {
      client.close();
    }
  });

  it('rejects every call after close()', async () => {
    const client = createRpcClient({ urls: ['http://127.0.0.1:9'] });
    client.close();
    const error: unknown = await client.call('ping', {}).catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'UNREACHABLE'));
    assert.equal(error.details?.['reason'], 'the client is closed');
  });
});
