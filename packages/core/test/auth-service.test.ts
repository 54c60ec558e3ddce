import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode, httpStatusOf } from '@isobar/protocol';
import { createAuthService, type AuthService, type AuthServiceOptions } from '../src/auth/index.js';
import type { Authenticator } from '../src/http/authenticator.js';
import { codeOf, manualClock, openStore, type StoreFixture } from './auth-test-helpers.js';

const PASSWORD = 'correct horse battery';
const HOUR = 60 * 60_000;

async function setup(options: Partial<AuthServiceOptions> = {}): Promise<StoreFixture & { auth: AuthService }> {
  const fixture = await openStore();
  await fixture.store.add({ user: 'ops', password: PASSWORD, roles: ['operator'], suites: ['s'] });
  await fixture.store.add({ user: 'viewer', password: PASSWORD, roles: ['viewer'] });
  return Object.assign(fixture, { auth: createAuthService({ users: fixture.store, ...options }) });
}

describe('auth service: sessions', () => {
  it('satisfies the HTTP layer’s Authenticator interface', async () => {
    await using fixture = await setup();
    const authenticator: Authenticator = fixture.auth;
    assert.equal(typeof authenticator.login, 'function');
  });

  it('logs in, returns a token with expiry and roles, and authenticates the bearer token', async () => {
    const clock = manualClock();
    await using fixture = await setup({ now: clock.now });
    const result = await fixture.auth.login('ops', PASSWORD, '127.0.0.1');
    assert.match(result.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(result.expiresAt, new Date(clock.now() + HOUR).toISOString());
    assert.deepEqual(result.roles, ['operator']);
    assert.deepEqual(fixture.auth.authenticateBearer(result.token), {
      user: 'ops',
      roles: ['operator'],
      suites: ['s'],
      expiresAt: result.expiresAt,
    });
    const second = await fixture.auth.login('ops', PASSWORD, '127.0.0.1');
    assert.notEqual(second.token, result.token);
  });

  it('refuses a wrong password, an unknown user and an unknown token with AUTH_FAILED', async () => {
    await using fixture = await setup();
    const { auth } = fixture;
    assert.equal(await codeOf(() => auth.login('ops', 'wrong password', '10.0.0.1')), 'AUTH_FAILED');
    assert.equal(await codeOf(() => auth.login('nobody', PASSWORD, '10.0.0.1')), 'AUTH_FAILED');
    assert.equal(await codeOf(() => auth.authenticateBearer('not-a-token')), 'AUTH_FAILED');
    assert.equal(await codeOf(() => auth.authenticateBearer('')), 'AUTH_FAILED');
  });

  it('answers AUTH_EXPIRED (HTTP 419) once the TTL has passed', async () => {
    const clock = manualClock();
    await using fixture = await setup({ now: clock.now, tokenTtlMs: 10 * 60_000 });
    const { token } = await fixture.auth.login('ops', PASSWORD, '127.0.0.1');
    clock.advance(10 * 60_000 - 1);
    assert.equal(fixture.auth.authenticateBearer(token).user, 'ops');
    clock.advance(1);
    assert.throws(
      () => fixture.auth.authenticateBearer(token),
      (error: unknown) => hasErrorCode(error, 'AUTH_EXPIRED') && httpStatusOf(error.code) === 419,
    );
    // Still expired (not unknown) on the next try, so the client knows to log in again.
    assert.equal(await codeOf(() => fixture.auth.authenticateBearer(token)), 'AUTH_EXPIRED');
  });

  it('revokes the token on logout', async () => {
    await using fixture = await setup();
    const { token } = await fixture.auth.login('ops', PASSWORD, '127.0.0.1');
    const other = await fixture.auth.login('ops', PASSWORD, '127.0.0.1');
    fixture.auth.logout(token);
    assert.equal(await codeOf(() => fixture.auth.authenticateBearer(token)), 'AUTH_FAILED');
    assert.equal(fixture.auth.authenticateBearer(other.token).user, 'ops');
    fixture.auth.logout(token); // a second logout is harmless
  });

  it('revokes the sessions of a user whose password changes or who is deleted', async () => {
    await using fixture = await setup();
    const { auth, store } = fixture;
    const ops = await auth.login('ops', PASSWORD, '127.0.0.1');
    const viewer = await auth.login('viewer', PASSWORD, '127.0.0.1');
    await store.passwd('ops', 'a brand new password');
    assert.equal(await codeOf(() => auth.authenticateBearer(ops.token)), 'AUTH_FAILED');
    const again = await auth.login('ops', 'a brand new password', '127.0.0.1');
    assert.equal(auth.authenticateBearer(again.token).user, 'ops');
    await store.delete('viewer');
    assert.equal(await codeOf(() => auth.authenticateBearer(viewer.token)), 'AUTH_FAILED');
  });

  it('applies role and suite changes on the next request without a new login', async () => {
    await using fixture = await setup();
    const { token } = await fixture.auth.login('ops', PASSWORD, '127.0.0.1');
    await fixture.store.update('ops', { roles: ['admin'], suites: null });
    assert.deepEqual(fixture.auth.authenticateBearer(token).roles, ['admin']);
    assert.equal(fixture.auth.authenticateBearer(token).suites, undefined);
    await fixture.store.update('ops', { roles: ['viewer'] });
    const principal = fixture.auth.authenticateBearer(token);
    assert.equal(await codeOf(() => fixture.auth.authorize(principal, 'operator', '/s')), 'FORBIDDEN');
  });

  it('bounds the sessions it holds, ending the oldest first', async () => {
    await using fixture = await setup({ maxSessions: 2 });
    const first = await fixture.auth.login('viewer', PASSWORD, '127.0.0.1');
    await fixture.auth.login('viewer', PASSWORD, '127.0.0.1');
    const third = await fixture.auth.login('viewer', PASSWORD, '127.0.0.1');
    assert.equal(fixture.auth.sessionCount, 2);
    assert.equal(await codeOf(() => fixture.auth.authenticateBearer(first.token)), 'AUTH_FAILED');
    assert.equal(fixture.auth.authenticateBearer(third.token).user, 'viewer');
  });
});

describe('auth service: throttling', () => {
  const throttle = { maxFailures: 3, windowMs: 15 * 60_000, lockoutMs: 60_000, maxLockoutMs: HOUR };

  it('locks a user out after repeated failures from any address, with retryAfter, doubling each time', async () => {
    const clock = manualClock();
    await using fixture = await setup({ now: clock.now, throttle });
    const { auth } = fixture;
    for (const remote of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
      assert.equal(await codeOf(() => auth.login('ops', 'wrong password', remote)), 'AUTH_FAILED');
    }
    // Even the right password is refused while locked, and from a fresh address.
    const error = await auth.login('ops', PASSWORD, '10.0.0.9').catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'THROTTLED'));
    assert.equal(httpStatusOf(error.code), 429);
    assert.equal(error.details?.['retryAfter'], 60);
    clock.advance(30_000);
    const later = await auth.login('ops', PASSWORD, '10.0.0.9').catch((e: unknown) => e);
    assert.ok(hasErrorCode(later, 'THROTTLED'));
    assert.deepEqual(later.details, { retryAfter: 30 });
    clock.advance(30_000);
    for (const remote of ['10.0.0.4', '10.0.0.5', '10.0.0.6']) {
      assert.equal(await codeOf(() => auth.login('ops', 'wrong password', remote)), 'AUTH_FAILED');
    }
    const doubled = await auth.login('ops', PASSWORD, '10.0.0.9').catch((e: unknown) => e);
    assert.ok(hasErrorCode(doubled, 'THROTTLED'));
    assert.equal(doubled.details?.['retryAfter'], 120);
    // Other users are not affected by the lock on ops.
    assert.ok((await auth.login('viewer', PASSWORD, '10.0.0.9')).token);
  });

  it('locks an address out after failures for many user names', async () => {
    const clock = manualClock();
    await using fixture = await setup({ now: clock.now, throttle });
    const { auth } = fixture;
    for (const user of ['u1', 'u2', 'u3']) {
      assert.equal(await codeOf(() => auth.login(user, 'wrong password', '10.9.9.9')), 'AUTH_FAILED');
    }
    const error = await auth.login('viewer', PASSWORD, '10.9.9.9').catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'THROTTLED'));
    assert.equal(error.details?.['retryAfter'], 60);
    assert.ok((await auth.login('viewer', PASSWORD, '10.1.1.1')).token, 'another address is not locked');
    clock.advance(60_000);
    assert.ok((await auth.login('viewer', PASSWORD, '10.9.9.9')).token, 'the lock-out ends');
  });

  it('resets the user’s counter on a successful login', async () => {
    const clock = manualClock();
    await using fixture = await setup({ now: clock.now, throttle });
    const { auth } = fixture;
    await codeOf(() => auth.login('ops', 'wrong password', '10.0.0.1'));
    await codeOf(() => auth.login('ops', 'wrong password', '10.0.0.2'));
    await auth.login('ops', PASSWORD, '10.0.0.3');
    await codeOf(() => auth.login('ops', 'wrong password', '10.0.0.4'));
    await codeOf(() => auth.login('ops', 'wrong password', '10.0.0.5'));
    assert.ok(
      (await auth.login('ops', PASSWORD, '10.0.0.6')).token,
      'four failures with a success between do not lock',
    );
  });
});

describe('auth service: HTTP Basic', () => {
  it('refuses Basic credentials unless enabled', async () => {
    await using fixture = await setup();
    assert.equal(fixture.auth.basicEnabled, false);
    assert.equal(await codeOf(() => fixture.auth.authenticateBasic('ops', PASSWORD, '127.0.0.1')), 'AUTH_REQUIRED');
  });

  it('authenticates Basic credentials, throttles failures and follows password changes', async () => {
    const clock = manualClock();
    await using fixture = await setup({
      now: clock.now,
      basicEnabled: true,
      throttle: { maxFailures: 2, lockoutMs: 60_000 },
    });
    const { auth, store } = fixture;
    assert.deepEqual(await auth.authenticateBasic('ops', PASSWORD, '127.0.0.1'), {
      user: 'ops',
      roles: ['operator'],
      suites: ['s'],
    });
    assert.equal((await auth.authenticateBasic('ops', PASSWORD, '127.0.0.1')).user, 'ops', 'cached pair');
    await store.passwd('ops', 'a brand new password');
    assert.equal(await codeOf(() => auth.authenticateBasic('ops', PASSWORD, '127.0.0.1')), 'AUTH_FAILED');
    assert.equal(await codeOf(() => auth.authenticateBasic('ops', 'wrong password', '127.0.0.1')), 'AUTH_FAILED');
    assert.equal(await codeOf(() => auth.authenticateBasic('ops', 'a brand new password', '127.0.0.1')), 'THROTTLED');
  });
});

describe('auth service: options', () => {
  it('reports every bad option at once with CONFIG_ERROR', async () => {
    await using fixture = await openStore();
    assert.throws(
      () => createAuthService({ users: fixture.store, tokenTtlMs: 5, throttle: { maxFailures: 0 }, maxSessions: 1.5 }),
      (error: unknown) => {
        assert.ok(hasErrorCode(error, 'CONFIG_ERROR'));
        const fields = (error.details?.['problems'] as string[]).map((problem) => problem.split(' ')[0]);
        assert.deepEqual(fields, ['tokenTtlMs', 'throttle.maxFailures', 'maxSessions']);
        return true;
      },
    );
  });
});
