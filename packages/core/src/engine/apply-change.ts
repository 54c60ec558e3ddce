import {
  ContainerNode,
  buildNode,
  attachNode,
  detachNode,
  type ChildHolder,
  type DefsRoot,
  type RuntimeNode,
  type RuntimeTree,
} from '../model/index.js';
import { setAttributeField } from './attribute-fields.js';
import type { AddChange, ChangeBody, ChangeMeta, OrderChange } from './change-record.js';
import { applyNodeRecord } from './node-record.js';
import { defTextStructureCodec } from './def-text-codec.js';
import { jsonStructureCodec, type StructureCodec } from './structure-codec.js';
import { findByKey } from './attribute-lookup.js';

/** Options of {@link applyChange}. */
export interface ApplyChangeOptions {
  /** Decoder of `add` records of its format. @default the `.def` text and JSON codecs, by the record's format */
  readonly codec?: StructureCodec;
}

function parentPathOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function holderAt(tree: RuntimeTree, path: string): ChildHolder | undefined {
  if (path === '/') return tree.root;
  const node = tree.index.get(path);
  return node instanceof ContainerNode ? node : undefined;
}

function applyAdd(tree: RuntimeTree, record: AddChange, codec: StructureCodec): void {
  const holder = holderAt(tree, parentPathOf(record.path));
  if (holder === undefined) return;
  const existing = tree.index.get(record.path);
  if (existing !== undefined) detachNode(tree, existing);
  const fallback = record.format === 'json' ? jsonStructureCodec : defTextStructureCodec;
  const decoder = record.format === codec.format ? codec : fallback;
  const node = buildNode(decoder.decode(record.text), holder, { now: tree.now });
  attachNode(tree, node, record.position);
}

function applyOrder(tree: RuntimeTree, record: OrderChange): void {
  const holder = holderAt(tree, record.path);
  if (holder === undefined) return;
  const rank = new Map(record.names.map((name, index) => [name, index]));
  const children = holder.children as RuntimeNode[];
  const sorted = [...children].sort(
    (a, b) => (rank.get(a.name) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.name) ?? Number.MAX_SAFE_INTEGER),
  );
  children.splice(0, children.length, ...sorted);
}

function applyValue(node: RuntimeNode, record: ChangeBody): void {
  switch (record.type) {
    case 'event': {
      const event = findByKey(node.events, record.name);
      if (event !== undefined) event.value = record.value;
      return;
    }
    case 'meter': {
      const meter = findByKey(node.meters, record.name);
      if (meter !== undefined) meter.value = record.value;
      return;
    }
    case 'label': {
      const label = findByKey(node.labels, record.name);
      if (label !== undefined) label.value = record.value;
      return;
    }
    case 'repeat':
      if (node.repeat !== undefined) node.repeat.index = record.index;
      return;
    case 'limit': {
      const limit = findByKey(node.misc?.limits, record.name);
      if (limit !== undefined) {
        limit.value = record.value;
        limit.paths = [...record.paths];
      }
      return;
    }
    case 'free': {
      const expression = record.expression === 'trigger' ? node.trigger : node.complete;
      if (expression !== undefined) expression.free = record.free;
      return;
    }
    case 'add':
    case 'attribute':
    case 'delete':
    case 'node':
    case 'order':
    case 'server':
    case 'telemetry':
      return; // handled by applyChange
  }
}

function applyToRoot(root: DefsRoot, record: ChangeBody): void {
  if (record.type === 'server') root.serverState = record.state;
  if (record.type === 'attribute' && record.attribute === 'variable') {
    root.variables = (record.value as DefsRoot['variables']) ?? undefined;
  }
}

/**
 * Applies one change record to a tree. Records are absolute, so applying a record twice, or replaying a suffix
 * of the log onto a tree that already saw part of it, gives the same result. Telemetry records are ignored.
 *
 * @example
 * ```ts
 * for (const record of log.since(checkpointSeq) ?? []) applyChange(tree, record);
 * ```
 */
export function applyChange(tree: RuntimeTree, record: ChangeBody, options: ApplyChangeOptions = {}): void {
  if (record.type === 'telemetry') return;
  // Time stamps of re-derived states and added nodes come from the record, as they did live.
  const at = (record as Partial<ChangeMeta>).at;
  if (at !== undefined) tree.now = Math.floor(at / 1000);
  if (record.type === 'add') return applyAdd(tree, record, options.codec ?? jsonStructureCodec);
  if (record.type === 'order') return applyOrder(tree, record);
  if (record.path === '/') return applyToRoot(tree.root, record);
  const node = tree.index.get(record.path);
  if (node === undefined) return;
  if (record.type === 'delete') {
    detachNode(tree, node);
    return;
  }
  if (record.type === 'node') return applyNodeRecord(tree, node, record);
  if (record.type === 'attribute') return setAttributeField(node, record.attribute, record.value);
  applyValue(node, record);
}
