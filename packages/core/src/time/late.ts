import type { LateAttr } from '@isobar/protocol/defs';

import { DAY_MS, epochDayOf } from './civil.js';
import type { SuiteCalendar } from './suite-calendar.js';
import { instantOfSuiteTime, suiteTimeAt } from './suite-calendar.js';
import { clockTimeMs } from './time-series.js';

/** The node facts a `late` check needs. */
export interface LateInput {
  /** Current state of the node. */
  readonly state: 'unknown' | 'queued' | 'submitted' | 'active' | 'complete' | 'aborted';
  /** Instant the node entered that state. */
  readonly stateSince: number;
  /** Instant now. */
  readonly now: number;
}

/** Result of {@link lateStatus}. */
export interface LateStatus {
  /** The node is late now. The engine latches the flag until begin/requeue (ecFlow never clears it itself). */
  readonly late: boolean;
  /** When not late: the earliest instant it may become late in its current state (arm a timer); else undefined. */
  readonly nextCheck: number | undefined;
}

function todayAt(calendar: SuiteCalendar, now: number, timeOfDayMs: number): { reached: boolean; at: number } {
  const suiteNow = suiteTimeAt(calendar, now);
  const target = epochDayOf(suiteNow) * DAY_MS + timeOfDayMs;
  return { reached: suiteNow >= target, at: instantOfSuiteTime(calendar, target) };
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/**
 * ecFlow `LateAttr::check_for_lateness`: `-s` submitted for at least that long; `-a` still queued or submitted at
 * that time of day; `-c` active at that time of day, or (`-c +`) active for at least that long.
 *
 * @example
 * ```ts
 * lateStatus(late, calendar, { state: 'submitted', stateSince: t0, now });
 * ```
 */
export function lateStatus(late: LateAttr, calendar: SuiteCalendar, input: LateInput): LateStatus {
  const { state, stateSince, now } = input;
  let next: number | undefined;
  if (state === 'submitted' || state === 'queued') {
    if (state === 'submitted' && late.submitted !== undefined) {
      const due = stateSince + clockTimeMs(late.submitted);
      if (now >= due) return { late: true, nextCheck: undefined };
      next = due;
    }
    if (late.active !== undefined) {
      const at = todayAt(calendar, now, clockTimeMs(late.active));
      if (at.reached) return { late: true, nextCheck: undefined };
      next = earliest(next, at.at);
    }
  } else if (state === 'active' && late.complete !== undefined) {
    if (late.completeRelative) {
      const due = stateSince + clockTimeMs(late.complete);
      return now >= due ? { late: true, nextCheck: undefined } : { late: false, nextCheck: due };
    }
    const at = todayAt(calendar, now, clockTimeMs(late.complete));
    return at.reached ? { late: true, nextCheck: undefined } : { late: false, nextCheck: at.at };
  }
  return { late: false, nextCheck: next };
}

/**
 * The `late` a node obeys: inherited downwards, each option of a lower level overriding the same option above
 * (ecFlow `LateAttr::override_with`). Pass the attributes from the suite down to the node.
 */
export function effectiveLate(chain: readonly (LateAttr | undefined)[]): LateAttr | undefined {
  let result: LateAttr | undefined;
  for (const late of chain) {
    if (late === undefined) continue;
    result =
      result === undefined
        ? { ...late, late: false }
        : {
            submitted: late.submitted ?? result.submitted,
            active: late.active ?? result.active,
            complete: late.complete ?? result.complete,
            completeRelative: late.complete !== undefined ? late.completeRelative : result.completeRelative,
            late: false,
          };
  }
  return result;
}
