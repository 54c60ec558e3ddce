// Helpers shared by the time-*.test.ts files: build attributes from .def text with the real parser, and run one
// node's time dependencies the way ecFlow's simulator does (each job completes the instant it is submitted).
import type { ClockAttr, DefsNode } from '@isobar/protocol/defs';
import { parseDefs } from '@isobar/protocol/defs';

import type { NodeTimeAttributes, NodeTimeContext, SuiteCalendar } from '../src/time/index.js';
import {
  beginTimeContext,
  completesAtHybridBegin,
  nodeTimeStatus,
  requeueTimeContext,
  shouldRequeueForTime,
} from '../src/time/index.js';

/** Parses `suite s` + the given attribute lines on task `t`, returns the task. */
export function taskWith(...lines: string[]): DefsNode {
  const text = ['suite s', '  task t', ...lines.map((line) => `    ${line}`), 'endsuite', ''].join('\n');
  const task = parseDefs(text).suites[0]?.children?.[0];
  if (task === undefined) throw new Error('no task parsed');
  return task;
}

/** Parses a `clock ...` line. */
export function clockOf(line: string): ClockAttr {
  const clock = parseDefs(`suite s\n  ${line}\nendsuite\n`).suites[0]?.clock;
  if (clock === undefined) throw new Error(`no clock in '${line}'`);
  return clock;
}

/** The UTC instant of `'yyyy-mm-dd hh:mm'`. */
export function at(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}:00Z`);
}

/** The instants at which a node would run between `from` and `to`, if every run completed at once. */
export function simulateRuns(
  attrs: NodeTimeAttributes,
  calendar: SuiteCalendar,
  range: { from: number; to: number },
): number[] {
  let context: NodeTimeContext = beginTimeContext(range.from);
  if (completesAtHybridBegin(attrs, { context: context, calendar: calendar, now: range.from })) return [];
  const runs: number[] = [];
  let now = range.from;
  while (now < range.to && runs.length < 10_000) {
    const status = nodeTimeStatus(attrs, { context: context, calendar: calendar, now: now });
    if (status.free) {
      runs.push(now);
      if (!shouldRequeueForTime(attrs, { context, calendar, now })) break;
      context = requeueTimeContext(context, now, 'time');
      continue;
    }
    if (status.nextChange === undefined || status.nextChange <= now) break;
    now = status.nextChange;
  }
  return runs;
}

/** ISO text of an instant without seconds, for readable assertions. */
export function iso(instant: number): string {
  return new Date(instant).toISOString().slice(0, 16);
}
