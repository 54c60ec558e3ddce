import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import type { ClockAttr } from '@isobar/protocol/defs';

import {
  createSuiteCalendar,
  instantOfSuiteTime,
  recordDowntime,
  suiteDateAt,
  suiteGeneratedVariables,
  suiteTimeAt,
} from '../src/time/index.js';
import { clockOf, iso, simulateRuns, taskWith, at } from './time-helpers.js';

const HOUR = 3_600_000;

function clock(fields: Partial<ClockAttr>): ClockAttr {
  return { hybrid: false, day: 0, month: 0, year: 0, gain: 0, positiveGain: false, startStop: false, ...fields };
}

describe('suite calendar', () => {
  it('defaults to a real clock on UTC, as ecFlow (Calendar() is REAL, second_clock::universal_time)', () => {
    const begun = at('2024-05-01 23:30');
    const cal = createSuiteCalendar(begun);
    assert.equal(cal.clock, 'real');
    assert.equal(cal.timeZone, 'UTC');
    assert.equal(suiteTimeAt(cal, begun), begun);
    assert.deepEqual(suiteDateAt(cal, begun + HOUR), { year: 2024, month: 5, day: 2 });
  });

  it('a dated clock starts at that midnight plus gain and runs at the pace of real time', () => {
    const begun = at('2024-05-01 15:17');
    const cal = createSuiteCalendar(begun, { clock: clockOf('clock real 1.1.2020 +01:00') });
    assert.equal(iso(suiteTimeAt(cal, begun)), '2020-01-01T01:00');
    assert.equal(iso(suiteTimeAt(cal, begun + 2 * HOUR)), '2020-01-01T03:00');
    assert.equal(instantOfSuiteTime(cal, at('2020-01-01 03:00')), begun + 2 * HOUR);
  });

  it('gain moves an undated clock forward or back', () => {
    const begun = at('2024-05-01 12:00');
    assert.equal(suiteTimeAt(createSuiteCalendar(begun, { clock: clock({ gain: 3600 }) }), begun), begun + HOUR);
    assert.equal(suiteTimeAt(createSuiteCalendar(begun, { clock: clock({ gain: -1800 }) }), begun), begun - HOUR / 2);
  });

  it('hybrid keeps the date across midnight while the time of day runs; real changes the date', () => {
    const begun = at('2020-01-01 22:00');
    const hybrid = createSuiteCalendar(begun, { clock: clockOf('clock hybrid') });
    const real = createSuiteCalendar(begun, { clock: clockOf('clock real') });
    const later = begun + 3 * HOUR;
    assert.equal(suiteGeneratedVariables(hybrid, later).ECF_DATE, '20200101');
    assert.equal(suiteGeneratedVariables(hybrid, later).ECF_TIME, '01:00');
    assert.equal(suiteGeneratedVariables(real, later).ECF_DATE, '20200102');
  });

  it('generates the suite variables with ecFlow formats', () => {
    const cal = createSuiteCalendar(at('2024-07-01 00:00'), { clock: clockOf('clock hybrid 1.1.2020') });
    assert.deepEqual(suiteGeneratedVariables(cal, cal.begunAt + 9 * HOUR + 5 * 60_000), {
      ECF_DATE: '20200101',
      YYYY: '2020',
      DOW: '3',
      DOY: '1',
      DATE: '01.01.2020',
      DAY: 'wednesday',
      DD: '01',
      MM: '01',
      MONTH: 'january',
      ECF_CLOCK: 'wednesday:january:3:1',
      ECF_TIME: '09:05',
      ECF_JULIAN: '2458850',
      TIME: '0905',
    });
    const leap = createSuiteCalendar(0, { clock: clockOf('clock real 31.12.2024') });
    assert.equal(suiteGeneratedVariables(leap, 0).DOY, '366');
  });

  it('rejects an unknown zone and an impossible clock date', () => {
    assert.throws(() => createSuiteCalendar(0, { timeZone: 'Mars/Olympus' }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => createSuiteCalendar(0, { clock: clock({ day: 29, month: 2, year: 2023 }) }), {
      code: 'INVALID_ARGUMENT',
    });
  });

  it('a downtime above the catch-up limit becomes a blackout, a shorter one does not', () => {
    const cal = createSuiteCalendar(0);
    assert.equal(recordDowntime(cal, 0, HOUR), cal);
    assert.equal(recordDowntime(cal, 0, HOUR + 1).blackouts.length, 1);
  });
});

describe('daylight saving time (Europe/London, injected)', () => {
  const zone = 'Europe/London';
  const cron = (time: string) => taskWith(`cron ${time}`);

  it('spring forward: a slot in the skipped hour runs once, at the jump; later slots keep wall time', () => {
    // 2024-03-31 01:00 UTC: 01:00 GMT becomes 02:00 BST.
    const cal = createSuiteCalendar(at('2024-03-30 12:00'), { timeZone: zone });
    const range = { from: cal.begunAt, to: at('2024-04-02 00:00') };
    assert.deepEqual(simulateRuns(cron('01:30'), cal, range).map(iso), [
      '2024-03-31T01:00', // 01:30 never shows on the wall clock: due at the jump, not lost
      '2024-04-01T00:30', // 01:30 BST
    ]);
    assert.deepEqual(simulateRuns(cron('02:30'), cal, range).map(iso), ['2024-03-31T01:30', '2024-04-01T01:30']);
  });

  it('fall back: a slot in the repeated hour runs once (first pass), the clock never runs backwards', () => {
    // 2024-10-27 01:00 UTC: 02:00 BST becomes 01:00 GMT, so 01:00-01:59 happens twice.
    const cal = createSuiteCalendar(at('2024-10-26 12:00'), { timeZone: zone });
    const range = { from: cal.begunAt, to: at('2024-10-29 00:00') };
    assert.deepEqual(simulateRuns(cron('01:30'), cal, range).map(iso), [
      '2024-10-27T00:30', // 01:30 BST; 01:30 GMT an hour later does not run it again
      '2024-10-28T01:30',
    ]);
    assert.deepEqual(simulateRuns(cron('02:30'), cal, range).map(iso), ['2024-10-27T02:30', '2024-10-28T02:30']);
    const during = at('2024-10-27 01:30');
    assert.equal(suiteGeneratedVariables(cal, during).ECF_TIME, '01:59');
    assert.ok(suiteTimeAt(cal, during) >= suiteTimeAt(cal, during - HOUR));
  });

  it('Europe/Berlin too: a 02:30 slot on the spring day runs at 03:00 CEST', () => {
    const cal = createSuiteCalendar(at('2024-03-30 12:00'), { timeZone: 'Europe/Berlin' });
    const runs = simulateRuns(cron('02:30'), cal, { from: cal.begunAt, to: at('2024-04-01 00:00') });
    assert.deepEqual(runs.map(iso), ['2024-03-31T01:00']); // 03:00 CEST = 01:00 UTC
  });
});
