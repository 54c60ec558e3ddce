import type { Defs, DefsNode } from '@isobar/protocol/defs';
import {
  ContainerNode,
  SuiteNode,
  stateName,
  suiteOf,
  walk,
  type ChildHolder,
  type RuntimeNode,
} from '../../model/index.js';
import { invalidArgument, notFound, wrongState } from '../errors.js';
import { runningTasks, type OpContext } from '../op-context.js';
import { addSubtree, removeSubtree } from './load.js';
import { resetSubtree } from './reset-node.js';

/** Options of {@link replace}. */
export interface ReplaceOptions {
  /** Create the missing ancestors from the client definition. @default false */
  readonly parent?: boolean;
  /** Replace even with active/submitted tasks (they become zombies). @default false */
  readonly force?: boolean;
}

/** The chain of definition nodes from the suite down to `path`, or `undefined` when absent. */
function chainTo(defs: Defs, path: string): DefsNode[] | undefined {
  const names = path.split('/').filter((n) => n !== '');
  const chain: DefsNode[] = [];
  let candidates: readonly DefsNode[] = defs.suites;
  for (const name of names) {
    const found = candidates.find((n) => n.name === name);
    if (found === undefined) return undefined;
    chain.push(found);
    candidates = found.children ?? [];
  }
  return chain.length === 0 ? undefined : chain;
}

function replaceExisting(ctx: OpContext, existing: RuntimeNode, def: DefsNode): RuntimeNode {
  const suspended = new Set<string>();
  walk(existing, (n) => {
    if (n.suspended) suspended.add(n.path);
  });
  const holder = existing.parent as ChildHolder;
  const begun = suiteOf(existing).begun;
  const position = removeSubtree(ctx, existing);
  const node = addSubtree(ctx, def, { holder, position });
  if (begun) {
    if (node instanceof SuiteNode) node.begun = true;
    resetSubtree(ctx, node, { kind: 'begin', resumeDescendants: false, resetTopRepeat: true });
  }
  // ecFlow carries the user's suspensions over to the replacement.
  walk(node, (n) => {
    if (suspended.has(n.path) && !n.suspended) {
      n.suspended = true;
      ctx.batch.nodeChanged(n);
    }
  });
  return node;
}

function addWithParents(ctx: OpContext, path: string, chain: readonly DefsNode[]): RuntimeNode {
  // The deepest ancestor that exists on the server receives the client's subtree below it.
  let depth = chain.length - 1;
  let holder: ChildHolder = ctx.tree.root;
  for (; depth > 0; depth--) {
    const ancestorPath = `/${chain
      .slice(0, depth)
      .map((n) => n.name)
      .join('/')}`;
    const ancestor = ctx.tree.index.get(ancestorPath);
    if (ancestor === undefined) continue;
    if (!(ancestor instanceof ContainerNode)) throw invalidArgument(`${ancestorPath} is a task`, { path });
    holder = ancestor;
    break;
  }
  const def = chain[depth] as DefsNode;
  const clientSiblings = depth === 0 ? undefined : chain[depth - 1]?.children;
  const position = clientSiblings?.indexOf(def) ?? holder.children.length;
  return addSubtree(ctx, def, { holder, position });
}

/**
 * `replace path defs [parent] [force]`: replaces the node at `path` with the one at the same path in `defs`,
 * keeping its position and its users' suspensions, and beginning it when its suite has begun. With `parent`, a
 * node missing on the server is added together with its missing ancestors.
 */
export function replace(ctx: OpContext, defs: Defs, options: ReplaceOptions & { readonly path: string }): RuntimeNode {
  const { path } = options;
  const chain = chainTo(defs, path);
  if (chain === undefined) throw notFound(path, 'path does not exist in the client definition');
  const existing = ctx.tree.index.get(path);
  if (existing !== undefined && !(options.force ?? false)) {
    const running = runningTasks(existing);
    if (running.length > 0) {
      throw wrongState(path, stateName(existing.state), `${running.length} tasks are active or submitted; use force`);
    }
  }
  if (existing !== undefined) return replaceExisting(ctx, existing, chain[chain.length - 1] as DefsNode);
  if (!(options.parent ?? false)) throw notFound(path, 'not on the server; use the parent option');
  return addWithParents(ctx, path, chain);
}
