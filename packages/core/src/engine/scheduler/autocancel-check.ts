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

function hasRunningTasks(node: RuntimeNode): boolean {
  let running = false;
  walk(node, (each) => {
    if (each instanceof SubmittableNode && (each.state === NodeState.submitted || each.state === NodeState.active)) {
      running = true;
    }
  });
  return running;
}

/**
 * ecFlow `checkForAutoCancel`: a complete node with `autocancel` is deleted `N` days or `+hh:mm` after it
 * completed, or once the suite clock reaches `hh:mm` (that day; at once when it completed later), but never
 * while a task below is submitted or active (deleting it would orphan the job). Suspension does not matter.
 */
export function autocancelStatus(node: RuntimeNode, calendar: SuiteCalendar, now: number): AutocancelStatus {
  const attr = node.misc?.autocancel;
  if (attr === undefined || node.state !== NodeState.complete) return NOTHING;
  const completedAt = node.stateSince * 1000;
  let at: number;
  if (attr.time === undefined) at = completedAt + (attr.days ?? 0) * DAY_MS;
  else if (attr.relative) at = completedAt + clockTimeMs(attr.time);
  else {
    const suiteNow = suiteTimeAt(calendar, now);
    const target = epochDayOf(suiteNow) * DAY_MS + clockTimeMs(attr.time);
    at = suiteNow >= target ? now : instantOfSuiteTime(calendar, target);
  }
  if (now < at) return { due: false, at };
  // Tasks below still running: look again when one of them changes state (the keeper watches ancestors).
  return hasRunningTasks(node) ? NOTHING : { due: true, at: undefined };
}
