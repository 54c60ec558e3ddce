// The throttle alone, with no scrypt in the loop, so its memory bound and time rules are cheap to check.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode } from '@isobar/protocol';
import { DEFAULT_LOGIN_THROTTLE } from '../src/auth/index.js';
import { createLoginThrottle } from '../src/auth/login-throttle.js';

const MINUTE = 60_000;
const options = {
  ...DEFAULT_LOGIN_THROTTLE,
  maxFailures: 2,
  windowMs: 15 * MINUTE,
  lockoutMs: MINUTE,
  maxLockoutMs: 4 * MINUTE,
};

function retryAfter(check: () => void): number | undefined {
  try {
    check();
  } catch (error) {
    assert.ok(hasErrorCode(error, 'THROTTLED'));
    return error.details?.['retryAfter'] as number;
  }
  return undefined;
}

describe('login throttle', () => {
  it('doubles the lock-out with each one and caps it', () => {
    const throttle = createLoginThrottle(options);
    let now = 0;
    const lockouts: Array<number | undefined> = [];
    for (let round = 0; round < 5; round += 1) {
      throttle.fail(['k'], now);
      throttle.fail(['k'], now);
      const seconds = retryAfter(() => throttle.check(['k'], now));
      lockouts.push(seconds);
      now += (seconds ?? 0) * 1000;
      assert.equal(
        retryAfter(() => throttle.check(['k'], now)),
        undefined,
        'unlocked when the lock-out ends',
      );
    }
    assert.deepEqual(lockouts, [60, 120, 240, 240, 240]);
  });

  it('forgets failures older than the window and everything after a quiet period', () => {
    const throttle = createLoginThrottle(options);
    throttle.fail(['k'], 0);
    throttle.fail(['k'], 15 * MINUTE + 1);
    assert.equal(
      retryAfter(() => throttle.check(['k'], 15 * MINUTE + 1)),
      undefined,
    );
    throttle.fail(['k'], 15 * MINUTE + 2);
    assert.equal(
      retryAfter(() => throttle.check(['k'], 15 * MINUTE + 2)),
      60,
    );
    // Long after the lock-out the key is dropped, so the next lock-out starts short again.
    const later = 2 * 60 * MINUTE;
    throttle.fail(['k'], later);
    throttle.fail(['k'], later);
    assert.equal(
      retryAfter(() => throttle.check(['k'], later)),
      60,
    );
  });

  it('resets one key without touching the others', () => {
    const throttle = createLoginThrottle(options);
    throttle.fail(['user:a', 'addr:x'], 0);
    throttle.reset('user:a');
    throttle.fail(['user:a', 'addr:x'], 1);
    assert.equal(
      retryAfter(() => throttle.check(['user:a'], 1)),
      undefined,
    );
    assert.equal(
      retryAfter(() => throttle.check(['addr:x'], 1)),
      60,
    );
    assert.equal(
      retryAfter(() => throttle.check(['user:a', 'addr:x'], 1)),
      60,
    );
  });

  it('keeps at most maxEntries keys, dropping the least recently used', () => {
    const throttle = createLoginThrottle({ ...options, maxEntries: 100 });
    for (let i = 0; i < 10_000; i += 1) throttle.fail([`user:${i}`], i);
    assert.equal(throttle.size, 100);
    throttle.fail(['user:9999'], 10_000);
    assert.equal(
      retryAfter(() => throttle.check(['user:9999'], 10_000)),
      60,
      'the newest key is kept',
    );
  });
});
