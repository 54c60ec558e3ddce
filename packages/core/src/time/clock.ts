/** Cancels a timer; calling it again, or after the timer fired, does nothing. */
export type CancelTimer = () => void;

/**
 * The engine's only source of time. Everything that depends on time takes one, so the simulator and the tests
 * run on a {@link VirtualClock} and production on {@link createRealClock}.
 */
export interface Clock {
  /** Current instant, epoch milliseconds. */
  now(): number;
  /** Calls `callback` once at (or as soon as possible after) `atMs`; returns a cancel function. */
  setTimer(atMs: number, callback: () => void): CancelTimer;
}

/** Longest delay `setTimeout` takes (2^31 - 1 ms, about 24.8 days); longer delays are re-armed in steps. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** Options of {@link createRealClock}. */
export interface RealClockOptions {
  /**
   * Keep the process alive while a timer is pending.
   * @default false (timers are unref'd: a pending time slot never holds a process open)
   */
  keepAlive?: boolean;
}

/**
 * The system clock. Each timer is one Node timer, re-armed when the target lies beyond `setTimeout`'s limit or
 * the timer fired early, so a slot weeks away is neither fired at once nor lost.
 *
 * @example
 * ```ts
 * const clock = createRealClock();
 * const cancel = clock.setTimer(clock.now() + 60_000, () => tick());
 * ```
 */
export function createRealClock(options: RealClockOptions = {}): Clock {
  const keepAlive = options.keepAlive === true;
  return {
    now: () => Date.now(),
    setTimer(atMs, callback) {
      let handle: NodeJS.Timeout | undefined;
      let cancelled = false;
      const arm = (): void => {
        const delay = atMs - Date.now();
        if (delay <= 0) {
          handle = undefined;
          if (!cancelled) callback();
          return;
        }
        handle = setTimeout(arm, Math.min(delay, MAX_TIMEOUT_MS));
        if (!keepAlive) handle.unref();
      };
      arm();
      return () => {
        cancelled = true;
        if (handle !== undefined) clearTimeout(handle);
      };
    },
  };
}
