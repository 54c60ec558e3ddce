import { IsobarError } from '@isobar/protocol';
import { NodeState, SubmittableNode, flagBit } from '../../model/index.js';
import type { ChangeRecord } from '../change-record.js';
import type { OpContext } from '../op-context.js';
import type { ChildIdentity } from '../ops/child.js';
import { closestNode, findZombieRule, zombieActionFor, type ChildCommand, type ZombieAnswer } from './zombie-rules.js';
import type { ZombieEntry, ZombieTable } from './zombie-table.js';

/** What to do with a child command once its credentials were checked. */
export type ChildVerdict =
  /** Apply it (credentials match, or the zombie was adopted); `who` carries only the path: already checked. */
  | { readonly kind: 'proceed'; readonly who: ChildIdentity }
  /** Do not apply it; answer `ok` (fob, forgiven duplicate), `block` (the client retries) or `fail`. */
  | { readonly kind: 'answer'; readonly answer: ZombieAnswer; readonly zombie?: ZombieEntry; readonly reason: string };

/** A child command presented to {@link authenticateChild}. */
export interface ChildRequest {
  readonly command: ChildCommand;
  readonly who: ChildIdentity;
}

interface Mismatch {
  password: boolean;
  pid: boolean;
  /** The task already ran this far: `already active|complete|aborted`, or '' when it did not. */
  already: string;
}

const FOB_BY_DEFAULT: ReadonlySet<ChildCommand> = new Set<ChildCommand>(['event', 'meter', 'label']);

function credsOf(who: ChildIdentity): { rid: string; password: string } {
  return { rid: who.rid ?? '', password: who.password ?? '' };
}

function isFree(task: SubmittableNode): boolean {
  return task.variables?.some((v) => v.name === 'ECF_PASS' && v.value === 'FREE') ?? false;
}

function clearZombieFlag(ctx: OpContext, task: SubmittableNode): void {
  if ((task.flags & flagBit('zombie')) === 0) return;
  task.flags &= ~flagBit('zombie');
  ctx.batch.nodeChanged(task);
}

/**
 * ecFlow's task-command authentication (`TaskCmd::check_preconditions` + `ZombieCtrl`): a child command whose
 * password, remote id or try number does not match its task, or that arrives for a task that already ran that
 * far, is a zombie, handled by its rule or the user's action; duplicate `init` (same credentials), `complete`
 * and `abort` are forgiven; a command for a path that is not a task is a `path` zombie.
 */
export function authenticateChild(ctx: OpContext, table: ZombieTable, request: ChildRequest): ChildVerdict {
  const { who, command } = request;
  const task = ctx.tree.index.get(who.path);
  if (!(task instanceof SubmittableNode)) return pathZombie(ctx, table, request);
  if (isFree(task)) {
    clearZombieFlag(ctx, task);
    return { kind: 'proceed', who: { path: who.path } };
  }
  const mismatch = checkCredentials(task, who);
  const forgiven = forgive(ctx, table, { task, request, mismatch });
  if (forgiven !== undefined) return forgiven;
  if (mismatch.password || mismatch.pid || mismatch.already !== '') {
    return taskZombie(ctx, table, { task, request, mismatch });
  }
  // A successful complete/abort ends the job: a zombie left with the task's own credentials goes too.
  if (command === 'complete' || command === 'abort') table.removeMatching(ctx, task.path, credsOf(task));
  return { kind: 'proceed', who: { path: who.path } };
}

function checkCredentials(task: SubmittableNode, who: ChildIdentity): Mismatch {
  // A different try number means another submission, whose password differs too (ecFlow checks the password).
  const password =
    (who.password !== undefined && who.password !== task.password) ||
    (who.tryNo !== undefined && who.tryNo !== task.tryNo);
  // Only init must send the remote id, and a submitted task has none yet.
  const pid = task.rid !== '' && who.rid !== undefined && who.rid !== '' && who.rid !== task.rid;
  return { password, pid, already: '' };
}

interface Checked {
  readonly task: SubmittableNode;
  readonly request: ChildRequest;
  readonly mismatch: Mismatch;
}

function forgive(ctx: OpContext, table: ZombieTable, checked: Checked): ChildVerdict | undefined {
  const { task, request, mismatch } = checked;
  const { command } = request;
  const same = !mismatch.password && !mismatch.pid;
  const ok = (reason: string): ChildVerdict => ({ kind: 'answer', answer: 'ok', reason });
  if (task.state === NodeState.active) {
    if (command === 'init' && same) return ok('already active (duplicate init)');
    if (command === 'init') mismatch.already = 'already active';
    return undefined;
  }
  if (task.state === NodeState.complete) {
    if (command === 'complete') {
      // Two completes, an overloaded server or a zombie that completed anyway: let the job finish.
      clearZombieFlag(ctx, task);
      for (const zombie of table.ofPath(task.path).slice(0, 1)) table.remove(ctx, zombie);
      return ok('already complete (duplicate complete)');
    }
    Object.assign(mismatch, { password: false, pid: false, already: 'already complete' });
    return undefined;
  }
  if (task.state === NodeState.aborted) {
    if (command === 'abort' && same) {
      table.removeMatching(ctx, task.path, credsOf(task));
      return ok('already aborted (duplicate abort)');
    }
    Object.assign(mismatch, { password: false, pid: false, already: 'already aborted' });
  }
  return undefined;
}

function reasonOf(mismatch: Mismatch): string {
  const parts: string[] = [];
  if (mismatch.already !== '') parts.push(mismatch.already);
  if (mismatch.password) parts.push('password does not match');
  if (mismatch.pid) parts.push('remote id does not match');
  return parts.join(', ');
}

function taskZombie(ctx: OpContext, table: ZombieTable, checked: Checked): ChildVerdict {
  const { task, request, mismatch } = checked;
  const { who, command } = request;
  if ((task.flags & flagBit('zombie')) === 0) {
    task.flags |= flagBit('zombie');
    ctx.batch.nodeChanged(task);
  }
  const reason = reasonOf(mismatch);
  const existing = table.find(who.path, credsOf(who));
  let zombie: ZombieEntry;
  if (existing !== undefined) {
    zombie = existing;
    called(zombie, { command, rid: who.rid ?? '', now: ctx.now });
    zombie.rule = findZombieRule(task, zombie.type);
  } else {
    const type = mismatch.password
      ? mismatch.pid
        ? 'ecf_pid_passwd'
        : 'ecf_passwd'
      : mismatch.pid
        ? 'ecf_pid'
        : 'ecf';
    zombie = table.add(ctx, {
      path: who.path,
      type,
      command,
      tryNo: who.tryNo ?? task.tryNo,
      password: who.password ?? '',
      rid: who.rid ?? '',
      rule: findZombieRule(task, type),
      reason,
    });
  }
  return act(ctx, table, { zombie, task, request, reason });
}

function pathZombie(ctx: OpContext, table: ZombieTable, request: ChildRequest): ChildVerdict {
  const { who, command } = request;
  const closest = closestNode(ctx.tree, who.path);
  const reason = 'no such task';
  let zombie = table.find(who.path, credsOf(who));
  if (zombie !== undefined) {
    zombie.type = 'path';
    zombie.rule = findZombieRule(closest, 'path');
    called(zombie, { command, rid: who.rid ?? '', now: ctx.now });
    zombie.reason = reason;
  } else {
    zombie = table.add(ctx, {
      path: who.path,
      type: 'path',
      command,
      tryNo: who.tryNo ?? 0,
      password: who.password ?? '',
      rid: who.rid ?? '',
      rule: findZombieRule(closest, 'path'),
      reason,
    });
  }
  return act(ctx, table, { zombie, task: undefined, request, reason });
}

function called(zombie: ZombieEntry, call: { command: ChildCommand; rid: string; now: number }): void {
  zombie.command = call.command;
  zombie.calls++;
  zombie.lastAt = call.now;
  // The remote id of an existing zombie is learnt, never replaced (it may belong to another job).
  if (zombie.rid === '' && call.rid !== '') zombie.rid = call.rid;
}

interface Acting {
  readonly zombie: ZombieEntry;
  readonly task: SubmittableNode | undefined;
  readonly request: ChildRequest;
  readonly reason: string;
}

/** ecFlow `handle_user_actions`: adopt, fob, fail, kill, remove, else block (event/meter/label: fob). */
function act(ctx: OpContext, table: ZombieTable, acting: Acting): ChildVerdict {
  const { zombie, task, request, reason } = acting;
  const { command, who } = request;
  const action = zombieActionFor(zombie, command);
  const answer = (value: ZombieAnswer): ChildVerdict & { kind: 'answer' } => ({
    kind: 'answer',
    answer: value,
    zombie,
    reason,
  });
  if (action === 'adopt' && task !== undefined) {
    // The job's own credentials become the task's, so its next commands pass as normal.
    task.password = who.password ?? task.password;
    if (who.rid !== undefined && who.rid !== '') task.rid = who.rid;
    if (who.tryNo !== undefined) task.tryNo = who.tryNo;
    table.remove(ctx, zombie);
    clearZombieFlag(ctx, task);
    return { kind: 'proceed', who: { path: who.path } };
  }
  if (action === 'fob') {
    if (command !== 'complete' && command !== 'abort') return recorded(ctx, table, answer('ok'));
    // The job ends: nothing of it is left to answer.
    table.remove(ctx, zombie);
    if (task !== undefined) clearZombieFlag(ctx, task);
    return answer('ok');
  }
  if (action === 'fail') return recorded(ctx, table, answer('fail'));
  if (action === 'kill') {
    if (task !== undefined && (task.flags & flagBit('killed')) === 0) table.requestKill(zombie);
    return recorded(ctx, table, answer('ok'));
  }
  if (action === 'remove') {
    table.remove(ctx, zombie);
    return answer('block');
  }
  return recorded(ctx, table, answer(FOB_BY_DEFAULT.has(command) ? 'ok' : 'block'));
}

function recorded(ctx: OpContext, table: ZombieTable, verdict: ChildVerdict & { kind: 'answer' }): ChildVerdict {
  // A new zombie was recorded when added; an existing one is recorded again with its new call count.
  const { zombie } = verdict;
  if (zombie !== undefined && zombie.calls > 1 && table.all().includes(zombie)) table.changed(ctx, zombie);
  return verdict;
}

/** The ZOMBIE error a refused child command is answered with; `details.action` tells the client what to do. */
export function zombieError(path: string, verdict: ChildVerdict & { kind: 'answer' }): IsobarError {
  const details: Record<string, string> = { path, reason: verdict.reason, action: verdict.answer };
  if (verdict.zombie !== undefined) Object.assign(details, { type: verdict.zombie.type, id: verdict.zombie.id });
  return new IsobarError('ZOMBIE', { details });
}

/**
 * Runs a child command through the zombie gate inside one transaction (`run`): applied when its credentials
 * pass, otherwise answered as the gate says. Zombie records are published either way, then a `block`/`fail`
 * answer is thrown as a ZOMBIE error; an `ok` answer returns the records as a success.
 */
export function gatedChildCommand(
  run: (work: (ctx: OpContext) => void) => ChangeRecord[],
  table: ZombieTable,
  command: { readonly request: ChildRequest; readonly apply: (ctx: OpContext, who: ChildIdentity) => void },
): ChangeRecord[] {
  let refused: (ChildVerdict & { kind: 'answer' }) | undefined;
  const records = run((ctx) => {
    const verdict = authenticateChild(ctx, table, command.request);
    if (verdict.kind === 'proceed') command.apply(ctx, verdict.who);
    else refused = verdict;
  });
  if (refused !== undefined && refused.answer !== 'ok') throw zombieError(command.request.who.path, refused);
  return records;
}
