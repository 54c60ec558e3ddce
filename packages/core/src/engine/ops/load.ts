import type { Defs, DefsNode, Variable } from '@isobar/protocol/defs';
import {
  attachNode,
  buildNode,
  copyVariable,
  detachNode,
  toDefsNode,
  type ChildHolder,
  type RuntimeNode,
} from '../../model/index.js';
import { alreadyExists } from '../errors.js';
import { withLazyText } from '../lazy-text.js';
import type { OpContext } from '../op-context.js';

/** Options of {@link load}. */
export interface LoadOptions {
  /** Replace suites that already exist instead of failing. @default false */
  readonly force?: boolean;
}

/**
 * Subtrees with more nodes than this get their `node.added` text on first read (see lazy-text.ts); smaller ones
 * at once, so they stay in the change log's ring buffer for resuming clients (their text is short anyway).
 */
const LAZY_TEXT_MIN_NODES = 4096;

/** Builds a subtree from its definition, attaches it and records the `add` (with the subtree's text). */
export function addSubtree(
  ctx: OpContext,
  def: DefsNode,
  where: { holder: ChildHolder; position: number },
): RuntimeNode {
  const { holder, position } = where;
  const node = buildNode(def, holder, { now: ctx.now });
  const before = ctx.tree.index.size;
  attachNode(ctx.tree, node, position);
  const at = (holder.children as RuntimeNode[]).indexOf(node);
  const { codec } = ctx;
  const change = { type: 'add' as const, path: node.path, position: at, format: codec.format };
  if (ctx.tree.index.size - before <= LAZY_TEXT_MIN_NODES) {
    ctx.batch.add({ ...change, text: codec.encode(toDefsNode(node)) });
  } else {
    // The node was built from `def` alone, so `def` is what the text must rebuild; writing it skips toDefsNode's
    // copy of the built tree.
    ctx.batch.add(withLazyText(change, () => codec.encode(def)));
  }
  return node;
}

/** Removes a subtree, recording the `delete`; returns its position. */
export function removeSubtree(ctx: OpContext, node: RuntimeNode): number {
  ctx.batch.add({ type: 'delete', path: node.path });
  return detachNode(ctx.tree, node);
}

function mergeVariables(target: Variable[] | undefined, source: readonly Variable[]): Variable[] {
  const merged = target === undefined ? [] : [...target];
  for (const variable of source) {
    const at = merged.findIndex((v) => v.name === variable.name);
    if (at >= 0) merged[at] = copyVariable(variable);
    else merged.push(copyVariable(variable));
  }
  return merged;
}

/**
 * `load defs [force]`: adds the suites of a definition. A suite that already exists is a conflict
 * (ALREADY_EXISTS, nothing loaded) unless `force`, which replaces it in place. Server user variables and externs
 * are merged.
 */
export function load(ctx: OpContext, defs: Defs, options: LoadOptions = {}): RuntimeNode[] {
  const { root } = ctx.tree;
  if (!(options.force ?? false)) {
    const clash = defs.suites.find((s) => ctx.tree.index.has(`/${s.name}`));
    if (clash !== undefined) throw alreadyExists(`/${clash.name}`, 'suite already loaded; use force to replace it');
  }
  const added: RuntimeNode[] = [];
  for (const suiteDef of defs.suites) {
    const existing = ctx.tree.index.get(`/${suiteDef.name}`);
    const position = existing === undefined ? root.children.length : removeSubtree(ctx, existing);
    added.push(addSubtree(ctx, suiteDef, { holder: root, position }));
  }
  if (defs.variables !== undefined && defs.variables.length > 0) {
    root.variables = mergeVariables(root.variables, defs.variables);
    ctx.batch.add({
      type: 'attribute',
      path: '/',
      attribute: 'variable',
      value: root.variables.map((v) => ({ ...v })),
    });
  }
  if (defs.externs !== undefined) root.externs = [...new Set([...(root.externs ?? []), ...defs.externs])];
  return added;
}
