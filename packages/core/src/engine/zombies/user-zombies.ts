import {
  NodeState,
  SubmittableNode,
  flagBit,
  stateName,
  walk,
  type NodeStateCode,
  type RuntimeTree,
} from '../../model/index.js';
import type { OpContext } from '../op-context.js';
import { findZombieRule } from './zombie-rules.js';
import type { ZombieTable } from './zombie-table.js';

/** A running task's credentials before a user command that may orphan its job. */
export interface RunningTask {
  readonly task: SubmittableNode;
  readonly state: NodeStateCode;
  readonly password: string;
  readonly rid: string;
  readonly tryNo: number;
}

/** The submitted or active tasks at or below `paths` (`/` = every suite), with their credentials now. */
export function snapshotRunning(tree: RuntimeTree, paths: readonly string[]): RunningTask[] {
  const found: RunningTask[] = [];
  const visit = (node: unknown) => {
    if (!(node instanceof SubmittableNode)) return;
    if (node.state !== NodeState.submitted && node.state !== NodeState.active) return;
    const { state, password, rid, tryNo } = node;
    found.push({ task: node, state, password, rid, tryNo });
  };
  for (const raw of paths) {
    const path = raw.startsWith('/') ? raw : `/${raw}`;
    if (path === '/') for (const suite of tree.root.children) walk(suite, visit);
    else {
      const node = tree.index.get(path);
      if (node !== undefined) walk(node, visit);
    }
  }
  return found;
}

/**
 * After a user command (`force`, `requeue -f`, `run -f`, `begin -f`, `delete -f`, `replace -f`): each task of the
 * snapshot whose job no longer matches it (state, password, try or remote id changed, or the task is gone)
 * becomes a `user` zombie carrying the job's credentials, so the job's next command is recognised (ecFlow
 * `add_user_zombies`). Tasks the command left alone make no zombie.
 */
export function addUserZombies(
  ctx: OpContext,
  table: ZombieTable,
  job: { readonly running: readonly RunningTask[]; readonly request: string },
): void {
  for (const before of job.running) {
    const { task } = before;
    const live = ctx.tree.index.get(task.path) === task;
    const unchanged =
      live &&
      task.state === before.state &&
      task.password === before.password &&
      task.tryNo === before.tryNo &&
      task.rid === before.rid;
    if (unchanged) continue;
    const creds = { rid: before.rid, password: before.password };
    if (table.findExact(task.path, creds) !== undefined) continue;
    table.add(ctx, {
      path: task.path,
      type: 'user',
      command: 'init',
      tryNo: before.tryNo,
      password: before.password,
      rid: before.rid,
      rule: findZombieRule(live ? task : ctx.tree.index.get(task.path), 'user'),
      reason: `${job.request} while ${stateName(before.state)}`,
    });
    const current = ctx.tree.index.get(task.path);
    if (current instanceof SubmittableNode && (current.flags & flagBit('zombie')) === 0) {
      current.flags |= flagBit('zombie');
      ctx.batch.nodeChanged(current);
    }
  }
}
