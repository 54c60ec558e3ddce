import type { AttributeKind } from '@isobar/protocol';
import type { DefsNode, NodeKind } from '@isobar/protocol/defs';
import { nextMarkEpoch, type RuntimeNode, type RuntimeTree, type TreeListener } from '../model/index.js';
import { ATTRIBUTE_FIELDS, SINGLE_KINDS, attributesOf } from './attribute-fields.js';
import type { AttributeOpChange, ChangeBody, FreeOpChange, LimitOpChange, OpChange } from './change-record.js';
import { attributeText } from './def-text-codec.js';
import { hasLazyText, withLazyText } from './lazy-text.js';
import { pushNodeRecords } from './node-record.js';

function parentPathOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** True for attribute kinds a node has at most one of (`trigger`, `repeat`, `defstatus`…). */
export function isSingleAttributeKind(kind: AttributeKind): boolean {
  return SINGLE_KINDS.has(kind);
}

/** The name an attribute of the protocol model is addressed by (events may only have a number), if any. */
export function attributeNameOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const { name, number } = item as { name?: unknown; number?: unknown };
  if (typeof name === 'string' && name !== '') return name;
  return typeof number === 'number' ? String(number) : undefined;
}

function setField(node: DefsNode, kind: AttributeKind, value: unknown): void {
  (node as unknown as Record<string, unknown>)[ATTRIBUTE_FIELDS[kind]] = value;
}

/**
 * The records of "every attribute of kind K is now `value`": the whole list is replaced (`attribute.deleted`
 * without a name deletes all of that kind, then one `attribute.added` or `variable` per attribute), so replaying
 * them is idempotent. Single attributes become one `attribute.changed` or `attribute.deleted`.
 */
export function attributeRecords(kind: NodeKind, change: AttributeOpChange): ChangeBody[] {
  const { path, attribute, value } = change;
  if (SINGLE_KINDS.has(attribute)) {
    if (value === undefined) return [{ type: 'attribute.deleted', path, attribute }];
    return [
      { type: 'attribute.changed', path, attribute, text: attributeText(kind, (n) => setField(n, attribute, value)) },
    ];
  }
  const items = (value ?? []) as readonly unknown[];
  const records: ChangeBody[] = [{ type: 'attribute.deleted', path, attribute }];
  for (const item of items) {
    if (attribute === 'variable') {
      const variable = item as { name: string; value: string };
      records.push({ type: 'variable', path, name: variable.name, value: variable.value });
      continue;
    }
    const text = attributeText(kind, (n) => setField(n, attribute, [item]));
    const name = attributeNameOf(item);
    records.push(
      name === undefined
        ? { type: 'attribute.added', path, attribute, text }
        : { type: 'attribute.added', path, attribute, name, text },
    );
  }
  return records;
}

function freeRecord(node: RuntimeNode | undefined, change: FreeOpChange): ChangeBody[] {
  const expression = node?.[change.expression];
  if (node === undefined || expression === undefined) return [];
  const text = attributeText(node.kind, (n) => (n[change.expression] = { parts: expression.parts, free: false }));
  return [{ type: 'attribute.status', path: change.path, attribute: change.expression, text, free: change.free }];
}

function limitRecord(node: RuntimeNode | undefined, change: LimitOpChange): ChangeBody[] {
  const { path, name, paths } = change;
  if (change.value === paths.length) return [{ type: 'limit.tokens', path, name, paths: [...paths] }];
  // A value set by hand (`alter change limit_value`) differs from the holders: the limit's line carries both.
  if (node === undefined) return [];
  const limits = attributesOf(node).limits?.filter((limit) => limit.name === name);
  const text = attributeText(node.kind, (n) => (n.limits = limits));
  return [{ type: 'attribute.changed', path, attribute: 'limit', name, text }];
}

/** The protocol records of one change reported by an operation. */
export function recordsOf(tree: RuntimeTree, change: OpChange): ChangeBody[] {
  const { type } = change;
  if (type === 'add') {
    const { path, position } = change;
    const added = { type: 'node.added' as const, parent: parentPathOf(path), path, position };
    // A lazy text stays lazy (read only when the record is serialised).
    if (hasLazyText(change)) return [withLazyText(added, () => change.text)];
    return [{ ...added, text: change.text }];
  }
  if (type === 'delete') return [{ type: 'node.deleted', path: change.path }];
  if (type === 'order') return [{ type: 'node.ordered', path: change.path, children: [...change.names] }];
  if (type === 'server') return [{ type: 'server.state', state: change.state }];
  if (type === 'free') return freeRecord(tree.index.get(change.path), change);
  if (type === 'limit') return limitRecord(tree.index.get(change.path), change);
  if (type === 'attribute') {
    const kind = change.path === '/' ? 'suite' : tree.index.get(change.path)?.kind;
    return kind === undefined ? [] : attributeRecords(kind, change);
  }
  return [change];
}

/**
 * Collects the changes of one operation as protocol records. Attribute and structural records are added as
 * they happen; nodes whose run-time fields changed are remembered and reported once each, with their final
 * values, by {@link finish}.
 */
export class ChangeBatch implements TreeListener {
  private readonly bodies: ChangeBody[] = [];
  // The changed nodes not reported yet, in order; a node is in it when its `batchMark` is `epoch` (a 100 000-node
  // begin passes every node through here: a mark costs far less than a hash set entry).
  private dirty: RuntimeNode[] = [];
  private epoch = nextMarkEpoch();
  private readonly reported: RuntimeNode[] = [];

  constructor(private readonly tree: RuntimeTree) {}

  /** TreeListener: remember the node. */
  nodeChanged(node: RuntimeNode): void {
    if (node.batchMark === this.epoch) return;
    node.batchMark = this.epoch;
    this.dirty.push(node);
  }

  /** Adds the records of a change now. Structural changes flush node records first, so records stay causal. */
  add(change: OpChange): void {
    if (change.type === 'add' || change.type === 'delete' || change.type === 'order') this.flushNodes();
    for (const body of recordsOf(this.tree, change)) this.bodies.push(body);
  }

  private flushNodes(): void {
    const tree = this.tree;
    const now = tree.now;
    const nodes = this.dirty;
    this.dirty = [];
    this.epoch = nextMarkEpoch();
    for (const node of nodes) {
      // A node deleted later in the same operation is reported by its `node.deleted` record.
      if (!tree.isAttached(node)) continue;
      pushNodeRecords(this.bodies, node, now);
      this.reported.push(node);
    }
  }

  /** The records of the operation, node records last. */
  finish(): ChangeBody[] {
    this.flushNodes();
    return this.bodies.splice(0);
  }

  /**
   * The nodes whose records {@link finish} (and the flushes before it) reported, in the order of their records:
   * a reader of those records can take the node from here instead of looking its path up (the records carry
   * paths only). A node's path equal to the record's and the node still attached means it is the record's node.
   */
  reportedNodes(): readonly RuntimeNode[] {
    return this.reported;
  }
}
