import type { AttributeKind } from '@isobar/protocol';
import type { DefsNode } from '@isobar/protocol/defs';
import { ATTRIBUTE_FIELDS, SINGLE_KINDS } from '../attribute-fields.js';
import { alreadyExists, notFound } from '../errors.js';

type Fields = Record<string, unknown>;

/** Kinds whose add replaces an existing value instead of failing. */
const REPLACEABLE_KINDS: ReadonlySet<AttributeKind> = new Set<AttributeKind>([
  'defstatus',
  'clock',
  'endclock',
  'autocancel',
  'autoarchive',
  'autorestore',
]);

/** The name an attribute is addressed by in `alter` (events also by number; time kinds by position). */
export function attributeKey(kind: AttributeKind, item: unknown, index: number): string {
  const record = item as { name?: unknown; number?: unknown; type?: unknown };
  if (kind === 'zombie') return String(record.type);
  if (typeof record.name === 'string' && record.name !== '') return record.name;
  if (kind === 'event' && typeof record.number === 'number') return String(record.number);
  return String(index);
}

function listFor(def: DefsNode, kind: AttributeKind): unknown[] {
  const list = (def as unknown as Fields)[ATTRIBUTE_FIELDS[kind]] as unknown[] | undefined;
  if (kind === 'time' || kind === 'today') return (list ?? []).filter((t) => (t as { kind: string }).kind === kind);
  return list ?? [];
}

function setList(def: DefsNode, kind: AttributeKind, items: unknown[]): void {
  const field = ATTRIBUTE_FIELDS[kind];
  if (kind === 'time' || kind === 'today') {
    const others = (def.times ?? []).filter((t) => t.kind !== kind);
    items = [...others, ...items];
  }
  (def as unknown as Fields)[field] = items.length === 0 ? undefined : items;
}

function indexOfKey(def: DefsNode, kind: AttributeKind, name: string): number {
  return listFor(def, kind).findIndex((item, index) => attributeKey(kind, item, index) === name);
}

/** Adds an attribute (model object) to the node model; duplicates are ALREADY_EXISTS (variables are updated). */
export function addToModel(def: DefsNode, kind: AttributeKind, value: unknown): void {
  const fields = def as unknown as Fields;
  const field = ATTRIBUTE_FIELDS[kind];
  if (SINGLE_KINDS.has(kind)) {
    if (fields[field] !== undefined && !REPLACEABLE_KINDS.has(kind)) throw alreadyExists(def.name, `${kind} exists`);
    fields[field] = value;
    return;
  }
  const list = listFor(def, kind);
  const key = attributeKey(kind, value, list.length);
  const at = indexOfKey(def, kind, key);
  if (at >= 0 && kind === 'variable') list[at] = value;
  else if (at >= 0 && !/^\d+$/.test(key)) throw alreadyExists(`${def.name}:${key}`, `duplicate ${kind}`);
  else list.push(value);
  setList(def, kind, list);
}

/** Replaces an attribute of the model, found by name. */
export function replaceInModel(def: DefsNode, kind: AttributeKind, item: { name: string; value: unknown }): void {
  const { name, value } = item;
  if (SINGLE_KINDS.has(kind)) {
    (def as unknown as Fields)[ATTRIBUTE_FIELDS[kind]] = value;
    return;
  }
  const list = listFor(def, kind);
  const at = indexOfKey(def, kind, name);
  if (at < 0) throw notFound(`${def.name}:${name}`, `no such ${kind}`);
  list[at] = value;
  setList(def, kind, list);
}

/** The attribute of the model with that name (for edits of one field). */
export function findInModel(def: DefsNode, kind: AttributeKind, name: string): unknown {
  if (SINGLE_KINDS.has(kind)) return (def as unknown as Fields)[ATTRIBUTE_FIELDS[kind]];
  const at = indexOfKey(def, kind, name);
  if (at < 0) throw notFound(`${def.name}:${name}`, `no such ${kind}`);
  return listFor(def, kind)[at];
}

/** Deletes one attribute by name, or every attribute of the kind when `name` is undefined/empty. */
export function deleteFromModel(def: DefsNode, kind: AttributeKind, name: string | undefined): void {
  if (SINGLE_KINDS.has(kind) || name === undefined || name === '') {
    if (SINGLE_KINDS.has(kind)) (def as unknown as Fields)[ATTRIBUTE_FIELDS[kind]] = undefined;
    else setList(def, kind, []);
    return;
  }
  const list = listFor(def, kind);
  const at = indexOfKey(def, kind, name);
  if (at < 0) throw notFound(`${def.name}:${name}`, `no such ${kind}`);
  list.splice(at, 1);
  setList(def, kind, list);
}

/** Sorts a list kind by name, case-insensitively (ecFlow's `alter sort`). */
export function sortInModel(def: DefsNode, kind: AttributeKind): boolean {
  if (SINGLE_KINDS.has(kind)) return false;
  const list = listFor(def, kind);
  if (list.length < 2) return false;
  const key = (item: unknown, index: number) => attributeKey(kind, item, index).toLowerCase();
  const keyed = list.map((item, index) => ({ item, key: key(item, index) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  setList(
    def,
    kind,
    keyed.map((k) => k.item),
  );
  return true;
}
