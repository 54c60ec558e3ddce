import type { AttributeKind } from '@isobar/protocol';
import type { DefsNode, NodeKind } from '@isobar/protocol/defs';
import {
  ContainerNode,
  buildNode,
  attachNode,
  copyVariable,
  detachNode,
  flagBit,
  repeatIndexOfValue,
  withFree,
  type ChildHolder,
  type RuntimeNode,
  type RuntimeTree,
} from '../model/index.js';
import { ATTRIBUTE_FIELDS, attributesOf, setAttributeField } from './attribute-fields.js';
import { findByKey } from './attribute-lookup.js';
import { attributeNameOf, isSingleAttributeKind } from './change-batch.js';
import type { ChangeBody, ChangeBodyOf } from './change-record.js';
import { attributeText, defTextStructureCodec, parseAttributeText } from './def-text-codec.js';
import { applyNodeState, secondsOf } from './node-record.js';
import { jsonStructureCodec, type StructureCodec } from './structure-codec.js';

/** Options of {@link applyChange}. */
export interface ApplyChangeOptions {
  /** Decoder of `node.added`/`node.replaced` texts of its format. @default `.def` text, or JSON for `{…}` texts */
  readonly codec?: StructureCodec;
}

type Variables = { name: string; value: string }[] | undefined;

function holderAt(tree: RuntimeTree, path: string): ChildHolder | undefined {
  if (path === '/') return tree.root;
  const node = tree.index.get(path);
  return node instanceof ContainerNode ? node : undefined;
}

/** Decodes a subtree text: texts of the JSON codec (in-process use) start with `{`, `.def` texts never do. */
function decodeSubtree(text: string, codec: StructureCodec | undefined): DefsNode {
  const format = text.startsWith('{') ? 'json' : 'def';
  if (codec?.format === format) return codec.decode(text);
  return (format === 'json' ? jsonStructureCodec : defTextStructureCodec).decode(text);
}

function applyAdded(tree: RuntimeTree, record: ChangeBodyOf<'node.added'>, codec: StructureCodec | undefined): void {
  const holder = holderAt(tree, record.parent);
  if (holder === undefined) return;
  const existing = tree.index.get(record.path);
  if (existing !== undefined) detachNode(tree, existing);
  const node = buildNode(decodeSubtree(record.text, codec), holder, { now: tree.now });
  attachNode(tree, node, record.position ?? holder.children.length);
}

function applyReplaced(tree: RuntimeTree, node: RuntimeNode, source: { text: string; codec?: StructureCodec }): void {
  const holder = node.parent;
  if (!(holder instanceof ContainerNode || holder === tree.root)) return;
  const def = decodeSubtree(source.text, source.codec);
  const position = detachNode(tree, node);
  attachNode(tree, buildNode(def, holder, { now: tree.now }), position);
}

function applyOrdered(holder: ChildHolder, names: readonly string[]): void {
  const rank = new Map(names.map((name, index) => [name, index]));
  const children = holder.children as RuntimeNode[];
  const sorted = [...children].sort(
    (a, b) => (rank.get(a.name) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.name) ?? Number.MAX_SAFE_INTEGER),
  );
  children.splice(0, children.length, ...sorted);
}

function withVariable(list: Variables, name: string, value: string | undefined): Variables {
  const kept = (list ?? []).filter((v) => v.name !== name);
  const index = (list ?? []).findIndex((v) => v.name === name);
  if (value !== undefined) kept.splice(index >= 0 ? index : kept.length, 0, copyVariable({ name, value }));
  return kept.length === 0 ? undefined : kept;
}

type AttributeEdit = ChangeBodyOf<'attribute.added' | 'attribute.changed' | 'attribute.deleted'>;

function fieldOf(node: DefsNode, kind: AttributeKind): unknown {
  return (node as unknown as Record<string, unknown>)[ATTRIBUTE_FIELDS[kind]];
}

/** Whether an attribute of a list is the one a record names (by name, else by its line). */
function isEdited(kind: NodeKind, item: unknown, record: AttributeEdit): boolean {
  if (record.name !== undefined) return attributeNameOf(item) === record.name;
  return (
    attributeText(
      kind,
      (n) => ((n as unknown as Record<string, unknown>)[ATTRIBUTE_FIELDS[record.attribute]] = [item]),
    ) === record.text
  );
}

/** The attributes of one kind of a node (as the protocol model) after an `attribute.*` record. */
function editedField(node: RuntimeNode, record: AttributeEdit): unknown {
  const kind = record.attribute;
  const incoming = record.text === undefined ? undefined : fieldOf(parseAttributeText(node.kind, record.text), kind);
  if (isSingleAttributeKind(kind)) return record.type === 'attribute.deleted' ? undefined : incoming;
  // `attribute.deleted` with neither name nor text deletes every attribute of the kind.
  if (record.type === 'attribute.deleted' && record.name === undefined && record.text === undefined) return undefined;
  const list = [...((fieldOf(attributesOf(node), kind) ?? []) as unknown[])];
  const at = list.findIndex((item) => isEdited(node.kind, item, record));
  const replacement = record.type === 'attribute.deleted' ? [] : ((incoming ?? []) as unknown[]);
  if (at >= 0) list.splice(at, 1, ...replacement);
  else list.push(...replacement);
  return list.length === 0 ? undefined : list;
}

function applyValue(node: RuntimeNode, record: ChangeBody): void {
  switch (record.type) {
    case 'event':
    case 'meter':
    case 'label': {
      const list = record.type === 'event' ? node.events : record.type === 'meter' ? node.meters : node.labels;
      const item = findByKey<{ name: string; value: unknown }>(list, record.name);
      if (item !== undefined) item.value = record.value;
      return;
    }
    case 'repeat': {
      const repeat = node.repeat;
      if (repeat !== undefined) repeat.index = record.index ?? repeatIndexOfValue(repeat.def, String(record.value));
      return;
    }
    case 'limit.tokens': {
      const limit = findByKey(node.misc?.limits, record.name);
      if (limit !== undefined) [limit.value, limit.paths] = [record.paths.length, [...record.paths]];
      return;
    }
    case 'variable':
      node.variables = withVariable(node.variables, record.name, record.value);
      return;
    case 'attribute.status': {
      // Trigger and complete only: time attributes become free through their `attribute.*` lines.
      // Expressions may be shared between nodes: the mark is changed by replacing the node's expression.
      if (record.attribute === 'trigger' && node.trigger !== undefined)
        node.trigger = withFree(node.trigger, record.free);
      if (record.attribute === 'complete' && node.complete !== undefined) {
        node.complete = withFree(node.complete, record.free);
      }
      return;
    }
    case 'attribute.added':
    case 'attribute.changed':
    case 'attribute.deleted':
      return setAttributeField(node, record.attribute, editedField(node, record));
    case 'node.flag':
      node.flags = record.value ? node.flags | flagBit(record.flag) : node.flags & ~flagBit(record.flag);
      return;
    case 'node.suspended':
      node.suspended = record.value;
      return;
    case 'suite.begun':
      if ('begun' in node) node.begun = record.value;
      return;
    case 'node.added':
    case 'node.deleted':
    case 'node.ordered':
    case 'node.replaced':
    case 'node.state':
    case 'server.state':
      return; // handled by applyChange
    case 'zombie.added':
    case 'zombie.removed':
    case 'telemetry.jobs':
    case 'telemetry.requests':
    case 'resync':
      return; // not part of the tree
  }
}

function applyToRoot(tree: RuntimeTree, record: ChangeBody): void {
  const { root } = tree;
  if (record.type === 'variable') root.variables = withVariable(root.variables, record.name, record.value);
  if (record.type === 'attribute.deleted' && record.attribute === 'variable') {
    root.variables = record.name === undefined ? undefined : withVariable(root.variables, record.name, undefined);
  }
  if (record.type === 'node.ordered') applyOrdered(root, record.children);
}

/**
 * Applies one change record to a tree. Records are absolute, so applying a record twice, or replaying a suffix
 * of the log onto a tree that already saw part of it, gives the same result. Ephemeral records (telemetry,
 * resync) and zombie records are ignored.
 *
 * @example
 * ```ts
 * for (const record of log.since(checkpointSeq) ?? []) applyChange(tree, record);
 * ```
 */
export function applyChange(tree: RuntimeTree, record: ChangeBody, options: ApplyChangeOptions = {}): void {
  // Time stamps of re-derived states and added nodes come from the record, as they did live.
  const at = (record as { at?: string }).at;
  if (at !== undefined) tree.now = secondsOf(at);
  if (record.type === 'server.state') tree.root.serverState = record.state;
  if (record.type === 'node.added') return applyAdded(tree, record, options.codec);
  if (!('path' in record)) return;
  if (record.path === '/') return applyToRoot(tree, record);
  const node = tree.index.get(record.path);
  if (node === undefined) return;
  if (record.type === 'node.deleted') detachNode(tree, node);
  else if (record.type === 'node.replaced') applyReplaced(tree, node, { text: record.text, codec: options.codec });
  else if (record.type === 'node.ordered' && node instanceof ContainerNode) applyOrdered(node, record.children);
  else if (record.type === 'node.state') applyNodeState(tree, node, record);
  else applyValue(node, record);
}
