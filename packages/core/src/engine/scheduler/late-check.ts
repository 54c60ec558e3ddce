import type { LateAttr } from '@isobar/protocol/defs';
import { SubmittableNode, flagBit, parentNode, stateName, type RuntimeNode } from '../../model/index.js';
import { effectiveLate, lateStatus, type LateStatus, type SuiteCalendar } from '../../time/index.js';

const LATE = flagBit('late');

/**
 * The `late` a task obeys: the attributes from its suite down to itself, each option of a lower level
 * overriding the same option above (ecFlow `LateAttr::override_with`); `undefined` when none applies.
 */
export function effectiveLateOf(node: RuntimeNode): LateAttr | undefined {
  const chain: LateAttr[] = [];
  for (let current: RuntimeNode | undefined = node; current !== undefined; current = parentNode(current)) {
    const late = current.misc?.late;
    if (late !== undefined) chain.push(late);
  }
  return chain.length === 0 ? undefined : effectiveLate(chain.reverse());
}

/**
 * Whether a task is late now and, if not, when it may become late. `undefined` when there is nothing to watch:
 * not a task, no `late` applies, or the flag is already set (ecFlow keeps it until begin/requeue).
 */
export function taskLateStatus(node: RuntimeNode, calendar: SuiteCalendar, now: number): LateStatus | undefined {
  // ecFlow sets the late flag on tasks and aliases only; containers' `late` is inherited by them.
  if (!(node instanceof SubmittableNode) || (node.flags & LATE) !== 0) return undefined;
  const late = effectiveLateOf(node);
  if (late === undefined) return undefined;
  return lateStatus(late, calendar, { state: stateName(node.state), stateSince: node.stateSince * 1000, now });
}

/** Sets the late flag of a task (and latches its own `late` attribute, as ecFlow shows `# late`). */
export function markLate(node: RuntimeNode): void {
  node.flags |= LATE;
  if (node.misc?.late !== undefined) node.misc.late.late = true;
}
