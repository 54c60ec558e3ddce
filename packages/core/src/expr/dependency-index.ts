import type { DependencyKind } from './compile-context.js';
import type { CompiledExpression } from './compile-expression.js';

const KIND_SLOT: Readonly<Record<DependencyKind, number>> = {
  state: 0,
  flag: 1,
  event: 2,
  meter: 3,
  variable: 4,
  repeat: 5,
  generated: 6,
  limit: 7,
  queue: 8,
};
const SLOT_COUNT = 9;

/** Subscribers of one key (one thing of one node). */
interface KeyEntry<Ref, Holder> {
  readonly holders: Set<Holder>;
  readonly node: NodeKeys<Ref, Holder>;
  readonly slot: number;
  readonly name: string;
}

/** Every key of one node, per kind slot then name; the state key uses name `''`. */
interface NodeKeys<Ref, Holder> {
  readonly ref: Ref;
  readonly slots: (Map<string, KeyEntry<Ref, Holder>> | undefined)[];
  size: number;
}

const NOTHING: ReadonlySet<never> = new Set();

/**
 * The reverse dependency index: for each thing an expression reads (a node's state, an event, meter,
 * variable, repeat, generated variable, limit, queue or flag of a node) the holders whose expressions read it.
 * A change marks exactly those holders dirty; the scheduler drains the dirty set once per event-loop turn and
 * re-evaluates only them. Keys are the node handle (a Map lookup by object identity), a kind slot and the
 * attribute name: no strings are built on the hot path.
 *
 * @typeParam Ref - The node handle the expressions were compiled against.
 * @typeParam Holder - Whatever identifies a subscriber (typically the node holding trigger/complete).
 */
export class DependencyIndex<Ref, Holder> {
  private readonly nodes = new Map<Ref, NodeKeys<Ref, Holder>>();
  private readonly subscriptions = new Map<Holder, KeyEntry<Ref, Holder>[]>();
  private readonly watchers = new Map<string, Set<Holder>>();
  private readonly watched = new Map<Holder, string[]>();
  private dirty = new Set<Holder>();
  private stale = new Set<Holder>();

  /** Number of holders with at least one subscription or watch. */
  get holderCount(): number {
    return new Set([...this.subscriptions.keys(), ...this.watched.keys()]).size;
  }

  /** Number of holders currently marked dirty. */
  get dirtyCount(): number {
    return this.dirty.size;
  }

  /**
   * Subscribes `holder` to everything `compiled` reads, and to the paths of its externs. A holder may add
   * several expressions (trigger and complete); {@link remove} drops them all.
   */
  add(holder: Holder, compiled: CompiledExpression<Ref>): void {
    let keys = this.subscriptions.get(holder);
    if (keys === undefined) this.subscriptions.set(holder, (keys = []));
    for (const { ref, kind, name } of compiled.dependencies) {
      const entry = this.entry(ref, KIND_SLOT[kind], name);
      if (!entry.holders.has(holder)) {
        entry.holders.add(holder);
        keys.push(entry);
      }
    }
    for (const extern of compiled.externs) this.watch(holder, extern.watchPath);
  }

  /** Drops every subscription and watch of `holder` (its node was deleted, or it is about to be re-added). */
  remove(holder: Holder): void {
    for (const entry of this.subscriptions.get(holder) ?? []) {
      entry.holders.delete(holder);
      if (entry.holders.size === 0) this.dropEntry(entry);
    }
    this.subscriptions.delete(holder);
    for (const path of this.watched.get(holder) ?? []) {
      const set = this.watchers.get(path);
      set?.delete(holder);
      if (set?.size === 0) this.watchers.delete(path);
    }
    this.watched.delete(holder);
    this.dirty.delete(holder);
    this.stale.delete(holder);
  }

  /** The holders reading one thing of `ref` (`name` is the attribute or flag name; omit it for the state). */
  dependents(ref: Ref, kind: DependencyKind, name = ''): ReadonlySet<Holder> {
    return this.nodes.get(ref)?.slots[KIND_SLOT[kind]]?.get(name)?.holders ?? NOTHING;
  }

  /**
   * Marks the readers of one thing dirty; returns how many holders that key has. Call it for every change an
   * expression can see, including the derived state of each ancestor whose state changed.
   */
  markChanged(ref: Ref, kind: DependencyKind, name = ''): number {
    const holders = this.nodes.get(ref)?.slots[KIND_SLOT[kind]]?.get(name)?.holders;
    if (holders === undefined) return 0;
    for (const holder of holders) this.dirty.add(holder);
    return holders.size;
  }

  /** Marks the readers of anything of `ref` dirty (coarse; for bulk changes such as a requeue of the node). */
  markNodeChanged(ref: Ref): number {
    let count = 0;
    for (const map of this.nodes.get(ref)?.slots ?? []) {
      for (const entry of map?.values() ?? []) {
        for (const holder of entry.holders) this.dirty.add(holder);
        count += entry.holders.size;
      }
    }
    return count;
  }

  /**
   * A node left the tree: every holder that read it is marked dirty and stale (its expression must be compiled
   * again: the reference is now dangling, or resolves elsewhere), and the node's keys are dropped.
   */
  removeNode(ref: Ref): void {
    const node = this.nodes.get(ref);
    if (node === undefined) return;
    for (const map of node.slots) {
      for (const entry of map?.values() ?? []) {
        for (const holder of entry.holders) this.markStale(holder);
      }
    }
    this.nodes.delete(ref);
  }

  /** A node appeared at `path`: holders whose externs would resolve there become dirty and stale. */
  nodeAdded(path: string): void {
    for (const holder of this.watchers.get(path) ?? []) this.markStale(holder);
  }

  /** Takes the dirty holders (each once, in marking order) and empties the set. */
  drainDirty(): Holder[] {
    if (this.dirty.size === 0) return [];
    const drained = [...this.dirty];
    this.dirty = new Set();
    return drained;
  }

  /** Takes the holders whose expressions must be compiled again (and re-added), and empties that set. */
  drainStale(): Holder[] {
    if (this.stale.size === 0) return [];
    const drained = [...this.stale];
    this.stale = new Set();
    return drained;
  }

  private markStale(holder: Holder): void {
    this.stale.add(holder);
    this.dirty.add(holder);
  }

  private watch(holder: Holder, path: string): void {
    let set = this.watchers.get(path);
    if (set === undefined) this.watchers.set(path, (set = new Set()));
    set.add(holder);
    let paths = this.watched.get(holder);
    if (paths === undefined) this.watched.set(holder, (paths = []));
    paths.push(path);
  }

  private entry(ref: Ref, slot: number, name: string): KeyEntry<Ref, Holder> {
    let node = this.nodes.get(ref);
    if (node === undefined) {
      const slots = new Array<Map<string, KeyEntry<Ref, Holder>> | undefined>(SLOT_COUNT).fill(undefined);
      node = { ref, slots, size: 0 };
      this.nodes.set(ref, node);
    }
    let map = node.slots[slot];
    if (map === undefined) node.slots[slot] = map = new Map();
    let entry = map.get(name);
    if (entry === undefined) {
      entry = { holders: new Set(), node, slot, name };
      map.set(name, entry);
      node.size++;
    }
    return entry;
  }

  private dropEntry(entry: KeyEntry<Ref, Holder>): void {
    const map = entry.node.slots[entry.slot];
    if (map?.get(entry.name) !== entry) return;
    map.delete(entry.name);
    entry.node.size--;
    if (entry.node.size === 0 && this.nodes.get(entry.node.ref) === entry.node) this.nodes.delete(entry.node.ref);
  }
}

/**
 * Creates an empty {@link DependencyIndex}.
 *
 * @example
 * ```ts
 * const index = createDependencyIndex<Node, Node>();
 * index.add(task, compiled);
 * index.markChanged(other, 'state');
 * for (const holder of index.drainDirty()) reconsider(holder);
 * ```
 */
export function createDependencyIndex<Ref, Holder>(): DependencyIndex<Ref, Holder> {
  return new DependencyIndex<Ref, Holder>();
}
