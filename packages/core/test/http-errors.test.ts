/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of test replies */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import type { IsobarServer } from '../src/index.js';
import {
  createTokenAuthenticator,
  gate,
  memoryAccessLog,
  rawRequest,
  rpc,
  startServer,
  until,
  type RawResponse,
} from './http-helpers.js';

const RFC4122 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function assertFailure(response: RawResponse, status: number, code: string): void {
  assert.equal(response.status, status, response.text);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  assert.equal(response.json.ok, false);
  assert.equal(response.json.error.code, code);
  assert.equal(typeof response.json.error.message, 'string');
  const id = response.headers['x-request-id'];
  assert.equal(typeof id, 'string');
  assert.equal(response.json.error.requestId, id);
}

describe('http facility: one JSON error body for every abnormal status', () => {
  let server: IsobarServer;
  let url: string;
  const log = memoryAccessLog();
  const release = gate();
  before(async () => {
    ({ server, url } = await startServer({
      authenticator: createTokenAuthenticator(),
      bodyLimit: 1024,
      maxConcurrentRequests: 1,
      accessLog: log,
    }));
    server.registerProcedure({
      name: 'test.block',
      access: 'public',
      args: Type.Object({}),
      result: Type.Object({ released: Type.Boolean() }),
      handler: async () => {
        await release.promise;
        return { released: true };
      },
    });
    server.registerProcedure({
      name: 'test.crash',
      access: 'public',
      args: Type.Object({}),
      result: Type.Object({}),
      handler: () => {
        throw new Error('secret internals at /etc/passwd');
      },
    });
  });
  after(() => server.stop());

  it('404 ROUTE_NOT_FOUND for unknown routes', async () => {
    assertFailure(await rawRequest(url, { method: 'GET', path: '/nowhere' }), 404, 'ROUTE_NOT_FOUND');
    assertFailure(await rawRequest(url, { method: 'POST', path: '/v1/rpc' }), 404, 'ROUTE_NOT_FOUND');
  });

  it('404 UNKNOWN_METHOD for a method not in the catalogue', async () => {
    const response = await rpc(url, 'no.such.method');
    assertFailure(response, 404, 'UNKNOWN_METHOD');
    assert.equal(response.json.error.details.method, 'no.such.method');
  });

  it('405 with Allow for a wrong HTTP method', async () => {
    const rpcGet = await rawRequest(url, { method: 'GET', path: '/v1/rpc/ping' });
    assertFailure(rpcGet, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(rpcGet.headers['allow'], 'POST');
    const events = await rawRequest(url, { method: 'POST', path: '/v1/events' });
    assertFailure(events, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(events.headers['allow'], 'GET');
    const health = await rawRequest(url, { method: 'DELETE', path: '/v1/health' });
    assertFailure(health, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(health.headers['allow'], 'GET, HEAD');
  });

  it('400 INVALID_JSON, 415 for other content types, 413 over the body limit', async () => {
    const json = { 'content-type': 'application/json' };
    assertFailure(await rawRequest(url, { path: '/v1/rpc/ping', headers: json, body: '{"a":' }), 400, 'INVALID_JSON');
    const text = { 'content-type': 'text/plain' };
    assertFailure(
      await rawRequest(url, { path: '/v1/rpc/ping', headers: text, body: '{}' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const big = JSON.stringify({ text: 'x'.repeat(2000) });
    const tooLarge = await rawRequest(url, { path: '/v1/rpc/ping', headers: json, body: big });
    assertFailure(tooLarge, 413, 'PAYLOAD_TOO_LARGE');
    assert.equal(tooLarge.json.error.details.limit, 1024);
  });

  it('400 INVALID_ARGUMENT names the offending fields before any handler runs', async () => {
    const response = await rpc(url, 'why', {
      args: { path: 42, extra: true },
      headers: { authorization: 'Bearer viewer-token' },
    });
    assertFailure(response, 400, 'INVALID_ARGUMENT');
    assert.ok(response.json.error.details.errors.length >= 1);
  });

  it('401 without or with bad credentials, 419 for an expired token, 403 for a missing role', async () => {
    assertFailure(await rpc(url, 'suites'), 401, 'AUTH_REQUIRED');
    assertFailure(
      await rpc(url, 'suites', { args: {}, headers: { authorization: 'Bearer nope' } }),
      401,
      'AUTH_FAILED',
    );
    assertFailure(
      await rpc(url, 'suites', { args: {}, headers: { authorization: 'Basic YWRhOnNlY3JldA==' } }),
      401,
      'AUTH_FAILED',
    );
    assertFailure(
      await rpc(url, 'suites', { args: {}, headers: { authorization: 'Bearer expired-token' } }),
      419,
      'AUTH_EXPIRED',
    );
    assertFailure(
      await rpc(url, 'halt', { args: {}, headers: { authorization: 'Bearer operator-token' } }),
      403,
      'FORBIDDEN',
    );
    assertFailure(
      await rpc(url, 'suspend', {
        args: { paths: ['/other/t'] },
        headers: { authorization: 'Bearer s-operator-token' },
      }),
      403,
      'FORBIDDEN',
    );
  });

  it('500 INTERNAL carries only code, message and request id; the stack stays in the log', async () => {
    const response = await rpc(url, 'test.crash');
    assertFailure(response, 500, 'INTERNAL');
    assert.deepEqual(Object.keys(response.json.error).sort(), ['code', 'message', 'requestId']);
    assert.doesNotMatch(response.text, /secret internals|passwd|at /);
  });

  it('503 TOO_BUSY beyond maxConcurrentRequests; health still answers', async () => {
    const blocked = rpc(url, 'test.block');
    await until(() => log.entries.length >= 0 && server.readyToStop() === false, 'the blocked request');
    assertFailure(await rpc(url, 'ping'), 503, 'TOO_BUSY');
    const health = await rawRequest(url, { method: 'GET', path: '/v1/health' });
    assert.equal(health.status, 200);
    assert.deepEqual(health.json, { status: 'RUNNING', version: '0.1.0' });
    release.open();
    assert.deepEqual((await blocked).json, { ok: true, value: { released: true } });
    assert.equal((await rpc(url, 'ping')).status, 200);
  });

  it('every response carries an RFC 4122 request id, logged in the access log with the user', async () => {
    const response = await rpc(url, 'whoami', { args: {}, headers: { authorization: 'Bearer viewer-token' } });
    assert.equal(response.status, 200);
    const id = String(response.headers['x-request-id']);
    assert.match(id, RFC4122);
    await until(() => log.entries.some((e) => e.requestId === id), 'the access log entry');
    const entry = log.entries.find((e) => e.requestId === id)!;
    assert.equal(entry.user, 'vera');
    assert.equal(entry.status, 200);
    assert.equal(entry.path, '/v1/rpc/whoami');
    assert.equal(entry.bytesOut, Buffer.byteLength(response.text));
  });
});

describe('http facility: request ids and development mode', () => {
  it('renders ids as Base32 or Base64 of 16 bytes (what Granitic meant)', async () => {
    for (const [format, pattern] of [
      ['base32', /^[A-Z2-7]{26}={6}$/],
      ['base64', /^[A-Za-z0-9+/]{22}==$/],
    ] as const) {
      const { server, url } = await startServer({ requestIdFormat: format });
      try {
        const id = String((await rpc(url, 'ping')).headers['x-request-id']);
        assert.match(id, pattern);
        const bytes = format === 'base64' ? Buffer.from(id, 'base64') : undefined;
        if (bytes !== undefined) {
          assert.equal(bytes.length, 16);
          assert.equal((bytes[6]! & 0xf0) >> 4, 4, 'version 4');
        }
      } finally {
        await server.stop();
      }
    }
  });

  it('keeps an incoming X-Request-Id only from a trusted proxy', async () => {
    const trusted = await startServer({ trustedProxies: ['127.0.0.1'] });
    const untrusted = await startServer({ trustedProxies: ['10.1.2.3'] });
    try {
      const header = { 'x-request-id': 'proxy-id-123' };
      assert.equal((await rpc(trusted.url, 'ping', { headers: header })).headers['x-request-id'], 'proxy-id-123');
      assert.match(String((await rpc(untrusted.url, 'ping', { headers: header })).headers['x-request-id']), RFC4122);
      const bad = { 'x-request-id': 'has space' };
      assert.match(String((await rpc(trusted.url, 'ping', { headers: bad })).headers['x-request-id']), RFC4122);
    } finally {
      await Promise.all([trusted.server.stop(), untrusted.server.stop()]);
    }
  });

  it('shows the stack only in dev mode', async () => {
    const dev = await startServer({ dev: true });
    dev.server.registerProcedure({
      name: 'test.crash',
      access: 'public',
      args: Type.Object({}),
      result: Type.Object({}),
      handler: () => {
        throw new Error('boom in dev');
      },
    });
    try {
      const response = await rpc(dev.url, 'test.crash');
      assert.equal(response.status, 500);
      assert.match(String(response.json.error.details.stack), /boom in dev/);
    } finally {
      await dev.server.stop();
    }
  });

  it('reports every bad option at once', async () => {
    const { resolveServerOptions } = await import('../src/index.js');
    assert.throws(
      () => resolveServerOptions({ port: -1, requestIdFormat: 'hex' as never, trustedProxies: ['x'], host: '0.0.0.0' }),
      (error: any) => error.code === 'CONFIG_ERROR' && error.details.problems.length === 4,
    );
  });
});
