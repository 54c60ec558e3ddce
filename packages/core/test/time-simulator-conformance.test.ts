// Ports the *cases* of ecFlow's simulator corpus (conformance/ecflow/simulator/good_defs): each task's time
// attributes are run on its suite's calendar from `clock` to `endclock` (or the horizon ecFlow's simulator uses)
// and the number of runs must equal the task's `verify complete:N`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { DefsNode } from '@isobar/protocol/defs';
import { parseDefs } from '@isobar/protocol/defs';

import { createSuiteCalendar, endClockInstant } from '../src/time/index.js';
import { simulateRuns } from './time-helpers.js';

const corpus = fileURLToPath(new URL('../../../../shared/conformance/ecflow/simulator/good_defs/', import.meta.url));

function tasksOf(node: DefsNode): DefsNode[] {
  if (node.kind === 'task') return [node];
  return (node.children ?? []).flatMap(tasksOf);
}

/** Runs every task of every suite in `file` whose only dependencies are its own time attributes. */
function check(file: string, horizonDays: number): void {
  const defs = parseDefs(readFileSync(corpus + file, 'utf8'), { file });
  for (const suite of defs.suites) {
    const start = Date.UTC(suite.clock?.year ?? 2020, (suite.clock?.month ?? 1) - 1, suite.clock?.day ?? 1);
    const calendar = createSuiteCalendar(start, { clock: suite.clock });
    const end = suite.endclock ? endClockInstant(calendar, suite.endclock) : start + horizonDays * 86_400_000;
    for (const task of tasksOf(suite)) {
      const expected = task.verifies?.find((verify) => verify.state === 'complete')?.expected;
      // Triggers are the expression engine's part; only tasks gated by their own time attributes are checked here.
      if (expected === undefined || task.trigger !== undefined) continue;
      const runs = simulateRuns(task, calendar, { from: start, to: end });
      assert.equal(runs.length, expected, `${file} /${suite.name}/${task.name}`);
    }
  }
}

describe('ecFlow simulator corpus: verify complete counts of time attributes', () => {
  it('cron: last day / last week day forms over 2019 (last.def)', () => check('cron/last.def', 365));
  it('cron: days of month with a series (cron3.def)', () => check('cron/cron3.def', 365));
  it('time: series across a day (time_series.def)', () => check('time/time_series.def', 1));
  it('today: single slot (today.def)', () => check('today/today.def', 1));
  it('today: ranges and a mix of single and range (today_range.def)', () => check('today/today_range.def', 1));
  it('day: a single day in a week (simple.def)', () => check('day/simple.def', 7));
  it('day: days of a week with two times (multiple_time_and_days.def)', () =>
    check('time/multiple_time_and_days.def', 7));
  it('date: two dates with two times (multiple_times_and_dates.def)', () =>
    check('time/multiple_times_and_dates.def', 31));
  it("date: a time on tomorrow's date (time_and_tomorrows_date.def)", () =>
    check('time/time_and_tomorrows_date.def', 31));
  it('hybrid: time, dates and days under a hybrid clock', () => {
    check('time/hybrid_time.def', 1);
    check('time/multiple_time_and_dates_hybrid.def', 1);
    check('time/multiple_time_and_days_hybrid.def', 1);
    check('day/hybrid_day.def', 7);
  });
  it('cron: every form of the cron corpus (cron.def .. cron7.def, last3.def)', () => {
    for (const file of ['cron.def', 'cron2.def', 'cron4.def', 'cron5.def', 'cron6.def', 'cron7.def', 'last3.def']) {
      check(`cron/${file}`, 1);
    }
  });
  it('today: today2.def', () => check('today/today2.def', 1));
});
