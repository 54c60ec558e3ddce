import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createRpcClient, hasErrorCode } from '@isobar/protocol';
import { sendError, sendValue, startTestServer, type SeenRequest, type TestServer } from './rpc-test-servers.js';

/** A tiny session server: tokens `t1`, `t2`, … are issued by login and can be expired by the test. */
function createAuthServerLogic() {
  const live = new Set<string>(['static-token']);
  let issued = 0;
  const handle = (request: SeenRequest, res: ServerResponse): void => {
    const authorization = request.headers.authorization;
    if (request.url === '/v1/auth/login') {
      const { user, password } = JSON.parse(request.body) as { user: string; password: string };
      if (user !== 'alice' || password !== 'secret') return sendError(res, 401, { code: 'AUTH_FAILED', message: 'no' });
      const token = `t${++issued}`;
      live.add(token);
      return sendValue(res, { token, expiresAt: '2030-01-01T00:00:00Z', roles: ['operator'] });
    }
    if (request.url === '/v1/auth/logout') {
      live.delete(authorization?.replace(/^Bearer /, '') ?? '');
      return sendValue(res, null);
    }
    const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (bearer !== undefined && !live.has(bearer)) {
      return sendError(res, 419, { code: 'AUTH_EXPIRED', message: 'The session has expired; log in again' });
    }
    return sendValue(res, { authorization: authorization ?? null });
  };
  return { handle, expire: (token: string) => live.delete(token), issued: () => issued };
}

describe('rpc client: authentication', () => {
  let server: TestServer;
  let logic: ReturnType<typeof createAuthServerLogic>;
  let seenBefore = 0;
  const urlsSince = (): string[] => server.requests.slice(seenBefore).map((r) => r.url);

  before(async () => {
    logic = createAuthServerLogic();
    server = await startTestServer((request, res) => logic.handle(request, res));
  });
  beforeEach(() => {
    seenBefore = server.requests.length;
  });
  after(() => server.close());

  it('sends a bearer token', async () => {
    const client = createRpcClient({ urls: [server.url], auth: { kind: 'bearer', token: 'static-token' } });
    try {
      assert.deepEqual(await client.call('whoami', {}), { authorization: 'Bearer static-token' });
    } finally {
      client.close();
    }
  });

  it('sends Basic credentials', async () => {
    const client = createRpcClient({ urls: [server.url], auth: { kind: 'basic', user: 'bob', password: 'p:w é' } });
    try {
      const expected = `Basic ${Buffer.from('bob:p:w é', 'utf8').toString('base64')}`;
      assert.deepEqual(await client.call('whoami', {}), { authorization: expected });
    } finally {
      client.close();
    }
  });

  it('logs in lazily once for concurrent calls and then sends the token', async () => {
    const client = createRpcClient({ urls: [server.url], auth: { kind: 'login', user: 'alice', password: 'secret' } });
    try {
      const results = await Promise.all([client.call('whoami', {}), client.call('whoami', {})]);
      const token = `t${logic.issued()}`;
      assert.deepEqual(results, [{ authorization: `Bearer ${token}` }, { authorization: `Bearer ${token}` }]);
      assert.deepEqual(urlsSince(), ['/v1/auth/login', '/v1/rpc/whoami', '/v1/rpc/whoami']);
      assert.deepEqual(JSON.parse(server.requests[seenBefore]!.body), { user: 'alice', password: 'secret' });
    } finally {
      client.close();
    }
  });

  it('logs in again on 419 AUTH_EXPIRED and retries the call once', async () => {
    const client = createRpcClient({ urls: [server.url], auth: { kind: 'login', user: 'alice', password: 'secret' } });
    try {
      await client.call('whoami', {});
      logic.expire(`t${logic.issued()}`);
      seenBefore = server.requests.length;
      const value = await client.call('load', {});
      assert.deepEqual(value, { authorization: `Bearer t${logic.issued()}` });
      assert.deepEqual(urlsSince(), ['/v1/rpc/load', '/v1/auth/login', '/v1/rpc/load']);
    } finally {
      client.close();
    }
  });

  it('calls onAuthExpired on 419 and retries exactly once with the token it returns', async () => {
    let hookCalls = 0;
    const client = createRpcClient({
      urls: [server.url],
      auth: { kind: 'bearer', token: 'expired-1' },
      onAuthExpired: () => Promise.resolve(`expired-${++hookCalls + 1}`),
    });
    try {
      const error: unknown = await client.call('load', {}).catch((e: unknown) => e);
      assert.ok(hasErrorCode(error, 'AUTH_EXPIRED'));
      assert.equal(hookCalls, 1);
      assert.deepEqual(urlsSince(), ['/v1/rpc/load', '/v1/rpc/load']);
      assert.deepEqual(
        server.requests.slice(seenBefore).map((r) => r.headers.authorization),
        ['Bearer expired-1', 'Bearer expired-2'],
      );
    } finally {
      client.close();
    }
  });

  it('succeeds after onAuthExpired returns a valid token, and fails at once when it returns undefined', async () => {
    const renewing = createRpcClient({
      urls: [server.url],
      auth: { kind: 'bearer', token: 'stale' },
      onAuthExpired: () => Promise.resolve('static-token'),
    });
    const giving = createRpcClient({ urls: [server.url], onAuthExpired: () => Promise.resolve(undefined) });
    try {
      assert.deepEqual(await renewing.call('whoami', {}), { authorization: 'Bearer static-token' });
      await giving.login('alice', 'secret');
      logic.expire(`t${logic.issued()}`);
      seenBefore = server.requests.length;
      await assert.rejects(giving.call('whoami', {}), (e: unknown) => hasErrorCode(e, 'AUTH_EXPIRED'));
      assert.deepEqual(urlsSince(), ['/v1/rpc/whoami']);
    } finally {
      renewing.close();
      giving.close();
    }
  });

  it('login() returns the session and logout() ends it', async () => {
    const client = createRpcClient({ urls: [server.url] });
    try {
      const session = await client.login('alice', 'secret');
      assert.deepEqual(session, {
        token: `t${logic.issued()}`,
        expiresAt: '2030-01-01T00:00:00Z',
        roles: ['operator'],
      });
      assert.deepEqual(await client.call('whoami', {}), { authorization: `Bearer ${session.token}` });
      await client.logout();
      assert.equal(server.requests.at(-1)?.headers.authorization, `Bearer ${session.token}`);
      assert.deepEqual(await client.call('whoami', {}), { authorization: null });
    } finally {
      client.close();
    }
  });

  it('rejects a wrong password with AUTH_FAILED', async () => {
    const client = createRpcClient({ urls: [server.url], auth: { kind: 'login', user: 'alice', password: 'nope' } });
    try {
      await assert.rejects(client.call('whoami', {}), (e: unknown) => hasErrorCode(e, 'AUTH_FAILED'));
      assert.deepEqual(urlsSince(), ['/v1/auth/login']);
    } finally {
      client.close();
    }
  });
});
