import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { MAX_TIMEOUT_MS, TimerHeap, VirtualClock, createRealClock } from '../src/time/index.js';

describe('VirtualClock', () => {
  it('fires timers in instant order, equal instants in the order they were set', () => {
    const clock = new VirtualClock(1000);
    const fired: string[] = [];
    clock.setTimer(3000, () => fired.push('c'));
    clock.setTimer(2000, () => fired.push('a'));
    clock.setTimer(2000, () => fired.push('b'));
    clock.advanceTo(2500);
    assert.deepEqual(fired, ['a', 'b']);
    assert.equal(clock.now(), 2500);
    clock.advanceBy(500);
    assert.deepEqual(fired, ['a', 'b', 'c']);
  });

  it('runNext jumps to the earliest timer and reports when none is left', () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    clock.setTimer(86_400_000, () => seen.push(clock.now()));
    assert.equal(clock.runNext(), true);
    assert.deepEqual(seen, [86_400_000]);
    assert.equal(clock.runNext(), false);
  });

  it('cancelled timers never fire; timers set by a callback for a due instant fire in the same advance', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    const cancel = clock.setTimer(10, () => fired.push('cancelled'));
    clock.setTimer(20, () => {
      fired.push('first');
      clock.setTimer(5, () => fired.push('late child'));
    });
    cancel();
    clock.advanceTo(30);
    assert.deepEqual(fired, ['first', 'late child']);
    assert.equal(clock.pending, 0);
  });

  it('refuses to go back in time', () => {
    const clock = new VirtualClock(100);
    assert.throws(() => clock.advanceTo(50), { code: 'INVALID_ARGUMENT' });
  });
});

describe('real clock', () => {
  it('fires a due timer once', async () => {
    const clock = createRealClock({ keepAlive: true });
    const at = await new Promise<number>((resolve) => {
      clock.setTimer(clock.now() + 5, () => resolve(clock.now()));
    });
    assert.ok(at >= 0);
  });

  it('keeps a timer beyond the setTimeout limit pending instead of firing it at once, and cancels it', async () => {
    const clock = createRealClock();
    let fired = false;
    const cancel = clock.setTimer(clock.now() + MAX_TIMEOUT_MS * 3, () => {
      fired = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    cancel();
    assert.equal(fired, false);
  });
});

describe('TimerHeap', () => {
  it('pops due keys earliest first, honouring updates and deletes (lazy deletion)', () => {
    const heap = new TimerHeap<string>();
    heap.set('a', 30);
    heap.set('b', 10);
    heap.set('c', 20);
    heap.set('b', 40); // moved later
    heap.delete('c');
    assert.equal(heap.peek()?.key, 'a');
    assert.deepEqual(heap.popDue(35), ['a']);
    assert.equal(heap.size, 1);
    assert.equal(heap.get('b'), 40);
    assert.deepEqual(heap.popDue(100), ['b']);
    assert.equal(heap.peek(), undefined);
  });

  it('matches a sorted reference over many random operations', () => {
    const heap = new TimerHeap<number>();
    const reference = new Map<number, number>();
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let step = 0; step < 5000; step++) {
      const key = random(200);
      if (random(4) === 0) {
        heap.delete(key);
        reference.delete(key);
      } else {
        const at = random(10_000);
        heap.set(key, at, key);
        reference.set(key, at);
      }
    }
    const expected = [...reference.entries()].sort((x, y) => x[1] - y[1] || x[0] - y[0]).map(([key]) => key);
    assert.deepEqual(heap.popDue(Number.MAX_SAFE_INTEGER), expected);
  });
});
