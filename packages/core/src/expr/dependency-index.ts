import type {
  DependencyKey,
  DependencyKind,
  DependencyVisitor,
  ExprDependency,
  ExprExternReference,
} from './compile-context.js';

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

const FLAG_SLOT = KIND_SLOT.flag;

/** What the index needs of a compiled expression: what it reads (`CompiledExpression`, `BoundExpression`). */
export interface IndexedExpression<Ref> {
  /** Everything it reads, without duplicates. */
  readonly dependencies: readonly ExprDependency<Ref>[];
  /** References excused by `extern` (their holders are re-resolved when a node appears there). */
  readonly externs: readonly ExprExternReference[];
  /** `dependencies` one by one, when the expression can list them without building the list. */
  forEachDependency?<A>(visit: DependencyVisitor<Ref, A>, arg: A): void;
}

// The readers of one key: most keys of a large suite have exactly one (each task's trigger reads its
// predecessor), so a lone holder is stored as itself and only a shared key gets a Set. `undefined` = none.
type Readers<Holder> = Holder | Set<Holder> | undefined;

/** A key other than the state: a flag or an attribute of one kind, by name. */
interface NamedKey<Holder> {
  readonly slot: number;
  readonly name: string;
  readers: Readers<Holder>;
}

/** The keys of one node: its state (by far the most read), then the others in a short list. */
class NodeKeys<Holder> {
  constructor(
    public state: Readers<Holder>,
    public named: NamedKey<Holder>[] | undefined,
  ) {}
}

// A node read only for its state (most nodes of a large suite) maps straight to its readers; it gets a
// `NodeKeys` once anything else of it is read. `NodeKeys` is private here, so it is never a holder.
type NodeEntry<Holder> = NodeKeys<Holder> | Holder | Set<Holder>;

const NOTHING: ReadonlySet<never> = new Set();

/**
 * Where the index keeps each node's entry. By default a `Map` keyed by the node; a caller whose node objects
 * can carry a field stores the entry there instead (no map entry, no hashing: a large suite has a key per task).
 */
export interface DependencyEntryStore<Ref> {
  /** The entry stored for `ref`, or `undefined`. */
  get(ref: Ref): unknown;
  /** Stores `entry` for `ref` (`undefined` removes it). */
  set(ref: Ref, entry: unknown): void;
}

function mapStore<Ref>(): DependencyEntryStore<Ref> {
  const map = new Map<Ref, unknown>();
  return {
    get: (ref) => map.get(ref),
    set: (ref, entry) => (entry === undefined ? map.delete(ref) : map.set(ref, entry)),
  };
}

function readerCount<Holder>(readers: Readers<Holder>): number {
  if (readers === undefined) return 0;
  return readers instanceof Set ? readers.size : 1;
}

function withReader<Holder>(readers: Readers<Holder>, holder: Holder): Readers<Holder> {
  if (readers === undefined || readers === holder) return holder;
  if (readers instanceof Set) return readers.add(holder);
  return new Set([readers, holder]);
}

function withoutReader<Holder>(readers: Readers<Holder>, holder: Holder): Readers<Holder> {
  if (readers === holder) return undefined;
  if (!(readers instanceof Set)) return readers;
  readers.delete(holder);
  if (readers.size > 1) return readers;
  return readers.size === 0 ? undefined : readers.values().next().value;
}

function forEachReader<Holder>(readers: Readers<Holder>, visit: (holder: Holder) => void): void {
  if (readers === undefined) return;
  if (readers instanceof Set) readers.forEach((holder) => visit(holder));
  else visit(readers);
}

/**
 * The reverse dependency index: for each thing an expression reads (a node's state, an event, meter,
 * variable, repeat, generated variable, limit, queue or flag of a node) the holders whose expressions read it.
 * A change marks exactly those holders dirty; the scheduler drains the dirty set once per event-loop turn and
 * re-evaluates only them. Keys are the node handle (a Map lookup by object identity), a kind and the attribute
 * name: no strings are built on the hot path. The layout is compact (a lone reader is stored as itself, a node
 * read only for its state costs one map entry), since a large suite has a key per task.
 *
 * @typeParam Ref - The node handle the expressions were compiled against.
 * @typeParam Holder - Whatever identifies a subscriber (typically the node holding trigger/complete).
 */
export class DependencyIndex<Ref, Holder> {
  private readonly store: DependencyEntryStore<Ref>;
  /** The expressions each holder subscribed (to unsubscribe them): one, or a list for trigger + complete. */
  private readonly subscriptions = new Map<Holder, IndexedExpression<Ref> | IndexedExpression<Ref>[]>();
  private readonly watchers = new Map<string, Set<Holder>>();
  private readonly watched = new Map<Holder, string[]>();
  private dirty = new Set<Holder>();
  private stale = new Set<Holder>();

  /** @param store - Where each node's entry is kept. @default a `Map` keyed by the node */
  constructor(store: DependencyEntryStore<Ref> = mapStore()) {
    this.store = store;
  }

  private entryOf(ref: Ref): NodeEntry<Holder> | undefined {
    return this.store.get(ref) as NodeEntry<Holder> | undefined;
  }

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
  add(holder: Holder, compiled: IndexedExpression<Ref>): void {
    const known = this.subscriptions.get(holder);
    if (known === undefined) this.subscriptions.set(holder, compiled);
    else if (Array.isArray(known)) known.push(compiled);
    else this.subscriptions.set(holder, [known, compiled]);
    this.subscribe(holder, compiled);
  }

  /**
   * {@link add} for a caller that keeps the holder's expressions itself and hands them back to
   * {@link unsubscribe}: the index then keeps no list per holder (a large suite has a holder per task).
   */
  subscribe(holder: Holder, compiled: IndexedExpression<Ref>): void {
    if (compiled.forEachDependency !== undefined) compiled.forEachDependency(this.addReaderOf, holder);
    else for (const dependency of compiled.dependencies) this.addReader(dependency.ref, dependency, holder);
    for (const extern of compiled.externs) this.watch(holder, extern.watchPath);
  }

  // One function for every subscription (a visitor made per call would be an allocation per task of a load).
  private readonly addReaderOf = (ref: Ref, key: DependencyKey, holder: Holder): void =>
    this.addReader(ref, key, holder);

  private addReader(ref: Ref, { kind, name }: DependencyKey, holder: Holder): void {
    const entry = this.entryOf(ref);
    if (kind === 'state' && !(entry instanceof NodeKeys)) {
      this.store.set(ref, withReader(entry, holder));
      return;
    }
    let node: NodeKeys<Holder>;
    if (entry instanceof NodeKeys) node = entry;
    else this.store.set(ref, (node = new NodeKeys<Holder>(entry, undefined)));
    if (kind === 'state') {
      node.state = withReader(node.state, holder);
      return;
    }
    const slot = KIND_SLOT[kind];
    let key = node.named?.find((each) => each.slot === slot && each.name === name);
    if (key === undefined) (node.named ??= []).push((key = { slot, name, readers: undefined }));
    key.readers = withReader(key.readers, holder);
  }

  /** Drops every subscription and watch of `holder` (its node was deleted, or it is about to be re-added). */
  remove(holder: Holder): void {
    const known = this.subscriptions.get(holder);
    this.subscriptions.delete(holder);
    this.unsubscribe(holder, known === undefined ? [] : Array.isArray(known) ? known : [known]);
  }

  /** Drops the subscriptions {@link subscribe} made for `holder` with these expressions, and its watches. */
  unsubscribe(holder: Holder, compiled: readonly IndexedExpression<Ref>[]): void {
    for (const expression of compiled) {
      for (const dependency of expression.dependencies) this.dropReader(holder, dependency);
    }
    if (this.watched.size === 0) {
      this.dirty.delete(holder);
      this.stale.delete(holder);
      return;
    }
    for (const path of this.watched.get(holder) ?? []) {
      const set = this.watchers.get(path);
      set?.delete(holder);
      if (set?.size === 0) this.watchers.delete(path);
    }
    this.watched.delete(holder);
    this.dirty.delete(holder);
    this.stale.delete(holder);
  }

  private dropReader(holder: Holder, { ref, kind, name }: ExprDependency<Ref>): void {
    const node = this.entryOf(ref);
    if (node === undefined) return;
    if (!(node instanceof NodeKeys)) {
      if (kind !== 'state') return;
      const left = withoutReader<Holder>(node, holder);
      if (left === undefined) this.store.set(ref, undefined);
      else this.store.set(ref, left);
      return;
    }
    if (kind === 'state') {
      node.state = withoutReader(node.state, holder);
    } else {
      const slot = KIND_SLOT[kind];
      const at = node.named?.findIndex((each) => each.slot === slot && each.name === name) ?? -1;
      const key = node.named?.[at];
      if (key !== undefined) key.readers = withoutReader(key.readers, holder);
      if (key !== undefined && key.readers === undefined) node.named?.splice(at, 1);
      if (node.named?.length === 0) node.named = undefined;
    }
    if (node.state === undefined && node.named === undefined) this.store.set(ref, undefined);
  }

  private readersOf(ref: Ref, kind: DependencyKind, name: string): Readers<Holder> {
    const node = this.entryOf(ref);
    if (node === undefined) return undefined;
    if (!(node instanceof NodeKeys)) return kind === 'state' ? node : undefined;
    if (kind === 'state') return node.state;
    const slot = KIND_SLOT[kind];
    const named = node.named;
    if (named === undefined) return undefined;
    for (const key of named) if (key.slot === slot && key.name === name) return key.readers;
    return undefined;
  }

  /** The holders reading one thing of `ref` (`name` is the attribute or flag name; omit it for the state). */
  dependents(ref: Ref, kind: DependencyKind, name = ''): ReadonlySet<Holder> {
    const readers = this.readersOf(ref, kind, name);
    if (readers === undefined) return NOTHING;
    return readers instanceof Set ? readers : new Set([readers]);
  }

  /**
   * Marks the readers of one thing dirty; returns how many holders that key has. Call it for every change an
   * expression can see, including the derived state of each ancestor whose state changed.
   */
  markChanged(ref: Ref, kind: DependencyKind, name = ''): number {
    const readers = this.readersOf(ref, kind, name);
    if (readers === undefined) return 0;
    if (!(readers instanceof Set)) {
      this.dirty.add(readers);
      return 1;
    }
    for (const holder of readers) this.dirty.add(holder);
    return readers.size;
  }

  /** Marks the readers of `ref`'s state and of these flags dirty (one lookup: a node record changes them all). */
  markStateAndFlags(ref: Ref, flags: readonly string[]): void {
    const node = this.entryOf(ref);
    if (node === undefined) return;
    if (!(node instanceof NodeKeys)) return this.markReaders(node);
    this.markReaders(node.state);
    const named = node.named;
    if (named === undefined) return;
    for (const key of named) if (key.slot === FLAG_SLOT && flags.includes(key.name)) this.markReaders(key.readers);
  }

  private markReaders(readers: Readers<Holder>): void {
    if (readers === undefined) return;
    if (readers instanceof Set) for (const holder of readers) this.dirty.add(holder);
    else this.dirty.add(readers);
  }

  /** Marks the readers of anything of `ref` dirty (coarse; for bulk changes such as a requeue of the node). */
  markNodeChanged(ref: Ref): number {
    let count = 0;
    this.forEachKey(ref, (readers) => {
      forEachReader(readers, (holder) => this.dirty.add(holder));
      count += readerCount(readers);
    });
    return count;
  }

  private forEachKey(ref: Ref, visit: (readers: Readers<Holder>) => void): void {
    const node = this.entryOf(ref);
    if (node === undefined) return;
    if (!(node instanceof NodeKeys)) return visit(node);
    visit(node.state);
    for (const key of node.named ?? []) visit(key.readers);
  }

  /**
   * A node left the tree: every holder that read it is marked dirty and stale (its expression must be compiled
   * again: the reference is now dangling, or resolves elsewhere), and the node's keys are dropped.
   */
  removeNode(ref: Ref): void {
    this.forEachKey(ref, (readers) => forEachReader(readers, (holder) => this.markStale(holder)));
    this.store.set(ref, undefined);
  }

  /** A node appeared at `path`: holders whose externs would resolve there become dirty and stale. */
  nodeAdded(path: string): void {
    if (this.watchers.size === 0) return;
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
export function createDependencyIndex<Ref, Holder>(store?: DependencyEntryStore<Ref>): DependencyIndex<Ref, Holder> {
  return new DependencyIndex<Ref, Holder>(store);
}
