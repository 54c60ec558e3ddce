import { parentNode, walk, type RuntimeNode } from '../../model/index.js';
import type { Clock, SuiteCalendar } from '../../time/index.js';
import type { ChangeRecord } from '../change-record.js';
import type { Engine } from '../engine.js';
import { autocancelStatus } from './autocancel-check.js';
import { DeadlineQueue } from './late-deadlines.js';
import { markLate, taskLateStatus } from './late-check.js';

/** Options of {@link LateKeeper}. */
export interface LateKeeperOptions {
  readonly clock: Clock;
  /** The suite calendar of a begun suite (the scheduler's time keeper). */
  readonly calendarOf: (node: RuntimeNode) => SuiteCalendar | undefined;
  /** Asks for a scheduler turn (which calls {@link LateKeeper.settle}). */
  readonly requestTurn: () => void;
}

/** The fields of a change record the keeper reads. */
interface LooseRecord {
  readonly type: string;
  readonly path?: string;
  readonly attribute?: string;
}

const ZOMBIES_KEY = 'zombies';
const WATCHED_ATTRIBUTES: ReadonlySet<string> = new Set(['late', 'autocancel']);

/**
 * The deadlines besides time slots: `late` flags of tasks, `autocancel` of complete nodes and the lifetime of
 * zombies, kept in one {@link DeadlineQueue} (one timer). A state change makes the node (and its ancestors with
 * autocancel) a candidate; a turn asks each candidate when it becomes late / due and files that instant, so
 * nothing is polled. Nothing happens while the server is HALTED (ecFlow's calendar stands still then).
 */
export class LateKeeper {
  private readonly queue: DeadlineQueue;
  private readonly candidates = new Set<string>();
  private readonly unsubscribe: () => void;
  /** Sticky: whether any node ever had `late` or `autocancel` (saves the work for trees without them). */
  private watching = false;

  constructor(
    private readonly engine: Engine,
    private readonly options: LateKeeperOptions,
  ) {
    this.queue = new DeadlineQueue(options.clock, options.requestTurn);
    this.unsubscribe = engine.log.subscribe((records) => this.onRecords(records));
    for (const suite of engine.tree.root.children) this.watchSubtree(suite);
    this.fileZombies();
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
    if (type === 'zombie.added' || type === 'zombie.removed') return this.fileZombies();
    if (path === undefined) return;
    if (type === 'node.added' || type === 'node.replaced') return this.watchSubtree(this.engine.tree.index.get(path));
    if (type.startsWith('attribute.') && WATCHED_ATTRIBUTES.has(record.attribute ?? '')) {
      return this.watchSubtree(this.engine.tree.index.get(path));
    }
    if (this.watching && (type === 'node.state' || type === 'suite.begun')) this.candidates.add(path);
  }

  private watchSubtree(node: RuntimeNode | undefined): void {
    if (node === undefined) return;
    walk(node, (each) => {
      const misc = each.misc;
      if (misc === undefined || (misc.late === undefined && misc.autocancel === undefined)) return;
      this.watching = true;
    });
    if (this.watching) walk(node, (each) => this.candidates.add(each.path));
  }

  private fileZombies(): void {
    const at = this.engine.zombieTable.nextExpiryMs();
    if (at === undefined) this.queue.delete(ZOMBIES_KEY);
    else this.queue.set(ZOMBIES_KEY, at);
  }

  /**
   * Sets the late flags and deletes the autocancelled nodes that are due, forgets stale zombies, and files the
   * next deadline of every candidate. Returns the records it produced.
   */
  settle(): ChangeRecord[] {
    if (this.engine.serverState === 'HALTED') return [];
    const now = this.options.clock.now();
    let purge = false;
    for (const key of this.queue.takeDue(now)) {
      if (key === ZOMBIES_KEY) purge = true;
      else this.candidates.add(key.slice(key.indexOf(':') + 1));
    }
    const late: RuntimeNode[] = [];
    const cancel: RuntimeNode[] = [];
    for (const path of this.candidates) this.examine(path, { now, late, cancel });
    this.candidates.clear();
    const records: ChangeRecord[] = [];
    if (late.length > 0) records.push(...this.flagLate(late));
    for (const node of cancel) records.push(...this.autocancel(node));
    if (purge) records.push(...this.engine.purgeZombies());
    this.fileZombies();
    return records;
  }

  private examine(path: string, found: { now: number; late: RuntimeNode[]; cancel: RuntimeNode[] }): void {
    const node = this.engine.tree.index.get(path);
    if (node === undefined) {
      this.queue.delete(`late:${path}`);
      this.queue.delete(`cancel:${path}`);
      return;
    }
    const calendar = this.options.calendarOf(node);
    if (calendar === undefined) return;
    const late = taskLateStatus(node, calendar, found.now);
    if (late?.late === true) found.late.push(node);
    this.file(`late:${path}`, late?.nextCheck);
    // A completion (or a task below that stopped running) may free the autocancel of the node or an ancestor.
    for (let current: RuntimeNode | undefined = node; current !== undefined; current = parentNode(current)) {
      if (current.misc?.autocancel === undefined) continue;
      const status = autocancelStatus(current, calendar, found.now);
      if (status.due) found.cancel.push(current);
      this.file(`cancel:${current.path}`, status.at);
    }
  }

  private file(key: string, at: number | undefined): void {
    if (at === undefined) this.queue.delete(key);
    else this.queue.set(key, at);
  }

  private flagLate(nodes: readonly RuntimeNode[]): ChangeRecord[] {
    return this.engine.transaction((ctx) => {
      for (const node of nodes) {
        markLate(node);
        ctx.batch.nodeChanged(node);
      }
    }).records;
  }

  private autocancel(node: RuntimeNode): ChangeRecord[] {
    // An ancestor cancelled in the same turn took this node with it.
    if (this.engine.tree.index.get(node.path) !== node) return [];
    try {
      return this.engine.delete([node.path], { user: 'autocancel' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.engine.options.logger.warn('autocancel failed', { path: node.path, reason });
      return [];
    }
  }
}
