import {
  ContainerNode,
  NodeState,
  findUserVariable,
  flagBit,
  type RuntimeNode,
  type SubmittableNode,
} from '../../model/index.js';
import type { CompiledExpressions } from './compiled-expressions.js';
import type { TimeKeeper } from './time-keeper.js';

/** What a node's own gates say (ecFlow `Node::resolveDependencies`). */
export type Gate = 'open' | 'closed' | 'complete';

const HOLDS_ABORTED =
  flagBit('force_aborted') |
  flagBit('killed') |
  flagBit('edit_failed') |
  flagBit('no_script') |
  flagBit('ecfcmd_failed');

/**
 * ecFlow's `Task::resolveDependencies` state check: queued, or aborted with tries left and no flag that stops an
 * automatic re-run (forced abort, killed, edit/script/job command failure).
 */
export function taskStateAllows(task: SubmittableNode): boolean {
  if (task.state === NodeState.queued) return true;
  if (task.state !== NodeState.aborted || (task.flags & HOLDS_ABORTED) !== 0) return false;
  const tries = Number.parseInt(findUserVariable(task, 'ECF_TRIES') ?? '2', 10);
  return task.tryNo < (Number.isNaN(tries) ? 2 : tries);
}

function hasRunningChildren(node: RuntimeNode): boolean {
  if (!(node instanceof ContainerNode)) return false;
  const counts = node.counts;
  return (counts[NodeState.active] ?? 0) + (counts[NodeState.submitted] ?? 0) + (counts[NodeState.aborted] ?? 0) > 0;
}

/**
 * A node's own gates in ecFlow's order: archived, suspended, complete, mirrored and time holds first; then the
 * complete expression (true → the node is to be completed by rule unless children are still running or
 * aborted); then the trigger.
 */
export function ownGate(node: RuntimeNode, parts: { exprs: CompiledExpressions; time: TimeKeeper }): Gate {
  if ((node.flags & flagBit('archived')) !== 0 || node.suspended || node.state === NodeState.complete) return 'closed';
  if ((node.misc?.mirrors?.length ?? 0) > 0) return 'closed';
  if (node.misc !== undefined && !parts.time.status(node).free) return 'closed';
  if (node.complete !== undefined && parts.exprs.holds(node, 'complete') && !hasRunningChildren(node)) {
    return 'complete';
  }
  return parts.exprs.holds(node, 'trigger') ? 'open' : 'closed';
}
