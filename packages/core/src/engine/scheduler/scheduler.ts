import {
  ContainerNode,
  NodeState,
  SubmittableNode,
  SuiteNode,
  flagBit,
  nextMarkEpoch,
  parentNode,
  repeatVariableNames,
  suiteOf,
  walk,
  type NodeStateCode,
  type RuntimeLimit,
  type RuntimeNode,
} from '../../model/index.js';
import type { EvaluationCounter } from '../../expr/index.js';
import { hasTimeDependencies, type Clock } from '../../time/index.js';
import type { ChangeBatch } from '../change-batch.js';
import type { ChangeRecord } from '../change-record.js';
import type { Engine } from '../engine.js';
import type { EngineHooks, WhyReason } from '../engine-hooks.js';
import type { OpContext } from '../op-context.js';
import { markSubmitted } from '../ops/submit.js';
import { CompiledExpressions } from './compiled-expressions.js';
import { ownGate, taskStateAllows } from './gates.js';
import { LimitResolver, acquireTokens, fullLimit, releaseTokens } from './limits.js';
import { advanceRepeat, automaticRequeue, completeHierarchically } from './settle.js';
import { TimeKeeper, timeAttributesOf } from './time-keeper.js';
import {
  createTreeEnvironment,
  createTreeResolver,
  type QueueValueReader,
  type TreeResolver,
} from './tree-expressions.js';
import { schedulerWhy } from './scheduler-why.js';
import { LateKeeper } from './late-keeper.js';
import { AutoarchiveKeeper } from './autoarchive-check.js';
import { autorestoreOnComplete } from './autorestore.js';
import { findOwnQueue, queueExpressionValue, resetQueues } from '../ops/queue.js';

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /** Time source with timers (the engine's clock). */
  readonly clock: Clock;
  /** IANA zone of suite calendars without a fixed date. @default 'UTC' */
  readonly timeZone?: string;
  /** Counts expression evaluations (tests, metrics). @default none */
  readonly counter?: EvaluationCounter;
  /** Current value of queue attributes. @default ecFlow's: the current step if it is an integer, else its index */
  readonly queueValue?: QueueValueReader;
  /** Told each time a node reaches a state (`complete` once its repeat/time re-queue is decided). */
  readonly onStateReached?: (node: RuntimeNode, state: NodeStateCode) => void;
  /** Run turns automatically at the end of the event-loop turn. @default true */
  readonly autoRun?: boolean;
}

const EXPR_FLAGS = ['late', 'zombie', 'archived'] as const;

/** The fields of a change record the scheduler reads. */
interface LooseRecord {
  readonly type: string;
  readonly path?: string;
  readonly name?: string;
  readonly state?: unknown;
  readonly attribute?: string;
}

function queueValueOf(node: RuntimeNode, name: string): number {
  const queue = findOwnQueue(node, name);
  return queue === undefined ? 0 : queueExpressionValue(queue);
}

/**
 * The event-driven scheduler: a change marks the expressions that read it (reverse index) and the nodes it may
 * free; at the end of the event-loop turn only those are re-examined, with ecFlow's gates, and the eligible
 * tasks are marked submitted in one transaction and handed to the engine's job submitter.
 */
export class Scheduler implements EngineHooks {
  readonly exprs: CompiledExpressions;
  readonly time: TimeKeeper;
  readonly limits: LimitResolver;
  /** Late flags, autocancel and zombie lifetimes. */
  readonly late: LateKeeper;
  /** `autoarchive` deadlines. */
  readonly archives: AutoarchiveKeeper;
  // The nodes to examine next round, in order; a node is in it when its `pendingMark` is `pendingEpoch`. A begin
  // or load of 100 000 nodes passes every node through here, and through the reset list below: per-node marks
  // cost a fraction of a hash set's entries (no hashing, no rehashing as it grows, less garbage).
  private pending: RuntimeNode[] = [];
  private pendingEpoch = nextMarkEpoch();
  private readonly open = new Map<ContainerNode, boolean>();
  private readonly waiters = new Map<RuntimeLimit, Set<SubmittableNode>>();
  private completed: RuntimeNode[] = [];
  private began: RuntimeNode[] = [];
  // Nodes reset (begin/requeue) in the current transaction: `resetMark === resetEpoch`.
  private resetEpoch = nextMarkEpoch();
  // The batch of the last transaction, whose reported nodes spare `onRecords` a path lookup per node record.
  private lastBatch: ChangeBatch | undefined = undefined;
  private readonly manualComplete = new Set<RuntimeNode>();
  private requeueKind: 'manual' | 'repeat' | 'time' = 'manual';
  private turnQueued = false;
  private running = false;
  private readonly unsubscribe: () => void;
  private readonly resolver: TreeResolver;

  constructor(
    readonly engine: Engine,
    private readonly options: SchedulerOptions,
  ) {
    this.time = new TimeKeeper(options.clock, {
      timeZone: options.timeZone,
      onDue: (nodes) => {
        for (const node of nodes) this.wake(node);
        this.requestTurn();
      },
    });
    const resolver = createTreeResolver(engine.tree, this.time);
    this.resolver = resolver;
    const environment = createTreeEnvironment({
      calendar: this.time,
      queueValue: options.queueValue ?? queueValueOf,
    });
    this.exprs = new CompiledExpressions(engine.tree, { resolver, environment, counter: options.counter });
    this.limits = new LimitResolver(engine.tree);
    this.unsubscribe = engine.log.subscribe((records) => this.onRecords(records));
    engine.setHooks(this);
    for (const suite of engine.tree.root.children) walk(suite, (node) => this.exprs.compile(node));
    const calendarOf = (node: RuntimeNode) => this.time.calendarOf(suiteOf(node));
    this.late = new LateKeeper(engine, { clock: options.clock, calendarOf, requestTurn: () => this.requestTurn() });
    this.archives = new AutoarchiveKeeper(engine, {
      clock: options.clock,
      calendarOf,
      requestTurn: () => this.requestTurn(),
    });
    engine.calendar = this.time;
    // A scheduler created on a tree that already holds suites (a recovered server) has never seen them change:
    // one pass over everything gives every container its open/closed state, so a trigger that becomes true
    // later opens it, and submits what became eligible before the restart.
    if (engine.tree.root.children.length > 0) {
      this.enqueueAll();
      this.requestTurn();
    }
  }

  /** Detaches from the engine (hooks, change log, timer). */
  close(): void {
    this.unsubscribe();
    this.engine.setHooks({});
    this.time.stop();
    this.late.close();
    this.archives.close();
  }

  // ---- EngineHooks ------------------------------------------------------------------------------------------

  /** EngineHooks: limits, completions to settle, reached states. */
  stateChanged(ctx: OpContext, node: RuntimeNode, previous: number): void {
    const state = node.state;
    // A completion is counted once its re-queue is decided (settle), except within a begin/requeue.
    if (state !== NodeState.complete || node.resetMark === this.resetEpoch) this.options.onStateReached?.(node, state);
    else this.completed.push(node);
    if (!(node instanceof SubmittableNode)) return;
    const wasRunning = previous === NodeState.submitted || previous === NodeState.active;
    if (state === NodeState.active && previous === NodeState.submitted) {
      this.released(releaseTokens(ctx, node, { chain: this.limits.chain(node), submissionOnly: true }));
    } else if (wasRunning && state !== NodeState.submitted && state !== NodeState.active) {
      this.released(releaseTokens(ctx, node, { chain: this.limits.chain(node), submissionOnly: false }));
    }
  }

  /** EngineHooks: time contexts, calendars, tokens of re-queued tasks. */
  nodeReset(ctx: OpContext, node: RuntimeNode, kind: 'begin' | 'requeue'): void {
    node.resetMark = this.resetEpoch;
    this.enqueue(node);
    if (node instanceof SuiteNode) this.time.beginSuite(node);
    this.time.reset(node, kind === 'begin' ? 'begin' : this.requeueKind);
    resetQueues(ctx, node);
    if (kind === 'begin' && node.misc !== undefined) this.began.push(node);
    if (node instanceof SubmittableNode) {
      this.released(releaseTokens(ctx, node, { chain: this.limits.chain(node), submissionOnly: false }));
    }
  }

  /** EngineHooks: a user's run / force complete expires the node's next time slot. */
  manual(_ctx: OpContext, node: RuntimeNode, command: 'complete' | 'run'): void {
    this.time.expire(node);
    if (command === 'complete') this.manualComplete.add(node);
  }

  /** EngineHooks: hybrid completions at begin, then repeat and time re-queues of completed nodes. */
  transactionEnd(ctx: OpContext): void {
    for (const node of this.began.splice(0)) {
      if (this.isLive(node) && node.state !== NodeState.complete && this.time.completesAtBegin(node)) {
        completeHierarchically(ctx, node);
      }
    }
    for (let i = 0; i < this.completed.length; i++) {
      const node = this.completed[i] as RuntimeNode;
      if (node.state !== NodeState.complete || node.resetMark === this.resetEpoch || !this.isLive(node)) continue;
      this.options.onStateReached?.(node, NodeState.complete);
      if (advanceRepeat(ctx, node)) this.requeue(ctx, node, 'repeat');
      else if (this.time.wantsRequeue(node, this.manualComplete.has(node))) this.requeue(ctx, node, 'time');
      else autorestoreOnComplete(ctx, node, this.engine.options.logger);
    }
    this.completed = [];
    this.resetEpoch = nextMarkEpoch();
    this.lastBatch = ctx.batch;
    this.manualComplete.clear();
  }

  /** EngineHooks: the scheduler's reasons. */
  why(node: RuntimeNode): WhyReason[] {
    const reasons = schedulerWhy(node, { exprs: this.exprs, time: this.time, limits: this.limits });
    if (node instanceof SubmittableNode && node.state === NodeState.queued && this.isDummy(node)) {
      reasons.push({ code: 'dummy', path: node.path, message: `${node.path} has ECF_DUMMY_TASK: no job is generated` });
    }
    return reasons;
  }

  private requeue(ctx: OpContext, node: RuntimeNode, kind: 'repeat' | 'time'): void {
    this.requeueKind = kind;
    try {
      automaticRequeue(ctx, node);
    } finally {
      this.requeueKind = 'manual';
    }
  }

  private released(limits: readonly RuntimeLimit[]): void {
    for (const limit of limits) this.wakeWaiters(limit);
  }

  private wakeWaiters(limit: RuntimeLimit): void {
    const waiting = this.waiters.get(limit);
    if (waiting === undefined) return;
    this.waiters.delete(limit);
    for (const task of waiting) this.enqueue(task);
  }

  private isLive(node: RuntimeNode): boolean {
    return this.engine.tree.isAttached(node);
  }

  private wake(node: RuntimeNode): void {
    this.enqueue(node);
  }

  /** Adds a node to the next round's examination (once). */
  private enqueue(node: RuntimeNode): void {
    if (node.pendingMark === this.pendingEpoch) return;
    node.pendingMark = this.pendingEpoch;
    this.pending.push(node);
  }

  // ---- Changes → dirty expressions and candidates ----------------------------------------------------------

  private onRecords(records: readonly ChangeRecord[]): void {
    const hints = this.lastBatch?.reportedNodes() ?? [];
    this.lastBatch = undefined;
    let at = 0;
    for (const record of records as readonly LooseRecord[]) {
      const path = record.path;
      // Node records come in the order of the batch's reported nodes (other records in between): the node at
      // the cursor, when its path is the record's and it is still attached, is the one the index would return.
      let node: RuntimeNode | undefined;
      if (path !== undefined) {
        const next = hints[at];
        if (next !== undefined && next.path === path) {
          node = next;
          at++;
        } else if (at > 0 && hints[at - 1]?.path === path) {
          node = hints[at - 1];
        }
        if (node !== undefined && !this.isLive(node)) node = undefined;
      }
      this.onRecord(record, node);
    }
    this.resolver.forget();
    if (this.pending.length > 0 || this.exprs.index.dirtyCount > 0) this.requestTurn();
  }

  // Records are read by type name only, in both the engine's and the protocol's vocabulary, so the scheduler
  // does not depend on the exact record shapes (which the journal and the feed own).
  private onRecord(record: LooseRecord, known: RuntimeNode | undefined): void {
    const { type, path } = record;
    if (type === 'server' || type === 'server.state') {
      if (record.state === 'RUNNING') this.enqueueAll();
      return;
    }
    if (path === undefined) return;
    if (type === 'delete' || type === 'node.deleted') return this.onDelete(path);
    const node = known ?? this.engine.tree.index.get(path);
    if (node === undefined) return;
    const name = record.name ?? '';
    if (type === 'attribute.changed' && record.attribute === 'queue') {
      this.exprs.index.markChanged(node, 'queue', name);
      return;
    }
    switch (type) {
      case 'event':
      case 'meter':
        this.exprs.index.markChanged(node, type, name);
        return;
      case 'limit':
      case 'limit.tokens':
        return this.onLimit(node, name);
      case 'repeat':
        return this.onRepeat(node, name);
      case 'free':
      case 'attribute.status':
      case 'label':
        this.enqueue(node);
        return;
      case 'add':
      case 'node.added':
      case 'node.replaced':
        return this.onStructure(node, true);
      case 'attribute':
      case 'attribute.added':
      case 'attribute.changed':
      case 'attribute.deleted':
      case 'variable':
        return this.onStructure(node, false);
      default:
        if (type === 'node' || type.startsWith('node.') || type === 'suite.begun') this.onNode(node);
    }
  }

  private onNode(node: RuntimeNode): void {
    this.exprs.index.markStateAndFlags(node, EXPR_FLAGS);
    this.enqueue(node);
  }

  private onLimit(node: RuntimeNode, name: string): void {
    this.exprs.index.markChanged(node, 'limit', name);
    const limit = node.misc?.limits?.find((l) => l.name === name);
    if (limit !== undefined) this.wakeWaiters(limit);
  }

  private onRepeat(node: RuntimeNode, name: string): void {
    const { index } = this.exprs;
    index.markChanged(node, 'repeat', name);
    if (node.repeat === undefined) return;
    for (const variable of repeatVariableNames(node.repeat)) index.markChanged(node, 'generated', variable);
  }

  private onStructure(node: RuntimeNode, added: boolean): void {
    this.limits.clear();
    for (const limit of node.misc?.limits ?? []) this.wakeWaiters(limit);
    if (!added) {
      this.exprs.compile(node);
      this.exprs.index.markNodeChanged(node);
      this.open.delete(node as ContainerNode);
      this.enqueue(node);
      return;
    }
    // A node added again (replace, load --force) is a new object: it has no subscriptions of its own yet.
    walk(node, (each) => {
      this.exprs.index.nodeAdded(each.path);
      this.exprs.compile(each, true);
      this.enqueue(each);
    });
  }

  private onDelete(path: string): void {
    const inside = (p: string) => p === path || p.startsWith(`${path}/`);
    this.limits.clear();
    for (const holder of [...this.exprs.all()]) {
      if (inside(holder.path)) {
        this.exprs.drop(holder);
        continue;
      }
      const entry = this.exprs.of(holder);
      for (const compiled of [entry?.trigger, entry?.complete]) {
        for (const dependency of compiled?.dependencies ?? []) {
          if (inside(dependency.ref.path)) this.exprs.index.removeNode(dependency.ref);
        }
      }
    }
    for (const container of [...this.open.keys()]) if (inside(container.path)) this.open.delete(container);
    // Deleted nodes still in the pending list are skipped by the round (they are no longer attached).
  }

  private enqueueAll(): void {
    for (const suite of this.engine.tree.root.children) walk(suite, (node) => this.enqueue(node));
  }

  // ---- Turns -------------------------------------------------------------------------------------------------

  /** Asks for a turn at the end of the current event-loop turn (batched: one turn for many changes). */
  requestTurn(): void {
    if (this.turnQueued || this.options.autoRun === false) return;
    this.turnQueued = true;
    queueMicrotask(() => {
      this.turnQueued = false;
      this.flush();
    });
  }

  /**
   * Runs the scheduler now until nothing is left to examine: re-evaluates the dirty expressions, examines the
   * candidate nodes, completes nodes by rule and submits eligible tasks. Returns the records it produced.
   */
  flush(): ChangeRecord[] {
    if (this.running) return [];
    this.running = true;
    const produced: ChangeRecord[] = [];
    try {
      for (let round = 0; round < 100_000 && this.engine.policy.canSchedule; round++) {
        for (const holder of this.exprs.index.drainStale()) if (this.isLive(holder)) this.exprs.compile(holder);
        for (const holder of this.exprs.index.drainDirty()) this.enqueue(holder);
        produced.push(...this.late.settle(), ...this.archives.settle());
        if (this.pending.length === 0) break;
        produced.push(...this.round());
      }
      if (!this.engine.policy.canSchedule) produced.push(...this.late.settle());
    } finally {
      this.running = false;
      this.time.arm();
      this.late.arm();
      this.archives.arm();
    }
    return produced;
  }

  /**
   * The safety net: examines every node as if everything had changed. The incremental path must have left
   * nothing to do, so this returns no records unless a change was missed.
   */
  fullPass(): ChangeRecord[] {
    this.enqueueAll();
    return this.flush();
  }

  private round(): ChangeRecord[] {
    const nodes = this.pending;
    this.pending = [];
    this.pendingEpoch = nextMarkEpoch();
    // Containers first, shallowest first, so tasks see their ancestors' fresh gates.
    const containers = nodes.filter((n): n is ContainerNode => n instanceof ContainerNode);
    containers.sort((a, b) => depth(a) - depth(b));
    const plan: Plan = { complete: [], submit: [] };
    for (const container of containers) this.examineContainer(container, plan);
    for (const node of nodes) if (node instanceof SubmittableNode) this.examineTask(node, plan);
    if (plan.complete.length === 0 && plan.submit.length === 0) return [];
    return this.apply(plan);
  }

  private examineContainer(node: ContainerNode, plan: Plan): void {
    if (!this.isLive(node) || !suiteOf(node).begun) return;
    const previous = this.open.get(node);
    const gate = ownGate(node, this);
    const isOpen = gate === 'open';
    this.open.set(node, isOpen);
    if (gate === 'complete' && this.ancestorsOpen(node)) plan.complete.push(node);
    if (isOpen && previous === false) {
      const guard = node.misc !== undefined && hasTimeDependencies(timeAttributesOf(node));
      for (const child of node.children) {
        walk(child, (each) => {
          if (guard) this.time.reanchor(each);
          this.enqueue(each);
        });
      }
    }
  }

  private examineTask(task: SubmittableNode, plan: Plan): void {
    if (!this.isLive(task) || !taskStateAllows(task) || !suiteOf(task).begun) return;
    if (!this.ancestorsOpen(task)) return;
    const gate = ownGate(task, this);
    if (gate === 'complete') plan.complete.push(task);
    else if (gate === 'open') plan.submit.push(task);
  }

  private ancestorsOpen(node: RuntimeNode): boolean {
    for (let parent = parentNode(node); parent !== undefined; parent = parentNode(parent)) {
      if (!(parent instanceof ContainerNode)) continue;
      let isOpen = this.open.get(parent);
      if (isOpen === undefined) {
        const gate = ownGate(parent, this);
        isOpen = gate === 'open';
        this.open.set(parent, isOpen);
        if (gate === 'complete') this.enqueue(parent);
      }
      if (!isOpen) return false;
    }
    return true;
  }

  private apply(plan: Plan): ChangeRecord[] {
    const submitted: SubmittableNode[] = [];
    const { records } = this.engine.transaction((ctx) => {
      for (const node of plan.complete) {
        if (node.state === NodeState.complete) continue;
        node.flags |= flagBit('complete');
        ctx.batch.nodeChanged(node);
        completeHierarchically(ctx, node);
      }
      for (const task of plan.submit) if (this.submit(ctx, task)) submitted.push(task);
    });
    this.engine.startJobs(submitted);
    return records;
  }

  /** ECF_DUMMY_TASK: ecFlow generates no job for the task, which stays queued. */
  private isDummy(task: SubmittableNode): boolean {
    return this.engine.variable(task.path, 'ECF_DUMMY_TASK') !== undefined;
  }

  private submit(ctx: OpContext, task: SubmittableNode): boolean {
    if (!taskStateAllows(task)) return false;
    if (this.isDummy(task)) return false;
    for (let p = parentNode(task); p !== undefined; p = parentNode(p)) if (p.state === NodeState.complete) return false;
    const chain = this.limits.chain(task);
    const full = fullLimit(chain);
    if (full !== undefined) {
      let waiting = this.waiters.get(full.limit);
      if (waiting === undefined) this.waiters.set(full.limit, (waiting = new Set()));
      waiting.add(task);
      return false;
    }
    markSubmitted(ctx, task);
    acquireTokens(ctx, task, chain);
    return true;
  }
}

interface Plan {
  readonly complete: RuntimeNode[];
  readonly submit: SubmittableNode[];
}

function depth(node: RuntimeNode): number {
  let count = 0;
  for (let i = 0; i < node.path.length; i++) if (node.path.charCodeAt(i) === 47) count++;
  return count;
}

/**
 * Creates the scheduler of an engine and attaches it (hooks, change-log subscription, one timer).
 *
 * @example
 * ```ts
 * const clock = createRealClock();
 * const engine = createEngine({ clock, submitter });
 * const scheduler = createScheduler(engine, { clock });
 * engine.load(defs);
 * engine.begin('s'); // tasks are submitted at the end of this event-loop turn
 * ```
 */
export function createScheduler(engine: Engine, options: SchedulerOptions): Scheduler {
  return new Scheduler(engine, options);
}
