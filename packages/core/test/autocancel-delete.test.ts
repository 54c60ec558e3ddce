import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { harness, type Harness } from './scheduler-helpers.js';

const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);

function at(h: Harness, minutes: number): void {
  h.clock.advanceTo(START + minutes * MINUTE);
}

function exists(h: Harness, path: string): boolean {
  return h.engine.tree.index.has(path);
}

/** Runs the scheduler and returns the paths of the `node.deleted` records it produced. */
function deleted(h: Harness): string[] {
  return h.scheduler
    .flush()
    .filter((r) => r.type === 'node.deleted')
    .map((r) => (r as { path: string }).path);
}

describe('autocancel', () => {
  it('+hh:mm: deletes a node that long after it completed, with the normal deletion record', () => {
    const h = harness('suite s\n family f\n  autocancel +01:00\n  task t\n endfamily\n task keep\nendsuite', START);
    h.step();
    at(h, 10);
    h.finish('/s/f/t');
    assert.equal(h.state('/s/f'), 'complete');
    assert.equal(h.clock.nextTimerAt(), START + 70 * MINUTE, 'a timer for the deadline');
    at(h, 69);
    assert.deepEqual(deleted(h), []);
    at(h, 70);
    assert.deepEqual(deleted(h), ['/s/f']);
    assert.equal(exists(h, '/s/f'), false);
    assert.equal(exists(h, '/s/f/t'), false);
    assert.equal(exists(h, '/s/keep'), true);
  });

  it('hh:mm: deletes a completed node when the suite clock reaches that time of day', () => {
    const h = harness('suite s\n task t\n  autocancel 03:00\n task keep\nendsuite', START);
    h.step();
    at(h, 10);
    h.finish('/s/t');
    at(h, 179);
    assert.deepEqual(deleted(h), []);
    at(h, 180);
    assert.deepEqual(deleted(h), ['/s/t']);
  });

  it('hh:mm: a node completing after that time of day goes at once', () => {
    const h = harness('suite s\n task t\n  autocancel 01:00\n task keep\nendsuite', START);
    h.step();
    at(h, 90);
    h.engine.childInit({ path: '/s/t' }, '1');
    h.engine.childComplete({ path: '/s/t' });
    assert.deepEqual(deleted(h), ['/s/t']);
  });

  it('0: deletes the node as soon as it completes; N days: N days after', () => {
    const h = harness('suite s\n task now\n  autocancel 0\n task later\n  autocancel 1\n task keep\nendsuite', START);
    h.step();
    h.engine.childInit({ path: '/s/now' }, '1');
    h.engine.childComplete({ path: '/s/now' });
    h.engine.childInit({ path: '/s/later' }, '1');
    h.engine.childComplete({ path: '/s/later' });
    assert.deepEqual(deleted(h), ['/s/now']);
    at(h, 24 * 60 - 1);
    assert.deepEqual(deleted(h), []);
    at(h, 24 * 60);
    assert.deepEqual(deleted(h), ['/s/later']);
  });

  it('deletes a whole suite, and ignores suspension (ecFlow only checks it for autoarchive)', () => {
    const h = harness('suite s\n autocancel +00:30\n task t\nendsuite', START);
    h.step();
    h.finish('/s/t');
    h.engine.suspend(['/s']);
    at(h, 30);
    assert.deepEqual(deleted(h), ['/s']);
    assert.equal(h.engine.tree.root.children.length, 0);
  });

  it('waits while the server is HALTED', () => {
    const h = harness('suite s\n task t\n  autocancel +00:30\n task keep\nendsuite', START);
    h.step();
    h.finish('/s/t');
    h.engine.setServerState('HALTED');
    at(h, 45);
    assert.deepEqual(deleted(h), []);
    assert.equal(exists(h, '/s/t'), true);
    h.engine.setServerState('RUNNING');
    assert.deepEqual(deleted(h), ['/s/t']);
  });

  it('a re-queued node is not deleted', () => {
    const h = harness('suite s\n task t\n  autocancel +00:30\n  event e\n task keep\nendsuite', START);
    h.step();
    h.finish('/s/t');
    h.engine.requeue(['/s/t']);
    at(h, 45);
    assert.deepEqual(deleted(h), []);
    assert.equal(exists(h, '/s/t'), true);
  });
});
