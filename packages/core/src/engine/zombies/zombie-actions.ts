import { IsobarError } from '@isobar/protocol';
import { SubmittableNode } from '../../model/index.js';
import type { OpContext } from '../op-context.js';
import type { ZombieAction } from './zombie-rules.js';
import type { ZombieEntry, ZombieTable } from './zombie-table.js';

/**
 * The zombie of `path` a user action is about (ecFlow `*Cli`): with a task, the first zombie whose password
 * differs from the task's (the job that is not the task's current one), else whose remote id differs, else
 * the first of the path.
 */
export function zombieOfPath(
  table: ZombieTable,
  path: string,
  task: SubmittableNode | undefined,
): ZombieEntry | undefined {
  const candidates = table.ofPath(path);
  if (task !== undefined) {
    const byPassword = candidates.find((z) => z.password !== task.password);
    if (byPassword !== undefined) return byPassword;
    const byRid = candidates.find((z) => z.rid !== task.rid);
    if (byRid !== undefined) return byRid;
  }
  return candidates[0];
}

function checkAdoptable(path: string, task: SubmittableNode | undefined, zombies: readonly ZombieEntry[]): void {
  if (task === undefined) {
    throw new IsobarError('NOT_FOUND', { details: { path, reason: 'cannot adopt a zombie without its task' } });
  }
  // ecFlow never adopts a job with another remote id: two processes would run the same task. An unknown remote
  // id (the job has not sent one) is not a different one.
  const other = zombies.find((z) => z.rid !== '' && task.rid !== '' && z.rid !== task.rid);
  if (other !== undefined) {
    throw new IsobarError('WRONG_STATE', {
      details: {
        path,
        state: 'zombie',
        reason: `the zombie's remote id ${other.rid} differs from the task's ${task.rid}: kill both and requeue`,
      },
    });
  }
}

/**
 * A user's action on the zombies of `paths`: `fob`, `fail`, `block` and `adopt` set the action its next child
 * commands get (adopt: the job's password and remote id become the task's), `remove` forgets the zombie, `kill`
 * asks the job runner to kill its job. Returns how many zombies were affected.
 */
export function applyZombieAction(
  ctx: OpContext,
  table: ZombieTable,
  request: { readonly paths: readonly string[]; readonly action: ZombieAction },
): number {
  let affected = 0;
  for (const path of request.paths) {
    const node = ctx.tree.index.get(path);
    const task = node instanceof SubmittableNode ? node : undefined;
    if (request.action === 'adopt') checkAdoptable(path, task, table.ofPath(path));
    const zombie = zombieOfPath(table, path, task);
    if (zombie === undefined) continue;
    affected++;
    if (request.action === 'remove') {
      table.remove(ctx, zombie);
      continue;
    }
    if (request.action === 'kill') table.requestKill(zombie);
    zombie.userAction = request.action;
    table.changed(ctx, zombie);
  }
  return affected;
}
