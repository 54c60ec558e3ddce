import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { parseDefs } from '@isobar/protocol/defs';

import { flagNames, type SubmittableNode } from '../src/model/index.js';
import { harness, type Harness } from './scheduler-helpers.js';

const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);

function isLate(h: Harness, path: string): boolean {
  return flagNames(h.engine.node(path).flags).includes('late');
}

/** Moves the clock to `START + minutes` and runs the scheduler (the turn the timer would have asked for). */
function at(h: Harness, minutes: number): void {
  h.clock.advanceTo(START + minutes * MINUTE);
  h.step();
}

function init(h: Harness, path: string): void {
  h.engine.childInit({ path, password: (h.engine.node(path) as SubmittableNode).password }, '42');
  h.step();
}

describe('late', () => {
  it('-s: flags a task submitted for that long, at the instant its timer fires', () => {
    const h = harness('suite s\n task t\n  late -s +00:10\nendsuite', START);
    assert.deepEqual(h.step(), ['/s/t']);
    assert.equal(h.clock.nextTimerAt(), START + 10 * MINUTE, 'one timer armed for the deadline, no polling');
    at(h, 9);
    assert.equal(isLate(h, '/s/t'), false);
    at(h, 10);
    assert.equal(isLate(h, '/s/t'), true);
    const last = h.engine.log.since(0)?.at(-1);
    assert.equal(last?.type, 'node.state');
    assert.ok(last?.type === 'node.state' && last.flags?.includes('late'), 'an absolute node.state record');
  });

  it('-s: a task that became active in time is never late for submission', () => {
    const h = harness('suite s\n task t\n  late -s +00:10\nendsuite', START);
    h.step();
    at(h, 5);
    init(h, '/s/t');
    at(h, 30);
    assert.equal(isLate(h, '/s/t'), false);
  });

  it('-a: flags a task still queued or submitted at that time of day', () => {
    const text = 'suite s\n task a\n task b\n  trigger a == complete\n  late -a 01:00\nendsuite';
    const h = harness(text, START);
    h.step();
    at(h, 59);
    assert.equal(isLate(h, '/s/b'), false);
    at(h, 60);
    assert.equal(isLate(h, '/s/b'), true, 'queued at 01:00');
    assert.equal(isLate(h, '/s/a'), false, 'late applies to the task that has it');
  });

  it('-c hh:mm: flags a task still active at that time of day', () => {
    const h = harness('suite s\n task t\n  late -c 02:00\nendsuite', START);
    h.step();
    init(h, '/s/t');
    at(h, 119);
    assert.equal(isLate(h, '/s/t'), false);
    at(h, 120);
    assert.equal(isLate(h, '/s/t'), true);
  });

  it('-c +hh:mm: flags a task active for that long, counted from when it became active', () => {
    const h = harness('suite s\n task t\n  late -c +01:00\nendsuite', START);
    h.step();
    at(h, 30);
    init(h, '/s/t');
    at(h, 89);
    assert.equal(isLate(h, '/s/t'), false);
    at(h, 90);
    assert.equal(isLate(h, '/s/t'), true);
  });

  it('is inherited downwards, each option of a lower level overriding the same option above', () => {
    const text = [
      'suite s',
      ' late -c +01:00',
      ' family f',
      '  task inherits',
      '  task overrides',
      '   late -c +03:00',
      '  task adds',
      '   late -s +00:05',
      ' endfamily',
      'endsuite',
    ].join('\n');
    const h = harness(text, START);
    h.step();
    init(h, '/s/f/inherits');
    init(h, '/s/f/overrides');
    at(h, 5);
    assert.equal(isLate(h, '/s/f/adds'), true, 'its own -s');
    init(h, '/s/f/adds');
    at(h, 65);
    assert.equal(isLate(h, '/s/f/inherits'), true, 'the suite -c +01:00');
    assert.equal(isLate(h, '/s/f/overrides'), false, 'its own -c +03:00 replaces the suite one');
    assert.equal(isLate(h, '/s/f/adds'), true);
    assert.equal(isLate(h, '/s'), false, 'only tasks carry the flag');
    at(h, 180);
    assert.equal(isLate(h, '/s/f/overrides'), true);
  });

  it('keeps the flag after completion until a requeue clears it', () => {
    const h = harness('suite s\n task t\n  late -s +00:01\nendsuite', START);
    h.step();
    at(h, 1);
    assert.equal(isLate(h, '/s/t'), true);
    init(h, '/s/t');
    h.engine.childComplete({ path: '/s/t' });
    h.step();
    assert.equal(isLate(h, '/s/t'), true, 'ecFlow never clears it on its own');
    assert.equal(h.engine.node('/s/t').misc?.late?.late, true, 'the attribute shows # late');
    h.engine.requeue(['/s/t']);
    assert.equal(isLate(h, '/s/t'), false);
    assert.equal(h.engine.node('/s/t').misc?.late?.late, false);
  });

  it('does nothing while the server is HALTED and catches up when it runs again', () => {
    const h = harness('suite s\n task t\n  late -s +00:10\nendsuite', START);
    h.step();
    h.engine.setServerState('HALTED');
    at(h, 20);
    assert.equal(isLate(h, '/s/t'), false);
    h.engine.setServerState('RUNNING');
    h.step();
    assert.equal(isLate(h, '/s/t'), true);
  });
});

describe('calendar variables', () => {
  it('resolves DATE, YYYY, MM, DD, DOW, TIME, ECF_DATE… for nodes of a begun suite', () => {
    const h = harness('suite s\n family f\n  task t\n endfamily\nendsuite', Date.UTC(2024, 2, 15, 9, 30));
    const value = (name: string) => h.engine.variable('/s/f/t', name)?.value;
    assert.equal(value('ECF_DATE'), '20240315');
    assert.equal(value('DATE'), '15.03.2024');
    assert.equal(value('YYYY'), '2024');
    assert.equal(value('MM'), '03');
    assert.equal(value('DD'), '15');
    assert.equal(value('DOW'), '5');
    assert.equal(value('TIME'), '0930');
    assert.equal(value('ECF_TIME'), '09:30');
    h.clock.advanceBy(24 * 60 * MINUTE);
    assert.equal(value('ECF_DATE'), '20240316', 'computed when read');
  });

  it('shows none for a suite that has not begun', () => {
    const h = harness('suite s\n task t\nendsuite');
    h.engine.load(parseDefs('suite u\n task t\nendsuite', { file: 'u.def' }));
    assert.equal(h.engine.variable('/u/t', 'DATE'), undefined);
    assert.equal(h.engine.variable('/u/t', 'SUITE')?.value, 'u');
    assert.ok(h.engine.variable('/s/t', 'DATE') !== undefined);
  });
});
