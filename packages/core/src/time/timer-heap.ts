/** One entry of a {@link TimerHeap}. */
export interface TimerEntry<TKey> {
  /** The key (e.g. a node path). */
  readonly key: TKey;
  /** Instant, epoch ms. */
  readonly at: number;
  /** Tie-breaker for equal instants (lower first). */
  readonly order: number;
}

/**
 * A binary min-heap of (instant, key) with at most one live entry per key. Updating or deleting a key leaves its
 * old slot in the heap as garbage that is skipped when it reaches the top (lazy deletion), so both are O(log n).
 * Arm one clock timer for `peek()` and call `popDue(now)` when it fires.
 *
 * @example
 * ```ts
 * const heap = new TimerHeap<string>();
 * heap.set('/s/f/t', Date.UTC(2024, 0, 1, 10));
 * heap.popDue(clock.now()); // ['/s/f/t'] once 10:00 is reached
 * ```
 */
export class TimerHeap<TKey> {
  readonly #items: TimerEntry<TKey>[] = [];
  readonly #live = new Map<TKey, TimerEntry<TKey>>();
  #sequence = 0;

  /** Number of live entries. */
  get size(): number {
    return this.#live.size;
  }

  /** Sets (or moves) the key's instant. `order` breaks ties; it defaults to insertion order. */
  set(key: TKey, at: number, order: number = this.#sequence++): void {
    const entry: TimerEntry<TKey> = { key, at, order };
    this.#live.set(key, entry);
    this.#items.push(entry);
    this.#up(this.#items.length - 1);
    // Garbage never outnumbers live entries by much: rebuild when it would dominate.
    if (this.#items.length > 2 * this.#live.size + 64) this.#rebuild();
  }

  /** Removes the key; true when it was present. */
  delete(key: TKey): boolean {
    return this.#live.delete(key);
  }

  /** The instant of `key`, if present. */
  get(key: TKey): number | undefined {
    return this.#live.get(key)?.at;
  }

  /** The earliest live entry, without removing it. */
  peek(): TimerEntry<TKey> | undefined {
    this.#dropGarbage();
    return this.#items[0];
  }

  /** Removes and returns the keys due at or before `now`, earliest first. */
  popDue(now: number): TKey[] {
    const due: TKey[] = [];
    for (let top = this.peek(); top !== undefined && top.at <= now; top = this.peek()) {
      this.#live.delete(top.key);
      due.push(top.key);
    }
    return due;
  }

  #dropGarbage(): void {
    for (let top = this.#items[0]; top !== undefined && this.#live.get(top.key) !== top; top = this.#items[0]) {
      this.#pop();
    }
  }

  #pop(): void {
    const last = this.#items.pop();
    if (last !== undefined && this.#items.length > 0) {
      this.#items[0] = last;
      this.#down(0);
    }
  }

  #less(a: number, b: number): boolean {
    const x = this.#items[a];
    const y = this.#items[b];
    if (x === undefined || y === undefined) return false;
    return x.at < y.at || (x.at === y.at && x.order < y.order);
  }

  #swap(a: number, b: number): void {
    const x = this.#items[a];
    const y = this.#items[b];
    if (x === undefined || y === undefined) return;
    this.#items[a] = y;
    this.#items[b] = x;
  }

  #up(index: number): void {
    for (let i = index; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(index: number): void {
    for (let i = index; ;) {
      const left = 2 * i + 1;
      let smallest = i;
      if (left < this.#items.length && this.#less(left, smallest)) smallest = left;
      if (left + 1 < this.#items.length && this.#less(left + 1, smallest)) smallest = left + 1;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }

  #rebuild(): void {
    const live = [...this.#live.values()];
    this.#items.length = 0;
    for (const entry of live) {
      this.#items.push(entry);
      this.#up(this.#items.length - 1);
    }
  }
}
