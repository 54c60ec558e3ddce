import { randomInt } from 'node:crypto';
import {
  ContainerNode,
  NodeState,
  SubmittableNode,
  flagBit,
  setNodeState,
  stateName,
  tasksBelow,
} from '../../model/index.js';
import { wrongState } from '../errors.js';
import { requireNode, type OpContext } from '../op-context.js';

const PASSWORD_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A new 8-character job password from ecFlow's alphabet (`./0-9A-Za-z`). */
export function createJobPassword(): string {
  let password = '';
  for (let i = 0; i < 8; i++) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}

// Flags a new submission clears: they describe the previous try.
const CLEARED_ON_SUBMIT =
  flagBit('task_aborted') |
  flagBit('edit_failed') |
  flagBit('ecfcmd_failed') |
  flagBit('no_script') |
  flagBit('killed') |
  flagBit('force_aborted') |
  flagBit('zombie');

/**
 * Puts a task in `submitted` for a new try: try number + 1, a new password, remote id and abort reason cleared.
 * The records are made before the job is started, so a crash in between leaves a task that either calls back
 * with that password or is found lost. The scheduler calls this for eligible tasks; `run` for forced ones.
 */
export function markSubmitted(ctx: OpContext, task: SubmittableNode, password = createJobPassword()): void {
  task.tryNo += 1;
  task.password = password;
  task.rid = '';
  task.abortReason = '';
  task.flags &= ~CLEARED_ON_SUBMIT;
  ctx.batch.nodeChanged(task);
  setNodeState(ctx.tree, task, NodeState.submitted);
}

/** The job could not be started (ECF_JOB_CMD failed, no script…): aborted with the given flag. */
export function markSubmissionFailed(
  ctx: OpContext,
  task: SubmittableNode,
  failure: { readonly reason: string; readonly flag?: 'ecfcmd_failed' | 'no_script' | 'edit_failed' },
): void {
  const { reason, flag = 'ecfcmd_failed' } = failure;
  task.abortReason = reason;
  task.flags |= flagBit(flag);
  ctx.batch.nodeChanged(task);
  setNodeState(ctx.tree, task, NodeState.aborted);
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Run even tasks that are submitted or active (their jobs become zombies). @default false */
  readonly force?: boolean;
}

/**
 * `run [force] path`: submits the task, or every task below a container, now, ignoring dependencies. Returns the
 * tasks put in `submitted`; the engine then hands them to the job submitter.
 */
export function run(ctx: OpContext, path: string, options: RunOptions = {}): SubmittableNode[] {
  const node = requireNode(ctx, path);
  const tasks: SubmittableNode[] =
    node instanceof ContainerNode ? tasksBelow(node) : node instanceof SubmittableNode ? [node] : [];
  if (!(options.force ?? false)) {
    const running = tasks.find((t) => t.state === NodeState.submitted || t.state === NodeState.active);
    if (running !== undefined) throw wrongState(running.path, stateName(running.state), 'use force to run it again');
  }
  for (const task of tasks) markSubmitted(ctx, task);
  return tasks;
}
