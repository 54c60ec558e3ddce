import { NodeState, repeatCount, repeatValueAt, setNodeState, walk, type RuntimeNode } from '../../model/index.js';
import type { OpContext } from '../op-context.js';
import { resetSubtree } from '../ops/reset-node.js';

/** Advances a node's repeat by one; true when it is still within range (the node is then re-queued). */
export function advanceRepeat(ctx: OpContext, node: RuntimeNode): boolean {
  const repeat = node.repeat;
  if (repeat === undefined) return false;
  const count = repeatCount(repeat.def);
  if (repeat.index >= count) return false;
  repeat.index += 1;
  const value = repeatValueAt(repeat.def, repeat.index);
  ctx.batch.add({ type: 'repeat', path: node.path, name: repeat.def.name, index: repeat.index, value });
  return repeat.index < count;
}

/**
 * ecFlow's automatic re-queue (repeat increment or time): the subtree is reset, children keep their suspension,
 * the node's own repeat keeps its (new) position.
 */
export function automaticRequeue(ctx: OpContext, node: RuntimeNode): void {
  resetSubtree(ctx, node, { kind: 'requeue', resumeDescendants: false, resetTopRepeat: false });
}

/** Sets a node and its whole subtree complete, children first (ecFlow `set_state_hierarchically`). */
export function completeHierarchically(ctx: OpContext, node: RuntimeNode): void {
  const nodes: RuntimeNode[] = [];
  walk(node, (each) => nodes.push(each));
  for (let i = nodes.length - 1; i >= 0; i--) {
    const each = nodes[i] as RuntimeNode;
    if (each.state !== NodeState.complete) setNodeState(ctx.tree, each, NodeState.complete);
  }
}
