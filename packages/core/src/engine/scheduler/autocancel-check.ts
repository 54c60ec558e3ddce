import type { AutoCleanAttr } from '@isobar/protocol/defs';
import { NodeState, SubmittableNode, walk, type RuntimeNode } from '../../model/index.js';
import { DAY_MS, type SuiteCalendar } from '../../time/index.js';
import { epochDayOf } from '../../time/civil.js';
import { instantOfSuiteTime, suiteTimeAt } from '../../time/suite-calendar.js';
import { clockTimeMs } from '../../time/time-series.js';

/** Result of {@link autocancelStatus}. */
export interface AutocancelStatus {
  /** Delete the node now. */
  readonly due: boolean;
  /** When not due: the instant to look again, if any. */
  readonly at: number | undefined;
}

const NOTHING: AutocancelStatus = { due: false, at: undefined };

/** Whether a task at or below `node` is submitted or active (deleting or archiving it would orphan the job). */
export function hasRunningTasks(node: RuntimeNode): boolean {
  let running = false;
  walk(node, (each) => {
    if (each instanceof SubmittableNode && (each.state === NodeState.submitted || each.state === NodeState.active)) {
      running = true;
    }
  });
  return running;
}

/**
 * The status of an `autocancel` / `autoarchive` attribute whose clock started at `node.stateSince`: due `N` days
 * or `+hh:mm` later, or once the suite clock reaches `hh:mm` (that day; at once when the state came later), but
 * never while a task below is submitted or active.
 */
export function expiryStatus(
  node: RuntimeNode,
  attr: AutoCleanAttr,
  when: { readonly calendar: SuiteCalendar; readonly now: number },
): AutocancelStatus {
  const { calendar, now } = when;
  const since = node.stateSince * 1000;
  let at: number;
  if (attr.time === undefined) at = since + (attr.days ?? 0) * DAY_MS;
  else if (attr.relative) at = since + clockTimeMs(attr.time);
  else {
    const suiteNow = suiteTimeAt(calendar, now);
    const target = epochDayOf(suiteNow) * DAY_MS + clockTimeMs(attr.time);
    at = suiteNow >= target ? now : instantOfSuiteTime(calendar, target);
  }
  if (now < at) return { due: false, at };
  // Tasks below still running: look again when one of them changes state (the keepers watch ancestors).
  return hasRunningTasks(node) ? NOTHING : { due: true, at: undefined };
}

/**
 * ecFlow `checkForAutoCancel`: a complete node with `autocancel` is deleted as {@link expiryStatus} says.
 * Suspension does not matter.
 */
export function autocancelStatus(node: RuntimeNode, calendar: SuiteCalendar, now: number): AutocancelStatus {
  const attr = node.misc?.autocancel;
  if (attr === undefined || node.state !== NodeState.complete) return NOTHING;
  return expiryStatus(node, attr, { calendar, now });
}
