import { IsobarError } from '@isobar/protocol';

import type { CancelTimer, Clock } from './clock.js';
import { TimerHeap } from './timer-heap.js';

/**
 * A clock that only moves when told to, for the simulator and tests. Timers fire synchronously in instant
 * order; timers due at the same instant fire in the order they were set. A timer set by a callback for an
 * instant already reached fires within the same advance.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock(Date.UTC(2024, 0, 1));
 * clock.setTimer(clock.now() + 1000, () => console.log('tick'));
 * clock.advanceBy(1000); // fires it
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;
  #sequence = 0;
  readonly #heap = new TimerHeap<number>();
  readonly #callbacks = new Map<number, () => void>();

  /** @param startMs - initial instant, epoch ms. */
  constructor(startMs: number) {
    this.#now = startMs;
  }

  /** Current virtual instant. */
  now(): number {
    return this.#now;
  }

  /** Registers a timer; the id sequence gives equal instants a deterministic (FIFO) order. */
  setTimer(atMs: number, callback: () => void): CancelTimer {
    const id = this.#sequence++;
    this.#callbacks.set(id, callback);
    this.#heap.set(id, atMs, id);
    return () => {
      this.#callbacks.delete(id);
      this.#heap.delete(id);
    };
  }

  /** Number of pending timers. */
  get pending(): number {
    return this.#heap.size;
  }

  /** Instant of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined {
    return this.#heap.peek()?.at;
  }

  /** Moves to `ms`, firing every timer due up to it in order. Refuses to go back in time. */
  advanceTo(ms: number): void {
    if (ms < this.#now) {
      throw new IsobarError('INVALID_ARGUMENT', { details: { reason: `virtual clock cannot go back to ${ms}` } });
    }
    for (;;) {
      const top = this.#heap.peek();
      if (top === undefined || top.at > ms) break;
      this.#heap.delete(top.key);
      this.#now = Math.max(this.#now, top.at);
      const callback = this.#callbacks.get(top.key);
      this.#callbacks.delete(top.key);
      callback?.();
    }
    this.#now = ms;
  }

  /** Moves forward by `ms`. */
  advanceBy(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  /** Jumps to the earliest timer and fires it (and any others due then); false when none is pending. */
  runNext(): boolean {
    const at = this.nextTimerAt();
    if (at === undefined) return false;
    this.advanceTo(Math.max(at, this.#now));
    return true;
  }
}
