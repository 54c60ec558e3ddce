import type { TreeNode, TreeTextAttribute, TreeVariable } from '@isobar/protocol';
import { createNode, writeNode, type DefsNode, type Expression } from '@isobar/protocol/defs';
import type { MiscAttributes } from './attributes.js';
import { generatedVariableNames, type CalendarVariables } from './generated-variables.js';
import { flagNames } from './node-flags.js';
import { stateName } from './node-state.js';
import { repeatValueAt } from './repeat-values.js';
import { ContainerNode, SubmittableNode, TaskNode, type RuntimeNode } from './runtime-node.js';
import { findVariable } from './variables.js';

/** Options of {@link toTreeJson}. */
export interface ToTreeJsonOptions {
  /** Levels of children to include (0 = the node alone, with `children: []`). @default Infinity */
  readonly depth?: number;
  /** Include the optional fields (flags, task fields, expressions, limits, time attributes…). @default true */
  readonly details?: boolean;
  /** Include variables: `true` the node's own, `'generated'` also its generated ones. @default false */
  readonly variables?: boolean | 'generated';
  /** Calendar variables of suites, for `variables: 'generated'`. @default none */
  readonly calendar?: CalendarVariables;
}

type Fields = Partial<Record<keyof DefsNode, unknown>>;

/** The `.def` lines (without state) of the attributes set on an otherwise empty node, one per line. */
function linesOf(kind: RuntimeNode['kind'], fields: Fields): string[] {
  const carrier = createNode(kind === 'alias' ? 'task' : kind, 'x');
  Object.assign(carrier, fields);
  const end = `end${carrier.kind}`;
  const lines = writeNode(carrier, { state: false }).split('\n').slice(1);
  return lines.map((line) => line.trim()).filter((line) => line !== '' && line !== end);
}

/** One expression as text: its lines joined as ecFlow joins `-a`/`-o` lines. */
function expressionText(expression: Expression | undefined): string | undefined {
  if (expression === undefined) return undefined;
  const [first, ...rest] = expression.parts;
  if (rest.length === 0) return first?.text;
  return expression.parts.map((part, i) => (i === 0 ? `(${part.text})` : `${part.kind} (${part.text})`)).join(' ');
}

/** Time-ish attributes with their run-time status (`# free`, `# expired` of the state dialect). */
function timeAttributes(node: RuntimeNode, misc: MiscAttributes): TreeTextAttribute[] | undefined {
  const items: TreeTextAttribute[] = [];
  const lists = [
    ['times', misc.times],
    ['dates', misc.dates],
    ['days', misc.days],
    ['crons', misc.crons],
  ] as const;
  for (const [field, list] of lists) {
    for (const item of list ?? []) {
      const [text = ''] = linesOf(node.kind, { [field]: [item] });
      const state = item.state ?? '';
      const entry: TreeTextAttribute = { text };
      if (state.startsWith('free')) entry.free = true;
      if (state.includes('expired')) entry.expired = true;
      items.push(entry);
    }
  }
  return items.length === 0 ? undefined : items;
}

function textList(node: RuntimeNode, fields: Fields): TreeTextAttribute[] | undefined {
  const items = linesOf(node.kind, fields).map((text) => ({ text }));
  return items.length === 0 ? undefined : items;
}

function addMisc(json: TreeNode, node: RuntimeNode, misc: MiscAttributes): void {
  if (misc.limits !== undefined) {
    json.limits = misc.limits.map((l) => ({ name: l.name, max: l.max, value: l.value, paths: [...l.paths] }));
  }
  json.inlimits = textList(node, { inlimits: misc.inlimits });
  json.times = timeAttributes(node, misc);
  if (misc.late !== undefined) {
    const [text = 'late'] = linesOf(node.kind, { late: { ...misc.late, late: false } });
    json.late = { text, isLate: misc.late.late };
  }
  json.zombies = textList(node, { zombies: misc.zombies });
  json.other = textList(node, {
    queues: misc.queues,
    generics: misc.generics,
    verifies: misc.verifies,
    avisos: misc.avisos,
    mirrors: misc.mirrors,
    autocancel: misc.autocancel,
    autoarchive: misc.autoarchive,
    autorestore: misc.autorestore,
    clock: misc.clock,
    endclock: misc.endclock,
  });
}

function addDetails(json: TreeNode, node: RuntimeNode): void {
  const flags = flagNames(node.flags);
  if (flags.length > 0) json.flags = flags;
  if (node.stateSince > 0) json.stateSince = new Date(node.stateSince * 1000).toISOString();
  if (node instanceof SubmittableNode) {
    json.tryNo = node.tryNo;
    if (node.rid !== '') json.rid = node.rid;
    if (node.abortReason !== '') json.abortReason = node.abortReason;
  }
  json.trigger = expressionText(node.trigger);
  json.complete = expressionText(node.complete);
  if (node.misc !== undefined) addMisc(json, node, node.misc);
}

function variablesOf(node: RuntimeNode, options: ToTreeJsonOptions): TreeVariable[] {
  const own: TreeVariable[] = (node.variables ?? []).map((v) => ({ name: v.name, value: v.value }));
  if (options.variables !== 'generated') return own;
  for (const name of generatedVariableNames(node, options.calendar)) {
    const found = findVariable(node, name, options.calendar);
    if (found?.source === 'generated') own.push({ name, value: found.value, generated: true });
  }
  return own;
}

/** Drops the optional fields left `undefined`, so the JSON has only fields with content. */
function compact(json: TreeNode): TreeNode {
  for (const key of Object.keys(json) as (keyof TreeNode)[]) if (json[key] === undefined) delete json[key];
  return json;
}

/**
 * A node and its subtree in the protocol's JSON tree shape (`TreeNode`, what `isobar tree --json` prints and the
 * `tree` method returns): `name path type state defstatus? suspended? events meters labels repeat? children`,
 * plus the optional details.
 *
 * @example
 * ```ts
 * const json = toTreeJson(engine.node('/s'), { depth: 1 });
 * validateTreeNode(json);
 * ```
 */
export function toTreeJson(node: RuntimeNode, options: ToTreeJsonOptions = {}): TreeNode {
  const depth = options.depth ?? Number.POSITIVE_INFINITY;
  const json: TreeNode = {
    name: node.name,
    path: node.path,
    type: node.kind,
    state: stateName(node.state),
    defstatus: node.defstatus,
    suspended: node.suspended ? true : undefined,
    events: (node.events ?? []).map((e) => ({ name: e.key, value: e.value })),
    meters: (node.meters ?? []).map((m) => ({ name: m.name, min: m.min, max: m.max, value: m.value })),
    labels: (node.labels ?? []).map((l) => ({ name: l.name, value: l.value })),
    children: [],
  };
  if (node.repeat !== undefined) {
    const { def, index } = node.repeat;
    json.repeat = { name: def.name, value: repeatValueAt(def, index), kind: def.kind, index };
  }
  if (options.details ?? true) addDetails(json, node);
  if (options.variables !== undefined && options.variables !== false) json.variables = variablesOf(node, options);
  const children: RuntimeNode[] =
    node instanceof ContainerNode ? node.children : node instanceof TaskNode ? (node.aliases ?? []) : [];
  const next = { ...options, depth: depth - 1 };
  if (depth > 0) json.children = children.map((child) => toTreeJson(child, next));
  return compact(json);
}
