import { ContainerNode, DefsRoot, type RuntimeNode, type SuiteNode } from './runtime-node.js';
import { indexSubtree, unindexSubtree, type RuntimeTree } from './runtime-tree.js';
import { countChild, rederiveState } from './state-propagation.js';

/** A node that holds children: a container, or the root (for suites). */
export type ChildHolder = ContainerNode | DefsRoot;

/** The holder of a node's siblings, or `undefined` for an alias. */
export function holderOf(node: RuntimeNode): ChildHolder | undefined {
  const parent = node.parent;
  return parent instanceof ContainerNode || parent instanceof DefsRoot ? parent : undefined;
}

/**
 * Inserts a built subtree under its `parent` (a container or the root) at `position` (clamped), indexes it and
 * re-derives the holder's state.
 */
export function attachNode(tree: RuntimeTree, node: RuntimeNode, position: number): void {
  const holder = holderOf(node);
  if (holder === undefined) return;
  const at = Math.max(0, Math.min(position, holder.children.length));
  if (holder instanceof DefsRoot) holder.children.splice(at, 0, node as SuiteNode);
  else holder.children.splice(at, 0, node);
  countChild(holder, node, 1);
  indexSubtree(tree, node);
  rederiveState(tree, holder);
}

/** Removes a subtree from its holder and the index and re-derives the holder's state; returns its position. */
export function detachNode(tree: RuntimeTree, node: RuntimeNode): number {
  const holder = holderOf(node);
  if (holder === undefined) return -1;
  const position = (holder.children as RuntimeNode[]).indexOf(node);
  if (position < 0) return -1;
  holder.children.splice(position, 1);
  countChild(holder, node, -1);
  unindexSubtree(tree, node);
  rederiveState(tree, holder);
  return position;
}
