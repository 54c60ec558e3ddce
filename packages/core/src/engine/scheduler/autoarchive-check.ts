import { ContainerNode, NodeState, flagBit, parentNode, walk, type RuntimeNode } from '../../model/index.js';
import type { Clock, SuiteCalendar } from '../../time/index.js';
import type { ChangeRecord } from '../change-record.js';
import type { Engine } from '../engine.js';
import { expiryStatus } from './autocancel-check.js';
import { DeadlineQueue } from './late-deadlines.js';

/** Result of {@link autoarchiveStatus}. */
export interface AutoarchiveStatus {
  /** Archive the node now. */
  readonly due: boolean;
  /** When not due: the instant to look again, if any. */
  readonly at: number | undefined;
}

const NOTHING: AutoarchiveStatus = { due: false, at: undefined };
const HELD = flagBit('archived') | flagBit('restored');

function isHeld(node: RuntimeNode): boolean {
  for (let current: RuntimeNode | undefined = node; current !== undefined; current = parentNode(current)) {
    if (current.suspended) return true;
  }
  return (node.flags & HELD) !== 0;
}

function isArchivableState(node: RuntimeNode, idle: boolean): boolean {
  if (node.state === NodeState.complete) return true;
  return idle && (node.state === NodeState.queued || node.state === NodeState.aborted);
}

/**
 * ecFlow `check_for_auto_archive`: a suite/family with `autoarchive` is archived `N` days or `+hh:mm` after it
 * completed (with `-i` also after it became queued or aborted), or once the suite clock reaches `hh:mm`; never
 * while it or an ancestor is suspended, while a task below is submitted or active, when it has no children, or
 * once restored (until the next begin/requeue clears `restored`).
 */
export function autoarchiveStatus(node: RuntimeNode, calendar: SuiteCalendar, now: number): AutoarchiveStatus {
  const attr = node.misc?.autoarchive;
  if (attr === undefined || !(node instanceof ContainerNode) || node.children.length === 0) return NOTHING;
  if (isHeld(node) || !isArchivableState(node, attr.idle)) return NOTHING;
  return expiryStatus(node, attr, { calendar, now });
}

/** Options of {@link AutoarchiveKeeper}. */
export interface AutoarchiveKeeperOptions {
  readonly clock: Clock;
  /** The suite calendar of a begun suite (the scheduler's time keeper). */
  readonly calendarOf: (node: RuntimeNode) => SuiteCalendar | undefined;
  /** Asks for a scheduler turn (which calls {@link AutoarchiveKeeper.settle}). */
  readonly requestTurn: () => void;
}

interface LooseRecord {
  readonly type: string;
  readonly path?: string;
  readonly attribute?: string;
}

/**
 * The `autoarchive` deadlines, kept like autocancel's: a state change makes the node's ancestors with
 * `autoarchive` candidates, a turn files when each becomes due, one timer wakes the scheduler then. Trees without
 * `autoarchive` cost one flag test per record.
 */
export class AutoarchiveKeeper {
  private readonly queue: DeadlineQueue;
  private readonly candidates = new Set<string>();
  private readonly unsubscribe: () => void;
  private watching = false;
  /** Containers seen suspended (their resume re-examines the autoarchive of the containers below). */
  private readonly suspended = new WeakSet<ContainerNode>();

  constructor(
    private readonly engine: Engine,
    private readonly options: AutoarchiveKeeperOptions,
  ) {
    this.queue = new DeadlineQueue(options.clock, options.requestTurn);
    this.unsubscribe = engine.log.subscribe((records) => this.onRecords(records));
    for (const suite of engine.tree.root.children) this.watchSubtree(suite);
  }

  /** Detaches (change log, timer). */
  close(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  /** Arms the timer for the earliest deadline. */
  arm(): void {
    this.queue.arm();
  }

  private onRecords(records: readonly LooseRecord[]): void {
    const before = this.candidates.size;
    for (const record of records) this.onRecord(record);
    if (this.candidates.size > before) this.options.requestTurn();
  }

  private onRecord(record: LooseRecord): void {
    const { type, path } = record;
    if (path === undefined) return;
    if (type === 'node.added' || type === 'node.replaced') return this.watchSubtree(this.engine.tree.index.get(path));
    if (type.startsWith('attribute.') && record.attribute === 'autoarchive') {
      return this.watchSubtree(this.engine.tree.index.get(path));
    }
    if (!this.watching || !(type === 'node.state' || type === 'node.suspended' || type === 'suite.begun')) return;
    const node = this.engine.tree.index.get(path);
    // A resumed container may free the autoarchive of containers below it: only then is its subtree re-examined.
    if (node instanceof ContainerNode) {
      if (node.suspended) this.suspended.add(node);
      else if (this.suspended.delete(node)) this.watchSubtree(node);
    }
    for (let current = node; current !== undefined; current = parentNode(current)) {
      if (current.misc?.autoarchive !== undefined) this.candidates.add(current.path);
    }
  }

  private watchSubtree(node: RuntimeNode | undefined): void {
    if (node === undefined) return;
    walk(node, (each) => {
      if (each.misc?.autoarchive === undefined) return;
      this.watching = true;
      this.candidates.add(each.path);
    });
  }

  /** Archives the nodes that are due and files the next deadline of every candidate; returns the records. */
  settle(): ChangeRecord[] {
    if (this.engine.serverState === 'HALTED' || (!this.watching && this.candidates.size === 0)) return [];
    const now = this.options.clock.now();
    for (const key of this.queue.takeDue(now)) this.candidates.add(key);
    const due: RuntimeNode[] = [];
    for (const path of this.candidates) {
      const node = this.engine.tree.index.get(path);
      const calendar = node === undefined ? undefined : this.options.calendarOf(node);
      const status = node === undefined || calendar === undefined ? NOTHING : autoarchiveStatus(node, calendar, now);
      if (status.due && node !== undefined) due.push(node);
      if (status.at === undefined) this.queue.delete(path);
      else this.queue.set(path, status.at);
    }
    this.candidates.clear();
    return due.flatMap((node) => this.archive(node));
  }

  private archive(node: RuntimeNode): ChangeRecord[] {
    // An ancestor archived in the same turn took this node with it.
    if (this.engine.tree.index.get(node.path) !== node) return [];
    try {
      return this.engine.archive([node.path], { user: 'autoarchive', message: false });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.engine.options.logger.warn('autoarchive failed', { path: node.path, reason });
      return [];
    }
  }
}
