import { isNodeFlag, type AttributeKind, type NodeFlag } from '@isobar/protocol';
import { isDefStatus, type DefsNode, type Variable } from '@isobar/protocol/defs';
import {
  buildAttributes,
  copyVariable,
  flagBit,
  repeatCount,
  repeatIndexOfValue,
  repeatValueAt,
  walk,
  type RuntimeNode,
} from '../../model/index.js';
import { ATTRIBUTE_FIELDS, attributesOf } from '../attribute-fields.js';
import { findByKey } from '../attribute-lookup.js';
import { invalidArgument, notFound } from '../errors.js';
import { requireNode, type OpContext } from '../op-context.js';
import { addToModel, deleteFromModel, findInModel, replaceInModel, sortInModel } from './alter-model.js';
import { setEvent, setLabel, setMeter } from './value-setters.js';

/**
 * One `alter` request. `value` of `add`/`change` is the protocol model of the attribute (a `Meter`, `TimeAttr`,
 * `Expression`, …) except for run-time values: event `'set'|'clear'`, meter number, label text, variable text,
 * repeat value, limit max/value number, defstatus name.
 */
export type AlterRequest =
  | { readonly op: 'add'; readonly kind: AttributeKind; readonly value: unknown }
  | {
      readonly op: 'change';
      readonly kind: AttributeKind | 'limit_max' | 'limit_value';
      readonly name: string;
      readonly value: unknown;
    }
  | { readonly op: 'delete'; readonly kind: AttributeKind; readonly name?: string }
  | { readonly op: 'set_flag' | 'clear_flag'; readonly flag: NodeFlag }
  | { readonly op: 'sort'; readonly kind: AttributeKind | 'all'; readonly recursive?: boolean };

const SORTABLE: readonly AttributeKind[] = ['event', 'meter', 'label', 'variable', 'limit'];

function record(ctx: OpContext, node: RuntimeNode, edit: { def: DefsNode; kind: AttributeKind }): void {
  const { def, kind } = edit;
  buildAttributes(node, def);
  const value = (def as unknown as Record<string, unknown>)[ATTRIBUTE_FIELDS[kind]];
  ctx.batch.add({ type: 'attribute', path: node.path, attribute: kind === 'today' ? 'time' : kind, value });
}

function changeRepeat(ctx: OpContext, node: RuntimeNode, value: unknown): void {
  const repeat = node.repeat;
  if (repeat === undefined) throw notFound(node.path, 'no repeat');
  const index = repeatIndexOfValue(repeat.def, String(value));
  const ok = Number.isInteger(index) && index >= 0 && index < repeatCount(repeat.def);
  if (!ok || String(repeatValueAt(repeat.def, index)) !== String(value)) {
    throw invalidArgument(`${String(value)} is not a value of repeat ${repeat.def.name}`, { path: node.path });
  }
  repeat.index = index;
  ctx.batch.add({
    type: 'repeat',
    path: node.path,
    name: repeat.def.name,
    index,
    value: repeatValueAt(repeat.def, index),
  });
}

function changeLimit(
  ctx: OpContext,
  node: RuntimeNode,
  change: { name: string; field: 'max' | 'value'; value: unknown },
): void {
  const { name, field, value } = change;
  const limit = findByKey(node.misc?.limits, name);
  const number = Number(value);
  if (limit === undefined) throw notFound(`${node.path}:${name}`, 'no such limit');
  if (!Number.isInteger(number) || number < 0) throw invalidArgument('limit values are integers >= 0');
  if (field === 'max') limit.max = number;
  else limit.value = number;
  if (field === 'max') record(ctx, node, { def: attributesOf(node), kind: 'limit' });
  else ctx.batch.add({ type: 'limit', path: node.path, name, value: number, paths: [...limit.paths] });
}

function change(ctx: OpContext, node: RuntimeNode, request: Extract<AlterRequest, { op: 'change' }>): void {
  const { kind, name, value } = request;
  if (kind === 'event') return setEvent(ctx, node, { name, value: value === 'set' || value === true || value === '' });
  if (kind === 'meter') return setMeter(ctx, node, { name, value: Number(value) });
  if (kind === 'label') return setLabel(ctx, node, { name, value: String(value) });
  if (kind === 'repeat') return changeRepeat(ctx, node, value);
  if (kind === 'limit_max' || kind === 'limit_value') {
    return changeLimit(ctx, node, { name, field: kind === 'limit_max' ? 'max' : 'value', value });
  }
  const def = attributesOf(node);
  if (kind === 'variable') {
    findInModel(def, 'variable', name);
    replaceInModel(def, 'variable', { name, value: { name, value: String(value) } });
  } else if (kind === 'defstatus') {
    if (typeof value !== 'string' || !isDefStatus(value)) throw invalidArgument(`bad defstatus ${String(value)}`);
    def.defstatus = value;
  } else {
    if ((kind === 'trigger' || kind === 'complete') && def[kind] === undefined) throw notFound(node.path, `no ${kind}`);
    replaceInModel(def, kind, { name, value });
  }
  record(ctx, node, { def, kind });
}

function sortNode(ctx: OpContext, node: RuntimeNode, kinds: readonly AttributeKind[]): void {
  const def = attributesOf(node);
  for (const kind of kinds) if (sortInModel(def, kind)) record(ctx, node, { def, kind });
}

function alterRoot(ctx: OpContext, request: AlterRequest): void {
  const { root } = ctx.tree;
  const isVariable = 'kind' in request && request.kind === 'variable';
  if (!isVariable) throw invalidArgument('only variables can be altered on the server (/)');
  const list: Variable[] = [...(root.variables ?? [])];
  const name = request.op === 'add' ? (request.value as Variable).name : 'name' in request ? request.name : undefined;
  const at = list.findIndex((v) => v.name === name);
  if (request.op === 'add')
    list.splice(at >= 0 ? at : list.length, at >= 0 ? 1 : 0, copyVariable(request.value as Variable));
  else if (request.op === 'change' && at >= 0) list[at] = { name: list[at]?.name ?? '', value: String(request.value) };
  else if (request.op === 'delete' && (name === undefined || name === '')) list.length = 0;
  else if (request.op === 'delete' && at >= 0) list.splice(at, 1);
  else throw notFound(`/:${String(name)}`, 'no such server variable');
  root.variables = list.length === 0 ? undefined : list;
  ctx.batch.add({ type: 'attribute', path: '/', attribute: 'variable', value: list.map((v) => ({ ...v })) });
}

/**
 * `alter add|change|delete|set_flag|clear_flag|sort …` on one node (`/` = server variables). Edits go through the
 * node's protocol model, so every attribute kind is handled the same way and recorded absolutely.
 */
export function alter(ctx: OpContext, path: string, request: AlterRequest): void {
  if (path === '/') return alterRoot(ctx, request);
  const node = requireNode(ctx, path);
  switch (request.op) {
    case 'set_flag':
    case 'clear_flag': {
      if (!isNodeFlag(request.flag)) throw invalidArgument(`unknown flag ${String(request.flag)}`);
      const bit = flagBit(request.flag);
      node.flags = request.op === 'set_flag' ? node.flags | bit : node.flags & ~bit;
      ctx.batch.nodeChanged(node);
      return;
    }
    case 'sort': {
      const kinds = request.kind === 'all' ? SORTABLE : [request.kind];
      if (request.recursive ?? false) walk(node, (each) => sortNode(ctx, each, kinds));
      else sortNode(ctx, node, kinds);
      return;
    }
    case 'change':
      return change(ctx, node, request);
    case 'add': {
      const def = attributesOf(node);
      addToModel(def, request.kind, request.value);
      return record(ctx, node, { def, kind: request.kind });
    }
    case 'delete': {
      const def = attributesOf(node);
      deleteFromModel(def, request.kind, request.name);
      return record(ctx, node, { def, kind: request.kind });
    }
  }
}
