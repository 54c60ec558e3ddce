// Shared fixtures of the auth tests: a temp home with a user store, and a clock the test moves by hand.
import { createTempHome, type TempHome } from '@isobar/test-utils';
import { createUserStore, type UserStore, type UserStoreOptions } from '../src/auth/index.js';

/** A temp home with a user store over it; dispose closes the store and removes the home. */
export interface StoreFixture extends AsyncDisposable {
  readonly home: TempHome;
  readonly store: UserStore;
}

/** Opens a store in a fresh temp home (not watching unless asked, so tests leave no watchers behind). */
export async function openStore(options: Partial<UserStoreOptions> = {}): Promise<StoreFixture> {
  const home = await createTempHome('isobar-auth-');
  const store = await createUserStore({ watch: false, ...options, home: home.path });
  return {
    home,
    store,
    async [Symbol.asyncDispose]() {
      store.close();
      await home.remove();
    },
  };
}

/** A clock tests advance explicitly. */
export interface ManualClock {
  readonly now: () => number;
  readonly advance: (ms: number) => void;
}

/** A {@link ManualClock} starting at a fixed instant. */
export function manualClock(start = Date.parse('2026-01-02T10:00:00.000Z')): ManualClock {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

/** The error code of a rejected promise or a throwing function, for assert.equal. */
export async function codeOf(action: () => unknown): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

/**
 * Awaits `promise` while holding a ref'd handle: the store's watcher and timers are unref'd (they must never
 * keep a server alive), so without this node would exit the test while the reload is still on its way.
 */
export async function keepAliveUntil<T>(promise: Promise<T>): Promise<T> {
  const handle = setInterval(() => undefined, 60_000);
  try {
    return await promise;
  } finally {
    clearInterval(handle);
  }
}
