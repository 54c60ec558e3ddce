import { TimerHeap, type CancelTimer, type Clock } from '../../time/index.js';

/**
 * The deadlines the scheduler keeps besides time slots (late checks, autocancel, zombie lifetimes): a min-heap of
 * (instant, key) and one clock timer armed for the earliest entry, re-armed only when that instant changes.
 */
export class DeadlineQueue {
  private readonly heap = new TimerHeap<string>();
  private armedAt: number | undefined;
  private cancel: CancelTimer | undefined;

  /** @param onDue - called when the earliest deadline is reached (the owner then takes the due keys). */
  constructor(
    private readonly clock: Clock,
    private readonly onDue: () => void,
  ) {}

  /** Sets (or moves) the deadline of `key`. */
  set(key: string, at: number): void {
    if (this.heap.get(key) !== at) this.heap.set(key, at);
  }

  /** Drops the deadline of `key`. */
  delete(key: string): void {
    this.heap.delete(key);
  }

  /** The deadline of `key`, if any. */
  get(key: string): number | undefined {
    return this.heap.get(key);
  }

  /** Removes and returns the keys due at `now`. */
  takeDue(now: number): string[] {
    return this.heap.popDue(now);
  }

  /** Arms the one timer for the earliest deadline. */
  arm(): void {
    const at = this.heap.peek()?.at;
    if (at === this.armedAt) return;
    this.cancel?.();
    this.cancel = undefined;
    this.armedAt = at;
    if (at === undefined) return;
    this.cancel = this.clock.setTimer(at, () => {
      this.armedAt = undefined;
      this.cancel = undefined;
      this.onDue();
    });
  }

  /** Cancels the timer. */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.armedAt = undefined;
  }
}
