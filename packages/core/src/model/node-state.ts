import type { NodeStateName } from '@isobar/protocol/defs';

/**
 * Node states as small integers, ordered by significance for propagation: a container shows the most
 * significant state of its children (aborted > active > submitted > queued > complete > unknown).
 */
export const NodeState = {
  unknown: 0,
  complete: 1,
  queued: 2,
  submitted: 3,
  active: 4,
  aborted: 5,
} as const;

/** One of the {@link NodeState} codes. */
export type NodeStateCode = (typeof NodeState)[keyof typeof NodeState];

/** Number of node states (length of a container's per-state child counters). */
export const NODE_STATE_COUNT = 6;

const NAMES: readonly NodeStateName[] = ['unknown', 'complete', 'queued', 'submitted', 'active', 'aborted'];

/** The name of a state code. */
export function stateName(code: NodeStateCode): NodeStateName {
  return NAMES[code] ?? 'unknown';
}

/** The code of a state name. */
export function stateCode(name: NodeStateName): NodeStateCode {
  return NodeState[name];
}

/**
 * The most significant state present in per-state counters; `unknown` when there are none (an empty
 * container), as ecFlow computes it.
 */
export function mostSignificantState(counts: readonly number[]): NodeStateCode {
  for (let code = NODE_STATE_COUNT - 1; code > 0; code--) {
    if ((counts[code] ?? 0) > 0) return code as NodeStateCode;
  }
  return NodeState.unknown;
}
