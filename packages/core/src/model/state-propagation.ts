import { mostSignificantState, type NodeStateCode } from './node-state.js';
import { ContainerNode, DefsRoot, type NodeParent, type RuntimeNode } from './runtime-node.js';
import type { RuntimeTree } from './runtime-tree.js';

type Holder = ContainerNode | DefsRoot;

function holderOf(parent: NodeParent | undefined): Holder | undefined {
  return parent instanceof ContainerNode || parent instanceof DefsRoot ? parent : undefined;
}

/**
 * Sets a node's state and updates its ancestors: each container moves one child from the old state's counter
 * to the new one and re-derives its own state; the walk stops at the first ancestor whose state does not change,
 * so the cost is O(depth) and never depends on the number of siblings.
 *
 * @returns whether the state changed.
 */
export function setNodeState(tree: RuntimeTree, node: RuntimeNode, state: NodeStateCode): boolean {
  const previous = node.state;
  if (previous === state) return false;
  node.state = state;
  node.stateSince = tree.now;
  tree.listener.nodeChanged(node);
  tree.listener.stateChanged?.(node, previous);
  propagate(tree, node, previous);
  return true;
}

/** Moves `node` from the `previous` counter to its current state's in each ancestor, while ancestors change. */
function propagate(tree: RuntimeTree, node: RuntimeNode, previous: NodeStateCode): void {
  const now = tree.now;
  let holder = holderOf(node.parent);
  let before = previous;
  let after = node.state;
  while (holder !== undefined) {
    holder.counts[before] = (holder.counts[before] ?? 0) - 1;
    holder.counts[after] = (holder.counts[after] ?? 0) + 1;
    const derived = mostSignificantState(holder.counts);
    if (derived === holder.state) return;
    before = holder.state;
    after = derived;
    holder.state = derived;
    if (holder instanceof DefsRoot) return;
    holder.stateSince = now;
    tree.listener.nodeChanged(holder);
    tree.listener.stateChanged?.(holder, before);
    holder = holderOf(holder.parent);
  }
}

/**
 * Re-derives a container's state from its counters (after children were added, removed or re-ordered, or when a
 * defstatus stops holding it) and propagates upwards.
 */
export function rederiveState(tree: RuntimeTree, holder: ContainerNode | DefsRoot): void {
  const derived = mostSignificantState(holder.counts);
  if (holder instanceof DefsRoot) {
    holder.state = derived;
    return;
  }
  setNodeState(tree, holder, derived);
}

/** Counts a new child into its parent's counters (the caller then calls {@link rederiveState}). */
export function countChild(holder: ContainerNode | DefsRoot, child: RuntimeNode, delta: 1 | -1): void {
  holder.counts[child.state] = (holder.counts[child.state] ?? 0) + delta;
}
