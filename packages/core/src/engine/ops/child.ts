import { IsobarError } from '@isobar/protocol';
import { NodeState, flagBit, setNodeState, type SubmittableNode } from '../../model/index.js';
import { wrongState } from '../errors.js';
import { requireSubmittable, type OpContext } from '../op-context.js';
import { setEvent, setLabel, setMeter } from './value-setters.js';

/** What a child command presents about itself (from ECF_PASS, ECF_RID, ECF_TRYNO). */
export interface ChildIdentity {
  /** Task path (ECF_NAME). */
  readonly path: string;
  /** Job password; checked when given. */
  readonly password?: string;
  /** Remote id; checked when given and known. */
  readonly rid?: string;
  /** Try number; checked when given. */
  readonly tryNo?: number;
}

/**
 * The task a child command is for, after ecFlow's checks: the password must match (unless the task's
 * ECF_PASS variable is FREE), and so must the remote id and try number when both sides know them. A mismatch is a
 * ZOMBIE error (the auth step decides between block, fob, fail, adopt…).
 */
export function childTask(ctx: OpContext, who: ChildIdentity): SubmittableNode {
  const task = requireSubmittable(ctx, who.path);
  const free = task.variables?.some((v) => v.name === 'ECF_PASS' && v.value === 'FREE') ?? false;
  const zombie = (reason: string) => new IsobarError('ZOMBIE', { details: { path: who.path, reason } });
  if (!free && who.password !== undefined && who.password !== task.password) throw zombie('password mismatch');
  if (who.rid !== undefined && who.rid !== '' && task.rid !== '' && who.rid !== task.rid) throw zombie('pid mismatch');
  if (who.tryNo !== undefined && who.tryNo !== task.tryNo) throw zombie('try number mismatch');
  return task;
}

/** `init rid`: the job started; task → active, remote id recorded. */
export function childInit(ctx: OpContext, who: ChildIdentity, rid: string): SubmittableNode {
  const task = childTask(ctx, { ...who, rid: undefined });
  if (task.state === NodeState.complete) throw wrongState(task.path, 'complete', 'init for a complete task');
  task.rid = rid;
  ctx.batch.nodeChanged(task);
  setNodeState(ctx.tree, task, NodeState.active);
  return task;
}

/** `complete`: task → complete; password, remote id and abort reason cleared (as ecFlow). */
export function childComplete(ctx: OpContext, who: ChildIdentity): SubmittableNode {
  const task = childTask(ctx, who);
  task.password = '';
  task.rid = '';
  task.abortReason = '';
  task.flags &= ~flagBit('zombie');
  ctx.batch.nodeChanged(task);
  setNodeState(ctx.tree, task, NodeState.complete);
  return task;
}

/** `abort [reason]`: task → aborted with the reason and the `task_aborted` flag. */
export function childAbort(ctx: OpContext, who: ChildIdentity, reason: string): SubmittableNode {
  const task = childTask(ctx, who);
  task.abortReason = reason;
  task.flags |= flagBit('task_aborted');
  ctx.batch.nodeChanged(task);
  setNodeState(ctx.tree, task, NodeState.aborted);
  return task;
}

/** `event name [set|clear]`. */
export function childEvent(ctx: OpContext, who: ChildIdentity, change: { name: string; value?: boolean }): void {
  const { name, value = true } = change;
  setEvent(ctx, childTask(ctx, who), { name, value });
}

/** `meter name value` (must be within the meter's range). */
export function childMeter(ctx: OpContext, who: ChildIdentity, change: { name: string; value: number }): void {
  const { name, value } = change;
  setMeter(ctx, childTask(ctx, who), { name, value });
}

/** `label name text`. */
export function childLabel(ctx: OpContext, who: ChildIdentity, change: { name: string; value: string }): void {
  const { name, value } = change;
  setLabel(ctx, childTask(ctx, who), { name, value });
}
