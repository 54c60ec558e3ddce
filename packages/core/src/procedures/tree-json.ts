import type { TreeNode } from '@isobar/protocol';
import type { Expression } from '@isobar/protocol/defs';
import {
  ContainerNode,
  TaskNode,
  flagNames,
  isSubmittable,
  repeatValueAt,
  stateName,
  type RuntimeNode,
} from '../model/index.js';

/** Options of {@link toTreeNode}. */
export interface TreeJsonOptions {
  /** Levels of children to include; `undefined` = all. */
  readonly depth?: number | undefined;
  /** Include user variables. @default false */
  readonly variables?: boolean | undefined;
}

function expressionText(expression: Expression | undefined): string | undefined {
  if (expression === undefined) return undefined;
  return expression.parts
    .map((part) => (part.kind === 'first' ? part.text : `${part.kind === 'and' ? 'AND' : 'OR'} ${part.text}`))
    .join(' ');
}

function attributes(node: RuntimeNode, out: TreeNode): void {
  if (node.defstatus !== undefined) out.defstatus = node.defstatus;
  if (node.suspended) out.suspended = true;
  if (node.flags !== 0) out.flags = flagNames(node.flags);
  const trigger = expressionText(node.trigger);
  if (trigger !== undefined) out.trigger = trigger;
  const complete = expressionText(node.complete);
  if (complete !== undefined) out.complete = complete;
  const repeat = node.repeat;
  if (repeat !== undefined) {
    const value = repeatValueAt(repeat.def, repeat.index);
    out.repeat = { name: repeat.def.name, value, kind: repeat.def.kind, index: repeat.index };
  }
}

function taskFields(node: RuntimeNode, out: TreeNode): void {
  if (!isSubmittable(node)) return;
  out.tryNo = node.tryNo;
  if (node.rid !== '') out.rid = node.rid;
  if (node.abortReason !== '') out.abortReason = node.abortReason;
}

/**
 * The JSON tree of a node (INTERFACES.md, `isobar tree --json`): states, events, meters, labels, repeat, the
 * task fields, and children down to `depth`.
 */
export function toTreeNode(node: RuntimeNode, options: TreeJsonOptions = {}): TreeNode {
  const out: TreeNode = {
    name: node.name,
    path: node.path,
    type: node.kind,
    state: stateName(node.state),
    events: (node.events ?? []).map((e) => ({ name: e.key, value: e.value })),
    meters: (node.meters ?? []).map((m) => ({ name: m.name, min: m.min, max: m.max, value: m.value })),
    labels: (node.labels ?? []).map((l) => ({ name: l.name, value: l.value })),
    children: [],
  };
  attributes(node, out);
  taskFields(node, out);
  if (options.variables === true && node.variables !== undefined) {
    out.variables = node.variables.map((v) => ({ name: v.name, value: v.value }));
  }
  const depth = options.depth;
  if (depth !== undefined && depth <= 0) return out;
  const next = { ...options, depth: depth === undefined ? undefined : depth - 1 };
  const children: RuntimeNode[] =
    node instanceof ContainerNode ? node.children : node instanceof TaskNode ? (node.aliases ?? []) : [];
  out.children = children.map((child) => toTreeNode(child, next));
  return out;
}
