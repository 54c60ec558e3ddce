import { IsobarError, type ServerState, type Zombie } from '@isobar/protocol';
import type { Defs } from '@isobar/protocol/defs';
import {
  createRuntimeTree,
  findVariable,
  type CalendarVariables,
  type FoundVariable,
  type RuntimeNode,
  type RuntimeTree,
  type SubmittableNode,
} from '../model/index.js';
import { applyChange } from './apply-change.js';
import { ChangeBatch } from './change-batch.js';
import { ChangeLog } from './change-log.js';
import type { ChangeBody, ChangeRecord } from './change-record.js';
import { EditHistory, type EditHistoryEntry } from './edit-history.js';
import type { EngineHooks, WhyReason } from './engine-hooks.js';
import { resolveEngineOptions, type EngineOptions, type ResolvedEngineOptions } from './engine-options.js';
import { requireNode, type OpContext } from './op-context.js';
import { alter, type AlterRequest } from './ops/alter.js';
import { begin, type BeginOptions } from './ops/begin.js';
import * as child from './ops/child.js';
import { deleteNodes, type DeleteOptions } from './ops/delete.js';
import { force, type ForceOptions } from './ops/force.js';
import { freeDependencies, type FreeDepKind } from './ops/free-dep.js';
import { load, type LoadOptions } from './ops/load.js';
import { order, type OrderHow } from './ops/order.js';
import { replace, type ReplaceOptions } from './ops/replace.js';
import { requeue, type RequeueOptions } from './ops/requeue.js';
import { markSubmissionFailed, run, type RunOptions } from './ops/submit.js';
import {
  archiveNodes,
  removeArchiveFiles,
  restoreBeforeReset,
  restoreNodes,
  type ArchiveOptions,
} from './ops/archive.js';
import { queueCommand, type QueueReply, type QueueRequest } from './ops/queue.js';
import { setSuspended } from './ops/suspend.js';
import { serverStatePolicy, type ServerStatePolicy } from './server-state.js';
import { treeWhy } from './why.js';
import {
  ZombieTable,
  addUserZombies,
  applyZombieAction,
  gatedChildCommand,
  snapshotRunning,
  zombieRecordOf,
  type ChildCommand,
  type ZombieAction,
} from './zombies/index.js';

/** Who asked for a user operation (for the edit history). */
export interface Requester {
  /** User name. @default '' */
  readonly user?: string;
}

/**
 * The engine: the runtime tree, the change log, the server state and the operations. Every operation runs as
 * one transaction and returns the absolute change records it produced (already numbered and published).
 */
export class Engine {
  readonly tree: RuntimeTree = createRuntimeTree();
  readonly log: ChangeLog;
  readonly history: EditHistory;
  readonly options: ResolvedEngineOptions;
  /** Zombies: child commands that failed authentication (ecFlow's zombie control). */
  readonly zombieTable: ZombieTable;
  /** Calendar variables of begun suites (DATE, TIME, …); the scheduler sets its suite calendars here. */
  calendar: CalendarVariables | undefined;
  private hooks: EngineHooks;

  constructor(options: EngineOptions = {}) {
    this.options = resolveEngineOptions(options);
    this.hooks = this.options.hooks;
    this.zombieTable = new ZombieTable(this.options.zombieKill);
    this.calendar = this.options.calendar;
    this.log = new ChangeLog({ capacity: this.options.changeLogCapacity });
    this.history = new EditHistory({ perNode: this.options.editHistoryPerNode });
    this.tree.root.serverState = this.options.serverState;
    this.tree.root.serverVariables = Object.entries(this.options.serverVariables).map(([name, value]) => ({
      name,
      value,
    }));
  }

  /**
   * Runs `work` as one transaction: every change it makes is collected and published as one batch of records,
   * even when it throws (the records then describe what did happen before the error).
   */
  transaction<T>(work: (ctx: OpContext) => T): { value: T; records: ChangeRecord[] } {
    const batch = new ChangeBatch(this.tree);
    const atMs = this.options.clock.now();
    const ctx: OpContext = {
      tree: this.tree,
      batch,
      now: Math.floor(atMs / 1000),
      codec: this.options.codec,
      hooks: this.hooks,
    };
    const hooks = this.hooks;
    this.tree.now = ctx.now;
    this.tree.listener = {
      nodeChanged: (node) => batch.nodeChanged(node),
      stateChanged: hooks.stateChanged === undefined ? undefined : (n, p) => hooks.stateChanged?.(ctx, n, p),
    };
    let value: T;
    let records: ChangeRecord[];
    try {
      value = work(ctx);
      hooks.transactionEnd?.(ctx);
    } finally {
      this.tree.listener = { nodeChanged: () => undefined };
      records = this.log.append(batch.finish(), atMs);
    }
    return { value, records };
  }

  /**
   * Replaces the scheduler hooks (the scheduler attaches itself after the engine exists, since it needs the
   * engine's tree and change log).
   */
  setHooks(hooks: EngineHooks): void {
    this.hooks = hooks;
  }

  private userOp(
    edit: { paths: readonly string[]; request: string; by: Requester | undefined; zombies?: readonly string[] },
    work: (ctx: OpContext) => void,
  ): ChangeRecord[] {
    // Jobs of running tasks a forced command orphans become `user` zombies (their credentials, taken before).
    const running = edit.zombies === undefined ? [] : snapshotRunning(this.tree, edit.zombies);
    const { records } = this.transaction((ctx) => {
      work(ctx);
      if (running.length > 0) addUserZombies(ctx, this.zombieTable, { running, request: edit.request });
    });
    const entry: EditHistoryEntry = { at: this.options.clock.now(), user: edit.by?.user ?? '', request: edit.request };
    for (const path of edit.paths) this.history.add(path, entry);
    return records;
  }

  private childOp(
    command: ChildCommand,
    who: child.ChildIdentity,
    apply: (ctx: OpContext, who: child.ChildIdentity) => void,
  ): ChangeRecord[] {
    if (!this.policy.acceptsChildCommands) throw new IsobarError('SERVER_HALTED');
    const run = (work: (ctx: OpContext) => void) => this.transaction(work).records;
    return gatedChildCommand(run, this.zombieTable, { request: { command, who }, apply });
  }

  /** What the current server state allows. */
  get policy(): ServerStatePolicy {
    return serverStatePolicy(this.tree.root.serverState);
  }

  /** The current server state. */
  get serverState(): ServerState {
    return this.tree.root.serverState;
  }

  /**
   * Sets server variables that describe the running process (ECF_HOME, ECF_HOST, ECF_PORT…), as ecFlow sets
   * them at each start. They are not journaled: the next start sets them again, and a user's `alter` of the same
   * name on `/` still wins.
   */
  setServerVariables(variables: Readonly<Record<string, string>>): void {
    const list = this.tree.root.serverVariables;
    for (const [name, value] of Object.entries(variables)) {
      const found = list.find((variable) => variable.name === name);
      if (found === undefined) list.push({ name, value });
      else found.value = value;
    }
  }

  /** `halt` / `shutdown` / `restart`: sets the server state. */
  setServerState(state: ServerState, by?: Requester): ChangeRecord[] {
    return this.userOp({ paths: ['/'], request: `server ${state}`, by }, (ctx) => {
      if (ctx.tree.root.serverState === state) return;
      ctx.tree.root.serverState = state;
      ctx.batch.add({ type: 'server', path: '/', state });
    });
  }

  /** `load`. */
  load(defs: Defs, options: LoadOptions & Requester = {}): ChangeRecord[] {
    return this.userOp({ paths: defs.suites.map((s) => `/${s.name}`), request: 'load', by: options }, (ctx) =>
      load(ctx, defs, options),
    );
  }

  /** `replace`. */
  replace(path: string, defs: Defs, options: ReplaceOptions & Requester = {}): ChangeRecord[] {
    const zombies = options.force === true ? [path] : undefined;
    return this.userOp({ paths: [path], request: 'replace', by: options, zombies }, (ctx) =>
      replace(ctx, defs, { ...options, path }),
    );
  }

  /** `delete`. */
  delete(paths: readonly string[], options: DeleteOptions & Requester = {}): ChangeRecord[] {
    const zombies = options.force === true ? paths : undefined;
    const records = this.userOp({ paths: [], request: 'delete', by: options, zombies }, (ctx) =>
      deleteNodes(ctx, paths, options),
    );
    for (const path of paths) this.history.forget(path);
    return records;
  }

  /** `begin`. */
  begin(suite?: string, options: BeginOptions & Requester = {}): ChangeRecord[] {
    const zombies = options.force === true ? [suite ?? '/'] : undefined;
    let files: string[] = [];
    const records = this.userOp({ paths: [suite ?? '/'], request: 'begin', by: options, zombies }, (ctx) => {
      files = restoreBeforeReset(ctx, { kind: 'begin', suite, force: options.force === true });
      begin(ctx, suite, options);
    });
    removeArchiveFiles(files);
    return records;
  }

  /** `requeue`. */
  requeue(paths: readonly string[], options: RequeueOptions & Requester = {}): ChangeRecord[] {
    const zombies = options.mode === 'force' ? paths : undefined;
    const edit = { paths: paths, request: `requeue ${options.mode ?? ''}`.trim(), by: options, zombies };
    let files: string[] = [];
    const records = this.userOp(edit, (ctx) => {
      files = restoreBeforeReset(ctx, { kind: 'requeue', paths, mode: options.mode });
      for (const path of paths) requeue(ctx, path, options);
    });
    removeArchiveFiles(files);
    return records;
  }

  /** `archive [force] path…`: subtrees written to their archive files (ECF_HOME), children dropped. */
  archive(paths: readonly string[], options: ArchiveOptions & Requester = {}): ChangeRecord[] {
    const zombies = options.force === true ? paths : undefined;
    return this.userOp({ paths, request: 'archive', by: options, zombies }, (ctx) => archiveNodes(ctx, paths, options));
  }

  /** `restore path…`: archived subtrees read back; their files are deleted once the change is made. */
  restore(paths: readonly string[], by?: Requester): ChangeRecord[] {
    let files: string[] = [];
    const records = this.userOp({ paths, request: 'restore', by }, (ctx) => {
      files = restoreNodes(ctx, paths);
    });
    removeArchiveFiles(files);
    return records;
  }

  /** `suspend`. */
  suspend(paths: readonly string[], by?: Requester): ChangeRecord[] {
    return this.userOp({ paths: paths, request: 'suspend', by }, (ctx) =>
      paths.forEach((p) => setSuspended(ctx, p, true)),
    );
  }

  /** `resume`. */
  resume(paths: readonly string[], by?: Requester): ChangeRecord[] {
    return this.userOp({ paths: paths, request: 'resume', by }, (ctx) =>
      paths.forEach((p) => setSuspended(ctx, p, false)),
    );
  }

  /** `force STATE|set|clear`. */
  force(paths: readonly string[], what: string, options: ForceOptions & Requester = {}): ChangeRecord[] {
    return this.userOp({ paths: paths, request: `force ${what}`, by: options, zombies: paths }, (ctx) => {
      for (const path of paths) {
        if (what === 'complete') this.manual(ctx, path, 'complete');
        force(ctx, path, { ...options, what });
      }
    });
  }

  /** `free-dep`. */
  freeDep(paths: readonly string[], kinds: readonly FreeDepKind[] = ['trigger'], by?: Requester): ChangeRecord[] {
    return this.userOp({ paths: paths, request: `free-dep ${kinds.join(' ')}`, by }, (ctx) => {
      for (const path of paths) freeDependencies(ctx, path, kinds);
    });
  }

  /** `alter`. */
  alter(paths: readonly string[], request: AlterRequest, by?: Requester): ChangeRecord[] {
    const text = `alter ${request.op} ${'kind' in request ? request.kind : request.flag}`;
    return this.userOp({ paths: paths, request: text, by }, (ctx) => paths.forEach((p) => alter(ctx, p, request)));
  }

  /** `order`. */
  order(path: string, how: OrderHow, by?: Requester): ChangeRecord[] {
    return this.userOp({ paths: [path], request: `order ${how}`, by }, (ctx) => order(ctx, path, how));
  }

  /** `run`: submits now, ignoring dependencies, then hands the tasks to the job submitter. */
  run(paths: readonly string[], options: RunOptions & Requester = {}): ChangeRecord[] {
    const submitted: SubmittableNode[] = [];
    const zombies = options.force === true ? paths : undefined;
    const records = this.userOp({ paths: paths, request: 'run', by: options, zombies }, (ctx) => {
      for (const path of paths) {
        this.manual(ctx, path, 'run');
        submitted.push(...run(ctx, path, options));
      }
    });
    this.startJobs(submitted);
    return records;
  }

  private manual(ctx: OpContext, path: string, command: 'complete' | 'run'): void {
    const node = this.tree.index.get(path);
    if (node !== undefined) this.hooks.manual?.(ctx, node, command);
  }

  /** Hands tasks already marked submitted to the job submitter; a failure aborts the task (`ecfcmd_failed`). */
  startJobs(tasks: readonly SubmittableNode[]): void {
    const submitter = this.options.submitter;
    if (submitter === undefined) return;
    for (const task of tasks) {
      const tryNo = task.tryNo;
      const fail = (error: unknown) => this.jobFailed(task, tryNo, error);
      try {
        Promise.resolve(submitter.submit(task)).catch(fail);
      } catch (error) {
        fail(error);
      }
    }
  }

  private jobFailed(task: SubmittableNode, tryNo: number, error: unknown): void {
    // The task may have moved on (deleted, re-run) while the job was being started.
    if (this.tree.index.get(task.path) !== task || task.tryNo !== tryNo) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.options.logger.warn('job submission failed', { path: task.path, reason });
    this.transaction((ctx) => markSubmissionFailed(ctx, task, { reason }));
  }

  /** Child `init`. */
  childInit(who: child.ChildIdentity, rid: string): ChangeRecord[] {
    return this.childOp('init', { ...who, rid }, (ctx, checked) => child.childInit(ctx, checked, rid));
  }

  /** Child `complete`. */
  childComplete(who: child.ChildIdentity): ChangeRecord[] {
    return this.childOp('complete', who, (ctx, checked) => child.childComplete(ctx, checked));
  }

  /** Child `abort`. */
  childAbort(who: child.ChildIdentity, reason = ''): ChangeRecord[] {
    return this.childOp('abort', who, (ctx, checked) => child.childAbort(ctx, checked, reason));
  }

  /** Child `event`. */
  childEvent(who: child.ChildIdentity, name: string, value = true): ChangeRecord[] {
    return this.childOp('event', who, (ctx, checked) => child.childEvent(ctx, checked, { name, value }));
  }

  /** Child `meter`. */
  childMeter(who: child.ChildIdentity, name: string, value: number): ChangeRecord[] {
    return this.childOp('meter', who, (ctx, checked) => child.childMeter(ctx, checked, { name, value }));
  }

  /** Child `label`. */
  childLabel(who: child.ChildIdentity, name: string, value: string): ChangeRecord[] {
    return this.childOp('label', who, (ctx, checked) => child.childLabel(ctx, checked, { name, value }));
  }

  /** Child `queue NAME ACTION [STEP] [PATH]`: the records, and the step handed out or the number aborted. */
  childQueue(who: child.ChildIdentity, request: QueueRequest): { records: ChangeRecord[]; reply: QueueReply } {
    let reply: QueueReply = {};
    const records = this.childOp('queue', who, (ctx, checked) => {
      reply = queueCommand(ctx, child.childTask(ctx, checked), request);
    });
    return { records, reply };
  }

  /** The node at `path` (NOT_FOUND when absent). */
  node(path: string): RuntimeNode {
    const found = this.tree.index.get(path);
    if (found === undefined) return requireNode({ tree: this.tree } as OpContext, path);
    return found;
  }

  /** A variable as a job at `path` would see it (ecFlow's lookup order, generated variables included). */
  variable(path: string, name: string): FoundVariable | undefined {
    return findVariable(this.node(path), name, this.calendar);
  }

  /** The current zombies (stale ones left out until the next purge). */
  zombies(): Zombie[] {
    const now = Math.floor(this.options.clock.now() / 1000);
    return this.zombieTable
      .all()
      .filter((z) => !this.zombieTable.isStale(z, now))
      .map(zombieRecordOf);
  }

  /** `zombies.fob|fail|adopt|block|remove|kill` on the zombies of task `paths`. */
  zombieAction(
    paths: readonly string[],
    action: ZombieAction,
    by?: Requester,
  ): { records: ChangeRecord[]; affected: number } {
    let affected = 0;
    const records = this.userOp({ paths, request: `zombie ${action}`, by }, (ctx) => {
      affected = applyZombieAction(ctx, this.zombieTable, { paths, action });
    });
    return { records, affected };
  }

  /** Forgets zombies older than their lifetime (the scheduler calls it when the next one expires). */
  purgeZombies(): ChangeRecord[] {
    return this.transaction((ctx) => this.zombieTable.purge(ctx)).records;
  }

  /** Why a node does not run: the tree's reasons, then the scheduler's. */
  why(path: string): WhyReason[] {
    const node = this.node(path);
    return [...treeWhy(this.tree, node), ...(this.hooks.why?.(node) ?? [])];
  }

  /** The edit history of a node. */
  editHistory(path: string): readonly EditHistoryEntry[] {
    return this.history.get(path);
  }

  /** Replays journaled records (recovery); telemetry is skipped. Publishes nothing. */
  replay(records: Iterable<ChangeBody>): void {
    for (const record of records) applyChange(this.tree, record, { codec: this.options.codec });
  }
}

/**
 * Creates an engine.
 *
 * @example
 * ```ts
 * const engine = createEngine({ clock: virtualClock });
 * engine.load(parseDefs(text, { file: 'suite.def' }));
 * engine.begin('s');
 * ```
 */
export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(options);
}
