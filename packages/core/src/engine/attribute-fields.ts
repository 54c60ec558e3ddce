import type { AttributeKind } from '@isobar/protocol';
import { createNode, type DefsNode } from '@isobar/protocol/defs';
import { buildAttributes, toDefsNode, type RuntimeNode } from '../model/index.js';

/** The `DefsNode` field that holds each attribute kind. */
export const ATTRIBUTE_FIELDS = {
  variable: 'variables',
  event: 'events',
  meter: 'meters',
  label: 'labels',
  trigger: 'trigger',
  complete: 'complete',
  repeat: 'repeat',
  limit: 'limits',
  inlimit: 'inlimits',
  time: 'times',
  today: 'times',
  date: 'dates',
  day: 'days',
  cron: 'crons',
  late: 'late',
  defstatus: 'defstatus',
  autocancel: 'autocancel',
  autoarchive: 'autoarchive',
  autorestore: 'autorestore',
  zombie: 'zombies',
  queue: 'queues',
  generic: 'generics',
  verify: 'verifies',
  aviso: 'avisos',
  mirror: 'mirrors',
  clock: 'clock',
  endclock: 'endclock',
} as const satisfies Record<AttributeKind, keyof DefsNode>;

/** A `DefsNode` field that holds attributes. */
export type AttributeField = (typeof ATTRIBUTE_FIELDS)[AttributeKind];

/**
 * The attributes of one node (no children) as the protocol model, with current values: the form `alter` edits
 * and `attribute` records carry.
 */
export function attributesOf(node: RuntimeNode): DefsNode {
  return toDefsNode(node, { state: true, children: false });
}

/** Rebuilds a node's attributes from an edited model (values of untouched attributes are preserved). */
export function rebuildAttributes(node: RuntimeNode, def: DefsNode): void {
  buildAttributes(node, def);
}

/** Sets one field of the attribute model (used when applying `attribute` records). */
export function setAttributeField(node: RuntimeNode, kind: AttributeKind, value: unknown): void {
  const def = attributesOf(node);
  (def as unknown as Record<string, unknown>)[ATTRIBUTE_FIELDS[kind]] = value;
  buildAttributes(node, def);
}

/** A model node with only the attributes (for tests and callers that build attributes by hand). */
export function emptyAttributes(kind: DefsNode['kind'], name: string): DefsNode {
  return createNode(kind, name);
}

/**
 * Attribute kinds a node has at most one of (held as a single value, not a list): edited with
 * `attribute.changed` and removed with `attribute.deleted` rather than item by item.
 */
export const SINGLE_KINDS: ReadonlySet<AttributeKind> = new Set<AttributeKind>([
  'trigger',
  'complete',
  'repeat',
  'late',
  'defstatus',
  'autocancel',
  'autoarchive',
  'autorestore',
  'clock',
  'endclock',
]);
