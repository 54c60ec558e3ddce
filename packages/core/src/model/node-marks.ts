// Epochs for the per-node membership marks (`RuntimeNode.batchMark`, `pendingMark`, `resetMark`). One counter
// for the whole process: every list (of any engine or scheduler) gets an epoch no other list has, so a mark left
// by an abandoned list, or by another engine's list on the same node, never reads as membership of a new one.
let epoch = 0;

/** Largest epoch before the counter starts again at 1: stays a small integer (V8 stores it unboxed). */
const MAX_EPOCH = 2 ** 30 - 1;

/**
 * A new epoch for a transient node list: a node is in the list when its mark equals the epoch; taking a new epoch
 * empties the list without touching its nodes.
 *
 * @example
 * ```ts
 * let current = nextMarkEpoch();
 * if (node.pendingMark !== current) { node.pendingMark = current; list.push(node); }
 * ```
 */
export function nextMarkEpoch(): number {
  epoch = epoch >= MAX_EPOCH ? 1 : epoch + 1;
  return epoch;
}
