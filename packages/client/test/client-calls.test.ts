// IsobarClient against a real server with real users: typed calls, errors as IsobarError codes, login, the
// automatic re-login and single retry on 419 AUTH_EXPIRED.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IsobarClient, hasErrorCode, isIsobarError, type LoginResult } from '../src/index.js';
import { PASSWORDS, manualClock, startAuthServer, type TestServer } from './client-helpers.js';

const DEFS = 'suite calls\n  defstatus suspended\n  family f\n    task t\n      label info ""\n  endfamily\nendsuite\n';

describe('IsobarClient with HTTP Basic', () => {
  it('sends the user and password with every request instead of logging in', async () => {
    await using server = await startAuthServer({ basic: true });
    let logins = 0;
    using ops = new IsobarClient({
      urls: server.url,
      user: 'ops',
      password: PASSWORDS.ops,
      basicAuth: true,
      onLogin: () => void logins++,
    });
    assert.equal((await ops.whoami()).user, 'ops');
    assert.deepEqual(await ops.health(), { status: 'RUNNING', version: (await ops.version()).version });
    const stream = ops.events({ lastEventId: 0 });
    await ops.load({ text: DEFS });
    assert.equal((await stream.next()).value?.seq, 1, 'the feed accepted Basic credentials');
    stream.close();
    assert.equal(logins, 0);
    assert.equal(ops.token(), undefined);
  });
});

describe('IsobarClient: typed calls against a server with users', () => {
  const clock = manualClock();
  let server: TestServer;
  const clients: IsobarClient[] = [];
  const client = (options: ConstructorParameters<typeof IsobarClient>[0]): IsobarClient => {
    const created = new IsobarClient({ urls: server.url, ...options });
    clients.push(created);
    return created;
  };

  before(async () => {
    server = await startAuthServer({ clock, tokenTtlMs: 60_000 });
  });
  after(async () => {
    for (const each of clients) each.close();
    await server.close();
  });

  it('logs in lazily and returns typed results from nested and plain methods', async () => {
    const logins: LoginResult[] = [];
    const ops = client({ user: 'ops', password: PASSWORDS.ops, onLogin: (result) => logins.push(result) });
    const pong = await ops.ping();
    assert.equal(pong.serverState, 'RUNNING');
    assert.equal(logins.length, 0, 'ping needs no session, so it does not log in');
    const loaded = await ops.load({ text: DEFS });
    assert.deepEqual(loaded.suites, ['calls']);
    assert.equal(logins.length, 1);
    assert.equal(ops.token(), logins[0]!.token);
    const state = await ops.query({ kind: 'state', path: '/calls/f/t' });
    assert.equal(state.value, 'unknown', 'a loaded suite that has not begun');
    await ops.alter({ action: 'change', paths: ['/calls/f/t'], type: 'label', name: 'info', value: 'hello' });
    const label = await ops.call('query', { kind: 'label', path: '/calls/f/t', name: 'info' });
    assert.equal(label.value, 'hello');
    assert.deepEqual(await ops.whoami().then((w) => w.user), 'ops');
    assert.deepEqual(await ops.zombies(), { zombies: [] });
    assert.equal(logins.length, 1, 'one login serves every later call');
  });

  it('reaches dotted methods as nested members (users.*)', async () => {
    const admin = client({ user: 'admin', password: PASSWORDS.admin });
    const listed = await admin.users.list();
    assert.deepEqual(listed.users.map((u) => u.user).sort(), ['admin', 'ops', 'vera']);
    assert.deepEqual(await admin.users.verify({ user: 'vera', password: PASSWORDS.vera }), { valid: true });
  });

  it('surfaces refusals as IsobarError with the registry code', async () => {
    const ops = client({ user: 'ops', password: PASSWORDS.ops });
    const missing = await ops.query({ kind: 'state', path: '/calls/nowhere' }).catch((e: unknown) => e);
    assert.ok(hasErrorCode(missing, 'NOT_FOUND'), String(missing));
    assert.equal(typeof missing.details?.['requestId'], 'string');
    const forbidden = await ops.users.list().catch((e: unknown) => e);
    assert.ok(hasErrorCode(forbidden, 'FORBIDDEN'), String(forbidden));
    const badArgs = await ops.call('query', { kind: 'colour' } as never).catch((e: unknown) => e);
    assert.ok(hasErrorCode(badArgs, 'INVALID_ARGUMENT'), String(badArgs));
    const wrong = client({ user: 'ops', password: 'not-the-password' });
    const refused = await wrong.suites().catch((e: unknown) => e);
    assert.ok(hasErrorCode(refused, 'AUTH_FAILED'), String(refused));
    const anonymous = client({});
    const required = await anonymous.suites().catch((e: unknown) => e);
    assert.ok(isIsobarError(required) && required.code === 'AUTH_REQUIRED', String(required));
  });

  it('logs in again and retries once when the token has expired (419)', async () => {
    const logins: LoginResult[] = [];
    const ops = client({ user: 'ops', password: PASSWORDS.ops, onLogin: (result) => logins.push(result) });
    await ops.suites();
    const first = ops.token();
    clock.advance(120_000);
    const suites = await ops.suites();
    assert.ok(suites.suites.includes('calls'));
    assert.equal(logins.length, 2, 'the expired token was replaced by a second login');
    assert.notEqual(ops.token(), first);
  });

  it('fails with AUTH_EXPIRED when it holds only an expired token', async () => {
    const ops = client({ user: 'ops', password: PASSWORDS.ops });
    const { token } = await ops.login();
    const tokenOnly = client({ token });
    assert.ok((await tokenOnly.suites()).suites.length > 0);
    clock.advance(120_000);
    const expired = await tokenOnly.suites().catch((e: unknown) => e);
    assert.ok(hasErrorCode(expired, 'AUTH_EXPIRED'), String(expired));
  });

  it('uses a fresh token from onAuthExpired when the server answers 419', async () => {
    const source = client({ user: 'vera', password: PASSWORDS.vera });
    const stale = (await source.login()).token;
    clock.advance(120_000);
    let asked = 0;
    const renewing = client({
      token: stale,
      onAuthExpired: async () => {
        asked++;
        return (await source.login()).token;
      },
    });
    assert.equal((await renewing.whoami()).user, 'vera');
    assert.equal(asked, 1);
  });

  it('replaces a given token the server does not know by logging in with the held credentials', async () => {
    const vera = client({ user: 'vera', password: PASSWORDS.vera });
    const { token } = await vera.login();
    await vera.logout();
    let logins = 0;
    const both = client({ token, user: 'vera', password: PASSWORDS.vera, onLogin: () => void logins++ });
    assert.equal((await both.whoami()).user, 'vera');
    assert.equal(logins, 1);
    assert.notEqual(both.token(), token);
    const tokenOnly = await client({ token })
      .whoami()
      .catch((e: unknown) => e);
    assert.ok(hasErrorCode(tokenOnly, 'AUTH_FAILED'), String(tokenOnly));
  });

  it('logs out, after which the token is refused', async () => {
    const vera = client({ user: 'vera', password: PASSWORDS.vera });
    const { token } = await vera.login();
    assert.deepEqual(await vera.logout(), { loggedOut: true });
    assert.equal(vera.token(), undefined);
    const after = await client({ token })
      .suites()
      .catch((e: unknown) => e);
    assert.ok(isIsobarError(after) && after.code.startsWith('AUTH_'), String(after));
    assert.ok((await vera.suites()).suites.length > 0, 'held credentials log in again');
  });

  it('rejects login without credentials and reports every bad option at once', async () => {
    const none = await client({})
      .login()
      .catch((e: unknown) => e);
    assert.ok(hasErrorCode(none, 'INVALID_ARGUMENT'), String(none));
    assert.throws(
      () => new IsobarClient({ urls: 'ftp://x', user: 'ops', timeoutMs: -1, basicAuth: true, token: 't' }),
      (e: unknown) => {
        assert.ok(hasErrorCode(e, 'CONFIG_ERROR'));
        const problems = e.details?.['problems'] as string[];
        assert.ok(problems.length >= 4, problems.join('\n'));
        assert.ok(problems.some((p) => p.includes('user and password')));
        assert.ok(problems.some((p) => p.includes('timeoutMs')));
        assert.ok(problems.some((p) => p.includes('ftp://x')));
        return true;
      },
    );
  });
});
