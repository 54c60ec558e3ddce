import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import type { LateAttr } from '@isobar/protocol/defs';

import {
  beginTimeContext,
  completesAtHybridBegin,
  createSuiteCalendar,
  cronAcceptsDay,
  effectiveLate,
  epochDayFromCivil,
  expireNextSlot,
  lateStatus,
  nodeTimeStatus,
  recordDowntime,
  requeueTimeContext,
  shouldRequeueForTime,
} from '../src/time/index.js';
import { clockOf, iso, simulateRuns, taskWith, at } from './time-helpers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const day0 = at('2024-01-08 00:00'); // a Monday
const real = createSuiteCalendar(day0);

function status(lines: string[], begunAt: number, now: number) {
  return nodeTimeStatus(taskWith(...lines), { context: beginTimeContext(begunAt), calendar: real, now: now });
}

describe('time', () => {
  it('a single slot is free from its minute on, and says when it will be', () => {
    assert.deepEqual(status(['time 10:00'], day0, day0 + 9 * HOUR), { free: false, nextChange: day0 + 10 * HOUR });
    assert.equal(status(['time 10:00'], day0, day0 + 10 * HOUR).free, true);
    assert.equal(status(['time 10:00'], day0, day0 + 15 * HOUR).free, true); // stays free until requeue
  });

  it('begun in the slot minute counts the slot; begun after it waits for tomorrow', () => {
    assert.equal(status(['time 10:00'], day0 + 10 * HOUR + 30_000, day0 + 10 * HOUR + 40_000).free, true);
    const late = status(['time 10:00'], day0 + 11 * HOUR, day0 + 12 * HOUR);
    assert.deepEqual(late, { free: false, nextChange: day0 + 34 * HOUR });
  });

  it('a series includes its end slot; a long job skips the slots it overlapped', () => {
    const task = taskWith('time 10:00 12:00 01:00');
    assert.deepEqual(simulateRuns(task, real, { from: day0, to: day0 + 24 * HOUR }).map(iso), [
      '2024-01-08T10:00',
      '2024-01-08T11:00',
      '2024-01-08T12:00',
    ]);
    // The 10:00 run completes at 11:30: the 11:00 slot is gone, the next is 12:00.
    const ctx = requeueTimeContext(beginTimeContext(day0), day0 + 11.5 * HOUR, 'time');
    assert.deepEqual(nodeTimeStatus(task, { context: ctx, calendar: real, now: day0 + 11.5 * HOUR }), {
      free: false,
      nextChange: day0 + 12 * HOUR,
    });
    assert.equal(
      shouldRequeueForTime(task, { context: beginTimeContext(day0), calendar: real, now: day0 + 12.5 * HOUR }),
      false,
    );
  });

  it('+ times are relative to begin (or a repeat/manual requeue), not to midnight', () => {
    const task = taskWith('time +00:20');
    const begun = day0 + 23 * HOUR + 50 * MIN;
    assert.deepEqual(nodeTimeStatus(task, { context: beginTimeContext(begun), calendar: real, now: begun }), {
      free: false,
      nextChange: begun + 20 * MIN,
    });
    const requeued = requeueTimeContext(beginTimeContext(begun), begun + HOUR, 'repeat');
    assert.equal(nodeTimeStatus(task, { context: requeued, calendar: real, now: begun + HOUR + 20 * MIN }).free, true);
    assert.deepEqual(
      simulateRuns(taskWith('time +00:10 00:30 00:10'), real, { from: begun, to: begun + 2 * HOUR }).map(iso),
      ['2024-01-09T00:00', '2024-01-09T00:10', '2024-01-09T00:20'],
    );
  });

  it('several single slots re-queue between the first and the last', () => {
    const task = taskWith('time 09:00', 'time 11:00');
    assert.deepEqual(simulateRuns(task, real, { from: day0, to: day0 + 24 * HOUR }).map(iso), [
      '2024-01-08T09:00',
      '2024-01-08T11:00',
    ]);
  });

  it('a manual run expires the next slot; a requeue after it keeps it expired', () => {
    const task = taskWith('time 10:00 12:00 01:00');
    const ran = expireNextSlot(task, { context: beginTimeContext(day0), calendar: real, now: day0 + 9 * HOUR });
    assert.equal(
      shouldRequeueForTime(task, { context: ran, calendar: real, now: day0 + 9 * HOUR }, { command: true }),
      true,
    );
    const after = requeueTimeContext(ran, day0 + 9 * HOUR, 'time');
    assert.deepEqual(nodeTimeStatus(task, { context: after, calendar: real, now: day0 + 9 * HOUR }), {
      free: false,
      nextChange: day0 + 11 * HOUR,
    });
    const single = taskWith('time 10:00');
    const expired = expireNextSlot(single, { context: beginTimeContext(day0), calendar: real, now: day0 + 9 * HOUR });
    assert.equal(nodeTimeStatus(single, { context: expired, calendar: real, now: day0 + 10 * HOUR }).free, false);
  });

  it('down time under an hour catches a missed slot up (runs once); a longer one misses it', () => {
    const task = taskWith('time 10:00 14:00 01:00');
    const down = { from: day0 + 9.5 * HOUR, to: day0 + 10.5 * HOUR };
    const short = recordDowntime(real, down.from, down.to - 1);
    assert.equal(nodeTimeStatus(task, { context: beginTimeContext(day0), calendar: short, now: down.to }).free, true);
    const long = recordDowntime(real, down.from, down.to + 2 * HOUR);
    assert.deepEqual(
      nodeTimeStatus(task, { context: beginTimeContext(day0), calendar: long, now: down.to + 2 * HOUR }),
      {
        free: false,
        nextChange: day0 + 13 * HOUR,
      },
    );
  });
});

describe('today', () => {
  it('is free at once when begun or re-queued after the time, else from the time', () => {
    assert.equal(status(['today 10:00'], day0 + 11 * HOUR, day0 + 11 * HOUR).free, true);
    assert.deepEqual(status(['today 10:00'], day0 + 9 * HOUR, day0 + 9 * HOUR), {
      free: false,
      nextChange: day0 + 10 * HOUR,
    });
  });

  it('a today series behaves like a time series (no catch-up of earlier slots)', () => {
    assert.deepEqual(status(['today 10:00 12:00 01:00'], day0 + 10.5 * HOUR, day0 + 10.5 * HOUR), {
      free: false,
      nextChange: day0 + 11 * HOUR,
    });
  });
});

describe('date and day', () => {
  it('date wildcards match any day/month/year; the next change is a midnight', () => {
    assert.equal(status(['date 8.*.*'], day0, day0 + HOUR).free, true);
    assert.equal(status(['date *.1.2024'], day0, day0 + HOUR).free, true);
    assert.deepEqual(status(['date 9.1.2024'], day0, day0 + HOUR), { free: false, nextChange: day0 + 24 * HOUR });
    assert.deepEqual(status(['date 8.1.*'], day0, day0 + HOUR), { free: true, nextChange: day0 + 24 * HOUR });
  });

  it('29 February with wildcards waits for the next leap year', () => {
    const next = status(['date 29.2.*'], day0, day0).nextChange;
    assert.equal(next, at('2024-02-29 00:00'));
    const from2025 = createSuiteCalendar(at('2025-01-01 00:00'));
    const far = nodeTimeStatus(taskWith('date 29.2.*'), {
      context: beginTimeContext(at('2025-01-01 00:00')),
      calendar: from2025,
      now: at('2025-01-01 00:00'),
    });
    assert.equal(far.nextChange, at('2028-02-29 00:00'));
  });

  it('a day binds to its date at begin; a repeat requeue moves it to next week', () => {
    assert.equal(status(['day monday'], day0, day0 + HOUR).free, true);
    assert.deepEqual(status(['day wednesday'], day0, day0 + HOUR), { free: false, nextChange: day0 + 48 * HOUR });
    const task = taskWith('day monday');
    const repeat = requeueTimeContext(beginTimeContext(day0), day0 + HOUR, 'repeat');
    assert.deepEqual(nodeTimeStatus(task, { context: repeat, calendar: real, now: day0 + HOUR }), {
      free: false,
      nextChange: day0 + 7 * 24 * HOUR,
    });
  });

  it('a time under a day only counts on that day', () => {
    const task = taskWith('day tuesday', 'time 10:00');
    assert.deepEqual(simulateRuns(task, real, { from: day0, to: day0 + 7 * 24 * HOUR }).map(iso), ['2024-01-09T10:00']);
  });
});

describe('cron', () => {
  const day = (y: number, m: number, d: number) => epochDayFromCivil({ year: y, month: m, day: d });
  const cron = (line: string) => taskWith(line).crons?.[0] ?? assert.fail('no cron');

  it('L is the last day of the month, leap years included', () => {
    const last = cron('cron -d L 10:00');
    assert.equal(cronAcceptsDay(last, day(2024, 2, 29)), true);
    assert.equal(cronAcceptsDay(last, day(2023, 2, 28)), true);
    assert.equal(cronAcceptsDay(last, day(2024, 2, 28)), false);
    assert.equal(cronAcceptsDay(last, day(2024, 4, 30)), true);
  });

  it('nL is the last such week day of the month; week days OR, options AND', () => {
    assert.equal(cronAcceptsDay(cron('cron -w 5L 23:00'), day(2024, 5, 31)), true); // last Friday of May 2024
    assert.equal(cronAcceptsDay(cron('cron -w 5L 23:00'), day(2024, 5, 24)), false);
    assert.equal(cronAcceptsDay(cron('cron -w 0,1L 23:00'), day(2024, 5, 5)), true); // any Sunday
    assert.equal(cronAcceptsDay(cron('cron -w 1 -m 2 10:00'), day(2024, 1, 8)), false); // Monday, wrong month
  });

  it('re-queues forever: runs every day at its time', () => {
    const runs = simulateRuns(taskWith('cron 23:00'), real, { from: day0, to: day0 + 3 * 24 * HOUR });
    assert.deepEqual(runs.map(iso), ['2024-01-08T23:00', '2024-01-09T23:00', '2024-01-10T23:00']);
  });
});

describe('hybrid clock', () => {
  const hybrid = createSuiteCalendar(day0, { clock: clockOf('clock hybrid') });
  const complete = (...lines: string[]) =>
    completesAtHybridBegin(taskWith(...lines), { context: beginTimeContext(day0), calendar: hybrid, now: day0 });

  it('day/date/cron nodes that rely on a day change complete at begin', () => {
    assert.equal(complete('day tuesday'), true);
    assert.equal(complete('day monday'), false);
    assert.equal(complete('date 8.1.2024'), false);
    assert.equal(complete('date 8.*.2024'), true);
    assert.equal(complete('cron 10:00'), true);
    assert.equal(complete('cron 10:00 12:00 01:00'), false);
    assert.equal(complete('time 10:00'), false);
  });

  it('time slots still come round after midnight while the date stays', () => {
    const runs = simulateRuns(taskWith('time 23:00', 'time 01:00'), hybrid, {
      from: day0 + 22 * HOUR,
      to: day0 + 30 * HOUR,
    });
    assert.deepEqual(runs.map(iso), ['2024-01-08T23:00']);
  });
});

describe('late', () => {
  const late = (line: string): LateAttr => taskWith(line).late ?? assert.fail('no late');

  it('-s: submitted too long; -a: not active by a time of day', () => {
    const attr = late('late -s +00:15 -a 20:00');
    const since = day0 + 10 * HOUR;
    assert.deepEqual(lateStatus(attr, real, { state: 'submitted', stateSince: since, now: since + 5 * MIN }), {
      late: false,
      nextCheck: since + 15 * MIN,
    });
    assert.equal(lateStatus(attr, real, { state: 'submitted', stateSince: since, now: since + 15 * MIN }).late, true);
    assert.equal(lateStatus(attr, real, { state: 'queued', stateSince: since, now: day0 + 20 * HOUR }).late, true);
    assert.equal(lateStatus(attr, real, { state: 'active', stateSince: since, now: day0 + 21 * HOUR }).late, false);
  });

  it('-c: not complete by a time, or within a duration of becoming active', () => {
    const since = day0 + 10 * HOUR;
    const relative = late('late -c +01:00');
    assert.equal(lateStatus(relative, real, { state: 'active', stateSince: since, now: since + HOUR }).late, true);
    const absolute = late('late -c 10:30');
    assert.deepEqual(lateStatus(absolute, real, { state: 'active', stateSince: since, now: since }), {
      late: false,
      nextCheck: day0 + 10.5 * HOUR,
    });
  });

  it('is inherited downwards with lower levels overriding each option', () => {
    const merged = effectiveLate([late('late -s +00:15 -c 10:30'), undefined, late('late -c +02:00')]);
    assert.deepEqual(merged?.submitted, { hour: 0, minute: 15 });
    assert.deepEqual(merged?.complete, { hour: 2, minute: 0 });
    assert.equal(merged?.completeRelative, true);
  });
});
