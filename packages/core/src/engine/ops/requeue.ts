import { NodeState, suiteOf, tasksBelow } from '../../model/index.js';
import { wrongState } from '../errors.js';
import { requireNode, runningTasks, type OpContext } from '../op-context.js';
import { resetSubtree, type ResetMode } from './reset-node.js';

/** Options of {@link requeue}. */
export interface RequeueOptions {
  /** `abort`: only aborted tasks; `force`: even with active/submitted tasks (they become zombies). */
  readonly mode?: 'abort' | 'force';
}

const MANUAL: ResetMode = { kind: 'requeue', resumeDescendants: true, resetTopRepeat: true };

/**
 * `requeue [abort|force] path`: as ecFlow, a plain requeue of a subtree with active or submitted tasks does
 * nothing; `abort` re-queues only the aborted tasks; the suite must have begun. Suspended descendants are
 * resumed (unless their defstatus is suspended); the node's own suspension is kept.
 *
 * @returns whether anything was re-queued.
 */
export function requeue(ctx: OpContext, path: string, options: RequeueOptions = {}): boolean {
  const node = requireNode(ctx, path);
  const suite = suiteOf(node);
  if (!suite.begun) throw wrongState(suite.path, 'not begun', 'the suite must be begun first');
  if (options.mode === 'abort') {
    const aborted = tasksBelow(node).filter((t) => t.state === NodeState.aborted);
    for (const task of aborted) resetSubtree(ctx, task, MANUAL);
    return aborted.length > 0;
  }
  if (options.mode !== 'force' && runningTasks(node).length > 0) return false;
  resetSubtree(ctx, node, MANUAL);
  return true;
}
