import type { Zombie } from '@isobar/protocol';
import { timestampOf } from '../node-record.js';
import type { OpContext } from '../op-context.js';
import type { ChildCommand, ZombieAction, ZombieRule, ZombieType } from './zombie-rules.js';

/** A zombie as the engine keeps it (the protocol's `Zombie` plus the rule it follows). */
export interface ZombieEntry {
  readonly id: string;
  readonly path: string;
  type: ZombieType;
  command: ChildCommand;
  readonly tryNo: number;
  readonly password: string;
  rid: string;
  /** Action chosen by a user (`zombies.fob` …), which beats the rule. */
  userAction: ZombieAction | undefined;
  rule: ZombieRule;
  calls: number;
  /** Seconds since the epoch. */
  readonly createdAt: number;
  /** Seconds since the epoch. */
  lastAt: number;
  reason: string;
}

/**
 * Asked to kill a zombie's job (`zombies.kill`, or a `kill` rule): the job runner runs ECF_KILL_CMD with the
 * zombie's remote id. The engine itself only records the request.
 */
export type ZombieKillRequest = (request: { readonly path: string; readonly rid: string; readonly id: string }) => void;

/** What a new zombie is made of. */
export type NewZombie = Omit<ZombieEntry, 'id' | 'calls' | 'createdAt' | 'lastAt' | 'userAction'>;

/** The protocol record of a zombie. */
export function zombieRecordOf(entry: ZombieEntry): Zombie {
  const zombie: Zombie = {
    id: entry.id,
    path: entry.path,
    type: entry.type,
    command: entry.command,
    tryNo: entry.tryNo,
    password: entry.password,
    rid: entry.rid,
    calls: entry.calls,
    createdAt: timestampOf(entry.createdAt),
    lastAt: timestampOf(entry.lastAt),
    reason: entry.reason,
  };
  if (entry.userAction !== undefined) zombie.action = entry.userAction;
  return zombie;
}

/**
 * ecFlow's zombie matching: same path, and the same remote id when both are known, else the same password.
 * Several zombies may share a path (a task submitted twice), so credentials are tried first.
 */
function matches(entry: ZombieEntry, path: string, creds: { rid: string; password: string }): boolean {
  if (entry.path !== path) return false;
  if (creds.rid === '' || entry.rid === '') return entry.password === creds.password;
  return entry.rid === creds.rid;
}

/**
 * The zombie table: every job whose child commands failed authentication, until it is adopted, removed, its
 * task completes, or its lifetime runs out. Each change is a `zombie.added` / `zombie.removed` record in the
 * operation's batch (on the feed and in the journal; zombies are not part of the tree, so replay skips them,
 * as ecFlow does not checkpoint them either).
 */
export class ZombieTable {
  private readonly entries: ZombieEntry[] = [];
  private nextId = 1;
  /** Kill requests made so far (the job runner of the jobs step acts on them through `onKill`). */
  readonly killRequests: { readonly path: string; readonly rid: string; readonly id: string }[] = [];

  constructor(private readonly onKill: ZombieKillRequest | undefined = undefined) {}

  /** Records a request to kill a zombie's job and hands it to the kill hook, if any. */
  requestKill(entry: ZombieEntry): void {
    const request = { path: entry.path, rid: entry.rid, id: entry.id };
    this.killRequests.push(request);
    if (this.killRequests.length > 1000) this.killRequests.shift();
    this.onKill?.(request);
  }

  /** Number of zombies. */
  get size(): number {
    return this.entries.length;
  }

  /** Every zombie (live objects; do not keep them). */
  all(): readonly ZombieEntry[] {
    return this.entries;
  }

  /** The zombie of those credentials, else the first zombie of the path (ecFlow `find_zombie`). */
  find(path: string, creds: { rid: string; password: string }): ZombieEntry | undefined {
    return this.entries.find((e) => matches(e, path, creds)) ?? this.entries.find((e) => e.path === path);
  }

  /** The zombie of exactly those credentials. */
  findExact(path: string, creds: { rid: string; password: string }): ZombieEntry | undefined {
    return this.entries.find((e) => matches(e, path, creds));
  }

  /** The zombies of a path. */
  ofPath(path: string): ZombieEntry[] {
    return this.entries.filter((e) => e.path === path);
  }

  /** Adds a zombie and records it. */
  add(ctx: OpContext, init: NewZombie): ZombieEntry {
    const entry: ZombieEntry = {
      ...init,
      id: `z${this.nextId++}`,
      userAction: undefined,
      calls: 1,
      createdAt: ctx.now,
      lastAt: ctx.now,
    };
    this.entries.push(entry);
    this.changed(ctx, entry);
    return entry;
  }

  /** Records the current value of a zombie (after a call or a user action). */
  changed(ctx: OpContext, entry: ZombieEntry): void {
    ctx.batch.add({ type: 'zombie.added', zombie: zombieRecordOf(entry) });
  }

  /** Removes a zombie and records it; false when it was not in the table. */
  remove(ctx: OpContext, entry: ZombieEntry): boolean {
    const index = this.entries.indexOf(entry);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    ctx.batch.add({ type: 'zombie.removed', id: entry.id, path: entry.path });
    return true;
  }

  /** Removes the zombie of those credentials, else the first of the path (ecFlow `remove` then `remove_by_path`). */
  removeMatching(ctx: OpContext, path: string, creds: { rid: string; password: string }): void {
    const entry = this.find(path, creds);
    if (entry !== undefined) this.remove(ctx, entry);
  }

  /** Whether a zombie has outlived its rule's lifetime at `now` (seconds). */
  isStale(entry: ZombieEntry, now: number): boolean {
    return now - entry.createdAt > entry.rule.lifetime;
  }

  /** Removes the zombies that outlived their lifetime (ecFlow `remove_stale_zombies`); returns how many. */
  purge(ctx: OpContext): number {
    const stale = this.entries.filter((e) => this.isStale(e, ctx.now));
    for (const entry of stale) this.remove(ctx, entry);
    return stale.length;
  }

  /** The instant (ms) the next zombie becomes stale, if any. */
  nextExpiryMs(): number | undefined {
    let next: number | undefined;
    for (const entry of this.entries) {
      // Stale strictly after the lifetime, in whole seconds.
      const at = (entry.createdAt + entry.rule.lifetime + 1) * 1000;
      if (next === undefined || at < next) next = at;
    }
    return next;
  }
}
