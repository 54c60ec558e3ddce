// `isobar tree` for humans: the node tree drawn with box-drawing branches, each node with its coloured state
// and its events, meters, labels and repeat on the same line.
import type { Painter } from './colors.js';

/** The fields of a JSON tree node the drawing uses (INTERFACES.md `isobar tree --json`). */
export interface DrawableNode {
  readonly name: string;
  readonly path: string;
  readonly type: string;
  readonly state: string;
  readonly suspended?: boolean;
  readonly defstatus?: string;
  readonly events?: readonly { readonly name: string; readonly value: boolean }[];
  readonly meters?: readonly {
    readonly name: string;
    readonly min: number;
    readonly max: number;
    readonly value: number;
  }[];
  readonly labels?: readonly { readonly name: string; readonly value: string }[];
  readonly repeat?: { readonly name: string; readonly value: string | number };
  readonly children?: readonly DrawableNode[];
}

function attributes(node: DrawableNode, paint: Painter): string {
  const parts: string[] = [];
  for (const event of node.events ?? []) parts.push(`${event.name}${event.value ? '✓' : '·'}`);
  for (const meter of node.meters ?? []) parts.push(`${meter.name}=${meter.value}/${meter.max}`);
  for (const label of node.labels ?? []) parts.push(`${label.name}:${JSON.stringify(label.value)}`);
  if (node.repeat !== undefined) parts.push(`repeat ${node.repeat.name}=${node.repeat.value}`);
  return parts.length === 0 ? '' : `  ${paint.dim(parts.join('  '))}`;
}

function nodeLine(node: DrawableNode, paint: Painter): string {
  const name = node.type === 'task' || node.type === 'alias' ? node.name : paint.bold(node.name);
  const shown = node.suspended === true ? 'suspended' : node.state;
  const state = paint.state(shown, `[${shown}]`);
  return `${name} ${state}${attributes(node, paint)}`;
}

/**
 * Draws `roots` and their subtrees, one node per line.
 *
 * @example
 * ```text
 * s [active]
 * ├── f [active]
 * │   └── t [active]  progress=40/100
 * └── done [complete]
 * ```
 */
export function renderTree(roots: readonly DrawableNode[], paint: Painter): string {
  const lines: string[] = [];
  // `branch` is undefined for a root; otherwise the prefix of its parent and whether it is the last child.
  const walk = (node: DrawableNode, branch?: { prefix: string; last: boolean }): void => {
    lines.push(
      branch === undefined
        ? nodeLine(node, paint)
        : `${branch.prefix}${branch.last ? '└── ' : '├── '}${nodeLine(node, paint)}`,
    );
    const children = node.children ?? [];
    const prefix = branch === undefined ? '' : `${branch.prefix}${branch.last ? '    ' : '│   '}`;
    children.forEach((child, index) => walk(child, { prefix, last: index === children.length - 1 }));
  };
  for (const root of roots) walk(root);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
